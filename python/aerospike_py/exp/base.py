"""Comparisons, logic, bins, record metadata, record keys, variables and conditionals."""

from __future__ import annotations

from typing import Any

from . import _core as c
from ._core import _Expr, _Fixed, _Variadic


class Val(_Expr):
    """A literal value as an expression (bare Python values are wrapped implicitly)."""

    _op = c.AS_VAL

    def __init__(self, value: Any) -> None:
        self._fixed = {c.VALUE_KEY: value}


class Unknown(_Fixed):
    """Evaluates to 'unknown': fails the command (or is skipped with EVAL_NO_FAIL)."""

    _op = c.UNKNOWN


class KeyInt(_Fixed):
    _op, _rt = c.REC_KEY, c.ResultType.INTEGER


class KeyStr(_Fixed):
    _op, _rt = c.REC_KEY, c.ResultType.STRING


class KeyBlob(_Fixed):
    _op, _rt = c.REC_KEY, c.ResultType.BLOB


class KeyExists(_Fixed):
    """True when the record's user key is stored (written with POLICY_KEY_SEND)."""

    _op, _rt = c.META_KEY_EXISTS, c.ResultType.BOOLEAN


class _Bin(_Expr):
    def __init__(self, bin: str) -> None:
        self._fixed = {c.BIN_KEY: bin}


class BoolBin(_Bin):
    _op, _rt = c.BIN, c.ResultType.BOOLEAN


class IntBin(_Bin):
    _op, _rt = c.BIN, c.ResultType.INTEGER


class StrBin(_Bin):
    _op, _rt = c.BIN, c.ResultType.STRING


class FloatBin(_Bin):
    _op, _rt = c.BIN, c.ResultType.FLOAT


class BlobBin(_Bin):
    _op, _rt = c.BIN, c.ResultType.BLOB


class GeoBin(_Bin):
    _op, _rt = c.BIN, c.ResultType.GEOJSON


class ListBin(_Bin):
    _op, _rt = c.BIN, c.ResultType.LIST


class MapBin(_Bin):
    _op, _rt = c.BIN, c.ResultType.MAP


class HLLBin(_Bin):
    _op, _rt = c.BIN, c.ResultType.HLL


class BinExists(_Bin):
    _op, _rt = c.BIN_EXISTS, c.ResultType.BOOLEAN


class BinType(_Bin):
    """The bin's particle type (``aerospike_py.AS_BYTES_*``); 0 when the bin is absent."""

    _op, _rt = c.BIN_TYPE, c.ResultType.INTEGER


class SetName(_Fixed):
    _op, _rt = c.META_SET_NAME, c.ResultType.STRING


class DeviceSize(_Fixed):
    """Deprecated by the server (7.0+): use ``RecordSize``."""

    _op, _rt = c.META_DEVICE_SIZE, c.ResultType.INTEGER


class MemorySize(_Fixed):
    """Deprecated by the server (7.0+): use ``RecordSize``."""

    _op, _rt = c.META_MEMORY_SIZE, c.ResultType.INTEGER


class RecordSize(_Fixed):
    _op, _rt = c.META_RECORD_SIZE, c.ResultType.INTEGER


class LastUpdateTime(_Fixed):
    """Nanoseconds since the Unix epoch of the record's last write."""

    _op, _rt = c.META_LAST_UPDATE_TIME, c.ResultType.INTEGER


class SinceUpdateTime(_Fixed):
    """Milliseconds since the record's last write."""

    _op, _rt = c.META_SINCE_UPDATE_TIME, c.ResultType.INTEGER


class VoidTime(_Fixed):
    """Expiry in nanoseconds since the Unix epoch; -1 when the record never expires."""

    _op, _rt = c.META_VOID_TIME, c.ResultType.INTEGER


class TTL(_Fixed):
    """Seconds until the record expires; -1 when it never does."""

    _op, _rt = c.META_TTL, c.ResultType.INTEGER


class IsTombstone(_Fixed):
    _op, _rt = c.META_IS_TOMBSTONE, c.ResultType.BOOLEAN


class DigestMod(_Expr):
    """The record digest modulo ``mod`` (for sampling a fraction of records)."""

    _op, _rt = c.META_DIGEST_MOD, c.ResultType.INTEGER

    def __init__(self, mod: int) -> None:
        self._fixed = {c.VALUE_KEY: mod}


class _Compare(_Expr):
    def __init__(self, expr0: Any, expr1: Any) -> None:
        self._children = (expr0, expr1)


class Eq(_Compare):
    _op = c.EQ


class NE(_Compare):
    _op = c.NE


class GT(_Compare):
    _op = c.GT


class GE(_Compare):
    _op = c.GE


class LT(_Compare):
    _op = c.LT


class LE(_Compare):
    _op = c.LE


class CmpGeo(_Compare):
    """True when the two GeoJSON values are within / contain one another."""

    _op = c.CMP_GEO


class CmpRegex(_Expr):
    """True when the string ``cmp_str`` matches ``regex_str`` (POSIX, ``aerospike_py.REGEX_*`` options)."""

    _op = c.CMP_REGEX

    def __init__(self, options: int, regex_str: str, cmp_str: Any) -> None:
        self._children = (cmp_str,)
        self._fixed = {c.REGEX_OPTIONS_KEY: options, c.VALUE_KEY: regex_str}


class Not(_Expr):
    _op = c.NOT

    def __init__(self, *exprs: Any) -> None:
        self._children = exprs


class And(_Variadic):
    _op = c.AND


class Or(_Variadic):
    _op = c.OR


class Exclusive(_Variadic):
    """True when exactly one operand is true."""

    _op = c.EXCLUSIVE


class Cond(_Variadic):
    """``Cond(test1, value1, test2, value2, ..., default)``: the value of the first true test."""

    _op = c.COND


class Let(_Variadic):
    """``Let(Def(name, expr), ..., scope)``: names values for ``Var`` inside ``scope``."""

    _op = c.LET


class Def(_Expr):
    _op = c.DEF

    def __init__(self, var_name: str, expr: Any) -> None:
        self._fixed = {c.VALUE_KEY: var_name}
        self._children = (expr,)


class Var(_Expr):
    _op = c.VAR

    def __init__(self, var_name: str) -> None:
        self._fixed = {c.VALUE_KEY: var_name}


__all__ = [
    "GE",
    "GT",
    "LE",
    "LT",
    "NE",
    "TTL",
    "And",
    "BinExists",
    "BinType",
    "BlobBin",
    "BoolBin",
    "CmpGeo",
    "CmpRegex",
    "Cond",
    "Def",
    "DeviceSize",
    "DigestMod",
    "Eq",
    "Exclusive",
    "FloatBin",
    "GeoBin",
    "HLLBin",
    "IntBin",
    "IsTombstone",
    "KeyBlob",
    "KeyExists",
    "KeyInt",
    "KeyStr",
    "LastUpdateTime",
    "Let",
    "ListBin",
    "MapBin",
    "MemorySize",
    "Not",
    "Or",
    "RecordSize",
    "SetName",
    "SinceUpdateTime",
    "StrBin",
    "Unknown",
    "Val",
    "Var",
    "VoidTime",
]
