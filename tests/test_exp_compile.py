"""aerospike_py.exp builds what the official aerospike_helpers.expressions builds: the same
compiled form, the same packed bytes (get_expression_base64 on both clients), and bad
expressions are a ParamError before anything is sent."""

from __future__ import annotations

import inspect

import pytest

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py import exp

from exp_cases import cases

CASES = cases(exp)


@pytest.fixture(scope="module")
def official_exp():
    return pytest.importorskip("aerospike_helpers.expressions")


def normalized(compiled):
    # The open-range sentinel is each library's own CDTInfinite class; a context entry is
    # our dict or the official _cdt_ctx object (same id and value).
    def entry(c):
        return (c["id"], c["value"]) if isinstance(c, dict) else (c.id, c.value)

    def value(k, v):
        if type(v).__name__ == "CDTInfinite":
            return "<CDTInfinite>"
        if k == "ctx":
            return [entry(c) for c in v]
        return v

    def fix(fixed):
        if not fixed:
            return fixed
        return {k: value(k, v) for k, v in fixed.items()}

    return [(op, rt, fix(fixed), n) for op, rt, fixed, n in compiled]


@pytest.mark.parametrize("name", sorted(CASES))
def test_compiled_form_matches_official(name, official_exp):
    assert normalized(CASES[name].compile()) == normalized(cases(official_exp)[name].compile())


# Where the two packers spell a default differently (same meaning to the server;
# test_exp_eval checks the results agree, and the compiled forms above are identical):
# list/map modifies with an absent or default policy (the C client leaves it out, the
# aerospike crate, which packs ours, sends explicit zeros; for map_put with flags 0 the
# other way round) and BitB64Encode's range form (the C client sends invert_size=0,
# the crate leaves a false flag out).
PACKED_DIFFERENTLY = {
    "list_append", "list_increment", "list_insert", "list_insert_items", "list_set",
    "map_increment", "map_put", "map_put_items", "bit_b64",
}  # fmt: skip


@pytest.mark.interop
@pytest.mark.parametrize("name", sorted(set(CASES) - PACKED_DIFFERENTLY))
def test_bytes_match_official(name, client, official_client, official_exp):
    ours = client.get_expression_base64(CASES[name].compile())
    assert ours == official_client.get_expression_base64(cases(official_exp)[name].compile())
    # and an official compiled expression packs to the same bytes through our client
    assert client.get_expression_base64(cases(official_exp)[name].compile()) == ours


def test_known_bytes(client):
    # Measured with the official client (see the project's real-server facts).
    e = exp.And(exp.GT(exp.IntBin("age"), 10), exp.Eq(exp.StrBin("name"), "n3"))
    assert client.get_expression_base64(e.compile()) == "kxCTA5NRAqNhZ2UKkwGTUQOkbmFtZaMDbjM="
    # an uncompiled builder is accepted too
    assert client.get_expression_base64(e) == "kxCTA5NRAqNhZ2UKkwGTUQOkbmFtZaMDbjM="


# Not built yet: 8.1 path and loop-variable expressions, list join,
# string expressions. The test fails when one is added, so this list stays true.
NOT_YET = {
    "ListJoin", "LoopVar", "LoopVarBlob", "LoopVarBool", "LoopVarFloat", "LoopVarGeoJson", "LoopVarHLL",
    "LoopVarInt", "LoopVarList", "LoopVarMap", "LoopVarNil", "LoopVarStr", "ModifyByPath", "SelectByPath",
    "RemoveResult", "ReturnType",
    # string expressions (server 8.1.1+)
    "Any", "Append", "Base64Decode", "ByteLength", "CaseFold", "CharAt", "Concat", "Contains", "EndsWith",
    "Find", "Insert", "IsLower", "IsNumeric", "IsUpper", "Lower", "NormalizeNFC", "NumericType", "Overwrite",
    "PadEnd", "PadStart", "Prepend", "RegexCompare", "RegexFlags", "RegexReplace", "Repeat", "Replace",
    "ReplaceAll", "Snip", "Split", "SplitSeparator", "StartsWith", "StrLen", "StringPolicy", "SubStr",
    "SubStrRange", "ToBlob", "ToDouble", "ToInteger", "ToString", "Trim", "TrimEnd", "TrimStart", "Upper",
}  # fmt: skip


