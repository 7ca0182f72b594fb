"""Helpers for tests that run their own multi-node test server.

These tests stop and start nodes, so they never share the suite's server
and skip when ``AEROSPIKE_HOST`` names an external one.
"""

from __future__ import annotations

import time

import pytest

try:
    import _server
except ImportError:  # pragma: no cover - tests/ turned into a package
    from tests import _server

TEND_MS = 250


def start_cluster(nodes: int = 3, replication_factor: int = 2, racks: list[int] | None = None) -> _server.TestServer:
    if _server.is_external():
        pytest.skip("starts and stops its own cluster nodes (not possible on AEROSPIKE_HOST)")
    args = [
        "--nodes",
        str(nodes),
        "--replication-factor",
        str(replication_factor),
        "--namespace",
        "test",
    ]
    if racks:
        args += ["--rack-ids", ",".join(map(str, racks))]
    srv = _server.TestServer(args)
    srv.start()
    return srv


def control(srv: _server.TestServer, command: str, node: int) -> None:
    """Stop or start ``node`` through another node (a node cannot stop itself)."""
    via = next(a for i, a in enumerate(srv.addresses) if i != node)
    assert _server.info(via, f"{command}:{node}") == "ok"


def node_names(srv: _server.TestServer) -> list[str]:
    return [_server.info(a, "node") for a in srv.addresses]


def namespace_stat(srv: _server.TestServer, node: int, name: str, namespace: str = "test") -> int:
    stats = dict(kv.split("=", 1) for kv in _server.info(srv.addresses[node], f"namespace/{namespace}").split(";"))
    return int(stats[name])


def wait_until(predicate, timeout: float, step: float = 0.05) -> float:
    """Seconds until ``predicate()`` held; fails after ``timeout``."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            pytest.fail(f"condition not reached within {timeout}s")
        time.sleep(step)
    return time.monotonic() - start
