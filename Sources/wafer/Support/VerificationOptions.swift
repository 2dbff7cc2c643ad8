import ArgumentParser
import Foundation
import Wafer

/// `--revoked FILE`: the revocation list that `authorize` and `macaroon verify` consult.
struct RevocationOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A file of revoked ids, one hex id per line ('#' comments): a Biscuit block's revocation id, or a macaroon's identifier. A token that carries one is refused (exit 1).",
            valueName: "file"),
        completion: .file())
    var revoked: String?

    /// The list, read from the file, or `nil` without `--revoked`.
    func list() throws(CLIFailure) -> RevocationList? {
        guard let revoked else { return nil }
        do {
            return try RevocationList(contentsOf: revoked)
        } catch {
            if error.code == .unreadableRevocationList { throw .fileProblem("--revoked: \(error.message)") }
            throw .invalidInput("--revoked: \(error.message)", code: error.code.name)
        }
    }
}

/// `--clock-skew SECONDS`: how far the clock that wrote a token's expiry may be behind this one.
struct ClockSkewOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Seconds the clock that wrote a token's expiry may be behind this one: the time(<t>) fact is moved back that much, so an expiry is honoured that much longer (and a not-before limit met that much later).",
            valueName: "seconds"))
    var clockSkew: UInt64 = 0

    func validate() throws {
        if clockSkew > 86_400 {
            throw ValidationError("--clock-skew is at most 86400 seconds (a day); a larger skew is a broken clock, not skew.")
        }
    }

    /// The allowance as a duration.
    var allowance: Duration { .seconds(clockSkew) }
}

/// The verifier's clock: `--time now` or an RFC 3339 date, in seconds since 1970.
enum TimeArgument {
    /// The moment `argument` names: `now` reads the system clock.
    static func secondsSince1970(_ argument: String) throws(CLIFailure) -> UInt64 {
        if argument == "now" { return UInt64(max(0, Date().timeIntervalSince1970)) }
        guard case .date(let seconds) = try? Term(parsing: argument) else {
            throw .invalidInput("--time '\(argument)' is not an RFC 3339 date (such as 2030-01-01T00:00:00Z) or 'now'")
        }
        return seconds
    }
}
