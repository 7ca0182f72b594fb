"""Locate or start the Aerospike server the tests run against.

If ``AEROSPIKE_HOST`` is set, tests use that server (``AEROSPIKE_PORT``,
default 3000) and nothing is started. Otherwise the in-memory test server
(``scripts/test-server``, built on first use) is started once per process on
a free port and stopped at interpreter exit.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "test-server"

# The server is started by the pytest plugin's package (tests/test-server/python, the
# code of the `aerospike-py-testserver` distribution); in this checkout it runs
# scripts/test-server, which rebuilds the server when its sources changed.
sys.path.insert(0, str(REPO_ROOT / "tests" / "test-server" / "python"))
os.environ.setdefault("AEROSPIKE_TEST_SERVER", str(SCRIPT))
from aerospike_py_testserver import TestServer as PluginServer  # noqa: E402

# Namespaces the shared server serves: ``test`` for most tests, ``bar`` for batches
# that span two namespaces (those skip on a server without it).
DEFAULT_NAMESPACES = ("test", "bar")

# The first start compiles the server, which can take minutes on a cold
# cache; later starts take milliseconds.
DEFAULT_START_TIMEOUT = 600.0


def is_external() -> bool:
    """True when tests target a server named by ``AEROSPIKE_HOST``."""
    return bool(os.environ.get("AEROSPIKE_HOST"))


def _external_address() -> tuple[str, int]:
    return os.environ["AEROSPIKE_HOST"], int(os.environ.get("AEROSPIKE_PORT") or 3000)


def pin_threads(pid: int, cpus: set[int]) -> None:
    """Every thread of process ``pid`` onto ``cpus`` (a process's affinity call moves its
    main thread only); threads it makes later inherit their creator's."""
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            os.sched_setaffinity(int(task), cpus)
        except OSError:
            pass  # a thread that just ended


class TestServer(PluginServer):
    """One test-server process, started through the ``aerospike-py-testserver`` package
    (the same code users' test suites run), with this suite's defaults: the
    namespaces ``test`` and ``bar`` unless ``args`` says otherwise. ``start()`` and
    ``with`` give the ``(host, port)`` address.
    """

    __test__ = False  # not a pytest test class despite the name

    def __init__(self, args: list[str] | None = None, timeout: float = DEFAULT_START_TIMEOUT):
        if args is None:
            args = [arg for ns in DEFAULT_NAMESPACES for arg in ("--namespace", ns)]
        super().__init__(namespaces=(), args=args, timeout=timeout)

    def start(self) -> tuple[str, int]:  # type: ignore[override]
        super().start()
        assert self.address is not None
        return self.address

    def __enter__(self) -> tuple[str, int]:  # type: ignore[override]
        return self.start()


def info(address: tuple[str, int], command: str, timeout: float = 5.0) -> str:
    """Send one info command straight to one node; its value (after the tab).

    For the test server's node control (``test-node-stop:ID``), which must
    not go through the client under test.
    """
    import socket
    import struct

    body = (command + "\n").encode()
    with socket.create_connection(address, timeout=timeout) as s:
        s.sendall(struct.pack(">Q", (2 << 56) | (1 << 48) | len(body)) + body)
        header = _recv_exact(s, 8)
        size = struct.unpack(">Q", header)[0] & 0xFFFF_FFFF_FFFF
        reply = _recv_exact(s, size).decode()
    return reply.split("\t", 1)[1].rstrip("\n") if "\t" in reply else reply


def _recv_exact(s, n: int) -> bytes:
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise ConnectionError("server closed the connection")
        out += chunk
    return out


_shared: TestServer | None = None
_shared_lock = threading.Lock()


def shared_server_address() -> tuple[str, int]:
    """Address of the process-wide test server, started on first call."""
    global _shared
    with _shared_lock:
        if _shared is None:
            server = TestServer()
            server.start()
            atexit.register(server.stop)
            _shared = server
        assert _shared.address is not None
        return _shared.address


def server_address() -> tuple[str, int]:
    """The external server if configured, else the shared test server."""
    if is_external():
        return _external_address()
    return shared_server_address()
