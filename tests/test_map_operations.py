"""Map CDT operations (``aerospike_py.map_operations``) through ``operate``."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import cdt_ctx
from aerospike_py import exception as ex
from aerospike_py import map_operations as mop

from cdt_helpers import run
from cdt_helpers import stored as stored_bin

VALUE = mop.MAP_RETURN_VALUE
KEY = mop.MAP_RETURN_KEY
COUNT = mop.MAP_RETURN_COUNT
KV_ORDERED = {"map_order": mop.MAP_KEY_ORDERED}


@pytest.fixture
def mkey(client, key):
    """A record whose key-ordered map bin ``m`` is {a: 3, b: 1, c: 2, d: 5}."""
    client.operate(key, [mop.map_put_items("m", {"a": 3, "b": 1, "c": 2, "d": 5}, map_policy=KV_ORDERED)])
    return key



def stored(client, key):
    return stored_bin(client, key, "m")


def test_put_and_put_items_return_size(client, key):
    assert run(client, key, mop.map_put("m", "x", 1)) == 1
    assert run(client, key, mop.map_put_items("m", {"y": 2, "z": 3})) == 3
    assert stored(client, key) == {"x": 1, "y": 2, "z": 3}


def test_increment_decrement(client, mkey):
    assert run(client, mkey, mop.map_increment("m", "a", 10)) == 13
    assert run(client, mkey, mop.map_decrement("m", "b", 3)) == -2
    assert run(client, mkey, mop.map_increment("m", "new", 1)) == 1


def test_size_and_clear(client, mkey):
    assert run(client, mkey, mop.map_size("m")) == 4
    client.operate(mkey, [mop.map_clear("m")])
    assert run(client, mkey, mop.map_size("m")) == 0


def test_by_key(client, mkey):
    assert run(client, mkey, mop.map_get_by_key("m", "c", VALUE)) == 2
    assert run(client, mkey, mop.map_get_by_key("m", "zz", VALUE)) is None
    assert run(client, mkey, mop.map_get_by_key("m", "c", mop.MAP_RETURN_KEY_VALUE)) == ["c", 2]  # flat, as the official client
    assert run(client, mkey, mop.map_remove_by_key("m", "a", VALUE)) == 3
    assert stored(client, mkey) == {"b": 1, "c": 2, "d": 5}


def test_by_key_list(client, mkey):
    assert run(client, mkey, mop.map_get_by_key_list("m", ["a", "d"], VALUE)) == [3, 5]
    assert run(client, mkey, mop.map_get_by_key_list("m", ["a", "d"], KEY, inverted=True)) == ["b", "c"]
    assert run(client, mkey, mop.map_remove_by_key_list("m", ["b", "c"], COUNT)) == 2
    assert stored(client, mkey) == {"a": 3, "d": 5}


def test_by_key_range(client, mkey):
    assert run(client, mkey, mop.map_get_by_key_range("m", "b", "d", KEY)) == ["b", "c"]
    assert run(client, mkey, mop.map_get_by_key_range("m", "c", None, VALUE)) == [2, 5]
    assert run(client, mkey, mop.map_remove_by_key_range("m", None, "c", COUNT)) == 2
    assert stored(client, mkey) == {"c": 2, "d": 5}


def test_by_value(client, mkey):
    assert run(client, mkey, mop.map_get_by_value("m", 2, KEY)) == ["c"]
    assert run(client, mkey, mop.map_get_by_value_list("m", [1, 5], KEY)) == ["b", "d"]
    assert run(client, mkey, mop.map_get_by_value_range("m", 2, 5, KEY)) == ["a", "c"]
    assert run(client, mkey, mop.map_remove_by_value("m", 1, KEY)) == ["b"]
    assert run(client, mkey, mop.map_remove_by_value_list("m", [3], COUNT)) == 1
    assert run(client, mkey, mop.map_remove_by_value_range("m", 0, 3, KEY)) == ["c"]
    assert stored(client, mkey) == {"d": 5}


def test_by_index(client, mkey):
    assert run(client, mkey, mop.map_get_by_index("m", 0, KEY)) == "a"
    assert run(client, mkey, mop.map_get_by_index("m", -1, VALUE)) == 5
    assert run(client, mkey, mop.map_get_by_index_range("m", 1, 2, KEY)) == ["b", "c"]
    assert run(client, mkey, mop.map_get_by_index_range("m", 2, None, VALUE)) == [2, 5]
    assert run(client, mkey, mop.map_remove_by_index("m", 0, KEY)) == "a"
    assert run(client, mkey, mop.map_remove_by_index_range("m", 0, 2, COUNT)) == 2
    assert stored(client, mkey) == {"d": 5}


def test_by_rank(client, mkey):
    assert run(client, mkey, mop.map_get_by_rank("m", 0, KEY)) == "b"
    assert run(client, mkey, mop.map_get_by_rank("m", -1, VALUE)) == 5
    assert sorted(run(client, mkey, mop.map_get_by_rank_range("m", 0, 2, KEY))) == ["b", "c"]
    assert sorted(run(client, mkey, mop.map_get_by_rank_range("m", -2, None, VALUE))) == [3, 5]
    assert run(client, mkey, mop.map_remove_by_rank("m", -1, KEY)) == "d"
    assert run(client, mkey, mop.map_remove_by_rank_range("m", 0, 2, COUNT)) == 2
    assert stored(client, mkey) == {"a": 3}


def test_return_types(client, mkey):
    assert run(client, mkey, mop.map_get_by_key("m", "a", mop.MAP_RETURN_INDEX)) == 0
    assert run(client, mkey, mop.map_get_by_key("m", "a", mop.MAP_RETURN_REVERSE_INDEX)) == 3
    assert run(client, mkey, mop.map_get_by_key("m", "a", mop.MAP_RETURN_RANK)) == 2
    assert run(client, mkey, mop.map_get_by_key("m", "a", mop.MAP_RETURN_REVERSE_RANK)) == 1
    assert run(client, mkey, mop.map_get_by_key("m", "a", mop.MAP_RETURN_EXISTS)) is True
    assert run(client, mkey, mop.map_get_by_key("m", "a", mop.MAP_RETURN_NONE)) is None
    assert run(client, mkey, mop.map_get_by_index_range("m", 0, 2, mop.MAP_RETURN_KEY_VALUE)) == ["a", 3, "b", 1]


def test_write_flags(client, mkey):
    create_only = {"map_write_flags": mop.MAP_WRITE_FLAGS_CREATE_ONLY}
    with pytest.raises(ex.ElementExistsError):
        client.operate(mkey, [mop.map_put("m", "a", 9, map_policy=create_only)])
    update_only = {"map_write_flags": mop.MAP_WRITE_FLAGS_UPDATE_ONLY}
    with pytest.raises(ex.ElementNotFoundError):
        client.operate(mkey, [mop.map_put("m", "zz", 9, map_policy=update_only)])
    quiet = {"map_write_flags": mop.MAP_WRITE_FLAGS_UPDATE_ONLY | mop.MAP_WRITE_FLAGS_NO_FAIL}
    assert run(client, mkey, mop.map_put("m", "zz", 9, map_policy=quiet)) == 4


def test_set_policy(client, key):
    client.put(key, {"m": {"c": 3, "a": 1, "b": 2}})
    _, _, results = client.operate_ordered(key, [mop.map_set_policy("m", KV_ORDERED)])
    assert results == []
    assert run(client, key, mop.map_get_by_index("m", 0, KEY)) == "a"
    assert stored(client, key) == {"a": 1, "b": 2, "c": 3}


def test_set_policy_nested(client, key):
    client.put(key, {"m": {"inner": {"y": 1, "x": 2}}})
    inner = [cdt_ctx.cdt_ctx_map_key("inner")]
    client.operate(key, [mop.map_set_policy("m", {"map_order": mop.MAP_KEY_VALUE_ORDERED}, ctx=inner)])
    assert run(client, key, mop.map_get_by_index("m", -1, KEY, ctx=inner)) == "y"


def test_create(client, key):
    client.operate(key, [mop.map_create("m", mop.MAP_KEY_ORDERED)])
    assert stored(client, key) == {}
    run(client, key, mop.map_put_items("m", {"b": 2, "a": 1}))
    client.operate(key, [mop.map_create("m", mop.MAP_UNORDERED)])  # existing map: kept
    assert stored(client, key) == {"a": 1, "b": 2}


def test_create_nested(client, mkey):
    client.operate(mkey, [mop.map_create("m", mop.MAP_KEY_ORDERED, ctx=[cdt_ctx.cdt_ctx_map_key("e")])])
    assert stored(client, mkey) == {"a": 3, "b": 1, "c": 2, "d": 5, "e": {}}


@pytest.fixture
def rkey(client, key):
    """Aerospike's documented example map {0: 17, 4: 2, 5: 15, 9: 10}, key-ordered."""
    client.operate(key, [mop.map_put_items("m", {0: 17, 4: 2, 5: 15, 9: 10}, map_policy=KV_ORDERED)])
    return key


