"""Exceptions raised by aerospike-py.

The hierarchy is the official ``aerospike`` client's, complete (every class of
``aerospike.exception``, with the same bases and codes), so ``except`` clauses
written for it keep working; aerospike-py 0.14.4's names follow as aliases. Each
class with a ``code`` is the one raised for that Aerospike result code;
:func:`class_for_code` is the single lookup the native core uses, so this module is
the only table of codes. The module has no ``__all__``: its public names are exactly
the classes (and aliases) declared here and :func:`class_for_code`.
"""

class AerospikeError(Exception):
    """Base of every aerospike-py error.

    Attributes: ``code`` (the Aerospike result code: negative for client-side
    failures), ``msg`` (what went wrong) and ``in_doubt`` (a write may have been
    applied even though it failed, e.g. a timeout after the request was sent).
    """

    code: int | None = None
    file: str | None = None
    """Where the official client's C core raised the error; always None here (kept for code that reads it)."""
    line: int | None = None
    """As ``file``: always None here."""

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


class ConnectionError(ClientError):
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


class AsyncConnectionError(ClientError):
    """An asynchronous connection failed (the official client's event-loop connections)."""

    code = -6


class TLSError(ClientError):
    """The TLS handshake or a TLS connection failed."""

    code = -9


class BatchFailed(ClientError):
    """One or more keys of a batch failed (the rows say which)."""

    code = -16


class TransactionFailed(ClientError):
    """A multi-record transaction failed."""

    code = -17


class TransactionAlreadyCommitted(ClientError):
    """The transaction was already committed."""

    code = -18


class TransactionAlreadyAborted(ClientError):
    """The transaction was already aborted."""

    code = -19


# --- server-side failures (positive codes) -------------------------------------


class ServerError(AerospikeError):
    """The server refused or failed the command."""

    code: int | None = 1


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

    code: int | None = None  # a family, not a result code (as in the official client)


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


class IndexError(ServerError):
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


class TimeoutError(AerospikeError):
    """The command did not complete within its timeout; a write may be in doubt."""

    code = 9


class UDFError(ServerError):
    """A user-defined function failed on the server."""

    code = 100


class UDFNotFound(UDFError):
    """The UDF module or function does not exist."""

    code = 1301


class LuaFileNotFound(UDFError):
    """The Lua file of a UDF module was not found."""

    code = 1302


class BatchDisabledError(ServerError):
    """Batch commands are disabled on the server."""

    code = 150


class BatchMaxRequestError(ServerError):
    """The batch has more keys than the server allows."""

    code = 151


class BatchQueueFullError(ServerError):
    """Every batch queue on the server is full."""

    code = 152


class InvalidGeoJSON(ServerError):
    """A GeoJSON value is invalid."""

    code = 160


class QueryAbortedError(ServerError):
    """A query was aborted."""

    code = 210


class QueryError(ServerError):
    """A query failed on the server."""

    code = 213


class QueryQueueFull(QueryError):
    """The server's query queue is full."""

    code = 211


class QueryTimeout(QueryError):
    """The query timed out on the server."""

    code = 212


class AdminError(ServerError):
    """A security (user, role, authentication) failure."""

    code: int | None = None  # a family, not a result code (as in the official client)


class SecurityNotSupported(AdminError):
    """The server does not support security (e.g. Community Edition)."""

    code = 51


class SecurityNotEnabled(AdminError):
    """Security is not enabled on the server."""

    code = 52


class SecuritySchemeNotSupported(AdminError):
    """The server does not support this security scheme."""

    code = 53


class InvalidCommand(AdminError):
    """The security command is not recognised."""

    code = 54


class InvalidField(AdminError):
    """A field of the security command is invalid."""

    code = 55


class IllegalState(AdminError):
    """The security command is not valid in the current state."""

    code = 56


class InvalidUser(AdminError):
    """The user name is invalid or unknown."""

    code = 60


class UserExistsError(AdminError):
    """The user already exists."""

    code = 61


class InvalidPassword(AdminError):
    """The password is invalid."""

    code = 62


class ExpiredPassword(AdminError):
    """The password has expired."""

    code = 63


class ForbiddenPassword(AdminError):
    """The password is forbidden (e.g. reused)."""

    code = 64


class InvalidCredential(AdminError):
    """The credential is invalid."""

    code = 65


class InvalidRole(AdminError):
    """The role name is invalid or unknown."""

    code = 70


class RoleExistsError(AdminError):
    """The role already exists."""

    code = 71


class InvalidPrivilege(AdminError):
    """The privilege is invalid."""

    code = 72


class InvalidWhitelist(AdminError):
    """The allowlist (whitelist) is invalid."""

    code = 73


class QuotasNotEnabled(AdminError):
    """Quotas are not enabled on the server."""

    code = 74


class InvalidQuota(AdminError):
    """The quota is invalid."""

    code = 75


class NotAuthenticated(AdminError):
    """The client is not authenticated."""

    code = 80


class RoleViolation(AdminError):
    """The user's roles do not allow the command."""

    code = 81


class NotWhitelisted(AdminError):
    """The client's address is not in the allowlist."""

    code = 82


class QuotaExceeded(AdminError):
    """A rate quota was exceeded."""

    code = 83


# --- aerospike-py 0.14.4's names -----------------------------------------------
# The same classes under the names aerospike-py 0.14.4 exported, so code written
# for it keeps importing and catching them.

InvalidArgError = ParamError
AerospikeTimeoutError = TimeoutError
AerospikeIndexError = IndexError
BinTypeError = BinIncompatibleType


class BackpressureError(ClientError):
    """aerospike-py 0.14.4's concurrency-limit error. This client does not limit
    in-flight commands, so it never raises it; kept so code that names it runs."""


class RustPanicError(ClientError):
    """aerospike-py 0.14.4's error for a panic in its Rust core. This client reports
    a caught panic as ``ClientError`` (code -1); kept so code that names it runs."""


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
