import HTTPTypes
public import Hummingbird

/// Guards the routes added after it: verifies the request's Biscuit, authorizes the route's operation on the
/// list (and task) the path names, and answers 401 or 403 with a JSON body saying why, or passes the request
/// on with ``TodoRequestContext/user`` set.
///
/// Its 401 and 403 answers, and the answers its routes return, carry `Server-Timing: access;dur=<ms>`: the
/// time spent verifying the token, reading the store and running the authorizer. (An error a route throws,
/// such as a 404, becomes an answer further out, without it.)
public struct BiscuitMiddleware: RouterMiddleware {
    /// The context of TinyTodo's routes.
    public typealias Context = TodoRequestContext

    /// The route's operation.
    public let operation: Operation
    /// Verification and authorization.
    public let access: AccessControl

    /// Creates the middleware for the routes of one operation.
    ///
    /// - Parameters:
    ///   - operation: What the guarded routes do.
    ///   - access: Verification and authorization.
    public init(operation: Operation, access: AccessControl) {
        self.operation = operation
        self.access = access
    }

    /// Verifies and authorizes the request, then calls the route or answers 401/403.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let target = AccessRequest(
            operation: operation, listID: try context.identifier("list"), taskID: try context.identifier("task"))
        let clock = ContinuousClock()
        let start = clock.now
        let decision = try await access.decide(authorization: request.headers[.authorization], for: target)
        let timing = "access;dur=\(Self.milliseconds(clock.now - start))"

        var response: Response
        switch decision {
        case .allowed(let user):
            var context = context
            context.user = user
            response = try await next(request, context)
        case .unauthorized(let reason):
            response = try EditedResponse(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer"], response: reason)
                .response(from: request, context: context)
        case .forbidden(let denial):
            response = try EditedResponse(status: .forbidden, response: denial).response(from: request, context: context)
        }
        response.headers[Self.serverTiming] = timing
        return response
    }

    private static let serverTiming = HTTPField.Name("Server-Timing")!  // A valid field name: cannot fail.

    /// A duration in milliseconds, to the microsecond.
    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds * 1_000_000 + attoseconds / 1_000_000_000_000) / 1000
    }
}

extension Unauthorized: ResponseEncodable {}
extension Denial: ResponseEncodable {}

extension TodoRequestContext {
    /// The route parameter `name` as an identifier, `nil` when the route has none.
    ///
    /// - Throws: 400 when the parameter is not an integer.
    func identifier(_ name: String) throws -> Int64? {
        guard let text = parameters.get(name) else { return nil }
        guard let value = Int64(text) else {
            throw HTTPError(.badRequest, message: "'\(text)' is not a \(name) identifier (an integer)")
        }
        return value
    }
}
