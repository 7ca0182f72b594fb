"""Type stubs for the native core (``aerospike_py._native``).

Checked against the built module by ``mypy.stubtest`` (tests/test_stubs.py).
The ``_``-prefixed aliases exist only for typing.
"""

from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import Any, NamedTuple, Self, TypeAlias, final

_UserKey: TypeAlias = str | int | bytes | bytearray
_Key: TypeAlias = tuple[str, str | None, _UserKey] | tuple[str, str | None, _UserKey | None, bytes | bytearray]
_Meta: TypeAlias = dict[str, int]
_Bins: TypeAlias = dict[str, Any]
_Policy: TypeAlias = dict[str, Any]
_Operation: TypeAlias = dict[str, Any]
_NodeName: TypeAlias = dict[str, str | int]
"""An op dict from `aerospike_py.operations`, `list_operations` or `map_operations`."""

class AerospikeKey(NamedTuple):
    """A returned key: ``(namespace, set, user_key_or_None, digest)``."""

    namespace: str
    set_name: str | None
    user_key: _UserKey | None
    digest: bytes

class RecordMetadata(dict[str, int]):
    """Record metadata: ``{'gen': generation, 'ttl': seconds_left}``, readable as ``meta['gen']`` and as ``meta.gen``."""

    @property
    def gen(self) -> int:
        """The record's generation."""
    @property
    def ttl(self) -> int:
        """Seconds until the record expires."""

class Record(NamedTuple):
    """A record: ``(key, meta, bins)``; unpacks as a tuple, fields as attributes."""

    key: AerospikeKey
    meta: RecordMetadata
    bins: Any
    """``{bin: value}`` (``operate_ordered``: ``[(bin, value), ...]`` in op order)."""

class ExistsResult(NamedTuple):
    """What ``exists`` returns: ``(key, meta)``, ``meta`` None when the record does not exist."""

    key: AerospikeKey
    meta: RecordMetadata | None

class BatchRecord(NamedTuple):
    """One row of a batch: ``key``, ``result`` (0 ok, 2 record not found, ...), ``record`` (a Record, or None unless the row succeeded) and ``in_doubt``."""

    key: AerospikeKey
    result: int
    record: Record | None
    in_doubt: bool

@final
class BatchRecords:
    """The result of a batch call: ``batch_records`` (one BatchRecord per key, in key order) and ``result``."""

    batch_records: list[BatchRecord]
    result: int
    def __new__(cls, batch_records: list[BatchRecord] | None = None) -> Self: ...

_Predicate: TypeAlias = dict[str, Any]

@final
class Query:
    """A secondary-index query (after `where()`) or a scan over one namespace and set.

    Returned by `client.query()` / `client.scan()`; on the async client, `results()`
    and `foreach()` return awaitables. Traced as QUERY, named by the query's
    namespace and set.
    """

    max_records: int
    """Stop after about this many records (0: no limit); with `paginate()`, the page size."""
    records_per_second: int
    """Limit the server's rate per node (0: none)."""
    ttl: int
    """TTL in seconds of each record `execute_background()` writes (0: the namespace default; `TTL_*` specials)."""

    def select(self, *bins: str) -> Query: ...
    def where(self, predicate: _Predicate, ctx: list[dict[str, Any]] | None = None) -> Query: ...
    def where_with_expr(self, expr: Any, predicate: _Predicate) -> Query: ...
    def where_with_index_name(self, index_name: str, predicate: _Predicate) -> Query: ...
    def results(self, policy: _Policy | None = None) -> list[Record] | Awaitable[list[Record]]: ...
    def foreach(self, callback: Callable[[Record], bool | None], policy: _Policy | None = None) -> None | Awaitable[None]: ...
    def paginate(self) -> None:
        """Each run returns the next page of at most `max_records` records, until `is_done()`."""
    def is_done(self) -> bool:
        """Whether a paginated query has returned every record."""
    def get_partitions_status(self) -> dict[int, tuple[int, bool, bool, bytearray | None]]:
        """Where the last run stopped: `{id: (id, init, done, digest)}`; resume with it in `partition_filter`."""
    def apply(self, module: str, function: str, arguments: list[Any] | None = None) -> None:
        """Run this record UDF on each match at `execute_background()` (aggregation is not supported)."""
    def add_ops(self, ops: list[_Operation]) -> None:
        """Write ops `execute_background()` applies to each match."""
    def execute_background(self, policy: _Policy | None = None) -> int | Awaitable[int]:
        """Start the background job on every node; returns its id for `job_info()`. Traced as QUERY."""

