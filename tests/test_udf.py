"""Record UDFs (apply, udf_put/remove/list/get), batch_apply, batch_write with
``aerospike_py.batch_records`` and background query/scan jobs, on both clients.

The Lua module holds the examples users know from Aerospike's UDF guide (a
counter, a conditional update, a bulk update) plus functions that read record
metadata, delete, fail and echo every value type back.
"""

from __future__ import annotations

import inspect
import re
import time
import uuid

import pytest

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py import operations as op
from aerospike_py.batch_records import Apply, BatchRecords, Read, Remove, Write

MODULE_SOURCE = """
-- Counter: create the record on first use, then add.
function count(rec, bin, amount)
  if aerospike:exists(rec) then
    rec[bin] = rec[bin] + amount
    aerospike:update(rec)
  else
    rec[bin] = amount
    aerospike:create(rec)
  end
  return rec[bin]
end

-- Conditional update: write only when the new value is greater.
function update_if_greater(rec, bin, value)
  if aerospike:exists(rec) and rec[bin] ~= nil and rec[bin] >= value then
    return 0
  end
  rec[bin] = value
  if aerospike:exists(rec) then aerospike:update(rec) else aerospike:create(rec) end
  return 1
end

-- Bulk update: run on every record of a background query.
function set_status(rec, bin, value)
  rec[bin] = value
  aerospike:update(rec)
end

function meta(rec)
  return map{gen = record.gen(rec), set = record.setname(rec), names = list.size(record.bin_names(rec))}
end

function echo(rec, v) return v end
function fail(rec) error("boom") end
function delete(rec) return aerospike:remove(rec) end
function store_all(rec)
  local l = list{1, 2}
  list.append(l, 3)
  rec["l"] = l
  rec["m"] = map{a = 1}
  rec["b"] = bytes.get_bytes(record.digest(rec), 1, 4)
  rec["t"] = true
  rec["f"] = 1.5
  aerospike:create(rec)
  return map{size = map.size(rec["m"]), len = list.size(rec["l"])}
end

function identity(rec)
  return map{key = record.key(rec), digest = record.digest(rec)}
end

function expire(rec, ttl)
  record.set_ttl(rec, ttl)
  aerospike:update(rec)
end

function log_it(rec, s)
  info("logging %s", s)
  debug("quiet %d", 1)
  return s
end

function escape(rec, how)
  if how == "io" then return io.open("/etc/passwd") end
  if how == "os" then return os.execute("true") end
  if how == "require" then return require("socket") end
  if how == "dofile" then return dofile("/etc/passwd") end
  return loadfile("/etc/passwd")
end

function build(rec)
  local l = list{1, "two", 3.5}
  list.append(l, map{k = true})
  return l
end
"""

UDF_ERROR = 100


def raw(client):
    """The client itself, or the ``AsyncClient`` behind the async facade."""
    return getattr(client, "wrapped", client)


def resolve(client, call):
    """Run ``call()`` (a Query method): on the async facade's loop for the async client."""
    loop = getattr(client, "_loop", None)
    if loop is None:
        return call()

    async def run():
        result = call()
        return await result if inspect.isawaitable(result) else result

    return loop.run_until_complete(run())


@pytest.fixture(scope="module")
def module_name():
    return "aspy_udf_" + uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def module(_admin_client, module_name, tmp_path_factory):
    """The test module, registered for this file's tests and removed after."""
    path = tmp_path_factory.mktemp("udf") / f"{module_name}.lua"
    path.write_text(MODULE_SOURCE)
    assert _admin_client.udf_put(str(path)) == 0
    yield module_name
    try:
        _admin_client.udf_remove(f"{module_name}.lua")
    except ex.AerospikeError:
        pass


