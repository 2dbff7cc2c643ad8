import Foundation

/// Reads a file from this test target's `Vectors` folder.
func vectorData(named name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: "Vectors/\(name)", withExtension: nil) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Vectors/\(name)"])
    }
    return try Data(contentsOf: url)
}
