"""Round trips against the test server: what a user's call costs end to end."""

from __future__ import annotations

import asyncio
import uuid

import pytest

import aerospike_py


def test_get(benchmark, client, seeded_keys):
    key = seeded_keys[0]
    _, _, bins = benchmark(client.get, key)
    assert bins["age"] == 0


def test_put(benchmark, client):
    key = ("test", "perf", f"put-{uuid.uuid4().hex}")
    benchmark(client.put, key, {"name": "user", "age": 1, "score": 1.5, "tags": ["a", "b"]})
    client.remove(key)


def test_batch_read_100(benchmark, client, seeded_keys):
    if not hasattr(client, "batch_read"):
        pytest.skip("batch_read is not implemented in this build")
    rows = benchmark(client.batch_read, seeded_keys).batch_records
    assert len(rows) == 100 and all(row.result == 0 for row in rows)


def test_async_1000_concurrent_gets(benchmark, config, seeded_keys):
    keys = [seeded_keys[i % len(seeded_keys)] for i in range(1000)]
    loop = asyncio.new_event_loop()
    client = aerospike_py.AsyncClient(config)

    async def connect():  # awaitables are created on the running loop
        await client.connect()

    async def gather():
        return await asyncio.gather(*(client.get(k) for k in keys))

    async def close():
        await client.close()

    loop.run_until_complete(connect())
    results = benchmark.pedantic(lambda: loop.run_until_complete(gather()), rounds=20, warmup_rounds=2)
    assert len(results) == 1000
    loop.run_until_complete(close())
    loop.close()
