extension UnaryOperator {
    /// How the operator reads in messages.
    var symbol: String {
        switch self {
        case .negate: return "!"
        case .parens: return "()"
        case .length: return ".length()"
        case .typeOf: return ".type()"
        case .ffi(let name): return ".extern::\(name)()"
        }
    }
}

extension BinaryOperator {
    /// How the operator reads in messages.
    var symbol: String {
        switch self {
        case .lessThan: return "<"
        case .greaterThan: return ">"
        case .lessOrEqual: return "<="
        case .greaterOrEqual: return ">="
        case .equal: return "==="
        case .contains: return ".contains()"
        case .prefix: return ".starts_with()"
        case .suffix: return ".ends_with()"
        case .regex: return ".matches()"
        case .add: return "+"
        case .sub: return "-"
        case .mul: return "*"
        case .div: return "/"
        case .and: return "&&!"
        case .or: return "||!"
        case .intersection: return ".intersection()"
        case .union: return ".union()"
        case .bitwiseAnd: return "&"
        case .bitwiseOr: return "|"
        case .bitwiseXor: return "^"
        case .notEqual: return "!=="
        case .heterogeneousEqual: return "=="
        case .heterogeneousNotEqual: return "!="
        case .lazyAnd: return "&&"
        case .lazyOr: return "||"
        case .all: return ".all()"
        case .any: return ".any()"
        case .get: return ".get()"
        case .ffi(let name): return ".extern::\(name)()"
        case .tryOr: return ".try_or()"
        }
    }
}
