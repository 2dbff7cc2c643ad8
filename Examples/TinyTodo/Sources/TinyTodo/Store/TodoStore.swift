public import GRDB

/// The service's state in SQLite, through GRDB: lists, tasks, shares, teams.
///
/// Every method runs in one transaction, so a request sees a consistent state; a restarted service on the
/// same file finds everything again.
public struct TodoStore: Sendable {
    /// The database connection pool.
    public let database: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Parameter path: The SQLite file.
    /// - Throws: ``TinyTodoError/Code/database`` when the file cannot be opened or migrated.
    public init(path: String) throws(TinyTodoError) {
        do {
            database = try DatabasePool(path: path)
            try Self.migrator.migrate(database)
        } catch {
            throw TinyTodoError(.database, "cannot open the database '\(path)': \(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "list") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("owner", .text).notNull()
                table.column("title", .text).notNull()
            }
            try db.create(table: "task") { table in
                table.autoIncrementedPrimaryKey("id")
                table.belongsTo("list", onDelete: .cascade).notNull()
                table.column("title", .text).notNull()
                table.column("isDone", .boolean).notNull()
            }
            try db.create(table: "share") { table in
                table.belongsTo("list", onDelete: .cascade).notNull()
                table.column("kind", .text).notNull().check { ["user", "team"].contains($0) }
                table.column("name", .text).notNull()
                table.column("role", .text).notNull().check { ["reader", "editor"].contains($0) }
                table.primaryKey(["listId", "kind", "name"])
            }
            try db.create(table: "membership") { table in
                table.column("team", .text).notNull()
                table.column("user", .text).notNull()
                table.primaryKey(["team", "user"])
            }
            try db.create(table: "subteam") { table in
                table.column("team", .text).notNull()
                table.column("parent", .text).notNull()
                table.primaryKey(["team", "parent"])
            }
        }
        return migrator
    }

    // MARK: Lists

    /// Creates a list owned by `owner`.
    ///
    /// Identifiers start at 0 and are never reused, even after a deletion (SQLite's AUTOINCREMENT sequence
    /// remembers the largest ever given), so a token narrowed to `list(0)` never comes to name another list.
    ///
    /// - Returns: The new list, with its identifier.
    public func createList(owner: String, title: String) async throws -> TodoList {
        try await database.write { db in
            let id = try Int64.fetchOne(db, sql: "SELECT seq + 1 FROM sqlite_sequence WHERE name = 'list'") ?? 0
            let list = TodoList(id: id, owner: owner, title: title)
            try list.insert(db)
            return list
        }
    }

    /// The list `id` and its tasks in insertion order, or `nil` when there is no such list.
    public func list(_ id: Int64) async throws -> (list: TodoList, tasks: [TodoTask])? {
        try await database.read { db in
            guard let list = try TodoList.fetchOne(db, key: id) else { return nil }
            let tasks = try TodoTask.fetchAll(db, sql: "SELECT * FROM task WHERE listId = ? ORDER BY id", arguments: [id])
            return (list, tasks)
        }
    }

    /// Deletes the list `id` with its tasks and shares.
    ///
    /// - Returns: Whether there was such a list.
    public func deleteList(_ id: Int64) async throws -> Bool {
        try await database.write { db in try TodoList.deleteOne(db, key: id) }
    }

    /// Shares a list with a user or a team, replacing the role of an earlier share with the same grantee.
    ///
    /// - Returns: Whether the list exists.
    public func share(_ share: Share) async throws -> Bool {
        try await database.write { db in
            guard try TodoList.exists(db, key: share.listID) else { return false }
            let (kind, name) = switch share.grantee {
            case .user(let name): ("user", name)
            case .team(let name): ("team", name)
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO share (listId, kind, name, role) VALUES (?, ?, ?, ?)",
                arguments: [share.listID, kind, name, share.role.rawValue])
            return true
        }
    }

    // MARK: Tasks

    /// Adds a task, not done, to the list `listID`.
    ///
    /// - Returns: The new task, or `nil` when there is no such list.
    public func addTask(listID: Int64, title: String) async throws -> TodoTask? {
        try await database.write { db in
            guard try TodoList.exists(db, key: listID) else { return nil }
            var task = TodoTask(id: nil, listID: listID, title: title, isDone: false)
            try task.insert(db)
            return task
        }
    }

    /// Changes a task of the list `listID`.
    ///
    /// - Parameters:
    ///   - id: The task.
    ///   - listID: The list it must belong to.
    ///   - change: Edits the task in place.
    /// - Returns: The changed task, or `nil` when the list has no such task.
    public func updateTask(
        _ id: Int64, listID: Int64, _ change: @escaping @Sendable (inout TodoTask) -> Void
    ) async throws -> TodoTask? {
        try await database.write { db in
            guard var task = try Self.task(id, listID: listID, db) else { return nil }
            change(&task)
            try task.update(db)
            return task
        }
    }

    /// Removes a task of the list `listID`.
    ///
    /// - Returns: Whether the list had such a task.
    public func removeTask(_ id: Int64, listID: Int64) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM task WHERE id = ? AND listId = ?", arguments: [id, listID])
            return db.changesCount > 0
        }
    }

    private static func task(_ id: Int64, listID: Int64, _ db: Database) throws -> TodoTask? {
        try TodoTask.fetchOne(db, sql: "SELECT * FROM task WHERE id = ? AND listId = ?", arguments: [id, listID])
    }

    // MARK: Teams

    /// Makes `user` a direct member of `team`.
    public func addMember(_ user: String, toTeam team: String) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO membership (team, user) VALUES (?, ?)", arguments: [team, user])
        }
    }

    /// Nests `team` in `parent`: every member of `team` becomes a member of `parent`.
    public func addSubteam(_ team: String, to parent: String) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO subteam (team, parent) VALUES (?, ?)", arguments: [team, parent])
        }
    }

    // MARK: Authorization

    /// What the policy needs for a request by `user` about the list `listID`: the list's owner and shares,
    /// the user's direct teams and the team hierarchy.
    public func accessSnapshot(user: String, listID: Int64?) async throws -> AccessSnapshot {
        try await database.read { db in
            var snapshot = AccessSnapshot(owner: nil, shares: [], teams: [], subteams: [])
            if let listID {
                snapshot.owner = try String.fetchOne(db, sql: "SELECT owner FROM list WHERE id = ?", arguments: [listID])
                let rows = try Row.fetchAll(db, sql: "SELECT kind, name, role FROM share WHERE listId = ?", arguments: [listID])
                snapshot.shares = rows.compactMap { row in
                    guard let role = Role(rawValue: row["role"]) else { return nil }
                    let name: String = row["name"]
                    let kind: String = row["kind"]
                    return Share(listID: listID, grantee: kind == "team" ? .team(name) : .user(name), role: role)
                }
            }
            snapshot.teams = try String.fetchAll(db, sql: "SELECT team FROM membership WHERE user = ?", arguments: [user])
            snapshot.subteams = try Row.fetchAll(db, sql: "SELECT team, parent FROM subteam").map {
                Subteam(team: $0["team"], parent: $0["parent"])
            }
            return snapshot
        }
    }
}