@final
class Client:
    """The blocking client: every call waits with the GIL released."""

    def __new__(cls, config: dict[str, Any]) -> Self: ...
    def is_connected(self) -> bool: ...
    def get_expression_base64(self, compiled_expression: Any) -> str: ...
    def connect(self, username: str | None = None, password: str | None = None) -> Self: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def put(self, key: _Key, bins: _Bins, meta: _Meta | None = None, policy: _Policy | None = None) -> None: ...
    def get(self, key: _Key, policy: _Policy | None = None) -> Record: ...
    def select(self, key: _Key, bins: list[str], policy: _Policy | None = None) -> Record: ...
    def exists(self, key: _Key, policy: _Policy | None = None) -> ExistsResult: ...
    def remove(self, key: _Key, meta: _Meta | None = None, policy: _Policy | None = None) -> None: ...
    def touch(self, key: _Key, val: int | None = None, meta: _Meta | None = None, policy: _Policy | None = None) -> None: ...
    def append(self, key: _Key, bin: str, val: str | bytes, meta: _Meta | None = None, policy: _Policy | None = None) -> None: ...
    def prepend(self, key: _Key, bin: str, val: str | bytes, meta: _Meta | None = None, policy: _Policy | None = None) -> None: ...
    def increment(self, key: _Key, bin: str, offset: int | float, meta: _Meta | None = None, policy: _Policy | None = None) -> None: ...
    def remove_bin(self, key: _Key, bins: list[str], meta: _Meta | None = None, policy: _Policy | None = None) -> None: ...
    def operate(self, key: _Key, ops: list[_Operation], meta: _Meta | None = None, policy: _Policy | None = None) -> Record: ...
    def operate_ordered(self, key: _Key, ops: list[_Operation], meta: _Meta | None = None, policy: _Policy | None = None) -> Record: ...
    def batch_read(self, keys: Iterable[_Key], bins: list[str] | None = None, policy: _Policy | None = None) -> BatchRecords:
        """Instrumented as BATCH_READ, named by the first key's namespace and set."""
    def batch_operate(
        self,
        keys: Iterable[_Key],
        ops: list[_Operation],
        policy: _Policy | None = None,
        policy_batch_write: _Policy | None = None,
        ttl: int | None = None,
        *,
        policy_batch: _Policy | None = None,
    ) -> BatchRecords:
        """Instrumented as BATCH_OPERATE, named by the first key's namespace and set."""
    def batch_remove(
        self,
        keys: Iterable[_Key],
        policy: _Policy | None = None,
        policy_batch_remove: _Policy | None = None,
        *,
        policy_batch: _Policy | None = None,
    ) -> BatchRecords:
        """Instrumented as BATCH_REMOVE, named by the first key's namespace and set."""
    def query(self, namespace: str, set: str | None = None) -> Query: ...
    def scan(self, namespace: str, set: str | None = None) -> Query: ...
    def index_integer_create(self, ns: str, set: str | None, bin: str, index_name: str, policy: _Policy | None = None) -> None: ...
    def index_string_create(self, ns: str, set: str | None, bin: str, index_name: str, policy: _Policy | None = None) -> None: ...
    def index_blob_create(self, ns: str, set: str | None, bin: str, index_name: str, policy: _Policy | None = None) -> None: ...
    def index_geo2dsphere_create(self, ns: str, set: str | None, bin: str, index_name: str, policy: _Policy | None = None) -> None: ...
    def index_single_value_create(self, ns: str, set: str | None, bin: str, index_datatype: int, index_name: str, policy: _Policy | None = None) -> None: ...
    def index_list_create(self, ns: str, set: str | None, bin: str, index_datatype: int, index_name: str, policy: _Policy | None = None) -> None: ...
    def index_map_keys_create(self, ns: str, set: str | None, bin: str, index_datatype: int, index_name: str, policy: _Policy | None = None) -> None: ...
    def index_map_values_create(self, ns: str, set: str | None, bin: str, index_datatype: int, index_name: str, policy: _Policy | None = None) -> None: ...
    def index_cdt_create(self, ns: str, set: str | None, bin: str, index_type: int, index_datatype: int, index_name: str, ctx: list[dict[str, Any]], policy: _Policy | None = None) -> None: ...
    def index_remove(self, ns: str, name: str, policy: _Policy | None = None) -> None: ...
    def index_expr_create(
        self, ns: str, set: str | None, index_type: int, index_datatype: int, expressions: Any, name: str, policy: _Policy | None = None
    ) -> None: ...
    def truncate(self, namespace: str, set: str | None, nanos: int, policy: _Policy | None = None) -> None: ...
    def info(self, command: str, policy: _Policy | None = None) -> str:
        """The value after the command's echo, from one node."""
    def info_random_node(self, command: str, policy: _Policy | None = None) -> str:
        """The raw response of one node: `"command\\tvalue\\n"`."""
    def info_single_node(self, command: str, host: str, policy: _Policy | None = None) -> str:
        """The raw response of the node named `host`: `"command\\tvalue\\n"`."""
    def info_all(self, command: str, policy: _Policy | None = None) -> dict[str, tuple[None, str]]:
        """`{node_name: (None, "value\\n")}` from every node."""
    def get_node_names(self) -> list[_NodeName]:
        """`[{"address": str, "port": int, "node_name": str}, ...]`; no I/O, not awaitable."""
    def get_nodes(self) -> list[tuple[str, int]]:
        """`[(address, port), ...]`; no I/O, not awaitable."""
    def get_key_partition_id(self, ns: str, set: str, key: _UserKey) -> int:
        """The partition (0..4095) holding the key; no I/O, not awaitable."""
    def udf_put(self, filename: str, udf_type: int = 0, policy: _Policy | None = None) -> int:
        """Register a Lua module (local path) and wait until every node has it; returns 0. Not traced."""
    def udf_remove(self, module: str, policy: _Policy | None = None) -> int: ...
    def udf_list(self, policy: _Policy | None = None) -> list[dict[str, Any]]: ...
    def udf_get(self, module: str, language: int = 0, policy: _Policy | None = None) -> str: ...
    def apply(
        self, key: _Key, module: str, function: str, args: list[Any] | None, policy: _Policy | None = None
    ) -> Any:
        """Instrumented as APPLY; a failing UDF raises UDFError with the server's message."""
    def batch_write(self, batch_records: Any, policy_batch: _Policy | None = None) -> Any:
        """Instrumented as BATCH_WRITE; fills each row of `batch_records` in place and returns it."""
    def batch_apply(
        self,
        keys: Iterable[_Key],
        module: str,
        function: str,
        args: list[Any] | None,
        policy_batch: _Policy | None = None,
        policy_batch_apply: _Policy | None = None,
    ) -> BatchRecords:
        """Instrumented as BATCH_APPLY, named by the first key's namespace and set."""
    def query_apply(
        self,
        ns: str,
        set: str | None,
        predicate: _Predicate | None,
        module: str,
        function: str,
        args: list[Any] | None = None,
        policy: _Policy | None = None,
    ) -> int: ...
    def scan_apply(
        self,
        ns: str,
        set: str | None,
        module: str,
        function: str,
        args: list[Any] | None = None,
        policy: _Policy | None = None,
        options: dict[str, Any] | None = None,
    ) -> int: ...
    def job_info(self, job_id: int, module: str, policy: _Policy | None = None) -> dict[str, int]: ...
    # Security administration (a server with security enabled).
    def admin_create_user(self, username: str, password: str, roles: list[str], policy: _Policy | None = None) -> None: ...
    def admin_create_pki_user(self, username: str, roles: list[str], policy: _Policy | None = None) -> None: ...
    def admin_drop_user(self, username: str, policy: _Policy | None = None) -> None: ...
    def admin_change_password(self, username: str, password: str, policy: _Policy | None = None) -> None: ...
    def admin_set_password(self, username: str, password: str, policy: _Policy | None = None) -> None: ...
    def admin_grant_roles(self, username: str, roles: list[str], policy: _Policy | None = None) -> None: ...
    def admin_revoke_roles(self, username: str, roles: list[str], policy: _Policy | None = None) -> None: ...
    def admin_query_user_info(self, user: str, policy: _Policy | None = None) -> dict[str, Any]: ...
    def admin_query_users_info(self, policy: _Policy | None = None) -> dict[str, dict[str, Any]]: ...
    def admin_create_role(
        self,
        role: str,
        privileges: list[dict[str, Any]],
        policy: _Policy | None = None,
        whitelist: list[str] | None = None,
        read_quota: int = 0,
        write_quota: int = 0,
    ) -> None: ...
    def admin_drop_role(self, role: str, policy: _Policy | None = None) -> None: ...
    def admin_grant_privileges(self, role: str, privileges: list[dict[str, Any]], policy: _Policy | None = None) -> None: ...
    def admin_revoke_privileges(self, role: str, privileges: list[dict[str, Any]], policy: _Policy | None = None) -> None: ...
    def admin_set_whitelist(self, role: str, whitelist: list[str], policy: _Policy | None = None) -> None: ...
    def admin_set_quotas(self, role: str, read_quota: int = 0, write_quota: int = 0, policy: _Policy | None = None) -> None: ...
    def admin_query_role(self, role: str, policy: _Policy | None = None) -> list[dict[str, Any]]: ...
    def admin_query_roles(self, policy: _Policy | None = None) -> dict[str, list[dict[str, Any]]]: ...
    def admin_get_role(self, role: str, policy: _Policy | None = None) -> dict[str, Any]: ...
    def admin_get_roles(self, policy: _Policy | None = None) -> dict[str, dict[str, Any]]: ...

