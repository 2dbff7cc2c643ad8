import ArgumentParser

/// A failure the CLI reports in one line on standard error, with a documented exit code.
struct CLIFailure: Error {
    /// What went wrong, where, and how to fix it.
    var message: String
    /// The process's exit status.
    var exitCode: ExitCode

    /// Exit status 2: the input (a key, a token, a program) is malformed.
    static func invalidInput(_ message: String) -> CLIFailure {
        CLIFailure(message: message, exitCode: ExitCode(2))
    }

    /// Exit status 3: a file could not be read or written.
    static func fileProblem(_ message: String) -> CLIFailure {
        CLIFailure(message: message, exitCode: ExitCode(3))
    }
}
