"""Where one exported span's CPU goes, per thread: the caller, the export thread, the rest.

    python perf/span_threads.py [--rate 50000] [--spans 1000] [--alternations 20] [--tls]

Blocks of traced no-ops (``_native._traced_noop``) with tracing on, alternated with
blocks with it off, each ending with a flush; every thread's CPU is read from
``/proc/self/task/*/schedstat`` before and after a block. Printed: the median CPU per
span of each thread (by name) on and off, and their difference. ``--rate`` paces the
no-ops (chunks of 100, then a sleep to the chunk's slot), as a service at that rate would
produce spans; without it they run flat out. Spans go to perf/otlp_sink.py (another
process), over TLS with ``--tls``; ``OTEL_EXPORTER_OTLP_COMPRESSION=gzip`` in the environment
compresses them. A release build only: a debug one would measure the wrong thing
(perf/README.md "2026-12-02, session 6" used this).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aerospike_py
from aerospike_py import _native

CHUNK = 100


def thread_cpu_ns() -> dict[str, int]:
    """CPU so far of every thread of this process, summed by thread name; under
    ``<name> runs`` the times each was scheduled in (one per wake-up or preemption)."""
    totals: dict[str, int] = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            name = Path(f"/proc/self/task/{tid}/comm").read_text().strip()
            ran, _waited, runs = (int(field) for field in Path(f"/proc/self/task/{tid}/schedstat").read_text().split())
        except OSError:
            continue  # the thread ended meanwhile
        totals[name] = totals.get(name, 0) + ran
        totals[f"{name} runs"] = totals.get(f"{name} runs", 0) + runs
    return totals


def block(on: bool, spans: int, rate: float | None) -> dict[str, float]:
    _native._switch_tracing(on)
    _native._flush_spans()
    before = thread_cpu_ns()
    start = time.perf_counter()
    noop = _native._traced_noop
    for chunk in range(spans // CHUNK):
        for _ in range(CHUNK):
            noop()
        if rate:
            delay = start + (chunk + 1) * CHUNK / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
    _native._flush_spans()
    after = thread_cpu_ns()
    return {name: (ran - before.get(name, 0)) / spans for name, ran in after.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=None, help="spans per second (default: flat out)")
    parser.add_argument("--spans", type=int, default=None, help="per block (default 1,000; 25,000 when paced)")
    parser.add_argument("--alternations", type=int, default=20)
    parser.add_argument("--tls", action="store_true", help="export over TLS (a self-signed sink)")
    args = parser.parse_args()
    if getattr(_native, "_BUILD_PROFILE", "unknown") != "release":
        sys.exit("span_threads: refusing to measure a non-release build")
    spans = args.spans or (25_000 if args.rate else 1_000)
    scratch = tempfile.TemporaryDirectory(prefix="span-threads-")
    ca = Path(scratch.name) / "ca.pem"
    if args.tls:
        os.environ["OTEL_EXPORTER_OTLP_CERTIFICATE"] = str(ca)
    sink = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("otlp_sink.py"))] + (["--tls", str(ca)] if args.tls else []),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.stdout.readline().strip()
        aerospike_py.init_tracing()
        samples: dict[bool, list[dict[str, float]]] = {True: [], False: []}
        block(True, spans, args.rate), block(False, spans, args.rate)  # warm-up
        for i in range(args.alternations):
            for on in (True, False) if i % 2 == 0 else (False, True):
                samples[on].append(block(on, spans, args.rate))
        names = sorted({name for s in samples[True] + samples[False] for name in s})
        transport = ("TLS" if args.tls else "cleartext") + ", compression " + os.environ.get("OTEL_EXPORTER_OTLP_COMPRESSION", "none")
        print(f"{spans} spans a block, {args.rate or 'flat out'} spans/s, {args.alternations} alternations, {transport}")
        for name in names:
            on = statistics.median(s.get(name, 0.0) for s in samples[True])
            off = statistics.median(s.get(name, 0.0) for s in samples[False])
            if name.endswith(" runs"):  # scheduled in, per 1,000 spans
                on, off = on * 1000, off * 1000
                print(f"  {name:<26} on {on:8.2f}  off {off:8.2f}  difference {on - off:8.2f} per 1,000 spans")
            else:
                print(f"  {name:<26} on {on:8.1f}  off {off:8.1f}  difference {on - off:8.1f} ns per span")
        dropped = [line for line in aerospike_py.get_metrics().splitlines() if line.startswith("aerospike_py_spans_dropped_total")]
        print("  " + (dropped[0] if dropped else "aerospike_py_spans_dropped_total (not reported)"))
        aerospike_py.shutdown_tracing()
    finally:
        sink.stdin.close()
        sink.wait(timeout=10)
        scratch.cleanup()


if __name__ == "__main__":
    main()
