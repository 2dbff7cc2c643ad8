#!/usr/bin/env python3
"""Wafer's macaroon benchmark workloads, run on pymacaroons 0.13.0 (pure Python over PyNaCl).

Same root key, identifier, location, five predicates and third-party caveat as
Benchmarks/Benchmarks/MacaroonBenchmarks/MacaroonBenchmarks.swift; case names are Wafer's. Timing: see timing.py.

    python3 pymacaroons_bench.py [seconds-per-case]

pymacaroons' public API serializes V2 binary only as base64url text (`serialize()` of a V2 macaroon) and
deserializes it from that text, so its `serialize.v2` / `deserialize.v2` include a base64url step Wafer's raw
`serialized(.v2)` does not; V1 is base64url text in both, and V2 JSON is JSON in both.
"""

from pymacaroons import MACAROON_V1, MACAROON_V2, Macaroon, Verifier
from pymacaroons.serializers import JsonSerializer

from timing import measure, seconds_from_argv

PEER = "pymacaroons"
ROOT_KEY = "this is the key, 32 bytes long.."
IDENTIFIER = "we used our secret key"
LOCATION = "http://example.org/"
PREDICATES = ["account = 3735928559", "user = alice", "action = read", "time < 2030-01-01T00:00:00Z",
              "ip = 10.0.0.1"]
CAVEAT_KEY = "third-party caveat key, 32 bytes"
CAVEAT_ID = "user-is-alice"
CAVEAT_LOCATION = "https://auth.example.org/"


def mint(version=MACAROON_V2):
    macaroon = Macaroon(location=LOCATION, identifier=IDENTIFIER, key=ROOT_KEY, version=version)
    for predicate in PREDICATES:
        macaroon = macaroon.add_first_party_caveat(predicate)
    return macaroon


def verified(result):
    """pymacaroons raises on a failed verification; anything but True is a bug in the benchmark."""
    if result is not True:
        raise SystemExit("pymacaroons_bench: the benchmark macaroon did not verify")


def main():
    seconds = seconds_from_argv()

    def case(name, operation, **options):
        measure(PEER, name, operation, seconds=seconds, **options)

    case("Macaroon.mint.5-caveats", mint)
    v1 = mint(MACAROON_V1)
    v2 = mint(MACAROON_V2)
    json = JsonSerializer()
    case("Macaroon.serialize.v1", v1.serialize)
    case("Macaroon.serialize.v2", v2.serialize, note="base64url text of the V2 binary")
    case("Macaroon.serialize.v2json", lambda: v2.serialize(json))
    v1_text, v2_text, json_text = v1.serialize(), v2.serialize(), v2.serialize(json)
    case("Macaroon.deserialize.v1", lambda: Macaroon.deserialize(v1_text))
    case("Macaroon.deserialize.v2", lambda: Macaroon.deserialize(v2_text), note="from base64url text")
    case("Macaroon.deserialize.v2json", lambda: Macaroon.deserialize(json_text, json))

    verifier = Verifier()
    for predicate in PREDICATES:
        verifier.satisfy_exact(predicate)
    case("Macaroon.verify.5-first-party", lambda: verified(verifier.verify(v2, ROOT_KEY)))

    with_third_party = mint(MACAROON_V2).add_third_party_caveat(CAVEAT_LOCATION, CAVEAT_KEY, CAVEAT_ID)
    discharge = Macaroon(location=CAVEAT_LOCATION, identifier=CAVEAT_ID, key=CAVEAT_KEY, version=MACAROON_V2)
    bound = with_third_party.prepare_for_request(discharge)
    case("Macaroon.verify.third-party+discharge",
         lambda: verified(verifier.verify(with_third_party, ROOT_KEY, discharge_macaroons=[bound])))


if __name__ == "__main__":
    main()
