"""List expressions: read a list bin (or a list value) and, without writing the
record, compute a modified list."""

from __future__ import annotations

from typing import Any

from . import _core as c
from ._cdt import _Modify, _Read, _Remove, _TypedRead, _Whole, bin_expr
from ._core import _Expr, _Spec, with_ctx
from .base import ListBin

# The official client's op codes, which name these nodes in the compiled form.
OP_LIST_APPEND = 1001
OP_LIST_APPEND_ITEMS = 1002
OP_LIST_CLEAR = 1009
OP_LIST_GET_BY_INDEX = 1016
OP_LIST_GET_BY_INDEX_RANGE = 1017
OP_LIST_GET_BY_INDEX_RANGE_TO_END = 1035
OP_LIST_GET_BY_RANK = 1018
OP_LIST_GET_BY_RANK_RANGE = 1019
OP_LIST_GET_BY_RANK_RANGE_TO_END = 1036
OP_LIST_GET_BY_VALUE = 1020
OP_LIST_GET_BY_VALUE_LIST = 1021
OP_LIST_GET_BY_VALUE_RANGE = 1022
OP_LIST_GET_BY_VALUE_RANK_RANGE_REL = 1033
OP_LIST_GET_BY_VALUE_RANK_RANGE_REL_TO_END = 1034
OP_LIST_INCREMENT = 1015
OP_LIST_INSERT = 1003
OP_LIST_INSERT_ITEMS = 1004
OP_LIST_REMOVE_BY_INDEX = 1023
OP_LIST_REMOVE_BY_INDEX_RANGE = 1024
OP_LIST_REMOVE_BY_INDEX_RANGE_TO_END = 1039
OP_LIST_REMOVE_BY_RANK = 1025
OP_LIST_REMOVE_BY_RANK_RANGE = 1026
OP_LIST_REMOVE_BY_RANK_RANGE_TO_END = 1040
OP_LIST_REMOVE_BY_REL_RANK_RANGE = 1038
OP_LIST_REMOVE_BY_REL_RANK_RANGE_TO_END = 1037
OP_LIST_REMOVE_BY_VALUE = 1027
OP_LIST_REMOVE_BY_VALUE_LIST = 1028
OP_LIST_REMOVE_BY_VALUE_RANGE = 1029
OP_LIST_SET = 1010
OP_LIST_SIZE = 1014
OP_LIST_SORT = 1031


class _L:
    _bin: type[_Expr] = ListBin


class _ListCreateModify(_L, _Modify):
    _policy_key, _marker = c.LIST_POLICY_KEY, c.CDT_LIST_CRMOD


class _ListModify(_L, _Modify):
    _policy_key, _marker = c.LIST_POLICY_KEY, c.CDT_LIST_MOD


# fmt: off
class ListAppend(_ListCreateModify): _op, _args = OP_LIST_APPEND, ("value",)
class ListAppendItems(_ListCreateModify): _op, _args = OP_LIST_APPEND_ITEMS, ("value",)
class ListInsert(_ListModify): _op, _args = OP_LIST_INSERT, ("index", "value")
class ListInsertItems(_ListModify): _op, _args = OP_LIST_INSERT_ITEMS, ("index", "values")
class ListIncrement(_ListCreateModify): _op, _args = OP_LIST_INCREMENT, ("index", "value")
class ListSet(_ListModify): _op, _args = OP_LIST_SET, ("index", "value")
class ListClear(_L, _Whole): _op = OP_LIST_CLEAR
class ListSize(_L, _Whole): _op = OP_LIST_SIZE

