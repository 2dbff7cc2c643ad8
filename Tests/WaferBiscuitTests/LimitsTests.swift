import Testing
import WaferBiscuit
import WaferCrypto
import WaferDatalog

/// Each cap of `BiscuitLimits` refuses a token that exceeds it, with its own error code, whether the token is
/// verified or only inspected; a token within the caps reads as before.
@Suite("Biscuit limits")
struct LimitsTests {
    let rootKey = SigningKey(algorithm: .ed25519)

    private func token(_ facts: [Fact], context: String? = nil) throws -> Biscuit {
        var program = Program()
        program.facts = facts
        return try Biscuit.make(rootKey: rootKey, program: program, context: context)
    }

    private func refusal(_ biscuit: Biscuit, _ limits: BiscuitLimits) -> BiscuitError? {
        do {
            let unverified = try UnverifiedBiscuit(base64URL: biscuit.base64URLEncoded, limits: limits)
            _ = try unverified.verify(rootKey: rootKey.publicKey)
            return nil
        } catch {
            return error
        }
    }

    @Test("more blocks than maxBlocks are refused while parsing, before any signature is checked")
    func blocks() throws {
        var biscuit = try Biscuit.make(rootKey: rootKey, code: #"right("read");"#)
        for _ in 0..<4 { biscuit = try biscuit.attenuated(withCode: #"check if operation("read");"#) }
        #expect(throws: Never.self) { try UnverifiedBiscuit(bytes: biscuit.serializedBytes, limits: .init(maxBlocks: 5)) }
        let error = #expect(throws: BiscuitError.self) {
            try UnverifiedBiscuit(bytes: biscuit.serializedBytes, limits: .init(maxBlocks: 4))
        }
        #expect(error?.code == .tooManyBlocks)
        #expect(error?.message.contains("5 blocks") == true)
    }

    @Test("the default refuses 64 blocks, which the engine could not hold")
    func defaultBlocks() throws {
        var biscuit = try Biscuit.make(rootKey: rootKey, code: #"right("read");"#)
        let check = try Program(parsing: #"check if operation("read");"#)
        for _ in 0..<63 { biscuit = try biscuit.attenuated(with: check) }
        let error = #expect(throws: BiscuitError.self) { try UnverifiedBiscuit(bytes: biscuit.serializedBytes) }
        #expect(error?.code == .tooManyBlocks)
    }

    @Test("a block adding more symbols than maxSymbolsPerBlock")
    func symbols() throws {
        let biscuit = try token((0..<100).map { Fact("item", [.string("s\($0)")]) })
        #expect(refusal(biscuit, .init(maxSymbolsPerBlock: 99))?.code == .tooManySymbols)
        #expect(refusal(biscuit, .init(maxSymbolsPerBlock: 101)) == nil)
        let inspected = #expect(throws: BiscuitError.self) {
            try UnverifiedBiscuit(base64URL: biscuit.base64URLEncoded, limits: .init(maxSymbolsPerBlock: 99))
                .unverifiedBlocks()
        }
        #expect(inspected?.code == .tooManySymbols)
    }

    @Test("minting a token beyond the default limits fails with the reader's error: Wafer writes nothing it would refuse")
    func writerAgrees() throws {
        let symbols = #expect(throws: BiscuitError.self) {
            try token((0..<1_100).map { Fact("item", [.string("s\($0)")]) })
        }
        #expect(symbols?.code == .tooManySymbols)
        var term = Term.integer(1)
        for _ in 0..<40 { term = .array([term]) }
        let nested = #expect(throws: BiscuitError.self) { try token([Fact("deep", [term])]) }
        #expect(nested?.code == .nestingTooDeep)
    }

    @Test("a symbol or a context longer than maxStringLength")
    func strings() throws {
        let long = try token([Fact("name", [.string(String(repeating: "a", count: 100))])])
        let error = refusal(long, .init(maxStringLength: 64))
        #expect(error?.code == .stringTooLong)
        #expect(error?.message.contains("100 bytes") == true)
        #expect(refusal(long, .init(maxStringLength: 100)) == nil)

        let context = try token([Fact("name", [.string("a")])], context: String(repeating: "c", count: 100))
        #expect(refusal(context, .init(maxStringLength: 64))?.code == .stringTooLong)
    }

    @Test("a bytes term longer than maxBytesLength")
    func bytes() throws {
        let biscuit = try token([Fact("blob", [.bytes([UInt8](repeating: 7, count: 100))])])
        #expect(refusal(biscuit, .init(maxBytesLength: 99))?.code == .bytesTooLong)
        #expect(refusal(biscuit, .init(maxBytesLength: 100)) == nil)
    }

    @Test("arrays nested deeper than maxNestingDepth")
    func nestedTerms() throws {
        var term = Term.integer(1)
        for _ in 0..<10 { term = .array([term]) }
        let biscuit = try token([Fact("deep", [term])])
        #expect(refusal(biscuit, .init(maxNestingDepth: 10))?.code == .nestingTooDeep)
        #expect(refusal(biscuit, .init(maxNestingDepth: 11)) == nil)
    }

    @Test("closures nested deeper than maxNestingDepth")
    func nestedClosures() throws {
        let biscuit = try Biscuit.make(rootKey: rootKey, code: """
            check if [1].any($a -> [2].any($b -> [3].any($c -> $a + $b + $c == 6)));
            """)
        #expect(refusal(biscuit, .init(maxNestingDepth: 3))?.code == .nestingTooDeep)
        #expect(refusal(biscuit, .init(maxNestingDepth: 4)) == nil)
    }

    @Test("a token larger than maxTokenSize, as bytes and as text")
    func size() throws {
        let biscuit = try token([Fact("name", [.string("alice")])])
        let size = biscuit.serializedBytes.count
        #expect(throws: BiscuitError.self) { try UnverifiedBiscuit(bytes: biscuit.serializedBytes, limits: .init(maxTokenSize: size - 1)) }
        let error = #expect(throws: BiscuitError.self) {
            try UnverifiedBiscuit(base64URL: biscuit.base64URLEncoded, limits: .init(maxTokenSize: size / 2))
        }
        #expect(error?.code == .tokenTooLarge)
        #expect(throws: Never.self) { try UnverifiedBiscuit(bytes: biscuit.serializedBytes, limits: .init(maxTokenSize: size)) }
    }
}
