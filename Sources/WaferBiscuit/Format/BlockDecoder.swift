import Foundation
import SwiftProtobuf
import WaferCrypto
import WaferDatalog

typealias ProtoBlock = Biscuit_Format_Schema_Block
typealias ProtoTerm = Biscuit_Format_Schema_Term
typealias ProtoOp = Biscuit_Format_Schema_Op
typealias ProtoRule = Biscuit_Format_Schema_Rule
typealias ProtoPredicate = Biscuit_Format_Schema_Predicate
typealias ProtoScope = Biscuit_Format_Schema_Scope
typealias ProtoPublicKey = Biscuit_Format_Schema_PublicKey

/// The Datalog of one block, decoded, with the block's own tables.
struct DecodedBlock: Sendable {
    var program: Program
    var symbols: [String]
    var publicKeys: [PublicKeyLiteral]
    var version: UInt32
    var context: String?
}

/// Turns a `Block` message into a ``Program``, checking its symbol and key tables and its version.
///
/// Feature gating follows biscuit-rust's `get_schema_version`: scopes, check kinds, bitwise operators and
/// `!==` need version 4; `reject if`, `null`, closures, `.type()`, FFI, lenient equality, lazy operators,
/// `.any`/`.all` and `.try_or` need version 6. (Arrays, maps and `.get` alone are not gated on read, as in
/// biscuit-rust; the writer gives them version 6.)
struct BlockDecoder {
    /// The symbols the block's indices resolve against.
    private(set) var symbols: SymbolTable
    /// The public keys `Scope.publicKey` indices resolve against.
    private(set) var publicKeys: PublicKeyTable
    /// The smallest version the block's features need.
    private var requiredVersion: UInt32 = 3
    /// The block's index in the token, for messages.
    private let index: Int
    /// The caps on strings, bytes and nesting.
    private let limits: BiscuitLimits
    /// Where the decoder is, for messages (built only when one is needed).
    private var place: String { Self.place(index) }

    private init(symbols: SymbolTable, publicKeys: PublicKeyTable, index: Int, limits: BiscuitLimits) {
        self.symbols = symbols
        self.publicKeys = publicKeys
        self.index = index
        self.limits = limits
    }

    private static func place(_ index: Int) -> String { index == 0 ? "the authority block" : "block \(index)" }

