import Foundation
import Testing
import WaferCrypto
import WaferMacaroons

/// The peer implementations, found at run time. Tests that need one are skipped, with a message, when it is
/// missing: CI installs them with `apt-get install -y libmacaroons-dev` (libmacaroons 0.3.0, V1 only, plus a C
/// compiler `cc`) and `pip install pymacaroons` (0.13.0, with PyNaCl) on the `python3` in `PATH`.
enum Peers {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    static func run(_ arguments: [String]) -> Output? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return nil }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    static let directory: URL = {
        // Under the package's .build folder rather than /tmp: the drivers are build products, removed with it.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = packageRoot.appendingPathComponent(".build/test-peers/macaroons-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The pymacaroons driver script, or `nil` when `python3` cannot import pymacaroons.
    static let pymacaroons: URL? = {
        guard let probe = run(["python3", "-c", "import pymacaroons"]), probe.status == 0 else { return nil }
        let url = directory.appendingPathComponent("peer.py")
        guard (try? Data(pythonSource.utf8).write(to: url)) != nil else { return nil }
        return url
    }()

    /// The compiled libmacaroons driver, or `nil` when `cc` or libmacaroons-dev is missing.
    static let libmacaroons: URL? = {
        let source = directory.appendingPathComponent("peer.c")
        let binary = directory.appendingPathComponent("peer")
        guard (try? Data(cSource.utf8).write(to: source)) != nil,
            let build = run(["cc", "-o", binary.path, source.path, "-lmacaroons"]), build.status == 0
        else { return nil }
        return binary
    }()

    static func python(_ arguments: [String]) throws -> Output {
        let script = try #require(pymacaroons)
        return try #require(run(["python3", script.path] + arguments))
    }

    static func c(_ arguments: [String]) throws -> Output {
        let binary = try #require(libmacaroons)
        return try #require(run([binary.path] + arguments))
    }

    static let cSource = #"""
/* Wafer interop peer for libmacaroons (built by WaferMacaroonsTests/InteropTests.swift). */
#include <macaroons.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char* what, enum macaroon_returncode err) {
    fprintf(stderr, "%s failed: %d\n", what, (int)err);
    return 2;
}

static int print(const struct macaroon* M) {
    enum macaroon_returncode err = MACAROON_SUCCESS;
    size_t size = macaroon_serialize_size_hint(M);
    char* buffer = malloc(size);
    if (!buffer || macaroon_serialize(M, buffer, size, &err) < 0) return fail("serialize", err);
    printf("%s\n", buffer);
    free(buffer);
    return 0;
}

/* mint KEY ID LOCATION CAVEAT TP_KEY TP_ID TP_LOCATION TP_CAVEAT: prints M and the bound discharge. */
static int mint(char** argv) {
    enum macaroon_returncode err = MACAROON_SUCCESS;
    struct macaroon* M = macaroon_create((const unsigned char*)argv[2], strlen(argv[2]), (const unsigned char*)argv[0],
                                         strlen(argv[0]), (const unsigned char*)argv[1], strlen(argv[1]), &err);
    if (!M) return fail("create", err);
    M = macaroon_add_first_party_caveat(M, (const unsigned char*)argv[3], strlen(argv[3]), &err);
    if (!M) return fail("first party", err);
    M = macaroon_add_third_party_caveat(M, (const unsigned char*)argv[6], strlen(argv[6]), (const unsigned char*)argv[4],
                                        strlen(argv[4]), (const unsigned char*)argv[5], strlen(argv[5]), &err);
    if (!M) return fail("third party", err);
    struct macaroon* D = macaroon_create((const unsigned char*)argv[6], strlen(argv[6]), (const unsigned char*)argv[4],
                                         strlen(argv[4]), (const unsigned char*)argv[5], strlen(argv[5]), &err);
    if (!D) return fail("discharge", err);
    D = macaroon_add_first_party_caveat(D, (const unsigned char*)argv[7], strlen(argv[7]), &err);
    if (!D) return fail("discharge caveat", err);
    struct macaroon* B = macaroon_prepare_for_request(M, D, &err);
    if (!B) return fail("prepare", err);
    return print(M) || print(B);
}

