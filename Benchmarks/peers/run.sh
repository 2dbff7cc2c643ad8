#!/usr/bin/env bash
# Wafer and its peers on the same workloads, in one run, on a fresh machine:
#   installs the peers (scripts/install-peers.sh: biscuit-python → biscuit-rust, pymacaroons, libmacaroons, gcc)
#   and matplotlib; runs Wafer's suites (release, package-benchmark, JMH export), then the peers' harnesses;
#   then report.py rewrites docs/benchmarks.md's generated section and docs/images/benchmark-ratios.png.
#
#   bash Benchmarks/peers/run.sh                     # everything (about 11 minutes on 2 cores, plus the build)
#   bash Benchmarks/peers/run.sh --peer-seconds 0.3  # shorter peer cases (for trying the script)
#   bash Benchmarks/peers/run.sh --no-300            # without biscuit-rust's 300-edge closure (7 minutes alone)
#   nice -n 10 bash Benchmarks/peers/run.sh          # on a shared machine
#
# Raw results stay in Benchmarks/.build/peers-results/ (wafer.jmh.json, peers.jsonl, machine.json, logs).
set -euo pipefail

peer_seconds=1.5
biscuit_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --peer-seconds) peer_seconds="$2"; shift 2 ;;
    --no-300) biscuit_options+=(--no-300); shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 64 ;;
  esac
done

root="$(cd "$(dirname "$0")/../.." && pwd)"
peers="$root/Benchmarks/peers"
results="$root/Benchmarks/.build/peers-results"
started=$(date +%s)
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(loadavg)

echo "== installing what the run needs"
bash "$root/scripts/ensure-deps.sh"
bash "$root/scripts/install-peers.sh"
if ! python3 -c 'import matplotlib' 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check 'matplotlib==3.11.2'
fi

rm -rf "$results"
mkdir -p "$results"

echo "== Wafer's suites (release build, then every case; log: $results/wafer.log)"
wafer_start=$(date +%s)
(
  cd "$root/Benchmarks"
  # DatalogBenchmarks writes its workloads' text there, to be compared with the peers' copy below.
  mkdir -p "$results/workloads/wafer"
  WAFER_DUMP_WORKLOADS="$results/workloads/wafer" \
    swift package --disable-sandbox benchmark --format jmh --path "$results" --no-progress
) >"$results/wafer.log" 2>&1 || { tail -40 "$results/wafer.log" >&2; echo "run.sh: Wafer's suites failed" >&2; exit 1; }
jmh=$(ls "$results"/*.jmh.json 2>/dev/null | head -1)
[ -n "$jmh" ] || { tail -20 "$results/wafer.log" >&2; echo "run.sh: package-benchmark wrote no JMH file" >&2; exit 1; }
mv "$jmh" "$results/wafer.jmh.json"
wafer_seconds=$(( $(date +%s) - wafer_start ))
load_after_wafer=$(loadavg)

echo "== the Datalog text: Wafer's Workloads.swift and the peers' copy must be identical, byte for byte"
mkdir -p "$results/workloads/peers"
(cd "$peers" && python3 biscuit_rust.py --dump-workloads "$results/workloads/peers")
[ -s "$results/workloads/wafer/typical.dl" ] ||
  { echo "run.sh: DatalogBenchmarks wrote no workloads to $results/workloads/wafer" >&2; exit 1; }
diff -r "$results/workloads/wafer" "$results/workloads/peers" >/dev/null ||
  { echo "run.sh: biscuit_rust.py's Datalog text differs from Workloads.swift's (see $results/workloads)" >&2; exit 1; }
workloads_checked=$(cd "$results/workloads/wafer" && ls | tr '\n' ' ')

echo "== the peers ($peer_seconds s a case; log: $results/peers.log)"
peers_start=$(date +%s)
gcc -O2 -Wall -Wextra -o "$results/libmacaroons_bench" "$peers/libmacaroons_bench.c" -lmacaroons
if ! {
  "$results/libmacaroons_bench" "$peer_seconds"
  (cd "$peers" && python3 pymacaroons_bench.py "$peer_seconds")
  (cd "$peers" && python3 biscuit_rust.py "$peer_seconds" ${biscuit_options[@]+"${biscuit_options[@]}"})
} 2>"$results/peers.log" | tee "$results/peers.jsonl"; then
  cat "$results/peers.log" >&2
  echo "run.sh: a peer failed" >&2
  exit 1
fi
peers_seconds=$(( $(date +%s) - peers_start ))
load_end=$(loadavg)

echo "== report"
WORKLOADS_CHECKED="$workloads_checked" WAFER_SECONDS=$wafer_seconds PEERS_SECONDS=$peers_seconds STARTED=$started \
LOAD_START="$load_start" LOAD_AFTER_WAFER="$load_after_wafer" LOAD_END="$load_end" \
python3 - "$results/machine.json" "$root" <<'EOF'
import datetime, importlib.metadata, json, os, pathlib, re, subprocess, sys, time

def run(*command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"

def debian(package):
    return run("dpkg-query", "-W", "-f=${Version}", package)

def biscuit_rust():
    # biscuit-python embeds biscuit-auth; its version is in the extension module's panic paths.
    import biscuit_auth
    for path in pathlib.Path(biscuit_auth.__file__).parent.glob("*.so"):
        match = re.search(rb"biscuit-auth-(\d+\.\d+\.\d+)", path.read_bytes())
        if match:
            return match.group(1).decode()
    return "unknown"

def package_benchmark(root):
    try:
        resolved = json.loads((pathlib.Path(root) / "Benchmarks" / "Package.resolved").read_text())
        for pin in resolved.get("pins", []):
            if pin.get("identity") == "package-benchmark":
                return pin["state"].get("version", "unknown")
    except (OSError, ValueError, KeyError):
        pass
    return "unknown"

path, root = sys.argv[1], sys.argv[2]
swift = run("swift", "--version").splitlines()
machine = {
    "finished": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "wall_seconds": time.time() - int(os.environ["STARTED"]),
    "workloads_identical": os.environ["WORKLOADS_CHECKED"].split(),
    "phase_seconds": {"Wafer's suites with their build": int(os.environ["WAFER_SECONDS"]),
                      "peers": int(os.environ["PEERS_SECONDS"])},
    "load_averages": {"at the start": os.environ["LOAD_START"], "after Wafer's suites": os.environ["LOAD_AFTER_WAFER"],
                      "at the end": os.environ["LOAD_END"]},
    "versions": {
        "Swift": re.sub(r"^.*?version ", "", swift[0]) if swift else "unknown",
        "package-benchmark": package_benchmark(root),
        "Python": run("python3", "-c", "import platform; print(platform.python_version())"),
        "biscuit-python": importlib.metadata.version("biscuit-python") + f" (biscuit-auth {biscuit_rust()})",
        "pymacaroons": importlib.metadata.version("pymacaroons"),
        "libmacaroons": debian("libmacaroons0") if debian("libmacaroons0") != "unknown" else debian("libmacaroons-dev"),
        "libsodium": debian("libsodium23") if debian("libsodium23") != "unknown" else debian("libsodium-dev"),
        "gcc": run("gcc", "-dumpfullversion"),
    },
}
pathlib.Path(path).write_text(json.dumps(machine, indent=2))
EOF
python3 "$peers/report.py" "$results" --doc "$root/docs/benchmarks.md" --chart "$root/docs/images/benchmark-ratios.png"
echo "== done in $(( $(date +%s) - started )) s"
