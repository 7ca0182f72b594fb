"""Shared fixtures for the aerospike_py test suite.

Every behaviour test that takes the ``client`` fixture runs twice: once
against the blocking ``Client`` and once against ``AsyncClient`` wrapped in a
small facade that drives each coroutine to completion on an event loop owned
by the fixture.  That way a behaviour is written once and checked for both
front ends.

The suite must also pass against a real Aerospike server (set
``AEROSPIKE_HOST``/``AEROSPIKE_PORT``), so tests use unique keys and clean up
after themselves.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import os
import uuid

import pytest

import aerospike_py
from aerospike_py import exception as ex

try:  # pytest puts tests/ on sys.path (rootdir conftest, no __init__.py)
    import _server
    from _clients import AsyncFacade, open_client
except ImportError:  # pragma: no cover - tests/ turned into a package
    from tests import _server
    from tests._clients import AsyncFacade, open_client


SET_NAME = "aspy_tests"

# The `aerospike-py-testserver` pytest plugin (its fixtures `aerospike_server` and
# `aerospike_server_factory`): loaded by its entry point when the distribution is
# installed, from this checkout (tests/test-server/python, put on sys.path by _server) otherwise.
try:
    importlib.metadata.distribution("aerospike-py-testserver")
    pytest_plugins: list[str] = []
except importlib.metadata.PackageNotFoundError:
    pytest_plugins = ["aerospike_py_testserver.plugin"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "interop: needs the official `aerospike` client (PyPI) connected to the same server"
    )
    config.addinivalue_line("markers", "slow: takes a few seconds (sleeps for record expiry)")
    config.addinivalue_line(
        "markers",
        "once: tier-independent and slow (faults, fuzz, clusters): runs in one tier's pass only "
        "(scripts/test sets ASPY_RUN_ONCE=1 for that pass; unset, e.g. a plain `pytest`, runs it)",
    )


def pytest_collection_modifyitems(config, items):
    # scripts/test runs the suite once per tier; tests marked `once` run in the pass
    # with ASPY_RUN_ONCE=1 only, so a slow fault test is paid for once, not three times.
    if os.environ.get("ASPY_RUN_ONCE", "1") == "1":
        return
    skip = pytest.mark.skip(reason="marked `once`: runs in the ASPY_RUN_ONCE=1 tier pass only")
    for item in items:
        if "once" in item.keywords:
            item.add_marker(skip)


# --------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def server_address():
    """``(host, port)`` of the server under test: AEROSPIKE_HOST/PORT, or the
    shared test server started once."""
    return _server.server_address()


@pytest.fixture(scope="session")
def server_is_external():
    return bool(_server.is_external())


@pytest.fixture(scope="session")
def namespace():
    return os.environ.get("AEROSPIKE_NAMESPACE", "test")


@pytest.fixture(scope="session")
def set_name():
    return SET_NAME


@pytest.fixture(scope="session")
def config(server_address):
    # A fresh dict each time would be nicer for mutation safety, but tests
    # that need to modify it copy it (see ``make_config``).
    return {"hosts": [server_address]}


@pytest.fixture
def make_config(server_address):
    """Factory: a fresh config dict for this server, with extra keys merged in."""

    def make(**extra):
        cfg = {"hosts": [server_address]}
        cfg.update(extra)
        return cfg

    return make


@pytest.fixture(scope="session")
def _admin_client(config):
    """A plain sync client used only for fixture cleanup."""
    c = aerospike_py.client(dict(config)).connect()
    yield c
    c.close()


@pytest.fixture(scope="session", params=["sync", "async"], ids=["sync", "async"])
def client(request, config):
    """A connected client: the sync ``Client`` or an ``AsyncClient`` facade."""
    if request.param == "sync":
        c = open_client("sync", dict(config))
        yield c
        c.close()
    else:
        loop = asyncio.new_event_loop()
        try:
            c = open_client("async", dict(config), loop)
            yield c
            c.close()
        finally:
            loop.close()


@pytest.fixture
def client_kind(client):
    return "async" if isinstance(client, AsyncFacade) else "sync"


@pytest.fixture
def new_key(namespace, _admin_client):
    """Factory for fresh unique keys; every key handed out is removed at teardown."""
    made = []

    def make(user_key=None, set_name=SET_NAME):
        if user_key is None:
            user_key = uuid.uuid4().hex
        k = (namespace, set_name, user_key)
        made.append(k)
        return k

    yield make
    for k in made:
        try:
            _admin_client.remove(k)
        except ex.RecordNotFound:
            pass


@pytest.fixture
def key(new_key):
    """A fresh unique ``(namespace, set, uuid)`` key, removed at teardown."""
    return new_key()


@pytest.fixture(scope="session")
def official_client(server_address):
    """The official PyPI ``aerospike`` client connected to the same server."""
    aerospike = pytest.importorskip("aerospike")
    cfg = {"hosts": [server_address]}
    if hasattr(aerospike, "AS_BOOL"):
        # be explicit: write Python bools as the server's boolean type
        cfg["send_bool_as"] = aerospike.AS_BOOL
    c = aerospike.client(cfg).connect()
    yield c
    c.close()


@pytest.fixture(scope="session")
def official_aerospike():
    """The official ``aerospike`` module (skips when not installed)."""
    return pytest.importorskip("aerospike")
