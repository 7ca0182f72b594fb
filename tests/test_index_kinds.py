"""Every secondary-index kind (list, map keys, map values, blob, nested by ctx, single
value) and the ``contains`` / ``range`` predicates, on both clients and against the
official client. Expected records follow from the data (and the list-index count
is the one a real Aerospike 8.1 server gives), so this file passes against one too.
"""

from __future__ import annotations

import uuid

import pytest
from test_query import raw, resolve

import aerospike_py as asp
from aerospike_py import cdt_ctx, exp
from aerospike_py import exception as ex
from aerospike_py import predicates as p

# The official client steers new code away from index_cdt_create; it still works.
pytestmark = pytest.mark.filterwarnings("ignore:index_cdt_create\\(\\) is deprecated:DeprecationWarning")


@pytest.fixture
def records(namespace, _admin_client):
    """20 records in a fresh set: ``tags = [i % 4, 100 + i]``, ``attrs = {"k{i%3}": i, "all": "v{i%5}"}``,
    ``blob = bytes([i % 2])``, ``nested = {"inner": [i, -i]}``, ``n = i``; indexes dropped afterwards."""
    set_name = "aspy_ik_" + uuid.uuid4().hex[:10]
    keys = [(namespace, set_name, f"r{i}") for i in range(20)]
    for i, k in enumerate(keys):
        bins = {
            "i": i,
            "tags": [i % 4, 100 + i],
            "attrs": {f"k{i % 3}": i, "all": f"v{i % 5}"},
        }
        bins.update({"blob": bytes([i % 2]), "nested": {"inner": [i, -i]}, "n": i})
        _admin_client.put(k, bins)
    made = []
    yield namespace, set_name, made
    for name in made:
        _admin_client.index_remove(namespace, name)
    _admin_client.batch_remove(keys)


def ids(found):
    return sorted(bins["i"] for _, _, bins in found)


def run(client, ns, set_name, predicate, ctx=None):
    return ids(
        resolve(
            client,
            lambda: raw(client).query(ns, set_name).where(predicate, ctx).results(),
        )
    )


def create(client, made, method, *args):
    """Create an index through ``client`` (awaiting on the async one), remembering its name."""
    made.append(next(a for a in reversed(args) if isinstance(a, str)))
    resolve(client, lambda: getattr(raw(client), method)(*args))


def test_list_index_contains_matches_a_real_server(client, records):
    ns, set_name, made = records
    create(
        client,
        made,
        "index_list_create",
        ns,
        set_name,
        "tags",
        asp.INDEX_NUMERIC,
        f"{set_name}_tags",
    )
    assert run(client, ns, set_name, p.contains("tags", asp.INDEX_TYPE_LIST, 2)) == [
        2,
        6,
        10,
        14,
        18,
    ]
    assert run(client, ns, set_name, p.range("tags", asp.INDEX_TYPE_LIST, 117, 200)) == [17, 18, 19]


def test_map_keys_and_values_indexes(client, records):
    ns, set_name, made = records
    create(
        client,
        made,
        "index_map_keys_create",
        ns,
        set_name,
        "attrs",
        asp.INDEX_STRING,
        f"{set_name}_mk",
    )
    create(
        client,
        made,
        "index_map_values_create",
        ns,
        set_name,
        "attrs",
        asp.INDEX_STRING,
        f"{set_name}_mv",
    )
    assert run(client, ns, set_name, p.contains("attrs", asp.INDEX_TYPE_MAPKEYS, "k1")) == [1, 4, 7, 10, 13, 16, 19]
    assert run(client, ns, set_name, p.contains("attrs", asp.INDEX_TYPE_MAPVALUES, "v3")) == [3, 8, 13, 18]


def test_numeric_map_values_range(client, records):
    ns, set_name, made = records
    create(
        client,
        made,
        "index_map_values_create",
        ns,
        set_name,
        "attrs",
        asp.INDEX_NUMERIC,
        f"{set_name}_mvn",
    )
    assert run(client, ns, set_name, p.range("attrs", asp.INDEX_TYPE_MAPVALUES, 5, 8)) == [5, 6, 7, 8]


def test_blob_index(client, records):
    ns, set_name, made = records
    create(client, made, "index_blob_create", ns, set_name, "blob", f"{set_name}_blob")
    assert run(client, ns, set_name, p.equals("blob", b"\x01")) == list(range(1, 20, 2))


def test_single_value_index(client, records):
    ns, set_name, made = records
    create(
        client,
        made,
        "index_single_value_create",
        ns,
        set_name,
        "n",
        asp.INDEX_NUMERIC,
        f"{set_name}_n",
    )
    assert run(client, ns, set_name, p.between("n", 3, 5)) == [3, 4, 5]


