"""Security on a server with security enabled (the test server's
``--security`` mode, an Enterprise server's internal authentication):
logins, the ``admin_*`` API of both clients with the official result
shapes, and privileges enforced on data commands.

The suite's shared server is Community Edition (and so is the real server
CI compares against), so these tests start their own secured server and
skip when ``AEROSPIKE_HOST`` is set. Every login hashes the password
with bcrypt (about a second per client on a loaded debug build), so the
admin clients are shared by the module and most logins happen once.
"""

from __future__ import annotations

import asyncio
import re
import uuid

import pytest

import aerospike_py
from aerospike_py import exception as ex

from _clients import open_client

try:
    import _server
except ImportError:  # pragma: no cover
    from tests import _server

ADMIN = {"user": "admin", "password": "admin"}


@pytest.fixture(scope="module")
def server():
    if _server.is_external():
        pytest.skip("needs a server with security enabled (the test server's --security mode)")
    srv = _server.TestServer(["--security", "--namespace", "test"])
    srv.start()
    yield srv
    srv.stop()


def config(server, **auth):
    return {"hosts": [server.address], **auth}


pytestmark = pytest.mark.once


@pytest.fixture(scope="module", params=["sync", "async"])
def admin(request, server):
    """A client logged in as the default ``admin`` user (role ``user-admin``)."""
    loop = asyncio.new_event_loop() if request.param == "async" else None
    c = open_client(request.param, config(server, **ADMIN), loop)
    yield c
    c.close()
    if loop:
        loop.close()


@pytest.fixture
def name():
    return "u" + uuid.uuid4().hex[:12]


def login(server, user, password):
    return aerospike_py.client(config(server, user=user, password=password)).connect()


def test_users_created_queried_and_dropped(admin, server, name):
    admin.admin_create_user(name, "pw-1", ["read", "read-write"])
    try:
        info = admin.admin_query_user_info(name)
        assert sorted(info["roles"]) == ["read", "read-write"]
        assert set(info) == {"roles", "read_info", "write_info", "conns_in_use"}
        assert name in admin.admin_query_users_info()
        assert admin.admin_query_users_info()["admin"]["roles"] == ["user-admin"]
        admin.admin_revoke_roles(name, ["read"])
        admin.admin_grant_roles(name, ["truncate"])
        assert sorted(admin.admin_query_user_info(name)["roles"]) == [
            "read-write",
            "truncate",
        ]
        with pytest.raises(ex.UserExistsError) as e:
            admin.admin_create_user(name, "other", ["read"])
        assert e.value.code == 61
        with pytest.raises(ex.InvalidRole):
            admin.admin_grant_roles(name, ["no-such-role"])
    finally:
        admin.admin_drop_user(name)
    with pytest.raises(ex.InvalidUser) as e:
        admin.admin_query_user_info(name)
    assert e.value.code == 60
    with pytest.raises(ex.InvalidUser):
        admin.admin_drop_user(name)


def test_roles_with_scoped_privileges_whitelist_and_quotas(admin, name):
    read_demo = {"code": aerospike_py.PRIV_READ, "ns": "test", "set": "demo"}
    admin.admin_create_role(name, [read_demo], whitelist=["10.0.0.0/8"], read_quota=100)
    try:
        assert admin.admin_query_role(name) == [read_demo]
        assert admin.admin_get_role(name) == {
            "privileges": [read_demo],
            "whitelist": ["10.0.0.0/8"],
            "read_quota": 100,
            "write_quota": 0,
        }
        write_all = {"code": aerospike_py.PRIV_WRITE}
        admin.admin_grant_privileges(name, [write_all])
        assert admin.admin_query_role(name) == [
            read_demo,
            {"code": aerospike_py.PRIV_WRITE, "ns": "", "set": ""},
        ]
        admin.admin_revoke_privileges(name, [read_demo])
        admin.admin_set_whitelist(name, ["192.168.1.0/24", "127.0.0.1"])
        admin.admin_set_quotas(name, read_quota=5, write_quota=7)
        got = admin.admin_get_role(name)
        assert (got["whitelist"], got["read_quota"], got["write_quota"]) == (
            ["192.168.1.0/24", "127.0.0.1"],
            5,
            7,
        )
        assert name in admin.admin_query_roles()
        assert admin.admin_query_roles()["read"] == [{"code": aerospike_py.PRIV_READ, "ns": "", "set": ""}]
        assert admin.admin_get_roles()[name]["read_quota"] == 5
        with pytest.raises(ex.RoleExistsError):
            admin.admin_create_role(name, [write_all])
        with pytest.raises(ex.InvalidWhitelist):
            admin.admin_set_whitelist(name, ["not-an-address"])
    finally:
        admin.admin_drop_role(name)
    with pytest.raises(ex.InvalidRole):
        admin.admin_query_role(name)


