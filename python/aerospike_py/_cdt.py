"""The shape of a list or map operation dict, shared by ``list_operations`` and
``map_operations`` (the one conversion to Aerospike operations is in the native core)."""

from __future__ import annotations

from typing import Any

Op = dict[str, Any]
Policy = dict[str, int]
Context = list[dict[str, Any]]
"""A path of ``aerospike_py.cdt_ctx`` entries."""


def op(code: int, bin: str, policy_field: str, policy: Policy | None, ctx: Context | None, **fields: Any) -> Op:
    """A modifying or plain op: its code, bin, fields, and the policy/ctx when given."""
    built: Op = {"op": code, "bin": bin, **fields}
    if policy is not None:
        built[policy_field] = policy
    if ctx is not None:
        built["ctx"] = ctx
    return built


def select(code: int, bin: str, return_type: int, inverted: bool, ctx: Context | None = None, **fields: Any) -> Op:
    """A selecting op (get/remove by ...): what it returns and whether the selection is inverted."""
    built: Op = {"op": code, "bin": bin, **fields, "return_type": return_type, "inverted": inverted}
    if ctx is not None:
        built["ctx"] = ctx
    return built
