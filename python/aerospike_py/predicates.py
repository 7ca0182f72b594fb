"""Secondary-index predicates for ``Query.where``, with the official client's
``aerospike.predicates`` names and signatures.

A predicate is pure data (a dict); the native core turns it into the query's
index filter. The bin needs a secondary index of the matching kind and type
(``Client.index_*_create``), else the query fails with
:class:`aerospike_py.exception.IndexNotFound`. ``index_type`` is one of
``INDEX_TYPE_DEFAULT`` (the bin's own value), ``INDEX_TYPE_LIST``,
``INDEX_TYPE_MAPKEYS`` or ``INDEX_TYPE_MAPVALUES`` (the elements of a list or
map bin). Geo shapes are GeoJSON text (or ``aerospike_py.GeoJSON`` values).

>>> from aerospike_py import predicates as p
>>> p.between("age", 18, 65)
{'predicate': 'between', 'bin': 'age', 'min': 18, 'max': 65}
>>> p.contains("tags", 1, "red")
{'predicate': 'contains', 'bin': 'tags', 'index_type': 1, 'val': 'red'}
"""

from __future__ import annotations

import json
from typing import Any

__all__ = [
    "between",
    "contains",
    "equals",
    "geo_contains_geojson_point",
    "geo_contains_point",
    "geo_within_geojson_region",
    "geo_within_radius",
    "range",
]

Predicate = dict[str, Any]

_DEFAULT = 0


def equals(bin: str, val: int | str | bytes) -> Predicate:
    """Records whose ``bin`` equals ``val`` (int, str or bytes, matching the index type)."""
    return {"predicate": "equals", "bin": bin, "val": val}


def between(bin: str, min: int, max: int) -> Predicate:
    """Records whose integer ``bin`` lies in ``[min, max]`` (both ends included)."""
    return {"predicate": "between", "bin": bin, "min": min, "max": max}


def contains(bin: str, index_type: int, val: int | str | bytes) -> Predicate:
    """Records whose list or map ``bin`` holds ``val`` (as an element, map key or map value)."""
    return {"predicate": "contains", "bin": bin, "index_type": index_type, "val": val}


def range(bin: str, index_type: int, min: int, max: int) -> Predicate:
    """Records whose list or map ``bin`` holds an integer in ``[min, max]``."""
    return {
        "predicate": "range",
        "bin": bin,
        "index_type": index_type,
        "min": min,
        "max": max,
    }


def geo_within_geojson_region(
    bin: str, shape: Any, index_type: int | None = None
) -> Predicate:
    """Records whose GeoJSON point ``bin`` lies inside the region ``shape`` (Polygon, MultiPolygon or AeroCircle)."""
    return {
        "predicate": "geo_within",
        "bin": bin,
        "region": str(shape),
        "index_type": _kind(index_type),
    }


def geo_within_radius(
    bin: str,
    long: float,
    lat: float,
    radius_meters: float,
    index_type: int | None = None,
) -> Predicate:
    """Records whose GeoJSON point ``bin`` lies within ``radius_meters`` of ``(long, lat)``."""
    circle = {"type": "AeroCircle", "coordinates": [[long, lat], radius_meters]}
    return geo_within_geojson_region(bin, json.dumps(circle), index_type)


def geo_contains_geojson_point(
    bin: str, point: Any, index_type: int | None = None
) -> Predicate:
    """Records whose GeoJSON region ``bin`` contains the GeoJSON ``point``."""
    return {
        "predicate": "geo_contains",
        "bin": bin,
        "point": str(point),
        "index_type": _kind(index_type),
    }


def geo_contains_point(
    bin: str, long: float, lat: float, index_type: int | None = None
) -> Predicate:
    """Records whose GeoJSON region ``bin`` contains the point ``(long, lat)``."""
    point = {"type": "Point", "coordinates": [long, lat]}
    return geo_contains_geojson_point(bin, json.dumps(point), index_type)


def _kind(index_type: int | None) -> int:
    return _DEFAULT if index_type is None else index_type
