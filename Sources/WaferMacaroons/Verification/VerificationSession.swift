import WaferCrypto
import WaferDatalog

/// One run of ``Verifier/verify(_:rootKey:discharges:)``: walks the discharge tree depth first.
struct VerificationSession {
    let verifier: Verifier
    let root: Macaroon
    let discharges: [Macaroon]
    /// Discharge verifications tried so far, against ``Verifier/maxDischargeAttempts``.
    var attempts = 0

    init(verifier: Verifier, root: Macaroon, discharges: [Macaroon]) {
        self.verifier = verifier
        self.root = root
        self.discharges = discharges
    }

    /// `allow if true`: a Datalog caveat is one check, run with this policy after it.
    private static let allowAll = Policy(
        kind: .allow,
        queries: [Rule(head: Predicate(name: "query", terms: []), body: [], expressions: [Expression(ops: [.value(.bool(true))])])])

    /// Verifies one macaroon of the tree with its key; returns the first failure, or `nil` when it holds.
    ///
    /// `used` holds the discharges committed so far; a failed attempt leaves it as it was.
    mutating func verify(
        _ macaroon: Macaroon, dischargeIndex: Int?, key: SecretBytes, path: [Int], used: inout Set<Int>
    ) throws(MacaroonError) -> VerificationFailure? {
        func failure(_ reason: VerificationFailure.Reason, caveat: Int? = nil, _ detail: String) -> VerificationFailure {
            VerificationFailure(
                reason: reason, macaroonIdentifier: macaroon.identifier, dischargeIndex: dischargeIndex, caveatIndex: caveat,
                caveatIdentifier: caveat.map { macaroon.caveats[$0].identifier }, detail: detail)
        }
        var signature = HMACSHA256.authenticationCode(for: macaroon.identifier, using: key)
        var firstFailure: VerificationFailure?
        for (index, caveat) in macaroon.caveats.enumerated() {
            if caveat.isThirdParty {
                if firstFailure == nil {
                    firstFailure = try verifyThirdParty(
                        caveat, index: index, in: macaroon, dischargeIndex: dischargeIndex, chainKey: signature, path: path,
                        used: &used)
                }
                signature = Macaroon.hash2(key: signature, caveat.verificationID, caveat.identifier)
            } else {
                if firstFailure == nil, let (reason, detail) = try checkFirstParty(caveat.identifier) {
                    firstFailure = failure(reason, caveat: index, detail)
                }
                HMACSHA256.advance(&signature, with: caveat.identifier)
            }
        }
        if dischargeIndex != nil {
            signature = Macaroon.boundSignature(root: root.signature, discharge: signature)
        }
        let matches = macaroon.signature.count == 32
            && signature.withUnsafeBytes { expected in
                macaroon.signature.withUnsafeBytes { actual in ConstantTime.isEqual(expected, actual) }
            }
        guard matches else {
            let detail = dischargeIndex == nil
                ? "wrong root key, or the macaroon was altered"
                : "the discharge is not bound to this macaroon, or was altered"
            return failure(.signatureMismatch, detail)
        }
        return firstFailure
    }

    private mutating func verifyThirdParty(
        _ caveat: Caveat, index: Int, in macaroon: Macaroon, dischargeIndex: Int?, chainKey: SecretBytes, path: [Int],
        used: inout Set<Int>
    ) throws(MacaroonError) -> VerificationFailure? {
        func failure(_ reason: VerificationFailure.Reason, _ detail: String) -> VerificationFailure {
            VerificationFailure(
                reason: reason, macaroonIdentifier: macaroon.identifier, dischargeIndex: dischargeIndex, caveatIndex: index,
                caveatIdentifier: caveat.identifier, detail: detail)
        }
        let candidates = discharges.indices.filter { discharges[$0].identifier == caveat.identifier }
        guard !candidates.isEmpty else {
            return failure(.missingDischarge, "no discharge macaroon has this identifier")
        }
        let available = candidates.filter { !used.contains($0) }
        guard !available.isEmpty else {
            if candidates.contains(where: path.contains) {
                return failure(.dischargeCycle, "the discharge would discharge a caveat of itself or of its ancestors")
            }
            return failure(.dischargeAlreadyUsed, "every discharge with this identifier already discharges another caveat")
        }
        guard path.count < verifier.maxDischargeDepth else {
            return failure(.dischargeTooDeep, "discharges nested deeper than \(verifier.maxDischargeDepth)")
        }
        let vid = caveat.verificationID
        guard vid.count > SecretBox.nonceByteCount + SecretBox.tagByteCount,
            let caveatKey = try? SecretBox.open(
                vid[SecretBox.nonceByteCount...], nonce: vid[..<SecretBox.nonceByteCount], key: chainKey),
            caveatKey.count == 32
        else {
            return failure(.undecryptableVerificationID, "the verification identifier does not open with this macaroon's chain key")
        }
        var lastFailure: VerificationFailure?
        for candidate in available {
            attempts += 1
            guard attempts <= verifier.maxDischargeAttempts else {
                throw MacaroonError(
                    .tooManyDischarges,
                    "verifying the discharges needed more than \(verifier.maxDischargeAttempts) attempts (maxDischargeAttempts): several discharges share identifiers in a way that cannot be resolved cheaply")
            }
            var attempt = used
            attempt.insert(candidate)
            if let nested = try verify(
                discharges[candidate], dischargeIndex: candidate, key: caveatKey, path: path + [candidate], used: &attempt)
            {
                lastFailure = nested
                continue
            }
            used = attempt
            return nil
        }
        return lastFailure.map { nested in failure(.dischargeFailed, "\(nested)") }
            ?? failure(.missingDischarge, "no discharge macaroon has this identifier")
    }

    /// `nil` when the first-party caveat holds, else the reason and an explanation.
    private func checkFirstParty(_ predicate: [UInt8]) throws(MacaroonError) -> (VerificationFailure.Reason, String)? {
        // A caveat travels in the clear inside the macaroon, so matching it needs no constant-time comparison
        // (libmacaroons and pymacaroons compare with memcmp and ==); the signature check below does.
        if verifier.exactPredicates.contains(predicate) { return nil }
        for general in verifier.generalPredicates where general(predicate) { return nil }
        guard let text = String(validatingUTF8Bytes: predicate), Self.isDatalogCheck(text) else {
            return (.unsatisfiedCaveat, "no exact or general predicate satisfies it")
        }
        let check: Check
        do {
            check = try Check(parsing: text)
        } catch {
            return (.malformedDatalogCaveat, "the Datalog check does not parse: \(error)")
        }
        do {
            let world = try World(
                blocks: [], authorizer: Program(facts: verifier.datalogFacts, checks: [check], policies: [Self.allowAll]),
                limits: verifier.datalogLimits)
            switch try world.authorize() {
            case .allowed: return nil
            case .denied(_, let failedChecks):
                let failed = failedChecks.first.map { "\($0.check)" } ?? text
                return (.unsatisfiedCaveat, "the Datalog check failed: \(failed)")
            }
        } catch {
            throw MacaroonError(.datalogEvaluationFailed, "evaluating the Datalog caveat \"\(text)\" failed: \(error)")
        }
    }

    /// Whether a caveat's text is a Datalog check: it starts with `check if`, `check all` or `reject if`.
    static func isDatalogCheck(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).prefix(2).map(String.init)
        guard words.count == 2 else { return false }
        return (words[0] == "check" && (words[1] == "if" || words[1] == "all")) || (words[0] == "reject" && words[1] == "if")
    }
}
