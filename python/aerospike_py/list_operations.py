# ruff: noqa: F405 - constants come from aerospike_py.constants
"""List (CDT) operations for ``Client.operate`` / ``operate_ordered`` / ``batch_operate``.

Each helper returns a plain dict; the native core converts it. Indexes and ranks
may be negative (counted from the end). Selectors take a ``return_type``
(``LIST_RETURN_*``) and ``inverted=True`` to act on everything *not* selected.
``policy`` is a list-policy dict: ``{"list_order": LIST_ORDERED,
"write_flags": LIST_WRITE_ADD_UNIQUE | LIST_WRITE_NO_FAIL}``. ``ctx`` (a list of
``aerospike_py.cdt_ctx`` entries) points the op at a list nested inside the bin.

The functions, their parameters and the dicts they build are those of the official
``aerospike_helpers.operations.list_operations`` (``tests/compat`` compares them), so
code written for it runs unchanged and the two modules' dicts are interchangeable.

>>> from aerospike_py import list_operations as lop
>>> lop.list_get_by_rank("scores", -1, lop.LIST_RETURN_VALUE)
{'op': 1018, 'bin': 'scores', 'return_type': 7, 'rank': -1}
"""

from __future__ import annotations

from typing import Any

from aerospike_py._cdt import Context, Op, Policy, op
from aerospike_py.constants import *  # noqa: F403 - this family's constants live in the one table

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
    "list_join",
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


_OP_LIST_JOIN = 1042
"""The official client's private ``aerospike._OP_LIST_JOIN`` (server 8.2's list join)."""


def _list(code: int, bin_name: str, policy: Policy | None, ctx: Context | None, **fields: Any) -> Op:
    return op(code, bin_name, ctx, **fields, **({} if policy is None else {"list_policy": policy}))


