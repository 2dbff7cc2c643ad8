#!/usr/bin/env python3
"""Merges one run of Wafer's suites and of the peers into docs/benchmarks.md's generated section and a chart.

    python3 report.py RESULTS_DIR [--doc docs/benchmarks.md] [--chart docs/images/benchmark-ratios.png]

RESULTS_DIR (written by run.sh) holds:
  wafer.jmh.json   package-benchmark's `--format jmh` export of every Wafer suite
  peers.jsonl      the peers' lines: {"peer", "case", "median_ns", "min_ns", "iterations"[, "note"]}
  machine.json     what run.sh recorded: load averages, versions, start and end times

Only the text between `<!-- peers:begin -->` and `<!-- peers:end -->` is replaced (the section is appended
when the markers are missing); the hand-written rest of the document is kept. Ratios are peer / Wafer on
medians: above 1, Wafer is faster.
"""

import argparse
import datetime
import json
import math
import os
import re
import sys
import textwrap

BEGIN = "<!-- peers:begin -->"
END = "<!-- peers:end -->"
PEERS = ["biscuit-rust", "libmacaroons", "pymacaroons"]
WALL_CLOCK = "Time (wall clock)"
MALLOCS = "Malloc (total)"


def case_name(benchmark_name):
    """Wafer's benchmark name without its " (…)" description: the key the peers use."""
    return benchmark_name.split(" (", 1)[0]


def read_wafer(path):
    """{case: {"median_ns", "min_ns", "mallocs", "target"}} from a package-benchmark JMH export.

    JMH names are `package.benchmark.<target>.<name with spaces as _>`; its time percentiles are in µs.
    """
    with open(path) as handle:
        elements = json.load(handle)
    results = {}
    for element in elements:
        full = element["benchmark"]
        prefix = "package.benchmark."
        if not full.startswith(prefix):
            raise SystemExit(f"report.py: unexpected JMH benchmark name {full!r}")
        target, _, name = full[len(prefix):].partition(".")
        name = name.split("_(", 1)[0]
        metrics = element.get("secondaryMetrics", {})
        if WALL_CLOCK not in metrics:
            raise SystemExit(f"report.py: {full} has no {WALL_CLOCK!r} metric")
        wall = metrics[WALL_CLOCK]
        if wall.get("scoreUnit") != "μs":
            raise SystemExit(f"report.py: {full}: wall clock in {wall.get('scoreUnit')!r}, expected μs")
        percentiles = wall["scorePercentiles"]
        entry = {"median_ns": percentiles["50.0"] * 1_000, "min_ns": percentiles["0.0"] * 1_000, "target": target,
                 "samples": element.get("measurementIterations")}
        if MALLOCS in metrics:
            entry["mallocs"] = metrics[MALLOCS]["scorePercentiles"]["50.0"]
        results[name] = entry
    return results


def read_peers(path):
    """{case: {peer: line}} from the peers' JSON lines (other lines, such as warnings, are ignored)."""
    results = {}
    with open(path) as handle:
        for raw in handle:
            raw = raw.strip()
            if not raw.startswith("{"):
                continue
            line = json.loads(raw)
            results.setdefault(line["case"], {})[line["peer"]] = line
    return results


def duration(ns):
    """A duration for a table: 3 significant digits, in ns, µs, ms or s."""
    if ns is None:
        return "—"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            value = ns / scale
            break
    else:
        unit, value = "ns", ns
    if value >= 100:
        return f"{value:,.0f} {unit}"
    if value >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.2f} {unit}"


def plain_ratio(ratio):
    """A ratio for the chart and the p0 column: 5,585× / 17.9× / 0.83×."""
    if ratio >= 100:
        return f"{ratio:,.0f}×"
    if ratio >= 10:
        return f"{ratio:.1f}×"
    return f"{ratio:.2f}×"


def ratio_text(ratio):
    if ratio is None:
        return "—"
    if ratio >= 100:
        return f"**{ratio:,.0f}×**"
    if ratio >= 10:
        return f"**{ratio:.1f}×**"
    text = f"{ratio:.2f}×"
    return f"**{text}**" if ratio >= 1 else text