/* verify KEY TOKEN [exact PREDICATE | discharge TOKEN]... : exit 0 authorized, 1 not. */
static int verify(int argc, char** argv) {
    enum macaroon_returncode err = MACAROON_SUCCESS;
    struct macaroon* M = macaroon_deserialize(argv[1], &err);
    if (!M) return fail("deserialize", err);
    struct macaroon_verifier* V = macaroon_verifier_create();
    struct macaroon* discharges[16];
    size_t count = 0;
    for (int i = 2; i + 1 < argc && count < 16; i += 2) {
        if (strcmp(argv[i], "exact") == 0) {
            macaroon_verifier_satisfy_exact(V, (const unsigned char*)argv[i + 1], strlen(argv[i + 1]), &err);
        } else {
            discharges[count] = macaroon_deserialize(argv[i + 1], &err);
            if (!discharges[count]) return fail("deserialize discharge", err);
            ++count;
        }
    }
    int result = macaroon_verify(V, M, (const unsigned char*)argv[0], strlen(argv[0]), discharges, count, &err);
    printf("%s\n", result == 0 ? "authorized" : "unauthorized");
    return result == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
    if (argc >= 10 && strcmp(argv[1], "mint") == 0) return mint(argv + 2);
    if (argc >= 4 && strcmp(argv[1], "verify") == 0) return verify(argc - 2, argv + 2);
    fprintf(stderr, "usage: peer mint KEY ID LOC CAVEAT TPKEY TPID TPLOC TPCAVEAT | peer verify KEY TOKEN [exact P|discharge D]...\n");
    return 64;
}
"""#

    static let pythonSource = #"""
import sys
from pymacaroons import Macaroon, Verifier, MACAROON_V1, MACAROON_V2
from pymacaroons.serializers import JsonSerializer

def load(text):
    if text.startswith("{"):
        return Macaroon.deserialize(text, serializer=JsonSerializer())
    return Macaroon.deserialize(text)

command = sys.argv[1]
if command == "verify":
    key, token, rest = sys.argv[2], sys.argv[3], sys.argv[4:]
    verifier, discharges = Verifier(), []
    for kind, value in zip(rest[0::2], rest[1::2]):
        if kind == "exact":
            verifier.satisfy_exact(value)
        else:
            discharges.append(load(value))
    try:
        ok = verifier.verify(load(token), key, discharges)
    except Exception as error:
        print("unauthorized", type(error).__name__, error)
        sys.exit(1)
    print("authorized" if ok else "unauthorized")
    sys.exit(0 if ok else 1)
elif command == "mint":
    version = MACAROON_V1 if sys.argv[2] == "v1" else MACAROON_V2
    key, ident, loc, caveat, tp_key, tp_id, tp_loc, tp_caveat = sys.argv[3:11]
    m = Macaroon(location=loc, identifier=ident, key=key, version=version)
    m.add_first_party_caveat(caveat)
    m.add_third_party_caveat(tp_loc, tp_key, tp_id)
    d = Macaroon(location=tp_loc, identifier=tp_id, key=tp_key, version=version)
    d.add_first_party_caveat(tp_caveat)
    bound = m.prepare_for_request(d)
    print(m.serialize())
    print(bound.serialize())
    print(m.serialize(serializer=JsonSerializer()))
    print(bound.serialize(serializer=JsonSerializer()))
