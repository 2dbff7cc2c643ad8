import ArgumentParser
import Foundation
import Wafer

/// The library's macaroon type; inside the CLI, `Macaroon` names the command.
typealias MacaroonToken = WaferMacaroons.Macaroon

/// `wafer macaroon`: libmacaroons-compatible macaroons (V1, V2, V2 JSON).
struct Macaroon: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mint, attenuate, discharge, bind, inspect and verify macaroons (libmacaroons-compatible).",
        discussion: """
            Tokens are read in any format (V1, V2 or JSON; base64 in either alphabet) and written in the format given \
            by --format, else in the format they were read in. A TOKEN argument of '-' is read from standard input. \
            Root keys live in files written by 'wafer macaroon keygen' (hex), never on the command line. \
            Example: wafer macaroon mint --key-file root.key --id key-1 --caveat 'account = 3735928559'
            """,
        subcommands: [
            MacaroonKeygen.self, MacaroonMint.self, MacaroonAttenuate.self, MacaroonAddThirdParty.self,
            MacaroonDischarge.self, MacaroonBind.self, MacaroonInspect.self, MacaroonVerify.self,
        ]
    )
}

/// The `--format` values.
enum MacaroonOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case v1, v2, v2json

    var format: MacaroonFormat {
        switch self {
        case .v1: return .v1
        case .v2: return .v2
        case .v2json: return .v2JSON
        }
    }
}

/// Reading and writing macaroons and macaroon keys for the commands.
enum MacaroonIO {
    /// Decodes a token argument (`-` for standard input) and the format it was in.
    static func read(_ argument: String, what: String = "token") throws(CLIFailure) -> (MacaroonToken, MacaroonFormat) {
        let text = argument == "-" ? try KeyFiles.readText("-", what: what) : argument
        let bytes = Array(text.utf8)
        do {
            let macaroon = try MacaroonToken(deserializing: bytes)
            let format = try MacaroonToken.detectFormat(of: bytes)
            return (macaroon, format == .v1JSON ? .v2JSON : format)
        } catch {
            throw .invalidInput("\(what): \(error.message)")
        }
    }

    /// The token as text in `format` (V1 and V2 base64url, V2 JSON as is).
    static func text(_ macaroon: MacaroonToken, _ format: MacaroonFormat) throws(CLIFailure) -> String {
        do {
            return try macaroon.serializedString(format)
        } catch {
            throw .invalidInput(error.message)
        }
    }

    /// Prints a macaroon in `format`, or with `json` one object: token, format, identifier, location, caveatCount.
    static func printToken(_ macaroon: MacaroonToken, _ format: MacaroonFormat, json: Bool) throws(CLIFailure) {
        let text = try self.text(macaroon, format)
        guard json else {
            print(text)
            return
        }
        printJSON([
            "token": text, "format": format.rawValue, "identifier": field(macaroon.identifier),
            "location": field(macaroon.location), "caveatCount": macaroon.caveats.count,
        ])
    }

    /// A macaroon field as text when it is UTF-8, else as `0x` and hex.
    static func field(_ bytes: [UInt8]) -> String {
        String(validating: bytes, as: UTF8.self) ?? "0x" + Hex.encode(bytes)
    }

    /// Reads a macaroon key file: hex text (any even length, at least 1 byte), surrounding whitespace ignored.
    static func readKey(_ path: String, _ permissions: KeyFilePermissions) throws(CLIFailure) -> SecretBytes {
        try KeyFiles.checkPermissions(of: path, permissions)
        let text = try KeyFiles.readText(path, what: "key file").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .invalidInput("key file '\(path)' is empty; expected the key in hex") }
        do {
            return try Hex.decodeSecret(text, what: "the macaroon key in '\(path)'")
        } catch {
            throw .invalidInput("key file '\(path)': \(error.message)")
        }
    }
}

