# ruff: noqa: F405 - constants come from aerospike_py.constants
"""List (CDT) operations for ``Client.operate`` / ``operate_ordered`` / ``batch_operate``.

Each helper returns a plain dict; the native core converts it. Indexes and ranks
may be negative (counted from the end). Selectors take a ``return_type``
(``LIST_RETURN_*``) and ``inverted=True`` to act on everything *not* selected.
``policy`` is a list-policy dict: ``{"list_order": LIST_ORDERED,
"write_flags": LIST_WRITE_ADD_UNIQUE | LIST_WRITE_NO_FAIL}``. ``ctx`` (a list of
``aerospike_py.cdt_ctx`` entries) points the op at a list nested inside the bin.

>>> from aerospike_py import list_operations as lop
>>> lop.list_get_by_rank("scores", -1, lop.LIST_RETURN_VALUE)
{'op': 1018, 'bin': 'scores', 'rank': -1, 'return_type': 7, 'inverted': False}

Constants and op codes are numbered as in the official client.
"""

from __future__ import annotations

from typing import Any

from aerospike_py.constants import *  # noqa: F403 - this family's constants live in the one table

from aerospike_py import _cdt
from aerospike_py._cdt import Context, Op, Policy
from aerospike_py._cdt import select as _select

__all__ = [
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
    "list_append",
    "list_append_items",
    "list_clear",
    "list_create",
    "list_get",
    "list_get_by_index",
    "list_get_by_index_range",
    "list_get_by_rank",
    "list_get_by_rank_range",
    "list_get_by_value",
    "list_get_by_value_list",
    "list_get_by_value_range",
    "list_get_by_value_rank_range_relative",
    "list_get_range",
    "list_increment",
    "list_insert",
    "list_insert_items",
    "list_pop",
    "list_pop_range",
    "list_remove",
    "list_remove_by_index",
    "list_remove_by_index_range",
    "list_remove_by_rank",
    "list_remove_by_rank_range",
    "list_remove_by_value",
    "list_remove_by_value_list",
    "list_remove_by_value_range",
    "list_remove_by_value_rank_range_relative",
    "list_remove_range",
    "list_set",
    "list_set_order",
    "list_size",
    "list_sort",
    "list_trim",
]


def _op(code: int, bin: str, policy: Policy | None = None, ctx: Context | None = None, **fields: Any) -> Op:
    return _cdt.op(code, bin, "list_policy", policy, ctx, **fields)


