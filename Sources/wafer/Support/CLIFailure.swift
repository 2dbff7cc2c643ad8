import ArgumentParser
import Foundation
import Wafer

/// A failure the CLI reports in one line on standard error, with a documented exit code.
///
/// Every error a command meets ends here: the library's errors are turned into one by ``init(_:)-(BiscuitError)``
/// and its siblings, and anything unexpected by ``init(unexpected:)``, so no raw error dump reaches a user.
struct CLIFailure: Error {
    /// What went wrong, where, and how to fix it.
    var message: String
    /// The process's exit status.
    var exitCode: ExitCode
    /// A short stable name for scripts: the library error's code (`invalidSignature`, `unexpectedToken`…) or
    /// the CLI's category (`invalidInput`, `fileProblem`).
    var code: String
    /// Where in a Datalog text the problem is, when it is a parse error.
    var location: SourceLocation?

    /// Creates a failure; without `code`, the category of the exit status names it.
    init(message: String, exitCode: ExitCode, code: String? = nil, location: SourceLocation? = nil) {
        self.message = message
        self.exitCode = exitCode
        self.location = location
        self.code = code ?? {
            switch exitCode.rawValue {
            case 1: return "denied"
            case 2: return "invalidInput"
            case 3: return "fileProblem"
            case 4: return "evaluation"
            case 5: return "runLimit"
            default: return "internal"
            }
        }()
    }

    /// Exit status 2: the input (a key, a token, a program) is malformed.
    static func invalidInput(_ message: String, code: String? = nil) -> CLIFailure {
        CLIFailure(message: message, exitCode: ExitCode(2), code: code)
    }

    /// Exit status 3: a file could not be read or written.
    static func fileProblem(_ message: String) -> CLIFailure {
        CLIFailure(message: message, exitCode: ExitCode(3))
    }

    /// A token error: 5 for a run limit, 4 for an evaluation error, 1 for a revoked token, 2 for everything
    /// else (a malformed token, key or Datalog, a failed signature).
    init(_ error: BiscuitError) {
        let status: Int32
        switch error.code {
        case .runLimit: status = 5
        case .execution: status = 4
        case .revoked: status = 1
        default: status = 2
        }
        self.init(
            message: "\(error.message) [\(error.code)]", exitCode: ExitCode(status), code: error.code.name,
            location: error.datalogError?.location)
    }

    /// A Datalog error of the program read from `source` (a file name, `<stdin>` or `--code`).
    init(_ error: DatalogError, source: String) {
        let place = error.location.map { "\(source), \($0): " } ?? "\(source): "
        self.init(
            message: "\(place)\(error.message) [\(error.code)]", exitCode: ExitCode(Self.exitStatus(for: error)),
            code: error.code.name, location: error.location)
    }

    /// The exit status of a Datalog error: 2 invalid program, 5 exceeded limit, 4 other evaluation errors.
    static func exitStatus(for error: DatalogError) -> Int32 {
        switch error.code {
        case .tooManyFacts, .tooManyIterations, .timeout: return 5
        case _ where error.location != nil: return 2
        case .invalidFact, .unsafeRule, .shadowedVariable, .tooManyBlocks, .duplicateBlockID: return 2
        default: return 4
        }
    }

    /// An error no command expected: exit status 70 and a message asking for a report, never a dump.
    init(unexpected error: any Error) {
        switch error {
        case let failure as CLIFailure:
            self = failure
        case let error as BiscuitError:
            self.init(error)
        case let error as DatalogError:
            self.init(error, source: "Datalog")
        case let error as MacaroonError:
            self.init(message: "\(error.message) [\(error.code)]", exitCode: ExitCode(2), code: error.code.name)
        case let error as CryptoError:
            self.init(message: "\(error.message) [\(error.code)]", exitCode: ExitCode(2), code: error.code.name)
        default:
            self.init(
                message: "unexpected failure (\(Self.reason(error))); this is a bug in wafer, please report it with the command you ran",
                exitCode: ExitCode(70), code: "internal")
        }
    }

    /// A one-line reason for a Foundation or system error: the POSIX message when there is one.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }

    /// The `--json` form: `{"outcome": "error", "error": {"code", "message", "exitCode", "line"?, "column"?}}`.
    var jsonObject: [String: Any] {
        var details: [String: Any] = ["code": code, "message": message, "exitCode": Int(exitCode.rawValue)]
        if let location {
            details["line"] = location.line
            details["column"] = location.column
        }
        return ["outcome": "error", "error": details]
    }
}

/// A command with a `--json` flag: its errors are printed as a JSON object on standard output as well.
protocol JSONReporting {
    /// Whether `--json` was given.
    var json: Bool { get }
}
