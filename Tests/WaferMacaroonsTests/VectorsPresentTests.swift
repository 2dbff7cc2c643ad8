import Foundation
import Testing

@Suite("Macaroon vectors")
struct VectorsPresentTests {
    @Test("libmacaroons, extracted and pymacaroons vectors are bundled")
    func vectorsAreBundled() throws {
        let url = try #require(Bundle.module.url(forResource: "Vectors", withExtension: nil))
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        #expect(Set(names).isSuperset(of: ["libmacaroons", "extracted_test_vectors.json", "pymacaroons_deterministic.json"]))
    }
}
