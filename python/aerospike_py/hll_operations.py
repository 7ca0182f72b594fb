"""HyperLogLog operations for ``Client.operate`` / ``operate_ordered``.

Same names, signatures and dict formats as the official client's
``aerospike_helpers.operations.hll_operations``. An HLL bin estimates how many
distinct values were added (``index_bit_count`` 4..16 sets the precision;
``mh_bit_count`` 4..51 adds min-hash bits for better intersection and
similarity estimates). ``policy`` is ``{"flags": HLL_WRITE_*}``. ``hll_list``
arguments are HLL values read from other bins (``bytes``).

>>> from aerospike_py import hll_operations as hop
>>> hop.hll_init("visitors", 12)
{'op': 2108, 'bin': 'visitors', 'index_bit_count': 12, 'mh_bit_count': -1}
"""

from __future__ import annotations

from typing import Any

from aerospike_py.constants import (  # this family's constants live in the one table
    HLL_WRITE_ALLOW_FOLD,
    HLL_WRITE_CREATE_ONLY,
    HLL_WRITE_DEFAULT,
    HLL_WRITE_NO_FAIL,
    HLL_WRITE_UPDATE_ONLY,
    OP_HLL_ADD,
    OP_HLL_DESCRIBE,
    OP_HLL_FOLD,
    OP_HLL_GET_COUNT,
    OP_HLL_GET_INTERSECT_COUNT,
    OP_HLL_GET_SIMILARITY,
    OP_HLL_GET_UNION,
    OP_HLL_GET_UNION_COUNT,
    OP_HLL_INIT,
    OP_HLL_REFRESH_COUNT,
    OP_HLL_SET_UNION,
)

__all__ = [
    "HLL_WRITE_ALLOW_FOLD",
    "HLL_WRITE_CREATE_ONLY",
    "HLL_WRITE_DEFAULT",
    "HLL_WRITE_NO_FAIL",
    "HLL_WRITE_UPDATE_ONLY",
    "OP_HLL_ADD",
    "OP_HLL_DESCRIBE",
    "OP_HLL_FOLD",
    "OP_HLL_GET_COUNT",
    "OP_HLL_GET_INTERSECT_COUNT",
    "OP_HLL_GET_SIMILARITY",
    "OP_HLL_GET_UNION",
    "OP_HLL_GET_UNION_COUNT",
    "OP_HLL_INIT",
    "OP_HLL_REFRESH_COUNT",
    "OP_HLL_SET_UNION",
    "hll_add",
    "hll_describe",
    "hll_fold",
    "hll_get_count",
    "hll_get_intersect_count",
    "hll_get_similarity",
    "hll_get_union",
    "hll_get_union_count",
    "hll_init",
    "hll_refresh_count",
    "hll_set_union",
]

Op = dict[str, Any]
Policy = dict[str, int]


def _with_policy(op: Op, policy: Policy | None) -> Op:
    if policy:
        op["hll_policy"] = policy
    return op


def _bits(count: int | None) -> int:
    return -1 if count is None else count


def hll_add(
    bin_name: str,
    values: list[Any],
    index_bit_count: int | None = None,
    mh_bit_count: int | None = None,
    policy: Policy | None = None,
) -> Op:
    """Add ``values``; creates the bin with the given bit counts when missing. Answers how many registers changed."""
    op = {
        "op": OP_HLL_ADD,
        "bin": bin_name,
        "value_list": values,
        "index_bit_count": _bits(index_bit_count),
        "mh_bit_count": _bits(mh_bit_count),
    }
    return _with_policy(op, policy)


def hll_describe(bin_name: str) -> Op:
    """``[index_bit_count, mh_bit_count]`` of the bin."""
    return {"op": OP_HLL_DESCRIBE, "bin": bin_name}


def hll_fold(bin_name: str, index_bit_count: int) -> Op:
    """Reduce the bin to ``index_bit_count`` index bits (only without min-hash bits)."""
    return {"op": OP_HLL_FOLD, "bin": bin_name, "index_bit_count": index_bit_count}


def hll_get_count(bin_name: str) -> Op:
    """The estimated number of distinct values added."""
    return {"op": OP_HLL_GET_COUNT, "bin": bin_name}


def hll_get_intersect_count(bin_name: str, hll_list: list[Any]) -> Op:
    """Estimated size of the intersection of the bin with the HLLs in ``hll_list``."""
    return {"op": OP_HLL_GET_INTERSECT_COUNT, "bin": bin_name, "value_list": hll_list}


def hll_get_similarity(bin_name: str, hll_list: list[Any]) -> Op:
    """Estimated Jaccard similarity (intersection / union) of the bin and ``hll_list``."""
    return {"op": OP_HLL_GET_SIMILARITY, "bin": bin_name, "value_list": hll_list}


def hll_get_union(bin_name: str, hll_list: list[Any]) -> Op:
    """The union of the bin and ``hll_list`` as an HLL value (the bin is unchanged)."""
    return {"op": OP_HLL_GET_UNION, "bin": bin_name, "value_list": hll_list}


def hll_get_union_count(bin_name: str, hll_list: list[Any]) -> Op:
    """Estimated count of the union of the bin and ``hll_list``."""
    return {"op": OP_HLL_GET_UNION_COUNT, "bin": bin_name, "value_list": hll_list}


def hll_init(
    bin_name: str,
    index_bit_count: int | None = None,
    mh_bit_count: int | None = None,
    policy: Policy | None = None,
) -> Op:
    """Create (or reset to empty) the HLL bin."""
    op = {
        "op": OP_HLL_INIT,
        "bin": bin_name,
        "index_bit_count": _bits(index_bit_count),
        "mh_bit_count": _bits(mh_bit_count),
    }
    return _with_policy(op, policy)


def hll_refresh_count(bin_name: str) -> Op:
    """Recompute and store the cached count; answers it."""
    return {"op": OP_HLL_REFRESH_COUNT, "bin": bin_name}


def hll_set_union(
    bin_name: str, hll_list: list[Any], policy: Policy | None = None
) -> Op:
    """Set the bin to its union with the HLLs in ``hll_list``."""
    return _with_policy(
        {"op": OP_HLL_SET_UNION, "bin": bin_name, "value_list": hll_list}, policy
    )
