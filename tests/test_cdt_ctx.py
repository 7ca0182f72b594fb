"""CDT contexts (``aerospike_py.cdt_ctx``): list and map ops on values nested in a bin."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import cdt_ctx as ctx
from aerospike_py import exception as ex
from aerospike_py import list_operations as lop
from aerospike_py import map_operations as mop

from cdt_helpers import run
from cdt_helpers import stored as stored_bin

NESTED = {
    "scores": [[3, 1, 2], [9, 7]],
    "profile": {"name": "ann", "tags": ["a", "b"]},
    "counts": {"x": 5, "y": 1},
}


@pytest.fixture
def nkey(client, key):
    """A record whose bin ``n`` is a map holding lists and maps (``NESTED``)."""
    client.put(key, {"n": NESTED})
    return key



def stored(client, key):
    return stored_bin(client, key, "n")


def test_list_op_at_map_key_then_list_index(client, nkey):
    path = [ctx.cdt_ctx_map_key("scores"), ctx.cdt_ctx_list_index(1)]
    assert run(client, nkey, lop.list_append("n", 8, ctx=path)) == 3
    assert run(client, nkey, lop.list_get_by_rank("n", 0, lop.LIST_RETURN_VALUE, ctx=path)) == 7
    assert stored(client, nkey)["scores"] == [[3, 1, 2], [9, 7, 8]]


def test_map_op_at_map_key(client, nkey):
    path = [ctx.cdt_ctx_map_key("profile")]
    assert run(client, nkey, mop.map_put("n", "age", 40, ctx=path)) == 3
    assert run(client, nkey, mop.map_get_by_key("n", "name", mop.MAP_RETURN_VALUE, ctx=path)) == "ann"
    assert stored(client, nkey)["profile"] == {"name": "ann", "tags": ["a", "b"], "age": 40}


def test_three_levels_deep(client, nkey):
    path = [ctx.cdt_ctx_map_key("profile"), ctx.cdt_ctx_map_key("tags")]
    assert run(client, nkey, lop.list_insert("n", 0, "z", ctx=path), lop.list_size("n", ctx=path)) == [3, 3]
    assert stored(client, nkey)["profile"]["tags"] == ["z", "a", "b"]


def test_list_rank_and_value_contexts(client, nkey):
    scores = ctx.cdt_ctx_map_key("scores")
    # by rank: [3, 1, 2] < [9, 7] (lists order element by element)
    largest = [scores, ctx.cdt_ctx_list_rank(-1)]
    assert run(client, nkey, lop.list_get("n", 0, ctx=largest)) == 9
    by_value = [scores, ctx.cdt_ctx_list_value([3, 1, 2])]
    client.operate(nkey, [lop.list_sort("n", ctx=by_value)])
    assert stored(client, nkey)["scores"] == [[1, 2, 3], [9, 7]]


def test_map_index_rank_and_value_contexts(client, nkey):
    # key order: counts < profile < scores
    first = [ctx.cdt_ctx_map_index(0)]
    assert run(client, nkey, mop.map_size("n", ctx=first)) == 2
    last = [ctx.cdt_ctx_map_index(-1), ctx.cdt_ctx_list_index(0)]
    assert run(client, nkey, lop.list_size("n", ctx=last)) == 3
    inner = [ctx.cdt_ctx_map_key("counts")]
    # in "counts", rank 0 is y=1; the value context finds x=5
    assert run(client, nkey, mop.map_get_by_rank("n", 0, mop.MAP_RETURN_KEY, ctx=inner)) == "y"
    by_value = [ctx.cdt_ctx_map_value({"x": 5, "y": 1})]
    assert run(client, nkey, mop.map_increment("n", "y", 10, ctx=by_value)) == 11
    by_rank = [ctx.cdt_ctx_map_rank(0)]  # Aerospike orders lists below maps: "scores"
    assert run(client, nkey, lop.list_size("n", ctx=by_rank)) == 2


def test_each_list_and_map_op_kind_takes_ctx(client, nkey):
    path = [ctx.cdt_ctx_map_key("scores"), ctx.cdt_ctx_list_index(0)]
    results = run(
        client,
        nkey,
        lop.list_increment("n", 0, 10, ctx=path),
        lop.list_set("n", 1, 100, ctx=path),
        lop.list_get_by_value_range("n", lop.LIST_RETURN_VALUE, 10, None, ctx=path),
        lop.list_remove_by_index("n", 2, lop.LIST_RETURN_VALUE, ctx=path),
        lop.list_pop("n", 0, ctx=path),
    )
    assert results == [13, [13, 100], 2, 13]
    assert stored(client, nkey)["scores"][0] == [100]
    counts = [ctx.cdt_ctx_map_key("counts")]
    results = run(
        client,
        nkey,
        mop.map_put_items("n", {"z": 0}, ctx=counts),
        mop.map_remove_by_value("n", 0, mop.MAP_RETURN_KEY, ctx=counts),
        mop.map_get_by_index_range("n", 0, None, mop.MAP_RETURN_KEY, ctx=counts),
    )
    assert results == [3, ["z"], ["x", "y"]]
    client.operate(nkey, [mop.map_clear("n", ctx=counts)])
    assert stored(client, nkey)["counts"] == {}


def test_map_key_create_makes_the_missing_map(client, nkey):
    path = [ctx.cdt_ctx_map_key_create("prefs", mop.MAP_KEY_ORDERED)]
    assert run(client, nkey, mop.map_put("n", "b", 2, ctx=path), mop.map_put("n", "a", 1, ctx=path)) == [1, 2]
    assert stored(client, nkey)["prefs"] == {"a": 1, "b": 2}
    assert run(client, nkey, mop.map_get_by_index("n", 0, mop.MAP_RETURN_KEY, ctx=path)) == "a"


def test_list_index_create_pads_with_nils(client, nkey):
    path = [ctx.cdt_ctx_map_key("scores"), ctx.cdt_ctx_list_index_create(3, lop.LIST_UNORDERED, pad=True)]
    assert run(client, nkey, lop.list_append_items("n", [5, 4, 6], ctx=path)) == 3
    assert stored(client, nkey)["scores"] == [[3, 1, 2], [9, 7], None, [5, 4, 6]]


def test_an_ordered_create_context_cannot_pad(client, nkey):
    # The wire flag holds order or pad, order first: past the end of the list is
    # then "not applicable" (26), as on a real 8.1.2 server.
    path = [ctx.cdt_ctx_map_key("scores"), ctx.cdt_ctx_list_index_create(3, lop.LIST_ORDERED, pad=True)]
    with pytest.raises(ex.OpNotApplicable):
        client.operate(nkey, [lop.list_append_items("n", [5, 4, 6], ctx=path)])
    assert stored(client, nkey) == NESTED


def test_create_contexts_nest(client, key):
    client.put(key, {"n": {}})
    path = [ctx.cdt_ctx_map_key_create("a"), ctx.cdt_ctx_map_key_create("b")]
    assert run(client, key, lop.list_append("n", 1, ctx=path)) == 1
    assert stored(client, key) == {"a": {"b": [1]}}


def test_missing_context_without_create_fails(client, nkey):
    with pytest.raises(ex.OpNotApplicable):
        client.operate(nkey, [lop.list_append("n", 1, ctx=[ctx.cdt_ctx_map_key("nope")])])
    with pytest.raises(ex.OpNotApplicable):
        client.operate(nkey, [lop.list_append("n", 1, ctx=[ctx.cdt_ctx_map_key("scores"), ctx.cdt_ctx_list_index(5)])])
    assert stored(client, nkey) == NESTED


def test_context_through_a_scalar_is_a_type_error(client, nkey):
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(nkey, [lop.list_append("n", 1, ctx=[ctx.cdt_ctx_map_key("counts"), ctx.cdt_ctx_map_key("x")])])


def test_ctx_none_or_empty_is_the_bin_itself(client, key):
    client.put(key, {"l": [1]})
    assert run(client, key, lop.list_append("l", 2, ctx=None), lop.list_append("l", 3, ctx=[])) == [2, 3]
    assert client.get(key)[2]["l"] == [1, 2, 3]


def test_ctx_in_batch_operate(client, new_key):
    keys = [new_key(), new_key()]
    for k in keys:
        client.put(k, {"n": NESTED})
    path = [ctx.cdt_ctx_map_key("counts")]
    rows = client.batch_operate(keys, [mop.map_increment("n", "x", 1, ctx=path)]).batch_records
    assert [(r.result, r.record.bins) for r in rows] == [(0, {"n": 6}), (0, {"n": 6})]


@pytest.mark.parametrize(
    "bad_ctx, needle",
    [
        ("scores", "ops[1] (op 1001): field 'ctx' must be a list"),
        ([42], "ops[1] (op 1001): ctx[0] must be a dict"),
        ([ctx.cdt_ctx_map_key("scores"), {"id": 99, "value": 1}], "ops[1] (op 1001): ctx[1] has unknown id 99"),
        ([ctx.cdt_ctx_list_index("0")], "ctx[0] field 'value' must be an int"),
        ([ctx.cdt_ctx_map_rank(True)], "ctx[0] field 'value' must be an int"),
        ([{"value": 1}], "ctx[0] has no 'id'"),
        ([{"id": ctx.CDT_CTX_MAP_KEY}], "ctx[0] (id 34) has no 'value'"),
        ([{"id": ctx.CDT_CTX_LIST_INDEX, "value": 0, "pad": True}], "ctx[0] (id 16) has unexpected field 'pad'"),
        ([ctx.cdt_ctx_list_index_create(0, order=7)], "ctx[0] has no list 'order' 7"),
        ([ctx.cdt_ctx_map_key_create("k", order=2)], "ctx[0] has no map 'order' 2"),
        ([{"id": ctx.CDT_CTX_LIST_INDEX_CREATE, "value": 0, "pad": 1}], "ctx[0] field 'pad' must be a bool"),
        ([ctx.cdt_ctx_map_key(object())], "ctx[0] value:"),
    ],
)
def test_ill_typed_ctx_is_a_param_error_naming_the_op(client, nkey, bad_ctx, needle):
    with pytest.raises(ex.ParamError) as info:
        client.operate(nkey, [lop.list_size("n"), {**lop.list_append("n", 1), "ctx": bad_ctx}])
    assert needle in str(info.value)
    assert stored(client, nkey) == NESTED


def test_ctx_on_a_scalar_op_is_refused(client, nkey):
    from aerospike_py import operations as op

    with pytest.raises(ex.ParamError, match="unexpected field 'ctx'"):
        client.operate(nkey, [{**op.read("n"), "ctx": [ctx.cdt_ctx_map_key("scores")]}])


def test_helpers_are_pure_data():
    assert ctx.cdt_ctx_list_index(-1) == {"id": 0x10, "value": -1}
    assert ctx.cdt_ctx_list_index_create(2, lop.LIST_ORDERED, True) == {"id": 0x14, "value": 2, "order": 1, "pad": True}
    assert ctx.cdt_ctx_map_key_create("k") == {"id": 0x24, "value": "k", "order": 0}
    op = mop.map_size("m", ctx=[ctx.cdt_ctx_map_value(3)])
    assert op == {"op": mop.OP_MAP_SIZE, "bin": "m", "ctx": [{"id": 0x23, "value": 3}]}
    assert "ctx" not in lop.list_size("l")
    assert aerospike_py.cdt_ctx is ctx


@pytest.mark.interop
def test_ids_equal_official(official_aerospike):
    for name in ctx.__all__:
        if name.isupper():
            assert getattr(ctx, name) == getattr(official_aerospike, name), name