def list_append(bin: str, val: Any, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Append ``val``; returns the new list size."""
    return _op(OP_LIST_APPEND, bin, policy, val=val, ctx=ctx)


def list_append_items(bin: str, items: list[Any], policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Append every item of ``items``; returns the new list size."""
    return _op(OP_LIST_APPEND_ITEMS, bin, policy, val=items, ctx=ctx)


def list_insert(bin: str, index: int, val: Any, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Insert ``val`` at ``index``; returns the new list size."""
    return _op(OP_LIST_INSERT, bin, policy, index=index, val=val, ctx=ctx)


def list_insert_items(bin: str, index: int, items: list[Any], policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Insert ``items`` starting at ``index``; returns the new list size."""
    return _op(OP_LIST_INSERT_ITEMS, bin, policy, index=index, val=items, ctx=ctx)


def list_get(bin: str, index: int, ctx: Context | None = None) -> Op:
    """The item at ``index``."""
    return _op(OP_LIST_GET, bin, index=index, ctx=ctx)


def list_get_range(bin: str, index: int, count: int | None = None, ctx: Context | None = None) -> Op:
    """``count`` items from ``index`` (to the end when ``count`` is None)."""
    return _op(OP_LIST_GET_RANGE, bin, index=index, count=count, ctx=ctx)


def list_pop(bin: str, index: int, ctx: Context | None = None) -> Op:
    """Remove and return the item at ``index``."""
    return _op(OP_LIST_POP, bin, index=index, ctx=ctx)


def list_pop_range(bin: str, index: int, count: int | None = None, ctx: Context | None = None) -> Op:
    """Remove and return ``count`` items from ``index`` (to the end when None)."""
    return _op(OP_LIST_POP_RANGE, bin, index=index, count=count, ctx=ctx)


def list_remove(bin: str, index: int, ctx: Context | None = None) -> Op:
    """Remove the item at ``index``; returns the number removed."""
    return _op(OP_LIST_REMOVE, bin, index=index, ctx=ctx)


def list_remove_range(bin: str, index: int, count: int | None = None, ctx: Context | None = None) -> Op:
    """Remove ``count`` items from ``index`` (to the end when None); returns the number removed."""
    return _op(OP_LIST_REMOVE_RANGE, bin, index=index, count=count, ctx=ctx)


def list_set(bin: str, index: int, val: Any, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Replace the item at ``index`` with ``val`` (padding with None past the end)."""
    return _op(OP_LIST_SET, bin, policy, index=index, val=val, ctx=ctx)


def list_trim(bin: str, index: int, count: int, ctx: Context | None = None) -> Op:
    """Keep only ``count`` items from ``index``; returns the number removed."""
    return _op(OP_LIST_TRIM, bin, index=index, count=count, ctx=ctx)


def list_clear(bin: str, ctx: Context | None = None) -> Op:
    """Remove every item (the bin stays, as an empty list)."""
    return _op(OP_LIST_CLEAR, bin, ctx=ctx)


def list_size(bin: str, ctx: Context | None = None) -> Op:
    """The number of items."""
    return _op(OP_LIST_SIZE, bin, ctx=ctx)


def list_sort(bin: str, sort_flags: int = LIST_SORT_DEFAULT, ctx: Context | None = None) -> Op:
    """Sort the list in place (``LIST_SORT_*`` flags)."""
    return _op(OP_LIST_SORT, bin, sort_flags=sort_flags, ctx=ctx)


def list_increment(bin: str, index: int, val: int, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Add the int ``val`` to the item at ``index``; returns the new item value.

    A float ``val`` is refused (ParamError): the ``aerospike`` crate's list increment
    carries only an integer."""
    return _op(OP_LIST_INCREMENT, bin, policy, index=index, val=val, ctx=ctx)


def list_get_by_value(bin: str, val: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Items equal to ``val``."""
    return _select(OP_LIST_GET_BY_VALUE, bin, return_type, inverted, val=val, ctx=ctx)


def list_get_by_value_list(bin: str, values: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Items equal to any of ``values``."""
    return _select(OP_LIST_GET_BY_VALUE_LIST, bin, return_type, inverted, val=values, ctx=ctx)


def list_get_by_value_range(bin: str, return_type: int, begin: Any, end: Any, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Items with ``begin <= value < end`` (``None`` leaves a side open)."""
    return _select(OP_LIST_GET_BY_VALUE_RANGE, bin, return_type, inverted, begin=begin, end=end, ctx=ctx)


def list_get_by_index(bin: str, index: int, return_type: int, ctx: Context | None = None) -> Op:
    """The item at ``index``."""
    return _select(OP_LIST_GET_BY_INDEX, bin, return_type, False, index=index, ctx=ctx)


def list_get_by_index_range(bin: str, index: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None) -> Op:
    """``count`` items from ``index`` (to the end when None)."""
    return _select(OP_LIST_GET_BY_INDEX_RANGE, bin, return_type, inverted, index=index, count=count, ctx=ctx)


def list_get_by_rank(bin: str, rank: int, return_type: int, ctx: Context | None = None) -> Op:
    """The item of value rank ``rank`` (0 = smallest, -1 = largest)."""
    return _select(OP_LIST_GET_BY_RANK, bin, return_type, False, rank=rank, ctx=ctx)


def list_get_by_rank_range(bin: str, rank: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None) -> Op:
    """``count`` items by value rank from ``rank`` (to the largest when None)."""
    return _select(OP_LIST_GET_BY_RANK_RANGE, bin, return_type, inverted, rank=rank, count=count, ctx=ctx)


def list_remove_by_value(bin: str, val: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove items equal to ``val``."""
    return _select(OP_LIST_REMOVE_BY_VALUE, bin, return_type, inverted, val=val, ctx=ctx)


def list_remove_by_value_list(bin: str, values: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove items equal to any of ``values``."""
    return _select(OP_LIST_REMOVE_BY_VALUE_LIST, bin, return_type, inverted, val=values, ctx=ctx)


def list_remove_by_value_range(bin: str, return_type: int, begin: Any, end: Any, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove items with ``begin <= value < end`` (``None`` leaves a side open)."""
    return _select(OP_LIST_REMOVE_BY_VALUE_RANGE, bin, return_type, inverted, begin=begin, end=end, ctx=ctx)


def list_remove_by_index(bin: str, index: int, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the item at ``index``."""
    return _select(OP_LIST_REMOVE_BY_INDEX, bin, return_type, False, index=index, ctx=ctx)


def list_remove_by_index_range(bin: str, index: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove ``count`` items from ``index`` (to the end when None)."""
    return _select(OP_LIST_REMOVE_BY_INDEX_RANGE, bin, return_type, inverted, index=index, count=count, ctx=ctx)


def list_remove_by_rank(bin: str, rank: int, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the item of value rank ``rank``."""
    return _select(OP_LIST_REMOVE_BY_RANK, bin, return_type, False, rank=rank, ctx=ctx)


def list_remove_by_rank_range(bin: str, rank: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Remove ``count`` items by value rank from ``rank`` (to the largest when None)."""
    return _select(OP_LIST_REMOVE_BY_RANK_RANGE, bin, return_type, inverted, rank=rank, count=count, ctx=ctx)


def list_get_by_value_rank_range_relative(
    bin: str, value: Any, offset: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """``count`` items (to the largest when None) from the rank of ``value`` plus
    ``offset``: e.g. ``(5, -1)`` on ``[0, 4, 5, 9]`` selects ``[4, 5, 9]``. ``value``
    need not be in the list; its rank is where it would sort."""
    return _select(OP_LIST_GET_BY_VALUE_RANK_RANGE_REL, bin, return_type, inverted, ctx=ctx, val=value, rank=offset, count=count)


def list_remove_by_value_rank_range_relative(
    bin: str, value: Any, offset: int, return_type: int, count: int | None = None, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Remove what :func:`list_get_by_value_rank_range_relative` selects."""
    return _select(OP_LIST_REMOVE_BY_VALUE_RANK_RANGE_REL, bin, return_type, inverted, ctx=ctx, val=value, rank=offset, count=count)


def list_set_order(bin: str, list_order: int, ctx: Context | None = None) -> Op:
    """Make the list ``LIST_ORDERED`` (sorted from now on) or ``LIST_UNORDERED``."""
    return _op(OP_LIST_SET_ORDER, bin, ctx=ctx, list_order=list_order)


def list_create(bin: str, list_order: int, pad: bool = False, persist_index: bool = False, ctx: Context | None = None) -> Op:
    """Create an empty list of ``list_order`` at the bin, or at the end of ``ctx``
    (nothing happens if one is there). Nested: ``pad`` lets the context index lie past
    the parent list's end (filled with None). Top level: ``persist_index`` asks the
    server to keep an index for the list."""
    return _op(OP_LIST_CREATE, bin, ctx=ctx, list_order=list_order, pad=pad, persist_index=persist_index)
