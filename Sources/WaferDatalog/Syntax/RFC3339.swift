/// RFC 3339 dates: parsing text to seconds since the Unix epoch and printing them back, without Foundation.
///
/// Parsing follows what biscuit-rust accepts (the `time` crate's RFC 3339 format):
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, `T` and `Z` in either case, fractional seconds dropped
/// (the timestamp is floored to whole seconds), a leap second `:60` accepted only at 23:59 UTC and read as
/// `:59`. Dates before 1970-01-01T00:00:00Z have no Biscuit representation and are rejected.
enum RFC3339 {
    /// Days from 1970-01-01 to the given proleptic Gregorian date (negative before it).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of the given day count since 1970-01-01.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Why a date literal was rejected.
    enum Failure: Error {
        case malformed(String)
        case beforeEpoch
    }

    /// Parses a complete RFC 3339 date-time to seconds since the Unix epoch.
    ///
    /// - Parameter text: Exactly the literal's bytes.
    /// - Returns: The UTC timestamp in whole seconds.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) throws(Failure) -> UInt64 {
        var index = 0
        func digits(_ count: Int, _ what: String) throws(Failure) -> Int {
            var value = 0
            for _ in 0..<count {
                guard index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") else {
                    throw .malformed("expected \(count) digits for the \(what)")
                }
                value = value * 10 + Int(text[index] &- UInt8(ascii: "0"))
                index += 1
            }
            return value
        }
        func expect(_ byte: UInt8, _ alternative: UInt8? = nil, _ what: String) throws(Failure) {
            guard index < text.count, text[index] == byte || text[index] == alternative else {
                throw .malformed("expected \(what)")
            }
            index += 1
        }
        let year = try digits(4, "year")
        try expect(UInt8(ascii: "-"), nil, "'-' after the year")
        let month = try digits(2, "month")
        try expect(UInt8(ascii: "-"), nil, "'-' after the month")
        let day = try digits(2, "day")
        try expect(UInt8(ascii: "T"), UInt8(ascii: "t"), "'T' between the date and the time")
        let hour = try digits(2, "hour")
        try expect(UInt8(ascii: ":"), nil, "':' after the hour")
        let minute = try digits(2, "minute")
        try expect(UInt8(ascii: ":"), nil, "':' after the minute")
        var second = try digits(2, "second")
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
                index += 1
            }
            if index == fractionStart { throw .malformed("expected digits after the decimal point of the seconds") }
        }
        var offsetSeconds = 0
        guard index < text.count else { throw .malformed("expected 'Z' or an offset such as '+02:00' after the time") }
        switch text[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = text[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            let offsetHours = try digits(2, "offset hours")
            try expect(UInt8(ascii: ":"), nil, "':' in the offset")
            let offsetMinutes = try digits(2, "offset minutes")
            guard offsetHours <= 23, offsetMinutes <= 59 else { throw .malformed("the offset is out of range") }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        default:
            throw .malformed("expected 'Z' or an offset such as '+02:00' after the time")
        }
        guard index == text.count else { throw .malformed("unexpected characters after the date") }
        guard (1...12).contains(month) else { throw .malformed("the month must be 01 to 12") }
        guard day >= 1, day <= daysInMonth(year: year, month: month) else {
            throw .malformed("the day is out of range for the month")
        }
        guard hour <= 23 else { throw .malformed("the hour must be 00 to 23") }
        guard minute <= 59 else { throw .malformed("the minute must be 00 to 59") }
        guard second <= 60 else { throw .malformed("the second must be 00 to 59") }
        let localSeconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
        var timestamp = localSeconds - offsetSeconds
        if second == 60 {
            // A leap second is only meaningful as the last second of a UTC day.
            let utcSecondOfDay = ((timestamp % 86_400) + 86_400) % 86_400
            guard utcSecondOfDay == 23 * 3600 + 59 * 60 else {
                throw .malformed("a leap second must fall at 23:59:60 UTC")
            }
            second = 59
        }
        timestamp += second
        guard timestamp >= 0 else { throw .beforeEpoch }
        return UInt64(timestamp)
    }

    /// The largest timestamp whose year has four digits: 9999-12-31T23:59:59Z.
    static let maxPrintable: UInt64 = 253_402_300_799

    /// Writes `YYYY-MM-DDTHH:MM:SSZ` for a timestamp up to ``maxPrintable``.
    static func format(_ timestamp: UInt64, into output: inout String) {
        let seconds = Int(timestamp)
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        let (year, month, day) = civilFromDays(days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func put(_ value: Int, width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var remaining = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(remaining / divisor))
                remaining %= divisor
                divisor /= 10
            }
        }
        put(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        put(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        put(day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        put(secondOfDay / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        put(secondOfDay / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        put(secondOfDay % 60, width: 2)
        bytes.append(UInt8(ascii: "Z"))
        output += String(decoding: bytes, as: UTF8.self)
    }
}
