"""The same workload through aerospike-py (ours), the official `aerospike` client and
aerospike-py 0.14.4 from PyPI, against one server, reported as ratios to ours.

    python perf/peers.py --host H --port P --client ours|official|aerospike-py-0.14.4
        (one client; prints JSON medians in µs)
    python perf/peers.py --compare --out perf/results/peers.json
        (starts a test server, runs every client in its own interpreter, in turns,
         three times, and writes each client's best median per operation)

aerospike-py 0.14.4 installs the same import name as ours, so it runs from its own
virtualenv (.venv-peer, made by scripts/bench).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 2000
REPEATS = 3
INTERPRETERS = {
    "ours": ROOT / ".venv" / "bin" / "python",
    "official": ROOT / ".venv" / "bin" / "python",
    "aerospike-py-0.14.4": ROOT / ".venv-peer" / "bin" / "python",
}


def median_us(run, rounds: int = ROUNDS) -> float:
    samples = []
    for i in range(rounds):
        started = time.perf_counter()
        run(i)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def connect(kind: str, host: str, port: int):
    if kind == "official":
        import aerospike

        return aerospike.client({"hosts": [(host, port)]}).connect()
    import aerospike_py

    return aerospike_py.client({"hosts": [(host, port)]}).connect()


def interleaved(host: str, port: int) -> dict[str, dict[str, float]]:
    """Ours and the official client in one process, call for call (alternating which
    goes first), so both see the same machine state: the fairest single-record comparison."""
    import aerospike

    import aerospike_py

    clients = {
        "ours": aerospike_py.client({"hosts": [(host, port)]}).connect(),
        "official": aerospike.client({"hosts": [(host, port)]}).connect(),
    }
    run = uuid.uuid4().hex[:8]
    keys = [("test", "peers", f"{run}-{i}") for i in range(100)]
    bins = {"name": "user", "age": 30, "score": 1.5, "tags": ["a", "b"]}
    samples: dict[str, dict[str, list[float]]] = {kind: {"put": [], "get": []} for kind in clients}
    order = list(clients.items())
    for i in range(ROUNDS):
        key = keys[i % 100]
        for kind, client in order if i % 2 else reversed(order):
            started = time.perf_counter()
            client.put(key, bins)
            samples[kind]["put"].append(time.perf_counter() - started)
            started = time.perf_counter()
            client.get(key)
            samples[kind]["get"].append(time.perf_counter() - started)
    for key in keys:
        clients["ours"].remove(key)
    for client in clients.values():
        client.close()
    return {
        kind: {f"{op} (interleaved)": statistics.median(values) * 1e6 for op, values in ops.items()}
        for kind, ops in samples.items()
    }


def workload(kind: str, host: str, port: int) -> dict[str, float]:
    client = connect(kind, host, port)
    run = uuid.uuid4().hex[:8]
    keys = [("test", "peers", f"{run}-{i}") for i in range(100)]
    bins = {"name": "user", "age": 30, "score": 1.5, "tags": ["a", "b"]}
    for key in keys:
        client.put(key, bins)
    result = {
        "put": median_us(lambda i: client.put(keys[i % 100], bins)),
        "get": median_us(lambda i: client.get(keys[i % 100])),
    }
    if hasattr(client, "batch_read"):
        try:
            result["batch_read_100"] = median_us(lambda i: client.batch_read(keys), rounds=200)
        except Exception as error:  # a server without batch support, or another signature
            print(f"{kind}: batch_read skipped: {error}", file=sys.stderr)
    if kind != "official":  # the official client has no asyncio API
        try:
            result["async_1000_gets_ms"] = asyncio.run(async_gets(host, port, keys)) / 1000
        except Exception as error:  # report the rest of the workload all the same
            print(f"{kind}: async workload failed: {error}", file=sys.stderr)
    for key in keys:
        client.remove(key)
    client.close()
    return result


async def async_gets(host: str, port: int, keys) -> float:
    import aerospike_py

    client = aerospike_py.AsyncClient({"hosts": [(host, port)]})
    await client.connect()
    samples = []
    for _ in range(20):
        started = time.perf_counter()
        await asyncio.gather(*(client.get(keys[i % 100]) for i in range(1000)))
        samples.append(time.perf_counter() - started)
    await client.close()
    return statistics.median(samples) * 1e6


def compare(out: Path) -> None:
    import aerospike_py

    if getattr(aerospike_py._native, "_BUILD_PROFILE", "unknown") != "release":
        sys.exit("peers: refusing to measure a debug build of aerospike_py; build a release one")
    sys.path.insert(0, str(ROOT / "tests"))
    import _server

    server = None
    if _server.is_external():
        host, port = _server.server_address()
    else:
        server = _server.TestServer()
        host, port = server.start()
    # Pinned: server on one core, clients on the other. Unpinned, a round trip costs
    # ~18 µs or ~60 µs depending on where the scheduler happens to put the server's
    # connection thread, whichever client is measured; pinned, every client sees the
    # same cross-core wake-up, as with a server on another machine.
    pin = []
    if server is not None and len(os.sched_getaffinity(0)) >= 2 and shutil.which("taskset"):
        cores = sorted(os.sched_getaffinity(0))
        _server.pin_threads(server.process.pid, {cores[1]})
        pin = ["taskset", "-c", str(cores[0])]
    # The clients take turns, REPEATS times, and each keeps its best median per op.
    runs: dict[str, list[dict[str, float]]] = {}
    for _ in range(REPEATS):
        for kind, python in INTERPRETERS.items():
            if not python.exists():
                continue
            args = [*pin, str(python), __file__, "--client", kind, "--host", host, "--port", str(port)]
            try:
                # A run takes ~5 s; one CI run saw aerospike-py 0.14.4 hang for 600 s.
                done = subprocess.run(args, capture_output=True, text=True, timeout=120)
            except subprocess.TimeoutExpired:
                print(f"peers: {kind} did not finish within 120 s; left out of this repeat", file=sys.stderr)
                continue
            if done.returncode != 0:
                print(f"peers: {kind} failed:\n{done.stderr}", file=sys.stderr)
                continue
            if done.stderr.strip():  # a part of the workload that failed (e.g. its asyncio burst)
                print(f"peers: {kind}: {done.stderr.strip()}", file=sys.stderr)
            runs.setdefault(kind, []).append(json.loads(done.stdout))
    table = {
        kind: {op: min(run[op] for run in results if op in run) for op in dict.fromkeys(k for run in results for k in run)}
        for kind, results in runs.items()
    }
    python = INTERPRETERS["ours"]
    done = subprocess.run(
        [*pin, str(python), __file__, "--interleaved", "--host", host, "--port", str(port)],
        capture_output=True, text=True, timeout=600,
    )
    if done.returncode == 0:
        for kind, results in json.loads(done.stdout).items():
            table.setdefault(kind, {}).update(results)
    else:
        print(f"peers: interleaved run failed:\n{done.stderr}", file=sys.stderr)
    if server is not None:
        server.stop()
    ours = table.get("ours", {})
    ratios = {
        kind: {op: round(value / ours[op], 2) for op, value in results.items() if ours.get(op)}
        for kind, results in table.items()
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"medians_us": table, "ratio_to_ours": ratios}, indent=2) + "\n")
    print(json.dumps({"medians_us": table, "ratio_to_ours": ratios}, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--client", choices=sorted(INTERPRETERS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--interleaved", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "perf" / "results" / "peers.json")
    args = parser.parse_args()
    if args.compare:
        compare(args.out)
    elif args.interleaved:
        print(json.dumps(interleaved(args.host, args.port)))
    else:
        print(json.dumps(workload(args.client, args.host, args.port)))


if __name__ == "__main__":
    main()
