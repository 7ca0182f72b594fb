"""The demo workload: a few thousand puts and gets against a fresh test server.

Run through ``scripts/demo`` (which builds everything first). Uses AEROSPIKE_HOST /
AEROSPIKE_PORT instead of starting the test server when they are set.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(TESTS / "observability"))

import aerospike_py  # noqa: E402
from aerospike_py import exception  # noqa: E402

import _server  # noqa: E402  (the tests' server launcher)

RECORDS = 2000
SET = "demo"


def timed(label: str, count: int, run) -> None:
    latencies = []
    started = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        run(i)
        latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    print(
        f"  {label:<6} {count} ops in {total * 1000:7.1f} ms  "
        f"p50 {statistics.median(latencies) * 1e6:6.1f} µs  "
        f"p99 {sorted(latencies)[int(count * 0.99)] * 1e6:6.1f} µs"
    )


async def async_workload(config: dict) -> None:
    async with aerospike_py.AsyncClient(config) as client:
        started = time.perf_counter()
        keys = [("test", SET, f"async-{i}") for i in range(RECORDS)]
        await asyncio.gather(*(client.put(k, {"n": i}) for i, k in enumerate(keys)))
        records = await asyncio.gather(*(client.get(k) for k in keys))
        assert [bins["n"] for _, _, bins in records] == list(range(RECORDS))
        elapsed = time.perf_counter() - started
        print(f"  async  {2 * RECORDS} concurrent puts+gets in {elapsed * 1000:.1f} ms")
        await asyncio.gather(*(client.remove(k) for k in keys))


def tracing_demo(config: dict) -> None:
    """A request span in Python and the Aerospike spans it causes, in one trace, as they
    arrive over OTLP gRPC at a local receiver standing in for Jaeger or Tempo."""
    if aerospike_py.INSTRUMENTATION_TIER != "otel":
        return
    import os

    from opentelemetry.sdk.trace import TracerProvider
    from otlp_receiver import OtlpReceiver

    with OtlpReceiver() as receiver:
        os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.endpoint
        os.environ["OTEL_SERVICE_NAME"] = "aerospike-py-demo"
        aerospike_py.init_tracing()
        tracer = TracerProvider().get_tracer("demo")
        client = aerospike_py.client(config).connect()
        with tracer.start_as_current_span("GET /users/{id}") as request:
            client.put(("test", "users", "u42"), {"name": "Ada"})
            client.get(("test", "users", "u42"))
        client.remove(("test", "users", "u42"))
        client.close()
        aerospike_py.shutdown_tracing()  # flushes
        spans = receiver.wait_for_count(3, timeout=10)
        request_id = format(request.get_span_context().span_id, "016x")
        trace_id = format(request.get_span_context().trace_id, "032x")
        print(f"tracing: Python span 'GET /users/{{id}}' trace {trace_id[:12]}…, received over OTLP:")
        for span in spans:
            relation = "child of the request span" if span.parent_span_id == request_id else "root span"
            same = "same trace" if span.trace_id == trace_id else "own trace"
            print(f"  {span.name:<22} {span.kind:<17} {same}, {relation}, db.operation.name={span.attributes['db.operation.name']}")


def main() -> None:
    server = None
    if _server.is_external():
        host, port = _server.server_address()
    else:
        server = _server.TestServer()
        host, port = server.start()
    config = {"hosts": [(host, port)]}
    print(f"aerospike-py demo — tier '{aerospike_py.INSTRUMENTATION_TIER}', server {host}:{port}")

    client = aerospike_py.client(config).connect()
    key = ("test", SET, "alice")
    client.put(key, {"name": "Alice", "age": 30, "tags": ["admin", "ops"], "prefs": {"theme": "dark"}})
    _, meta, bins = client.get(key)
    print(f"  put/get {key}: bins={bins} gen={meta['gen']}")
    client.increment(key, "age", 1)
    print(f"  increment age -> {client.select(key, ['age'])[2]['age']}")
    try:
        client.get(("test", SET, "nobody"))
    except exception.RecordNotFound as e:
        print(f"  get of a missing key raised RecordNotFound (code {e.code})")

    print(f"sync client, {RECORDS} records:")
    timed("put", RECORDS, lambda i: client.put(("test", SET, f"k{i}"), {"n": i, "s": "x" * 100}))
    timed("get", RECORDS, lambda i: client.get(("test", SET, f"k{i}")))
    timed("remove", RECORDS, lambda i: client.remove(("test", SET, f"k{i}")))
    client.remove(key)
    client.close()

    print("async client:")
    asyncio.run(async_workload(config))

    families = [line for line in aerospike_py.get_metrics().splitlines() if line.endswith("_count") or "_count{" in line]
    print(f"metrics: {len(families)} histogram series recorded, e.g.")
    for line in families[:3]:
        print(f"  {line}")
    tracing_demo(config)
    if server is not None:
        server.stop()


if __name__ == "__main__":
    main()
