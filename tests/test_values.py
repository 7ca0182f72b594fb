"""Round-trips of every supported value type through put/get, and rejection
of values the client cannot represent (nothing may be written in that case)."""

from __future__ import annotations

import math

import pytest

from aerospike_py import exception as ex


def roundtrip(client, key, value):
    client.put(key, {"v": value})
    _, _, bins = client.get(key)
    assert "v" in bins
    return bins["v"]


def assert_same(actual, expected):
    """Deep equality that also checks types (so True != 1 and 1 != 1.0)."""
    if isinstance(expected, bool):
        assert type(actual) is bool, f"{actual!r} is not a bool"
        assert actual is expected
    elif isinstance(expected, int):
        assert type(actual) is int, f"{actual!r} is not an int"
        assert actual == expected
    elif isinstance(expected, float):
        assert type(actual) is float, f"{actual!r} is not a float"
        if math.isnan(expected):
            assert math.isnan(actual)
        else:
            assert actual == expected
            assert math.copysign(1.0, actual) == math.copysign(1.0, expected)
    elif isinstance(expected, (bytes, bytearray)):
        assert isinstance(actual, (bytes, bytearray)), f"{actual!r} is not bytes"
        assert bytes(actual) == bytes(expected)
    elif isinstance(expected, str):
        assert type(actual) is str
        assert actual == expected
    elif isinstance(expected, (list, tuple)):
        assert type(actual) is list, f"{actual!r} is not a list"
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected):
            assert_same(a, e)
    elif isinstance(expected, dict):
        assert type(actual) is dict, f"{actual!r} is not a dict"
        assert set(actual) == set(expected)
        for k in expected:
            assert_same(actual[k], expected[k])
    elif expected is None:
        assert actual is None
    else:  # pragma: no cover - test bug
        raise AssertionError(f"no comparison for {type(expected)}")


SCALARS = [
    pytest.param(True, id="true"),
    pytest.param(False, id="false"),
    pytest.param(0, id="int-zero"),
    pytest.param(1, id="int-one"),
    pytest.param(-1, id="int-minus-one"),
    pytest.param(2**31, id="int-2^31"),
    pytest.param(2**63 - 1, id="int-max"),
    pytest.param(-(2**63), id="int-min"),
    pytest.param(0.0, id="float-zero"),
    pytest.param(-0.0, id="float-neg-zero"),
    pytest.param(3.141592653589793, id="float-pi"),
    pytest.param(-1e308, id="float-big"),
    pytest.param(5e-324, id="float-denormal"),
    pytest.param(math.inf, id="float-inf"),
    pytest.param(-math.inf, id="float-neg-inf"),
    pytest.param("", id="str-empty"),
    pytest.param("hello", id="str-ascii"),
    pytest.param("héllo wörld ✓ 日本語 🎉", id="str-unicode"),
    pytest.param("nul\x00inside", id="str-nul"),
    pytest.param(b"", id="bytes-empty"),
    pytest.param(b"\x00\x01\xfe\xff", id="bytes"),
    pytest.param(bytes(range(256)), id="bytes-all"),
]


@pytest.mark.parametrize("value", SCALARS)
def test_scalar_roundtrip(client, key, value):
    assert_same(roundtrip(client, key, value), value)


def test_float_nan(client, key):
    got = roundtrip(client, key, math.nan)
    assert type(got) is float and math.isnan(got)


def test_large_string(client, key):
    value = "x" * 100_000 + "é"
    assert roundtrip(client, key, value) == value


def test_large_bytes(client, key):
    value = bytes(range(256)) * 400
    assert bytes(roundtrip(client, key, value)) == value


def test_bytearray_reads_back_as_bytes_like(client, key):
    value = bytearray(b"\x00abc\xff")
    got = roundtrip(client, key, value)
    # stored as a blob; the client hands blobs back as bytes
    assert type(got) is bytes
    assert got == bytes(value)


