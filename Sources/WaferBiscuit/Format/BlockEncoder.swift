import Foundation
import SwiftProtobuf
import WaferCrypto
import WaferDatalog

/// Turns a ``Program`` into a `Block` message, interning its symbols and public keys.
///
/// A first-party block lists only the symbols and keys not yet in the token's tables, in the order they are
/// first met (facts, rules, checks); a third-party block starts from the defaults and an empty key table. The
/// block version is the smallest that covers the features used (3, 4 or 6; at least 5 for a third-party
/// block); unlike the reader, the writer counts arrays, maps and `.get` as version 6 features, as the
/// specification labels them.
struct BlockEncoder {
    private var symbols: SymbolTable
    private var publicKeys: PublicKeyTable
    private var newSymbols: [String] = []
    private var newKeys: [PublicKeyLiteral] = []
    private var requiredVersion: UInt32 = 3

    /// Encodes a block.
    ///
    /// - Parameters:
    ///   - program: The block's statements; policies are refused.
    ///   - context: The block's optional free-form context string.
    ///   - isThirdParty: Whether the block will be signed by a third party.
    ///   - symbols: The token's symbol table, extended for a first-party block.
    ///   - publicKeys: The token's key table, extended for a first-party block.
    /// - Returns: The serialized `Block` and its version.
    static func encode(
        _ program: Program, context: String?, isThirdParty: Bool, symbols: inout SymbolTable,
        publicKeys: inout PublicKeyTable
    ) throws(BiscuitError) -> (data: [UInt8], version: UInt32) {
        guard program.policies.isEmpty else {
            throw BiscuitError(.invalidDatalog, "a block cannot hold policies ('allow if' / 'deny if'); they belong to the authorizer")
        }
        for (index, fact) in program.facts.enumerated() where !fact.predicate.terms.allSatisfy(\.isGround) {
            throw BiscuitError(.invalidDatalog, "fact \(index) ('\(fact.predicate.name)') holds a variable")
        }
        for (index, rule) in program.rules.enumerated() {
            do {
                try rule.validateVariables()
            } catch {
                throw BiscuitError(.invalidDatalog, "rule \(index): \(error.message)", datalogError: error)
            }
        }
        var encoder = BlockEncoder(
            symbols: isThirdParty ? SymbolTable() : symbols, publicKeys: isThirdParty ? PublicKeyTable() : publicKeys)
        var message = ProtoBlock()
        message.scope = program.scopes.map { encoder.scope($0) }
        message.facts = program.facts.map { fact in
            var protoFact = Biscuit_Format_Schema_Fact()
            protoFact.predicate = encoder.predicate(fact.predicate)
            return protoFact
        }
        message.rules = program.rules.map { encoder.rule($0) }
        message.checks = program.checks.map { check in
            var protoCheck = Biscuit_Format_Schema_Check()
            protoCheck.queries = check.queries.map { encoder.rule($0) }
            switch check.kind {
            case .one: break
            case .all:
                protoCheck.kind = .all
                encoder.require(4)
            case .reject:
                protoCheck.kind = .reject
                encoder.require(6)
            }
            return protoCheck
        }
        message.symbols = encoder.newSymbols
        message.publicKeys = encoder.newKeys.map(Self.protoKey)
        if let context { message.context = context }
        let version = max(encoder.requiredVersion, isThirdParty ? 5 : 3)
        message.version = version
        let data: [UInt8]
        do {
            data = try message.serializedBytes()
        } catch {
            throw BiscuitError(.invalidFormat, "the block cannot be serialized: \(error)")
        }
        if !isThirdParty {
            symbols = encoder.symbols
            publicKeys = encoder.publicKeys
        }
        return (data, version)
    }

    /// A key as a `PublicKey` message.
    static func protoKey(_ key: PublicKeyLiteral) -> ProtoPublicKey {
        var message = ProtoPublicKey()
        message.algorithm = key.algorithm == .ed25519 ? .ed25519 : .secp256R1
        message.key = Data(key.bytes)
        return message
    }

    private mutating func require(_ version: UInt32) {
        requiredVersion = max(requiredVersion, version)
    }

    private mutating func intern(_ symbol: String) -> UInt64 {
        let (index, isNew) = symbols.intern(symbol)
        if isNew { newSymbols.append(symbol) }
        return index
    }

    private mutating func scope(_ scope: Scope) -> ProtoScope {
        require(4)
        var message = ProtoScope()
        switch scope {
        case .authority: message.scopeType = .authority
        case .previous: message.scopeType = .previous
        case .publicKey(let key):
            if let index = publicKeys.index(of: key) {
                message.publicKey = Int64(index)
            } else {
                publicKeys.append(key)
                newKeys.append(key)
                message.publicKey = Int64(publicKeys.count - 1)
            }
        }
        return message
    }

