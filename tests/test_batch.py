"""batch_read / batch_operate / batch_remove return ``BatchRecords``: ``batch_records`` is one
``BatchRecord(key, result, record, in_doubt)`` per key, in key order; ``record`` is a
``Record(key, meta, bins)`` or None."""

from __future__ import annotations

import uuid

import pytest

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py import list_operations as lop
from aerospike_py import operations as op

OK = 0
NOT_FOUND = 2


@pytest.fixture
def keys(new_key):
    """Five fresh keys in the default set."""
    return [new_key() for _ in range(5)]


def test_batch_read_found_and_missing(client, keys):
    for i, k in enumerate(keys[:3]):
        client.put(k, {"i": i, "s": str(i)})
    batch = client.batch_read(keys)
    assert isinstance(batch, aerospike_py.BatchRecords) and batch.result == OK
    rows = batch.batch_records
    assert len(rows) == 5
    for i, row in enumerate(rows):
        assert isinstance(row, aerospike_py.BatchRecord) and row.in_doubt is False
        assert row.key[:3] == keys[i] and len(row.key[3]) == 20
        if i < 3:
            assert row.result == OK
            rkey, meta, bins = row.record
            assert rkey == row.key
            assert meta["gen"] == meta.gen == 1 and bins == {"i": i, "s": str(i)}
        else:
            assert (row.result, row.record) == (NOT_FOUND, None)


def test_batch_read_selected_bins_and_header_only(client, keys):
    client.put(keys[0], {"a": 1, "b": 2})
    (row,) = client.batch_read(keys[:1], ["b"]).batch_records
    assert row.result == OK and row.record.bins == {"b": 2}
    (row,) = client.batch_read(keys[:1], bins=[]).batch_records
    assert row.result == OK and row.record.meta.gen == 1 and row.record.bins == {}


def test_batch_read_mixed_sets_keeps_key_order(client, new_key):
    ks = [new_key(set_name=f"aspy_batch_{i % 3}") for i in range(9)]
    for i, k in enumerate(ks):
        client.put(k, {"i": i})
    rows = client.batch_read(list(reversed(ks))).batch_records
    assert [r.key.set_name for r in rows] == [k[1] for k in reversed(ks)]
    assert [r.record.bins["i"] for r in rows] == list(reversed(range(9)))


def test_batch_read_duplicate_keys(client, keys):
    client.put(keys[0], {"a": 1})
    rows = client.batch_read([keys[0], keys[0]]).batch_records
    assert [r.record.bins for r in rows] == [{"a": 1}, {"a": 1}]


def test_batch_operate_writes_and_reads(client, keys):
    client.put(keys[0], {"n": 10})
    rows = client.batch_operate(keys[:2], [op.increment("n", 1), op.read("n")]).batch_records
    assert [(r.result, r.record.bins) for r in rows] == [(OK, {"n": 11}), (OK, {"n": 1})]
    assert client.get(keys[1])[2] == {"n": 1}


def test_batch_operate_read_only_ops_on_missing(client, keys):
    client.put(keys[0], {"l": [3, 1, 2]})
    rows = client.batch_operate(keys[:2], [lop.list_size("l"), op.read("l")]).batch_records
    assert rows[0].result == OK and rows[0].record.bins == {"l": [3, 1, 2]}
    assert rows[1].result == NOT_FOUND and rows[1].record is None


def test_batch_operate_cdt_per_record_errors(client, keys):
    client.put(keys[0], {"l": [1]})
    client.put(keys[1], {"l": "text"})
    rows = client.batch_operate(keys[:2], [lop.list_append("l", 2)]).batch_records
    assert rows[0].result == OK and rows[0].record.bins == {"l": 2}
    assert rows[1].result == 12 and rows[1].record is None


def test_batch_operate_invalid_ops(client, keys):
    with pytest.raises(ex.ParamError):
        client.batch_operate(keys, [{"op": 12345}])
    with pytest.raises(ex.ParamError):
        client.batch_operate(keys, [])


def test_batch_remove(client, keys):
    client.put(keys[0], {"a": 1})
    rows = client.batch_remove(keys[:2]).batch_records
    assert [r.result for r in rows] == [OK, NOT_FOUND]
    assert [r.key[:3] for r in rows] == keys[:2]
    with pytest.raises(ex.RecordNotFound):
        client.get(keys[0])


def test_empty_batches(client):
    assert client.batch_read([]).batch_records == []
    assert client.batch_remove([]).batch_records == []


@pytest.mark.parametrize("bad", ["k", [("test",)], [("test", "s", 1.5)], None])
def test_bad_keys_are_param_errors(client, bad):
    with pytest.raises(ex.ParamError):
        client.batch_read(bad)


def test_bad_batch_policy(client, keys):
    with pytest.raises(ex.ParamError):
        client.batch_read(keys, policy={"no_such_key": 1})


def test_ten_thousand_keys(client, namespace, _admin_client):
    set_name = "aspy_batch_big"
    tag = uuid.uuid4().hex[:8]
    ks = [(namespace, set_name, f"{tag}-{i}") for i in range(10_000)]
    try:
        written = client.batch_operate(ks, [op.write("v", 7)]).batch_records
        assert all(r.result == OK for r in written)
        rows = client.batch_read(ks).batch_records
        assert len(rows) == 10_000
        assert all(r.result == OK and r.record.bins == {"v": 7} for r in rows)
        assert [r.key.user_key for r in rows[:3]] == [f"{tag}-{i}" for i in range(3)]
    finally:
        removed = _admin_client.batch_remove(ks).batch_records
    assert all(r.result == OK for r in removed)


SECOND_NAMESPACE = "bar"


@pytest.fixture
def two_namespace_keys(client, namespace, _admin_client):
    """Three keys in ``namespace`` and three in ``bar``, interleaved; skips on a server
    without ``bar``. Every key is removed at teardown."""
    if SECOND_NAMESPACE not in client.info("namespaces").strip().split(";"):
        pytest.skip(f"the server has no '{SECOND_NAMESPACE}' namespace")
    tag = uuid.uuid4().hex
    ks = [(ns, "aspy_batch_ns", f"{tag}-{i}") for i in range(3) for ns in (namespace, SECOND_NAMESPACE)]
    yield ks
    _admin_client.batch_remove(ks)


def test_batch_across_namespaces(client, two_namespace_keys):
    ks = two_namespace_keys
    for i, k in enumerate(ks[:4]):
        client.put(k, {"i": i, "ns": k[0]})
    rows = client.batch_read(ks).batch_records
    assert [r.key[:3] for r in rows] == ks
    assert [r.result for r in rows] == [OK] * 4 + [NOT_FOUND] * 2
    assert [r.record.bins for r in rows[:4]] == [{"i": i, "ns": k[0]} for i, k in enumerate(ks[:4])]
    # the same user key in two namespaces is two records
    assert client.get(ks[0]).bins != client.get(ks[1]).bins

    rows = client.batch_operate(ks, [op.increment("i", 10), op.read("i")]).batch_records
    assert [(r.result, r.record.bins) for r in rows] == [(OK, {"i": i + 10}) for i in range(4)] + [(OK, {"i": 10})] * 2

    removed = client.batch_remove(ks[1::2]).batch_records
    assert [r.result for r in removed] == [OK] * 3
    rows = client.batch_read(ks).batch_records
    assert [r.result for r in rows] == [OK, NOT_FOUND] * 3
