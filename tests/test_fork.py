"""fork() after the parent used a client: the child never hangs.

Each scenario runs in its own interpreter (``subprocess`` with a timeout), so a
hang fails the test instead of blocking the suite, and the forks never touch the
pytest process. A child prints ``OK`` after its checks; the parent waits for it
with a deadline too.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

# Every scenario's preamble: connect in the parent, then fork and judge the child.
PRELUDE = """
import asyncio, multiprocessing, os, sys, time
import aerospike_py
from aerospike_py import exception as ex

CFG = {"hosts": [(%(host)r, %(port)d)]}
KEY = (%(ns)r, "aspy_fork", "k-" + str(os.getpid()))

def in_child(body, deadline=20.0):
    '''Runs body() in a fork child; returns its exit code, or fails after deadline.'''
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            body()
            code = 0
        except BaseException as e:  # reported to the parent through the exit code
            print("child failed:", repr(e), file=sys.stderr, flush=True)
        os._exit(code)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise SystemExit("child hung")

def fresh_client_works():
    own = (KEY[0], KEY[1], "child-" + str(os.getpid()))
    c = aerospike_py.client(dict(CFG)).connect()
    c.put(own, {"v": os.getpid()})
    assert c.get(own)[2] == {"v": os.getpid()}
    c.remove(own)
    c.close()
"""


def run_scenario(server_address, namespace, body: str, timeout: float = 60.0) -> None:
    host, port = server_address
    script = PRELUDE % {"host": host, "port": port, "ns": namespace} + textwrap.dedent(body) + "\nprint('OK')\n"
    proc = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("OK"), proc.stderr
    assert "panicked" not in proc.stderr, proc.stderr


def test_a_new_client_in_the_child_works_after_the_parent_closed_its_own(server_address, namespace):
    run_scenario(
        server_address,
        namespace,
        """
        parent = aerospike_py.client(dict(CFG)).connect()
        parent.put(KEY, {"v": 1})
        parent.close()
        assert in_child(fresh_client_works) == 0
        """,
    )


def test_an_inherited_client_refuses_clearly_and_closes_without_waiting(server_address, namespace):
    run_scenario(
        server_address,
        namespace,
        """
        parent = aerospike_py.client(dict(CFG)).connect()
        parent.put(KEY, {"v": 1})

        def child():
            assert not parent.is_connected()
            try:
                parent.get(KEY)
            except ex.ClientError as e:
                assert "fork" in str(e), e
            else:
                raise AssertionError("the inherited client answered")
            parent.close()
            fresh_client_works()

        assert in_child(child) == 0
        # The parent's client is untouched by what the child did.
        assert parent.get(KEY)[2] == {"v": 1}
        parent.remove(KEY)
        parent.close()
        """,
    )


def test_a_dropped_inherited_client_does_not_hang_the_child_at_exit(server_address, namespace):
    run_scenario(
        server_address,
        namespace,
        """
        parent = aerospike_py.client(dict(CFG)).connect()

        def child():
            global parent
            del parent  # the last reference: Drop must not wait for the parent's threads

        assert in_child(child) == 0
        parent.close()
        """,
    )


def test_multiprocessing_pool_with_fork_finishes(server_address, namespace):
    run_scenario(
        server_address,
        namespace,
        """
        def work(i):
            c = aerospike_py.client(dict(CFG)).connect()
            key = (KEY[0], KEY[1], "pool-%d" % i)
            c.put(key, {"i": i})
            got = c.get(key)[2]["i"]
            c.remove(key)
            c.close()
            return got

        aerospike_py.client(dict(CFG)).connect().close()
        with multiprocessing.get_context("fork").Pool(3) as pool:
            assert pool.map_async(work, range(6)).get(timeout=30) == list(range(6))
        """,
    )


def test_async_clients_after_fork(server_address, namespace):
    run_scenario(
        server_address,
        namespace,
        """
        async def connect():
            return await aerospike_py.AsyncClient(dict(CFG)).connect()

        async def call(awaitable_factory):
            return await awaitable_factory()

        loop = asyncio.new_event_loop()
        parent = loop.run_until_complete(connect())
        loop.run_until_complete(call(lambda: parent.put(KEY, {"v": 1})))

        def child():
            async def main():
                try:
                    await parent.get(KEY)
                except ex.ClientError as e:
                    assert "fork" in str(e), e
                else:
                    raise AssertionError("the inherited client answered")
                c = await aerospike_py.AsyncClient(dict(CFG)).connect()
                assert (await c.get(KEY))[2] == {"v": 1}
                await c.close()
                await parent.close()

            # A new loop: asyncio's own loops are not usable across fork().
            asyncio.run(main())

        assert in_child(child) == 0
        assert loop.run_until_complete(call(lambda: parent.get(KEY)))[2] == {"v": 1}
        loop.run_until_complete(call(lambda: parent.remove(KEY)))
        loop.run_until_complete(call(parent.close))
        loop.close()
        """,
    )


def test_tracing_and_metrics_state_does_not_hang_the_child(server_address, namespace):
    run_scenario(
        server_address,
        namespace,
        """
        os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9"  # nobody listens
        aerospike_py.init_tracing()
        aerospike_py.start_metrics_server(0, "127.0.0.1")
        parent = aerospike_py.client(dict(CFG)).connect()
        parent.put(KEY, {"v": 1})

        def child():
            fresh_client_works()
            aerospike_py.shutdown_tracing()
            aerospike_py.stop_metrics_server()
            aerospike_py.start_metrics_server(0, "127.0.0.1")
            aerospike_py.stop_metrics_server()
            aerospike_py.init_tracing()
            fresh_client_works()
            aerospike_py.shutdown_tracing()

        assert in_child(child) == 0
        parent.remove(KEY)
        parent.close()
        aerospike_py.stop_metrics_server()
        aerospike_py.shutdown_tracing()
        """,
    )
