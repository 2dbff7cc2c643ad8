import GRDB

/// A todo list: its owner may share it with users and teams.
public struct TodoList: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    /// The list's identifier, from 0; identifiers are never reused.
    public var id: Int64
    /// The user who created the list.
    public var owner: String
    /// The list's title.
    public var title: String

    /// The table holding lists.
    public static let databaseTableName = "list"

    /// Creates a list value.
    ///
    /// - Parameters:
    ///   - id: The list's identifier.
    ///   - owner: The user who created it.
    ///   - title: Its title.
    public init(id: Int64, owner: String, title: String) {
        self.id = id
        self.owner = owner
        self.title = title
    }
}

/// A task of a todo list.
public struct TodoTask: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    /// The task's identifier, unique across lists; `nil` before the task is inserted.
    public var id: Int64?
    /// The list the task belongs to.
    public var listID: Int64
    /// What is to be done.
    public var title: String
    /// Whether the task is done.
    public var isDone: Bool

    /// The table holding tasks.
    public static let databaseTableName = "task"

    /// Creates a task value.
    ///
    /// - Parameters:
    ///   - id: The task's identifier, `nil` before it is inserted.
    ///   - listID: The list it belongs to.
    ///   - title: What is to be done.
    ///   - isDone: Whether it is done.
    public init(id: Int64?, listID: Int64, title: String, isDone: Bool) {
        self.id = id
        self.listID = listID
        self.title = title
        self.isDone = isDone
    }

    enum CodingKeys: String, CodingKey {
        case id, title, isDone
        case listID = "listId"
    }

    /// Takes the identifier SQLite gave the inserted row.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// Whom a list is shared with: a user or a team.
public enum Grantee: Hashable, Sendable {
    /// A single user, by name.
    case user(String)
    /// Every member of a team, members of its sub-teams included.
    case team(String)
}

/// What a share lets its grantee do on a list.
public enum Role: String, Codable, Hashable, Sendable {
    /// May get the list and its tasks.
    case reader
    /// May also add, edit, toggle and remove tasks.
    case editor
}

/// A list shared with a user or a team, in a role.
public struct Share: Hashable, Sendable {
    /// The shared list.
    public var listID: Int64
    /// The user or team the list is shared with.
    public var grantee: Grantee
    /// The role granted.
    public var role: Role

    /// Creates a share.
    ///
    /// - Parameters:
    ///   - listID: The shared list.
    ///   - grantee: The user or team the list is shared with.
    ///   - role: The role granted.
    public init(listID: Int64, grantee: Grantee, role: Role) {
        self.listID = listID
        self.grantee = grantee
        self.role = role
    }
}

/// One edge of the team hierarchy: every member of `team` is a member of `parent`.
public struct Subteam: Hashable, Sendable {
    /// The nested team.
    public var team: String
    /// The team that contains it.
    public var parent: String
}

/// What the authorization policy needs to know about one request's list and user, read in one transaction.
public struct AccessSnapshot: Hashable, Sendable {
    /// The list's owner, or `nil` when the list does not exist or the request names no list.
    public var owner: String?
    /// The list's shares.
    public var shares: [Share]
    /// The teams the user belongs to directly.
    public var teams: [String]
    /// The whole team hierarchy (it is small; membership through it is derived by the policy's rules).
    public var subteams: [Subteam]
}
