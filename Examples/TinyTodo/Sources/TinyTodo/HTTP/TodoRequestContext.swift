public import Hummingbird

/// The request context of TinyTodo's routes: Hummingbird's core storage plus the user that
/// ``BiscuitMiddleware`` found in the request's token.
public struct TodoRequestContext: RequestContext {
    /// Hummingbird's per-request storage (logger, route parameters, coders).
    public var coreContext: CoreRequestContextStorage
    /// The user the request's token names, once ``BiscuitMiddleware`` has allowed the request.
    public var user: String?

    /// Creates the context of a new request.
    ///
    /// - Parameter source: Where the request came from.
    public init(source: Source) {
        coreContext = .init(source: source)
        user = nil
    }

    /// The authorized user; throws 500 for a route that is not behind ``BiscuitMiddleware``, a programming error.
    func requireUser() throws -> String {
        guard let user else { throw HTTPError(.internalServerError, message: "this route is not behind BiscuitMiddleware") }
        return user
    }
}
