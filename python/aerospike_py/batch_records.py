"""Batch records for ``batch_write``: ``Write``, ``Read``, ``Remove`` and ``Apply``.

The same classes, attributes and ``_type`` numbering as the official client's
``aerospike_helpers.batch.records``, so code written for it runs unchanged (and the
official objects are accepted too). ``batch_write`` fills each record's ``result``,
``record`` and ``in_doubt`` in place and sets the container's ``result`` (0, or -16
when a row failed other than by not finding its record or being filtered out).

>>> from aerospike_py import operations as op
>>> from aerospike_py.batch_records import BatchRecords, Read, Write
>>> brs = BatchRecords([Write(("test", "demo", 1), [op.write("n", 1)]), Read(("test", "demo", 1), None)])
>>> client.batch_write(brs)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from aerospike_py._native import BatchRecords

__all__ = ["Apply", "BatchRecord", "BatchRecords", "Read", "Remove", "Write"]


class _Types:
    """Row kinds, numbered as ``aerospike_helpers.batch.records`` does."""

    READ = 0
    WRITE = 1
    APPLY = 2
    REMOVE = 3


class BatchRecord:
    """The fields every row has; ``batch_write`` fills the result fields."""

    _type: int
    _has_write: bool

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.key = key
        self.record: Any = None
        self.result = 0
        self.message: str | None = None
        self.subcode = 0
        self.in_doubt = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}(key={self.key!r}, result={self.result}, record={self.record!r})"


class Write(BatchRecord):
    """Apply ``ops`` (which may read too) to the record at ``key``; ``meta``: ``{"gen", "ttl"}``."""

    def __init__(
        self,
        key: tuple[Any, ...],
        ops: list[dict[str, Any]],
        meta: dict[str, Any] | None = None,
        policy: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(key)
        self.ops = ops
        self.meta = meta
        self.policy = policy
        self._type = _Types.WRITE
        self._has_write = True


class Read(BatchRecord):
    """Read the record at ``key``: ``ops`` (read operations), or every bin (``ops=None`` / ``read_all_bins``)."""

    def __init__(
        self,
        key: tuple[Any, ...],
        ops: list[dict[str, Any]] | None,
        read_all_bins: bool = False,
        meta: dict[str, Any] | None = None,
        policy: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(key)
        self.ops = ops
        self.read_all_bins = read_all_bins
        self.meta = meta
        self.policy = policy
        self._type = _Types.READ
        self._has_write = False


class Apply(BatchRecord):
    """Call the record UDF ``module.function(record, *args)``; its value is in ``record``'s ``SUCCESS`` bin."""

    def __init__(
        self,
        key: tuple[Any, ...],
        module: str,
        function: str,
        args: list[Any],
        policy: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(key)
        self.module = module
        self.function = function
        self.args = args
        self.policy = policy
        self._type = _Types.APPLY
        self._has_write = True


class Remove(BatchRecord):
    """Delete the record at ``key``."""

    def __init__(self, key: tuple[Any, ...], policy: dict[str, Any] | None = None) -> None:
        super().__init__(key)
        self.policy = policy
        self._type = _Types.REMOVE
        self._has_write = True
