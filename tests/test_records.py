"""Single-record operations, their metadata, policies and errors.

Every test here runs against both the sync and the async client (see the
``client`` fixture in conftest.py).
"""

from __future__ import annotations

import time
import uuid

import pytest

import aerospike_py
from aerospike_py import exception as ex

# Digests computed with the official client's ``aerospike.calc_digest``
# (RIPEMD-160 over set name + key type + key bytes); the namespace is not part
# of the digest.
KNOWN_DIGESTS = [
    (("demo", "key1"), "ec91192d4b7f8ce35d5d78d34bca65cbaaaac960"),
    (("demo", 1), "b7f4b83889e2da67de683e1df6919a1eacc446c8"),
    (("demo", -1), "e9d49a24c3debdc5a6d551d3e7087999a263bb97"),
    (("demo", 2**63 - 1), "6964c1df0d52acf332aef2bfdd54ba366285d051"),
    (("demo", b"\x00\x01"), "fe6fd5e2ec9692dff85cf8b5e1bc766e5af06cdc"),
    (("demo", "héllo"), "e676821c268030a4bf3bee11ffc92838ef566975"),
    (("demo", ""), "6253653507ba82c3f57c87af2f86d39033149e0c"),
]


def assert_key_shape(returned, key):
    """Returned keys are ``(ns, set, user_key|None, digest20)``."""
    assert isinstance(returned, tuple)
    assert len(returned) == 4
    ns, set_name, user_key, digest = returned
    assert ns == key[0]
    assert set_name == key[1]
    assert user_key in (key[2], None)
    assert isinstance(digest, (bytes, bytearray))
    assert len(digest) == 20


# --------------------------------------------------------------------------
# put / get
# --------------------------------------------------------------------------


def test_put_returns_none(client, key):
    assert client.put(key, {"a": 1}) is None


def test_put_get_roundtrip(client, key):
    client.put(key, {"s": "hello", "i": 42, "f": 1.5})
    rkey, meta, bins = client.get(key)
    assert_key_shape(rkey, key)
    assert bins == {"s": "hello", "i": 42, "f": 1.5}
    assert set(meta) >= {"gen", "ttl"}
    assert meta["gen"] == 1
    assert isinstance(meta["ttl"], int)


def test_get_missing_raises_record_not_found(client, key):
    with pytest.raises(ex.RecordNotFound) as info:
        client.get(key)
    assert info.value.code == 2


def test_put_merges_bins(client, key):
    client.put(key, {"a": 1, "b": 2})
    client.put(key, {"b": 3, "c": 4})
    assert client.get(key)[2] == {"a": 1, "b": 3, "c": 4}


def test_put_none_removes_bin(client, key):
    client.put(key, {"a": 1, "b": 2})
    client.put(key, {"b": None})
    assert client.get(key)[2] == {"a": 1}


def test_gen_increments_on_each_write(client, key):
    client.put(key, {"a": 1})
    assert client.get(key)[1]["gen"] == 1
    client.put(key, {"a": 2})
    assert client.get(key)[1]["gen"] == 2
    client.increment(key, "a", 1)
    assert client.get(key)[1]["gen"] == 3
    # reads don't bump it
    client.get(key)
    client.exists(key)
    assert client.get(key)[1]["gen"] == 3


def test_many_bins(client, key):
    bins = {f"bin{i}": i for i in range(60)}
    client.put(key, bins)
    assert client.get(key)[2] == bins


def test_bin_name_15_chars_ok(client, key):
    name = "b" * 15
    client.put(key, {name: 1})
    assert client.get(key)[2] == {name: 1}


def test_bin_name_too_long_raises_bin_name_error(client, key):
    with pytest.raises(ex.BinNameError) as info:
        client.put(key, {"b" * 16: 1})
    assert info.value.code == 21
    assert client.exists(key)[1] is None


# --------------------------------------------------------------------------
# keys and digests
# --------------------------------------------------------------------------


def test_returned_digest_is_20_bytes_and_stable(client, key):
    client.put(key, {"a": 1})
    k1 = client.get(key)[0]
    k2 = client.exists(key)[0]
    assert len(k1[3]) == 20
    assert bytes(k1[3]) == bytes(k2[3])


