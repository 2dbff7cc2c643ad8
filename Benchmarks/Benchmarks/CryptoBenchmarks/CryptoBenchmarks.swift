import Benchmark
import BenchmarkSupport
import WaferCrypto

/// The crypto floor: the cost of the primitives every token operation above them pays.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = SuiteConfiguration.make()

    let message = [UInt8](repeating: 0x5a, count: 256)
    let ed25519 = Ed25519.PrivateKey()
    let ed25519Signature = ed25519.signature(for: message)
    Benchmark("Crypto.ed25519.sign (256 bytes)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(ed25519.signature(for: message)) }
    }
    Benchmark("Crypto.ed25519.verify (256 bytes)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(ed25519.publicKey.isValidSignature(ed25519Signature, for: message)) }
    }

    let p256 = Secp256r1.PrivateKey()
    let p256Signature = p256.signature(for: message)
    Benchmark("Crypto.p256.verify (256 bytes)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(p256.publicKey.isValidSignature(p256Signature, for: message)) }
    }

    let macKey = SecretBytes.random(count: 32)
    let block = [UInt8](repeating: 0x33, count: 64)
    Benchmark("Crypto.hmac-sha256 (64 bytes)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(HMACSHA256.authenticationCode(for: block, using: macKey)) }
    }
}
