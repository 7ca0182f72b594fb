"""Filter expressions evaluated by the server: every family, on every policy kind, both
clients; a filtered-out record is FilteredOut (27) for a single-record call and a row
result of 27 in a batch; scans and queries skip it. Interop: the official client's
compiled expressions and ours give the same results."""

from __future__ import annotations

import uuid

import pytest

from aerospike_py import cdt_ctx, exp
from aerospike_py import exception as ex
from aerospike_py import expression_operations as eo
from aerospike_py import list_operations as lop
from aerospike_py import operations as op

from exp_cases import cases

FILTERED_OUT = 27
RT = exp.ResultType
BINS = {
    "a": 5, "b": 2, "s": "xyz", "f": 2.5, "t": True, "l": [3, 1, 2], "m": {"a": 1, "b": 2},
    "raw": b"\x01\x02", "n": [[1, 2], [3]], "nm": {"inner": {"x": 1, "y": 5}},
}  # fmt: skip


@pytest.fixture
def rec(client, new_key):
    k = new_key(user_key="e-" + uuid.uuid4().hex[:8])
    client.put(k, BINS, policy={"key": 1})  # POLICY_KEY_SEND: the key is stored
    return k


def passes(client, key, expression):
    try:
        client.get(key, policy={"expressions": expression.compile()})
        return True
    except ex.FilteredOut as e:
        assert e.code == FILTERED_OUT
        return False


