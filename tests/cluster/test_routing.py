"""Commands spread over a 3-node cluster: batches, scans and queries see
every record exactly once, and rack-aware reads go to the client's rack."""

from __future__ import annotations

import asyncio
import time

import pytest

import aerospike_py
from aerospike_py import operations as op
from aerospike_py import predicates as p

from _cluster import TEND_MS, namespace_stat, start_cluster, wait_until

pytestmark = pytest.mark.once

RECORDS = 1000
SET = "routing"


@pytest.fixture(scope="module")
def cluster():
    srv = start_cluster(3, 2)
    c = aerospike_py.client({"hosts": [srv.address], "tend_interval": TEND_MS}).connect()
    for i in range(RECORDS):
        c.put(("test", SET, i), {"i": i, "g": i % 10})
    c.index_integer_create("test", SET, "g", "routing_g")
    yield srv, c
    c.close()
    srv.stop()


@pytest.fixture(scope="module")
def rack_cluster():
    # Every node holds every partition (replication factor 3), so a
    # rack-aware read can always be served by the client's rack.
    srv = start_cluster(3, 3, racks=[1, 2, 3])
    yield srv
    srv.stop()


def test_records_are_spread_over_every_node(cluster):
    srv, _ = cluster
    writes = [namespace_stat(srv, n, "client_write_success") for n in range(3)]
    assert sum(writes) == RECORDS
    assert all(w > RECORDS / 6 for w in writes), writes
    # Each record has one master copy and one replica copy in the cluster.
    assert sum(namespace_stat(srv, n, "master_objects") for n in range(3)) == RECORDS
    assert sum(namespace_stat(srv, n, "objects") for n in range(3)) == 2 * RECORDS


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_batch_across_nodes_returns_each_record_once_in_order(cluster, kind):
    srv, _ = cluster
    keys = [("test", SET, i) for i in range(RECORDS)] + [("test", SET, "missing")]
    cfg = {"hosts": [srv.address]}
    if kind == "sync":
        c = aerospike_py.client(cfg).connect()
        rows = c.batch_read(keys).batch_records
        c.close()
    else:

        async def run():
            c = aerospike_py.AsyncClient(cfg)
            await c.connect()
            try:
                return (await c.batch_read(keys)).batch_records
            finally:
                await c.close()

        rows = asyncio.run(run())
    assert len(rows) == RECORDS + 1
    for i, row in enumerate(rows[:-1]):
        assert row.result == 0
        assert row.record[2] == {"i": i, "g": i % 10}
    assert rows[-1].record is None


def test_scan_and_query_across_nodes_return_each_record_once(cluster):
    _, c = cluster
    seen = [bins["i"] for _, _, bins in c.scan("test", SET).results()]
    assert sorted(seen) == list(range(RECORDS))
    q = c.query("test", SET)
    q.where(p.equals("g", 3))
    got = sorted(bins["i"] for _, _, bins in q.results())
    assert got == list(range(3, RECORDS, 10))


def reads_per_node(srv):
    return [namespace_stat(srv, n, "client_read_success") for n in range(3)]


@pytest.mark.parametrize("rack", [1, 2, 3])
def test_rack_aware_reads_go_to_the_clients_rack(rack_cluster, rack):
    srv = rack_cluster
    cfg = {
        "hosts": [srv.address],
        "tend_interval": TEND_MS,
        "rack_aware": True,
        "rack_id": rack,
        "policies": {"read": {"replica": aerospike_py.POLICY_REPLICA_PREFER_RACK}},
    }
    c = aerospike_py.client(cfg).connect()
    try:
        key = ("test", SET, f"rack{rack}")
        c.put(key, {"v": 1})

        # The nodes' racks arrive with the tend after the partition map; wait
        # (a few tend intervals at most) until a read reaches the rack.
        def rack_served():
            before = namespace_stat(srv, rack - 1, "client_read_success")
            c.get(key)
            return namespace_stat(srv, rack - 1, "client_read_success") > before

        wait_until(rack_served, 10 * TEND_MS / 1000)
        before = reads_per_node(srv)
        for _ in range(200):
            c.get(key)
        after = reads_per_node(srv)
    finally:
        c.close()
    served = [a - b for a, b in zip(after, before)]
    expected = [200 if n == rack - 1 else 0 for n in range(3)]
    assert served == expected


def test_reads_without_rack_awareness_go_to_each_partitions_master(rack_cluster):
    srv = rack_cluster
    c = aerospike_py.client({"hosts": [srv.address]}).connect()
    try:
        keys = [("test", SET, f"m{i}") for i in range(300)]
        for k in keys:
            c.put(k, {"v": 1})
        before = reads_per_node(srv)
        for k in keys:
            c.get(k)
        served = [a - b for a, b in zip(reads_per_node(srv), before)]
    finally:
        c.close()
    assert sum(served) == 300
    assert all(s > 30 for s in served), served


def test_a_background_job_updates_each_record_once_across_nodes(cluster):
    """Each node runs the job over the partitions it masters, so every
    record is written exactly once, not once per node."""
    _, c = cluster
    scan = c.scan("test", SET)
    scan.add_ops([op.increment("bg", 1)])
    job = scan.execute_background()
    deadline = time.monotonic() + 10
    while c.job_info(job, aerospike_py.JOB_SCAN)["status"] != aerospike_py.JOB_STATUS_COMPLETED:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    got = [bins.get("bg") for _, _, bins in c.scan("test", SET).results()]
    assert len(got) == RECORDS and set(got) == {1}
