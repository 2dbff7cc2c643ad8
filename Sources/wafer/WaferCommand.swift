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
            argument); 70 an internal error (a bug: please report it). With --json, an error is also printed on \
            standard output as {"outcome": "error", "error": {"code", "message", "exitCode"}}. See docs/cli.md.

            Example: wafer keygen --output root.key
            """,
        version: WaferInfo.version,
        subcommands: [
            Keygen.self, Pubkey.self, BiscuitMint.self, BiscuitAttenuate.self, BiscuitInspect.self,
            BiscuitAuthorize.self, BiscuitSeal.self, BiscuitThirdParty.self, Bench.self, Datalog.self, Macaroon.self,
        ]
    )

    /// Runs the command. A failure becomes one line on standard error (and, with `--json`, an error object on
    /// standard output) and its documented exit code; argument errors and exit codes are left to the parser.
    static func main() {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            var runnable = command
            try runnable.run()
        } catch let error where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // The parser's own errors (help requested, ExitCode, CleanExit, ValidationError) print as it intends.
            exit(withError: error)
        } catch {
            let failure = CLIFailure(unexpected: error)
            if (command as? any JSONReporting)?.json == true { printJSON(failure.jsonObject) }
            FileHandle.standardError.write(Data("wafer: error: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode.rawValue)
        }
    }
}