@pytest.mark.parametrize(
    "set_and_key,digest_hex", KNOWN_DIGESTS, ids=["str", "int", "negint", "maxint", "bytes", "unicode", "empty"]
)
def test_digest_known_vectors(client, namespace, set_and_key, digest_hex):
    set_name, user_key = set_and_key
    # fixed keys shared by every run: only read (exists), never written
    k = (namespace, set_name, user_key)
    rkey, meta = client.exists(k)
    assert bytes(rkey[3]).hex() == digest_hex


@pytest.mark.interop
def test_digest_matches_official_calc_digest(client, key, official_aerospike):
    client.put(key, {"a": 1})
    rkey = client.get(key)[0]
    assert bytes(rkey[3]) == bytes(official_aerospike.calc_digest(*key))


def _unique_user_key(kind):
    u = uuid.uuid4()
    if kind == "int":
        return u.int % 2**62
    if kind == "negint":
        return -(u.int % 2**62) - 1
    return b"\x00raw\xff" + u.bytes


@pytest.mark.parametrize("kind", ["int", "negint", "bytes"])
def test_non_str_user_keys(client, new_key, kind):
    k = new_key(_unique_user_key(kind))
    client.put(k, {"a": 1})
    rkey, _, bins = client.get(k)
    assert bins == {"a": 1}
    assert_key_shape(rkey, k)


def test_bytearray_user_key_is_the_same_record_as_bytes(client, new_key):
    raw = b"\x01ba" + uuid.uuid4().bytes
    k = new_key(raw)
    client.put(k, {"a": 1})
    rkey, _, bins = client.get((k[0], k[1], bytearray(raw)))
    assert bins == {"a": 1}
    assert bytes(rkey[3]) == bytes(client.exists(k)[0][3])


def test_set_none_addresses_the_empty_set(client, new_key):
    """A key without a set (``None``) hashes like the empty set name."""
    k = new_key(set_name=None)
    client.put(k, {"a": 1})
    rkey, _, bins = client.get(k)
    assert bins == {"a": 1}
    assert rkey[1] in (None, "")
    assert bytes(rkey[3]) == bytes(client.exists((k[0], "", k[2]))[0][3])


def test_digest_key_accepts_bytearray(client, key):
    client.put(key, {"a": 1})
    digest = bytes(client.exists(key)[0][3])
    assert client.get((key[0], key[1], None, bytearray(digest)))[2] == {"a": 1}


def test_digest_key_get_after_user_key_put(client, key):
    client.put(key, {"a": 1})
    digest = bytes(client.get(key)[0][3])
    dkey = (key[0], key[1], None, digest)
    rkey, meta, bins = client.get(dkey)
    assert bins == {"a": 1}
    assert rkey[2] is None
    assert bytes(rkey[3]) == digest
    assert rkey[0] == key[0] and rkey[1] == key[1]


def test_digest_key_put_then_user_key_get(client, key):
    client.put(key, {"a": 1})
    digest = bytes(client.exists(key)[0][3])
    client.remove(key)
    dkey = (key[0], key[1], None, digest)
    client.put(dkey, {"b": 2})
    assert client.get(key)[2] == {"b": 2}
    assert client.exists(dkey)[1] is not None


def test_policy_key_send(client, key):
    client.put(key, {"a": 1}, policy={"key": aerospike_py.POLICY_KEY_SEND})
    rkey, _, bins = client.get(key, policy={"key": aerospike_py.POLICY_KEY_SEND})
    assert bins == {"a": 1}
    assert_key_shape(rkey, key)


def test_policy_key_digest(client, key):
    client.put(key, {"a": 1}, policy={"key": aerospike_py.POLICY_KEY_DIGEST})
    rkey, _, bins = client.get(key)
    assert bins == {"a": 1}
    assert_key_shape(rkey, key)


# --------------------------------------------------------------------------
# select / exists
# --------------------------------------------------------------------------