# (expression, passes on BINS) — one family per group.
FAMILIES = {
    "int compare": (exp.Eq(exp.IntBin("a"), 5), True),
    "int compare false": (exp.GT(exp.IntBin("a"), 10), False),
    "string": (exp.Eq(exp.StrBin("s"), "xyz"), True),
    "float": (exp.And(exp.GT(exp.FloatBin("f"), 2.0), exp.LT(exp.FloatBin("f"), 3.0)), True),
    "bool": (exp.Eq(exp.BoolBin("t"), True), True),
    "blob": (exp.Eq(exp.BlobBin("raw"), b"\x01\x02"), True),
    "list value": (exp.Eq(exp.ListBin("l"), [3, 1, 2]), True),
    "map value": (exp.Eq(exp.MapBin("m"), {"b": 2, "a": 1}), True),
    # a bin of another type than the expression says: unknown, filtered out (not an error)
    "wrong type": (exp.Eq(exp.StrBin("a"), "5"), False),
    "missing bin": (exp.Eq(exp.IntBin("nope"), 1), False),
    "missing bin or": (exp.Or(exp.Eq(exp.IntBin("nope"), 1), exp.Eq(exp.IntBin("a"), 5)), True),
    "missing bin and": (exp.And(exp.Eq(exp.IntBin("nope"), 1), exp.Eq(exp.IntBin("a"), 4)), False),
    "not unknown": (exp.Not(exp.Eq(exp.IntBin("nope"), 1)), False),
    "not": (exp.Not(exp.Eq(exp.IntBin("a"), 4)), True),
    "exclusive": (exp.Exclusive(exp.Eq(exp.IntBin("a"), 5), exp.Eq(exp.IntBin("b"), 2)), False),
    "bin exists": (exp.And(exp.BinExists("a"), exp.Not(exp.BinExists("zz"))), True),
    "bin type": (exp.And(exp.Eq(exp.BinType("s"), 3), exp.Eq(exp.BinType("zz"), 0)), True),
    "arith": (exp.Eq(exp.Add(exp.IntBin("a"), exp.Mul(exp.IntBin("b"), 3), -1), 10), True),
    "sub div mod": (exp.Eq(exp.Add(exp.Sub(exp.IntBin("a"), 1), exp.Div(9, 2), exp.Mod(7, 4)), 11), True),
    "negate": (exp.Eq(exp.Sub(exp.IntBin("a")), -5), True),
    "float arith": (exp.Eq(exp.Add(exp.FloatBin("f"), 0.5), 3.0), True),
    "pow log": (exp.And(exp.Eq(exp.Pow(2.0, 10.0), 1024.0), exp.Eq(exp.Log(8.0, 2.0), 3.0)), True),
    "abs floor ceil": (
        exp.And(exp.Eq(exp.Abs(-3), 3), exp.Eq(exp.Floor(2.5), 2.0), exp.Eq(exp.Ceil(exp.FloatBin("f")), 3.0)),
        True,
    ),
    "to int float": (exp.And(exp.Eq(exp.ToInt(exp.FloatBin("f")), 2), exp.Eq(exp.ToFloat(exp.IntBin("a")), 5.0)), True),
    "min max": (exp.And(exp.Eq(exp.Min(exp.IntBin("a"), 3, 9), 3), exp.Eq(exp.Max(1, exp.IntBin("b")), 2)), True),
    "int overflow wraps": (exp.LT(exp.Add(2**63 - 1, exp.IntBin("b")), 0), True),
    "divide by zero": (exp.Eq(exp.Div(exp.IntBin("a"), 0), 0), False),
    "int bits": (
        exp.And(
            exp.Eq(exp.IntAnd(exp.IntBin("a"), 4), 4),
            exp.Eq(exp.IntOr(1, 2), 3),
            exp.Eq(exp.IntXOr(3, 1), 2),
            exp.Eq(exp.IntNot(0), -1),
            exp.Eq(exp.IntLeftShift(1, 4), 16),
            exp.Eq(exp.IntRightShift(-1, 60), 15),
            exp.Eq(exp.IntArithmeticRightShift(-16, 2), -4),
            exp.Eq(exp.IntCount(exp.IntBin("a")), 2),
            exp.Eq(exp.IntLeftScan(exp.IntBin("a"), True), 61),
            exp.Eq(exp.IntRightScan(exp.IntBin("a"), True), 63),
        ),
        True,
    ),
    "regex": (exp.CmpRegex(0, "^x.z$", exp.StrBin("s")), True),
    "regex icase": (exp.CmpRegex(2, "^XY", exp.StrBin("s")), True),
    "regex case": (exp.CmpRegex(0, "^XY", exp.StrBin("s")), False),
    # a string bin expression on an int bin: unknown at run time
    "regex non-string": (exp.CmpRegex(0, ".*", exp.StrBin("a")), False),
    "let": (exp.Let(exp.Def("x", exp.IntBin("a")), exp.Def("y", exp.Add(exp.Var("x"), 1)), exp.Eq(exp.Var("y"), 6)), True),
    "cond": (exp.Eq(exp.Cond(exp.GT(exp.IntBin("a"), 9), 1, exp.GT(exp.IntBin("a"), 4), 2, 3), 2), True),
    "cond unknown default": (exp.Eq(exp.Cond(exp.GT(exp.IntBin("a"), 9), 1, exp.Unknown()), 1), False),
    # metadata
    "ttl never expires": (exp.Eq(exp.TTL(), -1), True),
    "void time": (exp.Eq(exp.VoidTime(), -1), True),
    "last update": (exp.GT(exp.LastUpdateTime(), 1_600_000_000 * 10**9), True),
    "since update": (exp.LT(exp.SinceUpdateTime(), 60_000), True),
    "set name": (exp.Eq(exp.SetName(), "aspy_tests"), True),
    "key exists": (exp.KeyExists(), True),
    "record size": (exp.GT(exp.RecordSize(), 0), True),
    "digest mod 1": (exp.Eq(exp.DigestMod(1), 0), True),
    "tombstone": (exp.IsTombstone(), False),
    "key": (exp.Eq(exp.KeyStr(), exp.KeyStr()), True),
    "key of other type": (exp.Eq(exp.KeyInt(), 1), False),
    # lists
    "list size": (exp.Eq(exp.ListSize(None, "l"), 3), True),
    "list by index": (exp.Eq(exp.ListGetByIndex(None, 7, RT.INTEGER, 0, "l"), 3), True),
    "list by index wrong type": (exp.Eq(exp.ListGetByIndex(None, 7, RT.STRING, 0, "l"), "3"), False),
    "list by rank": (exp.Eq(exp.ListGetByRank(None, 7, RT.INTEGER, 0, "l"), 1), True),
    "list by value count": (exp.Eq(exp.ListGetByValue(None, 5, 2, "l"), 1), True),
    "list value range": (exp.Eq(exp.ListGetByValueRange(None, 7, 2, 10, "l"), [3, 2]), True),
    "list index out of range": (exp.Eq(exp.ListGetByIndex(None, 7, RT.INTEGER, 10, "l"), 1), False),
    "in list": (exp.InList(2, exp.ListBin("l")), True),
    "list modify then read": (
        exp.Eq(exp.ListGetByIndex(None, 7, RT.INTEGER, -1, exp.ListSort(None, 0, exp.ListAppend(None, None, 0, "l"))), 3),
        True,
    ),
    "list remove": (exp.Eq(exp.ListRemoveByValue(None, 1, "l"), [3, 2]), True),
    "list nested ctx": (exp.Eq(exp.ListSize([{"id": 0x10, "value": 0}], exp.ListBin("l")), 0), False),
    "list ctx": (exp.Eq(exp.ListSize([cdt_ctx.cdt_ctx_list_index(0)], exp.ListBin("n")), 2), True),
    "list ctx last": (exp.Eq(exp.ListGetByIndex([cdt_ctx.cdt_ctx_list_index(-1)], 7, RT.INTEGER, 0, "n"), 3), True),
    "map ctx": (exp.Eq(exp.MapGetByKey([cdt_ctx.cdt_ctx_map_key("inner")], 7, RT.INTEGER, "y", "nm"), 5), True),
    "map ctx missing": (exp.Eq(exp.MapSize([cdt_ctx.cdt_ctx_map_key("nope")], "nm"), 0), False),
    # maps
    "map size": (exp.Eq(exp.MapSize(None, "m"), 2), True),
    "map by key": (exp.Eq(exp.MapGetByKey(None, 7, RT.INTEGER, "b", "m"), 2), True),
    "map missing key": (exp.Eq(exp.MapGetByKey(None, 7, RT.INTEGER, "zz", "m"), 2), False),
    "map keys": (exp.Eq(exp.MapGetByKeyRange(None, 6, "a", "c", "m"), ["a", "b"]), True),
    "map put": (exp.Eq(exp.MapSize(None, exp.MapPut(None, None, "c", 3, "m")), 3), True),
    "map keys values": (exp.Eq(exp.MapGetValues(exp.MapBin("m")), [1, 2]), True),
    # bits and HLL
    "bit count": (exp.Eq(exp.BitCount(0, 16, exp.BlobBin("raw")), 2), True),
    "bit get int": (exp.Eq(exp.BitGetInt(8, 8, False, "raw"), 2), True),
    "bit on a list": (exp.Eq(exp.BitCount(0, 8, exp.BlobBin("l")), 0), False),
    "bit modify then read": (exp.Eq(exp.BitGetInt(0, 8, False, exp.BitOr(None, 0, 8, b"\x80", "raw")), 0x81), True),
    "bit resize": (exp.Eq(exp.BitCount(0, 32, exp.BitResize(None, 4, 0, "raw")), 2), True),
    "bit b64": (exp.Eq(exp.BitB64Encode(None, None, False, "raw"), "AQI="), True),
}


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_family(client, rec, name):
    expression, expected = FAMILIES[name]
    assert passes(client, rec, expression) is expected


