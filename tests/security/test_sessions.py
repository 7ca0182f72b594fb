"""Login sessions: a client outlives its session token (new connections
log in again, invisibly), and a dropped user's client gets clear errors."""

from __future__ import annotations

import threading
import time

import pytest

import aerospike_py
from aerospike_py import exception as ex

try:
    import _server
except ImportError:  # pragma: no cover
    from tests import _server

pytestmark = pytest.mark.once

SESSION_TTL = 1
PASSWORD = "s3cret-pw-9"


@pytest.fixture(scope="module")
def server():
    if _server.is_external():
        pytest.skip("needs the test server's --security mode with a short --session-ttl")
    srv = _server.TestServer(["--security", "--session-ttl", str(SESSION_TTL), "--namespace", "test"])
    srv.start()
    yield srv
    srv.stop()


def burst(c, n=30):
    """n concurrent writes: more than the pool holds, so new connections open."""
    errors = []

    def write(i):
        try:
            c.put(("test", "sessions", i), {"i": i})
        except ex.AerospikeError as e:
            errors.append(e)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_an_expired_session_is_replaced_by_a_new_login(server):
    admin = aerospike_py.client({"hosts": [server.address], "user": "admin", "password": "admin"}).connect()
    admin.admin_create_user("sess", PASSWORD, ["read-write"])
    c = aerospike_py.client({"hosts": [server.address], "user": "sess", "password": PASSWORD}).connect()
    try:
        c.put(("test", "sessions", "first"), {"i": 0})
        time.sleep(SESSION_TTL + 1.5)
        # Every session the client had is gone now.
        assert admin.admin_query_user_info("sess")["conns_in_use"] == 0
        assert burst(c) == []
        # ...and the client logged in again (the server counts live sessions).
        assert admin.admin_query_user_info("sess")["conns_in_use"] >= 1

        # A dropped user's client is refused, with the server's reason.
        admin.admin_drop_user("sess")
        errors = burst(c)
        assert errors and all(isinstance(e, (ex.NotAuthenticated, ex.InvalidUser)) for e in errors), errors
        assert all(PASSWORD not in str(e) for e in errors)
    finally:
        c.close()
        admin.close()
