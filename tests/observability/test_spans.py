"""The spans the otel tier exports: one CLIENT span per data operation,
named ``"{OP} {namespace}.{set}"``, with the database semantic-convention
attributes, error attributes on failure, and nothing the user would not want
in a tracing backend (keys, bin values, passwords).

One subprocess runs every operation through the sync and the async client;
the tests below inspect what the receiver got.
"""

from __future__ import annotations

import collections

import pytest

try:  # tests/ may or may not be a package, depending on how pytest imports it
    from tests import _server
except ImportError:  # pragma: no cover
    import _server

pytestmark = pytest.mark.tiers("otel")

OPERATIONS = {"PUT", "GET", "SELECT", "EXISTS", "REMOVE", "TOUCH", "APPEND", "PREPEND", "INCREMENT", "REMOVE_BIN"}
SPANS_PER_CLIENT = 13  # what every_op() in the conftest prelude performs
SERVICE_NAME = "aspy-span-tests"

EVERY_OP_SCENARIO = """
import uuid
import aerospike_py

aerospike_py.init_tracing()
tag = uuid.uuid4().hex[:10]
user_key = "uk-" + uuid.uuid4().hex
value = "bv-" + uuid.uuid4().hex
password = "pw-" + uuid.uuid4().hex
number = 918273645

# Hand the library a password. connect() is not traced; against a server
# without security (the test server) this login fails, which is fine.
try:
    aerospike_py.client(dict(CONFIG, user="span-test-user", password=password)).connect().close()
except aerospike_py.exception.AerospikeError:
    pass

c = connect()
sync_set = "spans_sync_" + tag
emit("sync", {"set": sync_set, "expected": every_op(c, sync_set, user_key, value, number)})
c.close()

loop = asyncio.new_event_loop()
a = AsyncShim(loop)
async_set = "spans_async_" + tag
emit("async", {"set": async_set, "expected": every_op(a, async_set, user_key, value, number)})
a.close()
loop.close()

emit("secrets", [user_key, value, password, str(number)])
aerospike_py.shutdown_tracing()
"""


@pytest.fixture(scope="module")
def scenario(run_py, module_receiver):
    result = run_py(
        EVERY_OP_SCENARIO,
        env={"OTEL_EXPORTER_OTLP_ENDPOINT": module_receiver.endpoint, "OTEL_SERVICE_NAME": SERVICE_NAME},
    )
    # shutdown_tracing() flushed before the process exited; allow for the
    # receiver's own thread handing the last batch over.
    module_receiver.wait_for(lambda spans: len(spans) >= 2 * SPANS_PER_CLIENT, timeout=10)
    return result


@pytest.fixture(scope="module")
def all_spans(scenario, module_receiver):
    return module_receiver.spans()


@pytest.fixture(params=["sync", "async"])
def client_run(request, scenario, all_spans):
    """(set name, expected [op, error_type] pairs, that client's spans)."""
    run = scenario[request.param]
    spans = [s for s in all_spans if s.attributes.get("db.collection.name") == run["set"]]
    return run["set"], run["expected"], spans


def test_one_span_per_operation(client_run, namespace):
    set_name, expected, spans = client_run
    want = collections.Counter((f"{op} {namespace}.{set_name}", err) for op, err in expected)
    got = collections.Counter((s.name, s.attributes.get("error.type", "")) for s in spans)
    assert got == want


def test_only_data_operations_are_traced(all_spans):
    # connect() (three times: a failed login, sync, async) and close() add nothing.
    assert len(all_spans) == 2 * SPANS_PER_CLIENT, sorted(s.name for s in all_spans)
    assert {s.attributes.get("db.operation.name") for s in all_spans} <= OPERATIONS
    assert not [s for s in all_spans if "CONNECT" in s.name.upper() or "CLOSE" in s.name.upper()]


def test_span_kind_is_client(all_spans):
    assert {s.kind for s in all_spans} == {"SPAN_KIND_CLIENT"}


def test_semantic_convention_attributes(client_run, namespace, server_address):
    set_name, _, spans = client_run
    host, port = server_address
    for s in spans:
        op = s.attributes["db.operation.name"]
        assert s.name == f"{op} {namespace}.{set_name}"
        assert s.attributes["db.system.name"] == "aerospike"
        assert s.attributes["db.namespace"] == namespace
        assert s.attributes["db.collection.name"] == set_name
        assert s.attributes["server.address"] == host
        assert s.attributes["server.port"] == port
        assert isinstance(s.attributes["server.port"], int)


