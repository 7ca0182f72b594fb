"""HyperLogLog bin values, as the official client's ``aerospike_helpers.HyperLogLog``.

An HLL bin (made by ``hll_operations``) is read back as a ``HyperLogLog``: the sketch's
bytes, as a ``bytes`` subclass, so it can be handed to ``hll_get_union`` and friends,
compared with ``bytes``, or written with ``put`` and stay an HLL bin (plain ``bytes``
would become a blob, on which the HLL operations fail). Nested in a list or map it keeps
its type the same way.

>>> from aerospike_py import HyperLogLog
>>> HyperLogLog(b"\\x00\\x04")
HyperLogLog(b'\\x00\\x04')
"""

from __future__ import annotations

__all__ = ["HyperLogLog"]


class HyperLogLog(bytes):
    """An HLL sketch's bytes; written as the server's HLL particle, not as a blob."""

    __slots__ = ()

    def __repr__(self) -> str:
        # Shown as its type, so that a print tells it from the blob it resembles.
        return f"{type(self).__name__}({bytes(self)!r})"

    __str__ = __repr__
