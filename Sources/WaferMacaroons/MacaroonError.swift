/// The one error type of WaferMacaroons: malformed input (a token that does not decode, a caveat that cannot be
/// added) or an exceeded limit.
///
/// An authorization *denial* is not an error: ``Verifier/verify(_:rootKey:discharges:)`` returns it as a
/// ``VerificationResult``. New codes can be added without breaking clients.
public struct MacaroonError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of error this is. Compare with the static members; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, such as `invalidBase64` or `tooManyCaveats`.
        public let name: String

        /// Creates a code from its stable name. Codes are declared as static members of this type.
        package init(_ name: String) {
            self.name = name
        }

        /// The stable name.
        public var description: String { name }

        /// The text is not base64 (standard or URL-safe alphabet, padded or not).
        public static let invalidBase64 = Code("invalidBase64")
        /// The input matches none of the V1, V2 and JSON formats.
        public static let unknownFormat = Code("unknownFormat")
        /// A V1 packet is truncated, has a bad length header, an unknown key, or a field out of order.
        public static let malformedV1 = Code("malformedV1")
        /// A V2 binary field is truncated, out of order, repeated, or of an unknown type.
        public static let malformedV2 = Code("malformedV2")
        /// The JSON text is not valid JSON, or not a macaroon object (unknown or ambiguous fields, wrong types).
        public static let malformedJSON = Code("malformedJSON")
        /// A signature is not 32 bytes.
        public static let invalidSignatureLength = Code("invalidSignatureLength")
        /// A field (identifier, location, caveat) is longer than the limit or than its format can hold.
        public static let fieldTooLong = Code("fieldTooLong")
        /// A macaroon has more caveats than the limit.
        public static let tooManyCaveats = Code("tooManyCaveats")
        /// The input is larger than the limit.
        public static let inputTooLarge = Code("inputTooLarge")
        /// A nonce source returned something other than 24 bytes.
        public static let invalidNonce = Code("invalidNonce")
        /// A key has the wrong size or cannot be read.
        public static let invalidKey = Code("invalidKey")
        /// More discharge macaroons were presented than the verifier accepts.
        public static let tooManyDischarges = Code("tooManyDischarges")
        /// A Datalog caveat's evaluation failed (for example it exceeded its run limits).
        public static let datalogEvaluationFailed = Code("datalogEvaluationFailed")
        /// A Datalog fact given to the verifier does not parse.
        public static let invalidFact = Code("invalidFact")
    }

    /// What kind of error this is.
    public var code: Code
    /// What was wrong, where, and what would be right. Safe to log: it never holds keys or signatures.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What kind of error this is.
    ///   - message: What was wrong, where, and what would be right.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
