"""Secondary indexes on an expression (server 8.1 `sindex-create ... exp=`), queried with
``Query.where_with_expr`` (the official client's names), on both clients."""

from __future__ import annotations

import uuid

import pytest

from aerospike_py import INDEX_NUMERIC, INDEX_STRING, INDEX_TYPE_DEFAULT, exp
from aerospike_py import exception as ex
from aerospike_py import predicates as p


def _resolve(client, call):
    import inspect

    loop = getattr(client, "_loop", None)
    if loop is None:
        return call()

    async def run():
        result = call()
        return await result if inspect.isawaitable(result) else result

    return loop.run_until_complete(run())


@pytest.fixture
def dataset(namespace, _admin_client):
    set_name = "aspy_xi_" + uuid.uuid4().hex[:8]
    keys = [(namespace, set_name, i) for i in range(20)]
    for i, k in enumerate(keys):
        bins = {"a": i, "name": f"n{i}"}
        if i % 5 == 0:
            bins = {"name": f"n{i}"}  # no `a`: the expression is unknown, the record is not indexed
        _admin_client.put(k, bins)
    yield namespace, set_name
    _admin_client.batch_remove(keys)


def test_numeric_expression_index(client, dataset):
    ns, set_name = dataset
    shifted = exp.Add(exp.IntBin("a"), 100).compile()
    name = set_name + "_x"
    client.index_expr_create(ns, set_name, INDEX_TYPE_DEFAULT, INDEX_NUMERIC, shifted, name)
    try:
        raw = getattr(client, "wrapped", client)
        q = raw.query(ns, set_name)
        q.where_with_expr(shifted, p.between("a", 103, 108))
        got = _resolve(client, lambda: q.results())
        # 105 is excluded: record 5 has no `a`
        assert sorted(b["a"] for _, _, b in got) == [3, 4, 6, 7, 8]
    finally:
        client.index_remove(ns, name)


def test_string_expression_index_with_a_filter(client, dataset):
    ns, set_name = dataset
    label = exp.Cond(exp.GE(exp.IntBin("a"), 10), "big", "small").compile()
    name = set_name + "_s"
    client.index_expr_create(ns, set_name, INDEX_TYPE_DEFAULT, INDEX_STRING, label, name)
    try:
        raw = getattr(client, "wrapped", client)
        q = raw.query(ns, set_name)
        q.where_with_expr(label, p.equals("a", "big"))
        even = exp.Eq(exp.Mod(exp.IntBin("a"), 2), 0).compile()
        got = _resolve(client, lambda: q.results(policy={"expressions": even}))
        assert sorted(b["a"] for _, _, b in got) == [12, 14, 16, 18]
    finally:
        client.index_remove(ns, name)


def test_query_without_its_index(client, dataset):
    ns, set_name = dataset
    raw = getattr(client, "wrapped", client)
    q = raw.query(ns, set_name)
    q.where_with_expr(exp.Mul(exp.IntBin("a"), 7).compile(), p.between("a", 0, 10))
    with pytest.raises(ex.AerospikeError) as e:
        _resolve(client, lambda: q.results())
    assert e.value.code == 201  # INDEX_NOTFOUND


@pytest.mark.parametrize(
    "args, words",
    [
        ((9, INDEX_NUMERIC), "index_type 9"),
        ((INDEX_TYPE_DEFAULT, 7), "index_datatype 7"),
    ],
)
def test_bad_index_arguments(client, namespace, args, words):
    with pytest.raises(ex.ParamError, match=words):
        client.index_expr_create(namespace, "s", *args, exp.IntBin("a").compile(), "never")


def test_bad_expression_is_refused_before_sending(client, namespace):
    with pytest.raises(ex.ParamError, match="expression"):
        client.index_expr_create(namespace, "s", INDEX_TYPE_DEFAULT, INDEX_NUMERIC, [(999, None, None, 0)], "never")


@pytest.mark.interop
def test_index_made_by_the_official_client(client, official_client, dataset):
    """An expression index the official client creates, queried through ours with our
    own builder's expression: the same bytes name the same index."""
    official_exp = pytest.importorskip("aerospike_helpers.expressions")
    aerospike = pytest.importorskip("aerospike")
    ns, set_name = dataset
    name = set_name + "_o"
    theirs = official_exp.Mul(official_exp.IntBin("a"), 2).compile()
    official_client.index_expr_create(ns, set_name, aerospike.INDEX_TYPE_DEFAULT, aerospike.INDEX_NUMERIC, theirs, name)
    try:
        raw = getattr(client, "wrapped", client)
        q = raw.query(ns, set_name)
        q.where_with_expr(exp.Mul(exp.IntBin("a"), 2).compile(), p.between("a", 30, 36))
        got = _resolve(client, lambda: q.results())
        assert sorted(b["a"] for _, _, b in got) == [16, 17, 18]
    finally:
        client.index_remove(ns, name)
