"""Query depth: partition filters, pagination (max_records + paginate() + is_done() +
get_partitions_status(), resuming from a saved status), records_per_second,
expected_duration and include_bin_data, on both clients. The totals are exact: no
page may drop or repeat a record (a real Aerospike 8.1 server gives the same).
"""

from __future__ import annotations

import uuid

import pytest
from test_query import raw, resolve

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py import partitions


def fill(admin, namespace, n):
    set_name = "aspy_pg_" + uuid.uuid4().hex[:10]
    keys = [(namespace, set_name, i) for i in range(n)]
    for i, k in enumerate(keys):
        admin.put(k, {"i": i})
    return set_name, keys


@pytest.fixture(scope="module")
def thousand(namespace, _admin_client):
    set_name, keys = fill(_admin_client, namespace, 1000)
    yield namespace, set_name
    _admin_client.batch_remove(keys)


def run(client, query, policy=None):
    return resolve(client, lambda: query.results(policy))


def ids(records):
    return [bins["i"] for _, _, bins in records]


def pages(client, query, page_size):
    """Every page of a paginated query, until is_done()."""
    query.max_records = page_size
    query.paginate()
    out = []
    while not query.is_done():
        page = ids(run(client, query))
        assert len(page) <= page_size
        out.append(page)
        assert len(out) <= 100, "pagination does not end"
    return out


def test_scan_pages_cover_every_record_once(client, thousand):
    ns, set_name = thousand
    got = pages(client, raw(client).scan(ns, set_name), 300)
    flat = [i for page in got for i in page]
    assert sorted(flat) == list(range(1000))
    assert len(got) >= 4


def test_partition_ranges_split_a_scan(client, thousand):
    ns, set_name = thousand
    halves = [
        ids(run(client, raw(client).scan(ns, set_name), {"partition_filter": f}))
        for f in (
            partitions.partition_filter_by_range(0, 2048),
            {"begin": 2048, "count": 2048},
        )
    ]
    assert len(halves[0]) + len(halves[1]) == 1000
    assert sorted(halves[0] + halves[1]) == list(range(1000))
    everything = run(
        client,
        raw(client).scan(ns, set_name),
        {"partition_filter": partitions.partition_filter_all()},
    )
    assert len(everything) == 1000


def test_partition_by_id_and_by_key(client, thousand):
    ns, set_name = thousand
    key = (ns, set_name, 7)
    pid = aerospike_py.get_partition_id(aerospike_py.calc_digest(*key))
    by_id = ids(
        run(
            client,
            raw(client).scan(ns, set_name),
            {"partition_filter": partitions.partition_filter_by_id(pid)},
        )
    )
    assert 7 in by_id
    expected = sorted(
        i
        for i in range(1000)
        if aerospike_py.get_partition_id(aerospike_py.calc_digest(ns, set_name, i))
        == pid
    )
    assert sorted(by_id) == expected
    # By key: that partition, after the key's own record (digest order).
    after = ids(
        run(
            client,
            raw(client).scan(ns, set_name),
            {"partition_filter": partitions.partition_filter_by_key(key)},
        )
    )
    assert 7 not in after and set(after) <= set(by_id)


def test_resume_from_a_saved_status(client, thousand):
    ns, set_name = thousand
    first = raw(client).scan(ns, set_name)
    first.max_records = 400
    first.paginate()
    seen = ids(run(client, first))
    assert len(seen) == 400
    status = first.get_partitions_status()
    assert len(status) == 4096 and all(
        len(v) == 4 and v[0] == k for k, v in status.items()
    )
    # Partitions the page reached carry the digest to resume after.
    assert any(init and len(digest) == 20 for _, init, _, digest in status.values())
    assert not all(done for _, _, done, _ in status.values())
    rest = raw(client).scan(ns, set_name)
    rest_ids = ids(
        run(client, rest, {"partition_filter": {"partition_status": status}})
    )
    assert sorted(seen + rest_ids) == list(range(1000))


def test_query_policy_depth_keys(client, thousand):
    ns, set_name = thousand
    q = raw(client).query(ns, set_name)
    q.records_per_second = 100000
    policy = {
        "expected_duration": aerospike_py.QUERY_DURATION_SHORT,
        "records_per_second": 50000,
    }
    assert len(run(client, q, policy)) == 1000
    heads = run(client, raw(client).scan(ns, set_name), {"include_bin_data": False})
    assert len(heads) == 1000
    assert all(not bins for _, _, bins in heads)
    assert all(meta["gen"] >= 1 for _, meta, _ in heads)


@pytest.mark.parametrize(
    ("partition_filter", "message"),
    [
        ({"begin": 4000, "count": 200}, "must lie within"),
        ({"begin": "0"}, "'begin' must be an int"),
        ({"start": 0}, "has no key 'start'"),
        ({"begin": 0, "count": 2, "digest": b"\x00" * 20}, "count must be 1"),
        ({"begin": 0, "count": 1, "digest": b"\x00"}, "20 bytes"),
        ({"partition_status": [1, 2]}, "must come from get_partitions_status"),
        ("all", "must be a dict"),
    ],
)
def test_bad_partition_filters_are_param_errors(
    client, thousand, partition_filter, message
):
    ns, set_name = thousand
    with pytest.raises(ex.ParamError, match=message):
        run(
            client,
            raw(client).scan(ns, set_name),
            {"partition_filter": partition_filter},
        )


@pytest.mark.once
def test_ten_thousand_records_page_exactly(client, namespace, _admin_client):
    set_name, keys = fill(_admin_client, namespace, 10_000)
    try:
        got = pages(client, raw(client).query(namespace, set_name), 1000)
        flat = [i for page in got for i in page]
        assert len(flat) == 10_000
        assert sorted(flat) == list(range(10_000))
    finally:
        _admin_client.batch_remove(keys)


def test_official_client_pages_the_same_records(client, thousand, official_client):
    ns, set_name = thousand
    theirs = official_client.query(ns, set_name)
    theirs.max_records = 300
    theirs.paginate()
    got = []
    while not theirs.is_done():
        got.extend(bins["i"] for _, _, bins in theirs.results())
    assert sorted(got) == list(range(1000))
    ours = [
        i for page in pages(client, raw(client).query(ns, set_name), 300) for i in page
    ]
    assert sorted(ours) == sorted(got)
