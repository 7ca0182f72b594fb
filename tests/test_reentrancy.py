"""``Query.foreach`` callbacks run on the caller's thread, so they may use the client."""

from __future__ import annotations

import threading
import uuid

import pytest


@pytest.fixture
def records(namespace, _admin_client):
    set_name = "aspy_reent_" + uuid.uuid4().hex[:8]
    keys = [(namespace, set_name, i) for i in range(10)]
    for i, k in enumerate(keys):
        _admin_client.put(k, {"i": i})
    yield namespace, set_name
    for k in keys:
        _admin_client.remove(k)


def test_a_sync_callback_can_call_the_client(records, config, capfd):
    import aerospike_py

    client = aerospike_py.client(dict(config)).connect()
    seen, threads = [], set()

    def callback(record):
        key, _, bins = record
        threads.add(threading.get_ident())
        # Re-entrant: a blocking call from inside the callback.
        assert client.get(key)[2] == bins
        seen.append(bins["i"])

    try:
        client.scan(*records).foreach(callback)
    finally:
        client.close()
    assert sorted(seen) == list(range(10))
    assert threads == {threading.get_ident()}
    assert "panicked" not in capfd.readouterr().err


def test_a_sync_callback_returning_false_stops_at_once(records, config):
    import aerospike_py

    client = aerospike_py.client(dict(config)).connect()
    calls = []
    try:
        client.scan(*records).foreach(lambda r: calls.append(r) or len(calls) < 3)
    finally:
        client.close()
    assert len(calls) == 3


def test_an_async_callback_runs_on_the_event_loop_thread(records, config, _admin_client):
    import asyncio

    import aerospike_py

    threads, seen = set(), []

    def callback(record):
        key, _, bins = record
        threads.add(threading.get_ident())
        assert _admin_client.get(key)[2] == bins  # a blocking client is usable here too
        seen.append(bins["i"])

    async def main():
        client = await aerospike_py.AsyncClient(dict(config)).connect()
        try:
            await client.scan(*records).foreach(callback)
        finally:
            await client.close()

    asyncio.run(main())
    assert sorted(seen) == list(range(10))
    assert threads == {threading.get_ident()}