def test_select_returns_only_requested_bins(client, key):
    client.put(key, {"a": 1, "b": "two", "c": 3.0})
    rkey, meta, bins = client.select(key, ["a", "c"])
    assert_key_shape(rkey, key)
    assert bins == {"a": 1, "c": 3.0}
    assert meta["gen"] == 1


def test_select_missing_bin_is_absent(client, key):
    client.put(key, {"a": 1})
    _, _, bins = client.select(key, ["a", "nope"])
    assert bins.get("a") == 1
    assert bins.get("nope") is None


def test_select_missing_record(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.select(key, ["a"])


def test_exists_present(client, key):
    client.put(key, {"a": 1})
    rkey, meta = client.exists(key)
    assert_key_shape(rkey, key)
    assert meta is not None
    assert meta["gen"] == 1
    assert isinstance(meta["ttl"], int)


def test_exists_missing_returns_none_meta(client, key):
    result = client.exists(key)
    assert isinstance(result, tuple) and len(result) == 2
    rkey, meta = result
    assert meta is None
    assert_key_shape(rkey, key)


# --------------------------------------------------------------------------
# remove / remove_bin
# --------------------------------------------------------------------------


def test_remove(client, key):
    client.put(key, {"a": 1})
    assert client.remove(key) is None
    assert client.exists(key)[1] is None
    with pytest.raises(ex.RecordNotFound):
        client.get(key)


def test_remove_missing_raises_record_not_found(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.remove(key)


def test_remove_with_generation_check(client, key):
    client.put(key, {"a": 1})
    client.put(key, {"a": 2})  # gen 2
    with pytest.raises(ex.RecordGenerationError):
        client.remove(key, meta={"gen": 1}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
    assert client.exists(key)[1] is not None
    client.remove(key, meta={"gen": 2}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
    assert client.exists(key)[1] is None


def test_remove_durable_delete_accepted(client, key):
    client.put(key, {"a": 1})
    try:
        client.remove(key, policy={"durable_delete": True})
    except ex.ServerError as e:
        # Community Edition servers reject durable deletes
        # (16 unsupported feature / 25 enterprise only).
        if e.code in (16, 25):
            client.remove(key)
            pytest.skip("server does not support durable deletes")
        raise
    assert client.exists(key)[1] is None


def test_remove_bin(client, key):
    client.put(key, {"a": 1, "b": 2, "c": 3})
    assert client.remove_bin(key, ["a", "c"]) is None
    rkey, meta, bins = client.get(key)
    assert bins == {"b": 2}
    assert meta["gen"] == 2


def test_remove_bin_missing_record(client, key):
    # removing bins of a missing record: either a no-op or RecordNotFound,
    # but never a record appearing out of nowhere
    try:
        client.remove_bin(key, ["a"])
    except ex.RecordNotFound:
        pass
    assert client.exists(key)[1] is None


# --------------------------------------------------------------------------
# touch
# --------------------------------------------------------------------------


def test_touch_sets_ttl_and_bumps_gen(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 1000})
    assert client.touch(key, 100) is None
    _, meta, bins = client.get(key)
    assert bins == {"a": 1}
    assert meta["gen"] == 2
    assert 90 < meta["ttl"] <= 100


def test_touch_val_keyword(client, key):
    client.put(key, {"a": 1})
    client.touch(key, val=200)
    assert 190 < client.get(key)[1]["ttl"] <= 200


def test_touch_missing_raises_record_not_found(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.touch(key, 100)
    assert client.exists(key)[1] is None


# --------------------------------------------------------------------------
# append / prepend / increment
# --------------------------------------------------------------------------


def test_append_prepend_str(client, key):
    client.put(key, {"s": "mid"})
    assert client.append(key, "s", "-end") is None
    assert client.prepend(key, "s", "start-") is None
    assert client.get(key)[2] == {"s": "start-mid-end"}


def test_append_prepend_unicode(client, key):
    client.put(key, {"s": "é"})
    client.append(key, "s", "ü✓")
    client.prepend(key, "s", "日本")
    assert client.get(key)[2]["s"] == "日本éü✓"


def test_append_prepend_bytes(client, key):
    client.put(key, {"b": b"\x01\x02"})
    client.append(key, "b", b"\x03")
    client.prepend(key, "b", b"\x00")
    assert bytes(client.get(key)[2]["b"]) == b"\x00\x01\x02\x03"


def test_append_creates_missing_record(client, key):
    client.append(key, "s", "x")
    assert client.get(key)[2] == {"s": "x"}


def test_append_to_int_bin_raises_bin_incompatible(client, key):
    client.put(key, {"n": 1})
    with pytest.raises(ex.BinIncompatibleType) as info:
        client.append(key, "n", "x")
    assert info.value.code == 12
    with pytest.raises(ex.BinIncompatibleType):
        client.prepend(key, "n", "x")
    assert client.get(key)[2] == {"n": 1}


def test_increment_int(client, key):
    client.put(key, {"n": 10})
    assert client.increment(key, "n", 5) is None
    client.increment(key, "n", -20)
    assert client.get(key)[2] == {"n": -5}


def test_increment_float(client, key):
    client.put(key, {"f": 1.5})
    client.increment(key, "f", 0.25)
    assert client.get(key)[2] == {"f": 1.75}


def test_increment_creates_missing_bin_and_record(client, key):
    client.increment(key, "n", 7)
    assert client.get(key)[2] == {"n": 7}
    client.increment(key, "m", 3)
    assert client.get(key)[2] == {"n": 7, "m": 3}


def test_increment_str_bin_raises_bin_incompatible(client, key):
    client.put(key, {"s": "text"})
    with pytest.raises(ex.BinIncompatibleType) as info:
        client.increment(key, "s", 1)
    assert info.value.code == 12
    assert client.get(key)[2] == {"s": "text"}


def test_write_ops_accept_meta_ttl(client, key):
    client.put(key, {"n": 1, "s": "a"})
    client.increment(key, "n", 1, meta={"ttl": 100})
    assert 90 < client.get(key)[1]["ttl"] <= 100
    client.append(key, "s", "b", meta={"ttl": 200})
    assert 190 < client.get(key)[1]["ttl"] <= 200
    client.prepend(key, "s", "c", meta={"ttl": 300})
    assert 290 < client.get(key)[1]["ttl"] <= 300
    assert client.get(key)[2] == {"n": 2, "s": "cab"}


# --------------------------------------------------------------------------
# ttl
# --------------------------------------------------------------------------


def test_put_with_ttl(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 100})
    ttl = client.get(key)[1]["ttl"]
    assert 90 < ttl <= 100
    assert 90 < client.exists(key)[1]["ttl"] <= 100


def test_ttl_never_expire(client, key):
    assert aerospike_py.TTL_NEVER_EXPIRE == 4294967295
    client.put(key, {"a": 1}, meta={"ttl": aerospike_py.TTL_NEVER_EXPIRE})
    assert client.get(key)[1]["ttl"] == 4294967295


def test_ttl_dont_update_keeps_ttl(client, key):
    assert aerospike_py.TTL_DONT_UPDATE == 4294967294
    client.put(key, {"a": 1}, meta={"ttl": 100})
    client.put(key, {"a": 2}, meta={"ttl": aerospike_py.TTL_DONT_UPDATE})
    _, meta, bins = client.get(key)
    assert bins == {"a": 2}
    assert meta["gen"] == 2
    assert 90 < meta["ttl"] <= 100


def test_ttl_rewrite_changes_ttl(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 100})
    client.put(key, {"a": 1}, meta={"ttl": 1000})
    assert 990 < client.get(key)[1]["ttl"] <= 1000


@pytest.mark.slow
def test_record_expires(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 1})
    time.sleep(2.5)
    with pytest.raises(ex.RecordNotFound):
        client.get(key)
    assert client.exists(key)[1] is None


# --------------------------------------------------------------------------
# exists policy
# --------------------------------------------------------------------------


def test_exists_create_on_existing_raises(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordExistsError) as info:
        client.put(key, {"a": 2}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE})
    assert info.value.code == 5
    assert client.get(key)[2] == {"a": 1}


