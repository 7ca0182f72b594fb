"""Thread-safety of the sync client, concurrency of the async client, and
that neither holds up other Python code while waiting on the network."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid

import pytest

import aerospike_py
from aerospike_py import exception as ex


def _cleanup(sync_client, keys):
    for k in keys:
        try:
            sync_client.remove(k)
        except ex.RecordNotFound:
            pass


@pytest.fixture
def sync_client(config):
    c = aerospike_py.client(dict(config)).connect()
    yield c
    c.close()


def test_threads_share_one_sync_client(sync_client, namespace, set_name):
    n_threads, n_ops, keys_per_thread = 8, 200, 10
    keys = [
        [(namespace, set_name, f"thr-{uuid.uuid4().hex}") for _ in range(keys_per_thread)]
        for _ in range(n_threads)
    ]
    errors = []
    mismatches = []
    start = threading.Barrier(n_threads)

    def worker(tid):
        try:
            start.wait()
            for i in range(n_ops):
                k = keys[tid][i % keys_per_thread]
                value = {"tid": tid, "i": i, "s": f"{tid}:{i}", "l": [tid, i]}
                sync_client.put(k, value)
                _, _, bins = sync_client.get(k)
                if bins != value:
                    mismatches.append((tid, i, bins))
        except BaseException as e:  # report from the main thread
            errors.append((tid, repr(e)))

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(n_threads)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not any(t.is_alive() for t in threads), "worker threads hung"
        assert errors == []
        assert mismatches == []
        # every key ends with its thread's last write
        for tid in range(n_threads):
            for j, k in enumerate(keys[tid]):
                last_i = max(i for i in range(n_ops) if i % keys_per_thread == j)
                assert sync_client.get(k)[2]["i"] == last_i
    finally:
        _cleanup(sync_client, [k for ks in keys for k in ks])


def test_async_gather_200_tasks(config, sync_client, namespace, set_name):
    keys = [(namespace, set_name, f"agather-{uuid.uuid4().hex}") for _ in range(200)]

    async def one(c, i, k):
        await c.put(k, {"i": i, "s": str(i) * 3})
        _, _, bins = await c.get(k)
        return bins

    async def main():
        c = await aerospike_py.AsyncClient(dict(config)).connect()
        try:
            return await asyncio.gather(*(one(c, i, k) for i, k in enumerate(keys)))
        finally:
            await c.close()

    try:
        results = asyncio.run(main())
        assert results == [{"i": i, "s": str(i) * 3} for i in range(200)]
    finally:
        _cleanup(sync_client, keys)


def test_async_gather_mixed_errors(config, sync_client, namespace, set_name):
    """Failures of some tasks don't disturb the others."""
    keys = [(namespace, set_name, f"amixed-{uuid.uuid4().hex}") for _ in range(100)]

    async def one(c, i, k):
        if i % 2:
            await c.put(k, {"i": i})
        try:
            return (await c.get(k))[2]
        except ex.RecordNotFound:
            return None

    async def main():
        async with aerospike_py.AsyncClient(dict(config)) as c:
            return await asyncio.gather(*(one(c, i, k) for i, k in enumerate(keys)))

    try:
        results = asyncio.run(main())
        assert results == [{"i": i} if i % 2 else None for i in range(100)]
    finally:
        _cleanup(sync_client, keys)


def test_async_client_does_not_block_event_loop(config, sync_client, namespace, set_name):
    """While operations are awaited, other coroutines on the loop keep running.

    A ticker bumps a counter on every loop iteration.  Each operation notes
    the counter before and after its await; if the client blocked the loop
    the counter could never move during an await.
    """
    keys = [(namespace, set_name, f"aticker-{uuid.uuid4().hex}") for _ in range(200)]
    ticks = 0
    stop = False

    async def ticker():
        nonlocal ticks
        while not stop:
            ticks += 1
            await asyncio.sleep(0)

    async def op(c, i, k):
        before = ticks
        await c.put(k, {"i": i})
        _, _, bins = await c.get(k)
        assert bins == {"i": i}
        return ticks - before

    async def main():
        nonlocal stop
        c = await aerospike_py.AsyncClient(dict(config)).connect()
        t = asyncio.ensure_future(ticker())
        try:
            await asyncio.sleep(0)
            return await asyncio.gather(*(op(c, i, k) for i, k in enumerate(keys)))
        finally:
            stop = True
            await t
            await c.close()

    try:
        advanced = asyncio.run(main())
        moved = sum(1 for d in advanced if d > 0)
        assert moved >= len(keys) // 2, f"only {moved}/{len(keys)} ops let the loop run"
    finally:
        _cleanup(sync_client, keys)