def test_geo_and_hll_values(client, new_key):
    from aerospike_py import GeoJSON
    from aerospike_py import hll_operations as hll

    k = new_key()
    client.put(k, {"loc": GeoJSON({"type": "Point", "coordinates": [-122.0, 37.0]})})
    client.operate(k, [hll.hll_add("h", [f"item{i}" for i in range(100)], 12)])
    near = GeoJSON({"type": "AeroCircle", "coordinates": [[-122.0, 37.0], 1000]})
    far = GeoJSON({"type": "AeroCircle", "coordinates": [[-100.0, 37.0], 1000]})
    assert passes(client, k, exp.CmpGeo(exp.GeoBin("loc"), near))
    assert not passes(client, k, exp.CmpGeo(exp.GeoBin("loc"), far))
    assert not passes(client, k, exp.CmpGeo(exp.GeoBin("nope"), near))
    assert passes(client, k, exp.And(exp.GT(exp.HLLGetCount("h"), 90), exp.LT(exp.HLLGetCount("h"), 110)))
    assert passes(client, k, exp.Eq(exp.HLLDescribe("h"), [12, 0]))
    assert passes(client, k, exp.Eq(exp.HLLMayContain(["item3"], exp.HLLBin("h")), 1))
    assert not passes(client, k, exp.Eq(exp.HLLMayContain(["not-added", "nor-this"], exp.HLLBin("h")), 1))


