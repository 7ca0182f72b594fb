# ruff: noqa: F405 - constants come from aerospike_py.constants
"""Map (CDT) operations for ``Client.operate`` / ``operate_ordered`` / ``batch_operate``.

Each helper returns a plain dict; the native core converts it. Selectors take a
``return_type`` (``MAP_RETURN_*``) and ``inverted=True`` to act on everything
*not* selected. ``policy`` is a map-policy dict: ``{"map_order":
MAP_KEY_ORDERED, "map_write_flags": MAP_WRITE_FLAGS_CREATE_ONLY}``. Index and
rank order are key order and value order; negative numbers count from the end.
``ctx`` (a list of ``aerospike_py.cdt_ctx`` entries) points the op at a map nested
inside the bin.

>>> from aerospike_py import map_operations as mop
>>> mop.map_get_by_key("prefs", "theme", mop.MAP_RETURN_VALUE)
{'op': 1118, 'bin': 'prefs', 'key': 'theme', 'return_type': 7, 'inverted': False}

Constants and op codes are numbered as in the official client.
"""

from __future__ import annotations

from typing import Any

from aerospike_py.constants import *  # noqa: F403 - this family's constants live in the one table

from aerospike_py import _cdt
from aerospike_py._cdt import Context, Op, Policy
from aerospike_py._cdt import select as _select

__all__ = [
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
    "map_clear",
    "map_create",
    "map_decrement",
    "map_get_by_index",
    "map_get_by_index_range",
    "map_get_by_key",
    "map_get_by_key_index_range_relative",
    "map_get_by_key_list",
    "map_get_by_key_range",
    "map_get_by_rank",
    "map_get_by_rank_range",
    "map_get_by_value",
    "map_get_by_value_list",
    "map_get_by_value_range",
    "map_get_by_value_rank_range_relative",
    "map_increment",
    "map_put",
    "map_put_items",
    "map_remove_by_index",
    "map_remove_by_index_range",
    "map_remove_by_key",
    "map_remove_by_key_index_range_relative",
    "map_remove_by_key_list",
    "map_remove_by_key_range",
    "map_remove_by_rank",
    "map_remove_by_rank_range",
    "map_remove_by_value",
    "map_remove_by_value_list",
    "map_remove_by_value_range",
    "map_remove_by_value_rank_range_relative",
    "map_set_policy",
    "map_size",
]


def _op(code: int, bin: str, policy: Policy | None = None, ctx: Context | None = None, **fields: Any) -> Op:
    return _cdt.op(code, bin, "map_policy", policy, ctx, **fields)


