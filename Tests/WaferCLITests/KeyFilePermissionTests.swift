import Foundation
import Testing

@Suite("Secret key files others may read are refused, as ssh does")
struct KeyFilePermissionTests {
    @Test("a Biscuit key file of mode 0644 is refused with its mode and the chmod; 0600 or --insecure-key-file is accepted")
    func biscuitKey() throws {
        let directory = try temporaryDirectory()
        let publicKey = try wafer("keygen", "--output", "root.key", in: directory).standardOutput
        let path = directory.appendingPathComponent("root.key").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)

        for arguments in [["pubkey", "--key", "root.key"], ["mint", "--key", "root.key", "--code", #"user("alice");"#]] {
            let refused = try wafer(arguments: arguments, in: directory)
            #expect(refused.status == 3, "\(arguments)")
            #expect(refused.standardError.contains("key file 'root.key' is accessible to its group or to other users (mode 644)"))
            #expect(refused.standardError.contains("chmod 600 root.key"))
            #expect(refused.standardOutput.isEmpty)
        }
        let accepted = try wafer("pubkey", "--key", "root.key", "--insecure-key-file", in: directory)
        #expect(accepted.status == 0)
        #expect(accepted.standardOutput == publicKey)

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try wafer("pubkey", "--key", "root.key", in: directory).standardOutput == publicKey)
        // Standard input has no mode to check.
        let key = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try wafer("pubkey", "--key", "-", input: key, in: directory).standardOutput == publicKey)
    }

    @Test("a macaroon key file readable by its group is refused too")
    func macaroonKey() throws {
        let directory = try temporaryDirectory()
        #expect(try wafer("macaroon", "keygen", "--output", "m.key", in: directory).status == 0)
        let path = directory.appendingPathComponent("m.key").path
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let refused = try wafer("macaroon", "mint", "--key-file", "m.key", "--id", "k1", in: directory)
        #expect(refused.status == 3)
        #expect(refused.standardError.contains("(mode 640)"))
        let accepted = try wafer("macaroon", "mint", "--key-file", "m.key", "--id", "k1", "--insecure-key-file", in: directory)
        #expect(accepted.status == 0)
    }
}