def test_cdt_index_on_nested_list_with_ctx(client, records):
    ns, set_name, made = records
    ctx = [cdt_ctx.cdt_ctx_map_key("inner")]
    create(
        client,
        made,
        "index_cdt_create",
        ns,
        set_name,
        "nested",
        asp.INDEX_TYPE_LIST,
        asp.INDEX_NUMERIC,
        f"{set_name}_nested",
        ctx,
    )
    assert run(client, ns, set_name, p.contains("nested", asp.INDEX_TYPE_LIST, -4), ctx) == [4]
    assert run(client, ns, set_name, p.range("nested", asp.INDEX_TYPE_LIST, 17, 30), ctx) == [17, 18, 19]
    with pytest.raises(ex.IndexNotFound):
        run(client, ns, set_name, p.contains("nested", asp.INDEX_TYPE_LIST, -4))


def test_official_client_indexes_serve_our_queries_and_back(client, records, official_client, official_aerospike):
    from aerospike import predicates as op
    from aerospike_helpers import cdt_ctx as official_ctx

    ns, set_name, made = records
    oa = official_aerospike
    made.append(f"{set_name}_otags")
    official_client.index_list_create(ns, set_name, "tags", oa.INDEX_NUMERIC, f"{set_name}_otags")
    assert run(client, ns, set_name, p.contains("tags", asp.INDEX_TYPE_LIST, 3)) == [
        3,
        7,
        11,
        15,
        19,
    ]
    made.append(f"{set_name}_onested")
    official_client.index_cdt_create(
        ns,
        set_name,
        "nested",
        oa.INDEX_TYPE_LIST,
        oa.INDEX_NUMERIC,
        f"{set_name}_onested",
        [official_ctx.cdt_ctx_map_key("inner")],
    )
    ctx = [cdt_ctx.cdt_ctx_map_key("inner")]
    assert run(client, ns, set_name, p.contains("nested", asp.INDEX_TYPE_LIST, -7), ctx) == [7]
    create(
        client,
        made,
        "index_map_keys_create",
        ns,
        set_name,
        "attrs",
        asp.INDEX_STRING,
        f"{set_name}_mk",
    )
    q = official_client.query(ns, set_name)
    q.where(op.contains("attrs", oa.INDEX_TYPE_MAPKEYS, "k2"))
    assert ids(q.results()) == [2, 5, 8, 11, 14, 17]


def test_sindex_list_describes_each_index(client, records, _admin_client):
    ns, set_name, made = records
    create(
        client,
        made,
        "index_list_create",
        ns,
        set_name,
        "tags",
        asp.INDEX_NUMERIC,
        f"{set_name}_tags",
    )
    listing = _admin_client.info_random_node(f"sindex-list:ns={ns}")
    entry = next(e for e in listing.split(";") if f"indexname={set_name}_tags" in e)
    fields = dict(kv.split("=", 1) for kv in entry.strip().split(":") if "=" in kv)
    assert (fields["bin"], fields["type"].lower(), fields["indextype"].lower()) == (
        "tags",
        "numeric",
        "list",
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda c, ns, s: c.index_list_create(ns, s, "tags", 9, "x"),
            "index_datatype has no value 9",
        ),
        (
            lambda c, ns, s: c.index_cdt_create(ns, s, "tags", 7, 4, "x", []),
            "index_type has no value 7",
        ),
        (
            lambda c, ns, s: c.index_cdt_create(ns, s, "tags", 1, 4, "x", []),
            "ctx must not be empty",
        ),
        (
            lambda c, ns, s: c.index_cdt_create(ns, s, "tags", 1, 4, "x", "ctx"),
            "must be a list",
        ),
    ],
)
def test_bad_index_arguments_are_param_errors(client, records, call, message):
    ns, set_name, _ = records
    with pytest.raises(ex.ParamError, match=message):
        call(raw(client), ns, set_name)


def test_bad_predicates_are_param_errors(client, records):
    ns, set_name, _ = records
    q = raw(client).query(ns, set_name)
    with pytest.raises(ex.ParamError, match="index_type"):
        q.where(p.contains("tags", 8, 1))
    with pytest.raises(ex.ParamError, match="unsupported predicate value"):
        q.where(p.contains("tags", asp.INDEX_TYPE_LIST, 1.5))
    with pytest.raises(ex.ParamError, match="unexpected fields"):
        q.where({**p.contains("tags", 1, 1), "extra": 1})
    with pytest.raises(ex.ParamError, match="missing 'index_type'"):
        q.where({"predicate": "range", "bin": "tags", "min": 1, "max": 2})


