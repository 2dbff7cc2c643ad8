import Foundation
import Testing

/// Runs every command that handles a secret key — succeeding, failing and with `--json` — and greps all it
/// printed, on standard output and standard error, for the keys in every form a careless message could use.
@Suite("No secret reaches the CLI's output or errors")
struct SecretLeakCLITests {
    /// The hex of a key file's secret: the text after `…-private/` or the macaroon key file's hex.
    private func secretHex(_ file: URL) throws -> String {
        let text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return String(text.split(separator: "/").last ?? Substring(text))
    }

    /// The hex in either case, its first half, and base64 of its bytes.
    private func forms(_ hex: String) -> [String] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), next > index {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        let base64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
        return [hex.lowercased(), hex.uppercased(), String(hex.prefix(hex.count / 2)), base64,
                base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")]
    }

    @Test("Biscuit, third-party and macaroon commands, with good and bad input, print no private or macaroon key")
    func everyCommand() throws {
        let directory = try temporaryDirectory()
        func file(_ name: String) -> URL { directory.appendingPathComponent(name) }
        var outputs: [String] = []
        @discardableResult
        func run(_ arguments: [String], input: String? = nil) throws -> String {
            let result = try wafer(arguments: arguments, input: input, in: directory)
            outputs.append("$ wafer \(arguments.joined(separator: " "))\n\(result.standardOutput)\n\(result.standardError)")
            return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        let publicKey = try run(["keygen", "--output", "root.key"])
        try run(["keygen", "--algorithm", "secp256r1", "--output", "p256.key", "--format", "pem", "--json"])
        try run(["keygen", "--output", "third.key", "--json"])
        try run(["macaroon", "keygen", "--output", "m.key"])
        try run(["macaroon", "keygen", "--output", "caveat.key", "--json"])
        let secrets = try ["root.key", "third.key", "m.key", "caveat.key"].map { try secretHex(file($0)) }
        let pem = try String(contentsOf: file("p256.key"), encoding: .utf8)

        // Biscuit: mint, attenuate, authorize, third-party, with good and broken input.
        try run(["pubkey", "--key", "root.key"])
        try run(["pubkey", "--key", "p256.key", "--json"])
        let token = try run(["mint", "--key", "root.key", "--code", #"user("alice"); check if operation("read");"#])
        try run(["mint", "--key", "root.key", "--code", "user(", "--json"])
        try run(["mint", "--key", "p256.key", "--code", #"user("bob");"#, "--json"])
        try run(["attenuate", token, "--code", "check if", "--json"])
        try run(["authorize", token, "--public-key", publicKey, "--code", #"operation("read"); allow if true;"#, "--json"])
        try run(["authorize", token, "--public-key", publicKey, "--code", "allow if true;"])
        try run(["authorize", token, "--public-key-file", "third.key", "--code", "allow if true;"])
        try run(["authorize", String(token.dropLast(8)), "--public-key", publicKey, "--code", "allow if true;", "--json"])
        try run(["inspect", token, "--json"])
        let request = try run(["third-party", "request", token, "--public-key", publicKey])
        try run(["third-party", "create", request, "--key", "third.key", "--code", #"group("admin");"#, "--json"])
        try run(["third-party", "create", String(request.dropFirst(4)), "--key", "third.key", "--code", "x;"])
        try run(["third-party", "create", request, "--key", "third.key", "--code", "group("])

        // Keys that are broken in every way a typo can break them: no message may quote them back.
        let rootHex = secrets[0]
        for (name, text) in [
            ("odd.key", "ed25519-private/\(rootHex)0"), ("short.key", "ed25519-private/\(rootHex.dropLast(2))"),
            ("nothex.key", "ed25519-private/\(rootHex.dropLast(2))zz"), ("public.key", "ed25519/\(rootHex)"),
            ("prefix.key", "rsa-private/\(rootHex)"), ("bare.key", rootHex),
            ("pem.key", String(pem.dropLast(40))),
        ] {
            try writeKeyFile(text, to: file(name))
            try run(["mint", "--key", name, "--code", #"user("x");"#])
            try run(["pubkey", "--key", name, "--json"])
            try run(["authorize", token, "--public-key-file", name, "--code", "allow if true;"])
        }
        try run(["mint", "--key", "-", "--code", #"user("x");"#], input: "ed25519-private/\(rootHex)00")

        // Macaroons: mint, attenuate, third party, discharge, verify with the right and the wrong key.
        let macaroon = try run(["macaroon", "mint", "--key-file", "m.key", "--id", "key-1", "--caveat", "account = 1"])
        let withThirdParty = try run([
            "macaroon", "add-third-party", macaroon, "--location", "auth", "--caveat-key-file", "caveat.key", "--id", "alice",
        ])
        let discharge = try run(["macaroon", "discharge", "--key-file", "caveat.key", "--id", "alice", "--json"])
        let dischargeToken = try #require(
            try JSONSerialization.jsonObject(with: Data(discharge.utf8)) as? [String: Any])["token"] as? String ?? ""
        #expect(!dischargeToken.isEmpty)
        let bound = try run(["macaroon", "bind", withThirdParty, dischargeToken])
        try run(["macaroon", "inspect", withThirdParty, "--json"])
        for key in ["m.key", "caveat.key", "nothex.key"] {
            try run(["macaroon", "verify", withThirdParty, "--key-file", key, "--satisfy", "account = 1", "--discharge", bound])
            try run(["macaroon", "verify", withThirdParty, "--key-file", key, "--discharge", bound, "--json"])
        }
        try run(["macaroon", "verify", String(withThirdParty.dropLast(5)), "--key-file", "m.key", "--json"])
        try writeKeyFile(secrets[2] + "zz", to: file("badm.key"))
        try run(["macaroon", "mint", "--key-file", "badm.key", "--id", "k"])
        try run(["macaroon", "discharge", "--key-file", "badm.key", "--id", "alice", "--json"])

        #expect(outputs.count > 40)
        let everything = outputs.joined(separator: "\n")
        for (index, secret) in secrets.enumerated() {
            for form in forms(secret) {
                #expect(!everything.contains(form), "secret \(index) appears in the output:\n\(outputs.first { $0.contains(form) } ?? "")")
            }
        }
        // The P-256 PEM's base64 body, in any line of it.
        for line in pem.split(separator: "\n") where !line.hasPrefix("-----") && line.count > 16 {
            #expect(!everything.contains(line), "a line of the PEM key appears in the output")
        }
    }
}
