"""A data operation called while a Python OpenTelemetry span is current
becomes that span's child: same trace id, parent span id = the Python span's
id. Without a current span, or without ``opentelemetry`` importable, it is a
root span.

The Python side uses the opentelemetry-sdk ``TracerProvider`` with an
in-memory exporter; when ``opentelemetry-exporter-otlp-proto-grpc`` is
installed the Python spans are also exported to the same receiver, so the
test can check the whole trace as a backend would see it.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.tiers("otel")

PYTHON_SDK_SETUP = """
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

provider = TracerProvider()
provider.add_span_processor(SimpleSpanProcessor(InMemorySpanExporter()))
try:
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
except ImportError:
    emit("python_exported", False)
else:
    exporter = OTLPSpanExporter(endpoint=os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"], insecure=True)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    emit("python_exported", True)
trace.set_tracer_provider(provider)
tracer = trace.get_tracer("aspy-context-test")

def ids(span):
    ctx = span.get_span_context()
    return {"trace_id": format(ctx.trace_id, "032x"), "span_id": format(ctx.span_id, "016x")}
"""


def _by_set(spans, set_name):
    return [s for s in spans if s.attributes.get("db.collection.name") == set_name]


@pytest.fixture
def request_scenario(run_py, receiver, tracing_env):
    """A web-request span around put/get (sync), a nested span, and an op after it."""
    result = run_py(
        PYTHON_SDK_SETUP
        + """
import aerospike_py
aerospike_py.init_tracing()
c = connect()
key = (NS, "users", "ctx-" + os.urandom(6).hex())
with tracer.start_as_current_span("GET /users/{id}", kind=trace.SpanKind.SERVER) as request_span:
    c.put(key, {"name": "Alice"})
    with tracer.start_as_current_span("load profile") as inner:
        c.get(key)
    emit("request", ids(request_span))
    emit("inner", ids(inner))
c.remove(key)  # after the request span ended: no current span
c.close()
provider.shutdown()
aerospike_py.shutdown_tracing()
""",
        env=tracing_env,
    )
    expected = 5 if result["python_exported"] else 3
    spans = receiver.wait_for_count(expected, timeout=10)
    return result, spans


def _one(spans, op):
    found = [s for s in spans if s.attributes.get("db.operation.name") == op]
    assert len(found) == 1, [s.name for s in spans]
    return found[0]


def test_operation_is_child_of_request_span(request_scenario):
    result, spans = request_scenario
    put = _one(_by_set(spans, "users"), "PUT")
    assert put.trace_id == result["request"]["trace_id"]
    assert put.parent_span_id == result["request"]["span_id"]


def test_parent_is_the_innermost_current_span(request_scenario):
    result, spans = request_scenario
    get = _one(_by_set(spans, "users"), "GET")
    assert get.trace_id == result["request"]["trace_id"]
    assert get.parent_span_id == result["inner"]["span_id"]


def test_operation_after_the_span_ended_is_a_root(request_scenario):
    result, spans = request_scenario
    remove = _one(_by_set(spans, "users"), "REMOVE")
    assert remove.is_root
    assert remove.trace_id != result["request"]["trace_id"]
    assert int(remove.trace_id, 16) != 0


def test_python_and_rust_spans_form_one_trace(request_scenario):
    result, spans = request_scenario
    if not result["python_exported"]:
        pytest.skip("opentelemetry-exporter-otlp-proto-grpc is not installed")
    (request,) = [s for s in spans if s.name == "GET /users/{id}"]
    (inner,) = [s for s in spans if s.name == "load profile"]
    assert request.is_root and request.kind == "SPAN_KIND_SERVER"
    trace = {s.span_id: s for s in spans if s.trace_id == request.trace_id}
    assert set(trace) == {request.span_id, inner.span_id, _one(spans, "PUT").span_id, _one(spans, "GET").span_id}
    assert trace[_one(spans, "PUT").span_id].parent_span_id == request.span_id
    assert trace[_one(spans, "GET").span_id].parent_span_id == inner.span_id
    assert inner.parent_span_id == request.span_id


def test_async_tasks_each_get_their_own_parent(run_py, receiver, tracing_env):
    """Two concurrent asyncio tasks, each in its own request span: every
    Rust span's parent is the span of the task that called it."""
    result = run_py(
        PYTHON_SDK_SETUP
        + """
import aerospike_py
aerospike_py.init_tracing()

async def handle(client, name):
    with tracer.start_as_current_span("GET /users/" + name) as span:
        key = (NS, "ctx_async_" + name, "k")
        await client.put(key, {"v": 1})
        await asyncio.sleep(0.01)  # let the other task interleave
        await client.get(key)
        await client.remove(key)
        return ids(span)

async def main():
    client = aerospike_py.AsyncClient(dict(CONFIG))
    await client.connect()
    a, b = await asyncio.gather(handle(client, "a"), handle(client, "b"))
    await client.close()
    return a, b

a, b = asyncio.run(main())
emit("a", a)
emit("b", b)
provider.shutdown()
aerospike_py.shutdown_tracing()
""",
        env=tracing_env,
    )
    spans = receiver.wait_for_count(6, timeout=10, predicate=lambda s: "db.operation.name" in s.attributes)
    for name in ("a", "b"):
        ours = _by_set(spans, f"ctx_async_{name}")
        assert len(ours) == 3
        for s in ours:
            assert s.trace_id == result[name]["trace_id"], s.name
            assert s.parent_span_id == result[name]["span_id"], s.name
    assert result["a"]["trace_id"] != result["b"]["trace_id"]


def test_no_current_span_gives_root_spans(run_py, receiver, tracing_env):
    """opentelemetry-api importable, a provider set, but no span current."""
    run_py(
        PYTHON_SDK_SETUP
        + """
import aerospike_py
aerospike_py.init_tracing()
c = connect()
c.exists((NS, "ctx_none", "k1"))
c.exists((NS, "ctx_none", "k2"))
c.close()
aerospike_py.shutdown_tracing()
""",
        env=tracing_env,
    )
    spans = receiver.wait_for_count(2, timeout=10)
    assert all(s.is_root for s in spans)
    assert len({s.trace_id for s in spans}) == 2  # two independent traces


def test_without_opentelemetry_spans_are_roots(run_py, receiver, tracing_env):
    """``opentelemetry`` cannot be imported at all: tracing still works, with root spans."""
    result = run_py(
        """
        sys.modules["opentelemetry"] = None  # any `import opentelemetry...` now raises ImportError
        import aerospike_py
        try:
            import opentelemetry.trace  # noqa: F401
            emit("importable", True)
        except ImportError:
            emit("importable", False)
        aerospike_py.init_tracing()
        c = connect()
        key = (NS, "ctx_no_otel", "k")
        c.put(key, {"a": 1})
        emit("bins", c.get(key)[2])
        c.remove(key)
        c.close()
        aerospike_py.shutdown_tracing()
        """,
        env=tracing_env,
    )
    assert result["importable"] is False
    assert result["bins"] == {"a": 1}
    spans = receiver.wait_for_count(3, timeout=10)
    assert sorted(s.attributes["db.operation.name"] for s in spans) == ["GET", "PUT", "REMOVE"]
    assert all(s.is_root for s in spans)


def test_a_remote_parent_passes_its_ids_and_tracestate_and_its_sampling_decision(run_py, receiver, tracing_env):
    """A parent extracted from W3C headers (a NonRecordingSpan) is read like a local one:
    its ids become the parent, its tracestate is carried over, and an unsampled parent
    yields no span under the default parent-based sampler."""
    run_py(
        """
        import aerospike_py
        from opentelemetry import context, trace
        from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags, TraceState

        def remote(trace_id, span_id, sampled, state):
            ctx = SpanContext(trace_id, span_id, True, TraceFlags(1 if sampled else 0), TraceState(state))
            return trace.set_span_in_context(NonRecordingSpan(ctx))

        aerospike_py.init_tracing()
        c = connect()
        token = context.attach(remote(0xABC, 0xDEF, True, [("vendor", "value"), ("other", "x")]))
        c.exists((NS, "ctx_remote", "sampled"))
        context.detach(token)
        token = context.attach(remote(0x123, 0x456, False, []))
        c.exists((NS, "ctx_remote", "unsampled"))
        context.detach(token)
        c.exists((NS, "ctx_remote", "root"))
        c.close()
        aerospike_py.shutdown_tracing()
        """,
        env=tracing_env,
    )
    spans = receiver.wait_for_count(2, timeout=10)
    assert len(spans) == 2, [(s.trace_id, s.parent_span_id) for s in spans]
    child = next(s for s in spans if not s.is_root)
    assert (child.trace_id, child.parent_span_id) == (format(0xABC, "032x"), format(0xDEF, "016x"))
    assert child.trace_state == "vendor=value,other=x"
    root = next(s for s in spans if s.is_root)
    assert root.trace_id not in (format(0xABC, "032x"), format(0x123, "032x"))
    assert root.trace_state == ""


def test_each_operation_reads_the_span_current_at_its_call(run_py, receiver, tracing_env):
    """The ids read from a span are kept per thread until another span is current: a
    sequence of short-lived sibling spans (new objects, whose memory Python may reuse),
    a return to the outer span after an inner one ends, and remote parents with new ids
    on every attach each give every operation the span current when it was called."""
    result = run_py(
        PYTHON_SDK_SETUP
        + """
import aerospike_py
from opentelemetry import context
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
aerospike_py.init_tracing()
c = connect()
expected = {}
with tracer.start_as_current_span("outer") as outer:
    c.exists((NS, "ctx_seq_outer_before", "k"))
    for i in range(12):
        with tracer.start_as_current_span("step") as step:
            c.exists((NS, f"ctx_seq_step{i}", "k"))
            c.exists((NS, f"ctx_seq_step{i}", "k"))
            expected[f"ctx_seq_step{i}"] = ids(step)
        del step
    c.exists((NS, "ctx_seq_outer_after", "k"))
    expected["ctx_seq_outer_before"] = expected["ctx_seq_outer_after"] = ids(outer)
for i in range(6):
    trace_id, span_id = 0x5000 + i, 0x700 + i
    token = context.attach(trace.set_span_in_context(
        NonRecordingSpan(SpanContext(trace_id, span_id, True, TraceFlags(1)))))
    c.exists((NS, f"ctx_seq_remote{i}", "k"))
    context.detach(token)
    expected[f"ctx_seq_remote{i}"] = {"trace_id": format(trace_id, "032x"), "span_id": format(span_id, "016x")}
c.exists((NS, "ctx_seq_root", "k"))
c.close()
provider.shutdown()
aerospike_py.shutdown_tracing()
emit("expected", expected)
""",
        env=tracing_env,
    )
    expected = result["expected"]
    ours = lambda s: str(s.attributes.get("db.collection.name", "")).startswith("ctx_seq_")  # noqa: E731
    spans = receiver.wait_for_count(2 + 24 + 6 + 1, timeout=10, predicate=ours)
    for s in spans:
        set_name = s.attributes["db.collection.name"]
        if set_name == "ctx_seq_root":
            assert s.is_root
            assert s.trace_id not in {e["trace_id"] for e in expected.values()}
            continue
        assert (s.trace_id, s.parent_span_id) == (expected[set_name]["trace_id"], expected[set_name]["span_id"]), set_name
    assert len(spans) == 33, sorted(s.attributes["db.collection.name"] for s in spans)