/// `wafer macaroon keygen`: a fresh 32-byte root key, as hex, in a 0600 file.
struct MacaroonKeygen: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a 32-byte secret root key and write it, as hex, to a file (mode 0600).",
        discussion: "Example: wafer macaroon keygen --output root.key"
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write the key to (created with mode 0600).", valueName: "file"), completion: .file())
    var output: String

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    @Flag(help: "Print one JSON object: file, bytes (never the key).")
    var json = false

    func run() throws {
        let key = SecretBytes.random(count: 32)
        try KeyFiles.writeSecret(Hex.encode(key.exportBytes()) + "\n", to: output, replacing: force)
        if json { printJSON(["file": output, "bytes": 32]) }
    }
}

/// The options of `mint` and `discharge`, which both mint a macaroon: a discharge is a macaroon minted with
/// the caveat key under the caveat's identifier.
struct MacaroonMintOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The key file (hex): the root key, or for a discharge the caveat key.", valueName: "file"), completion: .file())
    var keyFile: String

    @OptionGroup var keyFilePermissions: KeyFilePermissions

    @Option(help: "The identifier: the macaroon's, or for a discharge the caveat's.")
    var id: String

    @Option(help: "The location hint.")
    var location: String = ""

    @Option(name: .customLong("caveat"), help: ArgumentHelp("A first-party caveat (repeatable).", valueName: "predicate"))
    var caveats: [String] = []

    @Option(help: "The output format.")
    var format: MacaroonOutputFormat = .v1

    @Flag(help: "Print one JSON object: token, format, identifier, location, caveatCount.")
    var json = false

    /// Mints the macaroon and prints it in the chosen format.
    func mintAndPrint() throws {
        var macaroon = MacaroonToken(rootKey: try MacaroonIO.readKey(keyFile, keyFilePermissions), identifier: id, location: location)
        for caveat in caveats { macaroon = macaroon.addingFirstPartyCaveat(caveat) }
        try MacaroonIO.printToken(macaroon, format.format, json: json)
    }
}

/// `wafer macaroon mint`.
struct MacaroonMint: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "mint",
        abstract: "Mint a macaroon from a root key, with optional first-party caveats.",
        discussion: "Example: wafer macaroon mint --key-file root.key --id key-1 --location https://svc.example/ --caveat 'account = 3735928559'"
    )

    @OptionGroup var options: MacaroonMintOptions

    var json: Bool { options.json }

    func run() throws {
        try options.mintAndPrint()
    }
}

/// `wafer macaroon attenuate`.
struct MacaroonAttenuate: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "attenuate",
        abstract: "Add first-party caveats to a macaroon.",
        discussion: "Example: wafer macaroon attenuate \"$TOKEN\" --caveat 'time < 2030-01-01T00:00:00Z'"
    )

    @Argument(help: "The macaroon ('-' for standard input).")
    var token: String

    @Option(name: .customLong("caveat"), help: ArgumentHelp("A first-party caveat (repeatable, at least one).", valueName: "predicate"))
    var caveats: [String] = []

    @Option(help: "The output format (default: the input's).")
    var format: MacaroonOutputFormat?

    @Flag(help: "Print one JSON object: token, format, identifier, location, caveatCount.")
    var json = false

    func validate() throws {
        guard !caveats.isEmpty else { throw ValidationError("give at least one --caveat") }
    }

    func run() throws {
        var (macaroon, inputFormat) = try MacaroonIO.read(token)
        for caveat in caveats { macaroon = macaroon.addingFirstPartyCaveat(caveat) }
        try MacaroonIO.printToken(macaroon, format?.format ?? inputFormat, json: json)
    }
}

