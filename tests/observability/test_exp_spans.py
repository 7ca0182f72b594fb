"""A filtered-out call is a normal span: error.type FilteredOut, db.response.status_code 27;
the expression's content (bin names, values) goes into no span and no metric label."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.tiers("otel")

SECRET_BIN = "sekritbin"
SECRET_VALUE = 918273011


def test_filtered_out_span_and_no_expression_content(run_py, receiver, tracing_env, namespace):
    result = run_py(
        f"""
        import aerospike_py
        from aerospike_py import exp, exception as ex
        aerospike_py.init_tracing()
        c = connect()
        key = (NS, "spans_exp", "k1")
        c.put(key, {{"{SECRET_BIN}": 1}})
        f = exp.Eq(exp.IntBin("{SECRET_BIN}"), {SECRET_VALUE}).compile()
        try:
            c.get(key, policy={{"expressions": f}})
            raise AssertionError("the filter should exclude the record")
        except ex.FilteredOut:
            pass
        c.get(key, policy={{"expressions": exp.Eq(exp.IntBin("{SECRET_BIN}"), 1).compile()}})
        c.remove(key)
        emit("metrics", aerospike_py.get_metrics())
        c.close()
        aerospike_py.shutdown_tracing()
        """,
        env=tracing_env,
    )
    spans = receiver.wait_for_count(4, timeout=10)
    gets = [s for s in spans if s.attributes.get("db.operation.name") == "GET"]
    assert len(gets) == 2
    filtered = [s for s in gets if s.attributes.get("error.type")]
    assert len(filtered) == 1
    (s,) = filtered
    assert s.attributes["error.type"] == "FilteredOut"
    assert s.attributes["db.response.status_code"] == "27"
    assert s.status_code == "STATUS_CODE_ERROR"
    for span in spans:
        text = repr([span.name, span.attributes, span.status_message, span.events])
        assert SECRET_BIN not in text and str(SECRET_VALUE) not in text
    metrics = result["metrics"]
    assert str(SECRET_VALUE) not in metrics and SECRET_BIN not in metrics
    assert 'error_type="FilteredOut"' in metrics
