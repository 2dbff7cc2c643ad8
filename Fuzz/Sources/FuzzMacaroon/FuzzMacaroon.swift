// Fuzzes macaroon decoding (libmacaroons V1 and V2, base64 or binary, V2 JSON and legacy V1 JSON) and
// verification. The input is one serialized macaroon; when it does not decode as a whole, its lines are read
// as a macaroon followed by its discharges (the layout of libmacaroons' `.vtest` files).
//
// Properties asserted:
// - a decoded macaroon written in each format that can hold it (`serialized(_:)`, `serializedString(_:)`)
//   reads back as an equal macaroon;
// - verification with the root keys of the test vectors ends, with a result or an error, under small limits;
// - the macaroon's first-party caveats, minted again under a known key, verify as authorized when the
//   verifier accepts each of them exactly, and not with another key.
import FuzzSupport
import WaferCrypto
import WaferDatalog
import WaferMacaroons

/// The root keys of the libmacaroons `.vtest` files and of the pymacaroons vectors.
private let rootKeys: [SecretBytes] = [
    SecretBytes(Array("this is the key".utf8)),
    SecretBytes(Array("this is our super secret key; only we should know it".utf8)),
]

private let limits = MacaroonLimits(maxInputSize: 1 << 16, maxCaveats: 64, maxFieldLength: 4096, maxJSONDepth: 8)

private let verifier: Verifier = {
    var verifier = Verifier()
    verifier.satisfyExact("account = 3735928559")
    verifier.satisfyExact("user = alice")
    verifier.satisfyGeneral { $0.starts(with: Array("time < ".utf8)) }
    verifier.facts = [
        Fact("operation", [.string("read")]), Fact("account", [.integer(3_735_928_559)]),
    ]
    verifier.datalogLimits = RunLimits(maxFacts: 100, maxIterations: 10, maxTime: .milliseconds(50))
    verifier.maxDischarges = 8
    verifier.maxDischargeAttempts = 32
    return verifier
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMacaroon(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = inputBytes(start, count)
    var macaroons: [Macaroon] = []
    if let macaroon = try? Macaroon(deserializing: bytes, limits: limits) {
        macaroons = [macaroon]
    } else {
        let lines = bytes.split(separator: UInt8(ascii: "\n")).prefix(8)
        for line in lines {
            guard let macaroon = try? Macaroon(deserializing: line, limits: limits) else { break }
            macaroons.append(macaroon)
        }
    }
    guard let root = macaroons.first else { return 0 }
    for macaroon in macaroons { checkFormats(macaroon) }
    for key in rootKeys {
        _ = try? verifier.verify(root, rootKey: key, discharges: Array(macaroons.dropFirst()))
    }
    checkResigned(root)
    return 0
}

private func checkFormats(_ macaroon: Macaroon) {
    for format in [MacaroonFormat.v1, .v2, .v2JSON] {
        if let written = try? macaroon.serialized(format) {
            let again = Result { () throws(MacaroonError) in try Macaroon(deserializing: written) }
            require((try? again.get()) == macaroon, "a macaroon written as \(format) reads back differently: \(again)")
        }
        if let text = try? macaroon.serializedString(format) {
            let again = Result { () throws(MacaroonError) in try Macaroon(deserializing: text) }
            require((try? again.get()) == macaroon, "a macaroon written as \(format) text reads back differently: \(again)")
        }
    }
}

private func checkResigned(_ macaroon: Macaroon) {
    let key = rootKeys[0]
    var minted = Macaroon(rootKey: key, identifier: macaroon.identifier, location: macaroon.location)
    var exact = Verifier()
    for caveat in macaroon.firstPartyCaveats {
        minted = minted.addingFirstPartyCaveat(caveat.identifier)
        exact.satisfyExact(caveat.identifier)
    }
    let result = Result { () throws(MacaroonError) in try exact.verify(minted, rootKey: key) }
    require((try? result.get())?.isAuthorized == true, "a re-minted macaroon with satisfied caveats is not authorized: \(result)")
    let wrongKey = Result { () throws(MacaroonError) in try exact.verify(minted, rootKey: rootKeys[1]) }
    require((try? wrongKey.get())?.isAuthorized == false, "a macaroon verifies with the wrong root key: \(wrongKey)")
}