    /// Decodes a block's bytes.
    ///
    /// - Parameters:
    ///   - data: The `SignedBlock.block` bytes.
    ///   - index: The block's index in the token, for messages.
    ///   - isThirdParty: Whether the block has an external signature: then it resolves against the defaults
    ///     and its own tables only, and its version must be at least 5.
    ///   - limits: The caps on symbols, strings, bytes and nesting.
    ///   - symbols: The token's symbol table; a first-party block's symbols are appended.
    ///   - publicKeys: The token's key table; a first-party block's keys are appended.
    static func decode(
        _ data: [UInt8], index: Int, isThirdParty: Bool, limits: BiscuitLimits, symbols: inout SymbolTable,
        publicKeys: inout PublicKeyTable
    ) throws(BiscuitError) -> DecodedBlock {
        var place: String { Self.place(index) }
        let message: ProtoBlock
        do {
            message = try ProtoBlock(serializedBytes: data)
        } catch {
            throw BiscuitError(.invalidFormat, "\(place) is not a valid Block message: \(error)")
        }
        guard message.hasVersion else {
            throw BiscuitError(.unsupportedBlockVersion, "\(place) has no version; this library reads versions 3 to 6")
        }
        let version = message.version
        guard (WaferBiscuit.minimumBlockVersion...WaferBiscuit.maximumBlockVersion).contains(version) else {
            throw BiscuitError(.unsupportedBlockVersion, "\(place) has version \(version); this library reads versions 3 to 6")
        }
        if isThirdParty && version < 5 {
            throw BiscuitError(.unsupportedBlockVersion, "\(place) is a third-party block of version \(version); third-party blocks need version 5 or later (Biscuit v3.2)")
        }

        guard message.symbols.count <= limits.maxSymbolsPerBlock else {
            throw BiscuitError(.tooManySymbols, "\(place) adds \(message.symbols.count) symbols; the most accepted is \(limits.maxSymbolsPerBlock) (BiscuitLimits.maxSymbolsPerBlock)")
        }
        if message.hasContext, message.context.utf8.count > limits.maxStringLength {
            throw BiscuitError(.stringTooLong, "\(place) has a context of \(message.context.utf8.count) bytes; the most accepted is \(limits.maxStringLength) (BiscuitLimits.maxStringLength)")
        }
        var table = isThirdParty ? SymbolTable() : symbols
        for (symbolIndex, symbol) in message.symbols.enumerated() {
            guard symbol.utf8.count <= limits.maxStringLength else {
                throw BiscuitError(.stringTooLong, "\(place), symbol \(symbolIndex) is \(symbol.utf8.count) bytes long; the most accepted is \(limits.maxStringLength) (BiscuitLimits.maxStringLength)")
            }
            guard !table.contains(symbol) else {
                throw BiscuitError(.symbolTableOverlap, "\(place) lists the symbol '\(symbol)', which is a default symbol or already in the token's table")
            }
            table.append(symbol)
        }
        var keys = isThirdParty ? PublicKeyTable() : publicKeys
        var ownKeys: [PublicKeyLiteral] = []
        for (keyIndex, protoKey) in message.publicKeys.enumerated() {
            let key = try Self.publicKeyLiteral(protoKey, "\(place), public key \(keyIndex)")
            guard !keys.contains(key) else {
                throw BiscuitError(.publicKeyTableOverlap, "\(place) lists a public key already in the token's key table (\(key.algorithm.rawValue) key \(keyIndex))")
            }
            keys.append(key)
            ownKeys.append(key)
        }

        var decoder = BlockDecoder(symbols: table, publicKeys: keys, index: index, limits: limits)
        var program = Program()
        program.scopes = try message.scope.map { scope throws(BiscuitError) in try decoder.scope(scope) }
        for (factIndex, fact) in message.facts.enumerated() {
            let predicate = try decoder.predicate(fact.predicate, "fact \(factIndex)")
            program.facts.append(Fact(predicate: predicate))
        }
        for (ruleIndex, rule) in message.rules.enumerated() {
            program.rules.append(try decoder.rule(rule, "rule \(ruleIndex)"))
        }
        for (checkIndex, check) in message.checks.enumerated() {
            // proto2 enums are closed: an unknown `kind` lands in the unknown fields. Reading it as an absent
            // kind (`check if`) would change the check's meaning, so it is an error, as in biscuit-rust.
            guard check.unknownFields.data.isEmpty else {
                throw BiscuitError(.invalidBlock, "\(place), check \(checkIndex): unknown check kind or field")
            }
            let kind: Check.Kind
            if check.hasKind {
                decoder.require(4)
                switch check.kind {
                case .one: kind = .one
                case .all: kind = .all
                case .reject:
                    kind = .reject
                    decoder.require(6)
                }
            } else {
                kind = .one
            }
            let queries = try check.queries.enumerated().map { (queryIndex, query) throws(BiscuitError) in
                try decoder.rule(query, "check \(checkIndex), query \(queryIndex)")
            }
            program.checks.append(Check(kind: kind, queries: queries))
        }
        guard decoder.requiredVersion <= version else {
            throw BiscuitError(.unsupportedBlockVersion, "\(place) declares version \(version) but uses features of version \(decoder.requiredVersion)")
        }
        if !isThirdParty {
            symbols = decoder.symbols
            publicKeys = decoder.publicKeys
        }
        return DecodedBlock(
            program: program, symbols: message.symbols, publicKeys: ownKeys, version: version,
            context: message.hasContext ? message.context : nil)
    }

    /// A `PublicKey` message as a Datalog key literal, its length checked.
    static func publicKeyLiteral(_ key: ProtoPublicKey, _ place: @autoclosure () -> String) throws(BiscuitError) -> PublicKeyLiteral {
        let publicKey = try publicKey(key, place())
        return PublicKeyLiteral(publicKey)
    }

    /// A `PublicKey` message as a key. Token keys only verify signatures or name blocks in `trusting`, so the
    /// Ed25519 main-subgroup test is left to signature verification, which refuses any key that would fail it.
    static func publicKey(_ key: ProtoPublicKey, _ place: @autoclosure () -> String) throws(BiscuitError) -> PublicKey {
        let algorithm: SignatureAlgorithm
        switch key.algorithm {
        case .ed25519: algorithm = .ed25519
        case .secp256R1: algorithm = .secp256r1
        }
        do {
            return try PublicKey(algorithm: algorithm, verificationOnlyRawRepresentation: [UInt8](key.key))
        } catch {
            throw BiscuitError(.invalidKey, "\(place()): \(error.message)")
        }
    }

