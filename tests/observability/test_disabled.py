"""Turning tracing off at run time, and the lifecycle of init/shutdown.

``OTEL_SDK_DISABLED=true`` and ``OTEL_TRACES_EXPORTER=none`` (any case), or
never calling ``init_tracing()``, export no span while the metrics keep
being recorded. ``init_tracing()``/``shutdown_tracing()`` are idempotent and
thread-safe, and ``shutdown_tracing()`` flushes what the batch exporter holds.
"""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.tiers("otel")

SPANS_PER_RUN = 13  # what every_op() in the conftest prelude performs

# Runs every operation and hands back the metrics text. OPS_SET names the set.
OPS_SCENARIO = """
import aerospike_py
if os.environ.get("CALL_INIT", "1") == "1":
    aerospike_py.init_tracing()
c = connect()
set_name = "disabled_" + os.urandom(5).hex()
emit("set", set_name)
emit("expected", every_op(c, set_name, "k-" + os.urandom(4).hex(), "v", 1))
c.close()
time.sleep(0.5)  # several OTEL_BSP_SCHEDULE_DELAY periods: a live exporter would have sent
emit("metrics", aerospike_py.get_metrics())
aerospike_py.shutdown_tracing()
"""

OFF_SWITCHES = [
    pytest.param({"OTEL_SDK_DISABLED": "TRUE"}, id="sdk-disabled-TRUE"),
    pytest.param({"OTEL_SDK_DISABLED": "true"}, id="sdk-disabled-true"),
    pytest.param({"OTEL_SDK_DISABLED": "True"}, id="sdk-disabled-True"),
    pytest.param({"OTEL_TRACES_EXPORTER": "none"}, id="traces-exporter-none"),
    pytest.param({"OTEL_TRACES_EXPORTER": "NONE"}, id="traces-exporter-NONE"),
    pytest.param({"OTEL_TRACES_EXPORTER": "None"}, id="traces-exporter-None"),
    pytest.param({"CALL_INIT": "0"}, id="no-init_tracing"),
]


def _assert_no_spans(receiver, grace: float = 0.5) -> None:
    # The scenario has exited after shutdown_tracing(): anything exported has
    # been sent. The grace period covers the receiver's hand-over only.
    time.sleep(grace)
    assert receiver.spans() == [], [s.name for s in receiver.spans()]
    assert receiver.export_requests == 0


def test_enabled_control(run_py, receiver, tracing_env):
    """The same scenario with nothing switched off does export: the tests
    below mean something."""
    result = run_py(OPS_SCENARIO, env=tracing_env)
    spans = receiver.wait_for_count(SPANS_PER_RUN, timeout=10)
    assert len(spans) == SPANS_PER_RUN
    assert {s.attributes["db.collection.name"] for s in spans} == {result["set"]}


@pytest.mark.parametrize("switch", OFF_SWITCHES)
def test_switched_off_exports_nothing(run_py, receiver, tracing_env, switch):
    run_py(OPS_SCENARIO, env={**tracing_env, **switch})
    _assert_no_spans(receiver)


@pytest.mark.parametrize("switch", OFF_SWITCHES)
def test_switched_off_still_records_metrics(run_py, receiver, tracing_env, switch, op_counts, namespace):
    result = run_py(OPS_SCENARIO, env={**tracing_env, **switch})
    counts = op_counts(result["metrics"], namespace, result["set"])
    expected: dict = {}
    for op, err in result["expected"]:
        expected[(op, err)] = expected.get((op, err), 0) + 1
    assert counts == expected


