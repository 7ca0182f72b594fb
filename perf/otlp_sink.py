"""A live OTLP/gRPC trace endpoint that accepts every export and discards it.

    python perf/otlp_sink.py            prints "http://127.0.0.1:PORT", then serves until stdin closes
    python perf/otlp_sink.py --tls CA   the same over TLS ("https://..."), its self-signed
                                        certificate written to CA (for OTEL_EXPORTER_OTLP_CERTIFICATE)

The benchmarks export to it so that the client pays for a real gRPC export (HTTP/2,
protobuf, a network round trip), while the receiving side stays cheap: requests are
not decoded (tests/observability/otlp_receiver.py decodes every span into Python
objects, which at 50,000 spans/s would take the core the client being measured needs).
It runs in its own process, so its CPU is never counted as the client's.
"""

from __future__ import annotations

import datetime
import ipaddress
import sys
from concurrent import futures

import grpc

EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"


class _Sink(grpc.GenericRpcHandler):
    def __init__(self) -> None:
        # Raw bytes in and out: an empty ExportTraceServiceResponse encodes as b"".
        self._handler = grpc.unary_unary_rpc_method_handler(lambda request, context: b"")

    def service(self, handler_call_details):
        return self._handler if handler_call_details.method == EXPORT else None


def _tls_credentials(ca_path: str) -> grpc.ServerCredentials:
    """A self-signed certificate for 127.0.0.1, which the client trusts as its own anchor."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "otlp sink")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM)
    with open(ca_path, "wb") as out:
        out.write(pem)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return grpc.ssl_server_credentials([(key_pem, pem)])


def main() -> None:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    server.add_generic_rpc_handlers((_Sink(),))
    if sys.argv[1:2] == ["--tls"]:
        port = server.add_secure_port("127.0.0.1:0", _tls_credentials(sys.argv[2]))
        scheme = "https"
    else:
        port = server.add_insecure_port("127.0.0.1:0")
        scheme = "http"
    server.start()
    print(f"{scheme}://127.0.0.1:{port}", flush=True)
    sys.stdin.read()
    server.stop(grace=None)


if __name__ == "__main__":
    main()
