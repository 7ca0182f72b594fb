"""aerospike-py: a fast Aerospike client with a Rust core.

>>> import aerospike_py
>>> client = aerospike_py.client({"hosts": [("127.0.0.1", 3000)]}).connect()  # doctest: +SKIP
>>> client.put(("test", "users", "u1"), {"name": "Alice"})  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from aerospike_py import cdt_ctx, exception, exp, list_operations, map_operations, operations, predicates
from aerospike_py._native import (
    INSTRUMENTATION_TIER,
    AerospikeKey,
    AsyncClient,
    BatchRecord,
    BatchRecords,
    Client,
    ExistsResult,
    Query,
    Record,
    RecordMetadata,
    calc_digest,
    get_metrics,
    get_partition_id,
    init_tracing,
    shutdown_tracing,
    start_metrics_server,
    stop_metrics_server,
)
from aerospike_py.list_operations import (
    LIST_ORDERED,
    LIST_RETURN_COUNT,
    LIST_RETURN_EXISTS,
    LIST_RETURN_INDEX,
    LIST_RETURN_NONE,
    LIST_RETURN_RANK,
    LIST_RETURN_REVERSE_INDEX,
    LIST_RETURN_REVERSE_RANK,
    LIST_RETURN_VALUE,
    LIST_SORT_DEFAULT,
    LIST_SORT_DROP_DUPLICATES,
    LIST_UNORDERED,
    LIST_WRITE_ADD_UNIQUE,
    LIST_WRITE_DEFAULT,
    LIST_WRITE_INSERT_BOUNDED,
    LIST_WRITE_NO_FAIL,
    LIST_WRITE_PARTIAL,
)
from aerospike_py.map_operations import (
    MAP_KEY_ORDERED,
    MAP_KEY_VALUE_ORDERED,
    MAP_RETURN_COUNT,
    MAP_RETURN_EXISTS,
    MAP_RETURN_INDEX,
    MAP_RETURN_KEY,
    MAP_RETURN_KEY_VALUE,
    MAP_RETURN_NONE,
    MAP_RETURN_ORDERED_MAP,
    MAP_RETURN_RANK,
    MAP_RETURN_REVERSE_INDEX,
    MAP_RETURN_REVERSE_RANK,
    MAP_RETURN_UNORDERED_MAP,
    MAP_RETURN_VALUE,
    MAP_UNORDERED,
    MAP_WRITE_FLAGS_CREATE_ONLY,
    MAP_WRITE_FLAGS_DEFAULT,
    MAP_WRITE_FLAGS_NO_FAIL,
    MAP_WRITE_FLAGS_PARTIAL,
    MAP_WRITE_FLAGS_UPDATE_ONLY,
)
from aerospike_py.operations import (
    OPERATOR_APPEND,
    OPERATOR_DELETE,
    OPERATOR_INCR,
    OPERATOR_PREPEND,
    OPERATOR_READ,
    OPERATOR_READ_HEADER,
    OPERATOR_TOUCH,
    OPERATOR_WRITE,
)

__all__ = [
    "AerospikeKey",
    "AsyncClient",
    "BatchRecord",
    "BatchRecords",
    "Client",
    "ExistsResult",
    "Record",
    "RecordMetadata",
    "Query",
    "calc_digest",
    "get_partition_id",
    "INSTRUMENTATION_TIER",
    "LIST_ORDERED",
    "LIST_RETURN_COUNT",
    "LIST_RETURN_EXISTS",
    "LIST_RETURN_INDEX",
    "LIST_RETURN_NONE",
    "LIST_RETURN_RANK",
    "LIST_RETURN_REVERSE_INDEX",
    "LIST_RETURN_REVERSE_RANK",
    "LIST_RETURN_VALUE",
    "LIST_SORT_DEFAULT",
    "LIST_SORT_DROP_DUPLICATES",
    "LIST_UNORDERED",
    "LIST_WRITE_ADD_UNIQUE",
    "LIST_WRITE_DEFAULT",
    "LIST_WRITE_INSERT_BOUNDED",
    "LIST_WRITE_NO_FAIL",
    "LIST_WRITE_PARTIAL",
    "MAP_KEY_ORDERED",
    "MAP_KEY_VALUE_ORDERED",
    "MAP_RETURN_COUNT",
    "MAP_RETURN_EXISTS",
    "MAP_RETURN_INDEX",
    "MAP_RETURN_KEY",
    "MAP_RETURN_KEY_VALUE",
    "MAP_RETURN_NONE",
    "MAP_RETURN_ORDERED_MAP",
    "MAP_RETURN_RANK",
    "MAP_RETURN_REVERSE_INDEX",
    "MAP_RETURN_REVERSE_RANK",
    "MAP_RETURN_UNORDERED_MAP",
    "MAP_RETURN_VALUE",
    "MAP_UNORDERED",
    "MAP_WRITE_FLAGS_CREATE_ONLY",
    "MAP_WRITE_FLAGS_DEFAULT",
    "MAP_WRITE_FLAGS_NO_FAIL",
    "MAP_WRITE_FLAGS_PARTIAL",
    "MAP_WRITE_FLAGS_UPDATE_ONLY",
    "OPERATOR_APPEND",
    "OPERATOR_DELETE",
    "OPERATOR_INCR",
    "OPERATOR_PREPEND",
    "OPERATOR_READ",
    "OPERATOR_READ_HEADER",
    "OPERATOR_TOUCH",
    "OPERATOR_WRITE",
    "POLICY_COMMIT_LEVEL_ALL",
    "POLICY_COMMIT_LEVEL_MASTER",
    "POLICY_EXISTS_CREATE",
    "POLICY_EXISTS_CREATE_OR_REPLACE",
    "POLICY_EXISTS_IGNORE",
    "POLICY_EXISTS_REPLACE",
    "POLICY_EXISTS_UPDATE",
    "POLICY_GEN_EQ",
    "POLICY_GEN_GT",
    "POLICY_GEN_IGNORE",
    "POLICY_KEY_DIGEST",
    "POLICY_KEY_SEND",
    "TTL_CLIENT_DEFAULT",
    "TTL_DONT_UPDATE",
    "TTL_NAMESPACE_DEFAULT",
    "TTL_NEVER_EXPIRE",
    "cdt_ctx",
    "exp",
    "client",
    "exception",
    "get_metrics",
    "init_tracing",
    "list_operations",
    "map_operations",
    "operations",
    "predicates",
    "shutdown_tracing",
    "start_metrics_server",
    "stop_metrics_server",
]

__version__ = "0.1.0"

# Policy values, numbered as in the official client so existing code keeps its meaning.
POLICY_KEY_DIGEST = 0
"""Send only the digest; the user key is not stored with the record."""
POLICY_KEY_SEND = 1
"""Send and store the user key with the record."""
POLICY_EXISTS_IGNORE = 0
"""Write whether or not the record exists (create or update)."""
POLICY_EXISTS_CREATE = 1
"""Create only: fail with RecordExistsError if the record exists."""
POLICY_EXISTS_UPDATE = 2
"""Update only: fail with RecordNotFound if the record does not exist."""
POLICY_EXISTS_REPLACE = 3
"""Replace only: replace all bins of an existing record, else RecordNotFound."""
POLICY_EXISTS_CREATE_OR_REPLACE = 4
"""Create, or replace all bins of an existing record."""
POLICY_GEN_IGNORE = 0
"""Write regardless of the record's generation."""
POLICY_GEN_EQ = 1
"""Write only if the record's generation equals meta['gen']."""
POLICY_GEN_GT = 2
"""Write only if meta['gen'] is greater than the record's generation."""
POLICY_COMMIT_LEVEL_ALL = 0
"""Acknowledge after every replica has the write."""
POLICY_COMMIT_LEVEL_MASTER = 1
"""Acknowledge after the master has the write."""
TTL_NAMESPACE_DEFAULT = 0
"""Use the namespace's default-ttl."""
TTL_NEVER_EXPIRE = 4294967295
"""The record never expires (also what meta['ttl'] reports for such records)."""
TTL_DONT_UPDATE = 4294967294
"""Keep the record's current TTL."""
TTL_CLIENT_DEFAULT = 4294967293
"""Use the TTL of the client's write policy."""


def client(config: dict[str, Any]) -> Client:
    """Create a (not yet connected) client; ``client(config).connect()`` connects it.

    ``config`` holds ``hosts`` (a list of ``(host, port)``) and optionally
    ``cluster_name``, ``user``/``password``, timeouts (milliseconds), connection-pool
    sizes, ``tend_interval`` and per-kind default ``policies``. Unknown or ill-typed
    entries raise :class:`aerospike_py.exception.ParamError`.
    """
    return Client(config)
