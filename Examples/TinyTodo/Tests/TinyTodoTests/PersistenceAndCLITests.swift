import Foundation
import Testing
import TinyTodo
import Wafer

@Suite("TinyTodo restart and CLI")
struct PersistenceAndCLITests {
    @Test("A restarted service on the same database finds its lists, tasks and shares again")
    func restart() async throws {
        let service = try TestService()
        try await service.seedTeams()
        let andrew = try service.issuer.token(for: "andrew")
        let aaron = try service.issuer.token(for: "aaron")

        try await service.run { client in
            _ = try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Groceries"}"#)
            _ = try await client.send(.post, "/lists/0/tasks", token: andrew, json: #"{"title":"milk"}"#)
            _ = try await client.send(.post, "/lists/0/tasks/1/toggle", token: andrew)
            _ = try await client.send(.post, "/lists/0/shares", token: andrew, json: #"{"user":"aaron","role":"reader"}"#)
        }
        // The first service is stopped; a new one opens the same SQLite file.
        try await service.run { client in
            let read = try await client.send(.get, "/lists/0", token: aaron)
            #expect(read.status == .ok)
            let list = try read.decode(TodoController.ListWithTasks.self)
            #expect(list.owner == "andrew")
            #expect(list.title == "Groceries")
            #expect(list.tasks == [TodoTask(id: 1, listID: 0, title: "milk", isDone: true)])
            let next = try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Office"}"#)
            #expect(try next.decode(TodoList.self).id == 1)
        }
    }

    @Test("A token attenuated offline with the wafer CLI is honoured, narrower")
    func attenuateWithCLI() async throws {
        let waferPath = try #require(
            ProcessInfo.processInfo.environment["WAFER_BIN"],
            """
            Set WAFER_BIN to the built wafer binary: run `swift build` at the repository's root, then \
            WAFER_BIN="$(swift build --show-bin-path)/wafer" swift test --disable-xctest in Examples/TinyTodo \
            (scripts/test.sh does this).
            """)
        let service = try TestService()
        let andrew = try service.issuer.token(for: "andrew")
        let readOnly = try run(waferPath, [
            "attenuate", andrew, "--code", #"check if operation("read"); check if list(0);"#, "--ttl", "1h",
        ])

        try await service.run { client in
            _ = try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Groceries"}"#)
            #expect(try await client.send(.get, "/lists/0", token: readOnly).status == .ok)
            let denied = try await client.send(.post, "/lists/0/tasks", token: readOnly, json: #"{"title":"x"}"#)
            #expect(denied.status == .forbidden)
            #expect(try denied.decode(Denial.self).failedChecks == [
                .init(block: 1, index: 0, check: #"check if operation("read")"#)
            ])
        }
    }

    /// Runs a program and returns its standard output, trimmed; fails the test when it exits non-zero.
    private func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(path) \(arguments.joined(separator: " ")) failed: \(errorText)")
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
