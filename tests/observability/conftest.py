"""Fixtures for the tracing and metrics tests.

Tracing state is process-global (``init_tracing()`` installs one tracer
provider for the life of the process), so every tracing scenario runs in its
own Python subprocess started by :func:`run_py` / :func:`spawn_py`, with the
environment the scenario needs and the Aerospike address passed through
``ASPY_TEST_*`` variables. Spans go to an in-test OTLP gRPC receiver
(:mod:`otlp_receiver`). Metrics tests that need no tracer run in-process.

``@pytest.mark.tiers("otel", ...)`` skips a test unless the native library was
compiled with one of the named instrumentation tiers.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass, field

import pytest
from otlp_receiver import OtlpReceiver

import aerospike_py

TIER = getattr(aerospike_py, "INSTRUMENTATION_TIER", None)
ALL_TIERS = ("otel", "metrics-only", "none")

# One subprocess scenario: start, connect, a few dozen operations, flush.
SCENARIO_TIMEOUT = 120.0

# The JSON line a scenario prints to hand a value back to the test.
RESULT_PREFIX = "@@RESULT "

# Prepended to every scenario. It must not import aerospike_py: some
# scenarios change sys.modules before the first import.
PRELUDE = textwrap.dedent(
    '''
    import asyncio, faulthandler, json, os, sys, time

    # A hung scenario prints every thread's stack and exits before the test's
    # timeout kills it, so the failure shows where it hung.
    faulthandler.dump_traceback_later(float(os.environ["ASPY_TEST_DUMP_AFTER"]), exit=True)

    HOST = os.environ["ASPY_TEST_HOST"]
    PORT = int(os.environ["ASPY_TEST_PORT"])
    NS = os.environ["ASPY_TEST_NAMESPACE"]
    CONFIG = {"hosts": [(HOST, PORT)]}

    def emit(name, value):
        """Hand ``value`` (JSON-serialisable) back to the test as results[name]."""
        print("@@RESULT " + json.dumps({name: value}), flush=True)

    def connect():
        import aerospike_py
        return aerospike_py.client(dict(CONFIG)).connect()

    class AsyncShim:
        """Drive an AsyncClient's coroutines from plain calls on one event loop."""

        def __init__(self, loop):
            import aerospike_py

            async def open_client():
                client = aerospike_py.AsyncClient(dict(CONFIG))
                return await client.connect()

            self.loop = loop
            self.client = loop.run_until_complete(open_client())

        def __getattr__(self, name):
            async def call(*a, **kw):
                return await getattr(self.client, name)(*a, **kw)

            return lambda *a, **kw: self.loop.run_until_complete(call(*a, **kw))

    def every_op(c, set_name, user_key, value, number):
        """Each traced operation once, plus two server errors.

        Returns the expected [db.operation.name, error.type] pairs ("" = success).
        """
        import aerospike_py
        from aerospike_py import exception as ex
        key = (NS, set_name, user_key)
        missing = (NS, set_name, user_key + "-missing")
        c.put(key, {"s": value, "n": number, "t": value}, policy={"key": aerospike_py.POLICY_KEY_SEND})
        c.get(key)
        c.select(key, ["s"])
        assert c.exists(key)[1] is not None
        assert c.exists(missing)[1] is None  # a miss, not an error
        c.touch(key)
        c.append(key, "t", value)
        c.prepend(key, "t", value)
        c.increment(key, "n", number)
        c.remove_bin(key, ["t"])
        try:
            c.get(missing)
            raise AssertionError("get of a missing key succeeded")
        except ex.RecordNotFound:
            pass
        try:
            c.put(key, {"s": value}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE})
            raise AssertionError("create-only put of an existing key succeeded")
        except ex.RecordExistsError:
            pass
        c.remove(key)
        return [
            ["PUT", ""], ["GET", ""], ["SELECT", ""], ["EXISTS", ""], ["EXISTS", ""],
            ["TOUCH", ""], ["APPEND", ""], ["PREPEND", ""], ["INCREMENT", ""],
            ["REMOVE_BIN", ""], ["GET", "KeyNotFoundError"], ["PUT", "KeyExistsError"],
            ["REMOVE", ""],
        ]
    '''
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "tiers(*names): run only when aerospike_py.INSTRUMENTATION_TIER is one of names "
        "('otel', 'metrics-only', 'none')",
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        marker = item.get_closest_marker("tiers")
        if marker is None:
            continue
        unknown = set(marker.args) - set(ALL_TIERS)
        assert not unknown, f"{item.nodeid}: unknown tier(s) {unknown}"
        if TIER is None:
            item.add_marker(pytest.mark.skip(reason="aerospike_py.INSTRUMENTATION_TIER is missing"))
        elif TIER not in marker.args:
            item.add_marker(pytest.mark.skip(reason=f"needs tier {' or '.join(marker.args)}; built with {TIER!r}"))


# --------------------------------------------------------------------------
# subprocess scenarios
# --------------------------------------------------------------------------


@dataclass
class ScenarioResult:
    returncode: int
    stdout: str
    stderr: str
    results: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.results[name]


def _parse_results(stdout: str) -> dict:
    results = {}
    for line in stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            results.update(json.loads(line[len(RESULT_PREFIX) :]))
    return results


def scenario_env(server_address, namespace, env: dict | None) -> dict:
    """The parent's environment without any ``OTEL_*`` setting, plus the
    server address and ``env`` (a value of ``None`` removes a variable)."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    host, port = server_address
    out.update(
        ASPY_TEST_HOST=str(host),
        ASPY_TEST_PORT=str(port),
        ASPY_TEST_NAMESPACE=namespace,
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    for k, v in (env or {}).items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = str(v)
    return out


@pytest.fixture(scope="session")
def run_py(server_address, namespace):
    """``run_py(code, env=None, timeout=..., check=True) -> ScenarioResult``.

    Runs ``PRELUDE + code`` with ``sys.executable`` in a fresh process. With
    ``check`` a non-zero exit fails the test, showing the process's output.
    """

    def run(code: str, env: dict | None = None, timeout: float = SCENARIO_TIMEOUT, check: bool = True):
        env = {"ASPY_TEST_DUMP_AFTER": str(max(timeout - 10, 1)), **(env or {})}
        proc = subprocess.Popen(
            [sys.executable, "-c", PRELUDE + textwrap.dedent(code)],
            env=scenario_env(server_address, namespace, env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            pytest.fail(f"scenario still running after {timeout}s\n--- stdout\n{stdout}\n--- stderr\n{stderr}")
        result = ScenarioResult(proc.returncode, stdout, stderr, _parse_results(stdout))
        if check and proc.returncode != 0:
            pytest.fail(
                f"scenario exited {proc.returncode}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
                pytrace=False,
            )
        return result

    return run


class PyProcess:
    """A running scenario the test talks to line by line (for ordering checks)."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.results: dict = {}
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr: list[str] = []
        threading.Thread(target=self._pump, args=(proc.stdout, self._lines.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(proc.stderr, self._stderr.append), daemon=True).start()

    @staticmethod
    def _pump(stream, sink) -> None:
        for line in stream:
            sink(line)
        sink(None)

    def read_until(self, marker: str, timeout: float = 60.0) -> None:
        """Consume stdout until a line equal to ``marker``; collect results on the way."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self._lines.get(timeout=max(remaining, 0.001))
            except queue.Empty:
                raise TimeoutError(f"no {marker!r} within {timeout}s; stderr:\n{self.stderr}") from None
            if line is None:
                raise AssertionError(f"process ended before {marker!r}; stderr:\n{self.stderr}")
            line = line.rstrip("\n")
            if line.startswith(RESULT_PREFIX):
                self.results.update(json.loads(line[len(RESULT_PREFIX) :]))
            if line == marker:
                return

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    @property
    def stderr(self) -> str:
        return "".join(s for s in self._stderr if s is not None)

    def wait(self, timeout: float = 60.0) -> int:
        return self.proc.wait(timeout)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def spawn_py(server_address, namespace):
    """``spawn_py(code, env=None) -> PyProcess``: like run_py, but interactive.

    The scenario can ``print("MARKER", flush=True)`` and ``sys.stdin.readline()``
    to wait for the test. Processes still running at teardown are killed.
    """
    started: list[PyProcess] = []

    def spawn(code: str, env: dict | None = None) -> PyProcess:
        env = {"ASPY_TEST_DUMP_AFTER": str(SCENARIO_TIMEOUT), **(env or {})}
        proc = subprocess.Popen(
            [sys.executable, "-c", PRELUDE + textwrap.dedent(code)],
            env=scenario_env(server_address, namespace, env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        p = PyProcess(proc)
        started.append(p)
        return p

    yield spawn
    for p in started:
        p.kill()


# --------------------------------------------------------------------------
# receivers
# --------------------------------------------------------------------------


@pytest.fixture
def receiver():
    """A fresh OTLP gRPC trace receiver for one test."""
    r = OtlpReceiver()
    yield r
    r.stop()


@pytest.fixture(scope="module")
def module_receiver():
    """One receiver shared by a module's tests (for one scenario many tests inspect)."""
    r = OtlpReceiver()
    yield r
    r.stop()


@pytest.fixture
def tracing_env(receiver):
    """Environment for a scenario exporting to ``receiver`` quickly."""
    return {
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }


@pytest.fixture
def closed_port():
    """A TCP port on 127.0.0.1 nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------
# metrics text
# --------------------------------------------------------------------------

HISTOGRAM = "db_client_operation_duration_seconds"


def histogram_samples(text: str) -> list:
    """Every sample of the operation-duration histogram in exposition ``text``
    (whether or not the text declares its TYPE)."""
    from prometheus_client.parser import text_string_to_metric_families

    return [
        sample
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name in (f"{HISTOGRAM}_bucket", f"{HISTOGRAM}_count", f"{HISTOGRAM}_sum")
    ]


@pytest.fixture(scope="session")
def op_counts():
    """``op_counts(text, namespace, set_name) -> {(operation, error_type): count}``
    from the histogram's ``_count`` series for that namespace and set."""

    def counts(text: str, namespace: str, set_name: str) -> dict:
        out = {}
        for s in histogram_samples(text):
            labels = s.labels
            if (
                s.name == f"{HISTOGRAM}_count"
                and labels.get("db_namespace") == namespace
                and labels.get("db_collection_name") == set_name
            ):
                out[(labels.get("db_operation_name"), labels.get("error_type"))] = int(s.value)
        return out

    return counts