@pytest.mark.parametrize(
    "expression",
    [
        exp.IntBin("a"),  # not a boolean
        exp.Eq(exp.Add(exp.IntBin("a"), 1.5), 6.5),  # int + float
        exp.LT(exp.IntBin("a"), "a"),  # operands of different types: refused, not compared
        exp.Eq(exp.IntBin("nope"), 1.0),  # even when the bin is missing (the types are declared)
        exp.Eq(exp.Var("undefined"), 1),
        exp.CmpRegex(0, "(", exp.StrBin("s")),  # bad regex
    ],
    ids=["not bool", "mixed arith", "int vs string", "int vs float", "undefined var", "bad regex"],
)
def test_malformed_on_the_server_is_parameter_error(client, rec, expression):
    # the server's PARAMETER_ERROR (4) is InvalidRequest, as the official client names it
    with pytest.raises(ex.InvalidRequest) as e:
        client.get(rec, policy={"expressions": expression.compile()})
    assert e.value.code == 4


def test_filter_key_names(client, rec):
    # aerospike-py 0.14.4 spelled the key `filter_expression`
    with pytest.raises(ex.FilteredOut):
        client.get(rec, policy={"filter_expression": exp.Eq(exp.IntBin("a"), 4).compile()})
    assert client.get(rec, policy={"filter_expression": exp.Eq(exp.IntBin("a"), 5)}).bins["a"] == 5


NO = exp.Eq(exp.IntBin("a"), 4).compile()
YES = exp.Eq(exp.IntBin("a"), 5).compile()


def test_write_policies(client, rec):
    with pytest.raises(ex.FilteredOut):
        client.put(rec, {"a": 100}, policy={"expressions": NO})
    assert client.get(rec).bins["a"] == 5  # nothing changed
    client.put(rec, {"c": 1}, policy={"expressions": YES})
    assert client.get(rec).bins["c"] == 1


def test_operate_remove_exists_touch(client, rec):
    with pytest.raises(ex.FilteredOut):
        client.operate(rec, [op.increment("a", 1)], policy={"expressions": NO})
    with pytest.raises(ex.FilteredOut):
        client.remove(rec, policy={"expressions": NO})
    with pytest.raises(ex.FilteredOut):
        client.touch(rec, 100, policy={"expressions": NO})
    assert client.get(rec).bins["a"] == 5
    assert client.operate(rec, [op.increment("a", 1), op.read("a")], policy={"expressions": YES}).bins == {"a": 6}
    client.remove(rec, policy={"expressions": exp.Eq(exp.IntBin("a"), 6).compile()})
    with pytest.raises(ex.RecordNotFound):
        client.get(rec)


def test_missing_record_is_not_found_not_filtered(client, new_key):
    with pytest.raises(ex.RecordNotFound):
        client.get(new_key(), policy={"expressions": NO})