/// `wafer macaroon add-third-party`.
struct MacaroonAddThirdParty: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "add-third-party",
        abstract: "Add a third-party caveat, sealed with a caveat key shared with the third party.",
        discussion: "Example: wafer macaroon add-third-party \"$TOKEN\" --location https://auth.example/ --caveat-key-file tp.key --id user-is-alice"
    )

    @Argument(help: "The macaroon ('-' for standard input).")
    var token: String

    @Option(help: "Where the third party is.")
    var location: String

    @Option(help: ArgumentHelp("The caveat key file (hex), shared with the third party.", valueName: "file"), completion: .file())
    var caveatKeyFile: String

    @OptionGroup var keyFilePermissions: KeyFilePermissions

    @Option(help: "The caveat identifier the third party recognises.")
    var id: String

    @Option(help: "The output format (default: the input's).")
    var format: MacaroonOutputFormat?

    @Flag(help: "Print one JSON object: token, format, identifier, location, caveatCount.")
    var json = false

    func run() throws {
        let (macaroon, inputFormat) = try MacaroonIO.read(token)
        let key = try MacaroonIO.readKey(caveatKeyFile, keyFilePermissions)
        let attenuated: MacaroonToken
        do {
            attenuated = try macaroon.addingThirdPartyCaveat(location: location, caveatKey: key, identifier: id)
        } catch {
            throw CLIFailure.invalidInput(error.message)
        }
        try MacaroonIO.printToken(attenuated, format?.format ?? inputFormat, json: json)
    }
}

/// `wafer macaroon discharge`.
struct MacaroonDischarge: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "discharge",
        abstract: "Mint a discharge macaroon for a third-party caveat (unbound: bind it with 'bind').",
        discussion: "Example: wafer macaroon discharge --key-file tp.key --id user-is-alice --caveat 'time < 2030-01-01T00:00:00Z'"
    )

    @OptionGroup var options: MacaroonMintOptions

    var json: Bool { options.json }

    func run() throws {
        try options.mintAndPrint()
    }
}

/// `wafer macaroon bind`.
struct MacaroonBind: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "bind",
        abstract: "Bind discharge macaroons to a macaroon for a request; prints one bound discharge per line.",
        discussion: "Example: wafer macaroon bind \"$TOKEN\" \"$DISCHARGE\""
    )

    @Argument(help: "The top-level macaroon ('-' for standard input).")
    var token: String

    @Argument(help: "The discharge macaroons.")
    var discharges: [String]

    @Flag(help: "Print one JSON object: discharges (the bound discharges, in order).")
    var json = false

    func validate() throws {
        guard !discharges.isEmpty else { throw ValidationError("give at least one discharge macaroon") }
    }

    func run() throws {
        let (macaroon, _) = try MacaroonIO.read(token)
        var bound: [String] = []
        for (index, argument) in discharges.enumerated() {
            let (discharge, format) = try MacaroonIO.read(argument, what: "discharge \(index + 1)")
            bound.append(try MacaroonIO.text(macaroon.binding(discharge), format))
        }
        if json {
            printJSON(["discharges": bound])
        } else {
            for discharge in bound { print(discharge) }
        }
    }
}

/// `wafer macaroon inspect`.
struct MacaroonInspect: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a macaroon's fields (the signature too: treat the output as secret).",
        discussion: "Example: wafer macaroon inspect \"$TOKEN\" --json"
    )

    @Argument(help: "The macaroon ('-' for standard input).")
    var token: String

    @Flag(help: "Print a JSON object: format, location, identifier, caveats, signature (hex), revocationId (the identifier in hex, for --revoked files).")
    var json = false

    func run() throws {
        let (macaroon, format) = try MacaroonIO.read(token)
        guard json else {
            print(macaroon.inspection)
            return
        }
        let field = MacaroonIO.field
        let caveats: [[String: String]] = macaroon.caveats.map { caveat in
            caveat.isThirdParty
                ? ["type": "third-party", "identifier": field(caveat.identifier), "location": field(caveat.location)]
                : ["type": "first-party", "predicate": field(caveat.identifier)]
        }
        let object: [String: Any] = [
            "format": format.rawValue, "location": field(macaroon.location), "identifier": field(macaroon.identifier),
            "caveats": caveats, "signature": Hex.encode(macaroon.signature.exportBytes()),
            "revocationId": Hex.encode(macaroon.identifier),
        ]
        printJSON(object)
    }
}

