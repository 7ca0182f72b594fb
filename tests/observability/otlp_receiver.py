"""A real OTLP/gRPC trace receiver for the observability tests.

It implements the collector's ``TraceService.Export`` on ``127.0.0.1`` with a
free port, so the code under test exports over the same wire protocol it uses
against Jaeger or Tempo. Every span received is flattened into a
:class:`ReceivedSpan` with plain Python values, so tests compare strings and
ints instead of protobuf messages.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any

import grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.trace.v1 import trace_pb2

# Proto enum values as the names tests compare against.
SPAN_KIND = {value: name for name, value in trace_pb2.Span.SpanKind.items()}
STATUS_CODE = {value: name for name, value in trace_pb2.Status.StatusCode.items()}


@dataclass(frozen=True)
class ReceivedSpan:
    """One exported span, flattened.

    ``kind`` is the proto enum name (``"SPAN_KIND_CLIENT"``), ``status_code``
    likewise (``"STATUS_CODE_ERROR"``). Ids are lower-case hex; a root span's
    ``parent_span_id`` is ``""``.
    """

    name: str
    kind: str
    trace_id: str
    span_id: str
    parent_span_id: str
    attributes: dict[str, Any]
    status_code: str
    status_message: str
    resource: dict[str, Any]
    scope: str
    events: tuple[tuple[str, dict[str, Any]], ...] = field(default=())
    trace_state: str = ""

    @property
    def is_root(self) -> bool:
        return self.parent_span_id == ""


def any_value(value) -> Any:
    """An OTLP ``AnyValue`` as the Python value it carries."""
    which = value.WhichOneof("value")
    if which is None:
        return None
    if which == "array_value":
        return [any_value(v) for v in value.array_value.values]
    if which == "kvlist_value":
        return key_values(value.kvlist_value.values)
    return getattr(value, which)


def key_values(pairs) -> dict[str, Any]:
    return {kv.key: any_value(kv.value) for kv in pairs}


def flatten(request: trace_service_pb2.ExportTraceServiceRequest) -> list[ReceivedSpan]:
    out = []
    for resource_spans in request.resource_spans:
        resource = key_values(resource_spans.resource.attributes)
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                out.append(
                    ReceivedSpan(
                        name=span.name,
                        kind=SPAN_KIND.get(span.kind, str(span.kind)),
                        trace_id=span.trace_id.hex(),
                        span_id=span.span_id.hex(),
                        parent_span_id=span.parent_span_id.hex(),
                        attributes=key_values(span.attributes),
                        status_code=STATUS_CODE.get(span.status.code, str(span.status.code)),
                        status_message=span.status.message,
                        resource=resource,
                        scope=scope_spans.scope.name,
                        events=tuple((e.name, key_values(e.attributes)) for e in span.events),
                        trace_state=span.trace_state,
                    )
                )
    return out


class _TraceService(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self, receiver: OtlpReceiver):
        self._receiver = receiver

    def Export(self, request, context):
        self._receiver._add(flatten(request), dict(context.invocation_metadata()))
        return trace_service_pb2.ExportTraceServiceResponse()


class OtlpReceiver:
    """An OTLP gRPC trace endpoint on ``127.0.0.1:<free port>``.

    >>> receiver = OtlpReceiver()            # doctest: +SKIP
    >>> env = {"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint}  # doctest: +SKIP
    """

    def __init__(self, port: int = 0, options: list[tuple[str, object]] | None = None, tls=None) -> None:
        self._spans: list[ReceivedSpan] = []
        self._requests = 0
        self._metadata: list[dict[str, str]] = []
        self._cond = threading.Condition()
        # `options`: grpcio server channel arguments, e.g. ("grpc.max_concurrent_streams", 1).
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), options=options or [])
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(_TraceService(self), self._server)
        # A given port: a collector restarted where clients already point.
        # `tls`: grpc.ssl_server_credentials(...); the endpoint is then https://localhost.
        self._tls = tls is not None
        if tls is None:
            self.port = self._server.add_insecure_port(f"127.0.0.1:{port}")
        else:
            self.port = self._server.add_secure_port(f"127.0.0.1:{port}", tls)
        if not self.port:
            raise OSError("OTLP receiver could not bind 127.0.0.1:0")
        self._server.start()

    @property
    def endpoint(self) -> str:
        if self._tls:
            return f"https://localhost:{self.port}"
        return f"http://127.0.0.1:{self.port}"

    @property
    def export_requests(self) -> int:
        """How many Export calls arrived (a batch exporter sends several spans per call)."""
        with self._cond:
            return self._requests

    def _add(self, spans: list[ReceivedSpan], metadata: dict[str, str]) -> None:
        with self._cond:
            self._spans.extend(spans)
            self._requests += 1
            self._metadata.append(metadata)
            self._cond.notify_all()

    @property
    def request_metadata(self) -> list[dict[str, str]]:
        """The gRPC metadata (request headers) of every Export call, in arrival order."""
        with self._cond:
            return list(self._metadata)

    def spans(self, predicate: Callable[[ReceivedSpan], bool] | None = None) -> list[ReceivedSpan]:
        """A snapshot of the spans received so far, optionally filtered."""
        with self._cond:
            spans = list(self._spans)
        return [s for s in spans if predicate is None or predicate(s)]

    def wait_for(
        self,
        predicate: Callable[[list[ReceivedSpan]], bool],
        timeout: float = 10.0,
    ) -> list[ReceivedSpan]:
        """Block until ``predicate(all spans)`` holds; return the spans.

        Raises ``TimeoutError`` (listing what did arrive) after ``timeout`` s.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(list(self._spans)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    names = sorted(s.name for s in self._spans)
                    raise TimeoutError(f"spans not received within {timeout}s; got {len(names)}: {names}")
                self._cond.wait(remaining)
            return list(self._spans)

    def wait_for_count(self, n: int, timeout: float = 10.0, predicate=None) -> list[ReceivedSpan]:
        """Wait until at least ``n`` spans (matching ``predicate``) arrived; return those spans."""
        self.wait_for(lambda spans: sum(1 for s in spans if predicate is None or predicate(s)) >= n, timeout)
        return self.spans(predicate)

    def clear(self) -> None:
        with self._cond:
            self._spans.clear()
            self._requests = 0

    def stop(self) -> None:
        self._server.stop(grace=None).wait(5)

    def __enter__(self) -> OtlpReceiver:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
