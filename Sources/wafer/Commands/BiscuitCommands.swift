import ArgumentParser
import Foundation
import Wafer

/// Reads a token given as text, a file holding the text or the bytes, or '-' for standard input.
enum TokenInput {
    static func read(_ argument: String) throws(CLIFailure) -> UnverifiedBiscuit {
        var raw: Data?
        if argument == "-" {
            raw = try KeyFiles.readStandardInput(what: "token")
        } else if FileManager.default.fileExists(atPath: argument) {
            raw = try KeyFiles.readFile(argument, what: "token file")
        } else if argument.contains("/") || argument.contains(".") {
            // Neither character is in the URL-safe base64 alphabet: this was meant as a file name.
            throw .fileProblem("cannot read token file '\(argument)': no such file")
        }
        do {
            guard let raw else { return try UnverifiedBiscuit(base64URL: argument) }
            if let text = String(data: raw, encoding: .utf8),
                text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_=:\n\r\t ".contains($0)) })
            {
                return try UnverifiedBiscuit(base64URL: text)
            }
            return try UnverifiedBiscuit(bytes: [UInt8](raw))
        } catch {
            throw .invalidInput(
                "the token cannot be read: \(error.message) [\(error.code)]; give the token's base64 text, a file holding it, or '-' for standard input",
                code: error.code.name)
        }
    }

    /// Reads Datalog from `--code`, a file or '-'.
    static func source(code: String?, file: String?, what: String = "Datalog file") throws(CLIFailure) -> String {
        if let code { return code }
        guard let file else { throw .invalidInput("give the Datalog as a file, '-' for standard input, or --code TEXT") }
        return try KeyFiles.readText(file, what: what)
    }

