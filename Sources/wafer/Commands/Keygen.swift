import ArgumentParser
import Wafer

/// `wafer keygen`: generates a key pair, writes the private key to a 0600 file and prints the public key.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a key pair: write the private key to a file (mode 0600), print the public key.",
        discussion: "Example: wafer keygen --output root.key"
    )

    @Option(help: "The signature algorithm.")
    var algorithm: SignatureAlgorithm = .ed25519

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write the private key to (created with mode 0600).", valueName: "file"))
    var output: String

    @Option(help: "How to write the private key: 'text' (ed25519-private/<hex>) or 'pem' (PKCS#8).")
    var format: KeyFormat = .text

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        let key = SigningKey(algorithm: algorithm)
        let contents = format == .pem ? key.exportPEM() : key.exportText() + "\n"
        try KeyFiles.writeSecret(contents, to: output, replacing: force)
        print(format == .pem ? key.publicKey.pemRepresentation : key.publicKey.description, terminator: format == .pem ? "" : "\n")
    }
}
