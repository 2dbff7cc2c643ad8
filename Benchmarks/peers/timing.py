"""Timing shared by the Python peer harnesses (biscuit_rust.py, pymacaroons_bench.py).

Each case is timed inside Python with time.perf_counter_ns around batches of n calls, n doubled until a batch
takes at least 0.2 ms (short enough that most batches run unpreempted on a shared machine, long enough that
the clock's own cost is noise), batches repeated for about `seconds`; median_ns is the median over batches of
batch time / n, min_ns the fastest batch's. A case whose single call takes longer than SLOW_NS is timed call by
call instead, `slow_samples` times (the first call included: nothing is left to warm up at that scale).

Every case prints one JSON line: {"peer", "case", "median_ns", "min_ns", "iterations"} (+ "note").
"""

import json
import statistics
import sys
import time

MIN_BATCH_NS = 200_000
SLOW_NS = 100_000_000


def emit(peer, case, median_ns, min_ns, iterations, note=None):
    """Prints one result line (and flushes, so a slow run shows progress)."""
    line = {"peer": peer, "case": case, "median_ns": None if median_ns is None else round(median_ns, 1),
            "min_ns": None if min_ns is None else round(min_ns, 1), "iterations": iterations}
    if note:
        line["note"] = note
    print(json.dumps(line), flush=True)


def measure(peer, case, operation, seconds=1.5, slow_samples=3, note=None):
    """Times `operation()` as described above and prints its line; returns the median in nanoseconds."""
    clock = time.perf_counter_ns
    start = clock()
    operation()  # warm-up, and a check that the case runs at all
    first = clock() - start
    if first >= SLOW_NS:
        samples = [first]
        while len(samples) < slow_samples:
            start = clock()
            operation()
            samples.append(clock() - start)
        median = statistics.median(samples)
        emit(peer, case, median, min(samples), len(samples), note)
        return median

    for _ in range(20):
        operation()
    n = 1
    while True:
        start = clock()
        for _ in range(n):
            operation()
        if clock() - start >= MIN_BATCH_NS:
            break
        n *= 2
    samples = []
    total = 0
    began = clock()
    deadline = began + int(seconds * 1e9)
    while len(samples) < 5 or clock() < deadline:
        start = clock()
        for _ in range(n):
            operation()
        samples.append((clock() - start) / n)
        total += n
    median = statistics.median(samples)
    emit(peer, case, median, min(samples), total, note)
    return median


def seconds_from_argv(default=1.5):
    """The seconds per case: the first command-line argument, if any."""
    if len(sys.argv) > 1:
        try:
            value = float(sys.argv[1])
        except ValueError:
            value = -1
        if value <= 0:
            sys.exit(f"usage: {sys.argv[0]} [seconds-per-case > 0]")
        return value
    return default
