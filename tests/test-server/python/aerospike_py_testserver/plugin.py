"""pytest plugin: an in-memory Aerospike server for a test session.

Fixtures:

- ``aerospike_server`` (session): a running :class:`~aerospike_py_testserver.TestServer`;
  use ``aerospike_server.config`` as the client config, or ``.host`` / ``.port``.
- ``aerospike_server_factory`` (session): ``factory(namespaces=[...], **options)``
  starts further servers with their own options (stopped at session end).

Options (command line or ini): ``--aerospike-namespace NS`` (repeatable; default
``test``) and ``--aerospike-server-arg ARG`` (repeatable, passed to the server as
is, e.g. ``--aerospike-server-arg=--default-ttl=60``); ini keys
``aerospike_namespaces`` and ``aerospike_server_args``.
"""

from __future__ import annotations

import shlex

import pytest

from aerospike_py_testserver import TestServer


def pytest_addoption(parser):
    group = parser.getgroup("aerospike", "in-memory Aerospike test server")
    group.addoption("--aerospike-namespace", action="append", default=None, help="namespace to serve (repeatable)")
    group.addoption(
        "--aerospike-server-arg", action="append", default=None, help="extra server argument, passed as is"
    )
    parser.addini("aerospike_namespaces", "namespaces the session server serves", type="args", default=["test"])
    parser.addini("aerospike_server_args", "extra arguments for the session server", type="args", default=[])


def _session_options(config) -> tuple:
    namespaces = config.getoption("aerospike_namespace") or config.getini("aerospike_namespaces") or ["test"]
    args = list(config.getini("aerospike_server_args"))
    for extra in config.getoption("aerospike_server_arg") or []:
        args += shlex.split(extra)
    return namespaces, args


@pytest.fixture(scope="session")
def aerospike_server_factory():
    started: list = []

    def factory(namespaces=("test",), args=(), **options) -> TestServer:
        server = TestServer(namespaces=namespaces, args=args, **options).start()
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def aerospike_server(request, aerospike_server_factory) -> TestServer:
    namespaces, args = _session_options(request.config)
    return aerospike_server_factory(namespaces=namespaces, args=args)
