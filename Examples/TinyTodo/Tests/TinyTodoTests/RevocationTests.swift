import Foundation
import Hummingbird
import Testing
import TinyTodo
import Wafer

@Suite("TinyTodo: revocation under concurrent requests")
struct RevocationTests {
    @Test("revoking a token's id in the file refuses it (401 revoked) on the next requests, while others go on")
    func revokeWhileServing() async throws {
        let service = try TestService()
        let andrew = try service.issuer.token(for: "andrew")
        let readOnly = try UnverifiedBiscuit(base64URL: andrew).attenuated(withCode: #"check if operation("read");"#)
            .base64URLEncoded
        let revokedFile = URL(fileURLWithPath: service.databasePath).deletingLastPathComponent()
            .appendingPathComponent("revoked.txt")
        try "# nothing revoked yet\n".write(to: revokedFile, atomically: true, encoding: .utf8)
        let list = try RevocationList(contentsOf: revokedFile.path)

        try await service.run(revocationList: list) { client in
            #expect(try await client.send(.post, "/lists", token: andrew, json: #"{"title":"Groceries"}"#).status == .created)

            // Many requests at once, on the server's event loops: every one is allowed.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<24 {
                    group.addTask { try await client.send(.get, "/lists/0", token: index.isMultiple(of: 2) ? andrew : readOnly).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: .ok, count: 24))

            // Revoke the read-only copy's own block (block 1) while requests are in flight; the file's new date
            // makes the next request re-read it.
            let readOnlyID = try UnverifiedBiscuit(base64URL: readOnly).revocationIdentifiers[1]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<12 {
                    group.addTask { _ = try await client.send(.get, "/lists/0", token: andrew) }
                }
                try "\(Hex.encode(readOnlyID))\n".write(to: revokedFile, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes(
                    [.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: revokedFile.path)
                try await group.waitForAll()
            }

            let refused = try await client.send(.get, "/lists/0", token: readOnly)
            #expect(refused.status == .unauthorized)
            let body = try refused.decode(Unauthorized.self)
            #expect(body.code == "revoked")
            #expect(body.message.contains("block 1's revocation id \(Hex.encode(readOnlyID))"))
            // The parent token carries only the authority block: still allowed.
            #expect(try await client.send(.get, "/lists/0", token: andrew).status == .ok)
        }
    }
}