@pytest.mark.parametrize(
    "privileges, why",
    [
        ([{"code": 99}], "no privilege 99"),
        ([{"ns": "test"}], "needs a 'code'"),
        (
            [{"code": aerospike_py.PRIV_READ, "namespace": "test"}],
            "unknown privileges[0] key 'namespace'",
        ),
        ("read", "must be a list"),
    ],
)
def test_bad_privileges_are_param_errors(admin, name, privileges, why):
    with pytest.raises(ex.ParamError, match=re.escape(why)):
        admin.admin_create_role(name, privileges)


def test_privileges_are_enforced_on_data_commands(admin, server, name):
    writer, reader = name + "w", name + "r"
    admin.admin_create_user(writer, "pw-w", ["read-write"])
    admin.admin_create_user(reader, "pw-r", ["read"])
    key = ("test", "secured", name)
    try:
        w = login(server, writer, "pw-w")
        w.put(key, {"v": 1})
        r = login(server, reader, "pw-r")
        assert r.get(key).bins == {"v": 1}
        with pytest.raises(ex.RoleViolation) as e:
            r.put(key, {"v": 2})
        assert e.value.code == 81
        assert w.get(key).bins == {"v": 1}, "a refused write changed nothing"
        # The default admin administers users but reads no data.
        with pytest.raises(ex.RoleViolation):
            admin.get(key)
        # Granting a role takes effect at once.
        admin.admin_grant_roles(reader, ["read-write"])
        r.put(key, {"v": 3})
        w.remove(key)
        r.close()
        w.close()
    finally:
        admin.admin_drop_user(writer)
        admin.admin_drop_user(reader)


def test_without_credentials_commands_are_not_authenticated(server):
    c = aerospike_py.client(config(server)).connect()
    try:
        with pytest.raises(ex.NotAuthenticated) as e:
            c.get(("test", "secured", "k"))
        assert e.value.code == 80
    finally:
        c.close()


@pytest.mark.parametrize(
    "user, password, cause",
    [
        ("admin", "wrong-password-123", "Invalid credential"),
        ("no-such-user", "secret-xyz-789", "Invalid user"),
    ],
)
def test_login_failures_say_why_and_never_show_the_password(server, user, password, cause):
    with pytest.raises(ex.AerospikeError) as e:
        login(server, user, password)
    assert cause in str(e.value)
    assert password not in str(e.value) and password not in repr(e.value)


def test_a_user_changes_its_own_password(admin, server, name):
    admin.admin_create_user(name, "old-pw", ["read"])
    try:
        c = login(server, name, "old-pw")
        c.admin_change_password(name, "new-pw")
        c.close()
        with pytest.raises(ex.AerospikeError, match="Invalid credential"):
            login(server, name, "old-pw")
        login(server, name, "new-pw").close()
        admin.admin_set_password(name, "set-by-admin")
        login(server, name, "set-by-admin").close()
    finally:
        admin.admin_drop_user(name)


def test_non_admin_cannot_administer(admin, server, name):
    admin.admin_create_user(name, "pw", ["read-write"])
    try:
        c = login(server, name, "pw")
        with pytest.raises(ex.RoleViolation):
            c.admin_create_user(name + "x", "pw", ["read"])
        with pytest.raises(ex.RoleViolation):
            c.admin_query_users_info()
        # ...but may look at itself.
        assert c.admin_query_user_info(name)["roles"] == ["read-write"]
        c.close()
    finally:
        admin.admin_drop_user(name)


def test_community_edition_refuses_a_login(config):
    """A server without security (Community Edition) answers a login with
    SECURITY_NOT_SUPPORTED (51), as a real CE server does."""
    with pytest.raises(ex.AerospikeError, match="Security not supported"):
        aerospike_py.client({**config, **ADMIN}).connect()


def test_batches_need_the_privilege_of_every_row(admin, server, name):
    role = name + "role"
    admin.admin_create_role(role, [{"code": aerospike_py.PRIV_READ, "ns": "test", "set": "scoped"}])
    admin.admin_create_user(name, "pw", [role])
    admin.admin_create_user(name + "w", "pw", ["read-write"])
    try:
        w = login(server, name + "w", "pw")
        inside = [("test", "scoped", i) for i in range(3)]
        outside = ("test", "elsewhere", 0)
        for k in [*inside, outside]:
            w.put(k, {"v": 1})
        r = login(server, name, "pw")
        assert [row.result for row in r.batch_read(inside).batch_records] == [0, 0, 0]
        # Rows are checked one by one: the row outside the role's set is refused.
        rows = r.batch_read([*inside, outside]).batch_records
        assert [row.result for row in rows] == [0, 0, 0, 81]
        assert rows[-1].record is None
        assert [row.result for row in r.batch_remove(inside).batch_records] == [81, 81, 81]
        assert [row.result for row in w.batch_remove([*inside, outside]).batch_records] == [0, 0, 0, 0]
        r.close()
        w.close()
    finally:
        admin.admin_drop_user(name)
        admin.admin_drop_user(name + "w")
        admin.admin_drop_role(role)