def ratio(peer_ns, wafer_ns):
    if peer_ns is None or wafer_ns is None or wafer_ns <= 0:
        return None
    return peer_ns / wafer_ns


# The cases of each table, in order: (case, what it is).
DATALOG_BISCUIT = [
    ("Datalog.parse.1600-facts", "parse 1,600 facts (134 KB)"),
    ("Datalog.parse.100KB-policy", "parse a 100 KB policy"),
    ("Datalog.transitive-closure.100-edges", "transitive closure, 100 edges (5,050 facts)"),
    ("Datalog.transitive-closure.300-edges", "transitive closure, 300 edges (45,150 facts)"),
    ("Datalog.transitive-closure.1000-edges", "transitive closure, 1,000 edges (500,500 facts)"),
    ("Datalog.3-way-join.10000-facts", "3-way join over 10,000 facts"),
    ("Datalog.authorize.typical", "typical service authorizer (parsed once)"),
    ("Datalog.parse+authorize.typical", "typical service authorizer, parsed each time"),
    ("Datalog.authorize.regex-heavy", "100 paths × 5 regex checks"),
    ("Biscuit.create_block", "mint: authority block (parsed once), sign, serialize"),
    ("Biscuit.mint.from-text", "mint from Datalog text"),
    ("Biscuit.append_block.2", "attenuate to 2 blocks, serialize"),
    ("Biscuit.append_block.5", "attenuate to 5 blocks, serialize"),
    ("Biscuit.check_signature.2", "parse + verify, 2 blocks"),
    ("Biscuit.check_signature.5", "parse + verify, 5 blocks"),
    ("Biscuit.verify_block.2", "parse + verify + authorize, 2 blocks"),
    ("Biscuit.verify_block.5", "parse + verify + authorize, 5 blocks"),
    ("Biscuit.checks_block.2", "authorize a verified 2-block token"),
    ("Biscuit.checks_block.5", "authorize a verified 5-block token"),
    ("Biscuit.parse+verify.3-blocks", "parse + verify, 3 blocks"),
    ("Biscuit.floor.3×ed25519.verify", "3 libsodium Ed25519 verifies (Wafer's floor)"),
]
MACAROONS = [
    ("Macaroon.mint.5-caveats", "mint with 5 first-party caveats"),
    ("Macaroon.serialize.v1", "serialize, V1 (base64url)"),
    ("Macaroon.serialize.v2", "serialize, V2 binary"),
    ("Macaroon.serialize.v2json", "serialize, V2 JSON"),
    ("Macaroon.deserialize.v1", "deserialize, V1"),
    ("Macaroon.deserialize.v2", "deserialize, V2 binary"),
    ("Macaroon.deserialize.v2json", "deserialize, V2 JSON"),
    ("Macaroon.verify.5-first-party", "verify 5 first-party caveats"),
    ("Macaroon.verify.third-party+discharge", "verify + 1 third-party caveat and its discharge"),
]


def table(rows, peers, wafer, peer_results):
    """A markdown table: case, Wafer's median (and allocations), then each peer's median and ratio."""
    header = "| case | | Wafer p50 | allocs |"
    rule = "|---|---|---:|---:|"
    for peer in peers:
        header += f" {peer} p50 | {peer} / Wafer | on p0 |"
        rule += "---:|---:|---:|"
    lines = [header, rule]
    chart = []
    for case, what in rows:
        ours = wafer.get(case)
        theirs = peer_results.get(case, {})
        if ours is None and not theirs:
            continue
        wafer_ns = ours["median_ns"] if ours else None
        allocations = f"{ours['mallocs']:,.0f}" if ours and "mallocs" in ours else ""
        line = f"| `{case}` | {what} | {duration(wafer_ns)} | {allocations} |"
        for peer in peers:
            result = theirs.get(peer)
            if result is None:
                line += " | | |"
                continue
            peer_ns = result.get("median_ns")
            if peer_ns is None:
                line += f" not run¹ | | |"
                continue
            value = ratio(peer_ns, wafer_ns)
            best = ratio(result.get("min_ns"), ours["min_ns"] if ours else None)
            line += f" {duration(peer_ns)} | {ratio_text(value)} | {'—' if best is None else plain_ratio(best)} |"
            if value is not None:
                chart.append((case, peer, value))
        lines.append(line)
    return lines, chart


