import Foundation
import Testing

@Suite("wafer --generate-completion-script: bash, zsh and fish")
struct CompletionCLITests {
    @Test("each shell's script exits 0, names every command and completes key files and --algorithm", arguments: ["bash", "zsh", "fish"])
    func script(shell: String) throws {
        let result = try wafer("--generate-completion-script", shell)
        #expect(result.status == 0, "\(result.standardError)")
        let script = result.standardOutput
        for command in ["keygen", "pubkey", "mint", "attenuate", "inspect", "authorize", "seal", "third-party", "bench", "datalog", "macaroon", "add-third-party", "discharge"] {
            #expect(script.contains(command), "\(shell): \(command)")
        }
        #expect(script.contains("secp256r1"), "\(shell): --algorithm's values")
        #expect(script.contains("--graph") || script.contains("'graph'"), "\(shell): inspect --graph")
        switch shell {
        case "bash":
            #expect(script.contains("'--key')\n        __wafer_add_completions -f"), "bash: --key completes file names")
            let syntax = try run(URL(fileURLWithPath: "/bin/bash"), ["-n"], input: script)
            #expect(syntax.status == 0, "bash -n: \(syntax.standardError)")
        case "zsh":
            #expect(script.hasPrefix("#compdef wafer"))
            #expect(script.contains("--key[The root private key file; '\\''-'\\'' reads standard input.]:file:_files"))
        default:
            #expect(script.contains("complete -c 'wafer'"))
            #expect(script.contains("-l 'key'") && script.contains("-rF"), "fish: --key completes file names")
        }
    }
}
