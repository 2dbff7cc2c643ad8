public import WaferDatalog

/// The one error type of WaferBiscuit: a token that cannot be read or verified, Datalog that cannot be
/// loaded, or an evaluation error or exceeded limit while authorizing.
///
/// An authorization *denial* is not an error: ``Authorizer/authorize()`` returns it as an
/// ``AuthorizationResult``. New codes can be added without breaking clients.
public struct BiscuitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of error this is. Compare with the static members; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, such as `invalidSignature`.
        public let name: String

        /// Creates a code from its stable name. Codes are declared as static members of this type.
        package init(_ name: String) {
            self.name = name
        }

        /// The stable name.
        public var description: String { name }

        // MARK: Encoding

        /// The token text is not URL-safe base64 (biscuit-rust: `Base64`).
        public static let invalidBase64 = Code("invalidBase64")
        /// The token is larger than ``BiscuitLimits/maxTokenSize``.
        public static let tokenTooLarge = Code("tokenTooLarge")
        /// The bytes are not a well-formed `Biscuit` protobuf message, or a message inside it is malformed
        /// (biscuit-rust: `Format(DeserializationError)`).
        public static let invalidFormat = Code("invalidFormat")
        /// A public key in the token is not a valid key of its algorithm (biscuit-rust:
        /// `Format(InvalidKey)`).
        public static let invalidKey = Code("invalidKey")

        // MARK: Signatures

        /// A signature's bytes are not a signature of the verifying key's algorithm: a wrong length or bad DER
        /// (biscuit-rust: `Format(BlockSignatureDeserializationError)`).
        public static let signatureDeserialization = Code("signatureDeserialization")
        /// A block signature, an external signature or the proof does not verify (biscuit-rust:
        /// `Format(Signature(InvalidSignature))`).
        public static let invalidSignature = Code("invalidSignature")
        /// A block's signature payload version is not one this module knows (0 or 1), or a third-party block
        /// is not signed with version 1 (biscuit-rust: `Format(DeserializationError)` / unsupported version).
        public static let unsupportedSignatureVersion = Code("unsupportedSignatureVersion")
        /// The authority block carries an external signature: it can never be a third-party block.
        public static let externalSignatureOnAuthority = Code("externalSignatureOnAuthority")
        /// The key provider knows no root key for the token's `rootKeyId`.
        public static let unknownRootKey = Code("unknownRootKey")
        /// The token verifies, but one of its revocation ids is in the verifier's ``RevocationList`` (the
        /// message names the block and the id).
        public static let revoked = Code("revoked")

        // MARK: Blocks

        /// A block's Datalog version is outside 3...6, or the block uses a feature its version does not
        /// allow (biscuit-rust: `Format(Version)`).
        public static let unsupportedBlockVersion = Code("unsupportedBlockVersion")
        /// A block's contents cannot be turned into Datalog: an unknown symbol or key index, a missing
        /// field, an unknown opcode, an ill-formed set (biscuit-rust: `Format(DeserializationError)`).
        public static let invalidBlock = Code("invalidBlock")
        /// A block's symbol list repeats a default symbol or a symbol of an earlier first-party block
        /// (biscuit-rust: `Format(SymbolTableOverlap)`).
        public static let symbolTableOverlap = Code("symbolTableOverlap")
        /// A block's public-key list repeats a key already in the token's key table (biscuit-rust:
        /// `Format(PublicKeyTableOverlap)`).
        public static let publicKeyTableOverlap = Code("publicKeyTableOverlap")

        // MARK: Building

        /// The token is sealed: no block can be appended.
        public static let sealed = Code("sealed")
        /// Datalog text given to build a block or an authorizer does not parse, or holds a statement a block
        /// cannot carry (a policy in a block).
        public static let invalidDatalog = Code("invalidDatalog")
        /// A token holds more blocks than ``BiscuitLimits/maxBlocks``, or than the engine can hold
        /// (`World.maxBlockCount`).
        public static let tooManyBlocks = Code("tooManyBlocks")
        /// A block adds more symbols than ``BiscuitLimits/maxSymbolsPerBlock``.
        public static let tooManySymbols = Code("tooManySymbols")
        /// A symbol or a context is longer than ``BiscuitLimits/maxStringLength``.
        public static let stringTooLong = Code("stringTooLong")
        /// A `bytes` term is longer than ``BiscuitLimits/maxBytesLength``.
        public static let bytesTooLong = Code("bytesTooLong")
        /// Terms or closures are nested deeper than ``BiscuitLimits/maxNestingDepth``.
        public static let nestingTooDeep = Code("nestingTooDeep")

        // MARK: Authorization

        /// A token block holds a rule, check or fact the engine cannot evaluate: a head or expression
        /// variable no body predicate binds, or a fact with variables (biscuit-rust:
        /// `FailedLogic(InvalidBlockRule)`).
        public static let invalidBlockRule = Code("invalidBlockRule")
        /// An expression failed while authorizing — overflow, type error, shadowed variable, FFI failure —
        /// (biscuit-rust: `Execution(…)`); ``BiscuitError/datalogError`` holds the precise code.
        public static let execution = Code("execution")
        /// A run limit was exceeded (biscuit-rust: `RunLimit(…)`); ``BiscuitError/datalogError`` says which.
        public static let runLimit = Code("runLimit")
    }

    /// What kind of error this is.
    public var code: Code
    /// What was wrong, where, and what would be right. Safe to log: it never holds key bytes or whole
    /// tokens.
    public var message: String
    /// The Datalog error behind this one, for ``Code/invalidDatalog``, ``Code/invalidBlockRule``,
    /// ``Code/execution`` and ``Code/runLimit``.
    public var datalogError: DatalogError?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of error this is.
    ///   - message: What was wrong, and what would be right.
    ///   - datalogError: The Datalog error behind this one, if any.
    public init(_ code: Code, _ message: String, datalogError: DatalogError? = nil) {
        self.code = code
        self.message = message
        self.datalogError = datalogError
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}

extension BiscuitError {
    /// Classifies an error of the Datalog engine met while loading or running an authorizer.
    static func fromEngine(_ error: DatalogError) -> BiscuitError {
        let limits: Set<DatalogError.Code> = [.tooManyFacts, .tooManyIterations, .timeout]
        if limits.contains(error.code) {
            return BiscuitError(.runLimit, error.message, datalogError: error)
        }
        if error.code == .tooManyBlocks || error.code == .duplicateBlockID {
            return BiscuitError(.tooManyBlocks, error.message, datalogError: error)
        }
        if error.blockID != nil {
            return BiscuitError(.invalidBlockRule, error.message, datalogError: error)
        }
        if error.code == .unsafeRule || error.code == .invalidFact {
            return BiscuitError(.invalidDatalog, error.message, datalogError: error)
        }
        return BiscuitError(.execution, error.message, datalogError: error)
    }
}
