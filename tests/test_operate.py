"""operate / operate_ordered with the scalar helpers of ``aerospike_py.operations``."""

from __future__ import annotations

import pytest

from aerospike_py import exception as ex
from aerospike_py import list_operations as lop
from aerospike_py import operations as op


def test_write_increment_read_in_one_call(client, key):
    _, meta, bins = client.operate(key, [op.write("n", 1), op.increment("n", 2), op.read("n")])
    assert bins == {"n": 3}
    assert meta["gen"] == 1


def test_returned_key_is_the_callers(client, key):
    rkey, _, _ = client.operate(key, [op.write("a", 1)])
    assert rkey[:3] == key and len(rkey[3]) == 20


def test_writes_alone_answer_nothing(client, key):
    _, _, bins = client.operate(key, [op.write("a", "x"), op.append("a", "y"), op.prepend("a", "w")])
    assert bins == {}
    assert client.get(key)[2] == {"a": "wxy"}


def test_ordered_results_follow_op_order(client, key):
    client.put(key, {"a": 1, "b": "s"})
    _, _, results = client.operate_ordered(
        key, [op.read("b"), op.increment("a", 5), op.read("a"), op.append("b", "t"), op.read("b")]
    )
    assert results == [("b", "s"), ("a", 6), ("b", "st")]


def test_dict_keeps_a_bins_last_answer(client, key):
    client.put(key, {"a": 1})
    _, _, bins = client.operate(key, [op.read("a"), op.increment("a", 1), op.read("a")])
    assert bins == {"a": 2}


def test_read_all_bins(client, key):
    client.put(key, {"a": 1, "b": [1, 2]})
    _, _, bins = client.operate(key, [op.increment("a", 1), op.read()])
    assert bins == {"a": 2, "b": [1, 2]}


def test_read_header_gives_meta_only(client, key):
    client.put(key, {"a": 1})
    _, meta, bins = client.operate(key, [op.read_header()])
    assert bins == {} and meta["gen"] == 1


def test_touch_with_meta_ttl_and_delete(client, key):
    client.put(key, {"a": 1})
    _, meta, _ = client.operate(key, [op.touch(), op.read_header()], meta={"ttl": 1000})
    assert 990 <= meta["ttl"] <= 1000
    client.operate(key, [op.delete()])
    with pytest.raises(ex.RecordNotFound):
        client.get(key)


def test_write_none_removes_the_bin(client, key):
    client.put(key, {"a": 1, "b": 2})
    client.operate(key, [op.write("a", None)])
    assert client.get(key)[2] == {"b": 2}


def test_float_increment(client, key):
    _, _, bins = client.operate(key, [op.increment("f", 1.5), op.increment("f", 1.0), op.read("f")])
    assert bins == {"f": 2.5}


def test_reading_a_missing_record_raises(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.operate(key, [op.read("a")])


def test_generation_policy(client, key):
    from aerospike_py import POLICY_GEN_EQ

    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordGenerationError):
        client.operate(key, [op.write("a", 2)], meta={"gen": 5}, policy={"gen": POLICY_GEN_EQ})
    client.operate(key, [op.write("a", 2)], meta={"gen": 1}, policy={"gen": POLICY_GEN_EQ})
    assert client.get(key)[2] == {"a": 2}


def test_wrong_bin_type_is_server_error(client, key):
    client.put(key, {"s": "text"})
    with pytest.raises(ex.BinIncompatibleType) as info:
        client.operate(key, [op.increment("s", 1)])
    assert info.value.code == 12


@pytest.mark.parametrize(
    "ops, needle",
    [
        ([], "empty"),
        ("read", "list"),
        ([("op", 0)], "ops[0]"),
        ([{"op": 999}], "unknown operation code 999"),
        ([{"bin": "a"}], "missing field 'op'"),
        ([{"op": "read", "bin": "a"}], "'op' must be an int"),
        ([{"op": op.OPERATOR_WRITE, "val": 1}], "missing field 'bin'"),
        ([{"op": op.OPERATOR_INCR, "bin": "a"}], "missing field 'val'"),
        ([{"op": op.OPERATOR_INCR, "bin": "a", "val": "x"}], "increment offset"),
        ([{"op": op.OPERATOR_APPEND, "bin": "a", "val": 3}], "append/prepend value"),
        ([{"op": op.OPERATOR_READ, "bin": 7}], "'bin' must be a str"),
        ([{"op": op.OPERATOR_READ, "bin": "a", "vall": 1}], "unexpected field 'vall'"),
        ([op.read("a"), {"op": lop.OP_LIST_GET, "bin": "l"}], "ops[1]"),
        ([{"op": lop.OP_LIST_GET, "bin": "l", "index": 1.5}], "'index' must be an int"),
        ([lop.list_get_by_rank("l", 0, 6)], "'return_type' has no value 6"),
        ([lop.list_append("l", 1, policy={"order": 1})], "unknown 'list_policy' key 'order'"),
    ],
)
def test_invalid_operations_are_param_errors(client, key, ops, needle):
    with pytest.raises(ex.ParamError) as info:
        client.operate(key, ops)
    assert needle in str(info.value)


def test_bad_bin_name_and_policy(client, key):
    with pytest.raises(ex.BinNameError):
        client.operate(key, [op.write("x" * 16, 1)])
    with pytest.raises(ex.ParamError):
        client.operate(key, [op.read("a")], policy={"timeout_ms": 5})


def test_helpers_are_pure_data():
    assert op.write("a", 1) == {"op": op.OPERATOR_WRITE, "bin": "a", "val": 1}
    assert op.read() == {"op": op.OPERATOR_READ}
    assert op.touch() == {"op": op.OPERATOR_TOUCH}
