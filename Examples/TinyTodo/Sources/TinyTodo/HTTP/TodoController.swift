public import Hummingbird

/// TinyTodo's JSON routes, each behind a ``BiscuitMiddleware`` for its operation.
///
/// | Route | Operation | Body | Answer |
/// | --- | --- | --- | --- |
/// | `POST /lists` | create | `{"title"}` | 201, the list |
/// | `GET /lists/:list` | read | | the list with its tasks |
/// | `DELETE /lists/:list` | delete | | 204 |
/// | `POST /lists/:list/shares` | share | `{"user"}` or `{"team"}`, `"role"` | 204 |
/// | `POST /lists/:list/tasks` | write | `{"title"}` | 201, the task |
/// | `PATCH /lists/:list/tasks/:task` | write | `{"title"}` | the task |
/// | `POST /lists/:list/tasks/:task/toggle` | write | | the task |
/// | `DELETE /lists/:list/tasks/:task` | write | | 204 |
public struct TodoController: Sendable {
    /// Where the lists live.
    public let store: TodoStore

    /// Creates the routes' handler.
    ///
    /// - Parameter store: Where the lists live.
    public init(store: TodoStore) {
        self.store = store
    }

    /// Adds the routes to a router, each guarded by the middleware of its operation.
    ///
    /// - Parameters:
    ///   - router: The service's router.
    ///   - access: Verification and authorization.
    public func addRoutes(to router: Router<TodoRequestContext>, access: AccessControl) {
        func guarded(_ operation: Operation) -> RouterGroup<TodoRequestContext> {
            router.group().add(middleware: BiscuitMiddleware(operation: operation, access: access))
        }
        guarded(.create).post("lists", use: createList)
        guarded(.read).get("lists/:list", use: getList)
        guarded(.delete).delete("lists/:list", use: deleteList)
        guarded(.share).post("lists/:list/shares", use: shareList)
        guarded(.write)
            .post("lists/:list/tasks", use: addTask)
            .patch("lists/:list/tasks/:task", use: editTask)
            .post("lists/:list/tasks/:task/toggle", use: toggleTask)
            .delete("lists/:list/tasks/:task", use: removeTask)
    }

    // MARK: Bodies

    /// The body of `POST /lists`, `POST /lists/:list/tasks` and `PATCH /lists/:list/tasks/:task`.
    public struct TitleBody: Codable, Sendable {
        /// The new title.
        public var title: String
    }

    /// The body of `POST /lists/:list/shares`: exactly one of `user` and `team`, and a role.
    public struct ShareBody: Codable, Sendable {
        /// The user to share with.
        public var user: String?
        /// The team to share with.
        public var team: String?
        /// `"reader"` or `"editor"`.
        public var role: Role
    }

    /// A list with its tasks, as `GET /lists/:list` answers.
    public struct ListWithTasks: ResponseCodable, Sendable {
        /// The list's identifier.
        public var id: Int64
        /// The list's owner.
        public var owner: String
        /// The list's title.
        public var title: String
        /// The list's tasks, oldest first.
        public var tasks: [TodoTask]
    }

    // MARK: Handlers

    @Sendable func createList(request: Request, context: TodoRequestContext) async throws -> EditedResponse<TodoList> {
        let body = try await request.decode(as: TitleBody.self, context: context)
        let list = try await store.createList(owner: try context.requireUser(), title: try Self.title(body))
        return EditedResponse(status: .created, response: list)
    }

    @Sendable func getList(request: Request, context: TodoRequestContext) async throws -> ListWithTasks {
        let id = try context.parameters.require("list", as: Int64.self)
        guard let (list, tasks) = try await store.list(id) else { throw Self.noList(id) }
        return ListWithTasks(id: list.id, owner: list.owner, title: list.title, tasks: tasks)
    }

    @Sendable func deleteList(request: Request, context: TodoRequestContext) async throws -> HTTPResponse.Status {
        let id = try context.parameters.require("list", as: Int64.self)
        guard try await store.deleteList(id) else { throw Self.noList(id) }
        return .noContent
    }

    @Sendable func shareList(request: Request, context: TodoRequestContext) async throws -> HTTPResponse.Status {
        let id = try context.parameters.require("list", as: Int64.self)
        let body = try await request.decode(as: ShareBody.self, context: context)
        let grantee: Grantee
        switch (body.user, body.team) {
        case (let user?, nil) where !user.isEmpty: grantee = .user(user)
        case (nil, let team?) where !team.isEmpty: grantee = .team(team)
        default: throw HTTPError(.badRequest, message: "name exactly one of \"user\" and \"team\", not empty")
        }
        guard try await store.share(Share(listID: id, grantee: grantee, role: body.role)) else { throw Self.noList(id) }
        return .noContent
    }

    @Sendable func addTask(request: Request, context: TodoRequestContext) async throws -> EditedResponse<TodoTask> {
        let id = try context.parameters.require("list", as: Int64.self)
        let title = try Self.title(try await request.decode(as: TitleBody.self, context: context))
        guard let task = try await store.addTask(listID: id, title: title) else { throw Self.noList(id) }
        return EditedResponse(status: .created, response: task)
    }

    @Sendable func editTask(request: Request, context: TodoRequestContext) async throws -> TodoTask {
        let (listID, taskID) = try Self.taskPath(context)
        let title = try Self.title(try await request.decode(as: TitleBody.self, context: context))
        guard let task = try await store.updateTask(taskID, listID: listID, { $0.title = title }) else {
            throw Self.noTask(taskID, listID)
        }
        return task
    }

    @Sendable func toggleTask(request: Request, context: TodoRequestContext) async throws -> TodoTask {
        let (listID, taskID) = try Self.taskPath(context)
        guard let task = try await store.updateTask(taskID, listID: listID, { $0.isDone.toggle() }) else {
            throw Self.noTask(taskID, listID)
        }
        return task
    }

    @Sendable func removeTask(request: Request, context: TodoRequestContext) async throws -> HTTPResponse.Status {
        let (listID, taskID) = try Self.taskPath(context)
        guard try await store.removeTask(taskID, listID: listID) else { throw Self.noTask(taskID, listID) }
        return .noContent
    }

    // MARK: Helpers

    private static func title(_ body: TitleBody) throws -> String {
        let title = body.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw HTTPError(.badRequest, message: "\"title\" must not be empty") }
        return title
    }

    private static func taskPath(_ context: TodoRequestContext) throws -> (list: Int64, task: Int64) {
        (try context.parameters.require("list", as: Int64.self), try context.parameters.require("task", as: Int64.self))
    }

    private static func noList(_ id: Int64) -> HTTPError {
        HTTPError(.notFound, message: "there is no list \(id)")
    }

    private static func noTask(_ id: Int64, _ listID: Int64) -> HTTPError {
        HTTPError(.notFound, message: "list \(listID) has no task \(id)")
    }
}

extension TodoList: ResponseEncodable {}
extension TodoTask: ResponseEncodable {}
