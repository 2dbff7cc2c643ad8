#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the run when a property of the code under test does not hold: the message goes to standard error and
/// the process aborts, which libFuzzer reports as a crash and saves the input under `artifacts/`.
///
/// `precondition` would do the same in a debug build but drops its message with `-O`; this keeps it.
public func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if condition() { return }
    var report = "property failed at \(file):\(line): \(message())\n"
    report.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    abort()
}

/// The fuzz input as bytes (libFuzzer passes a pointer that may be dangling when the count is 0).
public func inputBytes(_ start: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: start, count: count))
}

/// The input as text when it is valid UTF-8, else `nil` (the text APIs take `String`, and a lossy decode
/// would test the decoder's repairs rather than the parser).
public func inputText(_ bytes: [UInt8]) -> String? {
    String(validating: bytes, as: UTF8.self)
}
