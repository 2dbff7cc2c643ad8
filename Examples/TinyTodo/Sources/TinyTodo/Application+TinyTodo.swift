public import Hummingbird
public import Logging
public import Wafer

/// What the service needs to run.
public struct TinyTodoConfiguration: Sendable {
    /// Where the server listens.
    public var address: BindAddress
    /// The SQLite database file.
    public var databasePath: String
    /// The public key of the token issuer.
    public var rootKey: PublicKey
    /// The authorization policy.
    public var policy: TodoPolicy
    /// The revoked token ids, or `nil`.
    public var revocationList: RevocationList?

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - address: Where the server listens, such as `.hostname("127.0.0.1", port: 8080)`.
    ///   - databasePath: The SQLite database file, created if missing.
    ///   - rootKey: The public key of the token issuer.
    ///   - policy: The authorization policy.
    ///   - revocationList: The revoked token ids (re-read when its file changes), or `nil`.
    public init(
        address: BindAddress, databasePath: String, rootKey: PublicKey, policy: TodoPolicy,
        revocationList: RevocationList? = nil
    ) {
        self.address = address
        self.databasePath = databasePath
        self.rootKey = rootKey
        self.policy = policy
        self.revocationList = revocationList
    }
}

/// Builds the TinyTodo application: opens the store, guards each route with ``BiscuitMiddleware``.
///
/// - Parameters:
///   - configuration: Address, database, issuer key, policy.
///   - logger: The application's logger.
/// - Returns: The application, to run with `runService()` (or to test).
/// - Throws: ``TinyTodoError/Code/database`` when the database cannot be opened.
public func buildApplication(
    _ configuration: TinyTodoConfiguration, logger: Logger = Logger(label: "tinytodo")
) throws(TinyTodoError) -> some ApplicationProtocol {
    let store = try TodoStore(path: configuration.databasePath)
    let access = AccessControl(
        rootKey: configuration.rootKey, policy: configuration.policy, store: store,
        revocationList: configuration.revocationList)
    let router = Router(context: TodoRequestContext.self)
    TodoController(store: store).addRoutes(to: router, access: access)
    return Application(
        router: router, configuration: .init(address: configuration.address, serverName: "TinyTodo"), logger: logger)
}
