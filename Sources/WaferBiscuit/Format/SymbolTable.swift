import WaferDatalog

/// A Biscuit symbol table: the 28 default symbols, then the token's own symbols from index 1024.
///
/// Strings, predicate names, variable names and FFI names are stored in blocks as indices into this table.
/// The token's table is the concatenation of the authority's and every first-party block's `symbols`;
/// a third-party block resolves against the defaults and its own list only.
struct SymbolTable: Sendable {
    /// Biscuit v3's default symbols, indices 0–27.
    static let defaults: [String] = [
        "read", "write", "resource", "operation", "right", "time", "role", "owner", "tenant", "namespace",
        "user", "team", "service", "admin", "email", "group", "member", "ip_address", "client", "client_ip",
        "domain", "path", "version", "cluster", "node", "hostname", "nonce", "query",
    ]
    /// The index of each default symbol.
    static let defaultIndices: [String: UInt64] = {
        var indices: [String: UInt64] = [:]
        for (index, symbol) in defaults.enumerated() { indices[symbol] = UInt64(index) }
        return indices
    }()
    /// The index of the first non-default symbol.
    static let offset: UInt64 = 1024

    /// The non-default symbols, in order.
    private(set) var symbols: [String] = []
    /// The index of each non-default symbol.
    private var indices: [String: UInt64] = [:]

    /// An empty table: only the defaults.
    init() {}

    /// Whether the table holds a symbol (default or own).
    func contains(_ symbol: String) -> Bool {
        Self.defaultIndices[symbol] != nil || indices[symbol] != nil
    }

    /// Appends a symbol not yet in the table.
    mutating func append(_ symbol: String) {
        indices[symbol] = Self.offset + UInt64(symbols.count)
        symbols.append(symbol)
    }

    /// The symbol at an index, or `nil` when the index names no symbol.
    func symbol(at index: UInt64) -> String? {
        if index < UInt64(Self.defaults.count) { return Self.defaults[Int(index)] }
        guard index >= Self.offset, index - Self.offset < UInt64(symbols.count) else { return nil }
        return symbols[Int(index - Self.offset)]
    }

    /// The index of a symbol, appending it when new; `isNew` tells the caller to list it in the block.
    mutating func intern(_ symbol: String) -> (index: UInt64, isNew: Bool) {
        if let index = Self.defaultIndices[symbol] ?? indices[symbol] { return (index, false) }
        append(symbol)
        return (Self.offset + UInt64(symbols.count - 1), true)
    }
}

/// A public-key table, for `Scope.publicKey` indices: the keys in order, with a hash index so that
/// membership tests stay constant-time on untrusted tokens with many keys.
struct PublicKeyTable: Sendable {
    /// The keys, in order.
    private(set) var keys: [PublicKeyLiteral] = []
    /// The position of each key.
    private var indices: [PublicKeyLiteral: Int] = [:]

    /// An empty table.
    init() {}

    /// The number of keys.
    var count: Int { keys.count }

    /// The key at a position.
    subscript(index: Int) -> PublicKeyLiteral { keys[index] }

    /// The position of a key, if present.
    func index(of key: PublicKeyLiteral) -> Int? { indices[key] }

    /// Whether the table holds a key.
    func contains(_ key: PublicKeyLiteral) -> Bool { indices[key] != nil }

    /// Appends a key not yet in the table.
    mutating func append(_ key: PublicKeyLiteral) {
        indices[key] = keys.count
        keys.append(key)
    }
}
