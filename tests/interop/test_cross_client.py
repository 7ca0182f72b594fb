"""Records written by aerospike_py read back identically through the official
``aerospike`` client, and vice versa, with both connected to the same server."""

from __future__ import annotations

import math

import pytest

import aerospike_py
from aerospike_py import exception as ex

pytestmark = pytest.mark.interop


VALUES = [
    pytest.param("plain", id="str"),
    pytest.param("", id="str-empty"),
    pytest.param("héllo ✓ 日本 🎉", id="str-unicode"),
    pytest.param(0, id="int-zero"),
    pytest.param(-1, id="int-neg"),
    pytest.param(2**63 - 1, id="int-max"),
    pytest.param(-(2**63), id="int-min"),
    pytest.param(1.5, id="float"),
    pytest.param(-0.0, id="float-neg-zero"),
    pytest.param(math.inf, id="float-inf"),
    pytest.param(-1e-300, id="float-tiny"),
    pytest.param(b"\x00\x01\xff", id="bytes"),
    pytest.param(True, id="true"),
    pytest.param(False, id="false"),
    pytest.param([1, "a", 2.5, b"\x02", [3, [4]]], id="list"),
    pytest.param([], id="list-empty"),
    pytest.param({"a": 1, "b": "two", "c": [1.5]}, id="dict"),
    pytest.param({1: "one", 2: "two"}, id="dict-int-keys"),
    pytest.param({"n": {"m": {"l": [{"x": True, "y": None}]}}}, id="nested"),
    pytest.param({}, id="dict-empty"),
]


def canon(v):
    """A comparable form that keeps types apart (True vs 1, 1 vs 1.0) and
    treats bytes/bytearray alike (the official client may use bytearray)."""
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, int):
        return ("int", v)
    if isinstance(v, float):
        if math.isnan(v):
            return ("float", "nan")
        return ("float", v, math.copysign(1.0, v))
    if isinstance(v, (bytes, bytearray)):
        return ("bytes", bytes(v))
    if isinstance(v, str):
        return ("str", v)
    if isinstance(v, (list, tuple)):
        return ("list", tuple(canon(x) for x in v))
    if isinstance(v, dict):
        return ("dict", frozenset((canon(k), canon(x)) for k, x in v.items()))
    if v is None:
        return ("none",)
    raise AssertionError(f"unexpected type {type(v)}")


@pytest.fixture
def sync_client(config):
    c = aerospike_py.client(dict(config)).connect()
    yield c
    c.close()


@pytest.mark.parametrize("value", VALUES)
def test_written_by_us_read_by_official(client, official_client, key, value):
    client.put(key, {"v": value, "tag": "ours"})
    _, meta, bins = official_client.get(key)
    assert canon(bins["v"]) == canon(value)
    assert bins["tag"] == "ours"
    assert meta["gen"] == 1


@pytest.mark.parametrize("value", VALUES)
def test_written_by_official_read_by_us(client, official_client, key, value):
    official_client.put(key, {"v": value, "tag": "theirs"})
    _, meta, bins = client.get(key)
    assert canon(bins["v"]) == canon(value)
    assert bins["tag"] == "theirs"
    assert meta["gen"] == 1


def test_all_values_in_one_record_both_ways(sync_client, official_client, new_key):
    bins = {f"b{i}": p.values[0] for i, p in enumerate(VALUES)}
    k1, k2 = new_key(), new_key()
    sync_client.put(k1, bins)
    official_client.put(k2, bins)
    got_official = official_client.get(k1)[2]
    got_ours = sync_client.get(k2)[2]
    assert {n: canon(v) for n, v in got_official.items()} == {n: canon(v) for n, v in bins.items()}
    assert {n: canon(v) for n, v in got_ours.items()} == {n: canon(v) for n, v in bins.items()}


def test_int_and_bytes_user_keys_address_same_record(sync_client, official_client, new_key):
    import uuid

    for user_key in (uuid.uuid4().int % 2**62, b"\x00k" + uuid.uuid4().bytes):
        k = new_key(user_key)
        official_key = (k[0], k[1], bytearray(user_key) if isinstance(user_key, bytes) else user_key)
        sync_client.put(k, {"a": 1})
        assert official_client.get(official_key)[2] == {"a": 1}
        official_client.put(official_key, {"b": 2})
        assert sync_client.get(k)[2] == {"a": 1, "b": 2}


def test_digest_agrees(sync_client, official_client, official_aerospike, key):
    sync_client.put(key, {"a": 1})
    our_digest = bytes(sync_client.get(key)[0][3])
    their_key = official_client.get(key)[0]
    assert our_digest == bytes(official_aerospike.calc_digest(*key))
    assert our_digest == bytes(their_key[3])


def test_digest_key_from_official_digest(sync_client, official_client, official_aerospike, key):
    official_client.put(key, {"a": "x"})
    digest = bytes(official_aerospike.calc_digest(*key))
    assert sync_client.get((key[0], key[1], None, digest))[2] == {"a": "x"}


def test_exists_across_clients(client, official_client, key):
    assert official_client.exists(key)[1] is None
    client.put(key, {"a": 1})
    assert official_client.exists(key)[1] is not None
    official_client.remove(key)
    assert client.exists(key)[1] is None
    official_client.put(key, {"a": 1})
    assert client.exists(key)[1] is not None


def test_remove_across_clients(client, official_client, official_aerospike, key):
    official_client.put(key, {"a": 1})
    client.remove(key)
    with pytest.raises(official_aerospike.exception.RecordNotFound):
        official_client.get(key)
    client.put(key, {"a": 1})
    official_client.remove(key)
    with pytest.raises(ex.RecordNotFound):
        client.get(key)


def test_meta_agrees(client, official_client, key):
    client.put(key, {"a": 1}, meta={"ttl": 1000})
    client.put(key, {"a": 2}, meta={"ttl": 1000})
    _, our_meta, _ = client.get(key)
    _, their_meta, _ = official_client.get(key)
    assert our_meta["gen"] == their_meta["gen"] == 2
    assert abs(our_meta["ttl"] - their_meta["ttl"]) <= 2
    assert 990 < their_meta["ttl"] <= 1000

    official_client.put(key, {"a": 3}, meta={"ttl": 500})
    _, our_meta, _ = client.get(key)
    assert our_meta["gen"] == 3
    assert 490 < our_meta["ttl"] <= 500


def test_never_expire_agrees(client, official_client, official_aerospike, key):
    client.put(key, {"a": 1}, meta={"ttl": aerospike_py.TTL_NEVER_EXPIRE})
    assert official_client.get(key)[1]["ttl"] == official_aerospike.TTL_NEVER_EXPIRE
    official_client.put(key, {"a": 1}, meta={"ttl": official_aerospike.TTL_NEVER_EXPIRE})
    assert client.get(key)[1]["ttl"] == aerospike_py.TTL_NEVER_EXPIRE


def test_official_increment_append_on_our_record(client, official_client, key):
    client.put(key, {"n": 1, "s": "a"})
    official_client.increment(key, "n", 41)
    official_client.append(key, "s", "bc")
    _, meta, bins = client.get(key)
    assert bins == {"n": 42, "s": "abc"}
    assert meta["gen"] == 3


def test_our_operations_on_official_record(client, official_client, key):
    official_client.put(key, {"n": 1, "s": "b", "gone": 0})
    client.increment(key, "n", 1)
    client.prepend(key, "s", "a")
    client.remove_bin(key, ["gone"])
    _, meta, bins = official_client.get(key)
    assert bins == {"n": 2, "s": "ab"}
    assert meta["gen"] == 4
