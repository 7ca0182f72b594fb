"""The test server against the official ``aerospike`` Python client (C core).

Each test asserts behaviour real Aerospike defines, so this file passes
against a real server too (``AEROSPIKE_HOST=... pytest ...``).
"""

from __future__ import annotations

import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

aerospike = pytest.importorskip("aerospike")
from aerospike import exception as ex  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _server import server_address  # noqa: E402

pytestmark = pytest.mark.timeout(60)

NS = "test"
SET = "interop"
# The C client reports "never expires" (void time 0) as 0xFFFFFFFF.
NEVER = 4294967295


@pytest.fixture(scope="module")
def client():
    c = aerospike.client({"hosts": [server_address()]}).connect()
    yield c
    c.close()


@pytest.fixture
def key():
    """A fresh key per test so tests never see each other's records."""
    return (NS, SET, f"k-{uuid.uuid4().hex}")


def test_connect_and_info(client):
    assert client.is_connected()
    (node_result,) = client.info_all("namespaces").values()
    err, value = node_result
    assert err is None
    assert NS in value.strip().split(";")


def test_put_get_exists_remove(client, key):
    client.put(key, {"a": 1, "b": "two"})
    _, meta, bins = client.get(key)
    assert bins == {"a": 1, "b": "two"}
    assert meta["gen"] == 1
    assert meta["ttl"] == NEVER

    _, meta = client.exists(key)
    assert meta["gen"] == 1

    client.remove(key)
    _, meta = client.exists(key)
    assert meta is None
    with pytest.raises(ex.RecordNotFound):
        client.get(key)
    with pytest.raises(ex.RecordNotFound):
        client.remove(key)


