import Benchmark
import BenchmarkSupport
import WaferCrypto
import WaferMacaroons

/// Macaroon workloads of issue 5: mint with 5 caveats, serialize, deserialize, verify.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = SuiteConfiguration.make()

    let rootKey = SecretBytes(Array("this is the key, 32 bytes long..".utf8))
    let predicates = ["account = 3735928559", "user = alice", "action = read", "time < 2030-01-01T00:00:00Z", "ip = 10.0.0.1"]
    func mint() -> Macaroon {
        var macaroon = Macaroon(rootKey: rootKey, identifier: "we used our secret key", location: "http://example.org/")
        for predicate in predicates { macaroon = macaroon.addingFirstPartyCaveat(predicate) }
        return macaroon
    }
    Benchmark("Macaroon.mint.5-caveats") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(mint()) }
    }

    let macaroon = mint()
    for format in [MacaroonFormat.v1, .v2, .v2JSON] {
        // Serializing a well-formed macaroon in these formats cannot fail.
        let bytes = try! macaroon.serialized(format)
        Benchmark("Macaroon.serialize.\(format.rawValue)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try? macaroon.serialized(format)) }
        }
        Benchmark("Macaroon.deserialize.\(format.rawValue)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try? Macaroon(deserializing: bytes)) }
        }
    }

    var verifier = Verifier()
    for predicate in predicates { verifier.satisfyExact(predicate) }
    let exactVerifier = verifier
    Benchmark("Macaroon.verify.5-first-party") { benchmark in
        for _ in benchmark.scaledIterations {
            guard (try? exactVerifier.verify(macaroon, rootKey: rootKey))?.isAuthorized == true else {
                fatalError("benchmark macaroon does not verify")
            }
        }
    }

    let caveatKey = SecretBytes(Array("third-party caveat key, 32 bytes".utf8))
    // A 24-byte nonce from a fixed source cannot fail.
    let withThirdParty = try! macaroon.addingThirdPartyCaveat(
        location: Array("https://auth.example.org/".utf8), caveatKey: caveatKey,
        identifier: Array("user-is-alice".utf8), nonceSource: .fixed([UInt8](repeating: 7, count: 24)))
    let discharge = Macaroon(rootKey: caveatKey, identifier: "user-is-alice", location: "https://auth.example.org/")
    let bound = withThirdParty.prepareForRequest([discharge])
    Benchmark("Macaroon.verify.third-party+discharge") { benchmark in
        for _ in benchmark.scaledIterations {
            guard (try? exactVerifier.verify(withThirdParty, rootKey: rootKey, discharges: bound))?.isAuthorized == true else {
                fatalError("benchmark macaroon with discharge does not verify")
            }
        }
    }
}
