"""List CDT operations (``aerospike_py.list_operations``) through ``operate``."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import cdt_ctx
from aerospike_py import exception as ex
from aerospike_py import list_operations as lop
from aerospike_py import operations as op

from cdt_helpers import run
from cdt_helpers import stored as stored_bin

VALUE = lop.LIST_RETURN_VALUE


@pytest.fixture
def lkey(client, key):
    """A record whose bin ``l`` is [5, 1, 4, 2, 3]."""
    client.put(key, {"l": [5, 1, 4, 2, 3]})
    return key



def stored(client, key):
    return stored_bin(client, key, "l")


def test_append_and_append_items_return_size(client, key):
    assert run(client, key, lop.list_append("l", "a")) == 1
    assert run(client, key, lop.list_append_items("l", ["b", "c"])) == 3
    assert stored(client, key) == ["a", "b", "c"]


def test_insert_and_insert_items(client, lkey):
    assert run(client, lkey, lop.list_insert("l", 1, 9)) == 6
    assert run(client, lkey, lop.list_insert_items("l", -1, [7, 8])) == 8
    assert stored(client, lkey) == [5, 9, 1, 4, 2, 7, 8, 3]


def test_get_and_get_range(client, lkey):
    assert run(client, lkey, lop.list_get("l", -1)) == 3
    assert run(client, lkey, lop.list_get_range("l", 1, 2)) == [1, 4]
    assert run(client, lkey, lop.list_get_range("l", 3)) == [2, 3]


def test_pop_and_pop_range(client, lkey):
    assert run(client, lkey, lop.list_pop("l", 0)) == 5
    assert run(client, lkey, lop.list_pop_range("l", 0, 2)) == [1, 4]
    assert stored(client, lkey) == [2, 3]


def test_remove_and_remove_range_return_counts(client, lkey):
    assert run(client, lkey, lop.list_remove("l", 0)) == 1
    assert run(client, lkey, lop.list_remove_range("l", 1, 2)) == 2
    assert stored(client, lkey) == [1, 3]
    assert run(client, lkey, lop.list_remove_range("l", 0)) == 2
    assert stored(client, lkey) == []


def test_set_trim_clear_size(client, lkey):
    client.operate(lkey, [lop.list_set("l", 0, 50)])
    assert stored(client, lkey)[0] == 50
    assert run(client, lkey, lop.list_trim("l", 1, 3)) == 2
    assert stored(client, lkey) == [1, 4, 2]
    assert run(client, lkey, lop.list_size("l")) == 3
    client.operate(lkey, [lop.list_clear("l")])
    assert run(client, lkey, lop.list_size("l")) == 0


def test_sort(client, key):
    client.put(key, {"l": [3, 1, 3, 2]})
    client.operate(key, [lop.list_sort("l")])
    assert stored(client, key) == [1, 2, 3, 3]
    client.operate(key, [lop.list_sort("l", lop.LIST_SORT_DROP_DUPLICATES)])
    assert stored(client, key) == [1, 2, 3]


def test_increment(client, lkey):
    assert run(client, lkey, lop.list_increment("l", 1, 10)) == 11
    assert stored(client, lkey)[1] == 11


def test_increment_refuses_a_float(client, lkey):
    # The aerospike crate's list increment carries only an integer operand.
    with pytest.raises(ex.ParamError, match=r"ops\[0\] \(op 1015\): float list increments"):
        client.operate(lkey, [lop.list_increment("l", 1, 1.5)])
    assert stored(client, lkey) == [5, 1, 4, 2, 3]


def test_set_order_sorts_and_keeps_sorted(client, lkey):
    _, _, results = client.operate_ordered(lkey, [lop.list_set_order("l", lop.LIST_ORDERED)])
    assert results == []
    assert stored(client, lkey) == [1, 2, 3, 4, 5]
    run(client, lkey, lop.list_append("l", 0))
    assert stored(client, lkey) == [0, 1, 2, 3, 4, 5]
    client.operate(lkey, [lop.list_set_order("l", lop.LIST_UNORDERED)])
    run(client, lkey, lop.list_append("l", -1))
    assert stored(client, lkey) == [0, 1, 2, 3, 4, 5, -1]


def test_create(client, key):
    client.operate(key, [lop.list_create("l", lop.LIST_ORDERED)])
    assert stored(client, key) == []
    run(client, key, lop.list_append_items("l", [3, 1, 2]))
    assert stored(client, key) == [1, 2, 3]
    # an existing list is left as it is
    client.operate(key, [lop.list_create("l", lop.LIST_UNORDERED)])
    assert stored(client, key) == [1, 2, 3]


def test_create_nested_with_pad(client, lkey):
    client.operate(lkey, [lop.list_create("l", lop.LIST_UNORDERED, pad=True, ctx=[cdt_ctx.cdt_ctx_list_index(7)])])
    assert stored(client, lkey) == [5, 1, 4, 2, 3, None, None, []]


# Aerospike's documented examples for the ordered list [0, 4, 5, 9, 11, 15]:
# (value, rank[, count]) -> selected items.
RELATIVE = [
    ((5, 0), [5, 9, 11, 15]),
    ((5, 1), [9, 11, 15]),
    ((5, -1), [4, 5, 9, 11, 15]),
    ((3, 0), [4, 5, 9, 11, 15]),
    ((3, 3), [11, 15]),
    ((3, -3), [0, 4, 5, 9, 11, 15]),
    ((5, 0, 2), [5, 9]),
    ((5, 1, 1), [9]),
    ((5, -1, 2), [4, 5]),
    ((3, 0, 1), [4]),
    ((3, 3, 7), [11, 15]),
    ((3, -3, 2), []),
]


@pytest.fixture
def rkey(client, key):
    client.put(key, {"l": [15, 0, 11, 4, 9, 5]})
    client.operate(key, [lop.list_set_order("l", lop.LIST_ORDERED)])
    return key


@pytest.mark.parametrize("args, expected", RELATIVE)
def test_get_by_value_rank_range_relative(client, rkey, args, expected):
    value, rank, *count = args
    op = lop.list_get_by_value_rank_range_relative("l", value, rank, VALUE, *count)
    assert run(client, rkey, op) == expected


def test_get_by_value_rank_range_relative_inverted_and_count(client, rkey):
    op = lop.list_get_by_value_rank_range_relative("l", 5, 0, VALUE, 2, inverted=True)
    assert run(client, rkey, op) == [0, 4, 11, 15]
    op = lop.list_get_by_value_rank_range_relative("l", 5, -1, lop.LIST_RETURN_COUNT)
    assert run(client, rkey, op) == 5


@pytest.mark.parametrize("args, expected", RELATIVE)
def test_remove_by_value_rank_range_relative(client, rkey, args, expected):
    value, rank, *count = args
    op = lop.list_remove_by_value_rank_range_relative("l", value, rank, VALUE, *count)
    assert run(client, rkey, op) == expected
    assert stored(client, rkey) == [v for v in [0, 4, 5, 9, 11, 15] if v not in expected]


def test_remove_by_value_rank_range_relative_inverted(client, rkey):
    op = lop.list_remove_by_value_rank_range_relative("l", 9, 0, lop.LIST_RETURN_COUNT, inverted=True)
    assert run(client, rkey, op) == 3
    assert stored(client, rkey) == [9, 11, 15]


def test_by_value(client, key):
    client.put(key, {"l": [1, 2, 1, 3]})
    assert run(client, key, lop.list_get_by_value("l", 1, lop.LIST_RETURN_INDEX)) == [0, 2]
    assert run(client, key, lop.list_get_by_value("l", 1, lop.LIST_RETURN_COUNT, inverted=True)) == 2
    assert run(client, key, lop.list_get_by_value_list("l", [2, 3], VALUE)) == [2, 3]
    assert run(client, key, lop.list_get_by_value_range("l", VALUE, 2, None)) == [2, 3]
    assert run(client, key, lop.list_get_by_value_range("l", VALUE, None, 2)) == [1, 1]
    assert run(client, key, lop.list_remove_by_value("l", 1, lop.LIST_RETURN_COUNT)) == 2
    assert stored(client, key) == [2, 3]


def test_remove_by_value_list_and_range(client, lkey):
    assert run(client, lkey, lop.list_remove_by_value_list("l", [5, 4], VALUE)) == [5, 4]
    assert run(client, lkey, lop.list_remove_by_value_range("l", lop.LIST_RETURN_COUNT, 2, 4)) == 2
    assert stored(client, lkey) == [1]


def test_by_index(client, lkey):
    assert run(client, lkey, lop.list_get_by_index("l", 2, VALUE)) == 4
    assert run(client, lkey, lop.list_get_by_index_range("l", 1, VALUE, 2)) == [1, 4]
    assert run(client, lkey, lop.list_get_by_index_range("l", 3, VALUE)) == [2, 3]
    assert run(client, lkey, lop.list_get_by_index_range("l", 1, VALUE, 3, inverted=True)) == [5, 3]
    assert run(client, lkey, lop.list_remove_by_index("l", 0, VALUE)) == 5
    assert run(client, lkey, lop.list_remove_by_index_range("l", 2, lop.LIST_RETURN_COUNT)) == 2
    assert stored(client, lkey) == [1, 4]


def test_by_rank(client, lkey):
    assert run(client, lkey, lop.list_get_by_rank("l", 0, VALUE)) == 1
    assert run(client, lkey, lop.list_get_by_rank("l", -1, lop.LIST_RETURN_INDEX)) == 0
    assert sorted(run(client, lkey, lop.list_get_by_rank_range("l", 0, VALUE, 2))) == [1, 2]
    assert sorted(run(client, lkey, lop.list_get_by_rank_range("l", -2, VALUE))) == [4, 5]
    assert run(client, lkey, lop.list_remove_by_rank("l", -1, VALUE)) == 5
    assert run(client, lkey, lop.list_remove_by_rank_range("l", 0, lop.LIST_RETURN_COUNT, 2)) == 2
    assert stored(client, lkey) == [4, 3]


def test_return_types(client, lkey):
    assert run(client, lkey, lop.list_get_by_index("l", 0, lop.LIST_RETURN_RANK)) == 4
    assert run(client, lkey, lop.list_get_by_index("l", 0, lop.LIST_RETURN_REVERSE_RANK)) == 0
    assert run(client, lkey, lop.list_get_by_index("l", 0, lop.LIST_RETURN_REVERSE_INDEX)) == 4
    assert run(client, lkey, lop.list_get_by_value("l", 4, lop.LIST_RETURN_EXISTS)) is True
    assert run(client, lkey, lop.list_get_by_value("l", 40, lop.LIST_RETURN_EXISTS)) is False
    assert run(client, lkey, lop.list_get_by_index("l", 0, lop.LIST_RETURN_NONE)) is None


def test_ordered_list_policy(client, key):
    ordered = {"list_order": lop.LIST_ORDERED}
    run(client, key, lop.list_append_items("l", [3, 1, 2], policy=ordered))
    assert stored(client, key) == [1, 2, 3]


def test_add_unique_write_flag(client, lkey):
    unique = {"write_flags": lop.LIST_WRITE_ADD_UNIQUE}
    with pytest.raises(ex.ElementExistsError):
        client.operate(lkey, [lop.list_append("l", 5, policy=unique)])
    quiet = {"write_flags": lop.LIST_WRITE_ADD_UNIQUE | lop.LIST_WRITE_NO_FAIL}
    assert run(client, lkey, lop.list_append("l", 5, policy=quiet)) == 5


def test_several_list_ops_on_one_bin(client, lkey):
    _, _, results = client.operate_ordered(lkey, [lop.list_append("l", 6), lop.list_size("l"), op.read("l")])
    assert results == [("l", 6), ("l", 6), ("l", [5, 1, 4, 2, 3, 6])]


def test_list_op_on_a_non_list_bin(client, key):
    client.put(key, {"l": "text"})
    with pytest.raises(ex.BinIncompatibleType) as info:
        client.operate(key, [lop.list_append("l", 1)])
    assert info.value.code == 12


def test_out_of_range_index(client, lkey):
    with pytest.raises(ex.OpNotApplicable):
        client.operate(lkey, [lop.list_get("l", 10)])


def test_constants_match_the_official_client_numbers():
    assert (aerospike_py.LIST_RETURN_VALUE, aerospike_py.LIST_RETURN_COUNT, aerospike_py.LIST_ORDERED) == (7, 5, 1)
    assert lop.OP_LIST_APPEND == 1001 and lop.OP_LIST_SORT == 1031
    assert (lop.OP_LIST_SET_ORDER, lop.OP_LIST_CREATE) == (1030, 1041)
    assert (lop.OP_LIST_REMOVE_BY_VALUE_RANK_RANGE_REL, lop.OP_LIST_GET_BY_VALUE_RANK_RANGE_REL) == (1032, 1033)


@pytest.mark.parametrize(
    "bad, needle",
    [
        (lop.list_set_order("l", 2), "field 'list_order' has no value 2"),
        (lop.list_create("l", 5), "field 'list_order' has no value 5"),
        ({**lop.list_create("l", 0), "pad": 1}, "field 'pad' must be a bool"),
        ({"op": lop.OP_LIST_GET_BY_VALUE_RANK_RANGE_REL, "bin": "l", "val": 1, "return_type": VALUE}, "missing field 'rank'"),
    ],
)
def test_invalid_list_ops(client, lkey, bad, needle):
    with pytest.raises(ex.ParamError) as info:
        client.operate(lkey, [bad])
    assert needle in str(info.value)


@pytest.mark.interop
def test_constants_equal_official(official_aerospike):
    for name in lop.__all__:
        if name.isupper() and hasattr(official_aerospike, name):
            assert getattr(lop, name) == getattr(official_aerospike, name), name
    for name in dir(lop):
        if name.startswith("OP_LIST_") and hasattr(official_aerospike, name):
            assert getattr(lop, name) == getattr(official_aerospike, name), name
