"""Connected clients for tests: the sync ``Client``, or an ``AsyncClient`` behind a
sync-shaped facade, so a behaviour is written once and checked for both.

Import it as ``from _clients import open_client`` (tests/ is on ``sys.path``); a
``from conftest import ...`` would find whichever conftest was imported first.
"""

from __future__ import annotations

import asyncio
import inspect

import aerospike_py


class AsyncFacade:
    """Expose an ``AsyncClient`` through the synchronous client's call shape.

    Each attribute access returns a plain function; calling it runs the
    underlying coroutine to completion on ``loop``.  Methods that are already
    synchronous on the async client (``is_connected``) are passed through.
    """

    def __init__(self, async_client, loop: asyncio.AbstractEventLoop):
        self._client = async_client
        self._loop = loop

    @property
    def wrapped(self):
        return self._client

    def __getattr__(self, name):
        attr = getattr(self._client, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            async def run():
                result = attr(*args, **kwargs)
                if inspect.isawaitable(result):
                    result = await result
                return result

            return self._loop.run_until_complete(run())

        call.__name__ = name
        return call

    def __repr__(self):
        return f"AsyncFacade({self._client!r})"


def open_client(kind: str, cfg: dict, loop: asyncio.AbstractEventLoop | None = None):
    """Return a connected client of ``kind`` ("sync" or "async") as a sync-shaped object.

    For "async" the caller owns ``loop`` (and must close it).
    """
    if kind == "sync":
        return aerospike_py.client(cfg).connect()
    if kind == "async":
        assert loop is not None
        ac = aerospike_py.AsyncClient(cfg)

        async def connect():
            return await ac.connect()

        connected = loop.run_until_complete(connect())
        assert connected is ac
        return AsyncFacade(ac, loop)
    raise ValueError(kind)


