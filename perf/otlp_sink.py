"""A live OTLP/gRPC trace endpoint that accepts every export and discards it.

    python perf/otlp_sink.py        prints "http://127.0.0.1:PORT", then serves until stdin closes

The benchmarks export to it so that the client pays for a real gRPC export (HTTP/2,
protobuf, a network round trip), while the receiving side stays cheap: requests are
not decoded (tests/observability/otlp_receiver.py decodes every span into Python
objects, which at 50,000 spans/s would take the core the client being measured needs).
It runs in its own process, so its CPU is never counted as the client's.
"""

from __future__ import annotations

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


def main() -> None:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    server.add_generic_rpc_handlers((_Sink(),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(f"http://127.0.0.1:{port}", flush=True)
    sys.stdin.read()
    server.stop(grace=None)


if __name__ == "__main__":
    main()
