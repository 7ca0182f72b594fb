"""Arithmetic and integer bitwise expressions."""

from __future__ import annotations

from typing import Any

from . import _core as c
from ._core import _end, _Expr, _Unary, _Variadic


class _Numbers(_Expr):
    """Any number of numeric operands."""

    def __init__(self, *args: Any) -> None:
        self._children = (*args, _end())


class Add(_Numbers):
    _op = c.ADD


class Sub(_Numbers):
    _op = c.SUB


class Mul(_Numbers):
    _op = c.MUL


class Div(_Numbers):
    _op = c.DIV


class Min(_Numbers):
    _op = c.MIN


class Max(_Numbers):
    _op = c.MAX


class Pow(_Expr):
    _op = c.POW

    def __init__(self, base: Any, exponent: Any) -> None:
        self._children = (base, exponent)


class Log(_Expr):
    _op = c.LOG

    def __init__(self, num: Any, base: Any) -> None:
        self._children = (num, base)


class Mod(_Expr):
    _op = c.MOD

    def __init__(self, numerator: Any, denominator: Any) -> None:
        self._children = (numerator, denominator)


class Abs(_Unary):
    _op = c.ABS


class Floor(_Unary):
    _op = c.FLOOR


class Ceil(_Unary):
    _op = c.CEIL


class ToInt(_Unary):
    _op = c.TO_INT


class ToFloat(_Unary):
    _op = c.TO_FLOAT


class IntAnd(_Variadic):
    _op = c.INT_AND


class IntOr(_Variadic):
    _op = c.INT_OR


class IntXOr(_Variadic):
    _op = c.INT_XOR


class IntNot(_Expr):
    _op = c.INT_NOT

    def __init__(self, expr: Any) -> None:
        self._children = (expr,)


class IntCount(_Unary):
    """Number of bits set."""

    _op = c.INT_COUNT


class _Shift(_Expr):
    def __init__(self, value: Any, shift: Any) -> None:
        self._children = (value, shift)


class IntLeftShift(_Shift):
    _op = c.INT_LSHIFT


class IntRightShift(_Shift):
    _op = c.INT_RSHIFT


class IntArithmeticRightShift(_Shift):
    _op = c.INT_ARSHIFT


class _Scan(_Expr):
    def __init__(self, value: Any, search: Any) -> None:
        self._children = (value, search)


class IntLeftScan(_Scan):
    """Position of the first bit equal to ``search`` (a bool), from the most significant."""

    _op = c.INT_LSCAN


class IntRightScan(_Scan):
    """Position of the first bit equal to ``search`` (a bool), from the least significant."""

    _op = c.INT_RSCAN


__all__ = [
    "Abs",
    "Add",
    "Ceil",
    "Div",
    "Floor",
    "IntAnd",
    "IntArithmeticRightShift",
    "IntCount",
    "IntLeftScan",
    "IntLeftShift",
    "IntNot",
    "IntOr",
    "IntRightScan",
    "IntRightShift",
    "IntXOr",
    "Log",
    "Max",
    "Min",
    "Mod",
    "Mul",
    "Pow",
    "Sub",
    "ToFloat",
    "ToInt",
]
