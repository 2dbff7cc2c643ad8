// Runs one benchmark workload in a loop, outside package-benchmark, for profilers:
//   swift build -c release --product WaferProfile   (in Benchmarks/)
//   valgrind --tool=callgrind .build/release/WaferProfile macaroon.verify.5-first-party 2000
// Cases: macaroon.verify.5-first-party, macaroon.serialize.v1, macaroon.deserialize.v1,
// biscuit.parse+verify.3-blocks, biscuit.append_block.2,
// biscuit.floor.3xed25519, datalog.authorize.typical: the workloads of MacaroonBenchmarks, BiscuitBenchmarks and
// DatalogBenchmarks. valgrind cannot read the Swift 6.3 release binary's debug information: profile a copy made
// with `objcopy --strip-debug` (function names stay).

#if canImport(Glibc)
import Glibc
#endif
import BenchmarkWorkloads
import WaferBiscuit
import WaferCrypto
import WaferDatalog
import WaferMacaroons

func fail(_ message: String) -> Never {
    let line = "WaferProfile: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let iterations = Int(arguments[2]), iterations > 0 else {
    fail("usage: WaferProfile <case> <iterations > 0>")
}

switch arguments[1] {
case "macaroon.verify.5-first-party":
    let rootKey = SecretBytes(Array("this is the key, 32 bytes long..".utf8))
    let predicates = ["account = 3735928559", "user = alice", "action = read", "time < 2030-01-01T00:00:00Z", "ip = 10.0.0.1"]
    var macaroon = Macaroon(rootKey: rootKey, identifier: "we used our secret key", location: "http://example.org/")
    for predicate in predicates { macaroon = macaroon.addingFirstPartyCaveat(predicate) }
    var verifier = Verifier()
    for predicate in predicates { verifier.satisfyExact(predicate) }
    for _ in 0..<iterations {
        guard (try? verifier.verify(macaroon, rootKey: rootKey))?.isAuthorized == true else { fail("did not verify") }
    }
case "macaroon.serialize.v1", "macaroon.deserialize.v1":
    let rootKey = SecretBytes(Array("this is the key, 32 bytes long..".utf8))
    let predicates = ["account = 3735928559", "user = alice", "action = read", "time < 2030-01-01T00:00:00Z", "ip = 10.0.0.1"]
    var macaroon = Macaroon(rootKey: rootKey, identifier: "we used our secret key", location: "http://example.org/")
    for predicate in predicates { macaroon = macaroon.addingFirstPartyCaveat(predicate) }
    do {
        let bytes = try macaroon.serialized(.v1)
        if arguments[1] == "macaroon.serialize.v1" {
            for _ in 0..<iterations { _ = try macaroon.serialized(.v1) }
        } else {
            for _ in 0..<iterations { _ = try Macaroon(deserializing: bytes) }
        }
    } catch {
        fail("\(error)")
    }
case "biscuit.parse+verify.3-blocks":
    let rootKey = SigningKey(algorithm: .ed25519)
    do {
        var biscuit = try Biscuit.make(
            rootKey: rootKey, code: #"right("file1", "read"); right("file2", "read"); right("file1", "write");"#)
        for _ in 0..<2 { biscuit = try biscuit.attenuated(withCode: #"check if resource($0), operation("read"), right($0, "read");"#) }
        let text = biscuit.base64URLEncoded
        for _ in 0..<iterations { _ = try UnverifiedBiscuit(base64URL: text).verify(rootKey: rootKey.publicKey) }
    } catch {
        fail("\(error)")
    }
case "biscuit.append_block.2":
    let rootKey = SigningKey(algorithm: .ed25519)
    do {
        let base = try Biscuit.make(
            rootKey: rootKey, code: #"right("file1", "read"); right("file2", "read"); right("file1", "write");"#)
        let block = try Program(parsing: #"check if resource($0), operation("read"), right($0, "read");"#)
        for _ in 0..<iterations { _ = try base.attenuated(with: block).base64URLEncoded }
    } catch {
        fail("\(error)")
    }
case "biscuit.floor.3xed25519":
    let signer = Ed25519.PrivateKey()
    let payload = [UInt8](repeating: 0x42, count: 160)
    let signature = signer.signature(for: payload)
    for _ in 0..<iterations {
        for _ in 0..<3 where !signer.publicKey.isValidSignature(signature, for: payload) { fail("did not verify") }
    }
case "datalog.authorize.typical":
    do {
        let program = try Program(parsing: Workloads.typicalAuthorizer)
        for _ in 0..<iterations {
            let result = try World(blocks: [], authorizer: program, limits: RunLimits()).authorize()
            guard result.isAllowed else { fail("denied") }
        }
    } catch {
        fail("\(error)")
    }
default:
    fail("unknown case '\(arguments[1])'")
}
