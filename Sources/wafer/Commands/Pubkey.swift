import ArgumentParser
import Foundation
import Wafer

/// `wafer pubkey`: prints the public key of a private key file.
struct Pubkey: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        abstract: "Print the public key of a private key file (text form or PEM).",
        discussion: """
            Example: wafer pubkey --key root.key
            Example: wafer pubkey --key root.key --json
            """
    )

    @Option(help: ArgumentHelp("The private key file, in text form or PEM; '-' reads standard input.", valueName: "file"), completion: .file())
    var key: String

    @OptionGroup var keyFilePermissions: KeyFilePermissions

    @Option(help: "How to print the public key: 'text' (ed25519/<hex>) or 'pem' (SubjectPublicKeyInfo).")
    var format: KeyFormat = .text

    @Flag(help: "Print one JSON object: publicKey, algorithm, pem.")
    var json = false

    func run() throws {
        let signingKey = try KeyFiles.readSigningKey(key, keyFilePermissions)
        if json {
            printJSON(publicKeyJSON(signingKey.publicKey))
            return
        }
        print(format == .pem ? signingKey.publicKey.pemRepresentation : signingKey.publicKey.description, terminator: format == .pem ? "" : "\n")
    }
}
