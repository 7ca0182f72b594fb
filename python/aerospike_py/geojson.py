"""GeoJSON bin values, as the official client's ``aerospike.GeoJSON``.

A ``GeoJSON`` value is written as Aerospike's geojson particle (queried through a
``geo2dsphere`` index with the ``geo_*`` predicates) and read back as ``GeoJSON``.
Coordinates are ``[longitude, latitude]``; besides GeoJSON's ``Point``,
``Polygon`` and ``MultiPolygon`` the server knows
``{"type": "AeroCircle", "coordinates": [[lng, lat], radius_meters]}``.

>>> from aerospike_py import GeoJSON
>>> GeoJSON({"type": "Point", "coordinates": [-122.0, 37.5]})
'{"type": "Point", "coordinates": [-122.0, 37.5]}'
"""

from __future__ import annotations

import json
from typing import Any

from aerospike_py.exception import ClientError, ParamError

__all__ = ["GeoJSON", "geodata", "geojson"]


class GeoJSON:
    """A geospatial value: ``geo_data`` is its GeoJSON as a dict."""

    __slots__ = ("geo_data",)

    def __init__(self, geo_data: dict[str, Any] | str) -> None:
        if isinstance(geo_data, dict):
            self.geo_data = geo_data
        elif isinstance(geo_data, str):
            self.geo_data = _parse(geo_data)
        else:
            raise ParamError(
                msg="Geospatial data should be a dictionary or raw GeoJSON string"
            )

    def wrap(self, geo_data: dict[str, Any]) -> None:
        """Replace the value with the GeoJSON dict ``geo_data``."""
        if not isinstance(geo_data, dict):
            raise ParamError(msg="Geospatial data should be a dictionary")
        self.geo_data = geo_data

    def unwrap(self) -> dict[str, Any]:
        """The value as a GeoJSON dict."""
        return self.geo_data

    def loads(self, raw_geo: str) -> None:
        """Replace the value with the GeoJSON text ``raw_geo``."""
        if not isinstance(raw_geo, str):
            raise ParamError(msg="raw GeoJSON must be a str")
        self.geo_data = _parse(raw_geo)

    def dumps(self) -> str:
        """The value as GeoJSON text."""
        return json.dumps(self.geo_data)

    def __str__(self) -> str:
        return self.dumps()

    def __repr__(self) -> str:
        return repr(self.dumps())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GeoJSON) and other.geo_data == self.geo_data

    def __hash__(self) -> int:
        return hash(self.dumps())


def _parse(raw: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except ValueError as e:
        raise ClientError(
            msg=f"String is not GeoJSON serializable -> Unable to load GeoJSON: {e}"
        ) from None
    if not isinstance(data, dict):
        raise ClientError(
            msg="String is not GeoJSON serializable -> GeoJSON must be an object"
        )
    return data


def geodata(geo_data: dict[str, Any]) -> GeoJSON:
    """A ``GeoJSON`` from a GeoJSON dict."""
    return GeoJSON(geo_data)


def geojson(geojson_str: str) -> GeoJSON:
    """A ``GeoJSON`` from GeoJSON text."""
    return GeoJSON(geojson_str)
