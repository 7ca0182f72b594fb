"""Start and stop the in-memory Aerospike test server from Python.

>>> from aerospike_py_testserver import TestServer
>>> with TestServer(namespaces=["test"]) as server:  # doctest: +SKIP
...     client = aerospike_py.client(server.config).connect()

The server is the ``aerospike-test-server`` binary this distribution installs
(or the executable named by ``AEROSPIKE_TEST_SERVER``). It binds a free loopback
port, prints ``READY host:port`` and serves until stopped. Its data lives in
memory and is gone when it stops.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Optional, Sequence, Tuple

__all__ = ["TestServer", "binary_path", "ServerNotReady"]

BINARY = "aerospike-test-server"
# A cold `cargo build` behind AEROSPIKE_TEST_SERVER (a development checkout) can
# take minutes; the installed binary is ready in milliseconds.
DEFAULT_START_TIMEOUT = 600.0


class ServerNotReady(RuntimeError):
    """The server exited, or did not print its READY line in time."""


def binary_path() -> str:
    """The server executable: ``$AEROSPIKE_TEST_SERVER``, else the installed binary."""
    override = os.environ.get("AEROSPIKE_TEST_SERVER")
    if override:
        return override
    for scripts in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        candidate = Path(scripts) / BINARY
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(BINARY)
    if found:
        return found
    raise FileNotFoundError(
        f"{BINARY} not found: install aerospike-py-testserver, or set AEROSPIKE_TEST_SERVER to the executable"
    )


def _flag_args(options: dict) -> list:
    """``{"default_ttl": 60, "verbose": True}`` -> ``["--default-ttl", "60", "--verbose"]``."""
    args: list = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            args.append(flag)
        elif value is False or value is None:
            continue
        elif isinstance(value, (list, tuple)):
            for item in value:
                args += [flag, str(item)]
        else:
            args += [flag, str(value)]
    return args


class TestServer:
    """One server process.

    ``namespaces`` and any keyword option become command-line flags (``nodes=3`` ->
    ``--nodes 3``; see ``aerospike-test-server --help`` for what this build
    supports); ``args`` are passed as they are. stderr goes to a temporary file,
    so a chatty server never blocks on a full pipe.
    """

    __test__ = False  # not a pytest test class, despite the name

    def __init__(
        self,
        namespaces: Iterable[str] = ("test",),
        args: Sequence[str] = (),
        timeout: float = DEFAULT_START_TIMEOUT,
        **options,
    ):
        self.args = [*_flag_args({"namespace": list(namespaces)}), *_flag_args(options), *args]
        self.namespaces = list(namespaces)
        self.timeout = timeout
        self.process: Optional[subprocess.Popen] = None
        self.address: Optional[Tuple[str, int]] = None
        # One address per node (``nodes=N``), the first node's first.
        self.addresses: list = []
        self._stderr = None

    @property
    def host(self) -> str:
        return self._started()[0]

    @property
    def port(self) -> int:
        return self._started()[1]

    @property
    def hosts(self) -> list:
        """The ``hosts`` entry of a client config: every node's address."""
        self._started()
        return list(self.addresses)

    @property
    def config(self) -> dict:
        """A client config for this server (``aerospike_py.client(server.config)``)."""
        return {"hosts": self.hosts}

    def _started(self) -> Tuple[str, int]:
        if self.address is None:
            raise ServerNotReady("the test server is not running: call start()")
        return self.address

    def start(self) -> "TestServer":
        if self.address is not None:
            return self
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [binary_path(), "--port", "0", *self.args],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        line = self._ready_line()
        if not line.startswith("READY "):
            err = self.stderr_text()
            self.stop()
            raise ServerNotReady(f"test server did not start: {line!r}\n{err}")
        # `READY host:port [host:port ...]`: one address per node.
        self.addresses = []
        for address in line.split()[1:]:
            host, _, port = address.rpartition(":")
            self.addresses.append((host, int(port)))
        self.address = self.addresses[0]
        return self

    def _ready_line(self) -> str:
        assert self.process is not None and self.process.stdout is not None
        stdout = self.process.stdout
        result: list = []
        reader = threading.Thread(target=lambda: result.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.timeout)
        if reader.is_alive():
            err = self.stderr_text()
            self.stop()
            raise ServerNotReady(f"test server not READY after {self.timeout:.0f}s\n{err}")
        return result[0].decode(errors="replace").strip()

    def stderr_text(self) -> str:
        """What the server wrote to stderr so far."""
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

    def __enter__(self) -> "TestServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = f"{self.address[0]}:{self.address[1]}" if self.address else "stopped"
        return f"TestServer({where}, namespaces={self.namespaces})"
