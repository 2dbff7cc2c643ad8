#!/usr/bin/env python3
"""Wafer's Datalog and Biscuit benchmark workloads, run on biscuit-rust through biscuit-python 0.4.0.

Same Datalog text, token shapes and authorizers as Benchmarks/Benchmarks/DatalogBenchmarks/Workloads.swift and
Benchmarks/Benchmarks/BiscuitBenchmarks/BiscuitBenchmarks.swift; case names are Wafer's (the part before any
" (…)"). Timing: see timing.py. Every authorizer gets the limits of Wafer's `Workloads.generousLimits`
(2,000,000 facts, 5,000 iterations, 120 s): biscuit-rust's defaults (1,000 facts, 100 iterations, 1 ms) stop the
closures and joins, and even the regex checks on a loaded machine; the limits cost nothing when not reached.

    python3 biscuit_rust.py [seconds-per-case] [--only PREFIX] [--no-300]

The 300-edge transitive closure takes biscuit-rust minutes: it is timed once (`--no-300` leaves it out).

Also measured, so the binding's cost can be subtracted by eye: `overhead.call` (a trivial binding call,
`Biscuit.block_count()`, plus the harness loop) and `overhead.noop-authorize` (an authorizer holding only
`allow if true;`: `build_unauthenticated().authorize()`, the two binding calls every Datalog case makes).
"""

import datetime
import sys

import biscuit_auth as biscuit

from timing import emit, measure, seconds_from_argv

PEER = "biscuit-rust"

# ---- Workloads.swift, in Python (the same text, byte for byte: run.sh compares `--dump-workloads DIR` with
# ---- `WaferProfile dump-workloads DIR`)


def transitive_closure(edges):
    text = "".join(f"edge({index}, {index + 1});\n" for index in range(edges))
    text += "path($a, $b) <- edge($a, $b);\n"
    text += "path($a, $c) <- edge($a, $b), path($b, $c);\n"
    text += f"allow if path(0, {edges});\n"
    return text


def three_way_join(count):
    size = count // 3
    text = ""
    for index in range(size):
        text += f"r({index}, {index + size});\n"
        text += f"s({index + size}, {index + 2 * size});\n"
        text += f"t({index + 2 * size}, {index});\n"
    text += "triangle($x, $y, $z) <- r($x, $y), s($y, $z), t($z, $x);\n"
    text += f"allow if triangle(0, {size}, {2 * size});\n"
    return text


TYPICAL_AUTHORIZER = """user("alice");
team("alice", "engineering");
resource("/projects/wafer/docs/readme.md");
operation("read");
time(2026-11-22T12:00:00Z);
ip_address("10.1.2.3");
right("alice", "/projects/wafer", "read");
right("alice", "/projects/wafer", "write");
right("engineering", "/projects/shared", "read");
project("/projects/wafer", "wafer");
project("/projects/shared", "shared");
owner("bob", "/projects/wafer");
member("engineering", "alice");
member("engineering", "carol");
expires(2026-12-31T00:00:00Z);
service("docs");
tenant("acme");
tenant_of("alice", "acme");
allowed_operations({"read", "write"});
region("eu-west-1");
can($user, $prefix, $op) <- right($user, $prefix, $op);
can($user, $prefix, $op) <- member($team, $user), right($team, $prefix, $op);
visible($user, $name) <- can($user, $prefix, "read"), project($prefix, $name);
check if time($t), expires($e), $t < $e;
check if operation($op), allowed_operations($ops), $ops.contains($op);
check if user($u), tenant($t), tenant_of($u, $t);
check if resource($r), $r.starts_with("/projects/");
check if ip_address($ip), $ip.starts_with("10.");
allow if user($u), resource($r), operation($op), can($u, $prefix, $op), $r.starts_with($prefix);
deny if true;"""


