"""Map CDT operations (``aerospike_py.map_operations``) through ``operate``."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py import map_operations as mop

VALUE = mop.MAP_RETURN_VALUE
KEY = mop.MAP_RETURN_KEY
COUNT = mop.MAP_RETURN_COUNT
KV_ORDERED = {"map_order": mop.MAP_KEY_ORDERED}


@pytest.fixture
def mkey(client, key):
    """A record whose key-ordered map bin ``m`` is {a: 3, b: 1, c: 2, d: 5}."""
    client.operate(key, [mop.map_put_items("m", {"a": 3, "b": 1, "c": 2, "d": 5}, policy=KV_ORDERED)])
    return key


def run(client, key, *ops):
    _, _, results = client.operate_ordered(key, list(ops))
    values = [v for _, v in results]
    return values[0] if len(values) == 1 else values


def stored(client, key):
    return client.get(key)[2]["m"]


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
    assert run(client, mkey, mop.map_get_by_key("m", "c", mop.MAP_RETURN_KEY_VALUE)) == {"c": 2}
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
    assert run(client, mkey, mop.map_get_by_index_range("m", 0, 2, mop.MAP_RETURN_KEY_VALUE)) == {"a": 3, "b": 1}


def test_write_flags(client, mkey):
    create_only = {"map_write_flags": mop.MAP_WRITE_FLAGS_CREATE_ONLY}
    with pytest.raises(ex.ElementExistsError):
        client.operate(mkey, [mop.map_put("m", "a", 9, policy=create_only)])
    update_only = {"map_write_flags": mop.MAP_WRITE_FLAGS_UPDATE_ONLY}
    with pytest.raises(ex.ElementNotFoundError):
        client.operate(mkey, [mop.map_put("m", "zz", 9, policy=update_only)])
    quiet = {"map_write_flags": mop.MAP_WRITE_FLAGS_UPDATE_ONLY | mop.MAP_WRITE_FLAGS_NO_FAIL}
    assert run(client, mkey, mop.map_put("m", "zz", 9, policy=quiet)) == 4


def test_integer_keys(client, key):
    run(client, key, mop.map_put_items("m", {2: "b", 1: "a"}, policy=KV_ORDERED))
    assert run(client, key, mop.map_get_by_index("m", 0, VALUE)) == "a"


def test_map_op_on_a_non_map_bin(client, key):
    client.put(key, {"m": [1, 2]})
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(key, [mop.map_put("m", "a", 1)])


@pytest.mark.parametrize(
    "bad, needle",
    [
        (mop.map_put_items("m", [1, 2]), "must be a dict"),
        (mop.map_put("m", "a", 1, policy={"map_order": 2}), "has no 'map_order' value 2"),
        (mop.map_get_by_key("m", "a", 99), "'return_type' has no value 99"),
        ({"op": mop.OP_MAP_GET_BY_KEY, "bin": "m", "key": "a"}, "missing field 'return_type'"),
        (mop.map_get_by_key_list("m", "ab", VALUE), "'key' must be a list"),
    ],
)
def test_invalid_map_ops(client, key, bad, needle):
    with pytest.raises(ex.ParamError) as info:
        client.operate(key, [bad])
    assert needle in str(info.value)


def test_constants():
    assert (aerospike_py.MAP_KEY_ORDERED, aerospike_py.MAP_KEY_VALUE_ORDERED, aerospike_py.MAP_UNORDERED) == (1, 3, 0)
    assert aerospike_py.MAP_RETURN_KEY_VALUE == 8


@pytest.mark.interop
def test_constants_equal_official(official_aerospike):
    names = [n for n in dir(mop) if n.startswith(("MAP_", "OP_MAP_"))]
    for name in names:
        if hasattr(official_aerospike, name):
            assert getattr(mop, name) == getattr(official_aerospike, name), name