/// `wafer macaroon verify`.
struct MacaroonVerify: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a macaroon and its bound discharges against a root key.",
        discussion: """
            First-party caveats are satisfied by --satisfy predicates (exact match) or, for Datalog caveats ('check if \
            …', 'check all …', 'reject if …'), by the --fact facts and the --time fact. Exit status: 0 authorized; \
            1 unauthorized (the failing caveat is printed); 2 invalid input; 3 a file could not be read; 4 a Datalog \
            caveat could not be evaluated; 5 too many discharges (or attempts to match them). A macaroon whose \
            identifier, or a used discharge's, is in the --revoked file (hex identifiers) is unauthorized. \
            Example: wafer macaroon verify "$TOKEN" --key-file root.key --satisfy 'account = 3735928559' --time now
            """
    )

    @Argument(help: "The macaroon ('-' for standard input).")
    var token: String

    @Option(help: ArgumentHelp("The root key file (hex).", valueName: "file"), completion: .file())
    var keyFile: String

    @OptionGroup var keyFilePermissions: KeyFilePermissions

    @Option(name: .customLong("satisfy"), help: ArgumentHelp("An exact predicate the request satisfies (repeatable).", valueName: "predicate"))
    var predicates: [String] = []

    @Option(name: .customLong("fact"), help: ArgumentHelp("A Datalog fact for Datalog caveats (repeatable).", valueName: "fact"))
    var facts: [String] = []

    @Option(help: ArgumentHelp("Adds the fact time(<date>) for Datalog caveats: an RFC 3339 date or 'now'.", valueName: "rfc3339|now"))
    var time: String?

    @OptionGroup var clockSkew: ClockSkewOptions

    @OptionGroup var revocation: RevocationOptions

    @Option(name: .customLong("discharge"), help: ArgumentHelp("A bound discharge macaroon (repeatable).", valueName: "token"))
    var discharges: [String] = []

    @Flag(help: "Print one JSON object: outcome ('authorized' or 'unauthorized'), and the reason when unauthorized.")
    var json = false

    func run() throws {
        let (macaroon, _) = try MacaroonIO.read(token)
        var boundDischarges: [MacaroonToken] = []
        for (index, argument) in discharges.enumerated() {
            boundDischarges.append(try MacaroonIO.read(argument, what: "discharge \(index + 1)").0)
        }
        var verifier = Verifier()
        for predicate in predicates { verifier.satisfyExact(predicate) }
        for fact in facts {
            do {
                try verifier.addFact(fact)
            } catch {
                throw CLIFailure.invalidInput("--fact: \(error.message)")
            }
        }
        if let time {
            verifier.time = Date(timeIntervalSince1970: TimeInterval(try TimeArgument.secondsSince1970(time)))
        }
        verifier.clockSkewAllowance = clockSkew.allowance
        verifier.revocationList = try revocation.list()
        let key = try MacaroonIO.readKey(keyFile, keyFilePermissions)
        let result: VerificationResult
        do {
            result = try verifier.verify(macaroon, rootKey: key, discharges: boundDischarges)
        } catch {
            switch error.code {
            case .datalogEvaluationFailed: throw CLIFailure(message: error.message, exitCode: ExitCode(4))
            case .tooManyDischarges: throw CLIFailure(message: error.message, exitCode: ExitCode(5))
            default: throw CLIFailure.invalidInput(error.message)
            }
        }
        switch result {
        case .authorized:
            if json { printJSON(["outcome": "authorized"]) } else { print("authorized") }
        case .unauthorized(let failure):
            if json { printJSON(["outcome": "unauthorized", "reason": "\(failure)"]) } else { print("unauthorized: \(failure)") }
            throw ExitCode(1)
        }
    }
}