def test_every_official_builder_exists(official_exp):
    official = {n for n in dir(official_exp) if n[0].isupper() and isinstance(getattr(official_exp, n), type)}
    assert official - set(exp.__all__) == NOT_YET


def test_signatures_match_official(official_exp):
    for name in exp.__all__:
        official = getattr(official_exp, name, None)
        if not isinstance(official, type) or name in ("ResultType", "CDTInfinite", "CDTWildcard"):
            continue
        want = [p.name for p in inspect.signature(official).parameters.values()]
        got = [p.name for p in inspect.signature(getattr(exp, name)).parameters.values()]
        assert got == want, name


def test_0_14_4_names():
    # the names aerospike-py 0.14.4's exp module had, onto the same builders
    assert exp.xor_ is exp.Exclusive and exp.let_ is exp.Let and exp.min_ is exp.Min and exp.max_ is exp.Max
    assert (exp.EXP_TYPE_INT, exp.EXP_TYPE_STRING, exp.EXP_TYPE_HLL) == (2, 3, 9)
    assert exp.key(exp.EXP_TYPE_STRING).compile() == exp.KeyStr().compile()
    assert exp.regex_compare("^a", 2, exp.str_bin("s")).compile() == exp.CmpRegex(2, "^a", exp.StrBin("s")).compile()


def test_function_helpers_alias_the_builders(client):
    old = exp.and_(exp.eq(exp.int_bin("a"), exp.int_val(1)), exp.gt(exp.ttl(), 10))
    new = exp.And(exp.Eq(exp.IntBin("a"), 1), exp.GT(exp.TTL(), 10))
    assert old.compile() == new.compile()
    assert client.get_expression_base64(old.compile()) == client.get_expression_base64(new.compile())


@pytest.mark.parametrize(
    "bad, words",
    [
        ([], "empty"),
        ([(1, None, None, 2), (200, None, {"val": 1}, 0)], "ends early"),
        ([(999, None, None, 0)], "unknown expression code 999"),
        ([(81, 2, {"bin": 5}, 0)], "'bin' must be a str"),
        ([(81, 42, {"bin": "a"}, 0)], "unknown value type 42"),
        ([(16, None, None, 1), (81, 1, {"bin": "a"}, 0)], "end marker"),
        ([(1, None, None, 2), (200, None, {"val": 1}, 0), (200, None, {"val": object()}, 0)], "value"),
        (["not a tuple"], "tuple"),
        (42, "compiled expression"),
        ([(200, None, {"val": 1}, 0), (200, None, {"val": 2}, 0)], "trailing"),
    ],
)
def test_malformed_expressions_are_param_errors(client, bad, words):
    with pytest.raises(ex.ParamError, match=words):
        client.get_expression_base64(bad)


def test_exp_is_exported():
    assert aerospike_py.exp is exp


def test_package_exports_every_submodule_name():
    from aerospike_py.exp import arithmetic, base, bitwise, functions
    from aerospike_py.exp import list as list_exp
    from aerospike_py.exp import map as map_exp

    subs = [base, arithmetic, list_exp, map_exp, bitwise, functions]
    assert set(exp.__all__) == {"CDTInfinite", "CDTWildcard", "ResultType"}.union(*(m.__all__ for m in subs))
    for m in subs:  # each submodule's list names exactly its public builders
        public = {n for n, o in vars(m).items() if isinstance(o, type) and o.__module__ == m.__name__ and n[0] != "_"}
        assert public <= set(m.__all__), m.__name__
