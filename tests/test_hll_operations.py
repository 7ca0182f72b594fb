"""HyperLogLog operations (``aerospike_py.hll_operations``) through ``operate``, on both clients.

Counts and similarities are the values a real Aerospike 8.1 server gives for the
same inputs (REAL_SERVER_FACTS.md): the test server implements the same sketch.
"""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py import hll_operations as hop

from cdt_helpers import run

ITEMS = [f"item{i}" for i in range(1000)]
OTHER = [f"item{i}" for i in range(500, 1500)]


def test_count_matches_a_real_server(client, key):
    client.operate(key, [hop.hll_init("h", 12)])
    assert run(client, key, hop.hll_add("h", ITEMS)) > 0
    assert run(client, key, hop.hll_get_count("h")) == 1010
    assert run(client, key, hop.hll_describe("h")) == [12, 0]


def test_min_hash_sketches_and_similarity_match_a_real_server(client, key, new_key):
    other = new_key()
    client.operate(key, [hop.hll_add("h", ITEMS, 12, 16)])
    client.operate(other, [hop.hll_add("h", OTHER, 12, 16)])
    assert run(client, key, hop.hll_get_count("h")) == 1010
    assert run(client, key, hop.hll_describe("h")) == [12, 16]
    theirs = client.get(other)[2]["h"]
    assert run(client, key, hop.hll_get_similarity("h", [theirs])) == pytest.approx(
        0.3341187709459815, abs=1e-15
    )
    assert run(client, key, hop.hll_get_intersect_count("h", [theirs])) == 509


def test_union_ops(client, key, new_key):
    other = new_key()
    client.operate(key, [hop.hll_add("h", ITEMS[:500], 10)])
    client.operate(other, [hop.hll_add("h", ITEMS[500:], 10)])
    theirs = client.get(other)[2]["h"]
    union_count = run(client, key, hop.hll_get_union_count("h", [theirs]))
    assert abs(union_count - 1000) <= 1000 * 0.1
    union = run(client, key, hop.hll_get_union("h", [theirs]))
    assert isinstance(union, bytes)
    client.operate(key, [hop.hll_set_union("h", [theirs])])
    assert run(client, key, hop.hll_get_count("h")) == union_count
    assert run(client, key, hop.hll_refresh_count("h")) == union_count


def test_fold_reduces_index_bits(client, key):
    client.operate(key, [hop.hll_add("h", ITEMS, 12)])
    client.operate(key, [hop.hll_fold("h", 8)])
    assert run(client, key, hop.hll_describe("h")) == [8, 0]
    assert abs(run(client, key, hop.hll_get_count("h")) - 1000) <= 1000 * 0.2


def test_write_flags(client, key):
    client.operate(key, [hop.hll_init("h", 8)])
    with pytest.raises(ex.BinExistsError):
        client.operate(
            key,
            [
                hop.hll_init(
                    "h", 8, policy={"flags": aerospike_py.HLL_WRITE_CREATE_ONLY}
                )
            ],
        )
    no_fail = {
        "flags": aerospike_py.HLL_WRITE_CREATE_ONLY | aerospike_py.HLL_WRITE_NO_FAIL
    }
    client.operate(key, [hop.hll_init("h", 10, policy=no_fail)])
    assert run(client, key, hop.hll_describe("h")) == [8, 0]
    with pytest.raises(ex.BinNotFound):
        client.operate(
            key,
            [
                hop.hll_init(
                    "g", 8, policy={"flags": aerospike_py.HLL_WRITE_UPDATE_ONLY}
                )
            ],
        )


def test_set_union_cannot_reduce_bits_without_allow_fold(client, key, new_key):
    small = new_key()
    client.operate(small, [hop.hll_add("h", ITEMS, 8)])
    theirs = client.get(small)[2]["h"]
    client.operate(key, [hop.hll_add("h", ITEMS, 12)])
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [hop.hll_set_union("h", [theirs])])
    client.operate(
        key,
        [
            hop.hll_set_union(
                "h", [theirs], policy={"flags": aerospike_py.HLL_WRITE_ALLOW_FOLD}
            )
        ],
    )
    assert run(client, key, hop.hll_describe("h")) == [8, 0]


def test_server_errors_carry_the_real_codes(client, key):
    client.put(key, {"s": "text"})
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [hop.hll_init("h")])  # no index bits to create with
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(key, [hop.hll_get_count("s")])
    with pytest.raises(ex.InvalidRequest):
        client.operate(key, [hop.hll_init("h", 3)])
    client.operate(key, [hop.hll_init("h", 8, 8)])
    with pytest.raises(ex.OpNotApplicable):
        client.operate(key, [hop.hll_fold("h", 4)])


