import Foundation
import Testing
import TinyTodo
import Wafer

/// The issue's scenario, played over real HTTP against the running service.
@Suite("TinyTodo scenario")
struct ScenarioTests {
    @Test("Owners, shares, nested teams and admins")
    func sharing() async throws {
        let service = try TestService()
        try await service.seedTeams()
        let andrew = try service.issuer.token(for: "andrew")
        let aaron = try service.issuer.token(for: "aaron")
        let kesha = try service.issuer.token(for: "kesha")
        let emina = try service.issuer.token(for: "emina")

        try await service.run { client in
            // andrew creates list 0 and adds two tasks.
            let created = try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Groceries"}"#)
            #expect(created.status == .created)
            #expect(try created.decode(TodoList.self) == TodoList(id: 0, owner: "andrew", title: "Groceries"))
            for title in ["milk", "bread"] {
                let added = try await client.send(.post, "/lists/0/tasks", token: andrew, json: #"{"title":"\#(title)"}"#)
                #expect(added.status == .created)
            }

            // He shares it with the team interns as reader.
            let shared = try await client.send(
                .post, "/lists/0/shares", token: andrew, json: #"{"team":"interns","role":"reader"}"#)
            #expect(shared.status == .noContent)

            // aaron, an intern, reads it...
            let read = try await client.send(.get, "/lists/0", token: aaron)
            #expect(read.status == .ok)
            let list = try read.decode(TodoController.ListWithTasks.self)
            #expect(list.tasks.map(\.title) == ["milk", "bread"])
            #expect(read.headers[.init("Server-Timing")!]?.hasPrefix("access;dur=") == true)

            // ...but may not toggle a task: the last policy, `deny if true`, matched.
            let toggled = try await client.send(.post, "/lists/0/tasks/1/toggle", token: aaron)
            #expect(toggled.status == .forbidden)
            let denial = try toggled.decode(Denial.self)
            #expect(denial.error == "forbidden")
            #expect(denial.policy?.kind == "deny")
            #expect(denial.policy?.policy == "deny if true")
            #expect(denial.failedChecks.isEmpty)

            // kesha is in temp, which contains interns, not in interns: she cannot read it.
            let kesharead = try await client.send(.get, "/lists/0", token: kesha)
            #expect(kesharead.status == .forbidden)

            // Membership is recursive: a list shared with temp as editor is writable by aaron, an intern.
            _ = try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Office"}"#)
            _ = try await client.send(.post, "/lists/1/shares", token: andrew, json: #"{"team":"temp","role":"editor"}"#)
            let aaronAdds = try await client.send(.post, "/lists/1/tasks", token: aaron, json: #"{"title":"coffee"}"#)
            #expect(aaronAdds.status == .created)
            let task = try aaronAdds.decode(TodoTask.self)
            let id = try #require(task.id)
            let edited = try await client.send(.patch, "/lists/1/tasks/\(id)", token: kesha, json: #"{"title":"tea"}"#)
            #expect(try edited.decode(TodoTask.self).title == "tea")
            let done = try await client.send(.post, "/lists/1/tasks/\(id)/toggle", token: kesha)
            #expect(try done.decode(TodoTask.self).isDone)
            // An editor may not share or delete: only the owner (or an admin) may.
            #expect(try await client.send(.delete, "/lists/1", token: kesha).status == .forbidden)
            #expect(try await client.send(
                .post, "/lists/1/shares", token: kesha, json: #"{"user":"kesha","role":"editor"}"#).status == .forbidden)
            #expect(try await client.send(.delete, "/lists/1/tasks/\(id)", token: kesha).status == .noContent)
            // A task is reached only through its own list.
            #expect(try await client.send(.post, "/lists/1/tasks/1/toggle", token: andrew).status == .notFound)

            // emina, an admin, reads and deletes list 0.
            #expect(try await client.send(.get, "/lists/0", token: emina).status == .ok)
            #expect(try await client.send(.delete, "/lists/0", token: emina).status == .noContent)
            #expect(try await client.send(.get, "/lists/0", token: andrew).status == .forbidden)
            #expect(try await client.send(.get, "/lists/0", token: emina).status == .notFound)
        }
    }

    @Test("An attenuated read-only token cannot add a task")
    func attenuatedToken() async throws {
        let service = try TestService()
        let andrew = try service.issuer.token(for: "andrew")
        let readOnly = try UnverifiedBiscuit(base64URL: andrew)
            .attenuated(withCode: #"check if operation("read"); check if list(0);"#).base64URLEncoded

        try await service.run { client in
            _ = try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Groceries"}"#)
            _ = try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Secrets"}"#)

            #expect(try await client.send(.get, "/lists/0", token: readOnly).status == .ok)
            let denied = try await client.send(.post, "/lists/0/tasks", token: readOnly, json: #"{"title":"x"}"#)
            #expect(denied.status == .forbidden)
            let denial = try denied.decode(Denial.self)
            #expect(denial.failedChecks == [.init(block: 1, index: 0, check: #"check if operation("read")"#)])
            #expect(denial.policy?.kind == "allow")  // the policy allowed andrew; the token's own check did not

            let otherList = try await client.send(.get, "/lists/1", token: readOnly)
            #expect(otherList.status == .forbidden)
            #expect(try otherList.decode(Denial.self).failedChecks == [.init(block: 1, index: 1, check: "check if list(0)")])
        }
    }

    @Test("Missing, garbage, foreign and expired tokens are refused")
    func refusedTokens() async throws {
        let service = try TestService()
        let andrew = try service.issuer.token(for: "andrew")
        let foreign = try TokenIssuer(rootKey: SigningKey(algorithm: .ed25519)).token(for: "andrew")
        let expired = try service.issuer.token(for: "andrew", expiry: Date(timeIntervalSinceNow: -60))
        let nobody = try Biscuit.make(rootKey: service.issuer.rootKey, code: #"right("read");"#).base64URLEncoded

        try await service.run { client in
            #expect(try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Groceries"}"#).status == .created)

            let missing = try await client.send(.get, "/lists/0")
            #expect(missing.status == .unauthorized)
            #expect(try missing.decode(Unauthorized.self).code == "missingToken")
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")

            let basic = try await client.send(.get, "/lists/0", authorization: "Basic YW5kcmV3OnB3")
            #expect(try basic.decode(Unauthorized.self).code == "malformedHeader")

            let garbage = try await client.send(.get, "/lists/0", token: "not a token!")
            #expect(garbage.status == .unauthorized)
            #expect(try garbage.decode(Unauthorized.self).code == "invalidBase64")

            let truncated = try await client.send(.get, "/lists/0", token: String(andrew.prefix(40)))
            #expect(truncated.status == .unauthorized)

            let other = try await client.send(.get, "/lists/0", token: foreign)
            #expect(other.status == .unauthorized)
            #expect(try other.decode(Unauthorized.self).code == "invalidSignature")

            let anonymous = try await client.send(.get, "/lists/0", token: nobody)
            #expect(try anonymous.decode(Unauthorized.self).code == "noUser")

            // An expired token is valid but fails its own expiry check: 403 naming that check.
            let late = try await client.send(.get, "/lists/0", token: expired)
            #expect(late.status == .forbidden)
            let denial = try late.decode(Denial.self)
            #expect(denial.failedChecks.count == 1)
            #expect(denial.failedChecks.first?.block == 0)
            #expect(denial.failedChecks.first?.check.hasPrefix("check if time($time), $time <= ") == true)

            #expect(try await client.send(.get, "/lists/0", token: andrew).status == .ok)
            #expect(try await client.send(.get, "/lists/zero", token: andrew).status == .badRequest)
        }
    }
}
