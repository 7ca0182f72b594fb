"""Malformed arguments are rejected client-side with ParamError and nothing
reaches the server (verified with exists/get)."""

from __future__ import annotations

import os

import pytest

from aerospike_py import exception as ex

# --------------------------------------------------------------------------
# keys
# --------------------------------------------------------------------------


def bad_keys(ns):
    return [
        pytest.param("just-a-string", id="str"),
        pytest.param(42, id="int"),
        pytest.param(None, id="none"),
        pytest.param({"ns": ns, "set": "s", "key": "k"}, id="dict"),
        pytest.param((ns, "s"), id="2-tuple"),
        pytest.param((ns,), id="1-tuple"),
        pytest.param((), id="empty-tuple"),
        pytest.param((ns, "s", "k", b"\x00" * 20, "extra"), id="5-tuple"),
        pytest.param((1, "s", "k"), id="ns-int"),
        pytest.param((None, "s", "k"), id="ns-none"),
        pytest.param((b"test", "s", "k"), id="ns-bytes"),
        pytest.param((ns, 5, "k"), id="set-int"),
        pytest.param((ns, "s", 1.5), id="userkey-float"),
        pytest.param((ns, "s", [1, 2]), id="userkey-list"),
        pytest.param((ns, "s", {"a": 1}), id="userkey-dict"),
        pytest.param((ns, "s", object()), id="userkey-object"),
        pytest.param((ns, "s", 2**64), id="userkey-int-too-big"),
        pytest.param((ns, "s", None), id="userkey-none-no-digest"),
        pytest.param((ns, "s", None, None), id="digest-none"),
        pytest.param((ns, "s", None, b"short"), id="digest-too-short"),
        pytest.param((ns, "s", None, b"x" * 21), id="digest-too-long"),
        pytest.param((ns, "s", None, "a" * 20), id="digest-str"),
        pytest.param((ns, "s", None, 12345), id="digest-int"),
    ]


# Parametrisation needs the namespace at collection time; read it the same way
# the ``namespace`` fixture does.
_NS = os.environ.get("AEROSPIKE_NAMESPACE", "test")


@pytest.mark.parametrize("bad_key", bad_keys(_NS))
def test_bad_key_put_raises_param_error(client, bad_key):
    with pytest.raises(ex.ParamError) as info:
        client.put(bad_key, {"a": 1})
    assert info.value.code == -2


@pytest.mark.parametrize("bad_key", bad_keys(_NS))
def test_bad_key_get_raises_param_error(client, bad_key):
    with pytest.raises(ex.ParamError):
        client.get(bad_key)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c, k: c.exists(k), id="exists"),
        pytest.param(lambda c, k: c.select(k, ["a"]), id="select"),
        pytest.param(lambda c, k: c.remove(k), id="remove"),
        pytest.param(lambda c, k: c.touch(k, 10), id="touch"),
        pytest.param(lambda c, k: c.append(k, "a", "x"), id="append"),
        pytest.param(lambda c, k: c.prepend(k, "a", "x"), id="prepend"),
        pytest.param(lambda c, k: c.increment(k, "a", 1), id="increment"),
        pytest.param(lambda c, k: c.remove_bin(k, ["a"]), id="remove_bin"),
    ],
)
@pytest.mark.parametrize("bad_key", [("x",), (1, "s", "k"), (_NS, "s", 1.5)], ids=["1-tuple", "ns-int", "uk-float"])
def test_bad_key_every_operation(client, call, bad_key):
    with pytest.raises(ex.ParamError):
        call(client, bad_key)


def test_unknown_namespace_is_a_server_error(client):
    k = ("no_such_namespace_xyz", "s", "k")
    with pytest.raises(ex.AerospikeError) as info:
        client.put(k, {"a": 1})
    assert not isinstance(info.value, ex.ParamError)
    # The official client reports this as NamespaceNotFound (20), a ServerError.
    assert isinstance(info.value, ex.ServerError)
    assert info.value.code == 20
    with pytest.raises(ex.ServerError):
        client.get(k)


# --------------------------------------------------------------------------
# bins
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bins",
    [
        pytest.param(None, id="none"),
        pytest.param([("a", 1)], id="list-of-pairs"),
        pytest.param("a=1", id="str"),
        pytest.param(1, id="int"),
        pytest.param({1: "x"}, id="bin-name-int"),
        pytest.param({b"a": 1}, id="bin-name-bytes"),
        pytest.param({("a",): 1}, id="bin-name-tuple"),
        pytest.param({"ok": 1, 2: "bad"}, id="one-bad-bin-name"),
    ],
)
def test_bad_bins_raise_param_error_and_write_nothing(client, key, bins):
    with pytest.raises(ex.ParamError):
        client.put(key, bins)
    assert client.exists(key)[1] is None


def test_select_bins_must_be_list_of_str(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.ParamError):
        client.select(key, "a")
    with pytest.raises(ex.ParamError):
        client.select(key, [1])
    with pytest.raises(ex.ParamError):
        client.select(key, None)


