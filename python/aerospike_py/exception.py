"""Exceptions raised by aerospike-py.

The hierarchy follows the official ``aerospike`` client's, so ``except`` clauses
written for it keep working. Each class with a ``code`` is the one raised for that
Aerospike result code; :func:`class_for_code` is the single lookup the native core
uses, so this module is the only table of codes.
"""

from __future__ import annotations

__all__ = [
    "AerospikeError",
    "ClientError",
    "ParamError",
    "InvalidHostError",
    "ClientAbortError",
    "NoMoreConnectionsError",
    "InvalidNodeError",
    "ConnectionError",
    "MaxRetriesExceeded",
    "MaxErrorRateExceeded",
    "NoResponse",
    "ServerError",
    "InvalidRequest",
    "ServerFull",
    "AlwaysForbidden",
    "UnsupportedFeature",
    "DeviceOverload",
    "NamespaceNotFound",
    "ForbiddenError",
    "ElementNotFoundError",
    "ElementExistsError",
    "OpNotApplicable",
    "FilteredOut",
    "LostConflict",
    "ScanAbortedError",
    "ClusterError",
    "ClusterChangeError",
    "RecordError",
    "RecordNotFound",
    "RecordGenerationError",
    "RecordExistsError",
    "BinExistsError",
    "BinIncompatibleType",
    "RecordTooBig",
    "RecordBusy",
    "BinNotFound",
    "RecordKeyMismatch",
    "BinNameError",
    "IndexError",
    "IndexFoundError",
    "IndexNotFound",
    "IndexOOM",
    "IndexNotReadable",
    "IndexNameMaxLen",
    "IndexNameMaxCount",
    "TimeoutError",
    "class_for_code",
]


class AerospikeError(Exception):
    """Base of every aerospike-py error.

    Attributes: ``code`` (the Aerospike result code: negative for client-side
    failures), ``msg`` (what went wrong) and ``in_doubt`` (a write may have been
    applied even though it failed, e.g. a timeout after the request was sent).
    """

    code: int | None = None

    def __init__(self, code: int | None = None, msg: str = "", in_doubt: bool = False) -> None:
        super().__init__(code, msg, in_doubt)
        if code is not None:
            self.code = code
        self.msg = msg
        self.in_doubt = in_doubt

    def __str__(self) -> str:
        return f"[{self.code}] {self.msg}" if self.code is not None else self.msg


# --- client-side failures (negative codes) -------------------------------------


class ClientError(AerospikeError):
    """A failure on the client side: nothing may have reached the server."""

    code = -1


class ParamError(ClientError):
    """An argument, config entry or policy is invalid; nothing was sent."""

    code = -2


class InvalidHostError(ClientError):
    """A host in the config cannot be used."""

    code = -4


class ClientAbortError(ClientError):
    """The client aborted the command."""

    code = -5


class NoMoreConnectionsError(ClientError):
    """The per-node connection limit was reached."""

    code = -7


class InvalidNodeError(ClientError):
    """No active node can serve the command."""

    code = -8


class ConnectionError(ClientError):  # noqa: A001 - the official client's name
    """The connection to a node failed."""

    code = -10


class MaxRetriesExceeded(ClientError):
    """Every retry the policy allowed failed."""

    code = -12


class MaxErrorRateExceeded(ClientError):
    """A node's error-rate circuit breaker is open."""

    code = -14


class NoResponse(ClientError):
    """The server sent no response."""

    code = -15


# --- server-side failures (positive codes) -------------------------------------


class ServerError(AerospikeError):
    """The server refused or failed the command."""

    code = 1


class InvalidRequest(ServerError):
    """The server rejected the request as malformed."""

    code = 4


class ServerFull(ServerError):
    """The server is out of memory or storage."""

    code = 8


class AlwaysForbidden(ServerError):
    """The operation is never allowed in this configuration."""

    code = 10


class ScanAbortedError(ServerError):
    """A scan was aborted."""

    code = 15


class UnsupportedFeature(ServerError):
    """The server does not support the requested feature."""

    code = 16


class DeviceOverload(ServerError):
    """The storage device is overloaded."""

    code = 18


class NamespaceNotFound(ServerError):
    """The namespace does not exist."""

    code = 20


class ForbiddenError(ServerError):
    """The operation is forbidden (e.g. a TTL without a namespace supervisor)."""

    code = 22


class ElementNotFoundError(ServerError):
    """A list or map element was not found."""

    code = 23


class ElementExistsError(ServerError):
    """A list or map element already exists."""

    code = 24


class OpNotApplicable(ServerError):
    """The operation does not apply to the bin's current value."""

    code = 26


class FilteredOut(ServerError):
    """The record was filtered out by an expression."""

    code = 27


class LostConflict(ServerError):
    """The write lost a conflict with another write."""

    code = 28


class ClusterError(ServerError):
    """The partition is unavailable or the cluster is unstable."""

    code = 11


class ClusterChangeError(ClusterError):
    """The cluster changed while the command ran."""

    code = 7


class RecordError(ServerError):
    """A failure about one record."""


class RecordNotFound(RecordError):
    """The record does not exist."""

    code = 2


class RecordGenerationError(RecordError):
    """The record's generation did not match the one expected."""

    code = 3


class RecordExistsError(RecordError):
    """The record exists and the policy asked to create it."""

    code = 5


class BinExistsError(RecordError):
    """The bin exists and the operation asked to create it."""

    code = 6


class BinIncompatibleType(RecordError):
    """The operation does not fit the bin's type (e.g. increment a string)."""

    code = 12


class RecordTooBig(RecordError):
    """The record exceeds the namespace's maximum record size."""

    code = 13


class RecordBusy(RecordError):
    """Too many concurrent writes to the record."""

    code = 14


class BinNotFound(RecordError):
    """The bin does not exist."""

    code = 17


class RecordKeyMismatch(RecordError):
    """The stored key does not match the key sent."""

    code = 19


class BinNameError(RecordError):
    """The bin name is longer than 15 bytes (or otherwise invalid)."""

    code = 21


class IndexError(ServerError):  # noqa: A001 - the official client's name
    """A secondary-index failure."""

    code = 204


class IndexFoundError(IndexError):
    """The index already exists."""

    code = 200


class IndexNotFound(IndexError):
    """The index does not exist (or no index covers the queried bin)."""

    code = 201


class IndexOOM(IndexError):
    """The server is out of memory for indexes."""

    code = 202


class IndexNotReadable(IndexError):
    """The index is not readable yet (still building)."""

    code = 203


class IndexNameMaxLen(IndexError):
    """The index name is too long."""

    code = 205


class IndexNameMaxCount(IndexError):
    """The namespace has the maximum number of indexes."""

    code = 206


class TimeoutError(AerospikeError):  # noqa: A001 - the official client's name
    """The command did not complete within its timeout; a write may be in doubt."""

    code = 9


def _classes_by_code() -> dict[int, type[AerospikeError]]:
    table: dict[int, type[AerospikeError]] = {}
    pending = [AerospikeError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "code" in vars(cls) and cls.code is not None and cls.__module__ == __name__:
            if cls.code in table:
                raise RuntimeError(f"result code {cls.code} declared twice")
            table[cls.code] = cls
    return table


_BY_CODE = _classes_by_code()


def class_for_code(code: int) -> type[AerospikeError]:
    """The exception class raised for an Aerospike result code."""
    found = _BY_CODE.get(code)
    if found is not None:
        return found
    return ClientError if code < 0 else ServerError