    /// Parses `NAME=VALUE` parameters. A VALUE that is a Datalog literal — an integer, `true`/`false`, an RFC 3339
    /// date, `hex:…` bytes, a quoted string, a set, an array or a map — is that term; anything else is a string.
    static func parameters(_ items: [String]) throws(CLIFailure) -> DatalogParameters {
        var values: [String: DatalogParameters.Value] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw .invalidInput("parameter '\(item)' is not NAME=VALUE")
            }
            let name = String(item[..<equals])
            let value = String(item[item.index(after: equals)...])
            if let term = try? Term(parsing: value), term.isGround {
                values[name] = .term(term)
            } else {
                values[name] = .term(.string(value))
            }
        }
        return DatalogParameters(values)
    }

    /// The expiry check a `--ttl` adds: `check if time($time), $time <= <expiry>`.
    ///
    /// - Parameter ttl: A duration (`90s`, `30m`, `12h`, `7d`) from now, or an RFC 3339 date.
    static func expiryCheck(ttl: String, now: Date = Date()) throws(CLIFailure) -> String {
        let units: [(Character, Double)] = [("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)]
        var expiry: String?
        if let unit = ttl.last, let scale = units.first(where: { $0.0 == unit })?.1, let amount = Double(ttl.dropLast()),
            amount > 0, amount * scale < 100 * 365 * 86_400
        {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            expiry = formatter.string(from: now.addingTimeInterval(amount * scale))
        } else if (try? Term(parsing: ttl)).map({ if case .date = $0 { return true } else { return false } }) == true {
            expiry = ttl
        }
        guard let expiry else {
            throw .invalidInput("--ttl '\(ttl)' is neither a duration (90s, 30m, 12h, 7d) nor an RFC 3339 date")
        }
        return "\ncheck if time($time), $time <= \(expiry);\n"
    }

    /// The root public key from `--public-key` (text or a file) or `--public-key-file`.
    static func publicKey(_ text: String?, file: String?) throws(CLIFailure) -> PublicKey? {
        if let file {
            let contents = try KeyFiles.readText(file, what: "public key file")
            do {
                return try PublicKey(text: contents)
            } catch {
                throw .invalidInput("public key file '\(file)': \(error.message)")
            }
        }
        return try text.map { (argument) throws(CLIFailure) in try readPublicKey(argument) }
    }

    /// A public key given as its text form, or as a file holding it.
    private static func readPublicKey(_ argument: String) throws(CLIFailure) -> PublicKey {
        if let key = try? PublicKey(text: argument) { return key }
        let text = try KeyFiles.readText(argument, what: "public key file")
        do {
            return try PublicKey(text: text.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw .invalidInput("public key '\(argument)': \(error.message)")
        }
    }

    static func failure(_ error: BiscuitError) -> CLIFailure {
        CLIFailure(error)
    }
}

/// `wafer mint`: creates a token from an authority block.
struct BiscuitMint: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "mint",
        abstract: "Mint a Biscuit token from an authority block's Datalog, signed with a root private key.",
        discussion: """
            Prints the token as URL-safe base64. Exit codes: 0 minted; 2 invalid key or Datalog; 3 a file \
            cannot be read.

            Example: wafer mint --key root.key --code 'user("alice"); right("file1", "read");'
            Example: wafer mint --key root.key --ttl 1h authority.dl --json
            """
    )

    @Option(help: ArgumentHelp("The root private key file; '-' reads standard input.", valueName: "file"), completion: .file())
    var key: String

    @OptionGroup var keyFilePermissions: KeyFilePermissions

    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter of the Datalog, NAME=VALUE (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(help: ArgumentHelp("A root key id to store in the token.", valueName: "id"))
    var rootKeyId: UInt32?

    @Option(help: ArgumentHelp("Add an expiry check: a duration from now (90s, 30m, 12h, 7d) or an RFC 3339 date.", valueName: "ttl"))
    var ttl: String?

    @Argument(help: ArgumentHelp("The authority block's Datalog file; '-' reads standard input.", valueName: "file"), completion: .file())
    var file: String?

    @Option(help: ArgumentHelp("The authority block's Datalog, instead of a file.", valueName: "datalog"))
    var code: String?

    @Flag(help: "Print one JSON object: token, revocationIds (hex, one per block), blockCount, sealed.")
    var json = false

    func validate() throws {
        if (file == nil) == (code == nil) {
            throw ValidationError("Give the Datalog as a file, '-' for standard input, or --code TEXT (one of them).")
        }
        if file == "-" && key == "-" {
            throw ValidationError("Only one of the key and the Datalog can come from standard input.")
        }
    }

    func run() throws {
        let rootKey = try KeyFiles.readSigningKey(key, keyFilePermissions)
        let source = try TokenInput.source(code: code, file: file) + (try ttl.map { (ttl) throws(CLIFailure) in try TokenInput.expiryCheck(ttl: ttl) } ?? "")
        do {
            let biscuit = try Biscuit.make(
                rootKey: rootKey, code: source, parameters: TokenInput.parameters(parameters), rootKeyID: rootKeyId)
            printToken(biscuit, json: json)
        } catch let error as BiscuitError {
            throw TokenInput.failure(error)
        }
    }
}

/// `wafer attenuate`: appends a block to a token.
struct BiscuitAttenuate: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "attenuate",
        abstract: "Append a block of checks to a token (no key needed: the token carries the next secret).",
        discussion: """
            The token is not verified (attenuating needs no root key). Prints the new token. Exit codes: 0 done; \
            2 invalid token or Datalog, or a sealed token; 3 a file cannot be read.

            Example: wafer attenuate "$TOKEN" --ttl 1h --code 'check if operation("read");'
            """
    )

    @Argument(help: ArgumentHelp("The token: text, a file, or '-' for standard input.", valueName: "token"))
    var token: String

    @Argument(help: ArgumentHelp("The block's Datalog file.", valueName: "file"), completion: .file())
    var file: String?

    @Option(help: ArgumentHelp("The block's Datalog, instead of a file.", valueName: "datalog"))
    var code: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter of the Datalog, NAME=VALUE (repeatable).", valueName: "name=value"))
    var parameters: [String] = []

    @Option(help: ArgumentHelp("Add an expiry check: a duration from now (90s, 30m, 12h, 7d) or an RFC 3339 date.", valueName: "ttl"))
    var ttl: String?

    @Flag(help: "Seal the token after appending the block (no block can be appended any more).")
    var seal = false

    @Flag(help: "Print one JSON object: token, revocationIds (hex, one per block), blockCount, sealed.")
    var json = false

    func validate() throws {
        if file != nil && code != nil || file == nil && code == nil && ttl == nil {
            throw ValidationError("Give the block as a file or --code TEXT (one of them), or only --ttl.")
        }
    }

    func run() throws {
        let unverified = try TokenInput.read(token)
        let datalog = file == nil && code == nil ? "" : try TokenInput.source(code: code, file: file)
        let source = datalog + (try ttl.map { (ttl) throws(CLIFailure) in try TokenInput.expiryCheck(ttl: ttl) } ?? "")
        do {
            var biscuit = try unverified.attenuated(withCode: source, parameters: TokenInput.parameters(parameters))
            if seal { biscuit = try biscuit.sealed() }
            printToken(biscuit, json: json)
        } catch let error as BiscuitError {
            throw TokenInput.failure(error)
        }
    }
}

