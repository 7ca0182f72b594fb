# ruff: noqa: F405 - constants come from aerospike_py.constants
"""Single-bin and record operations for ``Client.operate`` / ``operate_ordered``.

Each helper returns a plain dict (pure data); the native core converts the list
of dicts in one pass and raises :class:`aerospike_py.exception.ParamError` for an
unknown ``op`` code, a missing field or a field of the wrong type.

>>> from aerospike_py import operations as op
>>> op.increment("visits", 1)
{'op': 6, 'bin': 'visits', 'val': 1}

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


def read(bin: str | None = None) -> Op:
    """Read ``bin``; without a bin name, read every bin of the record."""
    if bin is None:
        return {"op": OPERATOR_READ}
    return {"op": OPERATOR_READ, "bin": bin}


def read_header() -> Op:
    """Read only the record's generation and TTL (the ``meta`` of the result)."""
    return {"op": OPERATOR_READ_HEADER}


def write(bin: str, val: Any) -> Op:
    """Write ``val`` to ``bin`` (``None`` removes the bin)."""
    return {"op": OPERATOR_WRITE, "bin": bin, "val": val}


def increment(bin: str, offset: int | float) -> Op:
    """Add ``offset`` to a numeric bin (created with ``offset`` if missing)."""
    return {"op": OPERATOR_INCR, "bin": bin, "val": offset}


def append(bin: str, val: str | bytes) -> Op:
    """Append ``val`` to a str or bytes bin."""
    return {"op": OPERATOR_APPEND, "bin": bin, "val": val}


def prepend(bin: str, val: str | bytes) -> Op:
    """Prepend ``val`` to a str or bytes bin."""
    return {"op": OPERATOR_PREPEND, "bin": bin, "val": val}


def touch() -> Op:
    """Reset the record's TTL; pass ``meta={"ttl": n}`` to ``operate`` to choose it."""
    return {"op": OPERATOR_TOUCH}


def delete() -> Op:
    """Delete the record (later write operations in the same call recreate it)."""
    return {"op": OPERATOR_DELETE}
