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


# --- TLS (https:// endpoints) and gzip ------------------------------------------------


def _issue(subject: str, issuer=None, ca: bool = False, names=()):
    """A certificate and its key: self-signed, or signed by ``issuer`` (cert, key)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    issuer_cert, issuer_key = issuer if issuer else (None, key)
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_cert.subject if issuer_cert else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        sans = [x509.IPAddress(ipaddress.ip_address(n)) if n[0].isdigit() else x509.DNSName(n) for n in names]
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    return builder.sign(issuer_key, hashes.SHA256()), key


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    """PEM files: a CA, the collector's certificate from it (localhost, 127.0.0.1), a
    client certificate from it, and an unrelated CA."""
    from cryptography.hazmat.primitives import serialization

    out = tmp_path_factory.mktemp("otlp-tls")
    authority = _issue("otlp test CA", ca=True)
    issued = {
        "ca": authority,
        "server": _issue("collector", authority, names=("localhost", "127.0.0.1")),
        "client": _issue("aerospike-py test client", authority),
        "other-ca": _issue("some other CA", ca=True),
    }
    for label, (cert, key) in issued.items():
        (out / f"{label}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        (out / f"{label}.key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return out


def tls_receiver(certs, client_auth: bool = False) -> OtlpReceiver:
    import grpc

    pair = ((certs / "server.key").read_bytes(), (certs / "server.pem").read_bytes())
    credentials = grpc.ssl_server_credentials(
        [pair],
        root_certificates=(certs / "ca.pem").read_bytes() if client_auth else None,
        require_client_auth=client_auth,
    )
    return OtlpReceiver(tls=credentials)


FEW_SPANS = MANY_SPANS + 'print("DONE", flush=True)\n'


def test_spans_reach_a_collector_over_tls(run_py, certs):
    with tls_receiver(certs) as collector:
        env = {
            "OTEL_EXPORTER_OTLP_ENDPOINT": collector.endpoint,
            "OTEL_EXPORTER_OTLP_CERTIFICATE": str(certs / "ca.pem"),
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "SPANS": "600",
        }
        result = run_py(MANY_SPANS, env=env)
        spans = collector.wait_for_count(600, timeout=20)
        assert len({s.span_id for s in spans}) == 600
        assert {s.attributes["db.system.name"] for s in spans} == {"aerospike"}
        assert "failed" not in result.stderr, result.stderr


def test_a_collector_asking_for_a_client_certificate_gets_it(run_py, certs):
    with tls_receiver(certs, client_auth=True) as collector:
        env = {
            "OTEL_EXPORTER_OTLP_ENDPOINT": collector.endpoint,
            "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE": str(certs / "ca.pem"),
            "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": str(certs / "client.pem"),
            "OTEL_EXPORTER_OTLP_CLIENT_KEY": str(certs / "client.key"),
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "SPANS": "5",
        }
        run_py(MANY_SPANS, env=env)
        assert len(collector.wait_for_count(5)) == 5


@pytest.mark.parametrize(
    "case",
    ["untrusted CA", "no client certificate", "cleartext to a TLS port"],
)
def test_a_failed_tls_export_is_logged_and_the_application_runs_on(run_py, certs, case):
    # Spans are lost (and said so), the operations and the process are not.
    with tls_receiver(certs, client_auth=case == "no client certificate") as collector:
        ca = certs / ("other-ca.pem" if case == "untrusted CA" else "ca.pem")
        endpoint = collector.endpoint
        if case == "cleartext to a TLS port":
            endpoint = endpoint.replace("https://", "http://")
        env = {
            "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
            "OTEL_EXPORTER_OTLP_CERTIFICATE": str(ca),
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "OTEL_EXPORTER_OTLP_TIMEOUT": "3000",
            "SPANS": "5",
        }
        result = run_py(FEW_SPANS, env=env)
        assert "DONE" in result.stdout
        assert "span export to" in result.stderr and "failed" in result.stderr, result.stderr
        assert "panic" not in result.stderr.lower(), result.stderr
        if case == "untrusted CA":
            assert "certificate" in result.stderr.lower(), result.stderr
        assert collector.spans() == []


def test_a_missing_ca_file_keeps_tracing_off_with_a_warning(run_py, certs):
    env = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": "https://localhost:4317",
        "OTEL_EXPORTER_OTLP_CERTIFICATE": str(certs / "no-such.pem"),
        "SPANS": "2",
    }
    result = run_py(FEW_SPANS, env=env)
    assert "DONE" in result.stdout
    assert "cannot set up OTLP export" in result.stderr and "no-such.pem" in result.stderr, result.stderr


class ByteCounter:
    """A TCP relay in front of a collector that counts the bytes clients send through it."""

    def __init__(self, target_port: int):
        import socket
        import threading

        self.sent = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._target = target_port
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import socket
        import threading

        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self._target))
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src, dst, count: bool):
        try:
            while chunk := src.recv(65536):
                if count:
                    self.sent += len(chunk)
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            dst.close()

    def close(self):
        self._listener.close()


@pytest.mark.parametrize("compression", ["none", "gzip"])
def test_gzip_compression_sends_the_same_spans_in_fewer_bytes(run_py, receiver, compression):
    relay = ByteCounter(receiver.port)
    try:
        env = {
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{relay.port}",
            "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION": compression,
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "SPANS": "1000",
        }
        run_py(MANY_SPANS, env=env)
        spans = receiver.wait_for_count(1000, timeout=20)
        assert len({s.span_id for s in spans}) == 1000
        assert {s.attributes["db.collection.name"] for s in spans} == {"transport"}
        per_span = relay.sent / 1000
        # Uncompressed, a span is ~240 bytes on the wire; its names and attributes repeat.
        if compression == "gzip":
            assert per_span < 80, per_span
        else:
            assert per_span > 150, per_span
    finally:
        relay.close()


def test_an_endpoint_without_scheme_is_cleartext_only_when_insecure(run_py, receiver):
    env = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"127.0.0.1:{receiver.port}",
        "OTEL_EXPORTER_OTLP_INSECURE": "true",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        "SPANS": "3",
    }
    run_py(MANY_SPANS, env=env)
    assert len(receiver.wait_for_count(3)) == 3
