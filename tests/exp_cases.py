"""Expressions written once, built with either library (``m`` is ``aerospike_py.exp`` or the
official ``aerospike_helpers.expressions``): the interop tests compare what each produces."""

from __future__ import annotations

LIST_VALUE, MAP_VALUE, MAP_KEY, COUNT = 7, 7, 6, 5  # return types (official values)


def chain(first, steps):
    """``steps[-1](...steps[0](first))``: deep nesting written flat."""
    for step in steps:
        first = step(first)
    return first


def ctx_module(m):
    """The CDT-context helpers that go with expression module ``m``."""
    if m.__name__.startswith("aerospike_py"):
        from aerospike_py import cdt_ctx
    else:
        from aerospike_helpers import cdt_ctx
    return cdt_ctx


def cases(m):
    rt = m.ResultType
    cx = ctx_module(m)
    L, M = m.ListBin("l"), m.MapBin("m")
    return {
        # comparisons and logic
        "eq": m.Eq(m.IntBin("a"), 1),
        "ne_str": m.NE(m.StrBin("s"), "x"),
        "gt_float": m.GT(m.FloatBin("f"), 2.5),
        "ge_lt_le": m.And(m.GE(m.IntBin("a"), 1), m.LT(m.IntBin("a"), 9), m.LE(m.IntBin("b"), 3)),
        "or_not": m.Or(m.Not(m.BinExists("a")), m.Eq(m.BoolBin("t"), True)),
        "exclusive": m.Exclusive(m.Eq(m.IntBin("a"), 1), m.Eq(m.IntBin("b"), 2)),
        "blob": m.Eq(m.BlobBin("b"), b"\x01\x02"),
        "list_eq": m.Eq(m.ListBin("l"), [1, "two", 3.0]),
        "map_eq": m.Eq(m.MapBin("m"), {"b": 1, "a": [2]}),
        "bin_type": m.Eq(m.BinType("a"), 1),
        "regex": m.CmpRegex(2, "^ab.*", m.StrBin("s")),
        "geo": m.CmpGeo(m.GeoBin("g"), m.GeoBin("h")),
        # metadata and keys
        "meta": m.And(
            m.GT(m.TTL(), 10), m.GT(m.VoidTime(), 0), m.GT(m.LastUpdateTime(), 0),
            m.GT(m.SinceUpdateTime(), 0), m.GT(m.RecordSize(), 0), m.GT(m.DeviceSize(), 0),
            m.Eq(m.DigestMod(3), 1), m.Eq(m.SetName(), "s"), m.KeyExists(), m.Not(m.IsTombstone()),
        ),
        "keys": m.Or(m.Eq(m.KeyInt(), 1), m.Eq(m.KeyStr(), "k"), m.Eq(m.KeyBlob(), b"k")),
        # arithmetic and integer bits
        "arith": m.Eq(m.Add(m.IntBin("a"), m.Sub(5, 2), m.Mul(2, 3), m.Div(8, 2)), 10),
        "pow_log_mod": m.GT(m.Add(m.Pow(2.0, 3.0), m.Log(8.0, 2.0)), m.ToFloat(m.Mod(m.IntBin("a"), 3))),
        "unary": m.Eq(m.Add(m.ToInt(m.Floor(m.FloatBin("f"))), m.ToInt(m.Ceil(1.5)), m.Abs(m.IntBin("a"))), 3),
        "min_max": m.Eq(m.Min(m.IntBin("a"), 3, 4), m.Max(1, 2)),
        "int_bits": m.Eq(
            m.IntOr(m.IntAnd(m.IntBin("a"), 3), m.IntXOr(1, 2), m.IntNot(0), m.IntLeftShift(1, 2),
                    m.IntRightShift(8, 1), m.IntArithmeticRightShift(-8, 1), m.IntCount(7),
                    m.IntLeftScan(5, True), m.IntRightScan(5, False)),
            7,
        ),
        "operators": m.Eq(m.IntBin("a") + 1 - m.IntBin("b") * 2, 3),
        # let / cond / unknown
        "let": m.Let(m.Def("x", m.IntBin("a")), m.Def("y", 2), m.GT(m.Add(m.Var("x"), m.Var("y")), 4)),
        "cond": m.Eq(m.Cond(m.GT(m.IntBin("a"), 5), 1, m.LT(m.IntBin("a"), 0), 2, m.Unknown()), 1),
        # list reads
        "list_size": m.GT(m.ListSize(None, L), 2),
        "list_by_index": m.Eq(m.ListGetByIndex(None, LIST_VALUE, rt.INTEGER, 0, L), 1),
        "list_by_rank": m.Eq(m.ListGetByRank(None, LIST_VALUE, rt.INTEGER, -1, "l"), 9),
        "list_by_value": m.GT(m.ListGetByValue(None, COUNT, 2, L), 0),
        "list_by_value_inv": m.GT(m.ListGetByValue(None, COUNT, 2, L, True), 0),
        "list_value_range": m.GT(m.ListGetByValueRange(None, COUNT, 1, 5, L), 0),
        "list_value_list": m.GT(m.ListGetByValueList(None, COUNT, [1, 2], L), 0),
        "list_rel_rank": m.GT(m.ListGetByValueRelRankRange(None, COUNT, 3, 0, 2, L), 0),
        "list_rel_rank_end": m.GT(m.ListGetByValueRelRankRangeToEnd(None, COUNT, 3, 0, L), 0),
        "list_index_range": m.GT(m.ListGetByIndexRange(None, COUNT, 0, 2, L), 0),
        "list_index_end": m.GT(m.ListGetByIndexRangeToEnd(None, COUNT, 1, L), 0),
        "list_rank_range": m.GT(m.ListGetByRankRange(None, COUNT, 0, 2, L), 0),
        "list_rank_end": m.GT(m.ListGetByRankRangeToEnd(None, COUNT, 1, L), 0),
        # list modifies (the result is the modified list, the record is not written)
        "list_append": m.GT(m.ListSize(None, m.ListAppend(None, None, 9, L)), 3),
        "list_append_policy": m.GT(m.ListSize(None, m.ListAppendItems(None, {"write_flags": 1}, [8, 9], L)), 3),
        "list_insert": m.Eq(m.ListGetByIndex(None, LIST_VALUE, rt.INTEGER, 0, m.ListInsert(None, None, 0, 7, L)), 7),
        "list_insert_items": m.GT(m.ListSize(None, m.ListInsertItems(None, None, 1, [4, 5], L)), 3),
        "list_increment": m.GT(m.ListSize(None, m.ListIncrement(None, None, 0, 2, L)), 0),
        "list_set": m.GT(m.ListSize(None, m.ListSet(None, None, 0, 2, L)), 0),
        "list_clear": m.Eq(m.ListSize(None, m.ListClear(None, L)), 0),
        "list_sort": m.Eq(m.ListGetByIndex(None, LIST_VALUE, rt.INTEGER, 0, m.ListSort(None, 0, L)), 1),
        "list_removes": m.GE(m.ListSize(None, chain(L, [
            lambda b: m.ListRemoveByIndex(None, 0, b),
            lambda b: m.ListRemoveByRank(None, 0, b),
            lambda b: m.ListRemoveByValueRelRankRange(None, 1, 80, 1, b, True),
            lambda b: m.ListRemoveByValueRelRankToEnd(None, 1, 70, b),
            lambda b: m.ListRemoveByRankRange(None, 60, 2, b),
            lambda b: m.ListRemoveByRankRangeToEnd(None, 50, b),
            lambda b: m.ListRemoveByIndexRange(None, 30, 1, b),
            lambda b: m.ListRemoveByIndexRangeToEnd(None, 20, b),
            lambda b: m.ListRemoveByValueRange(None, 10, None, b),
            lambda b: m.ListRemoveByValueList(None, [3], b),
            lambda b: m.ListRemoveByValue(None, 2, b),
        ])), 0),
        # map modifies
        "map_put": m.GT(m.MapSize(None, m.MapPut(None, {"map_write_flags": 0}, "z", 1, M)), 0),
        "map_put_items": m.GT(m.MapSize(None, m.MapPutItems(None, None, {"y": 2}, M)), 0),
        "map_increment": m.GT(m.MapSize(None, m.MapIncrement(None, None, "a", 1, M)), 0),
        "map_clear": m.Eq(m.MapSize(None, m.MapClear(None, M)), 0),
        "map_removes": m.GE(m.MapSize(None, chain(M, [
            # single-element removes first, while the map still has the elements
            lambda b: m.MapRemoveByIndex(None, 0, b),
            lambda b: m.MapRemoveByRank(None, 0, b),
            lambda b: m.MapRemoveByRankRange(None, 14, 1, b, True),
            lambda b: m.MapRemoveByRankRangeToEnd(None, 13, b),
            lambda b: m.MapRemoveByIndexRange(None, 11, 1, b),
            lambda b: m.MapRemoveByIndexRangeToEnd(None, 10, b),
            lambda b: m.MapRemoveByValueRelRankRange(None, 1, 8, 1, b),
            lambda b: m.MapRemoveByValueRelRankRangeToEnd(None, 1, 7, b),
            lambda b: m.MapRemoveByValueRange(None, 90, 95, b),
            lambda b: m.MapRemoveByValueList(None, [98], b),
            lambda b: m.MapRemoveByValue(None, 99, b),
            lambda b: m.MapRemoveByKeyRelIndexRange(None, "c", 6, 1, b),
            lambda b: m.MapRemoveByKeyRelIndexRangeToEnd(None, "c", 5, b),
            lambda b: m.MapRemoveByKeyRange(None, "x", None, b),
            lambda b: m.MapRemoveByKeyList(None, ["b"], b),
            lambda b: m.MapRemoveByKey(None, "a", b),
        ])), 0),
        "map_keys_values": m.Eq(m.MapGetKeys(M), m.MapGetValues("m")),
        "in_list": m.InList(1, L),
        # nested elements through a context path
        "list_ctx": m.Eq(m.ListSize([cx.cdt_ctx_list_index(0)], L), 2),
        "map_ctx": m.Eq(
            m.MapGetByKey([cx.cdt_ctx_map_key("inner"), cx.cdt_ctx_map_rank(-1)], MAP_VALUE, rt.INTEGER, "x", M), 1
        ),
        "list_ctx_value": m.GT(m.ListGetByValue([cx.cdt_ctx_list_value([1, 2])], COUNT, 1, L), 0),
        # map reads
        "map_size": m.GT(m.MapSize(None, M), 1),
        "map_by_key": m.Eq(m.MapGetByKey(None, MAP_VALUE, rt.INTEGER, "a", M), 1),
        "map_by_key_list": m.GT(m.MapGetByKeyList(None, COUNT, ["a", "b"], M), 0),
        "map_key_range": m.GT(m.MapGetByKeyRange(None, COUNT, "a", "c", M), 0),
        "map_key_rel": m.GT(m.MapGetByKeyRelIndexRange(None, COUNT, "a", 0, 2, M), 0),
        "map_key_rel_end": m.GT(m.MapGetByKeyRelIndexRangeToEnd(None, COUNT, "a", 0, M), 0),
        "map_by_value": m.GT(m.MapGetByValue(None, COUNT, 1, M), 0),
        "map_value_range": m.GT(m.MapGetByValueRange(None, COUNT, 1, 3, M), 0),
        "map_value_range_open": m.GT(m.MapGetByValueRange(None, COUNT, 1, None, M), 0),
        "map_value_list": m.GT(m.MapGetByValueList(None, COUNT, [1, 2], M, True), 0),
        "map_value_rel": m.GT(m.MapGetByValueRelRankRange(None, COUNT, 1, 0, 2, M), 0),
        "map_value_rel_end": m.GT(m.MapGetByValueRelRankRangeToEnd(None, COUNT, 1, 0, M), 0),
        "map_by_index": m.Eq(m.MapGetByIndex(None, MAP_VALUE, rt.INTEGER, 0, M), 1),
        "map_index_range": m.GT(m.MapGetByIndexRange(None, COUNT, 0, 2, M), 0),
        "map_index_end": m.GT(m.MapGetByIndexRangeToEnd(None, COUNT, 0, M), 0),
        "map_by_rank": m.Eq(m.MapGetByRank(None, MAP_VALUE, rt.INTEGER, 0, M), 1),
        "map_rank_range": m.GT(m.MapGetByRankRange(None, COUNT, 0, 2, M), 0),
        "map_rank_end": m.GT(m.MapGetByRankRangeToEnd(None, COUNT, 0, M), 0),
        # bit and hll reads
        "bit_count": m.Eq(m.BitCount(0, 8, m.BlobBin("b")), 2),
        "bit_get": m.Eq(m.BitGet(0, 8, "b"), b"\x01"),
        "bit_get_int": m.Eq(m.BitGetInt(0, 8, True, m.BlobBin("b")), 1),
        "bit_scans": m.Eq(m.BitLeftScan(0, 8, True, "b"), m.BitRightScan(0, 8, True, "b")),
        "hll_count": m.GT(m.HLLGetCount(m.HLLBin("h")), 10),
        "hll_describe": m.Eq(m.HLLDescribe("h"), [12, 0]),
        "hll_may_contain": m.Eq(m.HLLMayContain(["x"], "h"), 1),
        "hll_union": m.GT(m.HLLGetUnionCount(m.HLLBin("h2"), "h"), 1),
        # bit and hll modifies
        "bit_modifies": m.GT(m.BitCount(0, 64, chain(m.BlobBin("b"), [
            lambda b: m.BitResize(None, 8, 0, b),
            lambda b: m.BitResize({"bit_write_flags": 0}, 9, 1, b),
            lambda b: m.BitInsert(None, 0, b"\xff", b),
            lambda b: m.BitRemove(None, 0, 1, b),
            lambda b: m.BitSet(None, 0, 8, b"\x0f", b),
            lambda b: m.BitOr(None, 0, 8, b"\x01", b),
            lambda b: m.BitXor(None, 0, 8, b"\x02", b),
            lambda b: m.BitAnd(None, 0, 8, b"\xfe", b),
            lambda b: m.BitNot(None, 8, 8, b),
            lambda b: m.BitLeftShift(None, 0, 16, 1, b),
            lambda b: m.BitRightShift(None, 0, 16, 2, b),
            lambda b: m.BitAdd(None, 0, 8, 3, 4, b),
            lambda b: m.BitSubtract(None, 0, 8, 1, 5, b),
            lambda b: m.BitSetInt(None, 16, 8, 7, b),
        ])), 0),
        "bit_b64": m.Eq(m.BitB64Encode(None, None, False, "b"), m.BitB64Encode(0, 2, False, m.BlobBin("b"))),
        "hll_init_add": m.GT(m.HLLGetCount(m.HLLAdd(None, ["x", "y"], 12, None, m.HLLInit(None, 12, None, "h"))), 1),
        "hll_init_mh": m.GT(m.HLLGetCount(m.HLLAdd({"flags": 0}, ["x"], None, None, m.HLLInit({"flags": 0}, 10, 4, "h"))), 0),
    }  # fmt: skip
