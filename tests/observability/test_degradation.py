"""Tracing never breaks or slows the client: with the OTLP endpoint
unreachable, a warning goes to Python ``logging`` (an ``aerospike_py*``
logger), every operation still succeeds, latency stays close to the
untraced latency and memory stays bounded.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.tiers("otel")

# Captures warnings from the library's loggers, whatever thread they come from.
LOG_CAPTURE = """
import logging, threading
captured = []
class Capture(logging.Handler):
    def emit(self, record):
        captured.append([record.name, record.levelname, record.getMessage()])
logging.getLogger().addHandler(Capture(level=logging.WARNING))
logging.getLogger().setLevel(logging.WARNING)

def ours():
    return [r for r in captured if r[0].startswith("aerospike_py")]

def wait_for_ours(timeout):
    deadline = time.monotonic() + timeout
    while not ours() and time.monotonic() < deadline:
        time.sleep(0.05)
"""


@pytest.fixture
def unreachable_env(closed_port):
    return {
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{closed_port}",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }


def test_unreachable_endpoint_warns_through_logging(run_py, unreachable_env):
    result = run_py(
        LOG_CAPTURE
        + """
import aerospike_py
aerospike_py.init_tracing()
c = connect()
for i in range(5):
    every_op(c, "degraded", "k%d" % i, "v", 1)  # raises if any operation misbehaves
emit("ops_ok", True)
wait_for_ours(10)
start = time.monotonic()
aerospike_py.shutdown_tracing()
emit("shutdown_seconds", time.monotonic() - start)
wait_for_ours(5)
c.close()
emit("records", captured)
""",
        env=unreachable_env,
    )
    assert result["ops_ok"]
    ours = [r for r in result["records"] if r[0].startswith("aerospike_py")]
    assert ours, f"no warning logged by an aerospike_py logger; all records: {result['records']}"
    assert all(level in ("WARNING", "ERROR", "CRITICAL") for _, level, _ in ours)
    assert "panicked" not in result.stderr


def test_latency_with_unreachable_endpoint(run_py, unreachable_env):
    """p50 of 200 gets, traced to a dead endpoint vs. untraced, same process."""
    result = run_py(
        """
        import statistics
        import aerospike_py

        c = connect()
        key = (NS, "degraded_latency", "k")
        c.put(key, {"a": 1})

        def p50(n=200):
            samples = []
            for _ in range(n):
                t = time.perf_counter_ns()
                c.get(key)
                samples.append(time.perf_counter_ns() - t)
            return statistics.median(samples)

        def measure():
            p50(200)  # warm-up
            return min(p50() for _ in range(3))  # least-disturbed of three runs

        emit("untraced_ns", measure())
        aerospike_py.init_tracing()
        time.sleep(0.3)  # let the exporter start failing
        emit("traced_ns", measure())
        c.remove(key)
        c.close()
        aerospike_py.shutdown_tracing()
        """,
        env=unreachable_env,
    )
    untraced, traced = result["untraced_ns"], result["traced_ns"]
    assert traced < 2 * untraced + 200_000, f"p50 untraced {untraced / 1e3:.0f} us, traced {traced / 1e3:.0f} us"


def test_memory_bounded_with_unreachable_endpoint(run_py, unreachable_env):
    """20k operations whose spans can never be delivered: RSS grows < 50 MB."""
    result = run_py(
        """
        import aerospike_py

        def rss_kib():
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])

        aerospike_py.init_tracing()
        c = connect()
        key = (NS, "degraded_memory", "k")
        c.put(key, {"a": 1})
        for _ in range(1000):  # warm-up: pools, caches, the exporter's first failures
            c.get(key)
        before = rss_kib()
        for i in range(10_000):
            c.put(key, {"a": i})
            c.get(key)
        emit("before_kib", before)
        emit("after_kib", rss_kib())
        c.remove(key)
        c.close()
        aerospike_py.shutdown_tracing()
        """,
        env=unreachable_env,
        timeout=300,
    )
    growth_mib = (result["after_kib"] - result["before_kib"]) / 1024
    assert growth_mib < 50, f"RSS grew {growth_mib:.1f} MiB over 20k operations"


@pytest.fixture
def stalled_endpoint():
    """A collector that accepts connections and never answers: an export to it hangs
    until its timeout (a refused connection fails fast, and the queue would drain)."""
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_spans_beyond_a_full_queue_are_dropped_and_counted(run_py, stalled_endpoint):
    # A one-span queue whose exports hang: the export thread holds three one-span
    # requests at most (two sent and unanswered, the one waiting to be sent; it does not
    # wait for each answer before the next), the queue one more, and the rest are
    # dropped (never queued without end) and counted.
    env = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": stalled_endpoint,
        "OTEL_BSP_MAX_QUEUE_SIZE": "1",
        "OTEL_BSP_SCHEDULE_DELAY": "60000",
        "OTEL_BSP_EXPORT_TIMEOUT": "20000",
        "OTEL_EXPORTER_OTLP_TIMEOUT": "20000",
    }
    result = run_py(
        """
import aerospike_py
aerospike_py.init_tracing()
c = connect()
for i in range(50):
    c.put(("test", "degraded", "drop%d" % i), {"v": i})
text = aerospike_py.get_metrics()
dropped = [l for l in text.splitlines() if l.startswith("aerospike_py_spans_dropped_total")]
emit("dropped", float(dropped[0].split()[-1]) if dropped else None)
for i in range(50):
    c.remove(("test", "degraded", "drop%d" % i))
c.close()
""",
        env=env,
    )
    # 50 puts were traced when the metrics were read; all but the four held were dropped.
    assert result["dropped"] is not None and 46 <= result["dropped"] <= 50
