"""What instrumentation adds to a Python call, per tier, without network noise.

``_bare_noop`` and ``_traced_noop`` are native benchmark hooks: the same no-op
operation without and with the ``traced_op!`` wrapping every data operation gets.
With tracing on, the difference between running under an active Python span and not
is the cost of context propagation (read straight from ``opentelemetry``'s context).
Tests run in file order: tracing is switched on only for the last ones.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import aerospike_py
from aerospike_py._native import _bare_noop, _traced_noop

otel_only = pytest.mark.skipif(aerospike_py.INSTRUMENTATION_TIER != "otel", reason="needs the otel tier")


def test_bare_noop(benchmark):
    assert benchmark(_bare_noop)


def test_traced_noop_tracing_off(benchmark):
    assert benchmark(_traced_noop)


RECEIVER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from otlp_receiver import OtlpReceiver
receiver = OtlpReceiver()
print(receiver.endpoint, flush=True)
sys.stdin.read()
"""


@pytest.fixture(scope="module")
def tracing(monkeypatch_module):
    # The receiver runs in its own interpreter: in this one it would compete for the GIL
    # with the loop being measured.
    receiver = subprocess.Popen(
        [sys.executable, "-c", RECEIVER, str(Path(__file__).resolve().parent.parent / "tests" / "observability")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    endpoint = receiver.stdout.readline().strip()
    monkeypatch_module.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
    aerospike_py.init_tracing()
    yield
    aerospike_py.shutdown_tracing()
    receiver.stdin.close()
    receiver.wait(timeout=10)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@otel_only
def test_traced_noop_tracing_on(benchmark, tracing):
    assert benchmark(_traced_noop)


@otel_only
def test_traced_noop_with_active_span(benchmark, tracing):
    from opentelemetry.sdk.trace import TracerProvider

    tracer = TracerProvider().get_tracer("perf")
    with tracer.start_as_current_span("request"):
        assert benchmark(_traced_noop)
