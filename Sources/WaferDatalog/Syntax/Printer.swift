/// Writes the AST as Datalog text, exactly as biscuit-rust prints it.
///
/// Rules followed (biscuit-rust's `Display` and `Expression::print`): strings are printed raw between quotes,
/// without escaping; dates as `YYYY-MM-DDTHH:MM:SSZ` (`<invalid date>` after 9999-12-31T23:59:59Z); bytes as lowercase `hex:…`; sets `{a, b}` in
/// ``TermSet`` order, the empty set `{,}`; maps `{1: "A", "a": 1}`, the empty map `{}`; expressions are rebuilt
/// from their postfix operations without adding parentheses (the `parens` operation restores them), eager
/// `and`/`or` print `&&!`/`||!`, closures `$p -> body`.
enum Printer {
    static func write(_ term: Term, to output: inout String) {
        switch term {
        case .variable(let name):
            output += "$"
            output += name
        case .integer(let value):
            output += String(value)
        case .string(let value):
            output += "\""
            output += value
            output += "\""
        case .date(let seconds):
            if seconds <= RFC3339.maxPrintable {
                RFC3339.format(seconds, into: &output)
            } else {
                // biscuit-rust's RFC 3339 formatting fails past year 9999 and prints this instead.
                output += "<invalid date>"
            }
        case .bytes(let bytes):
            output += "hex:"
            writeHex(bytes, to: &output)
        case .bool(let value):
            output += value ? "true" : "false"
        case .set(let set):
            if set.isEmpty {
                output += "{,}"
                return
            }
            output += "{"
            for (index, element) in set.elements.enumerated() {
                if index > 0 { output += ", " }
                write(element, to: &output)
            }
            output += "}"
        case .null:
            output += "null"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                write(element, to: &output)
            }
            output += "]"
        case .map(let map):
            output += "{"
            for (index, entry) in map.entries.enumerated() {
                if index > 0 { output += ", " }
                write(entry.key.term, to: &output)
                output += ": "
                write(entry.value, to: &output)
            }
            output += "}"
        }
    }

    static func writeHex(_ bytes: [UInt8], to output: inout String) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        output += String(decoding: text, as: UTF8.self)
    }

    /// The text of an expression, or `nil` when its operations do not leave exactly one value.
    static func text(of ops: [Op]) -> String? {
        var stack: [String] = []
        for op in ops {
            switch op {
            case .value(let term):
                var text = ""
                write(term, to: &text)
                stack.append(text)
            case .unary(let unary):
                guard let operand = stack.popLast() else { return nil }
                switch unary {
                case .negate: stack.append("!" + operand)
                case .parens: stack.append("(" + operand + ")")
                case .length, .typeOf, .ffi: stack.append(operand + unary.symbol)
                }
            case .binary(let binary):
                guard let right = stack.popLast(), let left = stack.popLast() else { return nil }
                stack.append(text(of: binary, left, right))
            case .closure(let parameters, let body):
                guard let bodyText = text(of: body) else { return nil }
                if parameters.isEmpty {
                    stack.append(bodyText)
                } else {
                    stack.append(parameters.map { "$" + $0 }.joined(separator: ", ") + " -> " + bodyText)
                }
            }
        }
        return stack.count == 1 ? stack[0] : nil
    }

    /// `left op right` for an infix operator, `left.method(right)` for a method.
    private static func text(of binary: BinaryOperator, _ left: String, _ right: String) -> String {
        let symbol = binary.symbol
        if symbol.hasPrefix(".") { return left + symbol.dropLast() + right + ")" }
        return left + " " + symbol + " " + right
    }

    static func write(_ predicate: Predicate, to output: inout String) {
        output += predicate.name
        output += "("
        for (index, term) in predicate.terms.enumerated() {
            if index > 0 { output += ", " }
            write(term, to: &output)
        }
        output += ")"
    }

    /// Predicates, then expressions, then ` trusting …`.
    static func writeBody(of rule: Rule, to output: inout String) {
        for (index, predicate) in rule.body.enumerated() {
            if index > 0 { output += ", " }
            write(predicate, to: &output)
        }
        if !rule.body.isEmpty, !rule.expressions.isEmpty { output += ", " }
        for (index, expression) in rule.expressions.enumerated() {
            if index > 0 { output += ", " }
            output += expression.description
        }
        if !rule.scopes.isEmpty {
            output += " trusting "
            writeScopes(rule.scopes, to: &output)
        }
    }

    static func writeScopes(_ scopes: [Scope], to output: inout String) {
        for (index, scope) in scopes.enumerated() {
            if index > 0 { output += ", " }
            output += scope.description
        }
    }

    static func writeQueries(_ queries: [Rule], to output: inout String) {
        for (index, query) in queries.enumerated() {
            if index > 0 { output += " or " }
            writeBody(of: query, to: &output)
        }
    }
}