def test_exists_create_on_missing_creates(client, key):
    client.put(key, {"a": 1}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE})
    assert client.get(key)[2] == {"a": 1}


def test_exists_update_on_missing_raises(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.put(key, {"a": 1}, policy={"exists": aerospike_py.POLICY_EXISTS_UPDATE})
    assert client.exists(key)[1] is None


def test_exists_update_on_existing_merges(client, key):
    client.put(key, {"a": 1, "b": 2})
    client.put(key, {"a": 3}, policy={"exists": aerospike_py.POLICY_EXISTS_UPDATE})
    assert client.get(key)[2] == {"a": 3, "b": 2}


def test_exists_replace_drops_other_bins(client, key):
    client.put(key, {"a": 1, "b": 2})
    client.put(key, {"a": 3}, policy={"exists": aerospike_py.POLICY_EXISTS_REPLACE})
    assert client.get(key)[2] == {"a": 3}


def test_exists_replace_on_missing_raises(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.put(key, {"a": 1}, policy={"exists": aerospike_py.POLICY_EXISTS_REPLACE})
    assert client.exists(key)[1] is None


def test_exists_create_or_replace(client, key):
    client.put(key, {"a": 1, "b": 2}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE_OR_REPLACE})
    assert client.get(key)[2] == {"a": 1, "b": 2}
    client.put(key, {"c": 3}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE_OR_REPLACE})
    assert client.get(key)[2] == {"c": 3}