def test_udf_put_list_get_remove(client, tmp_path):
    name = "aspy_mgmt_" + uuid.uuid4().hex[:8]
    path = tmp_path / f"{name}.lua"
    path.write_text("function one(rec) return 1 end\n")
    assert client.udf_put(str(path), aerospike_py.UDF_TYPE_LUA) == 0
    listed = [m for m in client.udf_list() if m["name"] == f"{name}.lua"]
    assert len(listed) == 1 and listed[0]["type"] == aerospike_py.UDF_TYPE_LUA
    assert re.fullmatch(rb"[0-9a-f]{40}", bytes(listed[0]["hash"]))
    assert client.udf_get(f"{name}.lua") == "function one(rec) return 1 end\n"
    assert client.udf_remove(f"{name}.lua") == 0
    assert all(m["name"] != f"{name}.lua" for m in client.udf_list())


def test_counter_example(client, module, key):
    assert client.apply(key, module, "count", ["n", 5]) == 5
    assert client.apply(key, module, "count", ["n", 2]) == 7
    _, meta, bins = client.get(key)
    assert bins == {"n": 7} and meta["gen"] == 2


def test_conditional_update_example(client, module, key):
    assert client.apply(key, module, "update_if_greater", ["v", 10]) == 1
    assert client.apply(key, module, "update_if_greater", ["v", 3]) == 0
    assert client.get(key)[2] == {"v": 10}
    assert client.apply(key, module, "update_if_greater", ["v", 12]) == 1
    assert client.get(key)[2] == {"v": 12}


@pytest.mark.parametrize(
    "value",
    [7, -(2**63), 2.5, "text", "", b"\x00\x01\xff", True, False, None, [1, 2.5, "x"], {"a": [1, {"b": "c"}]}, []],
    ids=lambda v: type(v).__name__,
)
def test_apply_returns_each_value_type(client, module, key, value):
    assert client.apply(key, module, "echo", [value]) == value


def test_apply_builds_lists_and_maps(client, module, key):
    assert client.apply(key, module, "build", []) == [1, "two", 3.5, {"k": True}]


def test_apply_reads_record_metadata(client, module, key):
    client.put(key, {"a": 1, "b": 2})
    client.put(key, {"a": 3})
    assert client.apply(key, module, "meta", []) == {"gen": 2, "set": key[1], "names": 2}


def test_udf_writes_every_bin_type(client, module, key):
    assert client.apply(key, module, "store_all", []) == {"size": 1, "len": 3}
    _, _, bins = client.get(key)
    assert bins["l"] == [1, 2, 3] and bins["m"] == {"a": 1} and bins["t"] is True and bins["f"] == 1.5
    assert isinstance(bins["b"], (bytes, bytearray)) and len(bins["b"]) == 4


def test_udf_sees_key_digest_and_sets_ttl(client, module, key):
    client.put(key, {"a": 1}, policy={"key": aerospike_py.POLICY_KEY_SEND})
    got = client.apply(key, module, "identity", [])
    stored_key, _, _ = client.get(key)
    assert got == {"key": key[2], "digest": stored_key[3]}
    client.apply(key, module, "expire", [500])
    assert 0 < client.get(key)[1]["ttl"] <= 500


def test_udf_logging_returns_normally(client, module, key):
    assert client.apply(key, module, "log_it", ["x"]) == "x"


@pytest.mark.parametrize("how", ["io", "os", "require", "dofile", "loadfile"])
def test_udf_cannot_reach_files_or_network(client, module, key, how, server_is_external):
    if server_is_external:
        pytest.skip("the test server's sandbox; a real server's Lua is configured by its operator")
    with pytest.raises(ex.UDFError):
        client.apply(key, module, "escape", [how])


def test_apply_deletes(client, module, key):
    client.put(key, {"a": 1})
    assert client.apply(key, module, "delete", []) == 0
    with pytest.raises(ex.RecordNotFound):
        client.get(key)


def test_udf_error_is_udf_error_with_message(client, module, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.UDFError) as err:
        client.apply(key, module, "fail", [])
    assert err.value.code == UDF_ERROR and "boom" in str(err.value)
    # A failing UDF changes nothing.
    assert client.get(key)[1]["gen"] == 1
    with pytest.raises(ex.UDFError):
        client.apply(key, module, "no_such_function", [])


