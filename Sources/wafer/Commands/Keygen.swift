import ArgumentParser
import Wafer

/// `wafer keygen`: generates a key pair, writes the private key to a 0600 file and prints the public key.
struct Keygen: ParsableCommand, JSONReporting {
    static let configuration = CommandConfiguration(
        abstract: "Generate a key pair: write the private key to a file (mode 0600), print the public key.",
        discussion: """
            The private key never appears on standard output, not even with --json.

            Example: wafer keygen --output root.key
            Example: wafer keygen --algorithm secp256r1 --output p256.key --format pem --json
            """
    )

    @Option(help: "The signature algorithm.")
    var algorithm: SignatureAlgorithm = .ed25519

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write the private key to (created with mode 0600).", valueName: "file"), completion: .file())
    var output: String

    @Option(help: "How to write the private key: 'text' (ed25519-private/<hex>) or 'pem' (PKCS#8).")
    var format: KeyFormat = .text

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    @Flag(help: "Print one JSON object: publicKey, algorithm, pem, file, format (never the private key).")
    var json = false

    func run() throws {
        let key = SigningKey(algorithm: algorithm)
        let contents = format == .pem ? key.exportPEM() : key.exportText() + "\n"
        try KeyFiles.writeSecret(contents, to: output, replacing: force)
        if json {
            printJSON(publicKeyJSON(key.publicKey).merging(["file": output, "format": format.rawValue]) { $1 })
            return
        }
        print(format == .pem ? key.publicKey.pemRepresentation : key.publicKey.description, terminator: format == .pem ? "" : "\n")
    }
}
