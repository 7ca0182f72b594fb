# ruff: noqa: F405 - constants come from aerospike_py.constants
"""Single-bin and record operations for ``Client.operate`` / ``operate_ordered``.

Each helper returns a plain dict (pure data); the native core converts the list
of dicts in one pass and raises :class:`aerospike_py.exception.ParamError` for an
unknown ``op`` code, a missing field or a field of the wrong type.

>>> from aerospike_py import operations as op
>>> op.increment("visits", 1)
{'op': 6, 'bin': 'visits', 'val': 1}

The functions, their parameters and the dicts are those of the official
``aerospike_helpers.operations.operations`` (``read`` may also omit the bin).

Op codes are numbered as in the official client (``aerospike.OPERATOR_*``);
``OPERATOR_READ_HEADER`` is aerospike-py's own.
"""

from __future__ import annotations

from typing import Any

from aerospike_py.constants import *  # noqa: F403 - this family's constants live in the one table

__all__ = [
    "OPERATOR_APPEND",
    "OPERATOR_DELETE",
    "OPERATOR_INCR",
    "OPERATOR_PREPEND",
    "OPERATOR_READ",
    "OPERATOR_READ_HEADER",
    "OPERATOR_TOUCH",
    "OPERATOR_WRITE",
    "append",
    "delete",
    "increment",
    "prepend",
    "read",
    "read_header",
    "touch",
    "write",
]


Op = dict[str, Any]


def read(bin_name: str | None = None) -> Op:
    """Read ``bin_name``; without a bin name, read every bin of the record."""
    if bin_name is None:
        return {"op": OPERATOR_READ}
    return {"op": OPERATOR_READ, "bin": bin_name}


def read_header() -> Op:
    """Read only the record's generation and TTL (the ``meta`` of the result)."""
    return {"op": OPERATOR_READ_HEADER}


def write(bin_name: str, write_item: Any) -> Op:
    """Write ``write_item`` to ``bin_name`` (``None`` removes the bin)."""
    return {"op": OPERATOR_WRITE, "bin": bin_name, "val": write_item}


def increment(bin_name: str, amount: int | float) -> Op:
    """Add ``amount`` to a numeric bin (created with ``amount`` if missing)."""
    return {"op": OPERATOR_INCR, "bin": bin_name, "val": amount}


def append(bin_name: str, append_item: str | bytes) -> Op:
    """Append ``append_item`` to a str or bytes bin."""
    return {"op": OPERATOR_APPEND, "bin": bin_name, "val": append_item}


def prepend(bin_name: str, prepend_item: str | bytes) -> Op:
    """Prepend ``prepend_item`` to a str or bytes bin."""
    return {"op": OPERATOR_PREPEND, "bin": bin_name, "val": prepend_item}


def touch(ttl: int | None = None) -> Op:
    """Reset the record's TTL: to ``ttl`` seconds when given (it overrides the
    policy's and ``meta``'s for the whole call, as in the official client), else to
    ``meta["ttl"]`` of the ``operate`` call or the policy's."""
    if ttl is None:
        return {"op": OPERATOR_TOUCH}
    return {"op": OPERATOR_TOUCH, "val": ttl}


def delete() -> Op:
    """Delete the record (later write operations in the same call recreate it)."""
    return {"op": OPERATOR_DELETE}
