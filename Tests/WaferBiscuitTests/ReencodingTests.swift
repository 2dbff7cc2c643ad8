import Foundation
import Testing
@testable import WaferBiscuit
import WaferCrypto
import WaferDatalog

@Suite("Re-encoding the sample tokens reproduces biscuit-rust's bytes")
struct ReencodingTests {
    static let files: [String] = {
        guard let url = Bundle.module.url(forResource: "Vectors", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: url.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".bc") }.sorted()
    }()

    @Test("the outer Biscuit message re-serializes to the same bytes", arguments: files)
    func container(file: String) throws {
        let bytes = [UInt8](try vectorData(named: file))
        let container = try TokenContainer(bytes: bytes)
        #expect(try container.serialized() == bytes)
    }

    @Test("each decoded block re-encodes to the same bytes (symbols, keys, version)", arguments: files)
    func blocks(file: String) throws {
        let bytes = [UInt8](try vectorData(named: file))
        let container = try TokenContainer(bytes: bytes)
        guard let blocks = try? container.decodeBlocks() else { return }  // 002–006: not valid tokens
        var symbols = SymbolTable()
        var keys = PublicKeyTable()
        for (block, record) in zip(blocks, container.blocks) {
            if block.program.rules.contains(where: { (try? $0.validateVariables()) == nil }) {
                // test018 carries an unsafe rule on purpose: the writer refuses to produce one.
                #expect(throws: BiscuitError.self) {
                    try BlockEncoder.encode(
                        block.program, context: nil, isThirdParty: false, symbols: &symbols, publicKeys: &keys)
                }
                return
            }
            let (data, version) = try BlockEncoder.encode(
                block.program, context: block.context, isThirdParty: record.external != nil,
                symbols: &symbols, publicKeys: &keys)
            #expect(version == block.version, "block \(block.index) version")
            #expect(data == record.data, "block \(block.index) bytes")
        }
    }
}