# (key, index[, count]) -> selected keys, from Aerospike's documented examples.
KEY_RELATIVE = [
    ((5, 0), [5, 9]),
    ((5, 1), [9]),
    ((5, -1), [4, 5, 9]),
    ((3, 2), [9]),
    ((3, -2), [0, 4, 5, 9]),
    ((5, 0, 1), [5]),
    ((5, 1, 2), [9]),
    ((5, -1, 1), [4]),
    ((3, 2, 1), [9]),
    ((3, -2, 2), [0]),
]


@pytest.mark.parametrize("args, expected", KEY_RELATIVE)
def test_get_by_key_index_range_relative(client, rkey, args, expected):
    k, index, *count = args
    assert run(client, rkey, mop.map_get_by_key_index_range_relative("m", k, index, KEY, *count)) == expected


@pytest.mark.parametrize("args, expected", KEY_RELATIVE)
def test_remove_by_key_index_range_relative(client, rkey, args, expected):
    k, index, *count = args
    assert run(client, rkey, mop.map_remove_by_key_index_range_relative("m", k, index, KEY, *count)) == expected
    assert sorted(stored(client, rkey)) == [k for k in [0, 4, 5, 9] if k not in expected]


def test_key_index_range_relative_inverted_and_key_value(client, rkey):
    op = mop.map_get_by_key_index_range_relative("m", 5, 0, KEY, inverted=True)
    assert run(client, rkey, op) == [0, 4]
    op = mop.map_get_by_key_index_range_relative("m", 5, 0, mop.MAP_RETURN_KEY_VALUE, 1)
    assert run(client, rkey, op) == [5, 15]


