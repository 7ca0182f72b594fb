"""How async results reach the event loop.

Results are delivered by the loop itself through a watched socket (``add_reader``);
loops that cannot watch a descriptor get them through ``call_soon_threadsafe``.
Both paths must deliver every result, in any number of loops.
"""

from __future__ import annotations

import asyncio
import uuid

import aerospike_py


class NoReaderLoop(asyncio.SelectorEventLoop):
    """A loop that, like Windows' proactor loop, cannot watch file descriptors."""

    def add_reader(self, *args, **kwargs):
        raise NotImplementedError


def workload(config, namespace):
    async def run():
        async with aerospike_py.AsyncClient(config) as client:
            keys = [(namespace, "aspy_loop", uuid.uuid4().hex) for _ in range(50)]
            await asyncio.gather(*(client.put(k, {"n": i}) for i, k in enumerate(keys)))
            records = await asyncio.gather(*(client.get(k) for k in keys))
            await asyncio.gather(*(client.remove(k) for k in keys))
            return [bins["n"] for _, _, bins in records]

    return run


def test_results_arrive_through_the_watched_socket(config, namespace):
    loop = asyncio.new_event_loop()
    try:
        assert loop.run_until_complete(workload(config, namespace)()) == list(range(50))
        assert hasattr(loop, "_aerospike_py_bridge")
    finally:
        loop.close()


def test_loops_without_add_reader_still_get_every_result(config, namespace):
    loop = NoReaderLoop()
    try:
        assert loop.run_until_complete(workload(config, namespace)()) == list(range(50))
        assert not hasattr(loop, "_aerospike_py_bridge")
    finally:
        loop.close()


def test_one_client_serves_successive_event_loops(config, namespace):
    client = aerospike_py.AsyncClient(config)
    key = (namespace, "aspy_loop", uuid.uuid4().hex)

    async def first():
        await client.connect()
        await client.put(key, {"v": 1})

    async def second():
        _, _, bins = await client.get(key)
        await client.remove(key)
        await client.close()
        return bins

    asyncio.run(first())
    assert asyncio.run(second()) == {"v": 1}
