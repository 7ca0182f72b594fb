"""Locate or start the Aerospike server the tests run against.

If ``AEROSPIKE_HOST`` is set, tests use that server (``AEROSPIKE_PORT``,
default 3000) and nothing is started. Otherwise the in-memory test server
(``scripts/test-server``, built on first use) is started once per process on
a free port and stopped at interpreter exit.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "test-server"

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


class TestServer:
    """One ``scripts/test-server`` subprocess.

    stderr goes to a temporary file rather than a pipe: the server logs
    there for its whole life and nobody drains a pipe, which would
    eventually block it.
    """

    __test__ = False  # not a pytest test class despite the name

    def __init__(self, args: list[str] | None = None, timeout: float = DEFAULT_START_TIMEOUT):
        if args is None:
            args = [arg for ns in DEFAULT_NAMESPACES for arg in ("--namespace", ns)]
        self.args = list(args)
        self.timeout = timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.address: tuple[str, int] | None = None
        # One address per node (``--nodes N``), first node first.
        self.addresses: list[tuple[str, int]] = []
        self._stderr = None

    def start(self) -> tuple[str, int]:
        if self.address is not None:
            return self.address
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(SCRIPT), "--port", "0", *self.args],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            stdin=subprocess.DEVNULL,
            cwd=REPO_ROOT,
            start_new_session=True,
        )
        line = self._read_ready_line()
        if not line.startswith("READY "):
            err = self.stderr_text()
            self.stop()
            raise RuntimeError(f"test server did not start: {line!r}\n{err}")
        self.addresses = []
        for addr in line.split()[1:]:
            host, _, port = addr.rpartition(":")
            self.addresses.append((host, int(port)))
        self.address = self.addresses[0]
        return self.address

    def _read_ready_line(self) -> str:
        """First stdout line, or a timeout error carrying the server's stderr."""
        assert self.process is not None and self.process.stdout is not None
        result: list[bytes] = []
        reader = threading.Thread(
            target=lambda: result.append(self.process.stdout.readline()), daemon=True
        )
        reader.start()
        reader.join(self.timeout)
        if reader.is_alive():
            err = self.stderr_text()
            self.stop()
            raise TimeoutError(f"test server not READY after {self.timeout:.0f}s\n{err}")
        return result[0].decode(errors="replace").strip()

    def stderr_text(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def stop(self) -> None:
        proc, self.process = self.process, None
        self.address = None
        self.addresses = []
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc is not None and proc.stdout is not None:
            proc.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def __enter__(self) -> tuple[str, int]:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


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
