public import Wafer

/// What a request does, as the policy's `operation($op)` fact names it.
public enum Operation: String, Codable, Hashable, Sendable, CaseIterable {
    /// Create a list.
    case create
    /// Get a list and its tasks.
    case read
    /// Add, edit, toggle or remove a task.
    case write
    /// Share a list with a user or a team.
    case share
    /// Delete a list.
    case delete
}

/// A request as the authorization policy sees it: an operation, on a list and maybe one of its tasks.
public struct AccessRequest: Hashable, Sendable {
    /// What the request does.
    public var operation: Operation
    /// The list it is about; `nil` for ``Operation/create``.
    public var listID: Int64?
    /// The task it is about, for the routes of one task.
    public var taskID: Int64?

    /// Creates a request description.
    ///
    /// - Parameters:
    ///   - operation: What the request does.
    ///   - listID: The list it is about.
    ///   - taskID: The task it is about.
    public init(operation: Operation, listID: Int64? = nil, taskID: Int64? = nil) {
        self.operation = operation
        self.listID = listID
        self.taskID = taskID
    }

    /// The facts the service adds for this request by `user`: the request itself and what the store knows
    /// of its list and user (see `policy.datalog` for what each fact means).
    ///
    /// - Parameters:
    ///   - user: The user the token names.
    ///   - snapshot: The list's owner and shares, the user's teams, the team hierarchy.
    /// - Returns: Facts for the authorizer; the time is added separately.
    public func facts(user: String, snapshot: AccessSnapshot) -> [Fact] {
        var facts = [Fact("operation", [.string(operation.rawValue)])]
        if let listID {
            facts.append(Fact("list", [.integer(listID)]))
            if let owner = snapshot.owner { facts.append(Fact("owner", [.string(owner), .integer(listID)])) }
        }
        if let taskID { facts.append(Fact("task", [.integer(taskID)])) }
        for share in snapshot.shares {
            switch share.grantee {
            case .user(let name):
                facts.append(Fact("user_role", [.integer(share.listID), .string(name), .string(share.role.rawValue)]))
            case .team(let name):
                facts.append(Fact("team_role", [.integer(share.listID), .string(name), .string(share.role.rawValue)]))
            }
        }
        for team in snapshot.teams { facts.append(Fact("member", [.string(user), .string(team)])) }
        for edge in snapshot.subteams { facts.append(Fact("subteam", [.string(edge.team), .string(edge.parent)])) }
        return facts
    }
}
