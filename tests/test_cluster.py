"""Cluster calls: info commands, the node list, digests and partition ids, compared
with the official client where it has the same call."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import exception as ex

# User keys of every type a key tuple takes, including edges of the int encoding. (The
# official client refuses an empty blob key, so there is none here.)
USER_KEYS = [0, 1, -1, 2**63 - 1, -(2**63), 123456789, "", "a", "ключ", "x" * 300, b"\x00\xff", bytearray(b"ab")]


def official_form(user_key):
    """The official client's digest calls take blobs only as bytearray; the digest of a
    blob key does not depend on the Python type that carried it."""
    return bytearray(user_key) if isinstance(user_key, bytes) else user_key


def test_info_returns_the_value_after_the_echo(client, namespace):
    assert namespace in client.info("namespaces").split(";")


def test_info_random_node_is_the_raw_response(client, namespace):
    raw = client.info_random_node("namespaces")
    command, value = raw.split("\t")
    assert command == "namespaces" and value.endswith("\n")
    assert namespace in value.strip().split(";")


def test_info_single_node_and_info_all_match_the_official_client(client, official_client):
    names = [n["node_name"] for n in client.get_node_names()]
    assert names
    for name in names:
        assert client.info_single_node("namespaces", name) == official_client.info_single_node("namespaces", name)
    assert client.info_all("namespaces") == official_client.info_all("namespaces")
    assert client.info_random_node("namespaces") == official_client.info_random_node("namespaces")


@pytest.mark.parametrize("command", ["build\nedition", "build\nedition\n", "namespace/test", "statistics"], ids=repr)
def test_info_responses_match_the_official_client(client, official_client, command):
    """Several commands at once, a parameterised command, a long response."""
    name = client.get_node_names()[0]["node_name"]
    if command == "statistics":  # counters move between calls: compare the keys only
        ours, theirs = client.info_single_node(command, name), official_client.info_single_node(command, name)
        keys = [{kv.split("=")[0] for kv in text.split("\t", 1)[1].split(";")} for text in (ours, theirs)]
        assert keys[0] == keys[1] and ours.startswith("statistics\t")
        return
    assert client.info_single_node(command, name) == official_client.info_single_node(command, name)
    assert client.info_all(command) == official_client.info_all(command)


@pytest.mark.parametrize("command", ["nosuchcommand", "build\nnosuchcommand", "sindex-create:ns=test;indexname=x"])
def test_info_error_responses_raise_as_in_the_official_client(client, official_client, command):
    name = client.get_node_names()[0]["node_name"]
    calls = [
        lambda c: c.info_single_node(command, name),
        lambda c: c.info_random_node(command),
        lambda c: c.info_all(command),
    ]
    for call in calls:
        with pytest.raises(Exception) as theirs:
            call(official_client)
        with pytest.raises(ex.AerospikeError) as ours:
            call(client)
        assert type(ours.value).__name__ == type(theirs.value).__name__
        assert (ours.value.code, ours.value.msg) == (theirs.value.code, theirs.value.msg)


def test_info_all_is_keyed_by_node_name(client, namespace):
    answers = client.info_all("namespaces")
    assert set(answers) == {n["node_name"] for n in client.get_node_names()}
    for err, response in answers.values():
        assert err is None and namespace in response.strip().split(";")


def test_info_single_node_names_an_unknown_node(client):
    with pytest.raises(ex.ParamError, match="no node named 'NOPE'"):
        client.info_single_node("namespaces", "NOPE")


def test_info_policy_is_an_info_policy(client):
    with pytest.raises(ex.ParamError, match="timeout_s"):
        client.info("build", policy={"timeout_s": 1})
    assert client.info("build", policy={"timeout": 2000})
    assert client.info("build", policy={"total_timeout": 2000})


def test_node_list_matches_the_official_client(client, official_client):
    assert client.get_node_names() == official_client.get_node_names()
    assert client.get_nodes() == official_client.get_nodes()
    for node in client.get_node_names():
        assert set(node) == {"address", "port", "node_name"}


@pytest.mark.parametrize("user_key", USER_KEYS, ids=repr)
def test_calc_digest_is_the_official_digest(official_aerospike, user_key):
    for set_name in ("demo", ""):
        ours = aerospike_py.calc_digest("test", set_name, user_key)
        assert isinstance(ours, bytearray) and len(ours) == 20
        assert ours == official_aerospike.calc_digest("test", set_name, official_form(user_key))


@pytest.mark.parametrize("user_key", USER_KEYS, ids=repr)
def test_partition_ids_are_the_official_ones(client, official_client, user_key):
    expected = official_client.get_key_partition_id("test", "demo", official_form(user_key))
    assert client.get_key_partition_id("test", "demo", user_key) == expected
    digest = aerospike_py.calc_digest("test", "demo", user_key)
    # The partition is the digest's first 12 bits, little-endian.
    assert aerospike_py.get_partition_id(digest) == (digest[0] | digest[1] << 8) & 4095 == expected
    assert aerospike_py.get_partition_id(bytes(digest)) == expected


@pytest.mark.parametrize("bad", ["abc", b"x" * 19, b"x" * 21, None, 5], ids=repr)
def test_get_partition_id_wants_a_digest(bad):
    with pytest.raises(ex.ParamError, match="digest"):
        aerospike_py.get_partition_id(bad)


def test_calc_digest_refuses_bad_keys():
    with pytest.raises(ex.ParamError):
        aerospike_py.calc_digest("test", "demo", 1.5)
    with pytest.raises(ex.ParamError):
        aerospike_py.calc_digest("", "demo", 1)


def test_cluster_calls_need_a_connection(config):
    c = aerospike_py.client(dict(config))
    assert not c.is_connected()
    with pytest.raises(ex.ClientError):
        c.get_node_names()
    c.connect()
    assert c.is_connected()
    c.close()
    assert not c.is_connected()