def test_official_predicates_work_in_our_where(client, records, official_aerospike):
    from aerospike import predicates as op

    ns, set_name, made = records
    oa = official_aerospike
    create(client, made, "index_list_create", ns, set_name, "tags", asp.INDEX_NUMERIC, f"{set_name}_tags")
    create(client, made, "index_map_keys_create", ns, set_name, "attrs", asp.INDEX_STRING, f"{set_name}_mk")
    create(client, made, "index_single_value_create", ns, set_name, "n", asp.INDEX_NUMERIC, f"{set_name}_n")
    cases = [
        (op.contains("tags", oa.INDEX_TYPE_LIST, 2), p.contains("tags", asp.INDEX_TYPE_LIST, 2)),
        (op.range("tags", oa.INDEX_TYPE_LIST, 117, 200), p.range("tags", asp.INDEX_TYPE_LIST, 117, 200)),
        (op.contains("attrs", oa.INDEX_TYPE_MAPKEYS, "k1"), p.contains("attrs", asp.INDEX_TYPE_MAPKEYS, "k1")),
        (op.equals("n", 4), p.equals("n", 4)),
        (op.between("n", 3, 6), p.between("n", 3, 6)),
    ]
    for theirs, ours in cases:
        assert run(client, ns, set_name, theirs) == run(client, ns, set_name, ours) != [], theirs
    with pytest.raises(ex.ParamError, match="predicate must come from"):
        raw(client).query(ns, set_name).where((9, 9))


def run_by_name(client, ns, set_name, index_name, predicate):
    return ids(
        resolve(
            client,
            lambda: raw(client).query(ns, set_name).where_with_index_name(index_name, predicate).results(),
        )
    )


def test_where_with_index_name_uses_the_named_index_and_its_context(client, records):
    ns, set_name, made = records
    create(client, made, "index_single_value_create", ns, set_name, "n", asp.INDEX_NUMERIC, f"{set_name}_n")
    assert run_by_name(client, ns, set_name, f"{set_name}_n", p.between("n", 3, 5)) == [3, 4, 5]
    ctx = [cdt_ctx.cdt_ctx_map_key("inner")]
    name = f"{set_name}_nested"
    create(client, made, "index_cdt_create", ns, set_name, "nested", asp.INDEX_TYPE_LIST, asp.INDEX_NUMERIC, name, ctx)
    # The index brings its bin and its context: the query names neither.
    assert run_by_name(client, ns, set_name, name, p.contains("nested", asp.INDEX_TYPE_LIST, -4)) == [4]
    assert run_by_name(client, ns, set_name, name, p.range("nested", asp.INDEX_TYPE_LIST, 17, 30)) == [17, 18, 19]


def test_where_with_index_name_on_an_expression_index(client, records):
    ns, set_name, made = records
    doubled = exp.Mul(exp.IntBin("n"), 2).compile()
    name = f"{set_name}_x2"
    made.append(name)
    resolve(
        client,
        lambda: raw(client).index_expr_create(ns, set_name, asp.INDEX_TYPE_DEFAULT, asp.INDEX_NUMERIC, doubled, name),
    )
    assert run_by_name(client, ns, set_name, name, p.between("n", 10, 14)) == [5, 6, 7]


def test_where_with_index_name_refusals(client, records):
    ns, set_name, _ = records
    with pytest.raises(ex.IndexNotFound) as e:
        run_by_name(client, ns, set_name, f"{set_name}_none", p.equals("n", 4))
    assert e.value.code == 201
    q = raw(client).query(ns, set_name)
    for bad, message in [
        ("", "must not be empty"),
        (7, "must be a str"),
        ("a;b", "contains ';'"),
        ("x\udcff", "surrogate"),
    ]:
        with pytest.raises(ex.ParamError, match=f"index name {message}|index name .* {message}"):
            q.where_with_index_name(bad, p.equals("n", 4))
    with pytest.raises(ex.ParamError, match="predicate must come from"):
        q.where_with_index_name(f"{set_name}_n", (9, 9))


def test_where_with_index_name_matches_the_official_client(client, records, official_client, official_aerospike):
    from aerospike import predicates as op

    ns, set_name, made = records
    oa = official_aerospike
    create(client, made, "index_list_create", ns, set_name, "tags", asp.INDEX_NUMERIC, f"{set_name}_tags")
    theirs = official_client.query(ns, set_name)
    theirs.where_with_index_name(f"{set_name}_tags", op.contains("tags", oa.INDEX_TYPE_LIST, 2))
    expected = ids(theirs.results())
    assert expected == [2, 6, 10, 14, 18]
    # The official client's predicate tuple and ours, through the same index name.
    assert run_by_name(client, ns, set_name, f"{set_name}_tags", op.contains("tags", oa.INDEX_TYPE_LIST, 2)) == expected
    assert run_by_name(client, ns, set_name, f"{set_name}_tags", p.contains("tags", asp.INDEX_TYPE_LIST, 2)) == expected
