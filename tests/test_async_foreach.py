"""The async client's ``Query.foreach()`` streams: records reach the callback on the
event loop as they arrive, a batch at a time, with other tasks running in between; a
callback that stops, raises or is cancelled stops the query and leaves the client usable.
"""

from __future__ import annotations

import asyncio
import gc
import uuid

import pytest

import aerospike_py
from aerospike_py import exception as ex

RECORDS = 1_500  # several of the stream's 256-record batches


@pytest.fixture(scope="module")
def scan_set(namespace, _admin_client):
    set_name = "aspy_stream_" + uuid.uuid4().hex[:8]
    keys = [(namespace, set_name, i) for i in range(RECORDS)]
    for i, key in enumerate(keys):
        _admin_client.put(key, {"i": i})
    yield namespace, set_name
    _admin_client.batch_remove(keys)


def run(config, body):
    """`body(client)` on a fresh event loop with a connected AsyncClient; the loop's
    unhandled-exception reports come back with the result."""
    reports = []

    async def main():
        asyncio.get_running_loop().set_exception_handler(lambda _loop, context: reports.append(context))
        client = await aerospike_py.AsyncClient(dict(config)).connect()
        try:
            return await body(client)
        finally:
            await client.close()
            gc.collect()  # an exception nobody retrieved is reported when its future is freed
            await asyncio.sleep(0)

    return asyncio.run(main()), reports


def test_records_reach_the_callback_while_other_tasks_run(config, scan_set):
    ticks, seen_at = [0], []

    async def body(client):
        async def ticker():
            while True:
                ticks[0] += 1
                await asyncio.sleep(0)

        beside = asyncio.create_task(ticker())
        try:
            await client.scan(*scan_set).foreach(lambda record: seen_at.append((record[2]["i"], ticks[0])))
        finally:
            beside.cancel()

    _, reports = run(config, body)
    assert sorted(i for i, _ in seen_at) == list(range(RECORDS))
    # Buffered until the end, every call would see the same tick.
    assert len({tick for _, tick in seen_at}) >= RECORDS // 256
    assert reports == []


def test_false_stops_the_query(config, scan_set):
    seen = []

    async def body(client):
        await client.scan(*scan_set).foreach(lambda record: seen.append(record) or len(seen) < 5)
        return len(await client.scan(*scan_set).results())

    total, reports = run(config, body)
    assert len(seen) == 5 and total == RECORDS
    assert reports == []


def test_a_raising_callback_stops_the_query_and_its_error_is_raised(config, scan_set):
    seen = []

    def callback(record):
        seen.append(record)
        if len(seen) == 10:
            raise ValueError("from callback")

    async def body(client):
        with pytest.raises(ValueError, match="from callback"):
            await client.scan(*scan_set).foreach(callback)
        return (await client.get(seen[0][0]))[2]

    bins, reports = run(config, body)
    assert len(seen) == 10 and bins == seen[0][2]
    assert reports == []  # the stopped query's own outcome is not left unretrieved


def test_cancelling_the_task_stops_the_query(config, scan_set):
    seen = []

    async def body(client):
        def callback(record):
            seen.append(record)
            if len(seen) == 300:
                task.cancel()  # lands at the stream's next wait

        task = asyncio.create_task(client.scan(*scan_set).foreach(callback))
        with pytest.raises(asyncio.CancelledError):
            await task
        return len(await client.scan(*scan_set).results())

    total, reports = run(config, body)
    assert 300 <= len(seen) < RECORDS and total == RECORDS
    assert reports == []


def test_nothing_runs_until_awaited(config, scan_set):
    seen = []

    async def body(client):
        pending = client.scan(*scan_set).foreach(seen.append)
        await asyncio.sleep(0.2)
        assert seen == []
        await pending
        return len(seen)

    count, _ = run(config, body)
    assert count == RECORDS


def test_a_server_error_is_raised(config, scan_set):
    from aerospike_py import predicates as p

    async def body(client):
        with pytest.raises(ex.IndexNotFound):
            await client.query(*scan_set).where(p.equals("i", 1)).foreach(lambda record: None)

    _, reports = run(config, body)
    assert reports == []
