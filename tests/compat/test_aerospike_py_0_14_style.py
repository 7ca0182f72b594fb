"""Code written in aerospike-py 0.14.4's style runs as it did: attribute access on
results (``record.meta.gen``, ``key.user_key``), exceptions and constants at the top
level under 0.14.4's names, ``batch_records`` on batch results."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import list_operations, map_operations, operations


def test_record_and_meta_attributes(client, key):
    client.put(key, {"name": "Ann", "visits": 1}, meta={"ttl": 600})
    record = client.get(key)
    assert record.meta.gen == 1 and 590 <= record.meta.ttl <= 600
    assert record.bins["name"] == "Ann"
    assert record.key.namespace == key[0] and record.key.set_name == key[1] and record.key.user_key == key[2]
    assert len(record.key.digest) == 20
    _, meta, bins = record
    assert meta.gen == meta["gen"] and bins == record.bins


def test_exists_result(client, key, new_key):
    client.put(key, {"a": 1})
    result = client.exists(key)
    assert result.meta is not None and result.meta.gen == 1
    assert client.exists(new_key()).meta is None


def test_top_level_exceptions(client, key, new_key):
    with pytest.raises(aerospike_py.RecordNotFound):
        client.get(new_key())
    client.put(key, {"a": 1})
    with pytest.raises(aerospike_py.RecordExistsError):
        client.put(key, {"a": 2}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE_ONLY})
    with pytest.raises(aerospike_py.InvalidArgError):
        client.put(key, {"a": 1}, policy={"no_such_policy_key": 1})
    with pytest.raises(aerospike_py.BinTypeError):
        client.append(key, "a", "x")
    assert issubclass(aerospike_py.AerospikeTimeoutError, aerospike_py.AerospikeError)
    assert issubclass(aerospike_py.RecordNotFound, aerospike_py.RecordError)


def test_policy_exists_only_aliases(client, key, new_key):
    with pytest.raises(aerospike_py.RecordNotFound):
        client.put(new_key(), {"a": 1}, policy={"exists": aerospike_py.POLICY_EXISTS_UPDATE_ONLY})
    client.put(key, {"a": 1, "b": 2})
    client.put(key, {"a": 5}, policy={"exists": aerospike_py.POLICY_EXISTS_REPLACE_ONLY})
    assert client.get(key).bins == {"a": 5}


def test_batch_records(client, new_key):
    keys = [new_key() for _ in range(3)]
    client.put(keys[0], {"n": 1})
    client.put(keys[1], {"n": 2})
    result = client.batch_operate(keys[:2], [operations.increment("n", 10), operations.read("n")])
    assert [br.record.bins["n"] for br in result.batch_records] == [11, 12]
    rows = client.batch_read(keys).batch_records
    assert [br.result for br in rows] == [aerospike_py.AEROSPIKE_OK, aerospike_py.AEROSPIKE_OK, 2]
    assert rows[2].record is None and rows[0].record.meta.gen == 2
    removed = client.batch_remove(keys[:2])
    assert all(br.result == aerospike_py.AEROSPIKE_OK and not br.in_doubt for br in removed.batch_records)


def test_cdt_helpers_and_constants(client, key):
    client.put(key, {"scores": [3, 1, 2], "prefs": {"theme": "dark"}})
    _, _, bins = client.operate(
        key,
        [
            list_operations.list_append("scores", 9),
            list_operations.list_get_by_rank("scores", -1, aerospike_py.LIST_RETURN_VALUE),
            map_operations.map_put("prefs", "lang", "en", map_policy={"map_write_flags": aerospike_py.MAP_UPDATE}),
            map_operations.map_get_by_key("prefs", "theme", aerospike_py.MAP_RETURN_VALUE),
        ],
    )
    assert bins == {"scores": 9, "prefs": "dark"}
