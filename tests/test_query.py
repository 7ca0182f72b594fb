"""Query (secondary-index predicates) and scan, through ``client.query`` / ``client.scan``.

Each test uses its own set and index names, waits for the index build
(``index_*_create`` returns once the index is ready) and drops it afterwards.
"""

from __future__ import annotations

import inspect
import uuid

import pytest

from aerospike_py import exception as ex
from aerospike_py import predicates as p


def raw(client):
    """The client itself, or the ``AsyncClient`` behind the async facade."""
    return getattr(client, "wrapped", client)


def resolve(client, call):
    """Run ``call()``: on the async facade's loop (awaiting what it returns) for the
    async client, directly for the sync one."""
    loop = getattr(client, "_loop", None)
    if loop is None:
        return call()

    async def run():
        result = call()
        return await result if inspect.isawaitable(result) else result

    return loop.run_until_complete(run())


@pytest.fixture
def dataset(client, namespace, _admin_client):
    """20 records in a fresh set, with an integer index on ``age`` and a string index on ``team``."""
    set_name = "aspy_q_" + uuid.uuid4().hex[:10]
    keys = [(namespace, set_name, f"r{i}") for i in range(20)]
    for i, k in enumerate(keys):
        _admin_client.put(k, {"age": i, "team": "red" if i % 2 else "blue", "n": i * 10})
    names = [f"{set_name}_age", f"{set_name}_team"]
    _admin_client.index_integer_create(namespace, set_name, "age", names[0])
    _admin_client.index_string_create(namespace, set_name, "team", names[1])
    yield namespace, set_name
    for name in names:
        _admin_client.index_remove(namespace, name)
    _admin_client.batch_remove(keys)


def ages(records):
    return sorted(bins["age"] for _, _, bins in records)


def test_equals_on_integer_index(client, dataset):
    records = resolve(client, lambda: raw(client).query(*dataset).where(p.equals("age", 7)).results())
    assert len(records) == 1
    key, meta, bins = records[0]
    assert key[0] == dataset[0] and key[1] == dataset[1] and len(key[3]) == 20
    assert meta["gen"] == 1 and bins == {"age": 7, "team": "red", "n": 70}


def test_between_is_inclusive(client, dataset):
    records = resolve(client, lambda: raw(client).query(*dataset).where(p.between("age", 5, 9)).results())
    assert ages(records) == [5, 6, 7, 8, 9]


def test_equals_on_string_index(client, dataset):
    records = resolve(client, lambda: raw(client).query(*dataset).where(p.equals("team", "blue")).results())
    assert ages(records) == list(range(0, 20, 2))


def test_select_bins(client, dataset):
    query = client.query(*dataset)
    query.select("n")
    query.where(p.between("age", 0, 2))
    records = resolve(client, lambda: query.results())
    assert sorted(b["n"] for _, _, b in records) == [0, 10, 20]
    assert all(set(b) == {"n"} for _, _, b in records)


def test_max_records(client, dataset):
    query = client.query(*dataset)
    query.max_records = 5
    assert query.max_records == 5
    assert len(resolve(client, lambda: query.results())) <= 5


def test_scan_reads_the_whole_set(client, dataset):
    assert ages(resolve(client, lambda: raw(client).scan(*dataset).results())) == list(range(20))
    assert ages(resolve(client, lambda: raw(client).query(*dataset).results())) == list(range(20))


def test_foreach_sees_every_record(client, dataset):
    seen = []
    assert resolve(client, lambda: raw(client).scan(*dataset).foreach(lambda rec: seen.append(rec[2]["age"]))) is None
    assert sorted(seen) == list(range(20))


def test_foreach_false_stops(client, dataset):
    seen = []

    def take_three(record):
        seen.append(record)
        return len(seen) < 3

    resolve(client, lambda: raw(client).scan(*dataset).foreach(take_three))
    assert len(seen) == 3


def test_foreach_exception_propagates(client, dataset):
    def boom(record):
        raise ValueError("from callback")

    with pytest.raises(ValueError, match="from callback"):
        resolve(client, lambda: raw(client).scan(*dataset).foreach(boom))


def test_query_on_a_bin_without_index(client, dataset):
    with pytest.raises(ex.IndexNotFound) as info:
        resolve(client, lambda: raw(client).query(*dataset).where(p.equals("n", 10)).results())
    assert info.value.code == 201  # INDEX_NOTFOUND


def test_empty_set(client, namespace):
    assert resolve(client, lambda: raw(client).scan(namespace, "aspy_q_empty_" + uuid.uuid4().hex[:6]).results()) == []


@pytest.mark.parametrize(
    "bad",
    [("age", 1), {"predicate": "like", "bin": "a", "val": 1}, p.between("age", "a", "z"), p.equals("age", 1.5)],
)
def test_bad_predicates(client, namespace, bad):
    with pytest.raises(ex.ParamError):
        client.query(namespace, "s").where(bad)


def test_bad_arguments(client, namespace):
    with pytest.raises(ex.ParamError):
        client.query("", "s")
    with pytest.raises(ex.ParamError):
        client.scan(namespace, "s").foreach(42)
    with pytest.raises(ex.ParamError):
        client.scan(namespace, "s").results(policy={"bogus": 1})


def test_helpers_are_pure_data():
    assert p.equals("a", 1) == {"predicate": "equals", "bin": "a", "val": 1}
    assert p.between("a", 1, 2) == {"predicate": "between", "bin": "a", "min": 1, "max": 2}