    private func tooDeep(_ what: String) -> BiscuitError {
        BiscuitError(.nestingTooDeep, "\(place), \(what): terms or closures are nested deeper than \(limits.maxNestingDepth) (BiscuitLimits.maxNestingDepth)")
    }

    private mutating func require(_ version: UInt32) {
        requiredVersion = max(requiredVersion, version)
    }

    private func symbol(_ index: UInt64, _ what: @autoclosure () -> String) throws(BiscuitError) -> String {
        guard let symbol = symbols.symbol(at: index) else {
            throw BiscuitError(.invalidBlock, "\(place), \(what()): symbol index \(index) is not in the symbol table")
        }
        return symbol
    }

    private mutating func scope(_ scope: ProtoScope) throws(BiscuitError) -> Scope {
        require(4)
        switch scope.content {
        case .scopeType(.authority): return .authority
        case .scopeType(.previous): return .previous
        case .publicKey(let index):
            guard index >= 0, index < publicKeys.count else {
                throw BiscuitError(.invalidBlock, "\(place): trusted public key index \(index) is not in the key table (\(publicKeys.count) keys)")
            }
            return .publicKey(publicKeys[Int(index)])
        case nil:
            throw BiscuitError(.invalidBlock, "\(place): a scope has no content")
        }
    }

    private mutating func rule(_ rule: ProtoRule, _ what: @autoclosure () -> String) throws(BiscuitError) -> Rule {
        let head = try predicate(rule.head, "\(what()), head")
        var body: [DatalogPredicate] = []
        for (index, predicate) in rule.body.enumerated() {
            body.append(try self.predicate(predicate, "\(what()), body predicate \(index)"))
        }
        var expressions: [DatalogExpression] = []
        for (index, expression) in rule.expressions.enumerated() {
            expressions.append(DatalogExpression(ops: try ops(expression.ops, "\(what()), expression \(index)")))
        }
        var scopes: [Scope] = []
        for scope in rule.scope { scopes.append(try self.scope(scope)) }
        return Rule(head: head, body: body, expressions: expressions, scopes: scopes)
    }

    private mutating func predicate(_ predicate: ProtoPredicate, _ what: @autoclosure () -> String) throws(BiscuitError) -> DatalogPredicate {
        let name = try symbol(predicate.name, "\(what()), name")
        var terms: [Term] = []
        terms.reserveCapacity(predicate.terms.count)
        for term in predicate.terms { terms.append(try self.term(term, what())) }
        return Predicate(name: name, terms: terms)
    }

    private mutating func term(
        _ term: ProtoTerm, _ what: @autoclosure () -> String, depth: Int = 0
    ) throws(BiscuitError) -> Term {
        guard depth < limits.maxNestingDepth else { throw tooDeep(what()) }
        switch term.content {
        case .variable(let index): return .variable(try symbol(UInt64(index), "\(what()), variable"))
        case .integer(let value): return .integer(value)
        case .string(let index): return .string(try symbol(index, "\(what()), string"))
        case .date(let value): return .date(value)
        case .bytes(let value):
            guard value.count <= limits.maxBytesLength else {
                throw BiscuitError(.bytesTooLong, "\(place), \(what()): a bytes term of \(value.count) bytes; the most accepted is \(limits.maxBytesLength) (BiscuitLimits.maxBytesLength)")
            }
            return .bytes([UInt8](value))
        case .bool(let value): return .bool(value)
        case .null:
            require(6)
            return .null
        case .set(let set):
            var elements: [Term] = []
            for element in set.set {
                let decoded = try self.term(element, what(), depth: depth + 1)
                switch decoded {
                case .variable:
                    throw BiscuitError(.invalidBlock, "\(place), \(what()): a set cannot hold a variable")
                case .set:
                    throw BiscuitError(.invalidBlock, "\(place), \(what()): a set cannot hold a set")
                default: break
                }
                if let first = elements.first, first.typeName != decoded.typeName {
                    throw BiscuitError(.invalidBlock, "\(place), \(what()): a set's elements must all have the same type, not \(first.typeName ?? "?") and \(decoded.typeName ?? "?")")
                }
                elements.append(decoded)
            }
            return .set(TermSet(elements))
        case .array(let array):
            var elements: [Term] = []
            for element in array.array { elements.append(try self.term(element, what(), depth: depth + 1)) }
            return .array(elements)
        case .map(let map):
            var pairs: [(MapKey, Term)] = []
            for entry in map.entries {
                let key: MapKey
                switch entry.key.content {
                case .integer(let value): key = .integer(value)
                case .string(let index): key = .string(try symbol(index, "\(what()), map key"))
                case nil: throw BiscuitError(.invalidBlock, "\(place), \(what()): a map key has no content")
                }
                pairs.append((key, try self.term(entry.value, what(), depth: depth + 1)))
            }
            return .map(TermMap(pairs))
        case nil:
            throw BiscuitError(.invalidBlock, "\(place), \(what()): a term has no content")
        }
    }

