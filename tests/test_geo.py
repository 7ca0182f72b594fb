"""GeoJSON values and geo2dsphere queries (``aerospike_py.GeoJSON``, ``predicates.geo_*``).

Expected records are what a real Aerospike 8.1 server returns (REAL_SERVER_FACTS.md)
or follow from exact geometry with clear margins, so this file passes against one too.
"""

from __future__ import annotations

import json
import uuid

import pytest
from test_query import raw, resolve

import aerospike_py
from aerospike_py import GeoJSON
from aerospike_py import exception as ex
from aerospike_py import predicates as p

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-122.5, 37.5], [-121.5, 37.5], [-121.5, 38.5], [-122.5, 38.5], [-122.5, 37.5]]],
}


def point(lng, lat):
    return GeoJSON({"type": "Point", "coordinates": [lng, lat]})


@pytest.fixture
def geo_set(namespace, _admin_client):
    """A fresh set with a geo2dsphere index on ``loc``; removed afterwards."""
    set_name = "aspy_geo_" + uuid.uuid4().hex[:10]
    name = f"{set_name}_loc"
    _admin_client.index_geo2dsphere_create(namespace, set_name, "loc", name)
    keys = []
    yield namespace, set_name, keys
    _admin_client.index_remove(namespace, name)
    if keys:
        _admin_client.batch_remove(keys)


def ids(records):
    return sorted(bins["i"] for _, _, bins in records)


def query(client, ns, set_name, predicate):
    return resolve(client, lambda: raw(client).query(ns, set_name).where(predicate).results())


def test_geojson_value_api_matches_the_official_one(official_aerospike):
    data = {"type": "Point", "coordinates": [-122.0, 37.5]}
    ours, theirs = GeoJSON(data), official_aerospike.GeoJSON(data)
    assert (str(ours), repr(ours), ours.dumps()) == (
        str(theirs),
        repr(theirs),
        theirs.dumps(),
    )
    assert ours.unwrap() == theirs.unwrap() == ours.geo_data
    ours.loads('{"type": "Point", "coordinates": [1, 2]}')
    assert ours.geo_data == {"type": "Point", "coordinates": [1, 2]}
    assert aerospike_py.geojson(ours.dumps()) == aerospike_py.geodata(ours.geo_data) == ours
    with pytest.raises(ex.ParamError):
        GeoJSON(5)
    with pytest.raises(ex.ClientError):
        GeoJSON("{not json")


def test_geojson_bins_read_back_as_geojson(client, key):
    client.put(key, {"loc": point(-122.0, 37.5), "plain": '{"type": "Point"}'})
    _, _, bins = client.get(key)
    assert isinstance(bins["loc"], GeoJSON)
    assert bins["loc"].geo_data == {"type": "Point", "coordinates": [-122.0, 37.5]}
    assert bins["plain"] == '{"type": "Point"}'


def test_geojson_interoperates_with_the_official_client(client, key, official_client, official_aerospike):
    client.put(key, {"loc": point(-122.0, 37.5)})
    theirs = official_client.get(key)[2]["loc"]
    assert isinstance(theirs, official_aerospike.GeoJSON)
    assert theirs.geo_data == {"type": "Point", "coordinates": [-122.0, 37.5]}
    official_client.put(key, {"area": official_aerospike.GeoJSON(SQUARE)})
    assert client.get(key)[2]["area"].geo_data == SQUARE


def test_within_radius_matches_a_real_server(client, geo_set, new_key):
    ns, set_name, keys = geo_set
    for i in range(10):
        k = new_key(set_name=set_name)
        keys.append(k)
        client.put(k, {"i": i, "loc": point(-122.0 + 0.01 * i, 37.0)})
    assert ids(query(client, ns, set_name, p.geo_within_radius("loc", -122.0, 37.0, 2000))) == [0, 1, 2]