@pytest.mark.parametrize("args", ["n", 5, {"n": 5}])
def test_apply_args_must_be_a_list(client, module, key, args):
    with pytest.raises(ex.ParamError, match="args"):
        client.apply(key, module, "count", args)


def test_udf_put_of_missing_file_is_param_error(client, tmp_path):
    with pytest.raises(ex.ParamError, match="cannot read"):
        client.udf_put(str(tmp_path / "missing.lua"))
    with pytest.raises(ex.ParamError, match="udf_type"):
        client.udf_put(str(tmp_path / "missing.lua"), 1)


def test_batch_apply(client, module, new_key):
    keys = [new_key() for _ in range(4)]
    client.put(keys[0], {"n": 10})
    batch = client.batch_apply(keys, module, "count", ["n", 1])
    assert isinstance(batch, aerospike_py.BatchRecords) and batch.result == 0
    assert [row.result for row in batch.batch_records] == [0, 0, 0, 0]
    assert [row.record.bins for row in batch.batch_records] == [{"SUCCESS": 11}] + [{"SUCCESS": 1}] * 3
    assert client.get(keys[3])[2] == {"n": 1}


def test_batch_apply_failures_are_rows(client, module, new_key):
    keys = [new_key() for _ in range(2)]
    batch = client.batch_apply(keys, module, "fail", [])
    assert batch.result == -16
    assert [(r.result, r.record, r.in_doubt) for r in batch.batch_records] == [(UDF_ERROR, None, False)] * 2


def test_management_errors_are_udf_errors(client, tmp_path):
    bad = tmp_path / "aspy_bad.lua"
    bad.write_text("function f(\n  return 1\nend\n")
    with pytest.raises(ex.UDFError, match="compile_error.*line=2"):
        client.udf_put(str(bad))
    with pytest.raises(ex.UDFError, match="not_found"):
        client.udf_get("aspy_no_such_module.lua")
    with pytest.raises(ex.UDFError, match="file_not_found"):
        client.udf_remove("aspy_no_such_module.lua")


def test_batch_write_mixed_rows(client, module, new_key):
    written, read, removed, applied, missing = (new_key() for _ in range(5))
    client.put(read, {"r": 1})
    client.put(removed, {"x": 1})
    brs = BatchRecords(
        [
            Write(written, [op.write("a", 1), op.read("a")]),
            Read(read, [op.read("r")]),
            Remove(removed),
            Apply(applied, module, "count", ["n", 3]),
            Read(missing, None),
        ]
    )
    assert client.batch_write(brs) is brs
    assert brs.result == 0
    rows = brs.batch_records
    assert [r.result for r in rows] == [0, 0, 0, 0, 2]
    assert rows[0].record[2] == {"a": 1} and rows[1].record[2] == {"r": 1}
    assert rows[3].record[2] == {"SUCCESS": 3} and rows[4].record is None
    assert all(r.in_doubt is False for r in rows)
    assert client.get(written)[2] == {"a": 1} and client.get(applied)[2] == {"n": 3}
    with pytest.raises(ex.RecordNotFound):
        client.get(removed)


def test_batch_write_row_failures_are_rows(client, module, new_key):
    exists, fails, fine = (new_key() for _ in range(3))
    client.put(exists, {"a": 1})
    brs = BatchRecords(
        [
            Write(exists, [op.write("a", 2)], policy={"exists": aerospike_py.POLICY_EXISTS_CREATE}),
            Apply(fails, module, "fail", []),
            Write(fine, [op.write("b", 1)], meta={"ttl": 100}),
        ]
    )
    client.batch_write(brs)
    assert [r.result for r in brs.batch_records] == [5, UDF_ERROR, 0]
    # As the official client: failed rows have no record; a UDF's error is the row's message.
    assert [r.record for r in brs.batch_records[:2]] == [None, None]
    assert "boom" in brs.batch_records[1].message and brs.batch_records[1].in_doubt is False
    assert brs.result == -16
    assert client.get(exists)[2] == {"a": 1}
    assert 0 < client.get(fine)[1]["ttl"] <= 100


