"""aerospike-py: a fast Aerospike client with a Rust core.

>>> import aerospike_py
>>> client = aerospike_py.client({"hosts": [("127.0.0.1", 3000)]}).connect()  # doctest: +SKIP
>>> client.put(("test", "users", "u1"), {"name": "Alice"})  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from aerospike_py import (
    _exports,
    batch_records,
    bit_operations,
    cdt_ctx,
    constants,
    exception,
    exp,
    expression_operations,
    hll_operations,
    list_operations,
    map_operations,
    operations,
    partitions,
    predicates,
)
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
from aerospike_py.constants import *  # noqa: F403 - every module-level constant (the one table)
from aerospike_py.exception import *  # noqa: F403 - the exception classes, as aerospike-py 0.14.4 exported them
from aerospike_py.geojson import GeoJSON, geodata, geojson
from aerospike_py.hyperloglog import HyperLogLog
from aerospike_py.partitions import (
    partition_filter_all,
    partition_filter_by_digest,
    partition_filter_by_id,
    partition_filter_by_key,
    partition_filter_by_range,
)

__all__ = [
    "AerospikeKey",
    "AsyncClient",
    "BatchRecord",
    "BatchRecords",
    "Client",
    "ExistsResult",
    "GeoJSON",
    "HyperLogLog",
    "INSTRUMENTATION_TIER",
    "Query",
    "Record",
    "RecordMetadata",
    "batch_records",
    "bit_operations",
    "calc_digest",
    "cdt_ctx",
    "client",
    "constants",
    "exception",
    "exp",
    "expression_operations",
    "geodata",
    "geojson",
    "get_metrics",
    "get_partition_id",
    "hll_operations",
    "init_tracing",
    "list_operations",
    "map_operations",
    "operations",
    "partition_filter_all",
    "partition_filter_by_digest",
    "partition_filter_by_id",
    "partition_filter_by_key",
    "partition_filter_by_range",
    "partitions",
    "predicates",
    "shutdown_tracing",
    "start_metrics_server",
    "stop_metrics_server",
]
__all__ += _exports.public(vars(exception), exception.__name__)
__all__ += _exports.constants_of(constants)

__version__ = "0.1.0"


def client(config: dict[str, Any]) -> Client:
    """Create a (not yet connected) client; ``client(config).connect()`` connects it.

    ``config`` holds ``hosts`` (a list of ``(host, port)``) and optionally
    ``cluster_name``, ``user``/``password``, timeouts (milliseconds), connection-pool
    sizes, ``tend_interval`` and per-kind default ``policies``. Unknown or ill-typed
    entries raise :class:`aerospike_py.exception.ParamError`.
    """
    return Client(config)


# Two tier distributions installed side by side overwrite each other's files: say so once.
from aerospike_py import _distribution  # noqa: E402

_distribution.check(INSTRUMENTATION_TIER)
