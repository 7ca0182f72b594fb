"""Security admin calls are not traced (they are not data operations), and
on a secured server the data operations' spans carry no password."""

from __future__ import annotations

import pytest

try:  # tests/ may or may not be a package, depending on how pytest imports it
    from tests import _server
except ImportError:  # pragma: no cover
    import _server

pytestmark = [pytest.mark.tiers("otel"), pytest.mark.once]

SCENARIO = """
import uuid
import aerospike_py
aerospike_py.init_tracing()
password = "pw-" + uuid.uuid4().hex
admin = aerospike_py.client(dict(CONFIG, user="admin", password="admin")).connect()
admin.admin_create_role("spanrole", [{"code": aerospike_py.PRIV_READ_WRITE, "ns": NS}])
admin.admin_create_user("spanuser", password, ["spanrole"])
admin.admin_query_user_info("spanuser")
admin.admin_query_roles()
admin.admin_set_password("spanuser", password + "2")
c = aerospike_py.client(dict(CONFIG, user="spanuser", password=password + "2")).connect()
c.put((NS, "spans_admin", "k"), {"v": 1})
c.get((NS, "spans_admin", "k"))
c.close()
admin.admin_drop_user("spanuser")
admin.admin_drop_role("spanrole")
admin.close()
emit("password", password)
aerospike_py.shutdown_tracing()
"""


@pytest.fixture(scope="module")
def secured():
    if _server.is_external():
        pytest.skip("needs the test server's --security mode")
    srv = _server.TestServer(["--security", "--namespace", "test"])
    host, port = srv.start()
    yield host, port
    srv.stop()


def test_admin_calls_make_no_spans_and_spans_hold_no_password(run_py, receiver, secured):
    host, port = secured
    result = run_py(
        SCENARIO,
        env={
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
            "ASPY_TEST_HOST": host,
            "ASPY_TEST_PORT": port,
            "ASPY_TEST_NAMESPACE": "test",
        },
    )
    receiver.wait_for(lambda spans: len(spans) >= 2, timeout=10)
    spans = receiver.spans()
    assert sorted(s.name for s in spans) == ["GET test.spans_admin", "PUT test.spans_admin"]
    password = result["password"]
    for s in spans:
        assert password not in s.name
        assert all(password not in str(v) for v in s.attributes.values())
