"""The shapes shared by list, map, bit and HLL expressions.

Each builder class is a one-line row: its node code (the official client's op code)
and its parameters between the fixed leading ones (``ctx``, ``return_type`` ...) and
the trailing ``bin``.  The shape class decides the rest: which fixed fields are sent,
where a policy goes, whether ``inverted`` is accepted.
"""

from __future__ import annotations

from typing import Any

from . import _core as c
from ._core import _Expr, _node, _Spec, with_ctx


def bin_expr(bin: Any, default: type) -> Any:
    """A bin name becomes ``default(bin)`` (``ListBin``, ``MapBin`` ...); expressions pass through."""
    return bin if isinstance(bin, _Expr) else default(bin)


class _Shape(_Spec):
    _args: tuple[Any, ...] = ()
    _bin: type[_Expr]
    #: Parameters whose None means "to the end of the range".
    _open: tuple[str, ...] = ()

    @classmethod
    def _operands(cls, values: dict[str, Any]) -> tuple[Any, ...]:
        names = [a if isinstance(a, str) else a[0] for a in cls._args]
        return tuple(c.CDTInfinite() if n in cls._open and values[n] is None else values[n] for n in names)


class _Read(_Shape):
    """``(ctx, return_type, *args, bin, inverted=False)``."""

    _lead: tuple[str, ...] = ("ctx", "return_type")
    _invertible = True

    def __init_subclass__(cls, **kw: Any) -> None:
        cls._params = (*cls._lead, *cls._args, "bin", *((("inverted", False),) if cls._invertible else ()))
        super().__init_subclass__(**kw)

    def _build(self, ctx: Any = None, return_type: int = 0, bin: Any = None, **values: Any) -> None:
        rt = return_type | (c.RETURN_INVERTED if values.get("inverted") else 0)
        fixed: dict[str, Any] = {c.RETURN_TYPE_KEY: rt}
        if "value_type" in values:
            fixed[c.VALUE_TYPE_KEY] = values["value_type"]
        self._fixed = with_ctx(fixed, ctx)
        self._children = (*self._operands(values), bin_expr(bin, self._bin))


class _TypedRead(_Read):
    """``(ctx, return_type, value_type, *args, bin)``: a single element of a known type."""

    _lead = ("ctx", "return_type", "value_type")
    _invertible = False


class _Remove(_Shape):
    """``(ctx, *args, bin, inverted=False)``; without ``inverted`` when not invertible."""

    _invertible = True

    def __init_subclass__(cls, **kw: Any) -> None:
        cls._params = ("ctx", *cls._args, "bin", *((("inverted", False),) if cls._invertible else ()))
        super().__init_subclass__(**kw)

    def _build(self, ctx: Any = None, bin: Any = None, **values: Any) -> None:
        fixed: dict[str, Any] = {}
        if self._invertible:
            fixed[c.RETURN_TYPE_KEY] = c.RETURN_INVERTED if values.get("inverted") else 0
        self._fixed = with_ctx(fixed, ctx)
        self._children = (*self._operands(values), bin_expr(bin, self._bin))


class _Modify(_Shape):
    """``(ctx, policy, *args, bin)``: the policy rides in a marker node before the bin."""

    _policy_key: str
    _marker: int

    def __init_subclass__(cls, **kw: Any) -> None:
        cls._params = ("ctx", "policy", *cls._args, "bin")
        super().__init_subclass__(**kw)

    def _build(self, ctx: Any = None, policy: Any = None, bin: Any = None, **values: Any) -> None:
        marker = _node(self._marker, fixed={self._policy_key: policy} if policy is not None else {}, rt=0)
        self._children = (*self._operands(values), marker, bin_expr(bin, self._bin))
        fixed = with_ctx({}, ctx)
        if policy is not None:
            fixed[self._policy_key] = policy
        self._fixed = fixed


class _Whole(_Shape):
    """``(ctx, bin)``: size, clear."""

    _params = ("ctx", "bin")

    def _build(self, ctx: Any = None, bin: Any = None) -> None:
        self._fixed = with_ctx({}, ctx)
        self._children = (bin_expr(bin, self._bin),)