"""#
}

@Suite("Interop with pymacaroons and libmacaroons")
struct InteropTests {
    static let rootKey = "root key for interop"
    static let caveatKey = "third-party key"

    /// A Wafer macaroon with a first-party and a third-party caveat, and its bound discharge.
    static func mintWafer() throws -> (Macaroon, Macaroon) {
        let m = try Macaroon(rootKey: secret(rootKey), identifier: "wafer-id", location: "https://svc.example/")
            .addingFirstPartyCaveat("account = 3735928559")
            .addingThirdPartyCaveat(location: "https://auth.example/", caveatKey: secret(caveatKey), identifier: "tp-id")
        let d = Macaroon(rootKey: secret(caveatKey), identifier: "tp-id", location: "https://auth.example/")
            .addingFirstPartyCaveat("user = alice")
        return (m, m.binding(d))
    }

    static func arguments(_ m: String, _ d: String, predicates: [String]) -> [String] {
        [rootKey, m] + predicates.flatMap { ["exact", $0] } + ["discharge", d]
    }

    @Test(
        "a Wafer macaroon verifies in pymacaroons (V1, V2, V2 JSON)",
        .enabled(if: Peers.pymacaroons != nil, "pymacaroons is not installed: pip install pymacaroons"),
        arguments: [MacaroonFormat.v1, .v2, .v2JSON])
    func waferToPymacaroons(format: MacaroonFormat) throws {
        let (m, d) = try Self.mintWafer()
        let token = try m.serializedString(format)
        let discharge = try d.serializedString(format)
        let all = try Peers.python(["verify"] + Self.arguments(token, discharge, predicates: ["account = 3735928559", "user = alice"]))
        #expect(all.status == 0, "\(all.stdout) \(all.stderr)")
        #expect(all.lines.first == "authorized")
        let missing = try Peers.python(["verify"] + Self.arguments(token, discharge, predicates: ["account = 3735928559"]))
        #expect(missing.status == 1, "\(missing.stdout) \(missing.stderr)")
    }

    @Test(
        "a pymacaroons macaroon verifies in Wafer (V1, V2 and their JSON)",
        .enabled(if: Peers.pymacaroons != nil, "pymacaroons is not installed: pip install pymacaroons"),
        arguments: ["v1", "v2"])
    func pymacaroonsToWafer(version: String) throws {
        let output = try Peers.python([
            "mint", version, Self.rootKey, "py-id", "https://svc.example/", "account = 3735928559", Self.caveatKey, "tp-id",
            "https://auth.example/", "user = alice",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.lines
        try #require(lines.count == 4)
        var verifier = Verifier()
        verifier.satisfyExact("account = 3735928559")
        verifier.satisfyExact("user = alice")
        for (token, discharge) in [(lines[0], lines[1]), (lines[2], lines[3])] {
            let m = try Macaroon(deserializing: token)
            let d = try Macaroon(deserializing: discharge)
            #expect(m.identifierString == "py-id")
            #expect(try verifier.verify(m, rootKey: secret(Self.rootKey), discharges: [d]) == .authorized)
            var partial = Verifier()
            partial.satisfyExact("account = 3735928559")
            #expect(try partial.verify(m, rootKey: secret(Self.rootKey), discharges: [d]).failure?.reason == .dischargeFailed)
        }
        // Our re-serialization of their V1 token is byte for byte theirs.
        if version == "v1" {
            #expect(try Macaroon(deserializing: lines[0]).serializedString(.v1) == lines[0])
        }
    }

    @Test(
        "a Wafer macaroon verifies in libmacaroons (V1)",
        .enabled(if: Peers.libmacaroons != nil, "libmacaroons is not installed: apt-get install -y libmacaroons-dev (and cc)"))
    func waferToLibmacaroons() throws {
        let (m, d) = try Self.mintWafer()
        let token = try m.serializedString(.v1)
        let discharge = try d.serializedString(.v1)
        let all = try Peers.c(["verify"] + Self.arguments(token, discharge, predicates: ["account = 3735928559", "user = alice"]))
        #expect(all.status == 0, "\(all.stdout) \(all.stderr)")
        let missing = try Peers.c(["verify"] + Self.arguments(token, discharge, predicates: ["user = alice"]))
        #expect(missing.status == 1, "\(missing.stdout) \(missing.stderr)")
        let unbound = Macaroon(rootKey: secret(Self.caveatKey), identifier: "tp-id", location: "https://auth.example/")
            .addingFirstPartyCaveat("user = alice")
        let wrong = try Peers.c(
            ["verify"] + Self.arguments(token, try unbound.serializedString(.v1), predicates: ["account = 3735928559", "user = alice"]))
        #expect(wrong.status == 1, "an unbound discharge is refused")
    }

    @Test(
        "a libmacaroons macaroon verifies in Wafer, and Wafer re-emits it byte for byte",
        .enabled(if: Peers.libmacaroons != nil, "libmacaroons is not installed: apt-get install -y libmacaroons-dev (and cc)"))
    func libmacaroonsToWafer() throws {
        let output = try Peers.c([
            "mint", Self.rootKey, "c-id", "https://svc.example/", "account = 3735928559", Self.caveatKey, "tp-id",
            "https://auth.example/", "user = alice",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.lines
        try #require(lines.count == 2)
        let m = try Macaroon(deserializing: lines[0])
        let d = try Macaroon(deserializing: lines[1])
        #expect(try m.serializedString(.v1) == lines[0])
        #expect(try d.serializedString(.v1) == lines[1])
        var verifier = Verifier()
        verifier.satisfyExact("account = 3735928559")
        verifier.satisfyExact("user = alice")
        #expect(try verifier.verify(m, rootKey: secret(Self.rootKey), discharges: [d]) == .authorized)
        #expect(try verifier.verify(m, rootKey: secret("not the key"), discharges: [d]).failure?.reason == .signatureMismatch)
    }
}
