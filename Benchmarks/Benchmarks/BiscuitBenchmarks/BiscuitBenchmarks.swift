import Benchmark
import BenchmarkSupport
import WaferBiscuit
import WaferCrypto
import WaferDatalog

// The cases of biscuit-rust's own benches (biscuit-auth/benches/token.rs), with its workloads: an authority
// block of rights, attenuation blocks holding one check each, an authorizer with a resource and an operation.

private let authorityCode = #"right("file1", "read"); right("file2", "read"); right("file1", "write");"#
private let blockCode = #"check if resource($0), operation("read"), right($0, "read");"#
private let authorizerCode = #"resource("file1"); operation("read"); allow if true;"#

/// A benchmark fixture that cannot fail for well-formed constants; a failure is a bug in the benchmark.
private func must<T>(_ body: () throws -> T) -> T {
    do { return try body() } catch { fatalError("benchmark fixture failed: \(error)") }
}

/// A token with `blocks` blocks: the authority block and `blocks - 1` attenuations.
private func token(blocks: Int, rootKey: SigningKey) -> Biscuit {
    var biscuit = must { try Biscuit.make(rootKey: rootKey, code: authorityCode) }
    for _ in 1..<blocks { biscuit = must { try biscuit.attenuated(withCode: blockCode) } }
    return biscuit
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = SuiteConfiguration.make()

    let rootKey = SigningKey(algorithm: .ed25519)
    let authority = must { try Program(parsing: authorityCode) }
    let block = must { try Program(parsing: blockCode) }
    let authorizerProgram = must { try Program(parsing: authorizerCode) }

    Benchmark("Biscuit.create_block (mint: authority block, sign, serialize)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(must { try Biscuit.make(rootKey: rootKey, program: authority).base64URLEncoded })
        }
    }

    Benchmark("Biscuit.mint.from-text (parse the authority block's Datalog, sign, serialize)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(must { try Biscuit.make(rootKey: rootKey, code: authorityCode).base64URLEncoded })
        }
    }

    for blocks in [2, 5] {
        let base = token(blocks: blocks - 1, rootKey: rootKey)
        Benchmark("Biscuit.append_block.\(blocks)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(must { try base.attenuated(with: block).base64URLEncoded })
            }
        }

        let text = token(blocks: blocks, rootKey: rootKey).base64URLEncoded
        Benchmark("Biscuit.check_signature.\(blocks) (parse + verify)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(must { try UnverifiedBiscuit(base64URL: text).verify(rootKey: rootKey.publicKey) })
            }
        }
        Benchmark("Biscuit.verify_block.\(blocks) (parse + verify + authorize)") { benchmark in
            for _ in benchmark.scaledIterations {
                let biscuit = must { try UnverifiedBiscuit(base64URL: text).verify(rootKey: rootKey.publicKey) }
                let result = must { try Authorizer(biscuit: biscuit, program: authorizerProgram).authorize() }
                guard result.isAllowed else { fatalError("benchmark token was denied: \(result)") }
            }
        }
        let verified = must { try UnverifiedBiscuit(base64URL: text).verify(rootKey: rootKey.publicKey) }
        Benchmark("Biscuit.checks_block.\(blocks) (authorize only)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(must { try Authorizer(biscuit: verified, program: authorizerProgram).authorize() })
            }
        }
    }

    // The crypto floor of a 3-block token, in the same run: parse + verify should cost at most 1.15× its three
    // Ed25519 signature checks (issue 4's target).
    let threeBlocks = token(blocks: 3, rootKey: rootKey)
    let threeBlockText = threeBlocks.base64URLEncoded
    Benchmark("Biscuit.parse+verify.3-blocks") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(must { try UnverifiedBiscuit(base64URL: threeBlockText).verify(rootKey: rootKey.publicKey) })
        }
    }
    let signer = Ed25519.PrivateKey()
    let payload = [UInt8](repeating: 0x42, count: 160)
    let signature = signer.signature(for: payload)
    Benchmark("Biscuit.floor.3×ed25519.verify (160-byte payloads)") { benchmark in
        for _ in benchmark.scaledIterations {
            for _ in 0..<3 { blackHole(signer.publicKey.isValidSignature(signature, for: payload)) }
        }
    }
}