def test_init_and_shutdown_twice(run_py, receiver, tracing_env):
    result = run_py(
        """
        import aerospike_py
        aerospike_py.init_tracing()
        aerospike_py.init_tracing()
        c = connect()
        set_name = "twice_" + os.urandom(5).hex()
        emit("set", set_name)
        every_op(c, set_name, "k", "v", 1)
        aerospike_py.shutdown_tracing()
        aerospike_py.shutdown_tracing()
        # tracing is off, the client is not
        after = (NS, "twice_after_" + os.urandom(5).hex(), "k")
        c.put(after, {"a": 1})
        emit("after", c.get(after)[2])
        c.remove(after)
        c.close()
        """,
        env=tracing_env,
    )
    assert result["after"] == {"a": 1}
    time.sleep(0.5)  # a duplicate pipeline would have delivered its copy by now
    spans = receiver.spans(lambda s: s.attributes.get("db.collection.name") == result["set"])
    assert len(spans) == SPANS_PER_RUN, "a second init_tracing() must not export twice"
    assert len({s.span_id for s in spans}) == SPANS_PER_RUN


def test_concurrent_init_and_shutdown(run_py, receiver, tracing_env):
    result = run_py(
        """
        import threading
        import aerospike_py

        def all_at_once(fn, n=8):
            barrier = threading.Barrier(n)
            errors = []
            def run():
                barrier.wait()
                try:
                    fn()
                except BaseException as e:
                    errors.append(repr(e))
            threads = [threading.Thread(target=run) for _ in range(n)]
            for t in threads: t.start()
            for t in threads: t.join(60)
            return errors

        emit("init_errors", all_at_once(aerospike_py.init_tracing))
        c = connect()
        set_name = "concurrent_" + os.urandom(5).hex()
        emit("set", set_name)
        every_op(c, set_name, "k", "v", 1)
        c.close()
        emit("shutdown_errors", all_at_once(aerospike_py.shutdown_tracing))
        """,
        env=tracing_env,
    )
    assert result["init_errors"] == []
    assert result["shutdown_errors"] == []
    spans = receiver.wait_for_count(SPANS_PER_RUN, timeout=10)
    time.sleep(0.3)
    spans = receiver.spans()
    assert len(spans) == SPANS_PER_RUN, "each operation is exported exactly once"
    assert {s.attributes["db.collection.name"] for s in spans} == {result["set"]}


def test_shutdown_flushes_pending_spans(spawn_py, receiver):
    """With a 60 s batch delay nothing is exported until shutdown_tracing(),
    which must deliver everything before it returns."""
    p = spawn_py(
        """
        import aerospike_py
        aerospike_py.init_tracing()
        c = connect()
        every_op(c, "flush_" + os.urandom(5).hex(), "k", "v", 1)
        c.close()
        print("OPS_DONE", flush=True)
        sys.stdin.readline()
        aerospike_py.shutdown_tracing()
        print("SHUT", flush=True)
        sys.stdin.readline()  # stay alive: exiting must not be what delivers
        """,
        env={"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "60000"},
    )
    p.read_until("OPS_DONE", timeout=60)
    time.sleep(1.0)
    assert receiver.spans() == [], "spans were exported before the batch delay or shutdown"
    p.send("shutdown")
    p.read_until("SHUT", timeout=30)
    delivered = receiver.spans()
    p.send("exit")
    assert p.wait(30) == 0, p.stderr
    assert len(delivered) == SPANS_PER_RUN


@pytest.mark.parametrize(
    ("sampler", "arg", "spans"),
    [("traceidratio", "0", 0), ("always_off", None, 0), ("traceidratio", "1", 2)],
)
def test_sampler_from_the_environment(run_py, receiver, tracing_env, sampler, arg, spans):
    """OTEL_TRACES_SAMPLER[_ARG] decide which operations get a span; the others still run."""
    result = run_py(
        """
        import aerospike_py
        aerospike_py.init_tracing()
        c = connect()
        emit("missing", c.exists((NS, "sampled", "k")) is not None)
        emit("again", c.exists((NS, "sampled", "k2")) is not None)
        c.close()
        aerospike_py.shutdown_tracing()
        """,
        env={**tracing_env, "OTEL_TRACES_SAMPLER": sampler, "OTEL_TRACES_SAMPLER_ARG": arg},
    )
    assert result["missing"] and result["again"]
    if spans:
        receiver.wait_for_count(spans, timeout=10)
    else:
        time.sleep(0.5)  # shutdown_tracing() flushed already; allow the receiver's hand-over
    assert len(receiver.spans()) == spans
