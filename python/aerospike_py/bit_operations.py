"""Bitwise operations on bytes bins for ``Client.operate`` / ``operate_ordered``.

Same names, signatures and dict formats as the official client's
``aerospike_helpers.operations.bitwise_operations``: each helper returns a plain
dict, and the native core converts it. Bit offsets count from the left
(0 = most significant bit of the first byte); negative offsets count back from
the end. ``policy`` is a bit-policy dict ``{"bit_write_flags": BIT_WRITE_*}``.

>>> from aerospike_py import bit_operations as bop
>>> bop.bit_count("flags", 0, 8)
{'op': 2015, 'bin': 'flags', 'bit_offset': 0, 'bit_size': 8}

Modifying ops answer nothing; ``bit_get`` answers bytes, ``bit_count``,
``bit_lscan``, ``bit_rscan`` and ``bit_get_int`` answer an int.
"""

from __future__ import annotations

import warnings
from typing import Any

from aerospike_py.constants import (  # this family's constants live in the one table
    BIT_OVERFLOW_FAIL,
    BIT_OVERFLOW_SATURATE,
    BIT_OVERFLOW_WRAP,
    BIT_RESIZE_DEFAULT,
    BIT_RESIZE_FROM_FRONT,
    BIT_RESIZE_GROW_ONLY,
    BIT_RESIZE_SHRINK_ONLY,
    BIT_WRITE_CREATE_ONLY,
    BIT_WRITE_DEFAULT,
    BIT_WRITE_NO_FAIL,
    BIT_WRITE_PARTIAL,
    BIT_WRITE_UPDATE_ONLY,
    OP_BIT_ADD,
    OP_BIT_AND,
    OP_BIT_COUNT,
    OP_BIT_GET,
    OP_BIT_GET_INT,
    OP_BIT_INSERT,
    OP_BIT_LSCAN,
    OP_BIT_LSHIFT,
    OP_BIT_NOT,
    OP_BIT_OR,
    OP_BIT_REMOVE,
    OP_BIT_RESIZE,
    OP_BIT_RSCAN,
    OP_BIT_RSHIFT,
    OP_BIT_SET,
    OP_BIT_SET_INT,
    OP_BIT_SUBTRACT,
    OP_BIT_XOR,
)

__all__ = [
    "BIT_OVERFLOW_FAIL",
    "BIT_OVERFLOW_SATURATE",
    "BIT_OVERFLOW_WRAP",
    "BIT_RESIZE_DEFAULT",
    "BIT_RESIZE_FROM_FRONT",
    "BIT_RESIZE_GROW_ONLY",
    "BIT_RESIZE_SHRINK_ONLY",
    "BIT_WRITE_CREATE_ONLY",
    "BIT_WRITE_DEFAULT",
    "BIT_WRITE_NO_FAIL",
    "BIT_WRITE_PARTIAL",
    "BIT_WRITE_UPDATE_ONLY",
    "OP_BIT_ADD",
    "OP_BIT_AND",
    "OP_BIT_COUNT",
    "OP_BIT_GET",
    "OP_BIT_GET_INT",
    "OP_BIT_INSERT",
    "OP_BIT_LSCAN",
    "OP_BIT_LSHIFT",
    "OP_BIT_NOT",
    "OP_BIT_OR",
    "OP_BIT_REMOVE",
    "OP_BIT_RESIZE",
    "OP_BIT_RSCAN",
    "OP_BIT_RSHIFT",
    "OP_BIT_SET",
    "OP_BIT_SET_INT",
    "OP_BIT_SUBTRACT",
    "OP_BIT_XOR",
    "bit_add",
    "bit_and",
    "bit_count",
    "bit_get",
    "bit_get_int",
    "bit_insert",
    "bit_lscan",
    "bit_lshift",
    "bit_not",
    "bit_or",
    "bit_remove",
    "bit_resize",
    "bit_rscan",
    "bit_rshift",
    "bit_set",
    "bit_set_int",
    "bit_subtract",
    "bit_xor",
]

Op = dict[str, Any]
Policy = dict[str, int]

_VALUE_BYTE_SIZE_DEPRECATED = (
    "value_byte_size is deprecated and will be removed in the next major client release"
)


def _deprecated_size() -> None:
    warnings.warn(_VALUE_BYTE_SIZE_DEPRECATED, DeprecationWarning, stacklevel=3)


def bit_resize(
    bin_name: str, byte_size: int, policy: Policy | None = None, resize_flags: int = 0
) -> Op:
    """Resize the bytes to ``byte_size`` (``BIT_RESIZE_*`` flags choose the end and direction)."""
    return {
        "op": OP_BIT_RESIZE,
        "bin": bin_name,
        "policy": policy,
        "resize_flags": resize_flags,
        "byte_size": byte_size,
    }


def bit_remove(
    bin_name: str, byte_offset: int, byte_size: int, policy: Policy | None = None
) -> Op:
    """Remove ``byte_size`` bytes starting at ``byte_offset``."""
    return {
        "op": OP_BIT_REMOVE,
        "bin": bin_name,
        "policy": policy,
        "byte_offset": byte_offset,
        "byte_size": byte_size,
    }


def bit_set(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value_byte_size: int,
    value: Any,
    policy: Policy | None = None,
) -> Op:
    """Overwrite ``bit_size`` bits at ``bit_offset`` with the leading bits of ``value`` (bytes)."""
    _deprecated_size()
    return _bits(
        OP_BIT_SET, bin_name, bit_offset, bit_size, value_byte_size, value, policy
    )