# (value, rank[, count]) -> selected keys, from Aerospike's documented examples
# (values by rank: 2 @4, 10 @9, 15 @5, 17 @0).
VALUE_RELATIVE = [
    ((11, 1), [0]),
    ((11, -1), [9, 5, 0]),
    ((11, 1, 1), [0]),
    ((11, -1, 1), [9]),
]


@pytest.mark.parametrize("args, expected", VALUE_RELATIVE)
def test_get_by_value_rank_range_relative(client, rkey, args, expected):
    value, rank, *count = args
    got = run(client, rkey, mop.map_get_by_value_rank_range_relative("m", value, rank, KEY, *count))
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize("args, expected", VALUE_RELATIVE)
def test_remove_by_value_rank_range_relative(client, rkey, args, expected):
    value, rank, *count = args
    got = run(client, rkey, mop.map_remove_by_value_rank_range_relative("m", value, rank, KEY, *count))
    assert sorted(got) == sorted(expected)
    assert sorted(stored(client, rkey)) == sorted(k for k in [0, 4, 5, 9] if k not in expected)


def test_value_rank_range_relative_values_and_inverted(client, rkey):
    op = mop.map_get_by_value_rank_range_relative("m", 11, -1, VALUE)
    assert sorted(run(client, rkey, op)) == [10, 15, 17]
    op = mop.map_remove_by_value_rank_range_relative("m", 11, -1, COUNT, inverted=True)
    assert run(client, rkey, op) == 1
    assert stored(client, rkey) == {0: 17, 5: 15, 9: 10}


def test_integer_keys(client, key):
    run(client, key, mop.map_put_items("m", {2: "b", 1: "a"}, map_policy=KV_ORDERED))
    assert run(client, key, mop.map_get_by_index("m", 0, VALUE)) == "a"


def test_map_op_on_a_non_map_bin(client, key):
    client.put(key, {"m": [1, 2]})
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(key, [mop.map_put("m", "a", 1)])


@pytest.mark.parametrize(
    "bad, needle",
    [
        (mop.map_put_items("m", [1, 2]), "must be a dict"),
        (mop.map_put("m", "a", 1, map_policy={"map_order": 2}), "has no 'map_order' value 2"),
        (mop.map_get_by_key("m", "a", 99), "'return_type' has no value 99"),
        ({"op": mop.OP_MAP_GET_BY_KEY, "bin": "m", "key": "a"}, "missing field 'return_type'"),
        (mop.map_get_by_key_list("m", "ab", VALUE), "'val' must be a list"),
        (mop.map_create("m", 2), "field 'map_order' has no value 2"),
        (mop.map_set_policy("m", {"map_order": 7}), "has no 'map_order' value 7"),
        ({**mop.map_create("m", 1), "persist_index": "yes"}, "field 'persist_index' must be a bool"),
        ({"op": mop.OP_MAP_GET_BY_KEY_INDEX_RANGE_REL, "bin": "m", "key": 1, "return_type": KEY}, "missing field 'index'"),
    ],
)
def test_invalid_map_ops(client, key, bad, needle):
    with pytest.raises(ex.ParamError) as info:
        client.operate(key, [bad])
    assert needle in str(info.value)


def test_constants():
    assert (aerospike_py.MAP_KEY_ORDERED, aerospike_py.MAP_KEY_VALUE_ORDERED, aerospike_py.MAP_UNORDERED) == (1, 3, 0)
    assert aerospike_py.MAP_RETURN_KEY_VALUE == 8
    assert (mop.OP_MAP_SET_POLICY, mop.OP_MAP_CREATE) == (1101, 1144)
    assert (mop.OP_MAP_REMOVE_BY_VALUE_RANK_RANGE_REL, mop.OP_MAP_GET_BY_KEY_INDEX_RANGE_REL) == (1128, 1131)


@pytest.mark.interop
def test_constants_equal_official(official_aerospike):
    names = [n for n in dir(mop) if n.startswith(("MAP_", "OP_MAP_"))]
    for name in names:
        if hasattr(official_aerospike, name):
            assert getattr(mop, name) == getattr(official_aerospike, name), name