/// `wafer inspect`: prints a token's blocks without verifying it.
struct BiscuitInspect: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a token's blocks (Datalog, symbols, versions, keys, revocation ids), unverified.",
        discussion: """
            Nothing printed is authenticated unless --public-key is given, which also verifies the signatures. \
            --graph prints the block chain as a Graphviz DOT digraph instead: the root key, each block (index, \
            revocation id, a summary of its Datalog), the next key each block names, the third parties that \
            signed blocks, what each block trusts, and the seal; render it with 'dot -Tsvg'. Exit codes: 0 read \
            (and verified); 2 invalid token or failed verification; 3 a file cannot be read.

            Example: wafer inspect "$TOKEN" --json
            Example: wafer inspect "$TOKEN" --public-key-file root.pub --graph | dot -Tsvg > token.svg
            """
    )

    @Argument(help: ArgumentHelp("The token: text, a file, or '-' for standard input.", valueName: "token"))
    var token: String

    @Option(help: ArgumentHelp("The root public key (text form or a file) to verify the token with.", valueName: "key"))
    var publicKey: String?

    @Option(help: ArgumentHelp("A file holding the root public key (text form or PEM).", valueName: "file"), completion: .file())
    var publicKeyFile: String?

    @Flag(help: "Print one JSON object: rootKeyId, sealed, verified, blocks.")
    var json = false

    @Flag(help: "Print the block chain as a Graphviz DOT digraph.")
    var graph = false

    func validate() throws {
        if publicKey != nil && publicKeyFile != nil {
            throw ValidationError("Give the public key with --public-key or --public-key-file, not both.")
        }
        if json && graph {
            throw ValidationError("Give --json or --graph, not both.")
        }
    }

    func run() throws {
        let unverified = try TokenInput.read(token)
        let rootKey = try TokenInput.publicKey(publicKey, file: publicKeyFile)
        let verified = rootKey != nil
        let blocks: [BiscuitBlock]
        do {
            if let rootKey {
                blocks = try unverified.verify(rootKey: rootKey).blocks
            } else {
                blocks = try unverified.unverifiedBlocks()
            }
        } catch {
            throw CLIFailure(error)
        }
        if graph {
            let chain = TokenGraph(
                rootKey: rootKey, isVerified: verified, isSealed: unverified.isSealed, blocks: blocks,
                nextKeys: unverified.nextKeys)
            print(chain.dot, terminator: "")
            return
        }
        if json {
            var object: [String: Any] = [
                "sealed": unverified.isSealed,
                "blocks": blocks.map { block -> [String: Any] in
                    [
                        "index": block.index, "code": block.code, "symbols": block.symbols,
                        "publicKeys": block.publicKeys.map { "\($0.algorithm.rawValue)/\(Hex.encode($0.bytes))" },
                        "externalKey": block.externalKey?.description ?? NSNull(), "version": block.version,
                        "signatureVersion": block.signatureVersion,
                        "revocationId": Hex.encode(block.revocationIdentifier),
                        "context": block.context ?? NSNull(),
                    ]
                },
            ]
            object["rootKeyId"] = unverified.rootKeyID.map { $0 as Any } ?? NSNull()
            object["verified"] = verified
            printJSON(object)
            return
        }
        print("root key id: \(unverified.rootKeyID.map(String.init) ?? "none")")
        print("sealed: \(unverified.isSealed)")
        print("verified: \(verified ? "yes" : "no (pass --public-key to verify)")")
        for block in blocks {
            print()
            print("block \(block.index) (version \(block.version), signature version \(block.signatureVersion))")
            print("revocation id: \(Hex.encode(block.revocationIdentifier))")
            if let external = block.externalKey { print("third-party block signed by \(external)") }
            if !block.symbols.isEmpty { print("symbols: \(block.symbols)") }
            if let context = block.context { print("context: \(context)") }
            print(block.code, terminator: "")
        }
    }
}