    private mutating func rule(_ rule: Rule) -> ProtoRule {
        var message = ProtoRule()
        message.head = predicate(rule.head)
        message.body = rule.body.map { predicate($0) }
        message.expressions = rule.expressions.map { expression in
            var protoExpression = Biscuit_Format_Schema_Expression()
            protoExpression.ops = ops(expression.ops)
            return protoExpression
        }
        message.scope = rule.scopes.map { scope($0) }
        return message
    }

    private mutating func predicate(_ predicate: DatalogPredicate) -> ProtoPredicate {
        var message = ProtoPredicate()
        message.name = intern(predicate.name)
        message.terms = predicate.terms.map { term($0) }
        return message
    }

    private mutating func term(_ term: Term) -> ProtoTerm {
        var message = ProtoTerm()
        switch term {
        case .variable(let name): message.variable = UInt32(truncatingIfNeeded: intern(name))
        case .integer(let value): message.integer = value
        case .string(let value): message.string = intern(value)
        case .date(let value): message.date = value
        case .bytes(let value): message.bytes = Data(value)
        case .bool(let value): message.bool = value
        case .null:
            require(6)
            message.null = Biscuit_Format_Schema_Empty()
        case .set(let set):
            var protoSet = Biscuit_Format_Schema_TermSet()
            protoSet.set = set.elements.map { self.term($0) }
            message.set = protoSet
        case .array(let elements):
            require(6)
            var protoArray = Biscuit_Format_Schema_Array()
            protoArray.array = elements.map { self.term($0) }
            message.array = protoArray
        case .map(let map):
            require(6)
            var protoMap = Biscuit_Format_Schema_Map()
            protoMap.entries = map.entries.map { entry in
                var protoEntry = Biscuit_Format_Schema_MapEntry()
                switch entry.key {
                case .integer(let value): protoEntry.key.integer = value
                case .string(let value): protoEntry.key.string = intern(value)
                }
                protoEntry.value = self.term(entry.value)
                return protoEntry
            }
            message.map = protoMap
        }
        return message
    }

    private mutating func ops(_ ops: [Op]) -> [ProtoOp] {
        ops.map { op in
            var message = ProtoOp()
            switch op {
            case .value(let term):
                message.value = self.term(term)
            case .unary(let unary):
                var protoUnary = Biscuit_Format_Schema_OpUnary()
                switch unary {
                case .negate: protoUnary.kind = .negate
                case .parens: protoUnary.kind = .parens
                case .length: protoUnary.kind = .length
                case .typeOf:
                    protoUnary.kind = .typeOf
                    require(6)
                case .ffi(let name):
                    protoUnary.kind = .ffi
                    protoUnary.ffiName = intern(name)
                    require(6)
                }
                message.unary = protoUnary
            case .binary(let binary):
                message.binary = binaryOperator(binary)
            case .closure(let parameters, let body):
                require(6)
                var closure = Biscuit_Format_Schema_OpClosure()
                closure.params = parameters.map { UInt32(truncatingIfNeeded: intern($0)) }
                closure.ops = self.ops(body)
                message.closure = closure
            }
            return message
        }
    }

    private mutating func binaryOperator(_ binary: BinaryOperator) -> Biscuit_Format_Schema_OpBinary {
        var message = Biscuit_Format_Schema_OpBinary()
        switch binary {
        case .lessThan: message.kind = .lessThan
        case .greaterThan: message.kind = .greaterThan
        case .lessOrEqual: message.kind = .lessOrEqual
        case .greaterOrEqual: message.kind = .greaterOrEqual
        case .equal: message.kind = .equal
        case .contains: message.kind = .contains
        case .prefix: message.kind = .prefix
        case .suffix: message.kind = .suffix
        case .regex: message.kind = .regex
        case .add: message.kind = .add
        case .sub: message.kind = .sub
        case .mul: message.kind = .mul
        case .div: message.kind = .div
        case .and: message.kind = .and
        case .or: message.kind = .or
        case .intersection: message.kind = .intersection
        case .union: message.kind = .union
        case .bitwiseAnd: message.kind = .bitwiseAnd; require(4)
        case .bitwiseOr: message.kind = .bitwiseOr; require(4)
        case .bitwiseXor: message.kind = .bitwiseXor; require(4)
        case .notEqual: message.kind = .notEqual; require(4)
        case .heterogeneousEqual: message.kind = .heterogeneousEqual; require(6)
        case .heterogeneousNotEqual: message.kind = .heterogeneousNotEqual; require(6)
        case .lazyAnd: message.kind = .lazyAnd; require(6)
        case .lazyOr: message.kind = .lazyOr; require(6)
        case .all: message.kind = .all; require(6)
        case .any: message.kind = .any; require(6)
        case .get: message.kind = .get; require(6)
        case .tryOr: message.kind = .tryOr; require(6)
        case .ffi(let name):
            message.kind = .ffi
            message.ffiName = intern(name)
            require(6)
        }
        return message
    }
}
