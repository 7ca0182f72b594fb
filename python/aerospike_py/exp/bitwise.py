"""Bit (blob) and HyperLogLog read expressions."""

from __future__ import annotations

from typing import Any

from ._cdt import bin_expr
from ._core import _Expr, _Spec
from .base import BlobBin, HLLBin

# The official client's op codes for these families.
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


class BitGetInt(_Spec):
    _op, _params = OP_BIT_GET_INT, ("bit_offset", "bit_size", "sign", "bin")

    def _build(self, bit_offset: Any, bit_size: Any, sign: bool, bin: Any) -> None:
        self._children = (bit_offset, bit_size, 1 if sign else 0, bin_expr(bin, BlobBin))


__all__ = [
    "BitCount",
    "BitGet",
    "BitGetInt",
    "BitLeftScan",
    "BitRightScan",
    "BlobBin",
    "HLLBin",
    "HLLDescribe",
    "HLLGetCount",
    "HLLGetIntersectCount",
    "HLLGetSimilarity",
    "HLLGetUnion",
    "HLLGetUnionCount",
    "HLLMayContain",
]