def _silent_listener():
    """A TCP listener that accepts connections (via the backlog) but never answers."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    return srv


def test_async_connect_to_silent_server_does_not_block_loop():
    srv = _silent_listener()
    cfg = {"hosts": [("127.0.0.1", srv.getsockname()[1])], "timeout": 1000}
    stamps = []

    async def ticker(stop):
        while not stop.is_set():
            stamps.append(time.monotonic())
            await asyncio.sleep(0.01)

    async def main():
        stop = asyncio.Event()
        t = asyncio.ensure_future(ticker(stop))
        await asyncio.sleep(0)
        t0 = time.monotonic()
        try:
            await aerospike_py.AsyncClient(cfg).connect()
        except ex.AerospikeError:
            pass
        else:  # pragma: no cover - a silent peer can't be a cluster
            raise AssertionError("connect to a silent peer succeeded")
        t1 = time.monotonic()
        stop.set()
        await t
        return t0, t1

    try:
        t0, t1 = asyncio.run(main())
    finally:
        srv.close()
    if t1 - t0 < 0.2:
        pytest.skip("connect failed too fast to observe the loop")
    during = [s for s in stamps if t0 < s < t1]
    # with a 10 ms ticker we expect ~100/s; demand a small fraction of that
    assert len(during) >= (t1 - t0) * 20, f"{len(during)} ticks in {t1 - t0:.2f}s"


def _spin_counter():
    """Start a pure-Python thread that counts as fast as it can."""
    state = {"n": 0, "stop": False}

    def run():
        while not state["stop"]:
            state["n"] += 1

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return state, t


def test_sync_client_releases_gil_while_waiting():
    """During one long blocking call (connect to a silent peer), another
    Python thread keeps running at a good fraction of its normal speed."""
    srv = _silent_listener()
    cfg = {"hosts": [("127.0.0.1", srv.getsockname()[1])], "timeout": 1000}
    state, t = _spin_counter()
    try:
        # baseline: progress while this thread sleeps (GIL released)
        n0 = state["n"]
        time.sleep(0.3)
        baseline_rate = (state["n"] - n0) / 0.3

        n1 = state["n"]
        t0 = time.monotonic()
        with pytest.raises(ex.AerospikeError):
            aerospike_py.client(cfg).connect()
        elapsed = time.monotonic() - t0
        during_rate = (state["n"] - n1) / max(elapsed, 1e-9)
    finally:
        state["stop"] = True
        t.join()
        srv.close()
    if elapsed < 0.2:
        pytest.skip("connect failed too fast to measure")
    assert during_rate >= 0.2 * baseline_rate, (
        f"counter ran at {during_rate:.0f}/s during the call vs {baseline_rate:.0f}/s baseline"
    )


def test_sync_batch_lets_other_threads_run(sync_client, namespace, set_name):
    """Loose check on fast calls: a spinning thread makes progress while the
    main thread issues a batch of blocking operations."""
    k = (namespace, set_name, f"gil-{uuid.uuid4().hex}")
    sync_client.put(k, {"a": 1})
    state, t = _spin_counter()
    try:
        while state["n"] == 0:  # the spinner is running
            time.sleep(0.001)
        n0 = state["n"]
        t0 = time.monotonic()
        # A call much shorter than the spinner's wake-up may release and retake the GIL
        # before the spinner gets it: call in rounds of 100 until it has moved (or 2 s,
        # far more than it needs when calls release the GIL).
        while state["n"] == n0 and time.monotonic() - t0 < 2:
            for _ in range(100):
                sync_client.get(k)
        elapsed = time.monotonic() - t0
        progressed = state["n"] - n0
    finally:
        state["stop"] = True
        t.join()
        _cleanup(sync_client, [k])
    assert progressed > 0, f"no progress in {elapsed:.2f}s of blocking calls"


def test_async_cancelled_ops_leave_client_usable(config, sync_client, namespace, set_name):
    """Cancelling awaits mid-flight neither breaks the client nor the loop."""
    keys = [(namespace, set_name, f"acancel-{uuid.uuid4().hex}") for _ in range(50)]

    async def main():
        async with aerospike_py.AsyncClient(dict(config)) as c:
            tasks = [asyncio.ensure_future(c.put(k, {"i": i})) for i, k in enumerate(keys)]
            await asyncio.sleep(0)
            for t in tasks[::2]:
                t.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            for r in results:
                assert r is None or isinstance(r, asyncio.CancelledError), repr(r)
            # the client still works for fresh operations
            for i, k in enumerate(keys):
                await c.put(k, {"i": i, "again": True})
            got = await asyncio.gather(*(c.get(k) for k in keys))
            return [bins for _, _, bins in got]

    try:
        bins = asyncio.run(main())
        assert bins == [{"i": i, "again": True} for i in range(len(keys))]
    finally:
        _cleanup(sync_client, keys)
