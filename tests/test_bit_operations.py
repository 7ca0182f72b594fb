"""Bitwise operations (``aerospike_py.bit_operations``) through ``operate``, on both clients.

Expected bytes are Aerospike's documented examples and values measured on a real
server (REAL_SERVER_FACTS.md), so this file passes against one too.
"""

from __future__ import annotations

import warnings

import pytest

import aerospike_py
from aerospike_py import bit_operations as bop
from aerospike_py import exception as ex

from cdt_helpers import run
from cdt_helpers import stored as stored_bin

pytestmark = pytest.mark.filterwarnings(
    "ignore:value_byte_size is deprecated:DeprecationWarning"
)


@pytest.fixture
def bkey(client, key):
    """A record whose bin ``b`` holds bytes 01 42 ff 00."""
    client.put(key, {"b": bytes([0x01, 0x42, 0xFF, 0x00])})
    return key


def stored(client, key):
    return stored_bin(client, key, "b")


def test_scans_and_shift_match_a_real_server(client, bkey):
    assert run(client, bkey, bop.bit_lscan("b", 0, 32, True)) == 7
    assert run(client, bkey, bop.bit_rscan("b", 0, 32, True)) == 23
    assert run(client, bkey, bop.bit_lscan("b", 24, 8, True)) == -1
    client.operate(bkey, [bop.bit_rshift("b", 0, 16, 3)])
    assert stored(client, bkey) == bytes([0x00, 0x28, 0xFF, 0x00])


def test_resize_examples(client, key):
    client.put(key, {"b": b"\x01" * 5})
    client.operate(key, [bop.bit_resize("b", 10)])
    assert stored(client, key) == b"\x01" * 5 + b"\x00" * 5
    client.operate(
        key, [bop.bit_resize("b", 5, resize_flags=aerospike_py.BIT_RESIZE_FROM_FRONT)]
    )
    assert stored(client, key) == b"\x00" * 5
    with pytest.raises(ex.OpNotApplicable):
        client.operate(
            key,
            [bop.bit_resize("b", 2, resize_flags=aerospike_py.BIT_RESIZE_GROW_ONLY)],
        )


def test_or_then_remove_as_documented(client, key):
    client.put(key, {"b": b"\x01" * 5})
    policy = {"bit_write_flags": aerospike_py.BIT_WRITE_DEFAULT}
    _, _, bins = client.operate(
        key,
        [bop.bit_or("b", 0, 8, 1, bytearray([0xFF]), policy), bop.bit_get("b", 0, 40)],
    )
    assert bins == {"b": b"\xff\x01\x01\x01\x01"}
    _, _, bins = client.operate(
        key, [bop.bit_remove("b", 0, 2), bop.bit_get("b", 0, 24)]
    )
    assert bins == {"b": b"\x01\x01\x01"}


def test_set_xor_and_not_insert(client, bkey):
    client.operate(
        bkey,
        [
            bop.bit_set("b", 0, 8, 1, b"\xf0"),
            bop.bit_xor("b", 8, 8, 1, b"\xff"),
            bop.bit_and("b", 16, 8, 1, b"\x0f"),
            bop.bit_not("b", 24, 4),
        ],
    )
    assert stored(client, bkey) == bytes([0xF0, 0xBD, 0x0F, 0xF0])
    client.operate(bkey, [bop.bit_insert("b", 1, 2, b"\xaa\xbb")])
    assert stored(client, bkey) == bytes([0xF0, 0xAA, 0xBB, 0xBD, 0x0F, 0xF0])


def test_integers_add_subtract_and_overflow(client, key):
    client.put(key, {"b": bytes(2)})
    wrap, saturate, fail = (
        aerospike_py.BIT_OVERFLOW_WRAP,
        aerospike_py.BIT_OVERFLOW_SATURATE,
        aerospike_py.BIT_OVERFLOW_FAIL,
    )
    client.operate(key, [bop.bit_set_int("b", 0, 8, 250)])
    client.operate(key, [bop.bit_add("b", 0, 8, 10, False, wrap)])
    assert run(client, key, bop.bit_get_int("b", 0, 8, False)) == 4
    client.operate(key, [bop.bit_add("b", 0, 8, 300 - 4 - 1 - 40, False, saturate)])
    client.operate(key, [bop.bit_add("b", 0, 8, 100, False, saturate)])
    assert run(client, key, bop.bit_get_int("b", 0, 8, False)) == 255
    assert run(client, key, bop.bit_get_int("b", 0, 8, True)) == -1
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [bop.bit_add("b", 0, 8, 1, False, fail)])
    client.operate(key, [bop.bit_subtract("b", 8, 8, 1, True, wrap)])
    assert run(client, key, bop.bit_get_int("b", 8, 8, True)) == -1
    assert run(client, key, bop.bit_count("b", 0, 16)) == 16
    client.operate(key, [bop.bit_lshift("b", 0, 8, 4)])
    assert stored(client, key) == b"\xf0\xff"