def test_batch_write_bad_rows_name_the_row(client, key):
    with pytest.raises(ex.ParamError, match=r"batch_records\[1\]"):
        client.batch_write(BatchRecords([Read(key, None), object()]))
    with pytest.raises(ex.ParamError, match="BatchRecords"):
        client.batch_write([Read(key, None)])
    with pytest.raises(ex.ParamError, match="read operations"):
        client.batch_write(BatchRecords([Read(key, [op.write("a", 1)])]))


def test_batch_write_takes_the_official_helper_records(client, module, new_key):
    records = pytest.importorskip("aerospike_helpers.batch.records")
    a, b = new_key(), new_key()
    brs = records.BatchRecords([records.Write(a, [op.write("a", 1)]), records.Apply(b, module, "count", ["n", 2])])
    client.batch_write(brs)
    assert [r.result for r in brs.batch_records] == [0, 0] and brs.result == 0
    assert brs.batch_records[1].record[2] == {"SUCCESS": 2}


def _wait_done(client, job, module):
    deadline = time.monotonic() + 10
    while True:
        info = client.job_info(job, module)
        if info["status"] == aerospike_py.JOB_STATUS_COMPLETED:
            return info
        assert time.monotonic() < deadline, info
        time.sleep(0.05)


def _fill(client, namespace, set_name, n=20):
    keys = [(namespace, set_name, i) for i in range(n)]
    for i, k in enumerate(keys):
        client.put(k, {"i": i})
    return keys


def test_background_query_udf_bulk_update(client, module, namespace, _admin_client):
    set_name = "bg_" + uuid.uuid4().hex[:8]
    keys = _fill(client, namespace, set_name)
    try:
        query = raw(client).query(namespace, set_name)
        query.apply(module, "set_status", ["status", "done"])
        job = resolve(client, query.execute_background)
        assert isinstance(job, int)
        info = _wait_done(client, job, aerospike_py.JOB_QUERY)
        assert info["progress_pct"] == 100 and info["records_read"] == len(keys)
        for i, k in enumerate(keys):
            _, meta, bins = client.get(k)
            assert bins == {"i": i, "status": "done"} and meta["gen"] == 2
    finally:
        _admin_client.truncate(namespace, set_name, 0)


def test_background_scan_ops(client, namespace, _admin_client):
    set_name = "bg_" + uuid.uuid4().hex[:8]
    keys = _fill(client, namespace, set_name, 10)
    try:
        scan = raw(client).scan(namespace, set_name)
        scan.add_ops([op.increment("i", 100)])
        _wait_done(client, resolve(client, scan.execute_background), aerospike_py.JOB_SCAN)
        assert sorted(client.get(k)[2]["i"] for k in keys) == list(range(100, 110))
    finally:
        _admin_client.truncate(namespace, set_name, 0)


def test_legacy_scan_apply_and_query_apply(client, module, namespace, _admin_client):
    set_name = "bg_" + uuid.uuid4().hex[:8]
    keys = _fill(client, namespace, set_name, 5)
    try:
        job = client.scan_apply(namespace, set_name, module, "count", ["i", 1])
        _wait_done(client, job, aerospike_py.JOB_SCAN)
        job = client.query_apply(namespace, set_name, None, module, "count", ["i", 10])
        _wait_done(client, job, aerospike_py.JOB_QUERY)
        assert sorted(client.get(k)[2]["i"] for k in keys) == [11, 12, 13, 14, 15]
    finally:
        _admin_client.truncate(namespace, set_name, 0)


def test_background_needs_a_job_and_aggregation_is_refused(client, module, namespace):
    query = raw(client).query(namespace, "nothing_here")
    with pytest.raises(ex.ParamError, match="apply"):
        resolve(client, query.execute_background)
    with pytest.raises(ex.ParamError, match="write"):
        query.add_ops([op.read("i")])
    query.apply(module, "echo", [1])
    with pytest.raises(ex.ClientError, match="aggregation"):
        resolve(client, query.results)
    with pytest.raises(ex.ParamError, match="JOB_SCAN"):
        client.job_info(1, "table")


