"""CDT operations, batch, scan/query, secondary indexes and truncate,
driven through the official ``aerospike`` Python client (C core).

Every expectation is Aerospike's documented behaviour, so this file passes
against a real server too (``AEROSPIKE_HOST=... pytest ...``).
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

import pytest

aerospike = pytest.importorskip("aerospike")
from aerospike import exception as ex  # noqa: E402
from aerospike import predicates as p  # noqa: E402
from aerospike_helpers import cdt_ctx  # noqa: E402
from aerospike_helpers.operations import list_operations as lo  # noqa: E402
from aerospike_helpers.operations import map_operations as mo  # noqa: E402
from aerospike_helpers.operations import operations as op  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _server import server_address  # noqa: E402

pytestmark = [
    pytest.mark.timeout(120),
    # index_integer_create/index_string_create still work; the client only
    # steers new code to index_single_value_create.
    pytest.mark.filterwarnings("ignore:index_.*_create\\(\\) is deprecated:DeprecationWarning"),
]

NS = "test"
SET = "ops"


@pytest.fixture(scope="module")
def client():
    c = aerospike.client({"hosts": [server_address()]}).connect()
    yield c
    c.close()


@pytest.fixture
def key():
    return (NS, SET, f"k-{uuid.uuid4().hex}")


@pytest.fixture
def set_name():
    """A set of its own per test, for scans, queries and truncates."""
    return f"s{uuid.uuid4().hex[:12]}"


def bins_of(client, key, ops):
    return client.operate(key, ops)[2]


def ordered(client, key, ops):
    """Per-op results, in op order (operate_ordered)."""
    return [v for _, v in client.operate_ordered(key, ops)[2]]


# --------------------------------------------------------------------------
# Lists
# --------------------------------------------------------------------------


def test_list_modify_ops_return_documented_results(client, key):
    client.put(key, {"l": [1, 2, 3]})
    assert ordered(
        client,
        key,
        [
            lo.list_append("l", 4),  # new size
            lo.list_append_items("l", [5, 6]),  # new size
            lo.list_insert("l", 0, 0),  # new size
            lo.list_insert_items("l", -1, [55]),  # before the last element
            lo.list_size("l"),
        ],
    ) == [4, 6, 7, 8, 8]
    assert client.get(key)[2]["l"] == [0, 1, 2, 3, 4, 5, 55, 6]
    assert ordered(
        client,
        key,
        [
            lo.list_pop("l", -2),  # the popped value
            lo.list_pop_range("l", 0, 2),  # the popped values
            lo.list_remove("l", 0),  # count removed
            lo.list_remove_range("l", 1, 10),  # count removed, clipped
        ],
    ) == [55, [0, 1], 1, 3]
    assert client.get(key)[2]["l"] == [3]


def test_list_get_set_trim_clear_increment(client, key):
    client.put(key, {"l": [10, 20, 30, 40, 50]})
    assert ordered(
        client,
        key,
        [
            lo.list_get("l", -1),
            lo.list_get_range("l", 1, 2),
            lo.list_get_range("l", 3, 100),
            lo.list_increment("l", 0, 5),
            lo.list_trim("l", 0, 3),  # keeps 3, returns removed count
        ],
    ) == [50, [20, 30], [40, 50], 15, 2]
    client.operate(key, [lo.list_set("l", 1, "x")])
    assert client.get(key)[2]["l"] == [15, "x", 30]
    # set past the end pads with nils
    client.operate(key, [lo.list_set("l", 5, 1)])
    assert client.get(key)[2]["l"] == [15, "x", 30, None, None, 1]
    client.operate(key, [lo.list_clear("l")])
    assert client.get(key)[2]["l"] == []


def test_list_index_out_of_range(client, key):
    client.put(key, {"l": [1, 2]})
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [lo.list_get("l", 2)])
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [lo.list_pop("l", -3)])
    # Ranges are clipped, not errors.
    assert bins_of(client, key, [lo.list_get_range("l", 5, 2)])["l"] == []
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [lo.list_get_by_index("l", 7, aerospike.LIST_RETURN_VALUE)])
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [lo.list_get_by_rank("l", -3, aerospike.LIST_RETURN_VALUE)])
    # By-value selectors answer "not found" instead of failing.
    assert bins_of(client, key, [lo.list_get_by_value("l", 7, aerospike.LIST_RETURN_INDEX)])["l"] == []


def test_list_selectors_and_return_types(client, key):
    client.put(key, {"l": [7, 3, 9, 3, 1]})
    rv = aerospike.LIST_RETURN_VALUE
    assert ordered(
        client,
        key,
        [
            lo.list_get_by_rank("l", 0, rv),
            lo.list_get_by_rank("l", -1, rv),
            lo.list_get_by_value("l", 3, aerospike.LIST_RETURN_INDEX),
            lo.list_get_by_value("l", 3, aerospike.LIST_RETURN_REVERSE_INDEX),
            lo.list_get_by_value("l", 3, aerospike.LIST_RETURN_COUNT),
            lo.list_get_by_value_list("l", [9, 1, 4], rv),
            lo.list_get_by_value_range("l", rv, 3, 8),
            lo.list_get_by_index_range("l", 1, rv, 2),
            lo.list_get_by_rank_range("l", -2, rv),
            lo.list_get_by_index("l", 0, aerospike.LIST_RETURN_RANK),
            lo.list_get_by_index("l", 0, aerospike.LIST_RETURN_REVERSE_RANK),
            lo.list_get_by_value("l", 3, rv, inverted=True),
            lo.list_get_by_value("l", 4, aerospike.LIST_RETURN_EXISTS),
            lo.list_get_by_value_rank_range_relative("l", 5, 0, rv),
        ],
    ) == [1, 9, [1, 3], [3, 1], 2, [9, 1], [7, 3, 3], [3, 9], [7, 9], 3, 1, [7, 9, 1], False, [7, 9]]


def test_list_remove_by_selectors(client, key):
    client.put(key, {"l": [5, 1, 4, 1, 3]})
    assert ordered(
        client,
        key,
        [
            lo.list_remove_by_value("l", 1, aerospike.LIST_RETURN_COUNT),
            lo.list_remove_by_rank("l", 0, aerospike.LIST_RETURN_VALUE),
            lo.list_remove_by_index_range("l", 0, aerospike.LIST_RETURN_VALUE, 1),
        ],
    ) == [2, 3, [5]]
    assert client.get(key)[2]["l"] == [4]
    client.put(key, {"l": [1, 2, 3, 4]})
    client.operate(key, [lo.list_remove_by_value_range("l", aerospike.LIST_RETURN_NONE, 2, 4, inverted=True)])
    assert client.get(key)[2]["l"] == [2, 3]


def test_ordered_list_and_cross_type_order(client, key):
    # Aerospike's order: NIL < BOOL < INT < STRING < LIST < MAP < BYTES < DOUBLE.
    client.put(key, {"l": [1.5, bytearray(b"\x01"), {"k": 1}, [1], "b", 2, None]})
    client.operate(key, [lo.list_sort("l")])
    assert client.get(key)[2]["l"] == [None, 2, "b", [1], {"k": 1}, bytearray(b"\x01"), 1.5]

    policy = {"list_order": aerospike.LIST_ORDERED}
    k2 = (NS, SET, key[2] + "-o")
    client.operate(k2, [lo.list_append_items("o", [3, 1, 2], policy)])
    client.operate(k2, [lo.list_append("o", 0, policy)])
    assert client.get(k2)[2]["o"] == [0, 1, 2, 3]
    # Positional writes do not apply to ordered lists.
    with pytest.raises(ex.OpNotApplicable):
        client.operate(k2, [lo.list_insert("o", 0, 9)])
    client.operate(key, [lo.list_set_order("l", aerospike.LIST_ORDERED)])
    client.operate(key, [lo.list_append("l", 1)])
    assert client.get(key)[2]["l"][:3] == [None, 1, 2]


def test_list_sort_flags(client, key):
    client.put(key, {"l": [3, 1, 3, 2]})
    client.operate(key, [lo.list_sort("l", aerospike.LIST_SORT_DROP_DUPLICATES)])
    assert client.get(key)[2]["l"] == [1, 2, 3]


def test_list_write_flags(client, key):
    client.put(key, {"l": [1, 2]})
    unique = {"write_flags": aerospike.LIST_WRITE_ADD_UNIQUE}
    with pytest.raises(ex.ElementExistsError):
        client.operate(key, [lo.list_append("l", 2, unique)])
    no_fail = {"write_flags": aerospike.LIST_WRITE_ADD_UNIQUE | aerospike.LIST_WRITE_NO_FAIL}
    assert bins_of(client, key, [lo.list_append("l", 2, no_fail)])["l"] == 2
    # Without PARTIAL one duplicate makes the whole op a no-op ...
    assert bins_of(client, key, [lo.list_append_items("l", [2, 3], no_fail)])["l"] == 2
    # ... with PARTIAL the other items go in.
    partial = {"write_flags": no_fail["write_flags"] | aerospike.LIST_WRITE_PARTIAL}
    assert bins_of(client, key, [lo.list_append_items("l", [2, 3], partial)])["l"] == 3
    bounded = {"write_flags": aerospike.LIST_WRITE_INSERT_BOUNDED}
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [lo.list_insert("l", 10, 0, bounded)])
    assert client.get(key)[2]["l"] == [1, 2, 3]


def test_cdt_on_missing_and_wrong_type_bins(client, key):
    client.put(key, {"i": 1, "m": {"a": 1}})
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(key, [lo.list_append("i", 1)])
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(key, [lo.list_size("m")])
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(key, [mo.map_size("i")])
    # A list op on a missing bin creates the list.
    assert bins_of(client, key, [lo.list_append("new", "x")])["new"] == 1
    assert client.get(key)[2]["new"] == ["x"]


# --------------------------------------------------------------------------
# Maps
# --------------------------------------------------------------------------


def test_map_modify_ops(client, key):
    assert ordered(
        client,
        key,
        [
            mo.map_put("m", "a", 1),  # new size
            mo.map_put_items("m", {"b": 2, "c": 3}),
            mo.map_increment("m", "a", 10),  # new value
            mo.map_decrement("m", "z", 2),  # missing key starts at 0
            mo.map_size("m"),
        ],
    ) == [1, 3, 11, -2, 4]
    assert client.get(key)[2]["m"] == {"a": 11, "b": 2, "c": 3, "z": -2}
    assert bins_of(client, key, [mo.map_remove_by_key("m", "z", aerospike.MAP_RETURN_VALUE)])["m"] == -2
    client.operate(key, [mo.map_clear("m")])
    assert client.get(key)[2]["m"] == {}


def test_map_selectors(client, key):
    client.put(key, {"m": {"c": 1, "a": 3, "b": 2, "d": 2}})
    rk, rv = aerospike.MAP_RETURN_KEY, aerospike.MAP_RETURN_VALUE
    assert ordered(
        client,
        key,
        [
            mo.map_get_by_key("m", "a", rv),
            mo.map_get_by_key("m", "nope", rv),
            mo.map_get_by_index("m", 0, rk),  # index = key order
            mo.map_get_by_index("m", -1, rk),
            mo.map_get_by_rank("m", 0, rk),  # rank = value order
            mo.map_get_by_rank("m", -1, rk),
            mo.map_get_by_value("m", 2, rk),
            mo.map_get_by_key_range("m", "b", "d", rk),
            mo.map_get_by_value_range("m", 2, 3, rk),
            mo.map_get_by_index_range("m", 1, 2, rk),
            mo.map_get_by_rank_range("m", 1, 2, aerospike.MAP_RETURN_COUNT),
            mo.map_get_by_key_list("m", ["a", "x", "d"], rv),
            mo.map_get_by_value_list("m", [1, 3], rk),
            mo.map_get_by_key("m", "c", aerospike.MAP_RETURN_INDEX),
            mo.map_get_by_key("m", "c", aerospike.MAP_RETURN_RANK),
            mo.map_get_by_key("m", "x", aerospike.MAP_RETURN_INDEX),
            mo.map_get_by_value("m", 2, rk, inverted=True),
            mo.map_get_by_key_range("m", "b", "d", aerospike.MAP_RETURN_ORDERED_MAP),
        ],
    ) == [
        3,
        None,
        "a",
        "d",
        "c",
        "a",
        ["b", "d"],
        ["b", "c"],
        ["b", "d"],
        ["b", "c"],
        2,
        [3, 2],
        ["a", "c"],
        2,
        0,
        -1,
        ["a", "c"],
        {"b": 2, "c": 1},
    ]


def test_map_remove_selectors(client, key):
    client.put(key, {"m": {"a": 1, "b": 2, "c": 3, "d": 4}})
    assert ordered(
        client,
        key,
        [
            mo.map_remove_by_key_list("m", ["a", "zz"], aerospike.MAP_RETURN_COUNT),
            mo.map_remove_by_value_range("m", 3, None, aerospike.MAP_RETURN_KEY),
            mo.map_size("m"),
        ],
    ) == [1, [], 3]
    # value_end None is sent as nil, the lowest value: [3, nil) selects nothing (as on
    # a real 8.1.2 server), so only the key-list removal changed the map.
    assert client.get(key)[2]["m"] == {"b": 2, "c": 3, "d": 4}


def test_map_write_flags(client, key):
    client.put(key, {"m": {"a": 1}})
    create_only = {"map_write_flags": aerospike.MAP_WRITE_FLAGS_CREATE_ONLY}
    with pytest.raises(ex.ElementExistsError):
        client.operate(key, [mo.map_put("m", "a", 2, create_only)])
    update_only = {"map_write_flags": aerospike.MAP_WRITE_FLAGS_UPDATE_ONLY}
    with pytest.raises(ex.ElementNotFoundError):
        client.operate(key, [mo.map_put("m", "b", 2, update_only)])
    no_fail = {"map_write_flags": aerospike.MAP_WRITE_FLAGS_CREATE_ONLY | aerospike.MAP_WRITE_FLAGS_NO_FAIL}
    client.operate(key, [mo.map_put_items("m", {"a": 9, "b": 2}, no_fail)])
    assert client.get(key)[2]["m"] == {"a": 1}
    partial = {"map_write_flags": no_fail["map_write_flags"] | aerospike.MAP_WRITE_FLAGS_PARTIAL}
    client.operate(key, [mo.map_put_items("m", {"a": 9, "b": 2}, partial)])
    assert client.get(key)[2]["m"] == {"a": 1, "b": 2}


def test_key_ordered_map(client, key):
    client.operate(key, [mo.map_set_policy("m", {"map_order": aerospike.MAP_KEY_ORDERED})])
    client.operate(key, [mo.map_put_items("m", {"c": 3, "a": 1, "b": 2})])
    assert bins_of(client, key, [mo.map_get_by_index_range("m", 0, 3, aerospike.MAP_RETURN_KEY)])["m"] == [
        "a",
        "b",
        "c",
    ]
    assert list(client.get(key)[2]["m"].items()) == [("a", 1), ("b", 2), ("c", 3)]


def test_nested_contexts(client, key):
    client.put(key, {"m": {"a": [1, 2], "b": {"x": 1}}, "l": [[1], [5, 4]]})
    client.operate(
        key,
        [
            lo.list_append("m", 3, ctx=[cdt_ctx.cdt_ctx_map_key("a")]),
            mo.map_put("m", "y", 2, ctx=[cdt_ctx.cdt_ctx_map_key("b")]),
            lo.list_sort("l", ctx=[cdt_ctx.cdt_ctx_list_index(-1)]),
        ],
    )
    assert client.get(key)[2] == {"m": {"a": [1, 2, 3], "b": {"x": 1, "y": 2}}, "l": [[1], [4, 5]]}
    got = bins_of(client, key, [lo.list_get_by_rank("l", 0, aerospike.LIST_RETURN_VALUE, ctx=[cdt_ctx.cdt_ctx_list_rank(-1)])])
    assert got["l"] == 4
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [lo.list_append("m", 3, ctx=[cdt_ctx.cdt_ctx_map_key("missing")])])


# --------------------------------------------------------------------------
# operate: several ops, plain ops mixed with CDT ops
# --------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:.*deprecated for strings:DeprecationWarning")
def test_operate_mixes_plain_and_cdt_ops(client, key):
    client.put(key, {"i": 1, "s": "b", "l": [1]})
    _, meta, res = client.operate_ordered(
        key,
        [
            op.increment("i", 2),
            op.append("s", "c"),
            op.prepend("s", "a"),
            op.write("w", 9),
            lo.list_append("l", 2),
            lo.list_append("l", 3),  # same bin twice: one result per op
            op.read("i"),
            op.read("s"),
        ],
    )
    assert res == [("l", 2), ("l", 3), ("i", 3), ("s", "abc")]
    assert meta["gen"] == 2
    _, meta, bins = client.operate(key, [op.touch(), op.read("w")])
    assert bins == {"w": 9}
    assert meta["gen"] == 3
    client.operate(key, [op.delete()])
    _, meta = client.exists(key)
    assert meta is None


def test_failed_cdt_op_changes_nothing(client, key):
    client.put(key, {"l": [1], "i": 5})
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [op.increment("i", 1), lo.list_get("l", 9)])
    _, meta, bins = client.get(key)
    assert bins == {"l": [1], "i": 5}
    assert meta["gen"] == 1


# --------------------------------------------------------------------------
# Batch
# --------------------------------------------------------------------------


def test_batch_read_mixed_sets_and_missing_keys(client):
    tag = uuid.uuid4().hex
    present = [(NS, f"b1{tag[:8]}", f"{tag}-{i}") for i in range(3)] + [(NS, None, f"{tag}-noset")]
    for i, k in enumerate(present):
        client.put(k, {"n": i, "other": "x"})
    missing = [(NS, "nowhere", f"{tag}-missing")]
    keys = present[:2] + missing + present[2:]
    res = client.batch_read(keys)
    assert [r.result for r in res.batch_records] == [0, 0, 2, 0, 0]
    assert [r.record[2]["n"] if r.result == 0 else None for r in res.batch_records] == [0, 1, None, 2, 3]
    res = client.batch_read(keys, ["n"])
    assert res.batch_records[0].record[2] == {"n": 0}


def test_batch_operate_and_remove(client):
    tag = uuid.uuid4().hex
    keys = [(NS, SET, f"{tag}-{i}") for i in range(4)]
    for i, k in enumerate(keys[:3]):
        client.put(k, {"n": i})
    res = client.batch_operate(keys[:3], [op.increment("n", 10), op.read("n")])
    assert [r.record[2]["n"] for r in res.batch_records] == [10, 11, 12]
    res = client.batch_remove(keys)
    assert [r.result for r in res.batch_records] == [0, 0, 0, 2]
    assert [r.result for r in client.batch_read(keys[:3]).batch_records] == [2, 2, 2]


def test_batch_of_ten_thousand_keys(client, set_name):
    keys = [(NS, set_name, i) for i in range(10_000)]
    for k in keys[::2]:
        client.put(k, {"v": k[2]})
    res = client.batch_read(keys)
    results = [r.result for r in res.batch_records]
    assert results == [0, 2] * 5000
    assert all(r.record[2]["v"] == r.key[2] for r in res.batch_records[::2])


# --------------------------------------------------------------------------
# Scan, secondary indexes, query
# --------------------------------------------------------------------------


def fill(client, set_name, n=20):
    for i in range(n):
        client.put((NS, set_name, i), {"n": i, "s": f"v{i % 4}", "x": "extra"}, policy={"key": aerospike.POLICY_KEY_SEND})


def test_scan_set_with_bins_and_keys(client, set_name):
    fill(client, set_name)
    client.put((NS, set_name + "x", 1), {"n": 99})  # another set: not scanned
    scan = client.scan(NS, set_name)
    scan.select("n")
    recs = scan.results()
    assert sorted(r[2]["n"] for r in recs) == list(range(20))
    assert all(set(r[2]) == {"n"} for r in recs)
    for (ns, st, user_key, digest), _, bins in recs:
        assert (ns, st, user_key) == (NS, set_name, bins["n"])
        assert bytes(digest) == bytes(aerospike.calc_digest(NS, set_name, user_key))


def test_scan_max_records(client, set_name):
    fill(client, set_name)
    recs = client.scan(NS, set_name).results({"max_records": 7})
    assert len(recs) == 7


def test_scan_pages_cover_every_record_once(client, set_name):
    fill(client, set_name, 25)
    scan = client.scan(NS, set_name)
    scan.paginate()
    seen = []
    pages = 0
    while not scan.is_done() and pages < 20:
        seen += [r[2]["n"] for r in scan.results({"max_records": 7})]
        pages += 1
    assert sorted(seen) == list(range(25))
    assert pages >= 4


def test_query_integer_and_string_indexes(client, set_name):
    fill(client, set_name)
    client.index_integer_create(NS, set_name, "n", f"{set_name}_n")
    client.index_string_create(NS, set_name, "s", f"{set_name}_s")
    try:
        q = client.query(NS, set_name)
        q.where(p.between("n", 5, 9))
        assert sorted(r[2]["n"] for r in q.results()) == [5, 6, 7, 8, 9]
        q = client.query(NS, set_name)
        q.where(p.equals("n", 13))
        assert [r[2]["n"] for r in q.results()] == [13]
        q = client.query(NS, set_name)
        q.select("n")
        q.where(p.equals("s", "v2"))
        recs = q.results()
        assert sorted(r[2]["n"] for r in recs) == [2, 6, 10, 14, 18]
        assert all(set(r[2]) == {"n"} for r in recs)
        # A record whose bin has another type is not in a numeric index.
        client.put((NS, set_name, "str"), {"n": "seven"})
        q = client.query(NS, set_name)
        q.where(p.between("n", 0, 100))
        assert len(q.results()) == 20
    finally:
        client.index_remove(NS, f"{set_name}_n")
        client.index_remove(NS, f"{set_name}_s")


def test_index_errors(client, set_name):
    name = f"{set_name}_i"
    client.index_integer_create(NS, set_name, "n", name)
    try:
        with pytest.raises(ex.IndexFoundError):
            client.index_integer_create(NS, set_name, "other", name)
        listed = [v for err, v in client.info_all(f"sindex-list:ns={NS}").values() if err is None]
        assert any(f"indexname={name}" in v for v in listed)
    finally:
        client.index_remove(NS, name)
    # Dropping it again is OK on a real 8.1 server (no IndexNotFound).
    client.index_remove(NS, name)
    q = client.query(NS, set_name)
    q.where(p.equals("nobin", 1))
    with pytest.raises(ex.IndexNotFound):
        q.results()


def test_truncate_set(client, set_name):
    fill(client, set_name, 5)
    keep = (NS, set_name + "k", 1)
    client.put(keep, {"a": 1})
    client.truncate(NS, set_name, 0)
    deadline = time.time() + 10  # truncation is asynchronous on a real server
    while client.scan(NS, set_name).results() and time.time() < deadline:
        time.sleep(0.1)
    assert client.scan(NS, set_name).results() == []
    assert client.get(keep)[2] == {"a": 1}
    # Records written after the truncate survive.
    client.put((NS, set_name, "after"), {"a": 2})
    assert client.get((NS, set_name, "after"))[2] == {"a": 2}


def test_features_advertised(client):
    (err, features), *_ = client.info_all("features").values()
    assert err is None
    have = set(features.strip().split(";"))
    for f in ("batch-index", "pscans", "pquery", "cdt-list", "cdt-map", "truncate-namespace", "sindex-exists"):
        assert f in have
