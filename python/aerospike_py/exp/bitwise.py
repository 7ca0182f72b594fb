"""Bit (blob) and HyperLogLog expressions: reads, and modifies that compute a new value
without writing the record."""

from __future__ import annotations

from typing import Any

from . import _core as c
from ._cdt import bin_expr
from ._core import _Expr, _node, _Spec
from .base import BlobBin, HLLBin

# The official client's op codes for these families.
OP_BIT_RESIZE, OP_BIT_INSERT, OP_BIT_REMOVE, OP_BIT_SET, OP_BIT_OR, OP_BIT_XOR, OP_BIT_AND = range(2000, 2007)
OP_BIT_NOT, OP_BIT_LSHIFT, OP_BIT_RSHIFT, OP_BIT_ADD, OP_BIT_SUBTRACT, OP_BIT_SET_INT = 2007, 2008, 2009, 2010, 2011, 2013
OP_BIT_B64_ENCODE, OP_BIT_B64_ENCODE_RANGE = 2018, 2019
OP_HLL_ADD, OP_HLL_INIT = 2100, 2108
OP_BIT_GET, OP_BIT_COUNT, OP_BIT_LSCAN, OP_BIT_RSCAN, OP_BIT_GET_INT = 2014, 2015, 2016, 2017, 2012
OP_HLL_DESCRIBE, OP_HLL_GET_COUNT, OP_HLL_GET_INTERSECT_COUNT = 2101, 2103, 2104
OP_HLL_GET_SIMILARITY, OP_HLL_GET_UNION, OP_HLL_GET_UNION_COUNT, OP_HLL_MAY_CONTAIN = 2105, 2106, 2107, 2111


class _Over(_Spec):
    """Operands in parameter order, the last one (``bin``) a bin name or expression."""

    _default: type[_Expr]

    def _build(self, **values: Any) -> None:
        *operands, bin = values.values()
        self._children = (*operands, bin_expr(bin, self._default))


class _Bit(_Over):
    _default = BlobBin


class _Hll(_Over):
    _default = HLLBin


# fmt: off
class BitGet(_Bit): _op, _params = OP_BIT_GET, ("bit_offset", "bit_size", "bin")
class BitCount(_Bit): _op, _params = OP_BIT_COUNT, ("bit_offset", "bit_size", "bin")
class BitLeftScan(_Bit): _op, _params = OP_BIT_LSCAN, ("bit_offset", "bit_size", "value", "bin")
class BitRightScan(_Bit): _op, _params = OP_BIT_RSCAN, ("bit_offset", "bit_size", "value", "bin")

class HLLGetCount(_Hll): _op, _params = OP_HLL_GET_COUNT, ("bin",)
class HLLDescribe(_Hll): _op, _params = OP_HLL_DESCRIBE, ("bin",)
class HLLGetUnion(_Hll): _op, _params = OP_HLL_GET_UNION, ("values", "bin")
class HLLGetUnionCount(_Hll): _op, _params = OP_HLL_GET_UNION_COUNT, ("values", "bin")
class HLLGetIntersectCount(_Hll): _op, _params = OP_HLL_GET_INTERSECT_COUNT, ("values", "bin")
class HLLGetSimilarity(_Hll): _op, _params = OP_HLL_GET_SIMILARITY, ("values", "bin")
class HLLMayContain(_Hll): _op, _params = OP_HLL_MAY_CONTAIN, ("list", "bin")
# fmt: on


def _flags(value: Any) -> _Expr:
    """A flag marker node (the official form: a node, not an operand)."""
    return _node(c.BIT_FLAGS, fixed={c.VALUE_KEY: value if value is not None else 0}, rt=0)


def _write_flags(policy: Any) -> _Expr:
    return _flags(policy["bit_write_flags"] if policy is not None and "bit_write_flags" in policy else 0)


class _BitModify(_Spec):
    """``(policy, *operands, bin)``; the policy's write flags ride in a marker node."""

    def _build(self, policy: Any = None, bin: Any = None, **values: Any) -> None:
        self._children = (*values.values(), _write_flags(policy), bin_expr(bin, BlobBin))