class ListRemoveByValue(_L, _Remove): _op, _args = OP_LIST_REMOVE_BY_VALUE, ("value",)
class ListRemoveByValueList(_L, _Remove): _op, _args = OP_LIST_REMOVE_BY_VALUE_LIST, ("values",)
class ListRemoveByValueRange(_L, _Remove): _op, _args, _open = OP_LIST_REMOVE_BY_VALUE_RANGE, ("begin", "end"), ("end",)
class ListRemoveByValueRelRankToEnd(_L, _Remove): _op, _args = OP_LIST_REMOVE_BY_REL_RANK_RANGE_TO_END, ("value", "rank")
class ListRemoveByValueRelRankRange(_L, _Remove): _op, _args = OP_LIST_REMOVE_BY_REL_RANK_RANGE, ("value", "rank", "count")
class ListRemoveByIndex(_L, _Remove): _op, _args, _invertible = OP_LIST_REMOVE_BY_INDEX, ("index",), False
class ListRemoveByIndexRangeToEnd(_L, _Remove): _op, _args = OP_LIST_REMOVE_BY_INDEX_RANGE_TO_END, ("index",)
class ListRemoveByIndexRange(_L, _Remove): _op, _args = OP_LIST_REMOVE_BY_INDEX_RANGE, ("index", "count")
class ListRemoveByRank(_L, _Remove): _op, _args, _invertible = OP_LIST_REMOVE_BY_RANK, ("rank",), False
class ListRemoveByRankRangeToEnd(_L, _Remove): _op, _args = OP_LIST_REMOVE_BY_RANK_RANGE_TO_END, ("rank",)
class ListRemoveByRankRange(_L, _Remove): _op, _args = OP_LIST_REMOVE_BY_RANK_RANGE, ("rank", "count")

class ListGetByValue(_L, _Read): _op, _args = OP_LIST_GET_BY_VALUE, ("value",)
class ListGetByValueRange(_L, _Read): _op, _args = OP_LIST_GET_BY_VALUE_RANGE, ("value_begin", "value_end")
class ListGetByValueList(_L, _Read): _op, _args = OP_LIST_GET_BY_VALUE_LIST, ("value",)
class ListGetByValueRelRankRangeToEnd(_L, _Read): _op, _args = OP_LIST_GET_BY_VALUE_RANK_RANGE_REL_TO_END, ("value", "rank")
class ListGetByValueRelRankRange(_L, _Read): _op, _args = OP_LIST_GET_BY_VALUE_RANK_RANGE_REL, ("value", "rank", "count")
class ListGetByIndex(_L, _TypedRead): _op, _args = OP_LIST_GET_BY_INDEX, ("index",)
class ListGetByIndexRangeToEnd(_L, _Read): _op, _args = OP_LIST_GET_BY_INDEX_RANGE_TO_END, ("index",)
class ListGetByIndexRange(_L, _Read): _op, _args = OP_LIST_GET_BY_INDEX_RANGE, ("index", "count")
class ListGetByRank(_L, _TypedRead): _op, _args = OP_LIST_GET_BY_RANK, ("rank",)
class ListGetByRankRangeToEnd(_L, _Read): _op, _args = OP_LIST_GET_BY_RANK_RANGE_TO_END, ("rank",)
class ListGetByRankRange(_L, _Read): _op, _args = OP_LIST_GET_BY_RANK_RANGE, ("rank", "count")
# fmt: on


class ListSort(_Spec):
    _op, _params = OP_LIST_SORT, ("ctx", "order", "bin")

    def _build(self, ctx: Any = None, order: int = 0, bin: Any = None) -> None:
        self._fixed = with_ctx({c.LIST_ORDER_KEY: order}, ctx)
        self._children = (bin_expr(bin, ListBin),)


class InList(_Expr):
    """True when ``value`` is an element of the list ``bin``."""

    _op = c.IN_LIST

    def __init__(self, value: Any, bin: Any) -> None:
        self._children = (value, bin_expr(bin, ListBin))


__all__ = [
    "InList",
    "ListAppend",
    "ListAppendItems",
    "ListBin",
    "ListClear",
    "ListGetByIndex",
    "ListGetByIndexRange",
    "ListGetByIndexRangeToEnd",
    "ListGetByRank",
    "ListGetByRankRange",
    "ListGetByRankRangeToEnd",
    "ListGetByValue",
    "ListGetByValueList",
    "ListGetByValueRange",
    "ListGetByValueRelRankRange",
    "ListGetByValueRelRankRangeToEnd",
    "ListIncrement",
    "ListInsert",
    "ListInsertItems",
    "ListRemoveByIndex",
    "ListRemoveByIndexRange",
    "ListRemoveByIndexRangeToEnd",
    "ListRemoveByRank",
    "ListRemoveByRankRange",
    "ListRemoveByRankRangeToEnd",
    "ListRemoveByValue",
    "ListRemoveByValueList",
    "ListRemoveByValueRange",
    "ListRemoveByValueRelRankRange",
    "ListRemoveByValueRelRankToEnd",
    "ListSet",
    "ListSize",
    "ListSort",
]
