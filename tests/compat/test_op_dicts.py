"""The official helper modules (``aerospike_helpers.operations.*``, ``cdt_ctx``) and ours
build the same operation dicts from the same calls, and the official dicts mean the
same thing to our client as to the official one."""

from __future__ import annotations

import inspect

import pytest

import aerospike_py
from aerospike_py import cdt_ctx as our_ctx
from aerospike_py import exp
from aerospike_py import list_operations as our_list
from aerospike_py import map_operations as our_map
from aerospike_py import operations as our_ops

aerospike = pytest.importorskip("aerospike")
from aerospike_helpers import cdt_ctx as official_ctx  # noqa: E402
from aerospike_helpers.operations import list_operations as official_list  # noqa: E402
from aerospike_helpers.operations import map_operations as official_map  # noqa: E402
from aerospike_helpers.operations import operations as official_ops  # noqa: E402

# Official helpers we do not offer, and why.
NOT_OFFERED = {
    "select_by_path": "path expressions (operator codes 2/3 with cdt_flags) are not in the aerospike crate 3.0",
    "modify_by_path": "path expressions (operator codes 2/3 with cdt_flags) are not in the aerospike crate 3.0",
}

PAIRS = [(official_ops, our_ops), (official_list, our_list), (official_map, our_map)]

# A distinct sample per parameter name, so a field written under the wrong key or
# from the wrong argument shows in the comparison.
SAMPLES = {
    "bin_name": "b", "value": "v", "values": ["v1", "v2"], "value_list": ["vl"], "key_list": ["kl"], "key": "k",
    "keys": ["k1"], "item_dict": {"d": 1}, "index": 3, "index_start": 4, "count": 5, "get_amt": 6, "remove_amt": 7,
    "rank": 8, "rank_start": 9, "offset": -1, "return_type": 7, "inverted": True, "value_begin": 1, "value_end": 9,
    "value_start": 2, "value_end_": 8, "key_range_start": "a", "key_range_end": "z", "amount": 11, "ttl": 120,
    "policy": {"write_flags": 1}, "map_policy": {"map_order": 1}, "list_order": 1, "map_order": 3, "pad": True,
    "persist_index": False, "sort_flags": 2, "separator": ",", "write_item": "w", "append_item": "a",
    "prepend_item": "p",
}  # fmt: skip


def helpers():
    for official, ours in PAIRS:
        for name, fn in sorted(vars(official).items()):
            if inspect.isfunction(fn) and not name.startswith("_") and fn.__module__ == official.__name__:
                yield pytest.param(fn, getattr(ours, name, None), id=name)


def ctx_fields(entry):
    """A context entry as comparable data: official objects and our dicts alike."""
    if isinstance(entry, dict):
        extra = {k: v for k, v in entry.items() if k not in ("id", "value")}
        renamed = {"order": "order_key", "pad": "pad_key"}
        return entry["id"], entry.get("value"), {renamed.get(k, k): v for k, v in extra.items()}
    return entry.id, entry.value, dict(entry.extra_args or {})


@pytest.mark.parametrize("official, ours", list(helpers()))
def test_same_signature_and_same_dict(official, ours):
    if official.__name__ in NOT_OFFERED:
        assert ours is None, f"{official.__name__} is offered now: drop it from NOT_OFFERED"
        pytest.skip(NOT_OFFERED[official.__name__])
    assert ours is not None, f"aerospike_py has no {official.__name__}"
    theirs = inspect.signature(official).parameters
    mine = inspect.signature(ours).parameters
    # Same parameter names in the same order; ours may default what theirs requires.
    assert list(mine)[: len(theirs)] == list(theirs)
    args = {n: SAMPLES[n] for n in theirs if n in SAMPLES and n != "ctx"}
    missing = [n for n, p in theirs.items() if n not in args and n != "ctx" and p.default is inspect.Parameter.empty]
    assert not missing, f"no sample for {missing}"
    # positionally and by keyword, with and without a context path
    assert ours(*args.values()) == official(*args.values())
    assert ours(**args) == official(**args)
    if "ctx" in theirs:
        with_ctx = ours(**args, ctx=[our_ctx.cdt_ctx_list_index(0)])
        theirs_ctx = official(**args, ctx=[official_ctx.cdt_ctx_list_index(0)])
        assert [ctx_fields(e) for e in with_ctx.pop("ctx")] == [ctx_fields(e) for e in theirs_ctx.pop("ctx")]
        assert with_ctx == theirs_ctx