/// `wafer authorize`: verifies a token and runs an authorizer over it.
struct BiscuitAuthorize: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "authorize",
        abstract: "Verify a token with a root public key and authorize it with the service's Datalog.",
        discussion: """
            Exit codes: 0 allowed; 1 denied, or revoked (--revoked); 2 invalid token, key or Datalog, or a \
            failed signature; 3 a file cannot be read; 4 evaluation failed; 5 a run limit was exceeded.

            Example: wafer authorize "$TOKEN" --public-key ed25519/… --code 'operation("read"); allow if true;' --time now
            """
    )

    @Argument(help: ArgumentHelp("The token: text, a file, or '-' for standard input.", valueName: "token"))
    var token: String

    @OptionGroup var rootKey: RootKeyOptions

    @OptionGroup var authorizerOptions: AuthorizerOptions

    @OptionGroup var revocation: RevocationOptions

    @Flag(help: "Print one JSON object: outcome, policy, failed checks, revocation ids.")
    var json = false

    private static func authorize(
        _ unverified: UnverifiedBiscuit, rootKey: PublicKey, revocationList: RevocationList?, program: Program,
        limits: RunLimits
    ) throws(CLIFailure) -> (Biscuit, AuthorizationResult) {
        do {
            let biscuit = try unverified.verify(rootKey: rootKey, revocationList: revocationList)
            return (biscuit, try Authorizer(biscuit: biscuit, program: program, limits: limits).authorize())
        } catch {
            throw TokenInput.failure(error)
        }
    }

    func run() throws {
        let unverified = try TokenInput.read(token)
        let rootKey = try self.rootKey.key()
        let program = try authorizerOptions.program()
        let (biscuit, result) = try Self.authorize(
            unverified, rootKey: rootKey, revocationList: try revocation.list(), program: program,
            limits: authorizerOptions.runLimits.limits)
        if json {
            var object: [String: Any] = [
                "outcome": result.isAllowed ? "allow" : "deny",
                "revocationIds": biscuit.revocationIdentifiers.map { Hex.encode($0) },
            ]
            switch result {
            case .allowed(let index):
                object["policy"] = ["kind": "allow", "index": index]
                object["failedChecks"] = [Any]()
            case .denied(let policy, let failedChecks):
                object["policy"] = policy.map { ["kind": $0.kind == .allow ? "allow" : "deny", "index": $0.index] } ?? NSNull()
                object["failedChecks"] = failedChecks.map(DatalogReport.checkObject)
            }
            printJSON(object)
            if !result.isAllowed { throw ExitCode(1) }
            return
        }
        switch result {
        case .allowed(let index):
            print("allow: policy \(index)")
        case .denied(let policy, let failedChecks):
            if let policy {
                print("deny: \(policy.kind == .allow ? "allow" : "deny") policy \(policy.index) matched")
            } else {
                print("deny: no policy matched")
            }
            for failed in failedChecks { print("failed \(DatalogReport.describe(failed))") }
            throw ExitCode(1)
        }
    }
}


