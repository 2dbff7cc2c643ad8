import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TinyTodo
import Wafer

/// `tinytodo`: runs the TinyTodo service, or seeds its teams.
@main
struct TinyTodoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tinytodo",
        abstract: "A todo-list service whose requests carry Biscuit tokens, verified and authorized with Wafer.",
        subcommands: [Serve.self, Team.self],
        defaultSubcommand: Serve.self
    )
}

/// The database option, shared by the subcommands.
struct DatabaseOption: ParsableArguments {
    @Option(help: ArgumentHelp("The SQLite database file (env TINYTODO_DATABASE).", valueName: "file"))
    var database: String = ProcessInfo.processInfo.environment["TINYTODO_DATABASE"] ?? "tinytodo.sqlite"
}

/// `tinytodo serve`: runs the service until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the service.",
        discussion: """
            Example: tinytodo serve --port 8080 --database todo.sqlite --issuer-key issuer.pub --policy policy.datalog
            """
    )

    @Option(help: ArgumentHelp("The address to listen on (env TINYTODO_HOST).", valueName: "host"))
    var host: String = ProcessInfo.processInfo.environment["TINYTODO_HOST"] ?? "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (env TINYTODO_PORT).", valueName: "port"))
    var port: Int = ProcessInfo.processInfo.environment["TINYTODO_PORT"].flatMap { Int($0) } ?? 8080

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp(
        "The issuer's public key file, as `wafer pubkey` writes it (env TINYTODO_ISSUER_KEY).", valueName: "file"))
    var issuerKey: String = ProcessInfo.processInfo.environment["TINYTODO_ISSUER_KEY"] ?? "issuer.pub"

    @Option(help: ArgumentHelp("The authorization policy file (env TINYTODO_POLICY).", valueName: "file"))
    var policy: String = ProcessInfo.processInfo.environment["TINYTODO_POLICY"] ?? "policy.datalog"

    @Option(help: ArgumentHelp(
        "A file of revoked token ids, one hex id per line, re-read when it changes (env TINYTODO_REVOKED).",
        valueName: "file"))
    var revoked: String? = ProcessInfo.processInfo.environment["TINYTODO_REVOKED"]

    func run() async throws {
        guard let keyText = FileManager.default.contents(atPath: issuerKey) else {
            throw ValidationError("cannot read the issuer's public key file '\(issuerKey)'")
        }
        let rootKey: PublicKey
        do {
            rootKey = try PublicKey(text: String(decoding: keyText, as: UTF8.self))
        } catch {
            throw ValidationError("'\(issuerKey)': \(error.message)")
        }
        var revocationList: RevocationList?
        if let revoked {
            do {
                revocationList = try RevocationList(contentsOf: revoked)
            } catch {
                throw ValidationError("--revoked: \(error.message)")
            }
        }
        let configuration = TinyTodoConfiguration(
            address: .hostname(host, port: port), databasePath: database.database, rootKey: rootKey,
            policy: try TodoPolicy(contentsOfFile: policy), revocationList: revocationList)
        try await buildApplication(configuration).runService()
    }
}

/// `tinytodo team`: seeds the team hierarchy, before or while the service runs.
struct Team: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage teams: add members and nest teams.",
        subcommands: [AddMember.self, AddSubteam.self]
    )

    /// `tinytodo team add-member TEAM USER`.
    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a user a member of a team.",
            discussion: "Example: tinytodo team add-member --database todo.sqlite admin emina")

        @OptionGroup var database: DatabaseOption
        @Argument(help: "The team.") var team: String
        @Argument(help: "The user.") var user: String

        func run() async throws {
            try await TodoStore(path: database.database).addMember(user, toTeam: team)
        }
    }

    /// `tinytodo team add-subteam TEAM PARENT`.
    struct AddSubteam: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nest a team in another: every member of TEAM becomes a member of PARENT.",
            discussion: "Example: tinytodo team add-subteam --database todo.sqlite interns temp")

        @OptionGroup var database: DatabaseOption
        @Argument(help: "The nested team.") var team: String
        @Argument(help: "The team that contains it.") var parent: String

        func run() async throws {
            try await TodoStore(path: database.database).addSubteam(team, to: parent)
        }
    }
}
