"""The span exporter's own HTTP/2 transport, against a real gRPC server (grpcio).

What the environment asks for reaches the collector (headers), a request larger than
the server's initial flow-control window arrives whole, and a collector that closed the
kept connection between exports still gets the next batch.
"""

from __future__ import annotations

import pytest

from otlp_receiver import OtlpReceiver

pytestmark = pytest.mark.tiers("otel")

MANY_SPANS = """
import aerospike_py
aerospike_py.init_tracing()
c = connect()
for i in range(int(os.environ["SPANS"])):
    c.exists((NS, "transport", "k%d" % i))
c.close()
aerospike_py.shutdown_tracing()
"""


def test_headers_from_the_environment_reach_the_collector(run_py, receiver, tracing_env):
    env = {**tracing_env, "SPANS": "3", "OTEL_EXPORTER_OTLP_HEADERS": "x-tenant=blue,api-key=se%20cret"}
    run_py(MANY_SPANS, env=env)
    receiver.wait_for_count(3)
    metadata = receiver.request_metadata
    assert metadata, "no Export call arrived"
    assert all(m.get("x-tenant") == "blue" and m.get("api-key") == "se cret" for m in metadata), metadata
    assert all(m.get("user-agent", "").startswith("aerospike-py/") for m in metadata), metadata


def test_a_batch_beyond_the_initial_window_arrives_whole(run_py, receiver, tracing_env):
    # 2,000 spans in batches of 512: ~130 KB a request, twice the 64 KiB an HTTP/2
    # stream may carry before the server's first WINDOW_UPDATE.
    env = {**tracing_env, "SPANS": "2000", "OTEL_BSP_SCHEDULE_DELAY": "60000", "OTEL_BSP_MAX_QUEUE_SIZE": "4096"}
    run_py(MANY_SPANS, env=env)
    spans = receiver.wait_for_count(2000, timeout=20)
    assert len({s.span_id for s in spans}) == 2000
    assert receiver.export_requests >= 4


def test_pipelined_requests_respect_a_one_stream_server(run_py, tracing_env):
    # The export thread sends two batches without waiting for the first answer; a
    # server that allows one stream at a time must still get every span, none refused.
    with OtlpReceiver(options=[("grpc.max_concurrent_streams", 1)]) as one_stream:
        env = {
            **tracing_env,
            "OTEL_EXPORTER_OTLP_ENDPOINT": one_stream.endpoint,
            "SPANS": "3000",
            "OTEL_BSP_SCHEDULE_DELAY": "60000",
            "OTEL_BSP_MAX_QUEUE_SIZE": "4096",
        }
        run_py(MANY_SPANS, env=env)
        spans = one_stream.wait_for_count(3000, timeout=30)
        assert len({s.span_id for s in spans}) == 3000
        assert one_stream.export_requests >= 6


RESTART = """
import aerospike_py
aerospike_py.init_tracing()
c = connect()
c.exists((NS, "transport", "before"))
aerospike_py._native._flush_spans()
print("FLUSHED", flush=True)
sys.stdin.readline()  # the test restarts the collector meanwhile
c.exists((NS, "transport", "after"))
c.close()
aerospike_py.shutdown_tracing()
"""


def test_a_collector_restarted_between_exports_gets_the_next_batch(spawn_py):
    first = OtlpReceiver()
    proc = spawn_py(RESTART, env={"OTEL_EXPORTER_OTLP_ENDPOINT": first.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "60000"})
    proc.read_until("FLUSHED")
    first.wait_for_count(1)
    # The kept connection is now closed by the server; a new one on the same port serves.
    first.stop()
    with OtlpReceiver(port=first.port) as second:
        proc.send("")
        assert proc.wait(timeout=30) == 0, proc.stderr
        spans = second.wait_for_count(1, timeout=10)
        assert [s.name.split()[0] for s in spans] == ["EXISTS"]
        assert "failed" not in proc.stderr, proc.stderr