def test_batch_rows_filtered(client, new_key):
    # the real-server measurement: ages 20..29 with GE(age, 25)
    keys = [new_key() for _ in range(10)]
    for i, k in enumerate(keys):
        client.put(k, {"age": 20 + i})
    batch = client.batch_read(keys, policy={"expressions": exp.GE(exp.IntBin("age"), 25).compile()})
    assert [r.result for r in batch.batch_records] == [27] * 5 + [0] * 5
    assert [r.record.bins["age"] for r in batch.batch_records[5:]] == [25, 26, 27, 28, 29]
    assert all(r.record is None for r in batch.batch_records[:5])
    ops_batch = client.batch_operate(
        keys, [op.increment("age", 100)], policy={"expressions": exp.LT(exp.IntBin("age"), 22).compile()}
    )
    assert [r.result for r in ops_batch.batch_records] == [0, 0] + [27] * 8
    assert [client.get(k).bins["age"] for k in keys[:3]] == [120, 121, 22]
    removed = client.batch_remove(keys, policy={"expressions": exp.GT(exp.IntBin("age"), 100).compile()})
    assert [r.result for r in removed.batch_records] == [0, 0] + [27] * 8
    client.batch_remove(keys[2:])


def test_scan_and_query_filters(client, namespace, _admin_client):
    set_name = "aspy_eq_" + uuid.uuid4().hex[:8]
    keys = [(namespace, set_name, i) for i in range(12)]
    for i, k in enumerate(keys):
        _admin_client.put(k, {"n": i, "tags": [i % 3, 100 + i]})
    index = set_name + "_n"
    _admin_client.index_integer_create(namespace, set_name, "n", index)
    try:
        raw = getattr(client, "wrapped", client)
        first_tag_is_1 = exp.Eq(exp.ListGetByIndex(None, 7, RT.INTEGER, 0, exp.ListBin("tags")), 1).compile()
        scan = raw.scan(namespace, set_name)
        got = _resolve(client, lambda: scan.results(policy={"expressions": first_tag_is_1}))
        assert sorted(b["n"] for _, _, b in got) == [1, 4, 7, 10]
        from aerospike_py import predicates as p

        q = raw.query(namespace, set_name)
        q.where(p.between("n", 3, 9))
        got = _resolve(client, lambda: q.results(policy={"expressions": first_tag_is_1}))
        assert sorted(b["n"] for _, _, b in got) == [4, 7]
    finally:
        _admin_client.index_remove(namespace, index)
        _admin_client.batch_remove(keys)


def _resolve(client, call):
    import inspect

    loop = getattr(client, "_loop", None)
    if loop is None:
        return call()

    async def run():
        result = call()
        return await result if inspect.isawaitable(result) else result

    return loop.run_until_complete(run())


def test_expression_operations(client, rec):
    # the real-server measurement: expression_read("twice", Mul(IntBin("age"), 2)) on age 4 → 8
    client.put(rec, {"age": 4})
    twice = exp.Mul(exp.IntBin("age"), 2).compile()
    assert client.operate(rec, [eo.expression_read("twice", twice)]).bins == {"twice": 8}
    assert client.operate_ordered(rec, [eo.expression_read("twice", twice)]).bins == [("twice", 8)]
    client.operate(rec, [eo.expression_write("sum", exp.Add(exp.IntBin("age"), exp.IntBin("b")).compile())])
    assert client.get(rec).bins["sum"] == 6
    # an expression on a missing bin fails the op (26) unless EVAL_NO_FAIL
    with pytest.raises(ex.OpNotApplicable):
        client.operate(rec, [eo.expression_read("x", exp.IntBin("nope").compile())])
    assert client.operate(rec, [eo.expression_read("x", exp.IntBin("nope").compile(), 16)]).bins == {"x": None}
    # write flags: CREATE_ONLY refuses an existing bin (6) unless POLICY_NO_FAIL
    with pytest.raises(ex.AerospikeError) as e:
        client.operate(rec, [eo.expression_write("sum", exp.Val(1).compile(), 1)])
    assert e.value.code == 6
    client.operate(rec, [eo.expression_write("sum", exp.Val(1).compile(), 1 | 8)])
    assert client.get(rec).bins["sum"] == 6
    rows = client.batch_operate([rec], [eo.expression_read("twice", twice)]).batch_records
    assert rows[0].result == 0 and rows[0].record.bins == {"twice": 8}


