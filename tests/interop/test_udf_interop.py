"""UDFs across clients: a module registered by one client is listed, read and applied
by the other with the same results; the same mixed batch_write gives the same row
results; background jobs started by one are reported by the other's job_info."""

from __future__ import annotations

import time
import uuid

import pytest

import aerospike_py
from aerospike_py import batch_records as ours
from aerospike_py import operations as op

pytestmark = pytest.mark.interop

SOURCE = """
function add(rec, bin, n)
  if aerospike:exists(rec) then
    rec[bin] = rec[bin] + n
    aerospike:update(rec)
  else
    rec[bin] = n
    aerospike:create(rec)
  end
  return rec[bin]
end
function echo(rec, v) return v end
function fail(rec) error("boom") end
function mark(rec, bin) rec[bin] = 1 aerospike:update(rec) end
"""


@pytest.fixture(scope="module")
def official(server_address, tmp_path_factory):
    """An official client whose Lua user path is a scratch folder (udf_put and
    udf_get keep copies of modules there)."""
    aerospike = pytest.importorskip("aerospike")
    lua_dir = tmp_path_factory.mktemp("official_lua")
    c = aerospike.client({"hosts": [server_address], "lua": {"user_path": str(lua_dir)}}).connect()
    yield c
    c.close()


@pytest.fixture
def module_file(tmp_path):
    name = "aspy_iop_" + uuid.uuid4().hex[:8]
    path = tmp_path / f"{name}.lua"
    path.write_text(SOURCE)
    return name, path


VALUES = [5, 2.5, "x", b"\x01\x02", [1, 2.5, "x"], {"a": [1, 2.5, "x"]}, None, True]


def _same_results(a, b, module, key_a, key_b):
    assert a.apply(key_a, module, "add", ["n", 5]) == b.apply(key_b, module, "add", ["n", 5]) == 5
    assert a.apply(key_a, module, "add", ["n", 2]) == b.apply(key_b, module, "add", ["n", 2]) == 7
    for v in VALUES:
        assert a.apply(key_a, module, "echo", [v]) == b.apply(key_b, module, "echo", [v]) == v


def test_registered_by_us_applied_by_official(_admin_client, official, module_file, new_key):
    name, path = module_file
    _admin_client.udf_put(str(path))
    try:
        assert f"{name}.lua" in [m["name"] for m in official.udf_list()]
        assert official.udf_get(f"{name}.lua") == SOURCE
        _same_results(official, _admin_client, name, new_key(), new_key())
    finally:
        _admin_client.udf_remove(f"{name}.lua")
    assert f"{name}.lua" not in [m["name"] for m in official.udf_list()]


def test_registered_by_official_applied_by_us(_admin_client, official, module_file, new_key):
    name, path = module_file
    official.udf_put(str(path))
    try:
        listed = {m["name"]: bytes(m["hash"]) for m in _admin_client.udf_list()}
        theirs = {m["name"]: bytes(m["hash"]) for m in official.udf_list()}
        assert listed[f"{name}.lua"] == theirs[f"{name}.lua"]
        assert _admin_client.udf_get(f"{name}.lua") == SOURCE
        _same_results(_admin_client, official, name, new_key(), new_key())
    finally:
        official.udf_remove(f"{name}.lua")


def test_udf_error_both_clients(_admin_client, official, module_file, key):
    name, path = module_file
    _admin_client.udf_put(str(path))
    try:
        import aerospike.exception as oex

        with pytest.raises(oex.UDFError) as theirs:
            official.apply(key, name, "fail", [])
        with pytest.raises(aerospike_py.exception.UDFError) as mine:
            _admin_client.apply(key, name, "fail", [])
        assert mine.value.code == theirs.value.code == 100
        assert "boom" in str(mine.value) and "boom" in str(theirs.value.msg)
    finally:
        _admin_client.udf_remove(f"{name}.lua")


def _mixed(records, module, keys):
    written, read, removed, applied, missing, failing = keys
    return records.BatchRecords(
        [
            records.Write(written, [op.write("a", 1), op.read("a")]),
            records.Read(read, [op.read("r")]),
            records.Remove(removed),
            records.Apply(applied, module, "add", ["n", 3]),
            records.Read(missing, None),
            records.Apply(failing, module, "fail", []),
        ]
    )


