"""The shape of a list or map operation dict, shared by ``list_operations`` and
``map_operations`` (the one conversion to Aerospike operations is in the native core)."""

from __future__ import annotations

from typing import Any

Op = dict[str, Any]
Policy = dict[str, int]
Context = list[Any]
"""A path of ``aerospike_py.cdt_ctx`` entries (or the official helpers' ``_cdt_ctx`` objects)."""


def op(code: int, bin_name: str, ctx: Context | None, **fields: Any) -> Op:
    """``{"op": code, "bin": bin_name, **fields}``, with ``ctx`` when one is given (as
    the official helpers build them)."""
    built: Op = {"op": code, "bin": bin_name, **fields}
    if ctx is not None:
        built["ctx"] = ctx
    return built
