"""CDT bins, batches and query results agree between aerospike_py and the official
``aerospike`` client connected to the same server."""

from __future__ import annotations

import uuid

import pytest

from aerospike_py import cdt_ctx
from aerospike_py import list_operations as lop
from aerospike_py import map_operations as mop
from aerospike_py import operations as op
from aerospike_py import predicates as p

pytestmark = pytest.mark.interop


@pytest.fixture
def okey(key):
    return key


def test_our_list_ops_read_by_official(client, official_client, okey):
    client.operate(okey, [lop.list_append_items("l", [3, 1, 2]), lop.list_sort("l"), lop.list_append("l", "x")])
    _, _, bins = official_client.get(okey)
    assert bins == {"l": [1, 2, 3, "x"]}


def test_official_list_ops_read_by_us(client, official_client, official_aerospike, okey):
    from aerospike_helpers.operations import list_operations as olop

    official_client.operate(okey, [olop.list_append_items("l", [5, 4, 6])])
    _, _, results = client.operate_ordered(
        okey, [lop.list_get_by_rank("l", 0, lop.LIST_RETURN_VALUE), lop.list_size("l")]
    )
    assert results == [("l", 4), ("l", 3)]


def test_our_ordered_map_read_by_official(client, official_client, official_aerospike, okey):
    from aerospike_helpers.operations import map_operations as omop

    client.operate(okey, [mop.map_put_items("m", {"b": 2, "a": 1}, map_policy={"map_order": mop.MAP_KEY_ORDERED})])
    _, _, bins = official_client.operate(okey, [omop.map_get_by_index("m", 0, official_aerospike.MAP_RETURN_KEY)])
    assert bins == {"m": "a"}
    assert official_client.get(okey)[2] == {"m": {"a": 1, "b": 2}}


def test_official_map_ops_read_by_us(client, official_client, official_aerospike, okey):
    from aerospike_helpers.operations import map_operations as omop

    official_client.operate(okey, [omop.map_put_items("m", {"x": 10, "y": 20})])
    _, _, bins = client.operate(okey, [mop.map_get_by_value_range("m", 15, None, mop.MAP_RETURN_KEY)])
    assert bins == {"m": ["y"]}


def test_our_ctx_writes_read_by_official(client, official_client, official_aerospike, okey):
    from aerospike_helpers import cdt_ctx as octx
    from aerospike_helpers.operations import list_operations as olop
    from aerospike_helpers.operations import map_operations as omop

    client.put(okey, {"n": {"users": [{"name": "ann"}, {"name": "bob"}]}})
    path = [cdt_ctx.cdt_ctx_map_key("users"), cdt_ctx.cdt_ctx_list_index(1)]
    deep = [cdt_ctx.cdt_ctx_map_key_create("tags", mop.MAP_KEY_ORDERED), cdt_ctx.cdt_ctx_list_index_create(0, lop.LIST_ORDERED)]
    client.operate(
        okey,
        [
            mop.map_put("n", "age", 31, ctx=path),
            lop.list_append_items("n", [3, 1, 2], ctx=deep),
        ],
    )
    # LIST_ORDERED on the create context orders "tags" (the list it indexes); the list
    # created at tags[0] is unordered, so the items keep their order (a real 8.1.2 server).
    expected = {"users": [{"name": "ann"}, {"name": "bob", "age": 31}], "tags": [[3, 1, 2]]}
    assert official_client.get(okey)[2] == {"n": expected}
    opath = [octx.cdt_ctx_map_key("users"), octx.cdt_ctx_list_index(1)]
    _, _, bins = official_client.operate(
        okey, [omop.map_get_by_key("n", "age", official_aerospike.MAP_RETURN_VALUE, ctx=opath)]
    )
    assert bins == {"n": 31}
    otags = [octx.cdt_ctx_map_key("tags"), octx.cdt_ctx_list_index(0)]
    _, _, bins = official_client.operate(
        okey, [olop.list_get_by_rank("n", -1, official_aerospike.LIST_RETURN_VALUE, ctx=otags)]
    )
    assert bins == {"n": 3}


def test_official_ctx_writes_read_by_us(client, official_client, official_aerospike, okey):
    from aerospike_helpers import cdt_ctx as octx
    from aerospike_helpers.operations import list_operations as olop
    from aerospike_helpers.operations import map_operations as omop

    official_client.put(okey, {"n": {"a": [[1], [2, 3]]}})
    official_client.operate(
        okey,
        [
            olop.list_append("n", 4, ctx=[octx.cdt_ctx_map_key("a"), octx.cdt_ctx_list_index(1)]),
            omop.map_put("n", "k", "v", ctx=[octx.cdt_ctx_map_key_create("m", official_aerospike.MAP_KEY_ORDERED)]),
        ],
    )
    ours = client.get(okey)[2]
    assert ours == official_client.get(okey)[2] == {"n": {"a": [[1], [2, 3, 4]], "m": {"k": "v"}}}
    _, _, results = client.operate_ordered(
        okey,
        [
            lop.list_get_range("n", 0, None, ctx=[cdt_ctx.cdt_ctx_map_key("a"), cdt_ctx.cdt_ctx_list_index(-1)]),
            mop.map_get_by_key("n", "k", mop.MAP_RETURN_VALUE, ctx=[cdt_ctx.cdt_ctx_map_key("m")]),
        ],
    )
    assert results == [("n", [2, 3, 4]), ("n", "v")]


def test_batch_of_official_writes(client, official_client, new_key):
    keys = [new_key() for _ in range(4)]
    for i, k in enumerate(keys[:3]):
        official_client.put(k, {"i": i, "l": [i]})
    rows = client.batch_read(keys).batch_records
    assert [r.result for r in rows] == [0, 0, 0, 2]
    assert [r.record.bins for r in rows[:3]] == [{"i": i, "l": [i]} for i in range(3)]


def test_official_batch_reads_our_batch_writes(client, official_client, new_key):
    keys = [new_key() for _ in range(3)]
    client.batch_operate(keys, [op.write("v", "ours"), lop.list_append("l", 1)])
    batch = official_client.batch_read(keys)
    assert [r.result for r in batch.batch_records] == [0, 0, 0]
    assert [r.record[2] for r in batch.batch_records] == [{"v": "ours", "l": [1]}] * 3


def test_query_results_match(client, official_client, namespace, _admin_client):
    set_name = "aspy_xq_" + uuid.uuid4().hex[:8]
    keys = [(namespace, set_name, i) for i in range(10)]
    for i, k in enumerate(keys):
        official_client.put(k, {"age": i, "m": {"k": i}})
    name = set_name + "_age"
    _admin_client.index_integer_create(namespace, set_name, "age", name)
    try:
        query = client.query(namespace, set_name).where(p.between("age", 3, 6))
        loop = getattr(client, "_loop", None)  # the async facade: await on its loop
        if loop is None:
            ours = query.results()
        else:
            async def wait():
                return await query.results()

            ours = loop.run_until_complete(wait())
        q = official_client.query(namespace, set_name)
        from aerospike import predicates as op_pred

        q.where(op_pred.between("age", 3, 6))
        theirs = q.results()
        assert sorted(b["age"] for _, _, b in ours) == sorted(b["age"] for _, _, b in theirs) == [3, 4, 5, 6]
        assert sorted(r[0][3] for r in ours) == sorted(r[0][3] for r in theirs)
    finally:
        _admin_client.index_remove(namespace, name)
        _admin_client.batch_remove(keys)