def test_batch_write_rows_match_the_official_client(_admin_client, official, module_file, new_key):
    from aerospike_helpers.batch import records as theirs_records

    name, path = module_file
    _admin_client.udf_put(str(path))
    try:
        outcomes = []
        for client, records in ((official, theirs_records), (_admin_client, ours)):
            keys = [new_key() for _ in range(6)]
            client.put(keys[1], {"r": 1})
            client.put(keys[2], {"x": 1})
            brs = _mixed(records, name, keys)
            client.batch_write(brs)
            rows = brs.batch_records
            outcomes.append(
                (
                    brs.result,
                    [r.result for r in rows],
                    [r.record[2] if r.record is not None else None for r in rows],
                    [r.in_doubt for r in rows],
                    ["boom" in (r.message or "") for r in rows],
                )
            )
        assert outcomes[0] == outcomes[1]
        assert outcomes[1][1] == [0, 0, 0, 0, 2, 100]
    finally:
        _admin_client.udf_remove(f"{name}.lua")


def test_batch_apply_rows_match_the_official_client(_admin_client, official, module_file, new_key):
    name, path = module_file
    _admin_client.udf_put(str(path))
    try:
        outcomes = []
        for client in (official, _admin_client):
            keys = [new_key() for _ in range(3)]
            client.put(keys[0], {"n": 1})
            ok = client.batch_apply(keys, name, "add", ["n", 2])
            failed = client.batch_apply(keys, name, "fail", [])
            outcomes.append(
                [
                    (
                        batch.result,
                        [(r.result, r.record[2] if r.record else None, r.in_doubt) for r in batch.batch_records],
                    )
                    for batch in (ok, failed)
                ]
            )
        assert outcomes[0] == outcomes[1]
    finally:
        _admin_client.udf_remove(f"{name}.lua")


def test_management_errors_match_the_official_client(_admin_client, official, tmp_path):
    import aerospike.exception as oex

    bad = tmp_path / "aspy_iop_bad.lua"
    bad.write_text("function f(\n return 1 end")
    for client, exc in ((official, oex.UDFError), (_admin_client, aerospike_py.exception.UDFError)):
        with pytest.raises(exc) as err:
            client.udf_put(str(bad))
        assert err.value.code == 100 and "compile_error" in str(err.value.msg)
        for call in (lambda: client.udf_get("aspy_iop_none.lua"), lambda: client.udf_remove("aspy_iop_none.lua")):  # noqa: B023 (called at once)
            with pytest.raises(exc) as err:
                call()
            assert err.value.code == 100 and "not_found" in str(err.value.msg)
    assert official.job_info(424242, "query") == _admin_client.job_info(424242, "query")


def _wait(client, job, module):
    deadline = time.monotonic() + 10
    while (info := client.job_info(job, module))["status"] != aerospike_py.JOB_STATUS_COMPLETED:
        assert time.monotonic() < deadline, info
        time.sleep(0.05)
    return info


def test_background_jobs_seen_by_both(_admin_client, official, official_aerospike, module_file, namespace):
    name, path = module_file
    _admin_client.udf_put(str(path))
    set_name = "iop_bg_" + uuid.uuid4().hex[:8]
    keys = [(namespace, set_name, i) for i in range(100)]
    try:
        for k in keys:
            _admin_client.put(k, {"i": 0})
        q = official.query(namespace, set_name)
        q.apply(name, "mark", ["theirs"])
        job = q.execute_background()
        assert _wait(_admin_client, job, aerospike_py.JOB_QUERY)["progress_pct"] == 100
        mine = _admin_client.query(namespace, set_name)
        mine.apply(name, "mark", ["mine"])
        job = mine.execute_background()
        info = _wait(official, job, official_aerospike.JOB_QUERY)
        assert info["status"] == official_aerospike.JOB_STATUS_COMPLETED
        for k in keys:
            _, meta, bins = _admin_client.get(k)
            assert bins == {"i": 0, "theirs": 1, "mine": 1} and meta["gen"] == 3
    finally:
        _admin_client.truncate(namespace, set_name, 0)
        _admin_client.udf_remove(f"{name}.lua")