@pytest.mark.parametrize(
    "bad, words",
    [
        ({"op": 2200, "bin": "x"}, "missing field 'expr'"),
        ({"op": 2200, "bin": "x", "expr": [(999, None, None, 0)]}, "unknown expression code"),
        ({"op": 2201, "bin": "x", "expr": exp.Val(1).compile(), "expr_flags": 64}, "unknown bits"),
        ({"op": 2200, "bin": "x", "expr": exp.Val(1).compile(), "expr_flags": 1}, "unknown bits"),
    ],
)
def test_bad_expression_ops(client, rec, bad, words):
    with pytest.raises(ex.ParamError, match=words):
        client.operate(rec, [bad])


def test_list_ops_still_work_beside_expressions(client, rec):
    out = client.operate(rec, [lop.list_size("l"), eo.expression_read("n", exp.ListSize(None, "l").compile())])
    assert out.bins == {"l": 3, "n": 3}


@pytest.mark.interop
@pytest.mark.parametrize("name", sorted(cases(exp)))
def test_same_results_as_the_official_client(name, client, official_client, new_key):
    """Each case of exp_cases, compiled by both libraries, filters the same record the same
    way (pass, filtered out, or the same server error)."""
    official_exp = pytest.importorskip("aerospike_helpers.expressions")
    k = new_key()
    bins = {"a": 1, "b": 2, "s": "x", "f": 2.5, "t": True, "l": [1, 2, 3], "m": {"a": 1, "b": 2}}
    client.put(k, bins, policy={"key": 1})

    def outcome(run):
        try:
            run()
            return "pass"
        except Exception as e:
            return getattr(e, "code", type(e).__name__)

    ours = outcome(lambda: client.get(k, policy={"expressions": cases(exp)[name].compile()}))
    theirs = outcome(lambda: official_client.get(k, policy={"expressions": cases(official_exp)[name].compile()}))
    assert ours == theirs


def test_batch_sub_policy_filters(client, new_key):
    """Each row's own policy filter (batch_write with aerospike_py.batch_records), beside the
    batch policy's filter for rows without one."""
    from aerospike_py import batch_records as br

    keys = [new_key() for _ in range(4)]
    for i, k in enumerate(keys):
        client.put(k, {"v": i})
    low = {"expressions": exp.LT(exp.IntBin("v"), 2).compile()}
    batch = br.BatchRecords(
        [
            br.Read(keys[0], None, read_all_bins=True, policy=low),
            br.Read(keys[3], None, read_all_bins=True, policy=low),
            br.Write(keys[1], [op.write("w", 1)], policy=low),
            br.Write(keys[2], [op.write("w", 1)], policy=low),
        ]
    )
    out = client.batch_write(batch)
    assert [r.result for r in out.batch_records] == [0, FILTERED_OUT, 0, FILTERED_OUT]
    assert client.get(keys[1]).bins == {"v": 1, "w": 1} and client.get(keys[2]).bins == {"v": 2}
    client.batch_remove(keys)


@pytest.fixture(scope="module")
def echo_module(_admin_client, tmp_path_factory):
    name = "aspy_exp_udf_" + uuid.uuid4().hex[:8]
    path = tmp_path_factory.mktemp("exp_udf") / f"{name}.lua"
    path.write_text("function bump(rec, bin)\n  rec[bin] = rec[bin] + 1\n  aerospike:update(rec)\n  return rec[bin]\nend\n")
    assert _admin_client.udf_put(str(path)) == 0
    yield name
    try:
        _admin_client.udf_remove(f"{name}.lua")
    except ex.AerospikeError:
        pass


def test_apply_policy_filter(client, rec, echo_module):
    with pytest.raises(ex.FilteredOut):
        client.apply(rec, echo_module, "bump", ["a"], policy={"expressions": NO})
    assert client.get(rec).bins["a"] == 5
    assert client.apply(rec, echo_module, "bump", ["a"], policy={"expressions": YES}) == 6