def regex_heavy():
    text = "".join(
        f'resource("/api/v{index % 3 + 1}/users/user_{index}/items/{index * 7}");\n' for index in range(100))
    text += r"""check all resource($r), $r.matches("^/api/v[0-9]+/");
check all resource($r), $r.matches("/users/[a-z0-9_-]+/");
check all resource($r), $r.matches("items/[0-9]{1,6}$");
check all resource($r), !$r.matches("\\.\\.");
check all resource($r), $r.matches("(?i)USER_[0-9]+");
allow if true;"""
    return text


def facts(count):
    return "".join(
        f'right("user_{index}", "/files/{index}.txt", {index}, 2026-11-22T00:00:00Z, {{"read", "write"}});\n'
        for index in range(count))


def policy(size):
    text = ""
    index = 0
    while len(text.encode()) < size:
        text += (
            f"// rule {index}\n"
            f'can_{index}($u, $r) <- user($u), resource($r), right($u, $r, $op), $op == "read" || $op == "write";\n'
            f'check if time($t), $t < 2030-01-01T00:00:00Z, resource($r), $r.starts_with("/files/{index}/");\n'
            f'check all operation($op), ["read", "write"].contains($op), $op.length() > 2;\n')
        index += 1
    return text


WORKLOADS = {"tc100": transitive_closure(100), "join": three_way_join(10_000), "typical": TYPICAL_AUTHORIZER,
             "regex": regex_heavy(), "facts": facts(1_600), "policy": policy(100_000)}

# ---- BiscuitBenchmarks.swift's workloads (biscuit-rust's own benches/token.rs) ----

AUTHORITY_CODE = 'right("file1", "read"); right("file2", "read"); right("file1", "write");'
BLOCK_CODE = 'check if resource($0), operation("read"), right($0, "read");'
AUTHORIZER_CODE = 'resource("file1"); operation("read"); allow if true;'


def authorizer_builder(text, max_seconds=120):
    """An AuthorizerBuilder for `text` with Wafer's generous limits (the time limit can be raised further)."""
    builder = biscuit.AuthorizerBuilder(text)
    limits = builder.limits()
    limits.max_facts = 2_000_000
    limits.max_iterations = 5_000
    limits.max_time = datetime.timedelta(seconds=max_seconds)
    builder.set_limits(limits)
    return builder


def allowed(authorizer):
    """Authorizes; biscuit-python raises on a denial, which here is a bug in the benchmark."""
    return authorizer.authorize()