def bit_set_int(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value: int,
    policy: Policy | None = None,
) -> Op:
    """Overwrite ``bit_size`` bits (at most 64) at ``bit_offset`` with the integer ``value``."""
    return {
        "op": OP_BIT_SET_INT,
        "bin": bin_name,
        "policy": policy,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
        "value": value,
    }


def bit_count(bin_name: str, bit_offset: int, bit_size: int) -> Op:
    """How many bits are set in the range."""
    return {
        "op": OP_BIT_COUNT,
        "bin": bin_name,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
    }


def bit_add(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value: int,
    sign: bool,
    action: int,
    policy: Policy | None = None,
) -> Op:
    """Add ``value`` to the ``bit_size``-bit integer at ``bit_offset`` (``action``: ``BIT_OVERFLOW_*``)."""
    return _arith(
        OP_BIT_ADD, bin_name, bit_offset, bit_size, value, sign, action, policy
    )


def bit_and(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value_byte_size: int,
    value: Any,
    policy: Policy | None = None,
) -> Op:
    """AND the range with the leading bits of ``value``."""
    _deprecated_size()
    return _bits(
        OP_BIT_AND, bin_name, bit_offset, bit_size, value_byte_size, value, policy
    )


def bit_get(bin_name: str, bit_offset: int, bit_size: int) -> Op:
    """The range's bits as bytes (left-aligned, the last byte padded with zero bits)."""
    return {
        "op": OP_BIT_GET,
        "bin": bin_name,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
    }


def bit_get_int(bin_name: str, bit_offset: int, bit_size: int, sign: bool) -> Op:
    """The range (at most 64 bits) as an integer, signed when ``sign`` is True."""
    return {
        "op": OP_BIT_GET_INT,
        "bin": bin_name,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
        "sign": sign,
    }


def bit_insert(
    bin_name: str,
    byte_offset: int,
    value_byte_size: int,
    value: Any,
    policy: Policy | None = None,
) -> Op:
    """Insert the bytes ``value`` at ``byte_offset``."""
    _deprecated_size()
    return {
        "op": OP_BIT_INSERT,
        "bin": bin_name,
        "byte_offset": byte_offset,
        "value_byte_size": value_byte_size,
        "value": value,
        "policy": policy,
    }


def bit_lscan(bin_name: str, bit_offset: int, bit_size: int, value: bool) -> Op:
    """Offset (from the range start) of the first bit equal to ``value``, -1 if none."""
    return {
        "op": OP_BIT_LSCAN,
        "bin": bin_name,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
        "value": value,
    }


def bit_lshift(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    shift: int,
    policy: Policy | None = None,
) -> Op:
    """Shift the range left by ``shift`` bits (zeros come in on the right)."""
    return _shift(OP_BIT_LSHIFT, bin_name, bit_offset, bit_size, shift, policy)


def bit_not(
    bin_name: str, bit_offset: int, bit_size: int, policy: Policy | None = None
) -> Op:
    """Invert the range's bits."""
    return {
        "op": OP_BIT_NOT,
        "bin": bin_name,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
        "policy": policy,
    }


def bit_or(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value_byte_size: int,
    value: Any,
    policy: Policy | None = None,
) -> Op:
    """OR the range with the leading bits of ``value``."""
    _deprecated_size()
    return _bits(
        OP_BIT_OR, bin_name, bit_offset, bit_size, value_byte_size, value, policy
    )


def bit_rscan(bin_name: str, bit_offset: int, bit_size: int, value: bool) -> Op:
    """Offset (from the range start) of the last bit equal to ``value``, -1 if none."""
    return {
        "op": OP_BIT_RSCAN,
        "bin": bin_name,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
        "value": value,
    }


def bit_rshift(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    shift: int,
    policy: Policy | None = None,
) -> Op:
    """Shift the range right by ``shift`` bits (zeros come in on the left)."""
    return _shift(OP_BIT_RSHIFT, bin_name, bit_offset, bit_size, shift, policy)


def bit_subtract(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value: int,
    sign: bool,
    action: int,
    policy: Policy | None = None,
) -> Op:
    """Subtract ``value`` from the ``bit_size``-bit integer at ``bit_offset``."""
    return _arith(
        OP_BIT_SUBTRACT, bin_name, bit_offset, bit_size, value, sign, action, policy
    )


def bit_xor(
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value_byte_size: int,
    value: Any,
    policy: Policy | None = None,
) -> Op:
    """XOR the range with the leading bits of ``value``."""
    _deprecated_size()
    return _bits(
        OP_BIT_XOR, bin_name, bit_offset, bit_size, value_byte_size, value, policy
    )


def _bits(
    code: int,
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    size: int,
    value: Any,
    policy: Any,
) -> Op:
    return {
        "op": code,
        "bin": bin_name,
        "policy": policy,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
        "value_byte_size": size,
        "value": value,
    }


def _shift(
    code: int, bin_name: str, bit_offset: int, bit_size: int, shift: int, policy: Any
) -> Op:
    return {
        "op": code,
        "bin": bin_name,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
        "value": shift,
        "policy": policy,
    }


def _arith(
    code: int,
    bin_name: str,
    bit_offset: int,
    bit_size: int,
    value: int,
    sign: bool,
    action: int,
    policy: Any,
) -> Op:
    return {
        "op": code,
        "bin": bin_name,
        "policy": policy,
        "bit_offset": bit_offset,
        "bit_size": bit_size,
        "value": value,
        "sign": sign,
        "action": action,
    }