def test_write_flags(client, new_key, bkey):
    create_only = {"bit_write_flags": aerospike_py.BIT_WRITE_CREATE_ONLY}
    with pytest.raises(ex.BinExistsError):
        client.operate(bkey, [bop.bit_resize("b", 8, create_only)])
    no_fail = {
        "bit_write_flags": aerospike_py.BIT_WRITE_CREATE_ONLY
        | aerospike_py.BIT_WRITE_NO_FAIL
    }
    client.operate(bkey, [bop.bit_resize("b", 8, no_fail)])
    assert stored(client, bkey) == bytes([0x01, 0x42, 0xFF, 0x00])
    key = new_key()
    client.put(key, {"other": 1})
    update_only = {"bit_write_flags": aerospike_py.BIT_WRITE_UPDATE_ONLY}
    with pytest.raises(ex.BinNotFound):
        client.operate(key, [bop.bit_resize("b", 2, update_only)])


def test_server_errors_carry_the_real_codes(client, bkey):
    with pytest.raises(ex.OpNotApplicable):
        client.operate(bkey, [bop.bit_get("b", 24, 16)])
    client.put(bkey, {"s": "text"})
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(bkey, [bop.bit_count("s", 0, 8)])


@pytest.mark.parametrize(
    ("op", "message"),
    [
        (
            {"op": bop.OP_BIT_COUNT, "bin": "b", "bit_offset": 0},
            "missing field 'bit_size'",
        ),
        (
            {"op": bop.OP_BIT_GET, "bin": "b", "bit_offset": "0", "bit_size": 8},
            "'bit_offset' must be an int",
        ),
        ({**bop.bit_lscan("b", 0, 8, True), "value": 1}, "'value' must be a bool"),
        ({**bop.bit_add("b", 0, 8, 1, False, 7)}, "'action' has no value 7"),
        (
            {**bop.bit_not("b", 0, 8), "policy": {"bit_write_flags": 99}},
            "no 'bit_write_flags' value 99",
        ),
        (
            {**bop.bit_not("b", 0, 8), "policy": {"flags": 1}},
            "unknown 'policy' key 'flags'",
        ),
        ({**bop.bit_get("b", 0, 8), "extra": 1}, "unexpected field 'extra'"),
        ({"op": 2099, "bin": "b"}, "unknown operation code 2099"),
    ],
)
def test_bad_arguments_are_param_errors(client, bkey, op, message):
    with pytest.raises(ex.ParamError, match=message):
        client.operate(bkey, [op])


def test_bad_value_bytes_are_param_errors(client, bkey):
    with pytest.raises(ex.ParamError, match="'value' must be bytes"):
        client.operate(bkey, [bop.bit_or("b", 0, 8, 1, "ff")])
    with pytest.raises(ex.ParamError, match="'value_byte_size' 2 exceeds"):
        client.operate(bkey, [bop.bit_or("b", 0, 8, 2, b"\xff")])


def test_helpers_build_the_official_dicts(official_aerospike):
    from aerospike_helpers.operations import bitwise_operations as official

    calls = {
        "bit_resize": ("b", 4, None, 1),
        "bit_remove": ("b", 0, 1),
        "bit_set": ("b", 0, 8, 1, b"\x01"),
        "bit_set_int": ("b", 0, 8, 3),
        "bit_count": ("b", 0, 8),
        "bit_add": ("b", 0, 8, 1, False, 0),
        "bit_and": ("b", 0, 8, 1, b"\x01"),
        "bit_get": ("b", 0, 8),
        "bit_get_int": ("b", 0, 8, True),
        "bit_insert": ("b", 0, 1, b"\x01"),
        "bit_lscan": ("b", 0, 8, True),
        "bit_lshift": ("b", 0, 8, 1),
        "bit_not": ("b", 0, 8),
        "bit_or": ("b", 0, 8, 1, b"\x01"),
        "bit_rscan": ("b", 0, 8, False),
        "bit_rshift": ("b", 0, 8, 1),
        "bit_subtract": ("b", 0, 8, 1, True, 4),
        "bit_xor": ("b", 0, 8, 1, b"\x01"),
    }
    assert sorted(calls) == sorted(n for n in bop.__all__ if n.startswith("bit_"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for name, args in calls.items():
            assert getattr(bop, name)(*args) == getattr(official, name)(*args), name
    for name in bop.__all__:
        if name.isupper():
            assert getattr(bop, name) == getattr(official_aerospike, name), name
            if name.startswith("BIT_"):
                assert getattr(aerospike_py, name) == getattr(
                    official_aerospike, name
                ), name


def test_official_helper_dicts_run_through_our_client(client, bkey, official_aerospike):
    from aerospike_helpers.operations import bitwise_operations as official

    _, _, bins = client.operate(
        bkey,
        [official.bit_or("b", 0, 8, 1, bytearray([0x80])), official.bit_get("b", 0, 8)],
    )
    assert bins == {"b": b"\x81"}


def test_bytes_written_by_bit_ops_read_back_in_the_official_client(
    client, bkey, official_client
):
    client.operate(bkey, [bop.bit_set_int("b", 8, 8, 0x7E)])
    assert official_client.get(bkey)[2]["b"] == bytes([0x01, 0x7E, 0xFF, 0x00])
    _, _, bins = official_client.operate(bkey, [bop.bit_count("b", 0, 32)])
    assert bins == {"b": 1 + 6 + 8}
