import Foundation
import Testing
import WaferCrypto

/// `RevocationList` reads hex ids from a file, refuses a malformed file naming the line, reloads in place
/// (keeping its ids when a reload fails) and answers lookups from any thread while it reloads.
@Suite("Revocation list")
struct RevocationListTests {
    /// A fresh file in a scratch folder under `.build`, removed when the test's folder is.
    private func file(_ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wafer-revocation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("revoked.txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("ids are read one per line, in either case; blank lines and # comments are skipped")
    func parses() throws {
        let ids = try RevocationList.parse("""
            # leaked on 2026-11-20
            00FF10

              abcdef   # trailing comment
            6b65792d31
            """)
        #expect(ids == [[0x00, 0xFF, 0x10], [0xAB, 0xCD, 0xEF], Array("key-1".utf8)])
    }

    @Test("a line that is not hex refuses the whole file, naming the line")
    func malformedLine() throws {
        let error = #expect(throws: CryptoError.self) { try RevocationList.parse("00ff\nnot-hex\n", source: "revoked.txt") }
        #expect(error?.code == .invalidRevocationList)
        #expect(error?.message.hasPrefix("revoked.txt, line 2:") == true)
        let odd = #expect(throws: CryptoError.self) { try RevocationList.parse("abc") }
        #expect(odd?.message.contains("line 1") == true)
    }

    @Test("a missing file, a folder, and a file that is not UTF-8 are refused with their own messages")
    func unreadable() throws {
        let missing = #expect(throws: CryptoError.self) { try RevocationList(contentsOf: "/nonexistent/revoked.txt") }
        #expect(missing?.code == .unreadableRevocationList)
        #expect(missing?.message.contains("does not exist") == true)
        let folder = (try file("")).components(separatedBy: "/").dropLast().joined(separator: "/")
        let directory = #expect(throws: CryptoError.self) { try RevocationList(contentsOf: folder) }
        #expect(directory?.message.contains("is a directory") == true)
        let binary = try file("")
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: binary))
        let notText = #expect(throws: CryptoError.self) { try RevocationList(contentsOf: binary) }
        #expect(notText?.code == .invalidRevocationList)
    }

    @Test("contains and firstRevoked look ids up by their bytes")
    func lookups() {
        let list = RevocationList(ids: [[1, 2], [3]])
        #expect(list.contains([1, 2]))
        #expect(!list.contains([1]))
        #expect(list.count == 2)
        let hit = list.firstRevoked(among: [[9], [3], [1, 2]])
        #expect(hit?.index == 1)
        #expect(hit?.id == [3])
        #expect(list.firstRevoked(among: [[9]]) == nil)
    }

    @Test("reload replaces the ids; a failed reload keeps the old ones")
    func reloads() throws {
        let path = try file("0a\n")
        let list = try RevocationList(contentsOf: path)
        #expect(list.contains([0x0A]))
        try "0b\n0c\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try list.reload() == 2)
        #expect(!list.contains([0x0A]))
        #expect(list.contains([0x0C]))
        try "0d\nzz\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: CryptoError.self) { try list.reload() }
        #expect(list.contains([0x0B]) && !list.contains([0x0D]))
        #expect(throws: CryptoError.self) { try RevocationList(ids: []).reload() }
    }

    @Test("reloadIfModified reads the file only when its modification date changed")
    func reloadsWhenModified() throws {
        let path = try file("0a\n")
        let list = try RevocationList(contentsOf: path)
        #expect(try list.reloadIfModified() == false)
        try "0b\n".write(toFile: path, atomically: true, encoding: .utf8)
        let later = Date().addingTimeInterval(10)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: path)
        #expect(try list.reloadIfModified() == true)
        #expect(list.contains([0x0B]))
        #expect(try list.reloadIfModified() == false)
    }

    @Test("lookups from many tasks while the list reloads see the old ids or the new ones, never neither")
    func concurrentReload() async throws {
        let path = try file("01\n02\n")
        let list = try RevocationList(contentsOf: path)
        let newText = "02\n03\n"
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                for round in 0..<50 {
                    try (round.isMultiple(of: 2) ? newText : "01\n02\n").write(toFile: path, atomically: true, encoding: .utf8)
                    try list.reload()
                }
                return true
            }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<2_000 where !list.contains([0x02]) { return false }
                    return true
                }
            }
            for try await stable in group { #expect(stable, "02 is in both versions of the file") }
        }
    }
}
