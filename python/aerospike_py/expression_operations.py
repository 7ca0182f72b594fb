
"""Expression operations for ``operate`` / ``operate_ordered`` / ``batch_operate``,
as the official ``aerospike_helpers.operations.expression_operations``.

>>> from aerospike_py import exp, expression_operations as expr_ops
>>> expr_ops.expression_read("twice", exp.Mul(exp.IntBin("age"), 2).compile())["op"]
2200

``expression`` is a compiled expression (``aerospike_py.exp ... .compile()``, or the
official helpers' compiled list); flags are ``EXP_READ_*`` / ``EXP_WRITE_*``.
"""

from __future__ import annotations

from typing import Any

from aerospike_py.constants import *

__all__ = [
    "EXP_READ_DEFAULT",
    "EXP_READ_EVAL_NO_FAIL",
    "EXP_WRITE_ALLOW_DELETE",
    "EXP_WRITE_CREATE_ONLY",
    "EXP_WRITE_DEFAULT",
    "EXP_WRITE_EVAL_NO_FAIL",
    "EXP_WRITE_POLICY_NO_FAIL",
    "EXP_WRITE_UPDATE_ONLY",
    "OP_EXPR_READ",
    "OP_EXPR_WRITE",
    "expression_read",
    "expression_write",
]


def expression_read(bin_name: str, expression: Any, expression_read_flags: int = 0) -> dict[str, Any]:
    """The expression's value, returned under ``bin_name`` (no bin need exist)."""
    return {"op": OP_EXPR_READ, "bin": bin_name, "expr": expression, "expr_flags": expression_read_flags}


def expression_write(bin_name: str, expression: Any, expression_write_flags: int = 0) -> dict[str, Any]:
    """Writes the expression's value to ``bin_name``."""
    return {"op": OP_EXPR_WRITE, "bin": bin_name, "expr": expression, "expr_flags": expression_write_flags}
