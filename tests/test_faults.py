"""Faults under load, against a test server of the test's own (never the shared
one): the server killed and restarted, or stalled with SIGSTOP. Every call
returns within its timeout (plus slack), every failure is an ``AerospikeError``
of a transport class, reads are never in doubt, and the client recovers by itself.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time

import pytest

import aerospike_py
from aerospike_py import exception as ex

try:
    import _server
except ImportError:  # pragma: no cover
    from tests import _server

pytestmark = [
    pytest.mark.once,
    pytest.mark.skipif(_server.is_external(), reason="needs to kill and stall its own server"),
]

TIMEOUT_MS = 300
# Scheduling slack on a loaded 2-core CI machine.
SLACK_S = 1.5
# What an outage may look like from the client: never a ParamError or a record error.
TRANSPORT = (ex.TimeoutError, ex.ConnectionError, ex.ClusterError, ex.MaxErrorRateExceeded, ex.ClientError)
POLICY = {"total_timeout": TIMEOUT_MS, "socket_timeout": TIMEOUT_MS, "max_retries": 1}


def start(port: int | None = None) -> _server.TestServer:
    args = ["--namespace", "test"] + (["--port", str(port)] if port else [])
    server = _server.TestServer(args)
    server.start()
    return server


def stall(server: _server.TestServer) -> None:
    """SIGSTOP the server and return once every one of its threads is stopped.

    kill() only queues the signal: on a loaded machine the server went on
    answering for a few calls after it returned (CI saw 4 puts succeed).
    """
    pid = server.process.pid
    os.kill(pid, signal.SIGSTOP)
    deadline = time.monotonic() + 10
    while not all(_stopped(pid, task) for task in os.listdir(f"/proc/{pid}/task")):
        assert time.monotonic() < deadline, "the server did not stop"
        time.sleep(0.001)


def _stopped(pid: int, task: str) -> bool:
    try:
        with open(f"/proc/{pid}/task/{task}/stat") as f:
            # The state follows the parenthesised command name, which may hold spaces.
            return f.read().rsplit(")", 1)[1].split()[0] in ("T", "t")
    except FileNotFoundError:  # a thread that ended is not running either
        return True


class Load:
    """Put-then-get in a loop on one thread, recording every outcome and its duration."""

    def __init__(self, client):
        self.client = client
        self.stop = threading.Event()
        self.outcomes: list[tuple[str, float, BaseException | None]] = []
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        i = 0
        while not self.stop.is_set():
            key = ("test", "aspy_faults", i % 50)
            for name, call in (
                ("put", lambda key=key, i=i: self.client.put(key, {"i": i}, policy=POLICY)),
                ("get", lambda key=key: self.client.get(key, policy=POLICY)),
            ):
                began = time.monotonic()
                try:
                    call()
                    error = None
                except ex.RecordNotFound:
                    error = None  # the restarted server is empty: a definite answer
                except BaseException as e:  # judged by the test
                    error = e
                self.outcomes.append((name, time.monotonic() - began, error))
            i += 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive(), "a call hung"


def judge(outcomes):
    assert outcomes
    for name, took, error in outcomes:
        assert took < TIMEOUT_MS / 1000 * 2 + SLACK_S, f"{name} took {took:.2f}s"
        if error is not None:
            assert isinstance(error, TRANSPORT), repr(error)
            assert not isinstance(error, ex.ParamError), repr(error)
            if name == "get":
                assert not error.in_doubt, f"a read reported in doubt: {error!r}"


def wait_until_working(call, timeout=15.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return call()
        except ex.AerospikeError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_the_client_recovers_after_the_server_is_killed_and_restarted():
    server = start()
    host, port = server.address
    client = aerospike_py.client({"hosts": [(host, port)]}).connect()
    try:
        with Load(client) as load:
            time.sleep(0.5)
            server.process.send_signal(signal.SIGKILL)
            server.process.wait()
            time.sleep(1.0)
            server = start(port)
            key = ("test", "aspy_faults", "after")
            wait_until_working(lambda: client.put(key, {"ok": 1}, policy=POLICY))
            assert client.get(key)[2] == {"ok": 1}
            time.sleep(0.5)
        judge(load.outcomes)
        assert any(e is not None for _, _, e in load.outcomes), "the outage was not seen"
        assert all(e is None for _, _, e in load.outcomes[-6:]), "the load did not recover"
    finally:
        client.close()
        server.stop()


def test_a_stalled_server_never_holds_a_call_past_its_timeout():
    server = start()
    client = aerospike_py.client({"hosts": [server.address]}).connect()
    try:
        with Load(client) as load:
            time.sleep(0.3)
            stall(server)
            try:
                time.sleep(2.0)
            finally:
                os.kill(server.process.pid, signal.SIGCONT)
            key = ("test", "aspy_faults", "after")
            wait_until_working(lambda: client.put(key, {"ok": 1}, policy=POLICY))
            time.sleep(0.3)
        judge(load.outcomes)
        stalled = [e for _, _, e in load.outcomes if e is not None]
        assert stalled and all(isinstance(e, ex.TimeoutError) for e in stalled), stalled[:3]
    finally:
        client.close()
        server.stop()


def test_async_calls_survive_a_restart_and_a_stall():
    server = start()
    host, port = server.address

    async def load(client, seconds):
        outcomes = []
        end = time.monotonic() + seconds
        i = 0
        while time.monotonic() < end:
            key = ("test", "aspy_faults_async", i % 20)
            for name, call in (
                ("put", lambda key=key, i=i: client.put(key, {"i": i}, policy=POLICY)),
                ("get", lambda key=key: client.get(key, policy=POLICY)),
            ):
                began = time.monotonic()
                try:
                    await asyncio.wait_for(call(), 30)
                    error = None
                except ex.RecordNotFound:
                    error = None
                except ex.AerospikeError as e:
                    error = e
                outcomes.append((name, time.monotonic() - began, error))
            i += 1
        return outcomes

    async def main():
        nonlocal server
        client = await aerospike_py.AsyncClient({"hosts": [(host, port)]}).connect()
        try:
            running = asyncio.ensure_future(asyncio.gather(load(client, 5.0), load(client, 5.0)))
            await asyncio.sleep(0.5)
            stall(server)
            await asyncio.sleep(1.0)
            os.kill(server.process.pid, signal.SIGCONT)
            await asyncio.sleep(0.5)
            server.process.send_signal(signal.SIGKILL)
            server.process.wait()
            await asyncio.sleep(0.5)
            server = start(port)
            results = await running
            key = ("test", "aspy_faults_async", "after")
            deadline = time.monotonic() + 15
            while True:
                try:
                    await client.put(key, {"ok": 1}, policy=POLICY)
                    break
                except ex.AerospikeError:
                    assert time.monotonic() < deadline
                    await asyncio.sleep(0.1)
            return [o for r in results for o in r]
        finally:
            await client.close()

    try:
        outcomes = asyncio.run(main())
        judge(outcomes)
        assert any(e is not None for _, _, e in outcomes)
    finally:
        server.stop()


def test_the_error_rate_breaker_is_reported_as_such_and_never_in_doubt():
    server = start()
    cfg = {"hosts": [server.address], "max_error_rate": 2, "error_rate_window": 100}
    client = aerospike_py.client(cfg).connect()
    key = ("test", "aspy_faults", "breaker")
    try:
        stall(server)
        errors = []
        try:
            for _ in range(8):
                try:
                    client.put(key, {"a": 1}, policy={"total_timeout": 200, "socket_timeout": 200, "max_retries": 0})
                except ex.AerospikeError as e:
                    errors.append(e)
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        assert len(errors) == 8
        tripped = [e for e in errors if isinstance(e, ex.MaxErrorRateExceeded)]
        assert tripped, [repr(e) for e in errors]
        # The breaker refuses before sending: such a write cannot have been applied.
        assert not any(e.in_doubt for e in tripped)
        assert all(isinstance(e, (ex.TimeoutError, ex.MaxErrorRateExceeded)) for e in errors), errors
    finally:
        client.close()
        server.stop()
