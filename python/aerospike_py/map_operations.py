# ruff: noqa: F405 - constants come from aerospike_py.constants
"""Map (CDT) operations for ``Client.operate`` / ``operate_ordered`` / ``batch_operate``.

Each helper returns a plain dict; the native core converts it. Selectors take a
``return_type`` (``MAP_RETURN_*``) and ``inverted=True`` to act on everything
*not* selected. ``map_policy`` is a map-policy dict: ``{"map_order":
MAP_KEY_ORDERED, "map_write_flags": MAP_WRITE_FLAGS_CREATE_ONLY}``. Index and
rank order are key order and value order; negative numbers count from the end.
``ctx`` (a list of ``aerospike_py.cdt_ctx`` entries) points the op at a map nested
inside the bin.

The functions, their parameters and the dicts they build are those of the official
``aerospike_helpers.operations.map_operations`` (``tests/compat`` compares them), so
code written for it runs unchanged and the two modules' dicts are interchangeable.

>>> from aerospike_py import map_operations as mop
>>> mop.map_get_by_key("prefs", "theme", mop.MAP_RETURN_VALUE)
{'op': 1118, 'bin': 'prefs', 'key': 'theme', 'return_type': 7}
"""

from __future__ import annotations

from typing import Any

from aerospike_py._cdt import Context, Op, Policy, op
from aerospike_py.constants import *  # noqa: F403 - this family's constants live in the one table

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


def _map(code: int, bin_name: str, map_policy: Policy | None, ctx: Context | None, **fields: Any) -> Op:
    return op(code, bin_name, ctx, **fields, **({} if map_policy is None else {"map_policy": map_policy}))


def map_set_policy(bin_name: str, policy: Policy, ctx: Context | None = None) -> Op:
    """Set the map's order (and write flags) from a map-policy dict."""
    return op(OP_MAP_SET_POLICY, bin_name, ctx, map_policy=policy)


def map_create(bin_name: str, map_order: int, persist_index: bool = False, ctx: Context | None = None) -> Op:
    """Create an empty map of ``map_order`` at the bin, or at the end of ``ctx``
    (nothing happens if one is there). Top level: ``persist_index`` asks the server to
    keep an index for the map."""
    return op(OP_MAP_CREATE, bin_name, ctx, map_order=map_order, persist_index=persist_index)