@final
class AsyncClient:
    """The asyncio client: every call returns an awaitable and never blocks the event loop."""

    def __new__(cls, config: dict[str, Any]) -> Self: ...
    def is_connected(self) -> bool: ...
    def get_expression_base64(self, compiled_expression: Any) -> str: ...
    def connect(self, username: str | None = None, password: str | None = None) -> Awaitable[Self]: ...
    def close(self) -> Awaitable[None]: ...
    def __aenter__(self) -> Awaitable[Self]: ...
    def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> Awaitable[None]: ...
    def put(self, key: _Key, bins: _Bins, meta: _Meta | None = None, policy: _Policy | None = None) -> Awaitable[None]: ...
    def get(self, key: _Key, policy: _Policy | None = None) -> Awaitable[Record]: ...
    def select(self, key: _Key, bins: list[str], policy: _Policy | None = None) -> Awaitable[Record]: ...
    def exists(self, key: _Key, policy: _Policy | None = None) -> Awaitable[ExistsResult]: ...
    def remove(self, key: _Key, meta: _Meta | None = None, policy: _Policy | None = None) -> Awaitable[None]: ...
    def touch(self, key: _Key, val: int | None = None, meta: _Meta | None = None, policy: _Policy | None = None) -> Awaitable[None]: ...
    def append(self, key: _Key, bin: str, val: str | bytes, meta: _Meta | None = None, policy: _Policy | None = None) -> Awaitable[None]: ...
    def prepend(self, key: _Key, bin: str, val: str | bytes, meta: _Meta | None = None, policy: _Policy | None = None) -> Awaitable[None]: ...
    def increment(self, key: _Key, bin: str, offset: int | float, meta: _Meta | None = None, policy: _Policy | None = None) -> Awaitable[None]: ...
    def remove_bin(self, key: _Key, bins: list[str], meta: _Meta | None = None, policy: _Policy | None = None) -> Awaitable[None]: ...
    def operate(self, key: _Key, ops: list[_Operation], meta: _Meta | None = None, policy: _Policy | None = None) -> Awaitable[Record]: ...
    def operate_ordered(self, key: _Key, ops: list[_Operation], meta: _Meta | None = None, policy: _Policy | None = None) -> Awaitable[Record]: ...
    def batch_read(self, keys: Iterable[_Key], bins: list[str] | None = None, policy: _Policy | None = None) -> Awaitable[BatchRecords]:
        """Instrumented as BATCH_READ, named by the first key's namespace and set."""
    def batch_operate(
        self,
        keys: Iterable[_Key],
        ops: list[_Operation],
        policy: _Policy | None = None,
        policy_batch_write: _Policy | None = None,
        ttl: int | None = None,
        *,
        policy_batch: _Policy | None = None,
    ) -> Awaitable[BatchRecords]:
        """Instrumented as BATCH_OPERATE, named by the first key's namespace and set."""
    def batch_remove(
        self,
        keys: Iterable[_Key],
        policy: _Policy | None = None,
        policy_batch_remove: _Policy | None = None,
        *,
        policy_batch: _Policy | None = None,
    ) -> Awaitable[BatchRecords]:
        """Instrumented as BATCH_REMOVE, named by the first key's namespace and set."""
    def query(self, namespace: str, set: str | None = None) -> Query: ...
    def scan(self, namespace: str, set: str | None = None) -> Query: ...
    def index_integer_create(self, ns: str, set: str | None, bin: str, index_name: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_string_create(self, ns: str, set: str | None, bin: str, index_name: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_blob_create(self, ns: str, set: str | None, bin: str, index_name: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_geo2dsphere_create(self, ns: str, set: str | None, bin: str, index_name: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_single_value_create(self, ns: str, set: str | None, bin: str, index_datatype: int, index_name: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_list_create(self, ns: str, set: str | None, bin: str, index_datatype: int, index_name: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_map_keys_create(self, ns: str, set: str | None, bin: str, index_datatype: int, index_name: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_map_values_create(self, ns: str, set: str | None, bin: str, index_datatype: int, index_name: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_cdt_create(self, ns: str, set: str | None, bin: str, index_type: int, index_datatype: int, index_name: str, ctx: list[dict[str, Any]], policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_remove(self, ns: str, name: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def index_expr_create(
        self, ns: str, set: str | None, index_type: int, index_datatype: int, expressions: Any, name: str, policy: _Policy | None = None
    ) -> Awaitable[None]: ...
    def truncate(self, namespace: str, set: str | None, nanos: int, policy: _Policy | None = None) -> Awaitable[None]: ...
    def info(self, command: str, policy: _Policy | None = None) -> Awaitable[str]:
        """The value after the command's echo, from one node."""
    def info_random_node(self, command: str, policy: _Policy | None = None) -> Awaitable[str]:
        """The raw response of one node: `"command\\tvalue\\n"`."""
    def info_single_node(self, command: str, host: str, policy: _Policy | None = None) -> Awaitable[str]:
        """The raw response of the node named `host`: `"command\\tvalue\\n"`."""
    def info_all(self, command: str, policy: _Policy | None = None) -> Awaitable[dict[str, tuple[None, str]]]:
        """`{node_name: (None, "value\\n")}` from every node."""
    def get_node_names(self) -> list[_NodeName]:
        """`[{"address": str, "port": int, "node_name": str}, ...]`; no I/O, not awaitable."""
    def get_nodes(self) -> list[tuple[str, int]]:
        """`[(address, port), ...]`; no I/O, not awaitable."""
    def get_key_partition_id(self, ns: str, set: str, key: _UserKey) -> int:
        """The partition (0..4095) holding the key; no I/O, not awaitable."""
    def udf_put(self, filename: str, udf_type: int = 0, policy: _Policy | None = None) -> Awaitable[int]:
        """Register a Lua module (local path) and wait until every node has it; returns 0. Not traced."""
    def udf_remove(self, module: str, policy: _Policy | None = None) -> Awaitable[int]: ...
    def udf_list(self, policy: _Policy | None = None) -> Awaitable[list[dict[str, Any]]]: ...
    def udf_get(self, module: str, language: int = 0, policy: _Policy | None = None) -> Awaitable[str]: ...
    def apply(
        self, key: _Key, module: str, function: str, args: list[Any] | None, policy: _Policy | None = None
    ) -> Awaitable[Any]:
        """Instrumented as APPLY; a failing UDF raises UDFError with the server's message."""
    def batch_write(self, batch_records: Any, policy_batch: _Policy | None = None) -> Awaitable[Any]:
        """Instrumented as BATCH_WRITE; fills each row of `batch_records` in place and returns it."""
    def batch_apply(
        self,
        keys: Iterable[_Key],
        module: str,
        function: str,
        args: list[Any] | None,
        policy_batch: _Policy | None = None,
        policy_batch_apply: _Policy | None = None,
    ) -> Awaitable[BatchRecords]:
        """Instrumented as BATCH_APPLY, named by the first key's namespace and set."""
    def query_apply(
        self,
        ns: str,
        set: str | None,
        predicate: _Predicate | None,
        module: str,
        function: str,
        args: list[Any] | None = None,
        policy: _Policy | None = None,
    ) -> Awaitable[int]: ...
    def scan_apply(
        self,
        ns: str,
        set: str | None,
        module: str,
        function: str,
        args: list[Any] | None = None,
        policy: _Policy | None = None,
        options: dict[str, Any] | None = None,
    ) -> Awaitable[int]: ...
    def job_info(self, job_id: int, module: str, policy: _Policy | None = None) -> Awaitable[dict[str, int]]: ...
    # Security administration (a server with security enabled).
    def admin_create_user(self, username: str, password: str, roles: list[str], policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_create_pki_user(self, username: str, roles: list[str], policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_drop_user(self, username: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_change_password(self, username: str, password: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_set_password(self, username: str, password: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_grant_roles(self, username: str, roles: list[str], policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_revoke_roles(self, username: str, roles: list[str], policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_query_user_info(self, user: str, policy: _Policy | None = None) -> Awaitable[dict[str, Any]]: ...
    def admin_query_users_info(self, policy: _Policy | None = None) -> Awaitable[dict[str, dict[str, Any]]]: ...
    def admin_create_role(
        self,
        role: str,
        privileges: list[dict[str, Any]],
        policy: _Policy | None = None,
        whitelist: list[str] | None = None,
        read_quota: int = 0,
        write_quota: int = 0,
    ) -> Awaitable[None]: ...
    def admin_drop_role(self, role: str, policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_grant_privileges(self, role: str, privileges: list[dict[str, Any]], policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_revoke_privileges(self, role: str, privileges: list[dict[str, Any]], policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_set_whitelist(self, role: str, whitelist: list[str], policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_set_quotas(self, role: str, read_quota: int = 0, write_quota: int = 0, policy: _Policy | None = None) -> Awaitable[None]: ...
    def admin_query_role(self, role: str, policy: _Policy | None = None) -> Awaitable[list[dict[str, Any]]]: ...
    def admin_query_roles(self, policy: _Policy | None = None) -> Awaitable[dict[str, list[dict[str, Any]]]]: ...
    def admin_get_role(self, role: str, policy: _Policy | None = None) -> Awaitable[dict[str, Any]]: ...
    def admin_get_roles(self, policy: _Policy | None = None) -> Awaitable[dict[str, dict[str, Any]]]: ...

INSTRUMENTATION_TIER: str
"""The instrumentation tier compiled in: "otel", "metrics-only" or "none"."""

_BUILD_PROFILE: str
"""Benchmark guard: "release" or "debug" (perf/ refuses to measure a debug build)."""

def init_tracing() -> None:
    """Start exporting spans over OTLP gRPC, configured by the standard `OTEL_*` environment variables. Thread-safe; a second call is a no-op."""

def shutdown_tracing() -> None:
    """Flush pending spans and stop exporting. Thread-safe; safe to call twice."""

def start_metrics_server(port: int = 9464, host: str = "0.0.0.0") -> None:
    """Serve the Prometheus text exposition at `http://{host}:{port}/metrics`."""

def stop_metrics_server() -> None:
    """Stop the metrics server started by `start_metrics_server()`, if any."""

def get_metrics() -> str:
    """The current metrics in the Prometheus text exposition format."""

def _traced_noop() -> bool:
    """Benchmark hook: one instrumented no-op operation (perf/)."""

def _bare_noop() -> bool:
    """Benchmark hook: the same no-op without instrumentation (perf/)."""

def calc_digest(ns: str, set: str, key: _UserKey) -> bytearray:
    """The 20-byte record digest the server addresses `(ns, set, key)` by (as the official client computes it)."""

def get_partition_id(digest: bytes | bytearray) -> int:
    """The partition (0..4095) of a 20-byte digest."""

def _policy_keys() -> dict[str, list[tuple[str, str, str]]]:
    """`{kind: [(key, status, doc), ...]}` for every policy kind; status is "honoured", "refused" or "no-op"."""

def _config_keys() -> list[tuple[str, str, str]]:
    """`[(key, status, doc), ...]` for every client config key."""

def _policies_top_level_keys() -> list[tuple[str, str, str]]:
    """`[(key, status, doc), ...]` for the top level of config `policies`."""

def _switch_tracing(on: bool) -> bool:
    """Benchmark hook: pause or resume span creation, the exporter kept up (perf/)."""

def _flush_spans() -> None:
    """Benchmark hook: export every queued span and wait (perf/)."""

__all__ = [
    "AsyncClient",
    "Client",
    "Query",
    "BatchRecords",
    "get_metrics",
    "init_tracing",
    "shutdown_tracing",
    "start_metrics_server",
    "stop_metrics_server",
    "_bare_noop",
    "_traced_noop",
    "calc_digest",
    "get_partition_id",
    "_policies_top_level_keys",
    "_policy_keys",
    "_config_keys",
    "_switch_tracing",
    "_flush_spans",
    "INSTRUMENTATION_TIER",
    "_BUILD_PROFILE",
]
