public import WaferDatalog

/// Caps on what a token may hold, checked while it is read, before and while its blocks are decoded: an
/// untrusted token costs bounded memory and time, and each cap exceeded has its own ``BiscuitError/Code``.
///
/// biscuit-rust sets none of these; real tokens are a few hundred bytes to a few kilobytes, with a handful of
/// blocks and symbols, so the defaults leave a wide margin.
///
/// ```swift
/// var limits = BiscuitLimits()
/// limits.maxBlocks = 8
/// let token = try UnverifiedBiscuit(base64URL: text, limits: limits)
/// ```
public struct BiscuitLimits: Hashable, Sendable {
    /// The largest token, in bytes of protobuf (the base64 text may be 4/3 of this). Default 1 MiB.
    /// Exceeding it: ``BiscuitError/Code/tokenTooLarge``.
    public var maxTokenSize: Int
    /// The most blocks, the authority block included. Default 63, what the Datalog engine can hold
    /// (`World.maxBlockCount`); checked before any signature, so that a token of ten thousand tiny blocks
    /// costs one protobuf decode, not ten thousand signature checks. Exceeding it:
    /// ``BiscuitError/Code/tooManyBlocks``.
    public var maxBlocks: Int
    /// The most symbols one block may add to the symbol table. Default 1,024. Exceeding it:
    /// ``BiscuitError/Code/tooManySymbols``.
    public var maxSymbolsPerBlock: Int
    /// The longest string (a symbol or a block's context), in UTF-8 bytes. Default 65,536, the Datalog
    /// parser's literal limit. Exceeding it: ``BiscuitError/Code/stringTooLong``.
    public var maxStringLength: Int
    /// The longest `bytes` term. Default 65,536. Exceeding it: ``BiscuitError/Code/bytesTooLong``.
    public var maxBytesLength: Int
    /// The deepest nesting of terms (sets, arrays and maps inside one another) and of closures inside
    /// expressions. Default 32. Exceeding it: ``BiscuitError/Code/nestingTooDeep``.
    public var maxNestingDepth: Int

    /// Creates limits; every parameter has the documented default.
    ///
    /// - Parameters:
    ///   - maxTokenSize: The largest token, in bytes of protobuf.
    ///   - maxBlocks: The most blocks, the authority block included.
    ///   - maxSymbolsPerBlock: The most symbols one block may add.
    ///   - maxStringLength: The longest symbol or context, in UTF-8 bytes.
    ///   - maxBytesLength: The longest `bytes` term.
    ///   - maxNestingDepth: The deepest nesting of terms and closures.
    public init(
        maxTokenSize: Int = 1 << 20, maxBlocks: Int = World.maxBlockCount, maxSymbolsPerBlock: Int = 1_024,
        maxStringLength: Int = 65_536, maxBytesLength: Int = 65_536, maxNestingDepth: Int = 32
    ) {
        self.maxTokenSize = maxTokenSize
        self.maxBlocks = maxBlocks
        self.maxSymbolsPerBlock = maxSymbolsPerBlock
        self.maxStringLength = maxStringLength
        self.maxBytesLength = maxBytesLength
        self.maxNestingDepth = maxNestingDepth
    }

    /// The defaults.
    public static let `default` = BiscuitLimits()
}