def test_within_region_and_containing_point(client, geo_set, new_key):
    ns, set_name, keys = geo_set
    spots = [(-122.0, 38.0), (-121.9, 37.6), (-123.0, 38.0), (-122.0, 39.0)]
    for i, (lng, lat) in enumerate(spots):
        k = new_key(set_name=set_name)
        keys.append(k)
        client.put(k, {"i": i, "loc": point(lng, lat)})
    region = json.dumps(SQUARE)
    assert ids(query(client, ns, set_name, p.geo_within_geojson_region("loc", region))) == [0, 1]
    area = new_key(set_name=set_name)
    keys.append(area)
    client.put(area, {"i": 99, "loc": GeoJSON(SQUARE)})
    assert ids(query(client, ns, set_name, p.geo_contains_point("loc", -122.0, 38.0))) == [99]
    far = json.dumps({"type": "Point", "coordinates": [0.0, 0.0]})
    assert query(client, ns, set_name, p.geo_contains_geojson_point("loc", far)) == []


def test_official_client_sees_the_same_geo_records(client, geo_set, new_key, official_client):
    from aerospike import predicates as op

    ns, set_name, keys = geo_set
    for i in range(10):
        k = new_key(set_name=set_name)
        keys.append(k)
        client.put(k, {"i": i, "loc": point(-122.0 + 0.01 * i, 37.0)})
    theirs = official_client.query(ns, set_name)
    theirs.where(op.geo_within_radius("loc", -122.0, 37.0, 2000))
    assert ids(theirs.results()) == ids(query(client, ns, set_name, p.geo_within_radius("loc", -122.0, 37.0, 2000)))


def test_predicates_build_what_the_official_ones_describe(official_aerospike):
    from aerospike import predicates as op

    ours = p.geo_within_radius("loc", -122.0, 37.0, 2000)
    # The official tuple is (kind, datatype, bin, region, None, index_type).
    theirs = op.geo_within_radius("loc", -122.0, 37.0, 2000)
    assert (ours["bin"], json.loads(ours["region"]), ours["index_type"]) == (
        theirs[2],
        json.loads(theirs[3]),
        theirs[5],
    )
    ours = p.geo_contains_point("loc", -122.0, 37.0)
    theirs = op.geo_contains_point("loc", -122.0, 37.0)
    assert json.loads(ours["point"]) == json.loads(theirs[3])


def test_bad_geo_predicates_are_param_errors(client, geo_set):
    ns, set_name, _ = geo_set
    with pytest.raises(ex.ParamError, match="'region' must be a str"):
        raw(client).query(ns, set_name).where({"predicate": "geo_within", "bin": "loc", "region": 5, "index_type": 0})
    with pytest.raises(ex.ParamError, match="index_type"):
        raw(client).query(ns, set_name).where(p.geo_contains_point("loc", 0.0, 0.0, index_type=9))


def test_list_of_points_with_a_geo_list_index(client, namespace, _admin_client, new_key):
    set_name = "aspy_geol_" + uuid.uuid4().hex[:10]
    name = f"{set_name}_stops"
    _admin_client.index_list_create(namespace, set_name, "stops", aerospike_py.INDEX_GEO2DSPHERE, name)
    try:
        for i in range(4):
            k = new_key(set_name=set_name)
            client.put(k, {"i": i, "stops": [point(10.0 * i, 0.0), point(10.0 * i, 50.0)]})
        found = query(
            client,
            namespace,
            set_name,
            p.geo_within_radius("stops", 20.0, 50.0, 1000, aerospike_py.INDEX_TYPE_LIST),
        )
        assert ids(found) == [2]
    finally:
        _admin_client.index_remove(namespace, name)


def test_official_geo_predicates_work_in_our_where(client, geo_set, new_key):
    from aerospike import predicates as op

    ns, set_name, keys = geo_set
    for i in range(10):
        k = new_key(set_name=set_name)
        keys.append(k)
        client.put(k, {"i": i, "loc": point(-122.0 + 0.01 * i, 37.0)})
    assert ids(query(client, ns, set_name, op.geo_within_radius("loc", -122.0, 37.0, 2000))) == [0, 1, 2]
