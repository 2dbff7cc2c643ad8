import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TinyTodo
import Wafer

/// A TinyTodo service for one test: a fresh SQLite file, a fresh issuer key, the real policy file.
struct TestService {
    /// The issuer of the service's tokens.
    let issuer = TokenIssuer(rootKey: SigningKey(algorithm: .ed25519))
    /// The SQLite file, in a fresh temporary directory.
    let databasePath: String

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tinytodo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        databasePath = directory.appendingPathComponent("todo.sqlite").path
    }

    /// The package's `policy.datalog`.
    static let policyPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("policy.datalog").path

    /// The service's store, to seed teams.
    func store() throws -> TodoStore { try TodoStore(path: databasePath) }

    /// Seeds the scenario's teams: aaron in interns, interns inside temp, kesha in temp, emina in admin.
    func seedTeams() async throws {
        let store = try store()
        try await store.addMember("aaron", toTeam: "interns")
        try await store.addSubteam("interns", to: "temp")
        try await store.addMember("kesha", toTeam: "temp")
        try await store.addMember("emina", toTeam: "admin")
    }

    /// Starts the service on an ephemeral loopback port, runs `body` with a client sending real HTTP requests
    /// to it, then stops it.
    ///
    /// - Parameters:
    ///   - revocationList: The service's revoked ids, or `nil`.
    ///   - body: The test, given a client.
    func run(revocationList: RevocationList? = nil, _ body: @Sendable (Client) async throws -> Void) async throws {
        let configuration = TinyTodoConfiguration(
            address: .hostname("127.0.0.1", port: 0), databasePath: databasePath, rootKey: issuer.publicKey,
            policy: try TodoPolicy(contentsOfFile: Self.policyPath), revocationList: revocationList)
        let app = try buildApplication(configuration)
        try await app.test(.live) { client in try await body(Client(client: client)) }
    }

    /// Sends JSON requests with a bearer token.
    struct Client: Sendable {
        let client: any TestClientProtocol

        /// Sends a request and returns the answer's status and body.
        ///
        /// - Parameters:
        ///   - method: The HTTP method.
        ///   - path: The path, such as `/lists/0`.
        ///   - token: The bearer token, or `nil` for no Authorization header.
        ///   - authorization: An Authorization header's value, instead of a token.
        ///   - json: The request's JSON body.
        func send(
            _ method: HTTPRequest.Method, _ path: String, token: String? = nil, authorization: String? = nil,
            json: String? = nil
        ) async throws -> Answer {
            var headers: HTTPFields = [:]
            if let token { headers[.authorization] = "Bearer \(token)" }
            if let authorization { headers[.authorization] = authorization }
            if json != nil { headers[.contentType] = "application/json" }
            let response = try await client.execute(
                uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
            return Answer(status: response.status, body: Data(response.body.readableBytesView), headers: response.headers)
        }
    }

    /// A response: status and body.
    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let body: Data
        let headers: HTTPFields

        /// The body decoded as JSON.
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            do {
                return try JSONDecoder().decode(type, from: body)
            } catch {
                throw DecodingFailure(message: "cannot decode \(type) from \(status) \(String(decoding: body, as: UTF8.self)): \(error)")
            }
        }
    }

    struct DecodingFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
