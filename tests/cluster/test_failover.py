"""A 3-node cluster (replication factor 2) losing a node in the middle of
20,000 writes: nothing acknowledged is lost, every failure is an
``AerospikeError`` whose ``in_doubt`` tells the truth, the client follows
the new partition map, and the cluster heals when the node comes back."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

import aerospike_py
from aerospike_py import exception as ex

from _cluster import TEND_MS, control, namespace_stat, start_cluster, wait_until

pytestmark = pytest.mark.once

RECORDS = 20_000
STOP_AT = RECORDS // 2
NODE = 1
SET = "failover"
# A few tend intervals: enough for the client to notice a dead node (a
# failed refresh) and read the survivors' new maps.
FOLLOW_WITHIN = 8 * TEND_MS / 1000


def config(srv):
    return {
        "hosts": [srv.address],
        "tend_interval": TEND_MS,
        # No retries, so the writes caught by the failure surface as errors
        # (with retries the client hides them, and in_doubt goes unchecked).
        "policies": {"write": {"max_retries": 0, "total_timeout": 2000}},
    }


class Outcome:
    def __init__(self):
        self.acked: set[int] = set()
        self.failed: list[tuple[int, ex.AerospikeError]] = []
        self.lock = threading.Lock()
        self.stopped_at: float | None = None

    def done(self, i, err=None):
        with self.lock:
            if err is None:
                self.acked.add(i)
            else:
                self.failed.append((i, err))


def visible_nodes(c) -> int:
    """Nodes the client routes to (-1 while it still holds a dead one)."""
    try:
        return len(c.info_all("node"))
    except ex.AerospikeError:
        return -1


def check(srv, outcome: Outcome, follow_seconds: float):
    c = aerospike_py.client({"hosts": [srv.address], "tend_interval": TEND_MS}).connect()
    try:
        # The node came back: the cluster heals to three nodes.
        wait_until(lambda: visible_nodes(c) == 3, FOLLOW_WITHIN)
        assert outcome.acked, "no write succeeded"
        assert len(outcome.acked) + len(outcome.failed) == RECORDS
        for i in outcome.acked:
            _, _, bins = c.get(("test", SET, i))
            assert bins == {"v": i}, f"acknowledged write {i} lost or changed"
        for i, err in outcome.failed:
            # A dead node shows as a timeout or a client-side connection
            # error, never as a record-level server answer.
            assert isinstance(err, (ex.TimeoutError, ex.ClientError, ex.ClusterError)), repr(err)
            assert isinstance(err.in_doubt, bool)
            if not err.in_doubt:
                # Not in doubt means "not applied": the record must not exist.
                with pytest.raises(ex.RecordNotFound):
                    c.get(("test", SET, i))
        # Healed: the restarted node masters partitions again and takes writes.
        before = namespace_stat(srv, NODE, "client_write_success")
        for i in range(300):
            c.put(("test", SET, f"healed-{i}"), {"v": i})
        assert namespace_stat(srv, NODE, "client_write_success") > before
    finally:
        c.close()
    assert follow_seconds <= FOLLOW_WITHIN


def stop_and_watch(srv, c_nodes, outcome: Outcome):
    """Stops NODE and returns how long the client took to drop it."""
    control(srv, "test-node-stop", NODE)
    outcome.stopped_at = time.monotonic()
    return wait_until(lambda: c_nodes() == 2, FOLLOW_WITHIN)


def test_sync_client_loses_nothing_acknowledged_when_a_node_dies():
    srv = start_cluster(3, 2)
    try:
        c = aerospike_py.client(config(srv)).connect()
        assert visible_nodes(c) == 3
        outcome = Outcome()
        follow: list[float] = []
        counter = iter(range(RECORDS))
        counter_lock = threading.Lock()
        half = threading.Event()

        def worker():
            while True:
                with counter_lock:
                    i = next(counter, None)
                if i is None:
                    return
                if i == STOP_AT:
                    half.set()
                try:
                    c.put(("test", SET, i), {"v": i})
                    outcome.done(i)
                except ex.AerospikeError as e:
                    outcome.done(i, e)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        half.wait(60)
        follow.append(stop_and_watch(srv, lambda: visible_nodes(c), outcome))
        for t in threads:
            t.join()
        # Writes after the map moved succeed on the survivors.
        c.put(("test", SET, "after-stop"), {"after": 1})
        # With a node down, the replicas serve its partitions: a scan and a
        # batch see every acknowledged record exactly once.
        scanned = [bins["v"] for _, _, bins in c.scan("test", SET).results() if "v" in bins]
        assert len(scanned) == len(set(scanned))
        assert outcome.acked <= set(scanned)
        sample = sorted(outcome.acked)[::10]
        rows = c.batch_read([("test", SET, i) for i in sample]).batch_records
        assert [row.record[2]["v"] for row in rows] == sample
        control(srv, "test-node-start", NODE)
        wait_until(lambda: visible_nodes(c) == 3, FOLLOW_WITHIN)
        c.close()
        check(srv, outcome, follow[0])
    finally:
        srv.stop()


def test_async_client_loses_nothing_acknowledged_when_a_node_dies():
    srv = start_cluster(3, 2)
    try:
        outcome = Outcome()

        async def run():
            c = aerospike_py.AsyncClient(config(srv))
            await c.connect()

            async def nodes():
                try:
                    return len(await c.info_all("node"))
                except ex.AerospikeError:
                    return -1

            assert await nodes() == 3
            sem = asyncio.Semaphore(64)

            async def one(i):
                async with sem:
                    try:
                        await c.put(("test", SET, i), {"v": i})
                        outcome.done(i)
                    except ex.AerospikeError as e:
                        outcome.done(i, e)

            first = [asyncio.ensure_future(one(i)) for i in range(STOP_AT)]
            await asyncio.gather(*first[: STOP_AT // 2])
            rest = [asyncio.ensure_future(one(i)) for i in range(STOP_AT, RECORDS)]
            await asyncio.to_thread(control, srv, "test-node-stop", NODE)
            started = time.monotonic()
            while await nodes() != 2:
                assert time.monotonic() - started < FOLLOW_WITHIN, "client kept the dead node"
                await asyncio.sleep(0.05)
            follow = time.monotonic() - started
            await asyncio.gather(*first, *rest)
            await c.put(("test", SET, "after-stop"), {"after": 1})
            await asyncio.to_thread(control, srv, "test-node-start", NODE)
            started = time.monotonic()
            while await nodes() != 3:
                assert time.monotonic() - started < FOLLOW_WITHIN, "client never saw the node return"
                await asyncio.sleep(0.05)
            await c.close()
            return follow

        follow = asyncio.run(run())
        check(srv, outcome, follow)
    finally:
        srv.stop()


def test_an_idle_sync_client_keeps_following_the_cluster():
    """A sync client drives its runtime only while it makes a call; between calls its
    idle thread must keep tending. Here the client makes no call at all while a node
    goes down and comes back, and its node list (read without entering the runtime)
    follows both changes."""
    srv = start_cluster()
    c = aerospike_py.client({"hosts": [srv.address], "tend_interval": TEND_MS}).connect()
    try:
        wait_until(lambda: len(c.get_nodes()) == 3, FOLLOW_WITHIN)
        time.sleep(0.5)  # well past the idle thread's quiet period: nobody else drives
        control(srv, "test-node-stop", NODE)
        wait_until(lambda: len(c.get_nodes()) == 2, FOLLOW_WITHIN)
        control(srv, "test-node-start", NODE)
        wait_until(lambda: len(c.get_nodes()) == 3, FOLLOW_WITHIN)
        c.put(("test", SET, "after-idle"), {"v": 1})
        assert c.get(("test", SET, "after-idle")).bins == {"v": 1}
    finally:
        c.close()
        srv.stop()


def test_a_sync_client_calling_every_few_milliseconds_keeps_following_the_cluster():
    """Calls 30 ms apart keep the idle thread from taking the runtime over (that would
    cost every call a handover), so between them it drives only in short windows: the
    tend task must still keep up, and the node list follows a node going down and back."""
    srv = start_cluster()
    c = aerospike_py.client({"hosts": [srv.address], "tend_interval": TEND_MS}).connect()
    key = ("test", SET, "spaced")

    def after_a_call(condition):
        def check():
            try:
                c.put(key, {"v": 1})
            except ex.AerospikeError:
                pass  # the node holding the key is down until the map moves on
            return condition()
        return check

    try:
        wait_until(after_a_call(lambda: len(c.get_nodes()) == 3), FOLLOW_WITHIN, step=0.03)
        control(srv, "test-node-stop", NODE)
        wait_until(after_a_call(lambda: len(c.get_nodes()) == 2), FOLLOW_WITHIN, step=0.03)
        control(srv, "test-node-start", NODE)
        wait_until(after_a_call(lambda: len(c.get_nodes()) == 3), FOLLOW_WITHIN, step=0.03)
        assert c.get(key).bins == {"v": 1}
    finally:
        c.close()
        srv.stop()