COLLECTIONS = [
    pytest.param([], id="list-empty"),
    pytest.param([1, "two", 3.0, b"four", True, None], id="list-mixed"),
    pytest.param([[1, [2, [3, [4]]]], []], id="list-nested"),
    pytest.param([2**63 - 1, -(2**63)], id="list-int-extremes"),
    pytest.param({}, id="dict-empty"),
    pytest.param({"a": 1, "b": "x", "c": 2.5, "d": b"\x01", "e": False, "f": None}, id="dict-mixed"),
    pytest.param({1: "one", -2: "minus two", 2**40: "big"}, id="dict-int-keys"),
    pytest.param({"outer": {"inner": {"deep": [1, {"x": [True]}]}}}, id="dict-nested"),
    pytest.param([{"a": [1, 2]}, {"b": {"c": "d"}}], id="list-of-dicts"),
    pytest.param({"ü": ["日本"], "": 0}, id="dict-unicode-keys"),
]


@pytest.mark.parametrize("value", COLLECTIONS)
def test_collection_roundtrip(client, key, value):
    assert_same(roundtrip(client, key, value), value)


def test_tuple_is_stored_as_list(client, key):
    got = roundtrip(client, key, (1, "a", (2, 3)))
    assert got == [1, "a", [2, 3]]
    assert type(got) is list and type(got[2]) is list


def test_all_types_in_one_record(client, key):
    bins = {
        "b": True,
        "i": -5,
        "f": 0.5,
        "s": "str",
        "y": b"\x00",
        "l": [1, 2],
        "m": {"k": "v"},
    }
    client.put(key, bins)
    assert_same(client.get(key)[2], bins)


def test_none_bin_on_new_record_is_absent(client, key):
    client.put(key, {"a": 1, "gone": None})
    assert client.get(key)[2] == {"a": 1}


def test_none_bin_removes_existing_bin(client, key):
    client.put(key, {"a": 1, "b": "x"})
    client.put(key, {"b": None})
    _, _, bins = client.get(key)
    assert bins == {"a": 1}
    assert "b" not in bins


def test_overwrite_changes_type(client, key):
    client.put(key, {"v": 1})
    client.put(key, {"v": "now a string"})
    assert client.get(key)[2] == {"v": "now a string"}


# --------------------------------------------------------------------------
# values the client must refuse (nothing written)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(2**63, id="int-too-big"),
        pytest.param(-(2**63) - 1, id="int-too-small"),
        pytest.param(2**100, id="int-huge"),
        pytest.param([1, 2**64], id="int-too-big-in-list"),
        pytest.param({"k": -(2**70)}, id="int-too-small-in-dict"),
    ],
)
def test_out_of_range_int_raises_param_error(client, key, value):
    with pytest.raises(ex.ParamError):
        client.put(key, {"v": value})
    assert client.exists(key)[1] is None


def test_out_of_range_int_does_not_partially_write(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.ParamError):
        client.put(key, {"a": 2, "b": 2**64})
    _, meta, bins = client.get(key)
    assert bins == {"a": 1}
    assert meta["gen"] == 1


class _Opaque:
    pass


UNSUPPORTED = [
    pytest.param(object(), id="object"),
    pytest.param(_Opaque(), id="instance"),
    pytest.param({1, 2}, id="set"),
    pytest.param(frozenset([1]), id="frozenset"),
    pytest.param(1 + 2j, id="complex"),
    pytest.param({object(): 1}, id="dict-object-key"),
    pytest.param([1, object()], id="list-with-object"),
    pytest.param({"k": {1, 2}}, id="dict-with-set-value"),
    pytest.param(len, id="function"),
]


@pytest.mark.parametrize("value", UNSUPPORTED)
def test_unsupported_value_raises_and_writes_nothing(client, key, value):
    with pytest.raises(ex.ParamError) as info:
        client.put(key, {"v": value})
    assert info.value.code == -2
    assert str(info.value)
    assert client.exists(key)[1] is None


@pytest.mark.parametrize("value", [object(), {1, 2}, 1j, 2**64])
def test_unsupported_value_on_existing_record_changes_nothing(client, key, value):
    client.put(key, {"a": 1, "v": "orig"})
    with pytest.raises(ex.ParamError):
        client.put(key, {"a": 2, "v": value})
    _, meta, bins = client.get(key)
    assert bins == {"a": 1, "v": "orig"}
    assert meta["gen"] == 1
