"""Map expressions: read a map bin (or a map value) and, without writing the
record, compute a modified map."""

from __future__ import annotations

from typing import Any

from . import _core as c
from ._cdt import _Modify, _Read, _Remove, _TypedRead, _Whole, bin_expr
from ._core import _Expr
from .base import MapBin

# The official client's op codes, which name these nodes in the compiled form.
OP_MAP_CLEAR = 1107
OP_MAP_GET_BY_INDEX = 1122
OP_MAP_GET_BY_INDEX_RANGE = 1123
OP_MAP_GET_BY_KEY = 1118
OP_MAP_GET_BY_KEY_LIST = 1127
OP_MAP_GET_BY_KEY_RANGE = 1119
OP_MAP_GET_BY_RANK = 1124
OP_MAP_GET_BY_RANK_RANGE = 1125
OP_MAP_GET_BY_VALUE = 1120
OP_MAP_GET_BY_VALUE_LIST = 1126
OP_MAP_GET_BY_VALUE_RANGE = 1121
OP_MAP_GET_BY_VALUE_RANK_RANGE_REL = 1130
OP_MAP_INCREMENT = 1104
OP_MAP_PUT = 1102
OP_MAP_PUT_ITEMS = 1103
OP_MAP_REMOVE_BY_INDEX = 1114
OP_MAP_REMOVE_BY_INDEX_RANGE = 1115
OP_MAP_REMOVE_BY_KEY = 1108
OP_MAP_REMOVE_BY_KEY_LIST = 1109
OP_MAP_REMOVE_BY_KEY_RANGE = 1110
OP_MAP_REMOVE_BY_RANK = 1116
OP_MAP_REMOVE_BY_RANK_RANGE = 1117
OP_MAP_REMOVE_BY_VALUE = 1111
OP_MAP_REMOVE_BY_VALUE_LIST = 1112
OP_MAP_REMOVE_BY_VALUE_RANGE = 1113
OP_MAP_SIZE = 1106
OP_MAP_REMOVE_BY_KEY_REL_INDEX_RANGE_TO_END = 1132
OP_MAP_REMOVE_BY_VALUE_REL_RANK_RANGE_TO_END = 1133
OP_MAP_REMOVE_BY_INDEX_RANGE_TO_END = 1134
OP_MAP_REMOVE_BY_RANK_RANGE_TO_END = 1135
OP_MAP_GET_BY_KEY_REL_INDEX_RANGE_TO_END = 1136
OP_MAP_REMOVE_BY_KEY_REL_INDEX_RANGE = 1137
OP_MAP_REMOVE_BY_VALUE_REL_RANK_RANGE = 1139
OP_MAP_GET_BY_KEY_REL_INDEX_RANGE = 1140
OP_MAP_GET_BY_VALUE_RANK_RANGE_REL_TO_END = 1141
OP_MAP_GET_BY_INDEX_RANGE_TO_END = 1142
OP_MAP_GET_BY_RANK_RANGE_TO_END = 1143


class _M:
    _bin: type[_Expr] = MapBin


class _MapModify(_M, _Modify):
    _policy_key, _marker = c.MAP_POLICY_KEY, c.CDT_MAP_CRMOD


# fmt: off
class MapPut(_MapModify): _op, _args = OP_MAP_PUT, ("key", "value")
class MapPutItems(_MapModify): _op, _args = OP_MAP_PUT_ITEMS, ("map",)
class MapIncrement(_MapModify): _op, _args = OP_MAP_INCREMENT, ("key", "value")
class MapClear(_M, _Whole): _op = OP_MAP_CLEAR
class MapSize(_M, _Whole): _op = OP_MAP_SIZE

