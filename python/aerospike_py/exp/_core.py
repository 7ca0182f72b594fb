"""The expression node every builder derives from, and its compiled form.

``compile()`` returns the same flat, prefix-ordered list the official client's
``aerospike_helpers.expressions`` produces: one ``(op, result_type, fixed,
child_count)`` tuple per node, a bare value as a ``VAL`` node.  That list is what
policies (``expressions``), ``expression_read``/``expression_write`` and
``get_expression_base64`` take; the native layer turns it into the ``aerospike``
crate's expression and the crate packs it, so an expression built here and one
built with the official helpers are the same bytes on the wire.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

# Node codes of the compiled form (the official client's numbering, not the wire's:
# the native layer maps them to the crate's builders).
UNKNOWN = 0
EQ, NE, GT, GE, LT, LE, CMP_REGEX, CMP_GEO, IN_LIST = 1, 2, 3, 4, 5, 6, 7, 8, 9
AND, OR, NOT, EXCLUSIVE = 16, 17, 18, 19
ADD, SUB, MUL, DIV, POW, LOG, MOD, ABS, FLOOR, CEIL, TO_INT, TO_FLOAT = range(20, 32)
INT_AND, INT_OR, INT_XOR, INT_NOT, INT_LSHIFT, INT_RSHIFT, INT_ARSHIFT, INT_COUNT, INT_LSCAN, INT_RSCAN = range(32, 42)
MIN, MAX = 50, 51
META_DIGEST_MOD, META_DEVICE_SIZE, META_LAST_UPDATE_TIME, META_VOID_TIME, META_TTL = 64, 65, 66, 67, 68
META_SET_NAME, META_KEY_EXISTS, META_SINCE_UPDATE_TIME, META_IS_TOMBSTONE, META_MEMORY_SIZE = 69, 70, 71, 72, 73
META_RECORD_SIZE = 74
REC_KEY, BIN, BIN_TYPE, BIN_EXISTS = 80, 81, 82, 83
MAP_KEYS, MAP_VALUES = 101, 102
COND, VAR, LET, DEF = 123, 124, 125, 126
AS_VAL = 128
CDT_LIST_CRMOD, CDT_LIST_MOD, CDT_MAP_CRMOD, CDT_MAP_CR, CDT_MAP_MOD = 140, 141, 142, 143, 144
END_OF_VA_ARGS = 150
BIT_FLAGS = 153
VAL = 200

# Fixed-field names of the compiled form.
BIN_KEY = "bin"
VALUE_KEY = "val"
VALUE_TYPE_KEY = "value_type"
RETURN_TYPE_KEY = "return_type"
CTX_KEY = "ctx"
LIST_POLICY_KEY = "list_policy"
MAP_POLICY_KEY = "map_policy"
LIST_ORDER_KEY = "list_order"
REGEX_OPTIONS_KEY = "regex_options"

# The return-type bit that selects everything not matched (list and map alike).
RETURN_INVERTED = 0x10000


class ResultType:
    """The value type an expression yields (``value_type`` of CDT reads)."""

    NIL = 0
    BOOLEAN = 1
    INTEGER = 2
    STRING = 3
    LIST = 4
    MAP = 5
    BLOB = 6
    FLOAT = 7
    GEOJSON = 8
    HLL = 9


class CDTInfinite:
    """The open end of a value or key range (``None`` as an end means the same)."""

    def __repr__(self) -> str:
        return "CDTInfinite()"


class CDTWildcard:
    """Matches any value (in a value list or range end)."""

    def __repr__(self) -> str:
        return "CDTWildcard()"


class _Expr:
    """An expression node: its code, result type, fixed fields and operands."""

    _op: int = 0
    _rt: int | None = None
    _fixed: dict[str, Any] | None = None
    _children: tuple[Any, ...] = ()

    def compile(self) -> list[tuple[int, int | None, dict[str, Any] | None, int]]:
        """The flat form policies and expression operations take."""
        out: list[tuple[int, int | None, dict[str, Any] | None, int]] = []
        stack: list[Any] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, _Expr):
                out.append((node._op, node._rt, node._fixed, len(node._children)))
                stack.extend(reversed(node._children))
            else:
                out.append((VAL, None, {VALUE_KEY: node}, 0))
        return out

    def __repr__(self) -> str:
        return f"{type(self).__name__}(...)"

    # Python operators build arithmetic expressions, flattening chains (a + b + c is
    # one ADD of three), as the official builders do.
    def _chain(self, right: Any, op: int) -> _Expr:
        left = self._children[:-1] if self._op == op else (self,)
        more = right._children[:-1] if isinstance(right, _Expr) and right._op == op else (right,)
        return _node(op, (*left, *more, _node(END_OF_VA_ARGS)))

    def _pair(self, right: Any, op: int) -> _Expr:
        left = self._children if self._op == op else (self,)
        more = right._children if isinstance(right, _Expr) and right._op == op else (right,)
        return _node(op, (*left, *more))

    def _unary(self, op: int) -> _Expr:
        return _node(op, self._children if self._op == op else (self,))

    def __add__(self, right: Any) -> _Expr:
        return self._chain(right, ADD)

    def __sub__(self, right: Any) -> _Expr:
        return self._chain(right, SUB)

    def __mul__(self, right: Any) -> _Expr:
        return self._chain(right, MUL)

    def __truediv__(self, right: Any) -> _Expr:
        return self._chain(right, DIV)

    def __floordiv__(self, right: Any) -> _Expr:
        return self._chain(right, DIV)._unary(FLOOR)

    def __pow__(self, right: Any) -> _Expr:
        return self._pair(right, POW)

    def __mod__(self, right: Any) -> _Expr:
        return self._pair(right, MOD)

    def __abs__(self) -> _Expr:
        return self._unary(ABS)

    def __floor__(self) -> _Expr:
        return self._unary(FLOOR)

    def __ceil__(self) -> _Expr:
        return self._unary(CEIL)


def _node(op: int, children: tuple[Any, ...] = (), fixed: dict[str, Any] | None = None, rt: int | None = None) -> _Expr:
    node = _Expr()
    node._op, node._children, node._fixed, node._rt = op, children, fixed, rt
    return node


def _end() -> _Expr:
    """The marker closing a variable-length operand list."""
    return _node(END_OF_VA_ARGS, fixed={}, rt=0)


class _Variadic(_Expr):
    """Any number of operands (``And``, ``Add``, ``Cond``, ``Let`` ...)."""

    def __init__(self, *exprs: Any) -> None:
        self._children = (*exprs, _end())


class _Unary(_Expr):
    def __init__(self, value: Any) -> None:
        self._children = (value,)


class _Fixed(_Expr):
    """A node with no operands (metadata, record key)."""

    def __init__(self) -> None:
        pass


class _Spec(_Expr):
    """A builder whose constructor is declared by ``_params`` (name or (name, default)).

    Subclasses say how the bound arguments become operands and fixed fields in
    ``_build``; the signature is derived once per class so ``help()`` and keyword
    calls see the official parameter names.
    """

    _params: tuple[Any, ...] = ()

    _signature: inspect.Signature
    __signature__: inspect.Signature

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        params = []
        for p in cls._params:
            name, default = (p, inspect.Parameter.empty) if isinstance(p, str) else p
            params.append(inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default))
        cls._signature = inspect.Signature(params)
        cls.__signature__ = cls._signature  # what help() and inspect show

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        try:
            bound = self._signature.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{type(self).__name__}: {e}") from None
        bound.apply_defaults()
        self._build(**bound.arguments)

    #: Turns the bound arguments (by parameter name) into operands and fixed fields.
    _build: Callable[..., None]


def with_ctx(fixed: dict[str, Any], ctx: Any) -> dict[str, Any]:
    if ctx is not None:
        fixed[CTX_KEY] = ctx
    return fixed
