import Foundation
import Testing
import WaferBiscuit
import WaferCrypto

@Suite("Mutated sample tokens: a typed error or the same token, never a crash")
struct MutationTests {
    static let files = ReencodingTests.files

    @Test("flipping a bit anywhere is rejected unless it leaves the verified contents unchanged", arguments: files)
    func bitFlips(file: String) throws {
        let rootKey = try PublicKey(algorithm: .ed25519, rawRepresentation: Hex.decode(SampleKeys.root.publicKey))
        let bytes = [UInt8](try vectorData(named: file))
        guard let original = try? UnverifiedBiscuit(bytes: bytes).verify(rootKey: rootKey) else { return }
        for index in stride(from: file.count % 5, to: bytes.count, by: 5) {
            var mutated = bytes
            mutated[index] ^= 0x04
            guard let biscuit = try? UnverifiedBiscuit(bytes: mutated).verify(rootKey: rootKey) else { continue }
            // Only unsigned framing (such as the root key id) may change without an error.
            #expect(biscuit.blocks == original.blocks, "byte \(index)")
        }
        for length in stride(from: 0, to: bytes.count, by: 17) {
            #expect(throws: BiscuitError.self, "truncated to \(length) bytes") {
                try UnverifiedBiscuit(bytes: bytes.prefix(length)).verify(rootKey: rootKey)
            }
        }
    }
}