def test_get_missing_record(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.get(key)
    with pytest.raises(ex.RecordNotFound):
        client.select(key, ["a"])


def test_returned_key_digest_matches_client_digest(client, key):
    client.put(key, {"a": 1})
    (ns, set_name, _, digest), _, _ = client.get(key)
    assert (ns, set_name) == (NS, SET)
    assert bytes(digest) == bytes(aerospike.calc_digest(NS, SET, key[2]))


def test_generation_increments_on_every_write(client, key):
    for expected in (1, 2, 3):
        client.put(key, {"a": expected})
        assert client.get(key)[1]["gen"] == expected
    client.touch(key)
    assert client.get(key)[1]["gen"] == 4


def test_put_merges_bins(client, key):
    client.put(key, {"a": 1, "b": 2})
    client.put(key, {"b": 3, "c": 4})
    assert client.get(key)[2] == {"a": 1, "b": 3, "c": 4}


def test_select(client, key):
    client.put(key, {"a": 1, "b": 2, "c": 3})
    _, meta, bins = client.select(key, ["a", "c"])
    assert bins == {"a": 1, "c": 3}
    assert meta["gen"] == 1


# The client warns that string append/prepend is deprecated on 8.2+ servers.
STRING_OPS_DEPRECATION = "ignore:.*deprecated for strings:DeprecationWarning"


@pytest.mark.filterwarnings(STRING_OPS_DEPRECATION)
def test_append_prepend_increment(client, key):
    client.put(key, {"s": "mid", "i": 10, "f": 1.5, "blob": b"\x01"})
    client.append(key, "s", "-end")
    client.prepend(key, "s", "start-")
    client.increment(key, "i", -15)
    client.increment(key, "f", 2.25)
    client.append(key, "blob", b"\x02")
    _, meta, bins = client.get(key)
    assert bins == {"s": "start-mid-end", "i": -5, "f": 3.75, "blob": b"\x01\x02"}
    assert meta["gen"] == 6


@pytest.mark.filterwarnings(STRING_OPS_DEPRECATION)
def test_ops_create_missing_bins(client, key):
    client.put(key, {"x": 0})
    client.increment(key, "n", 7)
    client.append(key, "s", "abc")
    assert client.get(key)[2] == {"x": 0, "n": 7, "s": "abc"}


@pytest.mark.filterwarnings(STRING_OPS_DEPRECATION)
def test_ops_on_wrong_bin_type(client, key):
    client.put(key, {"s": "text", "i": 1})
    with pytest.raises(ex.BinIncompatibleType):
        client.increment(key, "s", 1)
    with pytest.raises(ex.BinIncompatibleType):
        client.append(key, "i", "x")
    with pytest.raises(ex.BinIncompatibleType):
        client.increment(key, "i", 1.5)
    # A failed write changes nothing.
    _, meta, bins = client.get(key)
    assert bins == {"s": "text", "i": 1}
    assert meta["gen"] == 1


def test_operate_write_then_read(client, key):
    client.put(key, {"i": 1})
    ops = [
        {"op": aerospike.OPERATOR_INCR, "bin": "i", "val": 41},
        {"op": aerospike.OPERATOR_READ, "bin": "i"},
    ]
    _, meta, bins = client.operate(key, ops)
    assert bins == {"i": 42}
    assert meta["gen"] == 2


def test_touch(client, key):
    client.put(key, {"a": 1})
    client.touch(key, 120)
    _, meta, bins = client.get(key)
    assert 110 <= meta["ttl"] <= 120
    assert meta["gen"] == 2
    assert bins == {"a": 1}


def test_touch_missing_record(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.touch(key, 10)


def test_ttl_in_meta(client, key):
    client.put(key, {"a": 1}, policy={"ttl": 1000})
    ttl = client.get(key)[1]["ttl"]
    assert 990 <= ttl <= 1000
    _, meta = client.exists(key)
    assert 990 <= meta["ttl"] <= 1000


def test_record_expires(client, key):
    client.put(key, {"a": 1}, policy={"ttl": 1})
    assert client.get(key)[2] == {"a": 1}
    time.sleep(2.2)
    with pytest.raises(ex.RecordNotFound):
        client.get(key)
    _, meta = client.exists(key)
    assert meta is None


def test_expired_record_is_recreated_fresh(client, key):
    client.put(key, {"a": 1, "b": 2}, policy={"ttl": 1})
    time.sleep(2.2)
    client.put(key, {"c": 3})
    _, meta, bins = client.get(key)
    assert bins == {"c": 3}
    assert meta["gen"] == 1


def test_ttl_never_expire(client, key):
    client.put(key, {"a": 1}, policy={"ttl": 100})
    client.put(key, {"a": 2}, policy={"ttl": aerospike.TTL_NEVER_EXPIRE})
    assert client.get(key)[1]["ttl"] == NEVER


def test_ttl_dont_update(client, key):
    client.put(key, {"a": 1}, policy={"ttl": 500})
    client.put(key, {"a": 2}, policy={"ttl": aerospike.TTL_DONT_UPDATE})
    _, meta, bins = client.get(key)
    assert bins == {"a": 2}
    assert 490 <= meta["ttl"] <= 500
    assert meta["gen"] == 2


EXISTS = "exists"


def test_policy_exists_create(client, key):
    client.put(key, {"a": 1}, policy={EXISTS: aerospike.POLICY_EXISTS_CREATE})
    with pytest.raises(ex.RecordExistsError):
        client.put(key, {"a": 2}, policy={EXISTS: aerospike.POLICY_EXISTS_CREATE})
    assert client.get(key)[2] == {"a": 1}


def test_policy_exists_update(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.put(key, {"a": 1}, policy={EXISTS: aerospike.POLICY_EXISTS_UPDATE})
    client.put(key, {"a": 1, "b": 1})
    client.put(key, {"a": 2}, policy={EXISTS: aerospike.POLICY_EXISTS_UPDATE})
    assert client.get(key)[2] == {"a": 2, "b": 1}


def test_policy_exists_replace(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.put(key, {"a": 1}, policy={EXISTS: aerospike.POLICY_EXISTS_REPLACE})
    client.put(key, {"a": 1, "b": 1})
    client.put(key, {"c": 3}, policy={EXISTS: aerospike.POLICY_EXISTS_REPLACE})
    _, meta, bins = client.get(key)
    assert bins == {"c": 3}
    assert meta["gen"] == 2


def test_policy_exists_create_or_replace(client, key):
    client.put(key, {"a": 1}, policy={EXISTS: aerospike.POLICY_EXISTS_CREATE_OR_REPLACE})
    client.put(key, {"b": 2}, policy={EXISTS: aerospike.POLICY_EXISTS_CREATE_OR_REPLACE})
    assert client.get(key)[2] == {"b": 2}


def test_policy_generation_eq(client, key):
    client.put(key, {"a": 1})
    client.put(key, {"a": 2})
    with pytest.raises(ex.RecordGenerationError):
        client.put(key, {"a": 3}, meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_EQ})
    client.put(key, {"a": 3}, meta={"gen": 2}, policy={"gen": aerospike.POLICY_GEN_EQ})
    _, meta, bins = client.get(key)
    assert (meta["gen"], bins) == (3, {"a": 3})


def test_policy_generation_gt(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordGenerationError):
        client.put(key, {"a": 2}, meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_GT})
    client.put(key, {"a": 2}, meta={"gen": 5}, policy={"gen": aerospike.POLICY_GEN_GT})
    assert client.get(key)[1]["gen"] == 2


def test_remove_with_generation(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordGenerationError):
        client.remove(key, policy={"gen": aerospike.POLICY_GEN_EQ, "generation": 7})
    client.remove(key, policy={"gen": aerospike.POLICY_GEN_EQ, "generation": 1})
    assert client.exists(key)[1] is None


def test_key_send_policy(client, key):
    client.put(key, {"a": 1}, policy={"key": aerospike.POLICY_KEY_SEND})
    (ns, set_name, user_key, digest), meta, bins = client.get(
        key, policy={"key": aerospike.POLICY_KEY_SEND}
    )
    assert (ns, set_name, user_key) == key
    assert bins == {"a": 1}
    assert bytes(digest) == bytes(aerospike.calc_digest(*key))
    # Later writes with the same key keep working.
    client.put(key, {"a": 2}, policy={"key": aerospike.POLICY_KEY_SEND})
    assert client.get(key)[2] == {"a": 2}


def test_remove_bin(client, key):
    client.put(key, {"a": 1, "b": 2, "c": 3})
    client.remove_bin(key, ["a", "c"])
    _, meta, bins = client.get(key)
    assert bins == {"b": 2}
    assert meta["gen"] == 2


def test_removing_last_bin_deletes_record(client, key):
    client.put(key, {"a": 1})
    client.remove_bin(key, ["a"])
    with pytest.raises(ex.RecordNotFound):
        client.get(key)


def test_none_value_means_absent_bin(client, key):
    client.put(key, {"a": 1, "b": None})
    assert client.get(key)[2] == {"a": 1}
    client.put(key, {"a": None, "c": 2})
    assert client.get(key)[2] == {"c": 2}


VALUES = [
    pytest.param(True, id="true"),
    pytest.param(False, id="false"),
    pytest.param(0, id="zero"),
    pytest.param(-2**63, id="int-min"),
    pytest.param(2**63 - 1, id="int-max"),
    pytest.param(-1.25e-300, id="float"),
    pytest.param(float("inf"), id="float-inf"),
    pytest.param("", id="empty-str"),
    pytest.param("héllo wörld ✓ 日本語 🚀", id="unicode-str"),
    pytest.param(b"\x00\xffbinary", id="bytes"),
    pytest.param([], id="empty-list"),
    pytest.param([1, "two", 3.0, [4, [5, None]], {"k": b"v"}], id="nested-list"),
    pytest.param({}, id="empty-map"),
    pytest.param({"s": 1, 2: "int-key", "nested": {"l": [1, 2], "m": {3: True}}}, id="nested-map"),
]


@pytest.mark.parametrize("value", VALUES)
def test_value_roundtrip(client, key, value):
    client.put(key, {"v": value})
    got = client.get(key)[2]["v"]
    assert got == value
    assert type(got) is type(value)


def test_bytearray_roundtrip(client, key):
    client.put(key, {"v": bytearray(b"\x01\x02\x03")})
    assert client.get(key)[2]["v"] == b"\x01\x02\x03"


def test_many_bins_keep_their_values(client, key):
    bins = {f"bin{i}": i * 3 for i in range(100)}
    client.put(key, bins)
    assert client.get(key)[2] == bins


def test_bin_name_too_long(client, key):
    with pytest.raises(ex.BinNameError):
        client.put(key, {"a" * 16: 1})
    client.put(key, {"a" * 15: 1})
    assert client.get(key)[2] == {"a" * 15: 1}


def test_record_too_big(client, key):
    # 9 MiB is above the record size limit of any default-configured server
    # (1 MiB write blocks before 7.1, 8 MiB after) and of the test server.
    with pytest.raises(ex.RecordTooBig):
        client.put(key, {"big": b"x" * (9 * 1024 * 1024)})
    with pytest.raises(ex.RecordNotFound):
        client.get(key)
    half_mib = b"y" * (512 * 1024)
    client.put(key, {"big": half_mib})
    assert client.get(key)[2] == {"big": half_mib}


def test_unknown_namespace(client):
    with pytest.raises(ex.NamespaceNotFound):
        client.put(("no_such_ns", SET, "k"), {"a": 1})


def test_concurrent_clients_threads(client):
    keys = [(NS, SET, f"conc-{uuid.uuid4().hex}-{i}") for i in range(200)]

    def work(k):
        client.put(k, {"v": k[2]})
        client.increment(k, "n", 1)
        return client.get(k)[2]

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(work, keys))
    assert results == [{"v": k[2], "n": 1} for k in keys]