def map_put(bin: str, key: Any, val: Any, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Set ``key`` to ``val``; returns the new map size."""
    return _op(OP_MAP_PUT, bin, policy, key=key, val=val, ctx=ctx)


def map_put_items(bin: str, items: dict[Any, Any], policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Set every entry of ``items``; returns the new map size."""
    return _op(OP_MAP_PUT_ITEMS, bin, policy, val=items, ctx=ctx)


def map_increment(bin: str, key: Any, amount: int | float, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Add ``amount`` to the value at ``key`` (created if missing); returns the new value."""
    return _op(OP_MAP_INCREMENT, bin, policy, key=key, val=amount, ctx=ctx)


def map_decrement(bin: str, key: Any, amount: int | float, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Subtract ``amount`` from the value at ``key``; returns the new value."""
    return _op(OP_MAP_DECREMENT, bin, policy, key=key, val=amount, ctx=ctx)


def map_size(bin: str, ctx: Context | None = None) -> Op:
    """The number of entries."""
    return _op(OP_MAP_SIZE, bin, ctx=ctx)


def map_clear(bin: str, ctx: Context | None = None) -> Op:
    """Remove every entry (the bin stays, as an empty map)."""
    return _op(OP_MAP_CLEAR, bin, ctx=ctx)


def map_get_by_key(bin: str, key: Any, return_type: int, ctx: Context | None = None) -> Op:
    """The entry at ``key``."""
    return _select(OP_MAP_GET_BY_KEY, bin, return_type, False, key=key, ctx=ctx)


def map_remove_by_key(bin: str, key: Any, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the entry at ``key``."""
    return _select(OP_MAP_REMOVE_BY_KEY, bin, return_type, False, key=key, ctx=ctx)


def map_get_by_key_list(bin: str, keys: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Entries whose key is in ``keys``."""
    return _select(OP_MAP_GET_BY_KEY_LIST, bin, return_type, inverted, key=keys, ctx=ctx)


def map_remove_by_key_list(bin: str, keys: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove entries whose key is in ``keys``."""
    return _select(OP_MAP_REMOVE_BY_KEY_LIST, bin, return_type, inverted, key=keys, ctx=ctx)


def map_get_by_key_range(bin: str, begin: Any, end: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Entries with ``begin <= key < end`` (``None`` leaves a side open)."""
    return _select(OP_MAP_GET_BY_KEY_RANGE, bin, return_type, inverted, begin=begin, end=end, ctx=ctx)


def map_remove_by_key_range(bin: str, begin: Any, end: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove entries with ``begin <= key < end`` (``None`` leaves a side open)."""
    return _select(OP_MAP_REMOVE_BY_KEY_RANGE, bin, return_type, inverted, begin=begin, end=end, ctx=ctx)


def map_get_by_value(bin: str, val: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Entries whose value equals ``val``."""
    return _select(OP_MAP_GET_BY_VALUE, bin, return_type, inverted, val=val, ctx=ctx)


def map_remove_by_value(bin: str, val: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove entries whose value equals ``val``."""
    return _select(OP_MAP_REMOVE_BY_VALUE, bin, return_type, inverted, val=val, ctx=ctx)


def map_get_by_value_list(bin: str, values: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Entries whose value is in ``values``."""
    return _select(OP_MAP_GET_BY_VALUE_LIST, bin, return_type, inverted, val=values, ctx=ctx)


def map_remove_by_value_list(bin: str, values: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove entries whose value is in ``values``."""
    return _select(OP_MAP_REMOVE_BY_VALUE_LIST, bin, return_type, inverted, val=values, ctx=ctx)


def map_get_by_value_range(bin: str, begin: Any, end: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Entries with ``begin <= value < end`` (``None`` leaves a side open)."""
    return _select(OP_MAP_GET_BY_VALUE_RANGE, bin, return_type, inverted, begin=begin, end=end, ctx=ctx)


def map_remove_by_value_range(bin: str, begin: Any, end: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove entries with ``begin <= value < end`` (``None`` leaves a side open)."""
    return _select(OP_MAP_REMOVE_BY_VALUE_RANGE, bin, return_type, inverted, begin=begin, end=end, ctx=ctx)


def map_get_by_index(bin: str, index: int, return_type: int, ctx: Context | None = None) -> Op:
    """The entry at key-order position ``index``."""
    return _select(OP_MAP_GET_BY_INDEX, bin, return_type, False, index=index, ctx=ctx)


def map_remove_by_index(bin: str, index: int, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the entry at key-order position ``index``."""
    return _select(OP_MAP_REMOVE_BY_INDEX, bin, return_type, False, index=index, ctx=ctx)


def map_get_by_index_range(bin: str, index: int, count: int | None, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """``count`` entries in key order from ``index`` (to the end when None)."""
    return _select(OP_MAP_GET_BY_INDEX_RANGE, bin, return_type, inverted, index=index, count=count, ctx=ctx)


def map_remove_by_index_range(bin: str, index: int, count: int | None, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove ``count`` entries in key order from ``index`` (to the end when None)."""
    return _select(OP_MAP_REMOVE_BY_INDEX_RANGE, bin, return_type, inverted, index=index, count=count, ctx=ctx)


def map_get_by_rank(bin: str, rank: int, return_type: int, ctx: Context | None = None) -> Op:
    """The entry of value rank ``rank`` (0 = smallest, -1 = largest)."""
    return _select(OP_MAP_GET_BY_RANK, bin, return_type, False, rank=rank, ctx=ctx)


def map_remove_by_rank(bin: str, rank: int, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the entry of value rank ``rank``."""
    return _select(OP_MAP_REMOVE_BY_RANK, bin, return_type, False, rank=rank, ctx=ctx)


def map_get_by_rank_range(bin: str, rank: int, count: int | None, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """``count`` entries by value rank from ``rank`` (to the largest when None)."""
    return _select(OP_MAP_GET_BY_RANK_RANGE, bin, return_type, inverted, rank=rank, count=count, ctx=ctx)


def map_remove_by_rank_range(bin: str, rank: int, count: int | None, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove ``count`` entries by value rank from ``rank`` (to the largest when None)."""
    return _select(OP_MAP_REMOVE_BY_RANK_RANGE, bin, return_type, inverted, rank=rank, count=count, ctx=ctx)


def map_get_by_key_index_range_relative(
    bin: str, key: Any, offset: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """``count`` entries (to the end when None) in key order from the index of ``key``
    plus ``offset``: e.g. ``(5, -1)`` on keys ``0, 4, 5, 9`` selects keys ``4, 5, 9``.
    ``key`` need not be in the map; its index is where it would sort."""
    return _select(OP_MAP_GET_BY_KEY_INDEX_RANGE_REL, bin, return_type, inverted, ctx=ctx, key=key, index=offset, count=count)


def map_remove_by_key_index_range_relative(
    bin: str, key: Any, offset: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Remove what :func:`map_get_by_key_index_range_relative` selects."""
    return _select(OP_MAP_REMOVE_BY_KEY_INDEX_RANGE_REL, bin, return_type, inverted, ctx=ctx, key=key, index=offset, count=count)


def map_get_by_value_rank_range_relative(
    bin: str, value: Any, offset: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """``count`` entries (to the largest when None) by value rank from the rank of
    ``value`` plus ``offset``. ``value`` need not be in the map."""
    return _select(OP_MAP_GET_BY_VALUE_RANK_RANGE_REL, bin, return_type, inverted, ctx=ctx, val=value, rank=offset, count=count)


def map_remove_by_value_rank_range_relative(
    bin: str, value: Any, offset: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Remove what :func:`map_get_by_value_rank_range_relative` selects."""
    return _select(OP_MAP_REMOVE_BY_VALUE_RANK_RANGE_REL, bin, return_type, inverted, ctx=ctx, val=value, rank=offset, count=count)


def map_set_policy(bin: str, policy: Policy, ctx: Context | None = None) -> Op:
    """Change the map's order (``policy["map_order"]``); returns nothing."""
    return _op(OP_MAP_SET_POLICY, bin, policy, ctx=ctx)


def map_create(bin: str, map_order: int, persist_index: bool = False, ctx: Context | None = None) -> Op:
    """Create an empty map of ``map_order`` at the bin, or at the end of ``ctx``
    (nothing happens if one is there). Top level: ``persist_index`` asks the server to
    keep an index for the map."""
    return _op(OP_MAP_CREATE, bin, ctx=ctx, map_order=map_order, persist_index=persist_index)
