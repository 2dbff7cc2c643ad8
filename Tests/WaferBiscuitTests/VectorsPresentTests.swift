import Foundation
import Testing

@Suite("Biscuit vectors")
struct VectorsPresentTests {
    @Test("the 38 sample tokens of the specification are bundled with samples.json")
    func samplesAreBundled() throws {
        let url = try #require(Bundle.module.url(forResource: "Vectors", withExtension: nil))
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        #expect(names.filter { $0.hasSuffix(".bc") }.count == 38)
        #expect(names.contains("samples.json"))
    }
}
