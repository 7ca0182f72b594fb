"""A client dropped without close() releases its sockets and stops tending."""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time

import pytest

import aerospike_py

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts fds through /proc")


def open_sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:  # closed while listing
            pass
    return count


def wait_for_sockets_at_most(limit: int, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while (now := open_sockets()) > limit and time.monotonic() < deadline:
        time.sleep(0.1)
    return now


def test_dropped_sync_clients_close_their_sockets(config):
    baseline = open_sockets()
    clients = [aerospike_py.client(dict(config)).connect() for _ in range(10)]
    assert open_sockets() > baseline
    del clients
    gc.collect()
    assert wait_for_sockets_at_most(baseline) <= baseline


def test_dropped_async_clients_close_their_sockets(config):
    async def connect_many(n):
        return [await aerospike_py.AsyncClient(dict(config)).connect() for _ in range(n)]

    async def close_all(clients):
        for c in clients:
            await c.close()

    loop = asyncio.new_event_loop()
    try:
        # The loop's own wake-up sockets exist from the first call on: count after it.
        loop.run_until_complete(close_all(loop.run_until_complete(connect_many(1))))
        baseline = open_sockets()
        clients = loop.run_until_complete(connect_many(10))
        assert open_sockets() > baseline
        del clients
        gc.collect()
        assert wait_for_sockets_at_most(baseline) <= baseline
    finally:
        loop.close()
