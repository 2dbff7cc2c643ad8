import ArgumentParser
import Foundation
import Wafer

/// The `wafer` command: mints, attenuates, inspects, verifies and authorizes tokens, offline.
@main
struct WaferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wafer",
        abstract: "Mint, attenuate, inspect, verify and authorize capability tokens, offline.",
        discussion: """
            Exit codes: 0 success; 1 denied; 2 invalid input (a malformed key, token or program); 3 a file could not be \
            read or written; 4 evaluation failed; 5 a run limit was exceeded; 64 a usage error (unknown option, missing \
            argument). See docs/cli.md.
            """,
        version: WaferInfo.version,
        subcommands: [
            Keygen.self, Pubkey.self, BiscuitMint.self, BiscuitAttenuate.self, BiscuitInspect.self,
            BiscuitAuthorize.self, BiscuitSeal.self, BiscuitThirdParty.self, Datalog.self, Macaroon.self,
        ]
    )

    /// Runs the command, turning a ``CLIFailure`` into its message on standard error and its exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("wafer: error: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
