"""UDF calls in the otel tier: `apply`, `batch_apply`, `batch_write` and a background
query are one CLIENT span each (APPLY, BATCH_APPLY, BATCH_WRITE, QUERY) named by their
namespace and set; module management (`udf_put`, `udf_list`, `udf_get`, `udf_remove`)
and `job_info` are not data operations and make none."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.tiers("otel")

SCENARIO = """
import pathlib, tempfile, time
import aerospike_py
from aerospike_py import operations as op
from aerospike_py.batch_records import Apply, BatchRecords, Read

aerospike_py.init_tracing()
c = connect()
module = "%(module)s"
path = pathlib.Path(tempfile.mkdtemp()) / (module + ".lua")
path.write_text("function add(rec, bin, n) rec[bin] = (rec[bin] or 0) + n "
                "if aerospike:exists(rec) then aerospike:update(rec) else aerospike:create(rec) end "
                "return rec[bin] end\\nfunction fail(rec) error('boom') end\\n")
c.udf_put(str(path))
c.udf_list()
c.udf_get(module + ".lua")
key = (NS, "%(set)s", "k")
c.apply(key, module, "add", ["n", 1])
try:
    c.apply(key, module, "fail", [])
except aerospike_py.exception.UDFError:
    pass
c.batch_apply([key], module, "add", ["n", 1])
c.batch_write(BatchRecords([Read(key, None), Apply(key, module, "add", ["n", 1])]))
q = c.query(NS, "%(set)s")
q.apply(module, "add", ["n", 1])
job = q.execute_background()
while c.job_info(job, aerospike_py.JOB_QUERY)["status"] != aerospike_py.JOB_STATUS_COMPLETED:
    time.sleep(0.05)
c.remove(key)
c.udf_remove(module + ".lua")
c.close()
aerospike_py.shutdown_tracing()
"""


def test_udf_spans(run_py, receiver, tracing_env, namespace):
    set_name = "udf_spans_" + uuid.uuid4().hex[:8]
    run_py(SCENARIO % {"module": "aspy_span_" + uuid.uuid4().hex[:8], "set": set_name}, env=tracing_env)
    spans = receiver.wait_for_count(6, timeout=10)
    ours = [s for s in spans if s.attributes.get("db.collection.name") == set_name]
    names = sorted(s.attributes["db.operation.name"] for s in ours)
    assert names == ["APPLY", "APPLY", "BATCH_APPLY", "BATCH_WRITE", "QUERY", "REMOVE"]
    assert all(s.attributes.get("db.namespace") == namespace for s in ours)
    (failed,) = [s for s in ours if s.attributes.get("error.type")]
    assert failed.attributes["db.operation.name"] == "APPLY"
    # Management calls and job_info made no span at all.
    assert len(spans) == len(ours)