/// `wafer seal`: seals a token so that no block can be appended.
struct BiscuitSeal: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Seal a token: no block can be appended to it any more.",
        discussion: """
            Exit codes: 0 done; 2 invalid or already sealed token; 3 a file cannot be read.

            Example: wafer seal "$TOKEN"
            """
    )

    @Argument(help: ArgumentHelp("The token: text, a file, or '-' for standard input.", valueName: "token"))
    var token: String

    @Flag(help: "Print one JSON object: token, revocationIds (hex, one per block), blockCount, sealed.")
    var json = false

    func run() throws {
        let unverified = try TokenInput.read(token)
        do {
            printToken(try unverified.sealed(), json: json)
        } catch {
            throw TokenInput.failure(error)
        }
    }
}

/// Reads a token and verifies it with a root public key, for the holder's commands.
private func verifiedToken(_ token: String, rootKey: RootKeyOptions) throws(CLIFailure) -> Biscuit {
    let unverified = try TokenInput.read(token)
    let key = try rootKey.key()
    do {
        return try unverified.verify(rootKey: key)
    } catch {
        throw TokenInput.failure(error)
    }
}

/// `--public-key KEY | --public-key-file FILE`: the root public key the holder's commands verify with.
struct RootKeyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The root public key: its text form (ed25519/<hex>) or a file.", valueName: "key"), completion: .file())
    var publicKey: String?

    @Option(help: ArgumentHelp("A file holding the root public key (text form or PEM).", valueName: "file"), completion: .file())
    var publicKeyFile: String?

    func validate() throws {
        if (publicKey == nil) == (publicKeyFile == nil) {
            throw ValidationError("Give the root public key with --public-key or --public-key-file (one of them).")
        }
    }

    /// The key, read from the text or the file.
    func key() throws(CLIFailure) -> PublicKey {
        guard let key = try TokenInput.publicKey(publicKey, file: publicKeyFile) else {
            throw CLIFailure.invalidInput("give the root public key with --public-key or --public-key-file")
        }
        return key
    }
}

/// `(FILE | --code TEXT) [--time …] [--clock-skew …] [run limits]`: the service's side of an authorization,
/// shared by `authorize` and `bench`.
struct AuthorizerOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The authorizer's Datalog file.", valueName: "file"), completion: .file())
    var file: String?

    @Option(help: ArgumentHelp("The authorizer's Datalog, instead of a file.", valueName: "datalog"))
    var code: String?

    @Option(help: ArgumentHelp("The time(<t>) fact: an RFC 3339 date, or 'now' (the default, read once).", valueName: "time"))
    var time = "now"

    @OptionGroup var clockSkew: ClockSkewOptions

    @OptionGroup var runLimits: RunLimitOptions

    func validate() throws {
        if (file == nil) == (code == nil) {
            throw ValidationError("Give the authorizer as a file or --code TEXT (one of them).")
        }
    }

    /// The authorizer's statements with the `time` fact: read, parsed and checked once.
    func program() throws(CLIFailure) -> Program {
        let source = try TokenInput.source(code: code, file: file)
        var program: Program
        do {
            program = try Program(parsing: source)
        } catch {
            throw CLIFailure(error, source: file.map { $0 == "-" ? "<stdin>" : $0 } ?? "--code")
        }
        let seconds = try TimeArgument.secondsSince1970(time)
        program.facts.append(.time(secondsSince1970: seconds, clockSkewAllowance: clockSkew.allowance))
        return program
    }
}