def test_defaults_build_the_same_dicts():
    """Optional arguments left out: the keys the official helpers then omit are omitted."""
    cases = [
        ("list_get_by_index_range", ("b", 1, 7)),
        ("list_get_by_rank_range", ("b", 1, 7)),
        ("list_get_by_value_rank_range_relative", ("b", 5, -1, 7)),
        ("list_sort", ("b",)),
        ("list_append", ("b", 1)),
        ("map_get_by_key_index_range_relative", ("b", 5, -1, 7)),
        ("map_get_by_value_rank_range_relative", ("b", 5, -1, 7)),
        ("map_put", ("b", "k", 1)),
    ]
    for name, args in cases:
        official = getattr(official_list if name.startswith("list") else official_map, name)
        ours = getattr(our_list if name.startswith("list") else our_map, name)
        assert ours(*args) == official(*args), name
    assert our_ops.touch() == official_ops.touch()
    assert our_ops.touch(60) == official_ops.touch(60)


@pytest.mark.parametrize(
    "name, args",
    [
        ("cdt_ctx_list_index", (2,)),
        ("cdt_ctx_list_rank", (-1,)),
        ("cdt_ctx_list_value", ("x",)),
        ("cdt_ctx_list_index_create", (1, aerospike.LIST_ORDERED, True)),
        ("cdt_ctx_map_index", (0,)),
        ("cdt_ctx_map_rank", (1,)),
        ("cdt_ctx_map_key", ("k",)),
        ("cdt_ctx_map_value", (3,)),
        ("cdt_ctx_map_key_create", ("k", aerospike.MAP_KEY_ORDERED)),
        ("cdt_ctx_map_keys_in", (["a", "c"],)),
        ("cdt_ctx_all_children", ()),
    ],
)
def test_context_entries_carry_the_same_fields(name, args):
    assert ctx_fields(getattr(our_ctx, name)(*args)) == ctx_fields(getattr(official_ctx, name)(*args))


def test_filter_contexts_carry_the_same_fields():
    official_expr = __import__("aerospike_helpers.expressions", fromlist=["GT"])
    theirs = official_expr.GT(official_expr.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE), 2).compile()
    for name in ("cdt_ctx_all_children_with_filter", "cdt_ctx_and_filter"):
        ours_id, _, ours_extra = ctx_fields(getattr(our_ctx, name)(theirs))
        official_id, _, official_extra = ctx_fields(getattr(official_ctx, name)(theirs))
        assert (ours_id, ours_extra) == (official_id, official_extra), name


@pytest.fixture
def unconnected():
    """A client that was never connected: an op list that converts fails with
    ClientError (not connected); one that does not convert fails with ParamError first."""
    return aerospike_py.client({"hosts": [("127.0.0.1", 1)]})


@pytest.mark.parametrize(
    "ops",
    [
        pytest.param([official_list.list_join("l", ",")], id="list_join"),
        pytest.param([official_list.list_join("l")], id="list_join-no-separator"),
        pytest.param([official_list.list_size("l", ctx=[official_ctx.cdt_ctx_all_children()])], id="all_children"),
        pytest.param(
            [official_map.map_size("m", ctx=[official_ctx.cdt_ctx_map_keys_in(["a"])])], id="map_keys_in"
        ),
        pytest.param(
            [
                official_map.map_size(
                    "m",
                    ctx=[
                        official_ctx.cdt_ctx_map_keys_in(["a", "b"]),
                        official_ctx.cdt_ctx_and_filter(exp.GT(exp.IntBin("x"), 1)),
                    ],
                )
            ],
            id="and_filter",
        ),
        pytest.param(
            [
                our_list.list_size(
                    "l",
                    ctx=[our_ctx.cdt_ctx_all_children_with_filter(exp.GT(exp.IntBin("x"), 1))],
                )
            ],
            id="all_children_with_filter",
        ),
    ],
)
def test_newer_server_ops_convert(unconnected, ops):
    """Ops the crate can express but Aerospike 8.1.2 does not run (list join is 8.2;
    the wildcard contexts serve path expressions): they convert, then need a server."""
    with pytest.raises(aerospike_py.ClientError) as caught:
        unconnected.operate(("test", "s", "k"), ops)
    assert not isinstance(caught.value, aerospike_py.ParamError), caught.value


def test_bad_official_context_is_a_param_error(unconnected):
    bad = official_ctx.cdt_ctx_map_key_create("k", 2)
    with pytest.raises(aerospike_py.ParamError, match="has no map 'order' 2"):
        unconnected.operate(("test", "s", "k"), [official_map.map_size("m", ctx=[bad])])
    with pytest.raises(aerospike_py.ParamError, match="filter_expr"):
        unconnected.operate(("test", "s", "k"), [official_list.list_size("l", ctx=[our_ctx.cdt_ctx_and_filter(5)])])
