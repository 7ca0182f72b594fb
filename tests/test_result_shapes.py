"""Result shapes: ``Record(key, meta, bins)`` from every read path, ``meta`` readable as a
dict and by attribute, ``ExistsResult(key, meta)``, returned keys with their digest."""

from __future__ import annotations

import pickle

import pytest

import aerospike_py
from aerospike_py import operations as op


def scan_results(client, namespace, set_name):
    """A scan's results through either client (the async facade awaits on its loop)."""
    scan = getattr(client, "wrapped", client).scan(namespace, set_name)
    loop = getattr(client, "_loop", None)
    if loop is None:
        return scan.results()

    async def run():
        return await scan.results()

    return loop.run_until_complete(run())


def test_get_returns_a_record(client, key):
    client.put(key, {"a": 1})
    record = client.get(key)
    assert type(record) is aerospike_py.Record and isinstance(record, tuple)
    rkey, meta, bins = record
    assert (rkey, meta, bins) == (record.key, record.meta, record.bins)
    assert bins == {"a": 1}
    assert record == (rkey, meta, bins)


def test_meta_reads_as_dict_and_attributes(client, key):
    client.put(key, {"a": 1})
    client.put(key, {"a": 2}, meta={"ttl": 1000})
    meta = client.get(key).meta
    assert isinstance(meta, dict) and type(meta) is aerospike_py.RecordMetadata
    assert meta["gen"] == meta.gen == 2
    assert meta["ttl"] == meta.ttl and 990 <= meta.ttl <= 1000
    assert dict(meta) == {"gen": 2, "ttl": meta.ttl}
    with pytest.raises(AttributeError):
        meta.gen = 5  # read-only, like the dict's view of the server's value


def test_returned_key_carries_the_digest(client, key):
    client.put(key, {"a": 1})
    rkey = client.get(key).key
    assert type(rkey) is aerospike_py.AerospikeKey
    assert rkey[:3] == key and rkey.namespace == key[0] and rkey.set_name == key[1]
    assert rkey.user_key == key[2]
    assert isinstance(rkey.digest, bytes) and len(rkey.digest) == 20
    # the returned key is accepted back as a key, by digest alone too
    assert client.get(rkey).bins == {"a": 1}
    assert client.get((rkey.namespace, rkey.set_name, None, rkey.digest)).bins == {"a": 1}


def test_exists_shape(client, key, new_key):
    client.put(key, {"a": 1})
    found = client.exists(key)
    assert type(found) is aerospike_py.ExistsResult
    assert found.key[:3] == key and found.meta.gen == 1 and found.meta["gen"] == 1
    missing = new_key()
    rkey, meta = client.exists(missing)
    assert rkey[:3] == missing and meta is None


def test_select_operate_and_ordered_are_records(client, key):
    client.put(key, {"a": 1, "b": 2})
    selected = client.select(key, ["b"])
    assert type(selected) is aerospike_py.Record and selected.bins == {"b": 2}
    operated = client.operate(key, [op.increment("a", 1), op.read("a")])
    assert type(operated) is aerospike_py.Record and operated.bins == {"a": 2}
    assert operated.meta.gen == 2
    ordered = client.operate_ordered(key, [op.read("a"), op.read("b")])
    assert type(ordered) is aerospike_py.Record and ordered.bins == [("a", 2), ("b", 2)]


def test_query_and_scan_records(client, namespace, new_key):
    set_name = "aspy_shapes_scan"
    k = new_key(set_name=set_name)
    client.put(k, {"a": 1}, policy={"key": aerospike_py.POLICY_KEY_SEND})
    records = scan_results(client, namespace, set_name)
    assert records and all(type(r) is aerospike_py.Record for r in records)
    mine = [r for r in records if r.key.user_key == k[2]]
    assert len(mine) == 1 and mine[0].meta.gen == 1 and mine[0].bins == {"a": 1}


def test_results_pickle_and_repr(client, key):
    client.put(key, {"a": [1, 2]})
    record = client.get(key)
    again = pickle.loads(pickle.dumps(record))
    assert again == record and type(again.meta) is aerospike_py.RecordMetadata
    assert repr(record).startswith("Record(key=AerospikeKey(namespace=")
    batch = client.batch_read([key])
    assert repr(batch) == "BatchRecords(result=0, batch_records=<1 rows>)"


def test_batch_records_is_constructible_like_the_official_container():
    empty = aerospike_py.BatchRecords()
    assert empty.batch_records == [] and empty.result == 0
    row = aerospike_py.BatchRecord(("test", "s", "k", b"d" * 20), 2, None, False)
    assert aerospike_py.BatchRecords([row]).batch_records == [row]


def test_aerospike_py_0_14_types_module(client, key):
    from aerospike_py import types

    client.put(key, {"a": 1})
    record = client.get(key)
    assert isinstance(record, types.Record) and isinstance(record.meta, types.RecordMetadata)
    assert isinstance(record.key, types.AerospikeKey) and isinstance(client.exists(key), types.ExistsResult)
    assert isinstance(client.batch_read([key]), types.BatchRecords)


def test_results_hash_as_the_tuples_they_hold(client, key):
    """Named tuples hash as their items: a returned key is a usable dict key, a record
    (which holds dicts) is unhashable, as the official client's plain tuples."""
    client.put(key, {"a": 1})
    record = client.get(key)
    assert hash(record.key) == hash(tuple(record.key))
    assert {record.key: 1}[tuple(record.key)] == 1
    with pytest.raises(TypeError):
        hash(record)