@pytest.mark.skipif(aerospike_py.INSTRUMENTATION_TIER == "none", reason="the none tier measures nothing")
def test_udf_calls_are_measured(client, module, new_key, namespace):
    k = new_key()
    client.apply(k, module, "count", ["n", 1])
    client.batch_apply([k], module, "count", ["n", 1])
    client.batch_write(BatchRecords([Read(k, None)]))
    client.udf_list()
    measured = set(re.findall(r'db_operation_name="([A-Z_]+)"', aerospike_py.get_metrics()))
    assert {"APPLY", "BATCH_APPLY", "BATCH_WRITE"} <= measured
    # Management calls are not data operations.
    assert not any(name.startswith("UDF") for name in measured)


UDF_METHODS = {
    "Client": [
        "udf_put",
        "udf_remove",
        "udf_list",
        "udf_get",
        "apply",
        "batch_apply",
        "batch_write",
        "query_apply",
        "scan_apply",
        "job_info",
    ],
    "Query": ["apply", "add_ops", "execute_background"],
}


def _official_parameters():
    """Parameter names of the official client's methods, from its published stubs."""
    import ast
    import importlib.util
    import pathlib

    spec = importlib.util.find_spec("aerospike")
    if spec is None or spec.origin is None:
        pytest.skip("the official client is not installed")
    stubs = pathlib.Path(spec.origin).parent / "aerospike-stubs" / "aerospike.pyi"
    if not stubs.exists():
        pytest.skip("the official client's stubs are not installed")
    found = {}
    for node in ast.parse(stubs.read_text()).body:
        if isinstance(node, ast.ClassDef) and node.name in UDF_METHODS:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name in UDF_METHODS[node.name]:
                    found[(node.name, item.name)] = [a.arg for a in item.args.args[1:]]
    return found


@pytest.mark.parametrize(
    "cls", [aerospike_py.Client, aerospike_py.AsyncClient, aerospike_py.Query], ids=lambda c: c.__name__
)
def test_parameter_names_are_the_official_clients(cls):
    official = _official_parameters()
    kind = "Query" if cls is aerospike_py.Query else "Client"
    for name in UDF_METHODS[kind]:
        ours = [p for p in inspect.signature(getattr(cls, name)).parameters if p != "self"]
        assert ours == official[(kind, name)], name


def test_background_writes_take_the_query_ttl(client, namespace, _admin_client):
    """``Query.ttl`` (the official attribute) is the TTL each record a background job
    writes gets; it starts at 0 and is checked when set."""
    set_name = "bg_" + uuid.uuid4().hex[:8]
    keys = _fill(client, namespace, set_name, 6)
    try:
        query = raw(client).query(namespace, set_name)
        assert query.ttl == 0
        for bad in ["10", 1.5, True, -7, 2**40]:
            with pytest.raises(ex.ParamError, match="Query.ttl"):
                query.ttl = bad
        query.ttl = 5000
        query.add_ops([op.increment("i", 1)])
        _wait_done(client, resolve(client, query.execute_background), aerospike_py.JOB_QUERY)
        metas = [client.get(k)[1] for k in keys]
        assert all(4900 < m["ttl"] <= 5000 and m["gen"] == 2 for m in metas), metas
        scan = raw(client).scan(namespace, set_name)
        scan.ttl = aerospike_py.TTL_NEVER_EXPIRE
        scan.add_ops([op.increment("i", 1)])
        _wait_done(client, resolve(client, scan.execute_background), aerospike_py.JOB_SCAN)
        assert sorted(client.get(k)[2]["i"] for k in keys) == list(range(2, 8))
        assert {client.get(k)[1]["ttl"] for k in keys} == {0xFFFFFFFF}
    finally:
        _admin_client.truncate(namespace, set_name, 0)