    private mutating func ops(
        _ ops: [ProtoOp], _ what: @autoclosure () -> String, depth: Int = 0
    ) throws(BiscuitError) -> [Op] {
        guard depth < limits.maxNestingDepth else { throw tooDeep(what()) }
        var result: [Op] = []
        result.reserveCapacity(ops.count)
        for op in ops {
            switch op.content {
            case .value(let term):
                result.append(.value(try self.term(term, what())))
            case .unary(let unary):
                if unary.hasFfiName && unary.kind != .ffi {
                    throw BiscuitError(.invalidBlock, "\(place), \(what()): only the Ffi unary operation has an ffiName")
                }
                switch unary.kind {
                case .negate: result.append(.unary(.negate))
                case .parens: result.append(.unary(.parens))
                case .length: result.append(.unary(.length))
                case .typeOf:
                    require(6)
                    result.append(.unary(.typeOf))
                case .ffi:
                    require(6)
                    guard unary.hasFfiName else {
                        throw BiscuitError(.invalidBlock, "\(place), \(what()): an Ffi unary operation has no ffiName")
                    }
                    result.append(.unary(.ffi(try symbol(unary.ffiName, "\(what()), extern function name"))))
                }
            case .binary(let binary):
                if binary.hasFfiName && binary.kind != .ffi {
                    throw BiscuitError(.invalidBlock, "\(place), \(what()): only the Ffi binary operation has an ffiName")
                }
                result.append(.binary(try binaryOperator(binary, what())))
            case .closure(let closure):
                require(6)
                var parameters: [String] = []
                for parameter in closure.params {
                    parameters.append(try symbol(UInt64(parameter), "\(what()), closure parameter"))
                }
                result.append(.closure(parameters: parameters, ops: try self.ops(closure.ops, what(), depth: depth + 1)))
            case nil:
                throw BiscuitError(.invalidBlock, "\(place), \(what()): an operation has no content")
            }
        }
        return result
    }

    private mutating func binaryOperator(_ binary: Biscuit_Format_Schema_OpBinary, _ what: @autoclosure () -> String) throws(BiscuitError) -> BinaryOperator {
        switch binary.kind {
        case .lessThan: return .lessThan
        case .greaterThan: return .greaterThan
        case .lessOrEqual: return .lessOrEqual
        case .greaterOrEqual: return .greaterOrEqual
        case .equal: return .equal
        case .contains: return .contains
        case .prefix: return .prefix
        case .suffix: return .suffix
        case .regex: return .regex
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .and: return .and
        case .or: return .or
        case .intersection: return .intersection
        case .union: return .union
        case .bitwiseAnd: require(4); return .bitwiseAnd
        case .bitwiseOr: require(4); return .bitwiseOr
        case .bitwiseXor: require(4); return .bitwiseXor
        case .notEqual: require(4); return .notEqual
        case .heterogeneousEqual: require(6); return .heterogeneousEqual
        case .heterogeneousNotEqual: require(6); return .heterogeneousNotEqual
        case .lazyAnd: require(6); return .lazyAnd
        case .lazyOr: require(6); return .lazyOr
        case .all: require(6); return .all
        case .any: require(6); return .any
        case .get: return .get
        case .tryOr: require(6); return .tryOr
        case .ffi:
            require(6)
            guard binary.hasFfiName else {
                throw BiscuitError(.invalidBlock, "\(place), \(what()): an Ffi binary operation has no ffiName")
            }
            return .ffi(try symbol(binary.ffiName, "\(what()), extern function name"))
        }
    }
}

extension PublicKeyLiteral {
    /// The Datalog literal of a key (`ed25519/…`, `secp256r1/…`).
    init(_ key: PublicKey) {
        switch key.algorithm {
        case .ed25519: self.init(algorithm: .ed25519, bytes: key.rawRepresentation)
        case .secp256r1: self.init(algorithm: .secp256r1, bytes: key.rawRepresentation)
        }
    }
}