# fmt: off
class BitInsert(_BitModify): _op, _params = OP_BIT_INSERT, ("policy", "byte_offset", "value", "bin")
class BitRemove(_BitModify): _op, _params = OP_BIT_REMOVE, ("policy", "byte_offset", "byte_size", "bin")
class BitSet(_BitModify): _op, _params = OP_BIT_SET, ("policy", "bit_offset", "bit_size", "value", "bin")
class BitOr(_BitModify): _op, _params = OP_BIT_OR, ("policy", "bit_offset", "bit_size", "value", "bin")
class BitXor(_BitModify): _op, _params = OP_BIT_XOR, ("policy", "bit_offset", "bit_size", "value", "bin")
class BitAnd(_BitModify): _op, _params = OP_BIT_AND, ("policy", "bit_offset", "bit_size", "value", "bin")
class BitNot(_BitModify): _op, _params = OP_BIT_NOT, ("policy", "bit_offset", "bit_size", "bin")
class BitLeftShift(_BitModify): _op, _params = OP_BIT_LSHIFT, ("policy", "bit_offset", "bit_size", "shift", "bin")
class BitRightShift(_BitModify): _op, _params = OP_BIT_RSHIFT, ("policy", "bit_offset", "bit_size", "shift", "bin")
class BitSetInt(_BitModify): _op, _params = OP_BIT_SET_INT, ("policy", "bit_offset", "bit_size", "value", "bin")
# fmt: on


class BitResize(_Spec):
    _op, _params = OP_BIT_RESIZE, ("policy", "byte_size", "flags", "bin")

    def _build(self, policy: Any, byte_size: Any, flags: Any, bin: Any) -> None:
        self._children = (byte_size, _write_flags(policy), _flags(flags), bin_expr(bin, BlobBin))


class _Arith(_Spec):
    _params = ("policy", "bit_offset", "bit_size", "value", "action", "bin")

    def _build(self, policy: Any, bit_offset: Any, bit_size: Any, value: Any, action: Any, bin: Any) -> None:
        self._children = (bit_offset, bit_size, value, _write_flags(policy), _flags(action), bin_expr(bin, BlobBin))


class BitAdd(_Arith):
    _op = OP_BIT_ADD


class BitSubtract(_Arith):
    _op = OP_BIT_SUBTRACT


class BitB64Encode(_Spec):
    """The blob (or ``byte_size`` bytes from ``byte_offset``) as base64 text."""

    _params = ("byte_offset", "byte_size", "invert_size", "bin")

    def _build(self, byte_offset: Any, byte_size: Any, invert_size: Any, bin: Any) -> None:
        if byte_size is None:
            self._op, self._children = OP_BIT_B64_ENCODE, (bin_expr(bin, BlobBin),)
        else:
            self._op = OP_BIT_B64_ENCODE_RANGE
            self._children = (byte_offset, byte_size, 1 if invert_size else 0, bin_expr(bin, BlobBin))


def _hll_flags(policy: Any) -> Any:
    return policy["flags"] if policy is not None and "flags" in policy else 0


def _bits(count: Any) -> Any:
    return -1 if count is None else count


class HLLInit(_Spec):
    """A new HLL value (``mh_bit_count`` None: no min-hash bits)."""

    _op, _params = OP_HLL_INIT, ("policy", "index_bit_count", "mh_bit_count", "bin")

    def _build(self, policy: Any, index_bit_count: Any, mh_bit_count: Any, bin: Any) -> None:
        self._children = (_bits(index_bit_count), _bits(mh_bit_count), _hll_flags(policy), bin_expr(bin, HLLBin))


class HLLAdd(_Spec):
    _op, _params = OP_HLL_ADD, ("policy", "list", "index_bit_count", "mh_bit_count", "bin")

    def _build(self, policy: Any, list: Any, index_bit_count: Any, mh_bit_count: Any, bin: Any) -> None:
        self._children = (
            list, _bits(index_bit_count), _bits(mh_bit_count), _hll_flags(policy), bin_expr(bin, HLLBin),
        )  # fmt: skip


class BitGetInt(_Spec):
    _op, _params = OP_BIT_GET_INT, ("bit_offset", "bit_size", "sign", "bin")

    def _build(self, bit_offset: Any, bit_size: Any, sign: bool, bin: Any) -> None:
        self._children = (bit_offset, bit_size, 1 if sign else 0, bin_expr(bin, BlobBin))


__all__ = [
    "BitAdd",
    "BitAnd",
    "BitB64Encode",
    "BitCount",
    "BitGet",
    "BitGetInt",
    "BitInsert",
    "BitLeftScan",
    "BitLeftShift",
    "BitNot",
    "BitOr",
    "BitRemove",
    "BitResize",
    "BitRightScan",
    "BitRightShift",
    "BitSet",
    "BitSetInt",
    "BitSubtract",
    "BitXor",
    "HLLAdd",
    "HLLDescribe",
    "HLLGetCount",
    "HLLGetIntersectCount",
    "HLLGetSimilarity",
    "HLLGetUnion",
    "HLLGetUnionCount",
    "HLLInit",
    "HLLMayContain",
]