def test_every_operation_name_is_covered(client_run):
    _, _, spans = client_run
    assert {s.attributes["db.operation.name"] for s in spans} == OPERATIONS


def test_successful_operations_carry_no_error(client_run):
    _, _, spans = client_run
    ok = [s for s in spans if "error.type" not in s.attributes]
    assert len(ok) == SPANS_PER_CLIENT - 2
    for s in ok:
        assert s.status_code != "STATUS_CODE_ERROR", s
        assert "db.response.status_code" not in s.attributes


def test_exists_on_missing_record_is_not_an_error(client_run):
    _, _, spans = client_run
    exists = [s for s in spans if s.attributes["db.operation.name"] == "EXISTS"]
    assert len(exists) == 2
    for s in exists:
        assert s.status_code != "STATUS_CODE_ERROR"
        assert "error.type" not in s.attributes


@pytest.mark.parametrize(
    ("op", "error_type", "code"),
    [("GET", "KeyNotFoundError", "2"), ("PUT", "KeyExistsError", "5")],
    ids=["get-missing", "create-existing"],
)
def test_server_error_attributes(client_run, op, error_type, code):
    _, _, spans = client_run
    failed = [s for s in spans if s.attributes.get("error.type") == error_type]
    assert len(failed) == 1, spans
    s = failed[0]
    assert s.attributes["db.operation.name"] == op
    assert s.attributes["db.response.status_code"] == code
    assert s.status_code == "STATUS_CODE_ERROR"
    assert s.status_message  # the error's message


def _scanned_values(span):
    values = [span.attributes, span.resource, [attrs for _, attrs in span.events]]
    return repr(values)


def test_no_key_value_or_password_in_attributes(all_spans, scenario):
    secrets = scenario["secrets"]
    for s in all_spans:
        text = _scanned_values(s)
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked into the attributes of {s.name}"


def test_no_key_value_or_password_in_names_or_status(all_spans, scenario):
    secrets = scenario["secrets"]
    for s in all_spans:
        for secret in secrets:
            assert secret not in s.name
            assert secret not in s.status_message, f"{secret!r} leaked into the status of {s.name}"


def test_service_name_from_env(all_spans):
    assert {s.resource.get("service.name") for s in all_spans} == {SERVICE_NAME}


def test_default_service_name(run_py, receiver, tracing_env):
    run_py(
        """
        import aerospike_py
        aerospike_py.init_tracing()
        c = connect()
        c.exists((NS, "spans_default_service", "k"))
        c.close()
        aerospike_py.shutdown_tracing()
        """,
        env={**tracing_env, "OTEL_SERVICE_NAME": None},
    )
    spans = receiver.wait_for_count(1, timeout=10)
    assert [s.resource.get("service.name") for s in spans] == ["aerospike-py"]


def test_client_side_failure_is_an_error_span(spawn_py, receiver, tracing_env, namespace):
    """The server goes away under a connected client: the failed get is an
    ERROR span with an error.type and no server result code."""
    server = _server.TestServer()
    host, port = server.start()
    try:
        p = spawn_py(
            """
            import aerospike_py
            aerospike_py.init_tracing()
            c = connect()
            c.put((NS, "spans_down", "k"), {"a": 1})
            print("CONNECTED", flush=True)
            sys.stdin.readline()
            try:
                c.get((NS, "spans_down", "k"), policy={"total_timeout": 2000, "max_retries": 1})
                emit("raised", None)
            except aerospike_py.exception.AerospikeError as e:
                emit("raised", type(e).__name__)
            aerospike_py.shutdown_tracing()
            print("DONE", flush=True)
            """,
            env={**tracing_env, "ASPY_TEST_HOST": host, "ASPY_TEST_PORT": port},
        )
        p.read_until("CONNECTED", timeout=60)
        server.stop()
        p.send("go")
        p.read_until("DONE", timeout=60)
        assert p.wait(30) == 0, p.stderr
    finally:
        server.stop()
    assert p.results["raised"], "get against a stopped server succeeded"
    spans = receiver.wait_for_count(2, timeout=10)
    (failed,) = [s for s in spans if s.attributes["db.operation.name"] == "GET"]
    assert failed.name == f"GET {namespace}.spans_down"
    assert failed.status_code == "STATUS_CODE_ERROR"
    assert failed.attributes.get("error.type")
    assert "db.response.status_code" not in failed.attributes  # not a server answer
