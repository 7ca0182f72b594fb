"""aerospike-py 0.14.4's function-style helpers (``exp.eq(exp.int_bin("a"), exp.int_val(1))``),
as thin aliases onto the builder classes: each returns the same node the class does."""

from __future__ import annotations

from typing import Any

from . import arithmetic as a
from . import base as b
from ._core import _Expr


def _value(value: Any) -> Any:
    # A literal is a bare operand in the compiled form; the classes wrap it the same way.
    return value


int_val = float_val = str_val = string_val = bool_val = blob_val = list_val = map_val = geo_val = _value


def nil() -> None:
    return None


def infinity() -> Any:
    from ._core import CDTInfinite

    return CDTInfinite()


def wildcard() -> Any:
    from ._core import CDTWildcard

    return CDTWildcard()


# aerospike-py 0.14.4's expression type constants (the official ResultType values).
EXP_TYPE_NIL, EXP_TYPE_BOOL, EXP_TYPE_INT, EXP_TYPE_STRING, EXP_TYPE_LIST = 0, 1, 2, 3, 4
EXP_TYPE_MAP, EXP_TYPE_BLOB, EXP_TYPE_FLOAT, EXP_TYPE_GEO, EXP_TYPE_HLL = 5, 6, 7, 8, 9


def key(exp_type: int) -> _Expr:
    from ._core import ResultType

    return {ResultType.INTEGER: b.KeyInt, ResultType.STRING: b.KeyStr, ResultType.BLOB: b.KeyBlob}[exp_type]()


int_bin = b.IntBin
str_bin = b.StrBin
string_bin = b.StrBin
float_bin = b.FloatBin
blob_bin = b.BlobBin
bool_bin = b.BoolBin
list_bin = b.ListBin
map_bin = b.MapBin
geo_bin = b.GeoBin
hll_bin = b.HLLBin
bin_exists = b.BinExists
bin_type = b.BinType
eq = b.Eq
ne = b.NE
gt = b.GT
ge = b.GE
lt = b.LT
le = b.LE
and_ = b.And
or_ = b.Or
not_ = b.Not
xor = xor_ = b.Exclusive
exclusive = b.Exclusive
cond = b.Cond
let = let_ = b.Let
def_ = b.Def
var = b.Var
unknown = b.Unknown
geo_compare = b.CmpGeo
key_exists = b.KeyExists
set_name = b.SetName
record_size = b.RecordSize
device_size = b.DeviceSize
memory_size = b.MemorySize
last_update = b.LastUpdateTime
since_update = b.SinceUpdateTime
void_time = b.VoidTime
ttl = b.TTL
is_tombstone = b.IsTombstone
digest_modulo = b.DigestMod
num_add = a.Add
num_sub = a.Sub
num_mul = a.Mul
num_div = a.Div
num_pow = a.Pow
num_log = a.Log
num_mod = a.Mod
num_abs = a.Abs
num_floor = a.Floor
num_ceil = a.Ceil
to_int = a.ToInt
to_float = a.ToFloat
min = min_ = a.Min
max = max_ = a.Max
int_and = a.IntAnd
int_or = a.IntOr
int_xor = a.IntXOr
int_not = a.IntNot
int_lshift = a.IntLeftShift
int_rshift = a.IntRightShift
int_arshift = a.IntArithmeticRightShift
int_count = a.IntCount
int_lscan = a.IntLeftScan
int_rscan = a.IntRightScan


def regex_compare(regex: str, flags: int, bin_expr: Any) -> _Expr:
    return b.CmpRegex(flags, regex, bin_expr)


__all__ = [
    "EXP_TYPE_BLOB",
    "EXP_TYPE_BOOL",
    "EXP_TYPE_FLOAT",
    "EXP_TYPE_GEO",
    "EXP_TYPE_HLL",
    "EXP_TYPE_INT",
    "EXP_TYPE_LIST",
    "EXP_TYPE_MAP",
    "EXP_TYPE_NIL",
    "EXP_TYPE_STRING",
    "and_",
    "bin_exists",
    "bin_type",
    "blob_bin",
    "blob_val",
    "bool_bin",
    "bool_val",
    "cond",
    "def_",
    "device_size",
    "digest_modulo",
    "eq",
    "exclusive",
    "float_bin",
    "float_val",
    "ge",
    "geo_bin",
    "geo_compare",
    "geo_val",
    "gt",
    "hll_bin",
    "infinity",
    "int_and",
    "int_arshift",
    "int_bin",
    "int_count",
    "int_lscan",
    "int_lshift",
    "int_not",
    "int_or",
    "int_rscan",
    "int_rshift",
    "int_val",
    "int_xor",
    "is_tombstone",
    "key",
    "key_exists",
    "last_update",
    "le",
    "let",
    "let_",
    "list_bin",
    "list_val",
    "lt",
    "map_bin",
    "map_val",
    "max",
    "max_",
    "memory_size",
    "min",
    "min_",
    "ne",
    "nil",
    "not_",
    "num_abs",
    "num_add",
    "num_ceil",
    "num_div",
    "num_floor",
    "num_log",
    "num_mod",
    "num_mul",
    "num_pow",
    "num_sub",
    "or_",
    "record_size",
    "regex_compare",
    "set_name",
    "since_update",
    "str_bin",
    "str_val",
    "string_bin",
    "string_val",
    "to_float",
    "to_int",
    "ttl",
    "unknown",
    "var",
    "void_time",
    "wildcard",
    "xor",
    "xor_",
]