def test_remove_bin_bins_must_be_list_of_str(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.ParamError):
        client.remove_bin(key, "a")
    with pytest.raises(ex.ParamError):
        client.remove_bin(key, [1])
    _, meta, bins = client.get(key)
    assert bins == {"a": 1} and meta["gen"] == 1


def test_bad_operation_values_write_nothing(client, key):
    client.put(key, {"n": 1, "s": "x"})
    with pytest.raises(ex.ParamError):
        client.increment(key, "n", "1")
    with pytest.raises(ex.ParamError):
        client.increment(key, "n", None)
    with pytest.raises(ex.ParamError):
        client.append(key, "s", 5)
    with pytest.raises(ex.ParamError):
        client.prepend(key, "s", None)
    with pytest.raises(ex.ParamError):
        client.increment(key, 5, 1)
    with pytest.raises(ex.ParamError):
        client.touch(key, "ten")
    with pytest.raises(ex.ParamError):
        client.touch(key, -5)
    _, meta, bins = client.get(key)
    assert bins == {"n": 1, "s": "x"}
    assert meta["gen"] == 1


# --------------------------------------------------------------------------
# policies
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "policy,names",
    [
        pytest.param("fast", ("policy",), id="str"),
        pytest.param([("total_timeout", 5)], ("policy",), id="list"),
        pytest.param(5, ("policy",), id="int"),
        pytest.param({"bogus_policy_key": 1}, ("bogus_policy_key",), id="unknown-key"),
        pytest.param({"total_timeout": "10"}, ("total_timeout",), id="timeout-str"),
        pytest.param({"total_timeout": -1}, ("total_timeout",), id="timeout-negative"),
        pytest.param({"max_retries": 1.5}, ("max_retries",), id="retries-float"),
        pytest.param({"exists": 99}, ("exists",), id="exists-out-of-range"),
        pytest.param({"exists": "create"}, ("exists",), id="exists-str"),
        pytest.param({"gen": 42}, ("gen",), id="gen-out-of-range"),
        pytest.param({"key": 7}, ("key",), id="key-out-of-range"),
    ],
)
def test_bad_write_policy_raises_param_error(client, key, policy, names):
    with pytest.raises(ex.ParamError) as info:
        client.put(key, {"a": 1}, policy=policy)
    text = str(info.value)
    assert any(n in text for n in names), f"{text!r} names none of {names}"
    assert client.exists(key)[1] is None


@pytest.mark.parametrize(
    "policy",
    [
        pytest.param("fast", id="str"),
        pytest.param({"bogus_policy_key": 1}, id="unknown-key"),
        pytest.param({"total_timeout": "10"}, id="timeout-str"),
    ],
)
def test_bad_read_policy_raises_param_error(client, key, policy):
    client.put(key, {"a": 1})
    with pytest.raises(ex.ParamError):
        client.get(key, policy=policy)
    with pytest.raises(ex.ParamError):
        client.exists(key, policy=policy)
    with pytest.raises(ex.ParamError):
        client.select(key, ["a"], policy=policy)


def test_bad_remove_policy_keeps_record(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.ParamError):
        client.remove(key, policy={"bogus_policy_key": True})
    with pytest.raises(ex.ParamError):
        client.remove(key, policy="durable")
    assert client.exists(key)[1] is not None


# --------------------------------------------------------------------------
# meta
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "meta,names",
    [
        pytest.param({"gen": -1}, ("gen",), id="gen-negative"),
        pytest.param({"gen": "1"}, ("gen",), id="gen-str"),
        pytest.param({"gen": 2**40}, ("gen",), id="gen-too-big"),
        pytest.param({"ttl": "100"}, ("ttl",), id="ttl-str"),
        pytest.param({"ttl": 1.5}, ("ttl",), id="ttl-float"),
        pytest.param({"ttl": 2**40}, ("ttl",), id="ttl-too-big"),
        pytest.param("ttl=5", ("meta",), id="meta-str"),
        pytest.param([("ttl", 5)], ("meta",), id="meta-list"),
    ],
)
def test_bad_meta_raises_param_error_and_writes_nothing(client, key, meta, names):
    with pytest.raises(ex.ParamError) as info:
        client.put(key, {"a": 1}, meta=meta)
    text = str(info.value)
    assert any(n in text for n in names), f"{text!r} names none of {names}"
    assert client.exists(key)[1] is None


def test_bad_meta_on_existing_record_changes_nothing(client, key):
    client.put(key, {"a": 1}, meta={"ttl": 1000})
    with pytest.raises(ex.ParamError):
        client.put(key, {"a": 2}, meta={"ttl": "soon"})
    with pytest.raises(ex.ParamError):
        client.touch(key, 100, meta={"gen": -3})
    with pytest.raises(ex.ParamError):
        client.increment(key, "a", 1, meta={"gen": "x"})
    _, meta, bins = client.get(key)
    assert bins == {"a": 1}
    assert meta["gen"] == 1
    assert 990 < meta["ttl"] <= 1000


def test_put_without_bins_raises(client, key):
    # a missing required argument is a plain TypeError from the binding layer
    with pytest.raises((ex.ParamError, TypeError)):
        client.put(key)
    assert client.exists(key)[1] is None