def list_append(bin_name: str, value: Any, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Append ``value``; returns the new list size."""
    return _list(OP_LIST_APPEND, bin_name, policy, ctx, val=value)


def list_append_items(bin_name: str, values: list[Any], policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Append every item of ``values``; returns the new list size."""
    return _list(OP_LIST_APPEND_ITEMS, bin_name, policy, ctx, val=values)


def list_insert(bin_name: str, index: int, value: Any, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Insert ``value`` at ``index``; returns the new list size."""
    return _list(OP_LIST_INSERT, bin_name, policy, ctx, index=index, val=value)


def list_insert_items(
    bin_name: str, index: int, values: list[Any], policy: Policy | None = None, ctx: Context | None = None
) -> Op:
    """Insert every item of ``values`` at ``index``; returns the new list size."""
    return _list(OP_LIST_INSERT_ITEMS, bin_name, policy, ctx, index=index, val=values)


def list_increment(bin_name: str, index: int, value: int, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Add the int ``value`` to the item at ``index``; returns the new item value.

    A float ``value`` is refused (ParamError): the ``aerospike`` crate's list increment
    carries only an integer."""
    return _list(OP_LIST_INCREMENT, bin_name, policy, ctx, index=index, val=value)


def list_pop(bin_name: str, index: int, ctx: Context | None = None) -> Op:
    """Remove and return the item at ``index``."""
    return op(OP_LIST_POP, bin_name, ctx, index=index)


def list_pop_range(bin_name: str, index: int, count: int | None = None, ctx: Context | None = None) -> Op:
    """Remove and return ``count`` items from ``index`` (to the end when None)."""
    return op(OP_LIST_POP_RANGE, bin_name, ctx, index=index, val=count)


def list_remove(bin_name: str, index: int, ctx: Context | None = None) -> Op:
    """Remove the item at ``index``; returns how many were removed."""
    return op(OP_LIST_REMOVE, bin_name, ctx, index=index)


def list_remove_range(bin_name: str, index: int, count: int | None = None, ctx: Context | None = None) -> Op:
    """Remove ``count`` items from ``index`` (to the end when None); returns how many."""
    return op(OP_LIST_REMOVE_RANGE, bin_name, ctx, index=index, val=count)


def list_clear(bin_name: str, ctx: Context | None = None) -> Op:
    """Remove every item."""
    return op(OP_LIST_CLEAR, bin_name, ctx)


def list_set(bin_name: str, index: int, value: Any, policy: Policy | None = None, ctx: Context | None = None) -> Op:
    """Set the item at ``index`` to ``value``."""
    return _list(OP_LIST_SET, bin_name, policy, ctx, index=index, val=value)


def list_get(bin_name: str, index: int, ctx: Context | None = None) -> Op:
    """The item at ``index``."""
    return op(OP_LIST_GET, bin_name, ctx, index=index)


def list_get_range(bin_name: str, index: int, count: int | None = None, ctx: Context | None = None) -> Op:
    """``count`` items from ``index`` (to the end when None)."""
    return op(OP_LIST_GET_RANGE, bin_name, ctx, index=index, val=count)


def list_trim(bin_name: str, index: int, count: int, ctx: Context | None = None) -> Op:
    """Keep only ``count`` items from ``index``; returns how many were removed."""
    return op(OP_LIST_TRIM, bin_name, ctx, index=index, val=count)


def list_size(bin_name: str, ctx: Context | None = None) -> Op:
    """The number of items."""
    return op(OP_LIST_SIZE, bin_name, ctx)


def list_sort(bin_name: str, sort_flags: int = LIST_SORT_DEFAULT, ctx: Context | None = None) -> Op:
    """Sort the list in place (``LIST_SORT_*`` flags)."""
    return op(OP_LIST_SORT, bin_name, ctx, sort_flags=sort_flags)


def list_set_order(bin_name: str, list_order: int, ctx: Context | None = None) -> Op:
    """Make the list ``LIST_ORDERED`` (sorted from now on) or ``LIST_UNORDERED``."""
    return op(OP_LIST_SET_ORDER, bin_name, ctx, list_order=list_order)


def list_create(
    bin_name: str, list_order: int, pad: bool = False, persist_index: bool = False, ctx: Context | None = None
) -> Op:
    """Create an empty list of ``list_order`` at the bin, or at the end of ``ctx``
    (nothing happens if one is there). Nested: ``pad`` lets the context index lie past
    the parent list's end (filled with None). Top level: ``persist_index`` asks the
    server to keep an index for the list."""
    return op(OP_LIST_CREATE, bin_name, ctx, list_order=list_order, pad=pad, persist_index=persist_index)


def list_join(bin_name: str, separator: str | None = None, ctx: Context | None = None) -> Op:
    """The list's string items joined into one string (with ``separator`` between
    them). Needs Aerospike server 8.2 or later; older servers refuse the op."""
    return op(_OP_LIST_JOIN, bin_name, ctx, separator=separator)


def list_get_by_index(bin_name: str, index: int, return_type: int, ctx: Context | None = None) -> Op:
    """The item at ``index``."""
    return op(OP_LIST_GET_BY_INDEX, bin_name, ctx, return_type=return_type, index=index)


def list_remove_by_index(bin_name: str, index: int, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the item at ``index``."""
    return op(OP_LIST_REMOVE_BY_INDEX, bin_name, ctx, return_type=return_type, index=index)


def list_get_by_index_range(
    bin_name: str,
    index: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """``count`` items from ``index`` (to the end when None)."""
    counted = {} if count is None else {"count": count}
    return op(OP_LIST_GET_BY_INDEX_RANGE, bin_name, ctx, return_type=return_type, index=index, inverted=inverted, **counted)


def list_remove_by_index_range(
    bin_name: str,
    index: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove ``count`` items from ``index`` (to the end when None)."""
    counted = {} if count is None else {"count": count}
    return op(
        OP_LIST_REMOVE_BY_INDEX_RANGE, bin_name, ctx, return_type=return_type, index=index, inverted=inverted, **counted
    )


def list_get_by_rank(bin_name: str, rank: int, return_type: int, ctx: Context | None = None) -> Op:
    """The item of value rank ``rank`` (0 = smallest, -1 = largest)."""
    return op(OP_LIST_GET_BY_RANK, bin_name, ctx, return_type=return_type, rank=rank)


def list_remove_by_rank(bin_name: str, rank: int, return_type: int, ctx: Context | None = None) -> Op:
    """Remove the item of value rank ``rank``."""
    return op(OP_LIST_REMOVE_BY_RANK, bin_name, ctx, return_type=return_type, rank=rank)


def list_get_by_rank_range(
    bin_name: str,
    rank: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """``count`` items by value rank from ``rank`` (to the largest when None)."""
    counted = {} if count is None else {"count": count}
    return op(OP_LIST_GET_BY_RANK_RANGE, bin_name, ctx, return_type=return_type, rank=rank, inverted=inverted, **counted)


def list_remove_by_rank_range(
    bin_name: str,
    rank: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove ``count`` items by value rank from ``rank`` (to the largest when None)."""
    counted = {} if count is None else {"count": count}
    return op(
        OP_LIST_REMOVE_BY_RANK_RANGE, bin_name, ctx, return_type=return_type, rank=rank, inverted=inverted, **counted
    )


def list_get_by_value(bin_name: str, value: Any, return_type: int, inverted: bool = False, ctx: Context | None = None) -> Op:
    """Items equal to ``value``."""
    return op(OP_LIST_GET_BY_VALUE, bin_name, ctx, return_type=return_type, val=value, inverted=inverted)


def list_remove_by_value(
    bin_name: str, value: Any, return_type: int, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Remove items equal to ``value``."""
    return op(OP_LIST_REMOVE_BY_VALUE, bin_name, ctx, return_type=return_type, val=value, inverted=inverted)


def list_get_by_value_list(
    bin_name: str, value_list: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Items equal to any of ``value_list``."""
    return op(OP_LIST_GET_BY_VALUE_LIST, bin_name, ctx, return_type=return_type, value_list=value_list, inverted=inverted)


def list_remove_by_value_list(
    bin_name: str, value_list: list[Any], return_type: int, inverted: bool = False, ctx: Context | None = None
) -> Op:
    """Remove items equal to any of ``value_list``."""
    return op(
        OP_LIST_REMOVE_BY_VALUE_LIST, bin_name, ctx, return_type=return_type, value_list=value_list, inverted=inverted
    )


def list_get_by_value_range(
    bin_name: str,
    return_type: int,
    value_begin: Any,
    value_end: Any,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Items with ``value_begin <= value < value_end`` (``None`` leaves a side open)."""
    return op(
        OP_LIST_GET_BY_VALUE_RANGE,
        bin_name,
        ctx,
        return_type=return_type,
        inverted=inverted,
        value_begin=value_begin,
        value_end=value_end,
    )


def list_remove_by_value_range(
    bin_name: str,
    return_type: int,
    value_begin: Any = None,
    value_end: Any = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove items with ``value_begin <= value < value_end`` (``None`` leaves a side open)."""
    return op(
        OP_LIST_REMOVE_BY_VALUE_RANGE,
        bin_name,
        ctx,
        return_type=return_type,
        inverted=inverted,
        value_begin=value_begin,
        value_end=value_end,
    )


def list_get_by_value_rank_range_relative(
    bin_name: str,
    value: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """``count`` items (to the largest when None) from the rank of ``value`` plus
    ``offset``: e.g. ``(5, -1)`` on ``[0, 4, 5, 9]`` selects ``[4, 5, 9]``. ``value``
    need not be in the list; its rank is where it would sort."""
    counted = {} if count is None else {"count": count}
    return op(
        OP_LIST_GET_BY_VALUE_RANK_RANGE_REL,
        bin_name,
        ctx,
        val=value,
        rank=offset,
        return_type=return_type,
        inverted=inverted,
        **counted,
    )


def list_remove_by_value_rank_range_relative(
    bin_name: str,
    value: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: Context | None = None,
) -> Op:
    """Remove what :func:`list_get_by_value_rank_range_relative` selects."""
    counted = {} if count is None else {"count": count}
    return op(
        OP_LIST_REMOVE_BY_VALUE_RANK_RANGE_REL,
        bin_name,
        ctx,
        val=value,
        rank=offset,
        return_type=return_type,
        inverted=inverted,
        **counted,
    )