def test_exists_ignore(client, key):
    client.put(key, {"a": 1}, policy={"exists": aerospike_py.POLICY_EXISTS_IGNORE})
    client.put(key, {"b": 2}, policy={"exists": aerospike_py.POLICY_EXISTS_IGNORE})
    assert client.get(key)[2] == {"a": 1, "b": 2}


# --------------------------------------------------------------------------
# generation policy
# --------------------------------------------------------------------------


def test_gen_eq_wrong_gen_raises(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordGenerationError) as info:
        client.put(key, {"a": 2}, meta={"gen": 5}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
    assert info.value.code == 3
    _, meta, bins = client.get(key)
    assert bins == {"a": 1} and meta["gen"] == 1


def test_gen_eq_right_gen_succeeds(client, key):
    client.put(key, {"a": 1})
    gen = client.get(key)[1]["gen"]
    client.put(key, {"a": 2}, meta={"gen": gen}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
    _, meta, bins = client.get(key)
    assert bins == {"a": 2}
    assert meta["gen"] == gen + 1


def test_gen_gt(client, key):
    client.put(key, {"a": 1})
    client.put(key, {"a": 2})  # gen 2
    with pytest.raises(ex.RecordGenerationError):
        client.put(key, {"a": 3}, meta={"gen": 2}, policy={"gen": aerospike_py.POLICY_GEN_GT})
    with pytest.raises(ex.RecordGenerationError):
        client.put(key, {"a": 3}, meta={"gen": 1}, policy={"gen": aerospike_py.POLICY_GEN_GT})
    client.put(key, {"a": 4}, meta={"gen": 3}, policy={"gen": aerospike_py.POLICY_GEN_GT})
    assert client.get(key)[2] == {"a": 4}


def test_gen_ignore(client, key):
    client.put(key, {"a": 1})
    client.put(key, {"a": 2}, meta={"gen": 99}, policy={"gen": aerospike_py.POLICY_GEN_IGNORE})
    assert client.get(key)[2] == {"a": 2}


def test_gen_eq_on_increment(client, key):
    client.put(key, {"n": 1})
    with pytest.raises(ex.RecordGenerationError):
        client.increment(key, "n", 1, meta={"gen": 7}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
    client.increment(key, "n", 1, meta={"gen": 1}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
    assert client.get(key)[2] == {"n": 2}


# --------------------------------------------------------------------------
# per-call timeouts
# --------------------------------------------------------------------------


def test_per_call_timeout_policies_accepted(client, key):
    pol = {"total_timeout": 5000, "socket_timeout": 2000, "max_retries": 1}
    client.put(key, {"a": 1}, policy=pol)
    assert client.get(key, policy=pol)[2] == {"a": 1}
    assert client.select(key, ["a"], policy=pol)[2] == {"a": 1}
    assert client.exists(key, policy=pol)[1] is not None
    client.remove(key, policy=pol)
