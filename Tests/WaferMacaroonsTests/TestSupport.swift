import Foundation
import Testing
import WaferCrypto
@testable import WaferMacaroons

/// Loading the bundled vector files.
enum Vectors {
    static func url(_ name: String) throws -> URL {
        let directory = try #require(Bundle.module.url(forResource: "Vectors", withExtension: nil))
        return directory.appendingPathComponent(name)
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The 7 pymacaroons deterministic cases, by name (for `@Test(arguments:)`).
    static var deterministicCaseNames: [String] {
        guard let root = try? json("pymacaroons_deterministic.json"), let cases = root["cases"] as? [[String: Any]] else { return [] }
        return cases.compactMap { $0["name"] as? String }
    }

    static func deterministicCase(_ name: String) throws -> [String: Any] {
        let cases = try #require(try json("pymacaroons_deterministic.json")["cases"] as? [[String: Any]])
        return try #require(cases.first { $0["name"] as? String == name })
    }

    static func extractedSet(_ index: Int) throws -> [String: Any] {
        let sets = try #require(try json("extracted_test_vectors.json")["sets"] as? [[String: Any]])
        return sets[index]
    }

    static var vtestNames: [String] {
        guard let directory = try? url("libmacaroons"),
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".vtest") }.sorted()
    }
}

func hex(_ text: String) throws -> [UInt8] { try Hex.decode(text) }
func hex(_ secret: SecretBytes) -> String { Hex.encode(secret.exportBytes()) }
func secret(_ text: String) -> SecretBytes { SecretBytes(Array(text.utf8)) }
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Decodes base64 in either alphabet, padded or not (Foundation wants the standard padded form).
func base64Decode(_ text: String) throws -> [UInt8] {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while standard.count % 4 != 0 { standard += "=" }
    return Array(try #require(Data(base64Encoded: standard)))
}
