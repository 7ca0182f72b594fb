"""Bit and HLL ops are part of their call's OPERATE span; a paginated query gives one
QUERY span per page call."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.tiers("otel")


def test_bit_hll_ops_in_operate_spans_and_one_query_span_per_page(
    run_py, receiver, tracing_env
):
    result = run_py(
        """
        import aerospike_py
        from aerospike_py import bit_operations as bop, hll_operations as hop
        aerospike_py.init_tracing()
        c = connect()
        key = (NS, "spans_dt", "k")
        c.put(key, {"b": b"\\x01"})
        c.operate(key, [bop.bit_count("b", 0, 8), hop.hll_add("h", ["a", "b"], 8)])
        for i in range(30):
            c.put((NS, "spans_dt_pages", i), {"i": i})
        q = c.scan(NS, "spans_dt_pages")
        q.max_records = 10
        q.paginate()
        pages = 0
        while not q.is_done():
            q.results()
            pages += 1
        emit("pages", pages)
        c.close()
        aerospike_py.shutdown_tracing()
        """,
        env=tracing_env,
    )
    pages = int(result["pages"])
    spans = receiver.wait_for_count(1 + 1 + 30 + pages, timeout=10)
    operates = [s for s in spans if s.attributes.get("db.operation.name") == "OPERATE"]
    assert len(operates) == 1 and not operates[0].attributes.get("error.type")
    queries = [s for s in spans if s.attributes.get("db.operation.name") == "QUERY"]
    # 30 records in pages of at most 10: at least 3 page calls, each one span.
    assert pages >= 3 and len(queries) == pages
    assert all(
        s.attributes.get("db.collection.name") == "spans_dt_pages" for s in queries
    )
