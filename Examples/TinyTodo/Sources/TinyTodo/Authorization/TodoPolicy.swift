import Foundation
public import Wafer

/// The service's authorization policy: Datalog rules, facts, checks and policies read from a file
/// (`policy.datalog`), run with each request's token and facts.
public struct TodoPolicy: Sendable {
    /// The parsed policy.
    public let program: Program

    /// Parses a policy from Datalog text.
    ///
    /// - Parameter text: Facts, rules, checks and at least one `allow if` or `deny if` policy.
    /// - Throws: ``TinyTodoError/Code/invalidPolicy`` when the text does not parse or has no policy.
    public init(text: String) throws(TinyTodoError) {
        do {
            program = try Program(parsing: text)
        } catch {
            throw TinyTodoError(.invalidPolicy, "the policy is not valid Datalog: \(error)")
        }
        guard !program.policies.isEmpty else {
            throw TinyTodoError(.invalidPolicy, "the policy has no 'allow if' or 'deny if': every request would be denied")
        }
    }

    /// Reads and parses a policy file.
    ///
    /// - Parameter path: The file, such as `policy.datalog`.
    /// - Throws: ``TinyTodoError/Code/fileProblem`` when it cannot be read, else as ``init(text:)``.
    public init(contentsOfFile path: String) throws(TinyTodoError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TinyTodoError(.fileProblem, "cannot read the policy file '\(path)'")
        }
        do {
            try self.init(text: String(decoding: data, as: UTF8.self))
        } catch {
            throw TinyTodoError(.invalidPolicy, "\(path): \(error.message)")
        }
    }
}