extension Term: CustomStringConvertible {
    /// The term as biscuit-rust prints it: `$x`, `12`, `"text"` (raw, not escaped), `2023-12-28T00:00:00Z`,
    /// `hex:00ff`, `true`, `{1, 2}`, `{,}`, `null`, `[1, "a"]`, `{"a": 1}`.
    public var description: String {
        var output = ""
        Printer.write(self, to: &output)
        return output
    }
}

extension Expression: CustomStringConvertible {
    /// The expression rebuilt from its postfix operations, such as `$a + 2 < 4`; `<invalid expression>` when
    /// the operations do not leave exactly one value on the stack.
    public var description: String {
        Printer.text(of: ops) ?? "<invalid expression>"
    }
}

extension Predicate: CustomStringConvertible {
    /// `name(t1, t2)`.
    public var description: String {
        var output = ""
        Printer.write(self, to: &output)
        return output
    }
}

extension Fact: CustomStringConvertible {
    /// `name(t1, t2)`.
    public var description: String { predicate.description }
}

extension Rule: CustomStringConvertible {
    /// `head($a) <- body($a), $a > 1 trusting authority`.
    public var description: String {
        var output = ""
        Printer.write(head, to: &output)
        output += " <- "
        Printer.writeBody(of: self, to: &output)
        return output
    }
}

extension Check: CustomStringConvertible {
    /// `check if …`, `check all …` or `reject if …`, queries joined by ` or `.
    public var description: String {
        var output: String
        switch kind {
        case .one: output = "check if "
        case .all: output = "check all "
        case .reject: output = "reject if "
        }
        Printer.writeQueries(queries, to: &output)
        return output
    }
}

extension Policy: CustomStringConvertible {
    /// `allow if …` or `deny if …`, queries joined by ` or `.
    public var description: String {
        var output = kind == .allow ? "allow if " : "deny if "
        Printer.writeQueries(queries, to: &output)
        return output
    }
}

extension PublicKeyLiteral: CustomStringConvertible {
    /// `ed25519/<hex>` or `secp256r1/<hex>`, lowercase.
    public var description: String {
        var output = algorithm.rawValue + "/"
        Printer.writeHex(bytes, to: &output)
        return output
    }
}

extension Scope: CustomStringConvertible {
    /// `authority`, `previous`, or the key as `ed25519/<hex>`.
    public var description: String {
        switch self {
        case .authority: return "authority"
        case .previous: return "previous"
        case .publicKey(let key): return key.description
        }
    }
}

extension Program: CustomStringConvertible {
    /// The program as source: a `trusting …;` line when the program has a block-level scope, then one
    /// statement per line, each ending with `;` — facts, rules, checks, policies. For a token block this is
    /// exactly biscuit-rust's block source (the `code` of samples.json).
    public var description: String {
        var output = ""
        if !scopes.isEmpty {
            output += "trusting "
            Printer.writeScopes(scopes, to: &output)
            output += ";\n"
        }
        for fact in facts {
            output += fact.description
            output += ";\n"
        }
        for rule in rules {
            output += rule.description
            output += ";\n"
        }
        for check in checks {
            output += check.description
            output += ";\n"
        }
        for policy in policies {
            output += policy.description
            output += ";\n"
        }
        return output
    }
}

extension Program {
    /// The program printed as biscuit-rust's `Authorizer::dump_code` prints an authorizer: facts, rules,
    /// checks, then policies, one statement per line ending with `;`, each non-empty group but the policies
    /// followed by a blank line (the `authorizer_code` of samples.json).
    ///
    /// A block-level `trusting` clause, which authorizers do not have, comes first on a line of its own.
    public var authorizerCode: String {
        var output = ""
        if !scopes.isEmpty {
            output += "trusting "
            Printer.writeScopes(scopes, to: &output)
            output += ";\n\n"
        }
        func group(_ lines: [String], blankLineAfter: Bool) {
            for line in lines {
                output += line
                output += ";\n"
            }
            if blankLineAfter, !lines.isEmpty { output += "\n" }
        }
        group(facts.map(\.description), blankLineAfter: true)
        group(rules.map(\.description), blankLineAfter: true)
        group(checks.map(\.description), blankLineAfter: true)
        group(policies.map(\.description), blankLineAfter: false)
        return output
    }
}