def main():
    seconds = seconds_from_argv()
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""

    def case(name, operation, **options):
        if name.startswith(only):
            measure(PEER, name, operation, seconds=seconds, **options)

    root = biscuit.KeyPair()
    root_public = root.public_key

    def token(blocks):
        result = biscuit.BiscuitBuilder(AUTHORITY_CODE).build(root.private_key)
        for _ in range(blocks - 1):
            result = result.append(biscuit.BlockBuilder(BLOCK_CODE))
        return result

    # The binding's own cost.
    two_blocks = token(2)
    case("overhead.call", lambda: two_blocks.block_count(),
         note="one trivial binding call (Biscuit.block_count) + the harness loop")
    noop = authorizer_builder("allow if true;")
    case("overhead.noop-authorize", lambda: allowed(noop.build_unauthenticated()),
         note="build_unauthenticated().authorize() of `allow if true;`: the binding floor of every Datalog case")

    # Datalog: parse throughput.
    facts_text = facts(1_600)
    case("Datalog.parse.1600-facts", lambda: biscuit.BlockBuilder(facts_text),
         note=f"BlockBuilder(text), {len(facts_text.encode())} bytes")
    policy_text = policy(100_000)
    case("Datalog.parse.100KB-policy", lambda: biscuit.BlockBuilder(policy_text),
         note=f"BlockBuilder(text), {len(policy_text.encode())} bytes")

    # Datalog: evaluation. Text parsed once (as Wafer's cases do); timed: build_unauthenticated() (the world
    # from the builder's facts and rules) + authorize().
    tc100 = authorizer_builder(transitive_closure(100))
    tc_median = None
    if "Datalog.transitive-closure.100-edges".startswith(only):
        tc_median = measure(PEER, "Datalog.transitive-closure.100-edges",
                            lambda: allowed(tc100.build_unauthenticated()), seconds=seconds)
    if only == "" or "Datalog.transitive-closure.".startswith(only) or only.startswith("Datalog.transitive"):
        # biscuit-rust re-joins every fact each iteration (its cost grows as n^4 here): 300 edges is timed once,
        # with the time limit raised past Wafer's 120 s, and 1,000 edges (hours) is estimated from the 50→100-edge
        # growth rather than run.
        tc50 = authorizer_builder(transitive_closure(50))
        small = measure(PEER, "Datalog.transitive-closure.50-edges", lambda: allowed(tc50.build_unauthenticated()),
                        seconds=seconds, note="no Wafer counterpart: gives the growth rate for 1,000 edges")
        if "--no-300" not in sys.argv:
            tc300 = authorizer_builder(transitive_closure(300), max_seconds=3_600)
            measure(PEER, "Datalog.transitive-closure.300-edges", lambda: allowed(tc300.build_unauthenticated()),
                    seconds=seconds, slow_samples=1, note="one call; time limit 1 hour")
        if tc_median:
            import math
            exponent = math.log(tc_median / small) / math.log(2)
            estimate = tc_median * 10 ** exponent
            emit(PEER, "Datalog.transitive-closure.1000-edges", None, None, 0,
                 note=f"not run: estimated {estimate / 1e9:,.0f} s from the 50→100-edge growth (n^{exponent:.1f})")
    join = authorizer_builder(three_way_join(10_000))
    case("Datalog.3-way-join.10000-facts", lambda: allowed(join.build_unauthenticated()))
    typical = authorizer_builder(TYPICAL_AUTHORIZER)
    case("Datalog.authorize.typical", lambda: allowed(typical.build_unauthenticated()),
         note="program parsed once; timed: build_unauthenticated() + authorize(), no token (as Wafer: World(blocks: []))")
    case("Datalog.parse+authorize.typical",
         lambda: allowed(authorizer_builder(TYPICAL_AUTHORIZER).build_unauthenticated()),
         note="AuthorizerBuilder(text) + set_limits + build_unauthenticated() + authorize()")
    regex = authorizer_builder(regex_heavy())
    case("Datalog.authorize.regex-heavy", lambda: allowed(regex.build_unauthenticated()))

    # Biscuit: biscuit-rust's own bench cases, with Wafer's shapes.
    authority = biscuit.BiscuitBuilder(AUTHORITY_CODE)
    block = biscuit.BlockBuilder(BLOCK_CODE)
    authorizer = authorizer_builder(AUTHORIZER_CODE)
    case("Biscuit.create_block", lambda: authority.build(root.private_key).to_base64(),
         note="builder parsed once; build (sign) + to_base64")
    case("Biscuit.mint.from-text",
         lambda: biscuit.BiscuitBuilder(AUTHORITY_CODE).build(root.private_key).to_base64())
    for blocks in (2, 5):
        base = token(blocks - 1)
        case(f"Biscuit.append_block.{blocks}", lambda base=base: base.append(block).to_base64(),
             note="block builder parsed once; append (sign) + to_base64")
        text = token(blocks).to_base64()
        case(f"Biscuit.check_signature.{blocks}", lambda text=text: biscuit.Biscuit.from_base64(text, root_public))
        case(f"Biscuit.verify_block.{blocks}",
             lambda text=text: allowed(authorizer.build(biscuit.Biscuit.from_base64(text, root_public))))
        verified = biscuit.Biscuit.from_base64(text, root_public)
        case(f"Biscuit.checks_block.{blocks}", lambda verified=verified: allowed(authorizer.build(verified)),
             note="authorizer builder parsed once; build(token) + authorize()")
    three = token(3).to_base64()
    case("Biscuit.parse+verify.3-blocks", lambda: biscuit.Biscuit.from_base64(three, root_public))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--dump-workloads":
        # The same files as `WaferProfile dump-workloads DIR`, for run.sh to compare byte for byte.
        for name, text in WORKLOADS.items():
            with open(f"{sys.argv[2]}/{name}.dl", "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
    else:
        main()