/// `wafer third-party`: blocks signed by a third party, appended by the token's holder.
struct BiscuitThirdParty: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "third-party",
        abstract: "Third-party blocks: request one for a token, create one as the third party, append it.",
        discussion: """
            The holder runs 'request' and sends the request to the third party, which runs 'create' with its \
            private key and sends the block back; the holder runs 'append'. The holder's commands verify the \
            token with its root public key first.

            Example: wafer third-party request "$TOKEN" --public-key ed25519/…
            """,
        subcommands: [Request.self, Create.self, Append.self]
    )

    /// `wafer third-party request`.
    struct Request: ParsableCommand, JSONReporting {
        static let configuration = CommandConfiguration(
            abstract: "Print a third-party block request for a token (URL-safe base64).",
            discussion: "Example: wafer third-party request \"$TOKEN\" --public-key ed25519/…"
        )

        @Argument(help: ArgumentHelp("The token: text, a file, or '-' for standard input.", valueName: "token"))
        var token: String

        @OptionGroup var rootKey: RootKeyOptions

        @Flag(help: "Print one JSON object: request.")
        var json = false

        func run() throws {
            let biscuit = try verifiedToken(token, rootKey: rootKey)
            do {
                let request = try biscuit.thirdPartyRequest().base64URLEncoded
                if json { printJSON(["request": request]) } else { print(request) }
            } catch {
                throw TokenInput.failure(error)
            }
        }
    }

    /// `wafer third-party create`.
    struct Create: ParsableCommand, JSONReporting {
        static let configuration = CommandConfiguration(
            abstract: "As the third party: create a signed block answering a request (URL-safe base64).",
            discussion: "Example: wafer third-party create \"$REQUEST\" --key third-party.key --code 'group(\"admin\");'"
        )

        @Argument(help: ArgumentHelp("The request, as 'request' printed it.", valueName: "request"))
        var request: String

        @Option(help: ArgumentHelp("The third party's private key file.", valueName: "file"), completion: .file())
        var key: String

        @OptionGroup var keyFilePermissions: KeyFilePermissions

        @Argument(help: ArgumentHelp("The block's Datalog file.", valueName: "file"), completion: .file())
        var file: String?

        @Option(help: ArgumentHelp("The block's Datalog, instead of a file.", valueName: "datalog"))
        var code: String?

        @Flag(help: "Print one JSON object: block, and externalKey (the public key that signed it).")
        var json = false

        func validate() throws {
            if (file == nil) == (code == nil) {
                throw ValidationError("Give the block as a file or --code TEXT (one of them).")
            }
        }

        func run() throws {
            let signingKey = try KeyFiles.readSigningKey(key, keyFilePermissions)
            let source = try TokenInput.source(code: code, file: file)
            let program: Program
            do {
                program = try Program(parsing: source)
            } catch {
                throw CLIFailure(error, source: file.map { $0 == "-" ? "<stdin>" : $0 } ?? "--code")
            }
            do {
                let parsed = try ThirdPartyRequest(base64URL: request.trimmingCharacters(in: .whitespacesAndNewlines))
                let block = try parsed.makeBlock(program: program, signingKey: signingKey).base64URLEncoded
                if json {
                    printJSON(["block": block, "externalKey": signingKey.publicKey.description])
                } else {
                    print(block)
                }
            } catch {
                throw TokenInput.failure(error)
            }
        }
    }

    /// `wafer third-party append`.
    struct Append: ParsableCommand, JSONReporting {
        static let configuration = CommandConfiguration(
            abstract: "Append a third party's block to the token it was requested for; print the new token.",
            discussion: "Example: wafer third-party append \"$TOKEN\" \"$BLOCK\" --public-key ed25519/…"
        )

        @Argument(help: ArgumentHelp("The token: text, a file, or '-' for standard input.", valueName: "token"))
        var token: String

        @Argument(help: ArgumentHelp("The block, as 'create' printed it.", valueName: "block"))
        var block: String

        @OptionGroup var rootKey: RootKeyOptions

        @Flag(help: "Print one JSON object: token, revocationIds (hex, one per block), blockCount, sealed.")
        var json = false

        func run() throws {
            let biscuit = try verifiedToken(token, rootKey: rootKey)
            do {
                let thirdPartyBlock = try ThirdPartyBlock(base64URL: block.trimmingCharacters(in: .whitespacesAndNewlines))
                printToken(try biscuit.appending(thirdPartyBlock), json: json)
            } catch {
                throw TokenInput.failure(error)
            }
        }
    }
}
