"""What each compile-time instrumentation tier does.

- ``otel``: spans (after ``init_tracing()``) and metrics.
- ``metrics-only``: metrics; ``init_tracing()`` warns and does nothing.
- ``none``: nothing; ``init_tracing()`` and ``start_metrics_server()`` warn,
  ``get_metrics()`` is ``""``.

Only the tier the installed library was built with runs; the others skip.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
import warnings

import pytest

import aerospike_py

SPANS_PER_RUN = 13  # what every_op() in the conftest prelude performs

# init, every operation, metrics text, shutdown; warnings raised as errors
# are reported instead of crashing the scenario.
TIER_SCENARIO = """
import warnings
import aerospike_py
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    aerospike_py.init_tracing()
emit("init_warnings", [[w.category.__name__, str(w.message)] for w in caught])
c = connect()
set_name = "tiers_" + os.urandom(5).hex()
emit("set", set_name)
emit("expected", every_op(c, set_name, "k", "v", 1))
c.close()
emit("metrics", aerospike_py.get_metrics())
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    aerospike_py.shutdown_tracing()
emit("shutdown_warnings", [[w.category.__name__, str(w.message)] for w in caught])
"""


def _expected_counts(pairs) -> dict:
    out: dict = {}
    for op, err in pairs:
        out[(op, err)] = out.get((op, err), 0) + 1
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_tier_constant():
    assert aerospike_py.INSTRUMENTATION_TIER in ("otel", "metrics-only", "none")


# --------------------------------------------------------------------------
# otel
# --------------------------------------------------------------------------


@pytest.mark.tiers("otel")
def test_otel_traces_and_measures(run_py, receiver, tracing_env, op_counts, namespace):
    result = run_py(TIER_SCENARIO, env=tracing_env)
    assert result["init_warnings"] == []
    assert result["shutdown_warnings"] == []
    spans = receiver.wait_for_count(SPANS_PER_RUN, timeout=10)
    assert {s.attributes["db.collection.name"] for s in spans} == {result["set"]}
    assert op_counts(result["metrics"], namespace, result["set"]) == _expected_counts(result["expected"])


# --------------------------------------------------------------------------
# metrics-only
# --------------------------------------------------------------------------


@pytest.mark.tiers("metrics-only", "none")
def test_init_tracing_warns():
    with pytest.warns(RuntimeWarning):
        aerospike_py.init_tracing()


@pytest.mark.tiers("metrics-only", "none")
def test_shutdown_tracing_is_silent():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        aerospike_py.shutdown_tracing()
    assert caught == []


@pytest.mark.tiers("metrics-only")
def test_metrics_only_measures_but_never_traces(run_py, receiver, tracing_env, op_counts, namespace):
    result = run_py(TIER_SCENARIO, env=tracing_env)
    assert [c for c, _ in result["init_warnings"]] == ["RuntimeWarning"]
    assert result["shutdown_warnings"] == []
    assert op_counts(result["metrics"], namespace, result["set"]) == _expected_counts(result["expected"])
    time.sleep(0.5)
    assert receiver.spans() == []


# --------------------------------------------------------------------------
# none
# --------------------------------------------------------------------------


@pytest.mark.tiers("none")
def test_none_records_nothing(run_py, receiver, tracing_env):
    result = run_py(TIER_SCENARIO, env=tracing_env)
    assert [c for c, _ in result["init_warnings"]] == ["RuntimeWarning"]
    assert result["shutdown_warnings"] == []
    assert result["metrics"] == ""
    time.sleep(0.5)
    assert receiver.spans() == []


@pytest.mark.tiers("none")
def test_none_get_metrics_is_empty_after_operations(client, key):
    client.put(key, {"a": 1})
    client.get(key)
    assert aerospike_py.get_metrics() == ""


@pytest.mark.tiers("none")
def test_none_start_metrics_server_warns_and_serves_nothing():
    port = _free_port()
    with pytest.warns(RuntimeWarning):
        aerospike_py.start_metrics_server(port=port, host="127.0.0.1")
    try:
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2)
    finally:
        aerospike_py.stop_metrics_server()