class MapRemoveByKey(_M, _Remove): _op, _args, _invertible = OP_MAP_REMOVE_BY_KEY, ("key",), False
class MapRemoveByKeyList(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_KEY_LIST, ("keys",)
class MapRemoveByKeyRange(_M, _Remove): _op, _args, _open = OP_MAP_REMOVE_BY_KEY_RANGE, ("begin", "end"), ("end",)
class MapRemoveByKeyRelIndexRangeToEnd(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_KEY_REL_INDEX_RANGE_TO_END, ("key", "index")
class MapRemoveByKeyRelIndexRange(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_KEY_REL_INDEX_RANGE, ("key", "index", "count")
class MapRemoveByValue(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_VALUE, ("value",)
class MapRemoveByValueList(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_VALUE_LIST, ("values",)
class MapRemoveByValueRange(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_VALUE_RANGE, ("begin", "end")
class MapRemoveByValueRelRankRangeToEnd(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_VALUE_REL_RANK_RANGE_TO_END, ("value", "rank")
class MapRemoveByValueRelRankRange(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_VALUE_REL_RANK_RANGE, ("value", "rank", "count")
class MapRemoveByIndex(_M, _Remove): _op, _args, _invertible = OP_MAP_REMOVE_BY_INDEX, ("index",), False
class MapRemoveByIndexRangeToEnd(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_INDEX_RANGE_TO_END, ("index",)
class MapRemoveByIndexRange(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_INDEX_RANGE, ("index", "count")
class MapRemoveByRank(_M, _Remove): _op, _args, _invertible = OP_MAP_REMOVE_BY_RANK, ("rank",), False
class MapRemoveByRankRangeToEnd(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_RANK_RANGE_TO_END, ("rank",)
class MapRemoveByRankRange(_M, _Remove): _op, _args = OP_MAP_REMOVE_BY_RANK_RANGE, ("rank", "count")

class MapGetByKey(_M, _TypedRead): _op, _args = OP_MAP_GET_BY_KEY, ("key",)
class MapGetByKeyRange(_M, _Read): _op, _args = OP_MAP_GET_BY_KEY_RANGE, ("begin", "end")
class MapGetByKeyList(_M, _Read): _op, _args = OP_MAP_GET_BY_KEY_LIST, ("keys",)
class MapGetByKeyRelIndexRangeToEnd(_M, _Read): _op, _args = OP_MAP_GET_BY_KEY_REL_INDEX_RANGE_TO_END, ("key", "index")
class MapGetByKeyRelIndexRange(_M, _Read): _op, _args = OP_MAP_GET_BY_KEY_REL_INDEX_RANGE, ("key", "index", "count")
class MapGetByValue(_M, _Read): _op, _args = OP_MAP_GET_BY_VALUE, ("value",)
class MapGetByValueRange(_M, _Read): _op, _args, _open = OP_MAP_GET_BY_VALUE_RANGE, ("value_begin", "value_end"), ("value_end",)
class MapGetByValueList(_M, _Read): _op, _args = OP_MAP_GET_BY_VALUE_LIST, ("value",)
class MapGetByValueRelRankRangeToEnd(_M, _Read): _op, _args = OP_MAP_GET_BY_VALUE_RANK_RANGE_REL_TO_END, ("value", "rank")
class MapGetByValueRelRankRange(_M, _Read): _op, _args = OP_MAP_GET_BY_VALUE_RANK_RANGE_REL, ("value", "rank", "count")
class MapGetByIndex(_M, _TypedRead): _op, _args = OP_MAP_GET_BY_INDEX, ("index",)
class MapGetByIndexRangeToEnd(_M, _Read): _op, _args = OP_MAP_GET_BY_INDEX_RANGE_TO_END, ("index",)
class MapGetByIndexRange(_M, _Read): _op, _args = OP_MAP_GET_BY_INDEX_RANGE, ("index", "count")
class MapGetByRank(_M, _TypedRead): _op, _args = OP_MAP_GET_BY_RANK, ("rank",)
class MapGetByRankRangeToEnd(_M, _Read): _op, _args = OP_MAP_GET_BY_RANK_RANGE_TO_END, ("rank",)
class MapGetByRankRange(_M, _Read): _op, _args = OP_MAP_GET_BY_RANK_RANGE, ("rank", "count")
# fmt: on


class MapGetKeys(_Expr):
    """The map's keys as a list."""

    _op = c.MAP_KEYS

    def __init__(self, map_value: Any) -> None:
        self._children = (bin_expr(map_value, MapBin),)


class MapGetValues(_Expr):
    """The map's values as a list."""

    _op = c.MAP_VALUES

    def __init__(self, map_value: Any) -> None:
        self._children = (bin_expr(map_value, MapBin),)


__all__ = [
    "MapBin",
    "MapClear",
    "MapGetByIndex",
    "MapGetByIndexRange",
    "MapGetByIndexRangeToEnd",
    "MapGetByKey",
    "MapGetByKeyList",
    "MapGetByKeyRange",
    "MapGetByKeyRelIndexRange",
    "MapGetByKeyRelIndexRangeToEnd",
    "MapGetByRank",
    "MapGetByRankRange",
    "MapGetByRankRangeToEnd",
    "MapGetByValue",
    "MapGetByValueList",
    "MapGetByValueRange",
    "MapGetByValueRelRankRange",
    "MapGetByValueRelRankRangeToEnd",
    "MapGetKeys",
    "MapGetValues",
    "MapIncrement",
    "MapPut",
    "MapPutItems",
    "MapRemoveByIndex",
    "MapRemoveByIndexRange",
    "MapRemoveByIndexRangeToEnd",
    "MapRemoveByKey",
    "MapRemoveByKeyList",
    "MapRemoveByKeyRange",
    "MapRemoveByKeyRelIndexRange",
    "MapRemoveByKeyRelIndexRangeToEnd",
    "MapRemoveByRank",
    "MapRemoveByRankRange",
    "MapRemoveByRankRangeToEnd",
    "MapRemoveByValue",
    "MapRemoveByValueList",
    "MapRemoveByValueRange",
    "MapRemoveByValueRelRankRange",
    "MapRemoveByValueRelRankRangeToEnd",
    "MapSize",
]