def wrap(line, width=116):
    """A paragraph or list item wrapped as the hand-written parts are; tables, headings and markers as they are."""
    if len(line) <= width or line.startswith(("|", "#", "<!--", "![")):
        return line
    indent = "  " if line.startswith("- ") else ""
    return textwrap.fill(line, width=width, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


def read_text(path):
    try:
        with open(path) as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def cpu_model():
    text = read_text("/proc/cpuinfo") or ""
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "unknown"


def targets(wafer, peers):
    """The targets of issue 7: (target, measured, met or None when a figure is missing)."""
    rows = []

    def median(case, peer=None):
        if peer is None:
            entry = wafer.get(case)
        else:
            entry = peers.get(case, {}).get(peer)
        return entry.get("median_ns") if entry else None

    tc_ours, tc_theirs = median("Datalog.transitive-closure.100-edges"), \
        median("Datalog.transitive-closure.100-edges", "biscuit-rust")
    value = ratio(tc_theirs, tc_ours)
    rows.append(("Datalog transitive closure, 100 edges: Wafer ≥ 100× faster than biscuit-rust",
                 f"{ratio_text(value)} ({duration(tc_ours)} vs {duration(tc_theirs)})" if value else "—",
                 None if value is None else value >= 100))

    typical_ours, typical_theirs = median("Datalog.authorize.typical"), \
        median("Datalog.authorize.typical", "biscuit-rust")
    floor = median("overhead.noop-authorize", "biscuit-rust")
    if typical_ours and typical_theirs:
        share = typical_ours / typical_theirs
        net = f"; {typical_ours / (typical_theirs - floor):.2f}× without the binding's floor" if floor else ""
        rows.append(("Typical authorizer: Wafer ≤ 0.5× biscuit-rust's time",
                     f"{share:.2f}× ({duration(typical_ours)} vs {duration(typical_theirs)}{net})", share <= 0.5))
    else:
        rows.append(("Typical authorizer: Wafer ≤ 0.5× biscuit-rust's time", "—", None))

    parse_verify = median("Biscuit.parse+verify.3-blocks")
    floor3 = median("Biscuit.floor.3×ed25519.verify")
    if parse_verify and floor3:
        share = parse_verify / floor3
        rows.append(("Parse + verify of a 3-block Ed25519 token ≤ 1.15× three libsodium Ed25519 verifies",
                     f"{share:.2f}× ({duration(parse_verify)} vs {duration(floor3)})", share <= 1.15))
    else:
        rows.append(("Parse + verify of a 3-block Ed25519 token ≤ 1.15× three libsodium Ed25519 verifies", "—", None))
    theirs = median("Biscuit.parse+verify.3-blocks", "biscuit-rust")
    if parse_verify and theirs:
        share = parse_verify / theirs
        rows.append(("… and no slower than biscuit-rust (≤ 1.0×)",
                     f"{share:.2f}× ({duration(parse_verify)} vs {duration(theirs)})", share <= 1.0))
    else:
        rows.append(("… and no slower than biscuit-rust (≤ 1.0×)", "—", None))

    verify_ours = median("Macaroon.verify.5-first-party")
    verify_theirs = median("Macaroon.verify.5-first-party", "libmacaroons")
    if verify_ours and verify_theirs:
        share = verify_ours / verify_theirs
        rows.append(("Macaroon verify, 5 first-party caveats: Wafer ≤ 1.0× libmacaroons",
                     f"{share:.2f}× ({duration(verify_ours)} vs {duration(verify_theirs)})", share <= 1.0))
    else:
        rows.append(("Macaroon verify, 5 first-party caveats: Wafer ≤ 1.0× libmacaroons", "—", None))
    return rows


def draw_chart(points, path, subtitle):
    """One horizontal bar per (case, peer): peer / Wafer on a log scale; right of 1, Wafer is faster."""
    if not points:
        raise SystemExit("report.py: no case has both a Wafer and a peer figure: nothing to chart")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    colors = {"biscuit-rust": "#d9534f", "libmacaroons": "#5b8def", "pymacaroons": "#f0ad4e"}
    labels = [f"{case}  ({peer})" for case, peer, _ in points]
    values = [value for _, _, value in points]
    height = max(4.0, 0.28 * len(points) + 1.5)
    figure, axes = plt.subplots(figsize=(10, height))
    positions = range(len(points))
    # Bars grow from 1 (as fast as Wafer): rightwards where Wafer is faster, leftwards where it is slower.
    axes.barh(list(positions), [value - 1 for value in values], left=1,
              color=[colors.get(peer, "#888888") for _, peer, _ in points])
    axes.set_xscale("log")
    axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:g}×"))
    axes.axvline(1.0, color="black", linewidth=1)
    axes.set_yticks(list(positions))
    axes.set_yticklabels(labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("peer time / Wafer time (log scale; > 1: Wafer is faster)")
    axes.set_title("Wafer against its peers, same workloads, one run\n" + subtitle, fontsize=10)
    for position, value in zip(positions, values):
        # The label sits past the bar's end: right of it where Wafer is faster, left of it where it is slower.
        axes.text(value, position, f" {plain_ratio(value)} " if value >= 1 else f"{plain_ratio(value)} ",
                  va="center", ha="left" if value >= 1 else "right", fontsize=7)
    axes.set_xlim(min(0.3, min(values) / 4), max(10, max(values) * 4))
    handles = [plt.Rectangle((0, 0), 1, 1, color=color) for color in colors.values()]
    axes.legend(handles, list(colors), loc="lower right", fontsize=8)
    axes.grid(axis="x", which="both", alpha=0.25)
    figure.tight_layout()
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results")
    parser.add_argument("--doc", default="docs/benchmarks.md")
    parser.add_argument("--chart", default="docs/images/benchmark-ratios.png")
    arguments = parser.parse_args()

    wafer = read_wafer(os.path.join(arguments.results, "wafer.jmh.json"))
    peers = read_peers(os.path.join(arguments.results, "peers.jsonl"))
    machine = json.loads(read_text(os.path.join(arguments.results, "machine.json")) or "{}")

    date = machine.get("finished") or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [BEGIN, "",
             "## Side by side with the peers (generated)", "",
             f"Generated by `bash Benchmarks/peers/run.sh` ({date}); everything between the `peers:begin` and "
             "`peers:end` markers is rewritten by `Benchmarks/peers/report.py`. One run: Wafer's suites (release "
             "build, package-benchmark) and then the peers, on the same workloads — the same Datalog text"
             + (" (compared byte for byte with `Workloads.swift`'s in this run: "
                + ", ".join(machine["workloads_identical"]) + ")" if machine.get("workloads_identical") else "")
             + ", token shapes, caveats and keys. p50 is the median; a ratio is peer time / Wafer time, **bold** "
             "where Wafer is faster; \"on p0\" is the same ratio on the fastest samples (Wafer's p0, the peer's "
             "fastest batch), less sensitive to the load of the moment: Wafer's suites and the peers run one after "
             "the other, so a change of load between them moves the p50 ratios.", ""]

    loads = machine.get("load_averages", {})
    lines += ["**Machine**: " + f"{cpu_model()}, {os.cpu_count()} cores"
              + (f", load average {', '.join(f'{k} {v}' for k, v in loads.items())}" if loads else "")
              + " (the machine is shared: other builds ran during the run, so absolute figures are noisy; "
                "each ratio compares figures of the same run).", ""]
    versions = machine.get("versions", {})
    if versions:
        lines += ["**Versions**: " + "; ".join(f"{name} {value}" for name, value in versions.items()) + ".", ""]
    if machine.get("wall_seconds"):
        phases = machine.get("phase_seconds", {})
        lines += [f"**Run time** of the whole script: {machine['wall_seconds']:,.0f} s"
                  + (" (" + ", ".join(f"{k} {v:,.0f} s" for k, v in phases.items()) + ")" if phases else "")
                  + ".", ""]

    lines += ["### Targets (issue 7)", "", "| target | measured | |", "|---|---|---|"]
    for target, measured, met in targets(wafer, peers):
        lines.append(f"| {target} | {measured} | {'met' if met else 'missed' if met is False else 'not measured'} |")
    lines.append("")

    lines += ["### Datalog and Biscuit: Wafer and biscuit-rust", ""]
    table_lines, chart_points = table(DATALOG_BISCUIT, ["biscuit-rust"], wafer, peers)
    lines += table_lines
    notes = []
    for edges, case in (("300", "Datalog.transitive-closure.300-edges"),
                        ("1,000", "Datalog.transitive-closure.1000-edges")):
        line = peers.get(case, {}).get("biscuit-rust", {})
        if line.get("note") and line.get("median_ns") is None:
            notes.append(f"{edges} edges: {line['note']}")
    lines += [""]
    if notes:
        lines += ["¹ biscuit-rust, " + "; ".join(notes) + ".", ""]

    lines += ["### Macaroons: Wafer, libmacaroons (C) and pymacaroons", ""]
    macaroon_lines, macaroon_points = table(MACAROONS, ["libmacaroons", "pymacaroons"], wafer, peers)
    lines += macaroon_lines + [""]
    chart_points += macaroon_points

    call = peers.get("overhead.call", {}).get("biscuit-rust")
    noop = peers.get("overhead.noop-authorize", {}).get("biscuit-rust")
    lines += ["### What the Python binding costs", ""]
    if call and noop:
        lines += [f"biscuit-rust is reached through biscuit-python (PyO3). A trivial binding call "
                  f"(`Biscuit.block_count()`, harness loop included) costs **{duration(call['median_ns'])}**; the "
                  f"cheapest authorization (`AuthorizerBuilder(\"allow if true;\")`, then "
                  f"`build_unauthenticated().authorize()`, the two calls every Datalog case makes) costs "
                  f"**{duration(noop['median_ns'])}**. That floor is included in every biscuit-rust figure above; "
                  "it is small against all of them but the typical authorizer and `checks_block`, where the "
                  "targets table also gives the ratio without it. pymacaroons is pure Python (over PyNaCl): its "
                  "figures are the library's own cost, not a binding's.", ""]
    lines += ["### How each side is timed", "",
              "- **Wafer**: package-benchmark, one iteration per sample, p50 of the samples (release build).",
              "- **biscuit-rust** (`Benchmarks/peers/biscuit_rust.py`) and **pymacaroons** "
              "(`pymacaroons_bench.py`): `time.perf_counter_ns` around batches of calls (≥ 0.2 ms each) for "
              "about 1.5 s a case, median over batches; cases slower than 0.1 s a call are timed call by call, "
              "3 calls (biscuit-rust's 300-edge closure, minutes long, once). Datalog text is parsed once where Wafer's case parses once (`AuthorizerBuilder`, "
              "`BlockBuilder`); an evaluation is `build_unauthenticated()` + `authorize()`, with Wafer's generous "
              "limits (biscuit-rust's defaults stop the closures at 1 ms / 1,000 facts).",
              "- **libmacaroons** (`libmacaroons_bench.c`, `gcc -O2`): `clock_gettime(CLOCK_MONOTONIC)` around "
              "batches, as above. libmacaroons 0.3 writes V1 only (its JSON is the old V1 JSON), so only V1 "
              "serialization is compared. Its mint returns a new macaroon per caveat, as its API requires.",
              "- pymacaroons' V2 `serialize()`/`deserialize()` go through base64url text (its only V2 API); "
              "Wafer's V2 cases are raw binary.", ""]
    lines += ["![peer time / Wafer time, log scale](images/benchmark-ratios.png)", "", END]
    section = "\n".join(wrap(line) for line in lines)

    document = read_text(arguments.doc) or "# Benchmarks\n"
    if BEGIN in document and END in document:
        head, rest = document.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        document = head + section + tail
    else:
        document = document.rstrip("\n") + "\n\n" + section + "\n"
    with open(arguments.doc, "w") as handle:
        handle.write(document)

    subtitle = f"{cpu_model()}, {os.cpu_count()} cores, {date}"
    draw_chart(chart_points, arguments.chart, subtitle)
    print(f"report.py: wrote {arguments.doc} and {arguments.chart} ({len(chart_points)} ratios)")
    for target, measured, met in targets(wafer, peers):
        print(f"  {'met' if met else 'MISSED' if met is False else 'not measured'}: {target}: {measured}")


if __name__ == "__main__":
    sys.exit(main())
