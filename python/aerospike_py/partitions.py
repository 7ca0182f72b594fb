"""Partition filters for queries and scans: ``policy={"partition_filter": ...}``.

A namespace's records live in 4096 partitions (by key digest). A filter limits a
query or scan to some of them, e.g. to split a scan across workers, and resumes a
paginated query from ``Query.get_partitions_status()``. The dict format is the
official client's (``begin``, ``count``, ``digest``, ``partition_status``);
these helpers build it under aerospike-py 0.14.4's names.

>>> from aerospike_py import partitions
>>> partitions.partition_filter_by_range(0, 2048)
{'begin': 0, 'count': 2048}
"""

from __future__ import annotations

from typing import Any

from aerospike_py._native import calc_digest, get_partition_id

__all__ = [
    "PARTITIONS",
    "partition_filter_all",
    "partition_filter_by_digest",
    "partition_filter_by_id",
    "partition_filter_by_key",
    "partition_filter_by_range",
]

PARTITIONS = 4096
"""Partitions in a namespace."""

PartitionFilter = dict[str, Any]


def partition_filter_all() -> PartitionFilter:
    """Every partition."""
    return {"begin": 0, "count": PARTITIONS}


def partition_filter_by_id(partition_id: int) -> PartitionFilter:
    """The one partition ``partition_id`` (0..4095)."""
    return {"begin": partition_id, "count": 1}


def partition_filter_by_range(begin: int, count: int) -> PartitionFilter:
    """Partitions ``begin`` .. ``begin + count - 1``."""
    return {"begin": begin, "count": count}


def partition_filter_by_digest(digest: bytes | bytearray) -> PartitionFilter:
    """The partition holding the record with this 20-byte ``digest``, after that record."""
    return {
        "begin": get_partition_id(digest),
        "count": 1,
        "digest": {"init": True, "value": digest},
    }


def partition_filter_by_key(key: tuple[str, str, Any]) -> PartitionFilter:
    """The partition holding ``key`` ``(namespace, set, user_key)``, after that record."""
    namespace, set_name, user_key = key[:3]
    return partition_filter_by_digest(calc_digest(namespace, set_name, user_key))
