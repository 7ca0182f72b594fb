# ruff: noqa: F405 - constants come from aerospike_py.constants
"""CDT contexts: the path to a list or map nested inside a bin.

Pass a list of these as ``ctx=`` to a ``list_operations`` / ``map_operations``
helper; the operation then acts on the nested list or map at the end of the path,
one step per entry from the bin inward. Each helper returns a plain dict; the
native core converts it and raises :class:`aerospike_py.exception.ParamError`
(naming the op and the entry) for an ill-typed one.

>>> from aerospike_py import cdt_ctx, list_operations as lop
>>> ctx = [cdt_ctx.cdt_ctx_map_key("scores"), cdt_ctx.cdt_ctx_list_index(0)]
>>> lop.list_append("profile", 7, ctx=ctx)["ctx"]
[{'id': 34, 'value': 'scores'}, {'id': 16, 'value': 0}]

The ``*_create`` entries create the nested list or map when it is missing (on
writes). Ids are numbered as the official client's ``aerospike.CDT_CTX_*``.
"""

from __future__ import annotations

from typing import Any

from aerospike_py.constants import *  # noqa: F403 - this family's constants live in the one table

__all__ = [
    "CDT_CTX_LIST_INDEX",
    "CDT_CTX_LIST_INDEX_CREATE",
    "CDT_CTX_LIST_RANK",
    "CDT_CTX_LIST_VALUE",
    "CDT_CTX_MAP_INDEX",
    "CDT_CTX_MAP_KEY",
    "CDT_CTX_MAP_KEY_CREATE",
    "CDT_CTX_MAP_RANK",
    "CDT_CTX_MAP_VALUE",
    "cdt_ctx_all_children",
    "cdt_ctx_all_children_with_filter",
    "cdt_ctx_and_filter",
    "cdt_ctx_list_index",
    "cdt_ctx_list_index_create",
    "cdt_ctx_list_rank",
    "cdt_ctx_list_value",
    "cdt_ctx_map_index",
    "cdt_ctx_map_key",
    "cdt_ctx_map_key_create",
    "cdt_ctx_map_keys_in",
    "cdt_ctx_map_rank",
    "cdt_ctx_map_value",
]


Ctx = dict[str, Any]


def cdt_ctx_list_index(index: int) -> Ctx:
    """The list item at ``index`` (negative counts from the end)."""
    return {"id": CDT_CTX_LIST_INDEX, "value": index}


def cdt_ctx_list_index_create(index: int, order: int = 0, pad: bool = False) -> Ctx:
    """The list item at ``index``; on a write, a missing item is created as a list of
    ``order`` (``LIST_UNORDERED`` / ``LIST_ORDERED``), padding with None up to
    ``index`` when ``pad`` is true."""
    return {"id": CDT_CTX_LIST_INDEX_CREATE, "value": index, "order": order, "pad": pad}


def cdt_ctx_list_rank(rank: int) -> Ctx:
    """The list item of value rank ``rank`` (0 = smallest, -1 = largest)."""
    return {"id": CDT_CTX_LIST_RANK, "value": rank}


def cdt_ctx_list_value(value: Any) -> Ctx:
    """The (first) list item equal to ``value``."""
    return {"id": CDT_CTX_LIST_VALUE, "value": value}


def cdt_ctx_map_index(index: int) -> Ctx:
    """The map entry at key-order position ``index`` (negative counts from the end)."""
    return {"id": CDT_CTX_MAP_INDEX, "value": index}


def cdt_ctx_map_rank(rank: int) -> Ctx:
    """The map entry of value rank ``rank`` (0 = smallest, -1 = largest)."""
    return {"id": CDT_CTX_MAP_RANK, "value": rank}


def cdt_ctx_map_key(key: Any) -> Ctx:
    """The map entry at ``key``."""
    return {"id": CDT_CTX_MAP_KEY, "value": key}


def cdt_ctx_map_key_create(key: Any, order: int = 0) -> Ctx:
    """The map entry at ``key``; on a write, a missing entry is created as a map of
    ``order`` (``MAP_UNORDERED`` / ``MAP_KEY_ORDERED`` / ``MAP_KEY_VALUE_ORDERED``)."""
    return {"id": CDT_CTX_MAP_KEY_CREATE, "value": key, "order": order}


def cdt_ctx_map_value(value: Any) -> Ctx:
    """The (first) map entry whose value equals ``value``."""
    return {"id": CDT_CTX_MAP_VALUE, "value": value}


# The official client's private ids for the wildcard contexts (``aerospike._AS_CDT_CTX_*``).
_AS_CDT_CTX_EXP = 0x04
_AS_CDT_CTX_AND = 0x200
_AS_CDT_CTX_MAP_KEYS_IN = 0x2A
_CDT_CTX_FILTER_EXPR_KEY = "filter_expr"


def cdt_ctx_all_children() -> Ctx:
    """Every child of the current level (list items, map entries). Server 8.1.1+."""
    return {"id": _AS_CDT_CTX_EXP}


def cdt_ctx_all_children_with_filter(expression: Any) -> Ctx:
    """The children of the current level for which ``expression`` (an
    ``aerospike_py.exp`` boolean expression, compiled or not) is true. Server 8.1.1+."""
    return {"id": _AS_CDT_CTX_EXP, _CDT_CTX_FILTER_EXPR_KEY: expression}


def cdt_ctx_and_filter(expression: Any) -> Ctx:
    """A filter AND-ed with the previous context entry (e.g. after
    :func:`cdt_ctx_map_keys_in`); not first, not after a wildcard. Server 8.1.2+."""
    return {"id": _AS_CDT_CTX_AND | _AS_CDT_CTX_EXP, _CDT_CTX_FILTER_EXPR_KEY: expression}


def cdt_ctx_map_keys_in(keys: list[Any]) -> Ctx:
    """The map entries whose keys are in ``keys`` (those that exist). Server 8.1.2+."""
    return {"id": _AS_CDT_CTX_MAP_KEYS_IN, "value": keys}