def map_put(bin_name: str, key: Any, value: Any, map_policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Set ``key`` to ``value``; returns the new map size."""
    return _map(OP_MAP_PUT, bin_name, map_policy, ctx, key=key, val=value)


def map_put_items(
    bin_name: str, item_dict: dict[Any, Any], map_policy: Policy | None = None, ctx: Context | None = None
) -> Op:
    """Set every entry of ``item_dict``; returns the new map size."""
    return _map(OP_MAP_PUT_ITEMS, bin_name, map_policy, ctx, val=item_dict)


def map_increment(
    bin_name: str, key: Any, amount: int | float, map_policy: Policy | None = None, ctx: Context | None = None
) -> Op:
    """Add ``amount`` to the value at ``key`` (created as 0 when missing); returns the new value."""
    return _map(OP_MAP_INCREMENT, bin_name, map_policy, ctx, key=key, val=amount)


def map_decrement(
    bin_name: str, key: Any, amount: int | float, map_policy: Policy | None = None, ctx: Context | None = None
) -> Op:
    """Subtract ``amount`` from the value at ``key``; returns the new value."""
    return _map(OP_MAP_DECREMENT, bin_name, map_policy, ctx, key=key, val=amount)


def map_size(bin_name: str, ctx: Context | None = None) -> Op:
    """The number of entries."""
    return op(OP_MAP_SIZE, bin_name, ctx)


def map_clear(bin_name: str, ctx: Context | None = None) -> Op:
    """Remove every entry."""
    return op(OP_MAP_CLEAR, bin_name, ctx)


def map_get_by_key(bin_name: str, key: Any, return_type: int, ctx: Context | None = None) -> Op:
    """The entry at ``key``."""
    return op(OP_MAP_GET_BY_KEY, bin_name, ctx, key=key, return_type=return_type)


def map_remove_by_key(bin_name: str, key: Any, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the entry at ``key``."""
    return op(OP_MAP_REMOVE_BY_KEY, bin_name, ctx, key=key, return_type=return_type)


def map_get_by_key_list(
    bin_name: str, key_list: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """The entries at any of ``key_list``."""
    return op(OP_MAP_GET_BY_KEY_LIST, bin_name, ctx, val=key_list, return_type=return_type, inverted=inverted)


def map_remove_by_key_list(
    bin_name: str, key_list: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Remove the entries at any of ``key_list``."""
    return op(OP_MAP_REMOVE_BY_KEY_LIST, bin_name, ctx, val=key_list, return_type=return_type, inverted=inverted)


def map_get_by_key_range(
    bin_name: str,
    key_range_start: Any,
    key_range_end: Any,
    return_type: int,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Entries with ``key_range_start <= key < key_range_end`` (``None`` leaves a side open)."""
    return op(
        OP_MAP_GET_BY_KEY_RANGE,
        bin_name,
        ctx,
        key=key_range_start,
        range=key_range_end,
        return_type=return_type,
        inverted=inverted,
    )


def map_remove_by_key_range(
    bin_name: str,
    key_range_start: Any,
    key_range_end: Any,
    return_type: int,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove entries with ``key_range_start <= key < key_range_end``."""
    return op(
        OP_MAP_REMOVE_BY_KEY_RANGE,
        bin_name,
        ctx,
        key=key_range_start,
        val=key_range_end,
        return_type=return_type,
        inverted=inverted,
    )


def map_get_by_value(bin_name: str, value: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Entries whose value equals ``value``."""
    return op(OP_MAP_GET_BY_VALUE, bin_name, ctx, val=value, return_type=return_type, inverted=inverted)


def map_remove_by_value(
    bin_name: str, value: Any, return_type: int, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Remove entries whose value equals ``value``."""
    return op(OP_MAP_REMOVE_BY_VALUE, bin_name, ctx, val=value, return_type=return_type, inverted=inverted)


def map_get_by_value_list(
    bin_name: str, key_list: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Entries whose value is any of ``key_list`` (the official client's parameter name)."""
    return op(OP_MAP_GET_BY_VALUE_LIST, bin_name, ctx, val=key_list, return_type=return_type, inverted=inverted)


def map_remove_by_value_list(
    bin_name: str, value_list: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Remove entries whose value is any of ``value_list``."""
    return op(OP_MAP_REMOVE_BY_VALUE_LIST, bin_name, ctx, val=value_list, return_type=return_type, inverted=inverted)


def map_get_by_value_range(
    bin_name: str,
    value_start: Any,
    value_end: Any,
    return_type: int,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Entries with ``value_start <= value < value_end`` (``None`` leaves a side open)."""
    return op(
        OP_MAP_GET_BY_VALUE_RANGE, bin_name, ctx, val=value_start, range=value_end, return_type=return_type, inverted=inverted
    )


def map_remove_by_value_range(
    bin_name: str,
    value_start: Any,
    value_end: Any,
    return_type: int,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove entries with ``value_start <= value < value_end``."""
    return op(
        OP_MAP_REMOVE_BY_VALUE_RANGE,
        bin_name,
        ctx,
        val=value_start,
        range=value_end,
        return_type=return_type,
        inverted=inverted,
    )


def map_get_by_index(bin_name: str, index: int, return_type: int, ctx: Context | None = None) -> Op:
    """The entry at key-order position ``index``."""
    return op(OP_MAP_GET_BY_INDEX, bin_name, ctx, index=index, return_type=return_type)


def map_remove_by_index(bin_name: str, index: int, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the entry at key-order position ``index``."""
    return op(OP_MAP_REMOVE_BY_INDEX, bin_name, ctx, index=index, return_type=return_type)


def map_get_by_index_range(
    bin_name: str,
    index_start: int,
    get_amt: int | None,
    return_type: int,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """``get_amt`` entries in key order from ``index_start`` (to the end when None)."""
    return op(
        OP_MAP_GET_BY_INDEX_RANGE, bin_name, ctx, index=index_start, val=get_amt, return_type=return_type, inverted=inverted
    )


def map_remove_by_index_range(
    bin_name: str,
    index_start: int,
    remove_amt: int | None,
    return_type: int,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove ``remove_amt`` entries in key order from ``index_start`` (to the end when None)."""
    return op(
        OP_MAP_REMOVE_BY_INDEX_RANGE,
        bin_name,
        ctx,
        index=index_start,
        val=remove_amt,
        return_type=return_type,
        inverted=inverted,
    )


def map_get_by_rank(bin_name: str, rank: int, return_type: int, ctx: Context | None = None) -> Op:
    """The entry of value rank ``rank`` (0 = smallest, -1 = largest)."""
    return op(OP_MAP_GET_BY_RANK, bin_name, ctx, index=rank, return_type=return_type)


def map_remove_by_rank(bin_name: str, rank: int, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the entry of value rank ``rank``."""
    return op(OP_MAP_REMOVE_BY_RANK, bin_name, ctx, index=rank, return_type=return_type)


def map_get_by_rank_range(
    bin_name: str,
    rank_start: int,
    get_amt: int | None,
    return_type: int,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """``get_amt`` entries by value rank from ``rank_start`` (to the largest when None)."""
    return op(
        OP_MAP_GET_BY_RANK_RANGE, bin_name, ctx, index=rank_start, val=get_amt, return_type=return_type, inverted=inverted
    )


def map_remove_by_rank_range(
    bin_name: str,
    rank_start: int,
    remove_amt: int | None,
    return_type: int,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove ``remove_amt`` entries by value rank from ``rank_start``."""
    return op(
        OP_MAP_REMOVE_BY_RANK_RANGE,
        bin_name,
        ctx,
        index=rank_start,
        val=remove_amt,
        return_type=return_type,
        inverted=inverted,
    )


def _relative_tail(count: int | None, inverted: bool) -> dict[str, Any]:
    # The official helpers write `count` and `inverted` into these four only when set.
    return {**({} if count is None else {"count": count}), **({"inverted": True} if inverted else {})}


def map_get_by_key_index_range_relative(
    bin_name: str,
    value: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """``count`` entries (to the end when None) from the key-order position of key
    ``value`` plus ``offset``: e.g. ``(5, -1)`` on keys ``0, 4, 5, 9`` selects keys
    ``4, 5, 9``."""
    return op(
        OP_MAP_GET_BY_KEY_INDEX_RANGE_REL,
        bin_name,
        ctx,
        key=value,
        index=offset,
        return_type=return_type,
        **_relative_tail(count, inverted),
    )


def map_remove_by_key_index_range_relative(
    bin_name: str,
    key: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove what :func:`map_get_by_key_index_range_relative` selects."""
    return op(
        OP_MAP_REMOVE_BY_KEY_INDEX_RANGE_REL,
        bin_name,
        ctx,
        key=key,
        index=offset,
        return_type=return_type,
        **_relative_tail(count, inverted),
    )


def map_get_by_value_rank_range_relative(
    bin_name: str,
    value: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """``count`` entries (to the largest when None) from the value rank of ``value``
    plus ``offset``."""
    return op(
        OP_MAP_GET_BY_VALUE_RANK_RANGE_REL,
        bin_name,
        ctx,
        val=value,
        rank=offset,
        return_type=return_type,
        **_relative_tail(count, inverted),
    )


def map_remove_by_value_rank_range_relative(
    bin_name: str,
    value: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove what :func:`map_get_by_value_rank_range_relative` selects."""
    return op(
        OP_MAP_REMOVE_BY_VALUE_RANK_RANGE_REL,
        bin_name,
        ctx,
        val=value,
        rank=offset,
        return_type=return_type,
        **_relative_tail(count, inverted),
    )
