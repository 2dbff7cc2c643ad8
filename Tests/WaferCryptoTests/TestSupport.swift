import Foundation
import WaferCrypto

/// Reads and decodes a JSON file from this test target's `Vectors` folder.
func loadVectors<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
    try JSONDecoder().decode(T.self, from: try vectorData(named: name))
}

/// Reads a file from this test target's `Vectors` folder.
func vectorData(named name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: "Vectors/\(name)", withExtension: nil) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Vectors/\(name)"])
    }
    return try Data(contentsOf: url)
}

/// Reads a text file from this test target's `Vectors` folder.
func vectorText(named name: String) throws -> String {
    String(decoding: try vectorData(named: name), as: UTF8.self)
}

/// Decodes hex that a test controls; a malformed literal is a bug in the test.
func hex(_ text: String) -> [UInt8] {
    do { return try Hex.decode(text) } catch { preconditionFailure("bad hex literal in a test: \(error)") }
}
