"""Secondary-index predicates for ``Query.where``.

A predicate is pure data (a dict); the native core turns it into the query's
index filter. The bin needs a secondary index of the matching type
(``Client.index_integer_create`` / ``index_string_create``), else the query
fails with :class:`aerospike_py.exception.IndexNotFound`.

>>> from aerospike_py import predicates as p
>>> p.between("age", 18, 65)
{'predicate': 'between', 'bin': 'age', 'min': 18, 'max': 65}
"""

from __future__ import annotations

from typing import Any

__all__ = ["between", "equals"]

Predicate = dict[str, Any]


def equals(bin: str, val: int | str) -> Predicate:
    """Records whose ``bin`` equals ``val`` (an int or str, matching the index type)."""
    return {"predicate": "equals", "bin": bin, "val": val}


def between(bin: str, min: int, max: int) -> Predicate:
    """Records whose integer ``bin`` lies in ``[min, max]`` (both ends included)."""
    return {"predicate": "between", "bin": bin, "min": min, "max": max}