@pytest.mark.parametrize(
    ("op", "message"),
    [
        (hop.hll_add("h", []), "'value_list' must not be empty"),
        (
            hop.hll_get_union("h", ["not an hll"]),
            r"value_list\[0\] must be an HLL value",
        ),
        (hop.hll_init("h", "12"), "'index_bit_count' must be an int"),
        (hop.hll_init("h", 12, policy={"flags": 64}), "no 'flags' value 64"),
        ({**hop.hll_get_count("h"), "value_list": []}, "unexpected field 'value_list'"),
    ],
)
def test_bad_arguments_are_param_errors(client, key, op, message):
    with pytest.raises(ex.ParamError, match=message):
        client.operate(key, [op])


def test_helpers_build_the_official_dicts(official_aerospike):
    from aerospike_helpers.operations import hll_operations as official

    calls = {
        "hll_add": ("h", [1, "a"], 10, 4, {"flags": 1}),
        "hll_describe": ("h",),
        "hll_fold": ("h", 6),
        "hll_get_count": ("h",),
        "hll_get_intersect_count": ("h", [b"x"]),
        "hll_get_similarity": ("h", [b"x"]),
        "hll_get_union": ("h", [b"x"]),
        "hll_get_union_count": ("h", [b"x"]),
        "hll_init": ("h", 10),
        "hll_refresh_count": ("h",),
        "hll_set_union": ("h", [b"x"], {"flags": 8}),
    }
    assert sorted(calls) == sorted(n for n in hop.__all__ if n.startswith("hll_"))
    for name, args in calls.items():
        assert getattr(hop, name)(*args) == getattr(official, name)(*args), name
    for name in hop.__all__:
        if name.isupper():
            assert getattr(hop, name) == getattr(official_aerospike, name), name
            if name.startswith("HLL_"):
                assert getattr(aerospike_py, name) == getattr(
                    official_aerospike, name
                ), name


def test_hll_bins_interoperate_with_the_official_client(
    client, key, new_key, official_client
):
    from aerospike_helpers.operations import hll_operations as official

    official_client.operate(key, [official.hll_add("h", ITEMS, 12)])
    assert run(client, key, hop.hll_get_count("h")) == 1010
    other = new_key()
    client.operate(other, [hop.hll_add("h", OTHER, 12)])
    theirs = official_client.get(other)[2]["h"]
    _, _, bins = official_client.operate(
        key, [official.hll_get_union_count("h", [theirs])]
    )
    assert bins["h"] == run(
        client, key, hop.hll_get_union_count("h", [client.get(other)[2]["h"]])
    )


def test_an_hll_bin_reads_back_as_a_hyperloglog(client, key, new_key):
    client.operate(key, [hop.hll_add("h", ITEMS, 12)])
    value = client.get(key)[2]["h"]
    assert type(value) is aerospike_py.HyperLogLog
    assert isinstance(value, bytes)
    assert repr(value) == f"HyperLogLog({bytes(value)!r})"
    union = run(client, key, hop.hll_get_union("h", [value]))
    assert type(union) is aerospike_py.HyperLogLog


def test_a_hyperloglog_written_back_stays_an_hll_bin(client, key, new_key):
    client.operate(key, [hop.hll_add("h", ITEMS, 12)])
    sketch = client.get(key)[2]["h"]
    copy = new_key()
    client.put(copy, {"h": sketch, "nested": [sketch, {"m": sketch}], "blob": bytes(sketch)})
    assert run(client, copy, hop.hll_get_count("h")) == 1010
    bins = client.get(copy)[2]
    assert type(bins["h"]) is aerospike_py.HyperLogLog
    assert [type(bins["nested"][0]), type(bins["nested"][1]["m"])] == [aerospike_py.HyperLogLog] * 2
    assert bins["nested"][0] == sketch
    # The same bytes as plain bytes are a blob, which the HLL operations refuse.
    assert type(bins["blob"]) is bytes
    with pytest.raises(ex.BinIncompatibleType):
        client.operate(copy, [hop.hll_get_count("blob")])


def test_hyperloglog_values_cross_between_the_clients(client, key, new_key, official_client):
    from aerospike_helpers import HyperLogLog as OfficialHyperLogLog
    from aerospike_helpers.operations import hll_operations as official

    official_client.operate(key, [official.hll_add("h", ITEMS, 12)])
    ours = client.get(key)[2]["h"]
    theirs = official_client.get(key)[2]["h"]
    assert type(theirs) is OfficialHyperLogLog
    assert ours == theirs
    # What each client writes back, the other reads as its HyperLogLog, still an HLL bin.
    by_us, by_them = new_key(), new_key()
    client.put(by_us, {"h": ours})
    official_client.put(by_them, {"h": theirs})
    assert type(official_client.get(by_us)[2]["h"]) is OfficialHyperLogLog
    assert type(client.get(by_them)[2]["h"]) is aerospike_py.HyperLogLog
    _, _, counted = official_client.operate(by_us, [official.hll_get_count("h")])
    assert counted["h"] == run(client, by_them, hop.hll_get_count("h")) == 1010
