//! The parent of an operation's span: the span active in Python, read directly from
//! `opentelemetry.trace.get_current_span()` (no `traceparent` string is formatted or
//! parsed). Without `opentelemetry-api`, or with no valid active span, there is no parent.
//! Cost with an active span: four attribute reads and two calls into Python.

use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
use opentelemetry::Context;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

/// The parent context for a span started now, or an empty context for a root span.
pub(super) fn python_parent(py: Python<'_>) -> Context {
    // A context that cannot be read gives a root span, never an error in the operation.
    read_active_span(py)
        .ok()
        .flatten()
        .map_or_else(Context::new, |span_context| Context::new().with_remote_span_context(span_context))
}

fn read_active_span(py: Python<'_>) -> PyResult<Option<SpanContext>> {
    let Some(get_current_span) = get_current_span(py) else { return Ok(None) };
    let context = get_current_span.call0()?.call_method0(intern!(py, "get_span_context"))?;
    if !context.getattr(intern!(py, "is_valid"))?.is_truthy()? {
        return Ok(None);
    }
    let trace_id: u128 = context.getattr(intern!(py, "trace_id"))?.extract()?;
    let span_id: u64 = context.getattr(intern!(py, "span_id"))?.extract()?;
    let flags: u8 = context.getattr(intern!(py, "trace_flags"))?.extract()?;
    let state = context.getattr(intern!(py, "trace_state"))?;
    let trace_state = if state.len().unwrap_or(0) == 0 {
        TraceState::default()
    } else {
        let header: String = state.call_method0(intern!(py, "to_header"))?.extract()?;
        header.parse().unwrap_or_default()
    };
    Ok(Some(SpanContext::new(
        TraceId::from(trace_id),
        SpanId::from(span_id),
        TraceFlags::new(flags),
        true,
        trace_state,
    )))
}

/// `opentelemetry.trace.get_current_span`, looked up once; `None` if the package is absent.
fn get_current_span(py: Python<'_>) -> Option<&Bound<'_, PyAny>> {
    static FUNCTION: PyOnceLock<Option<Py<PyAny>>> = PyOnceLock::new();
    FUNCTION
        .get_or_init(py, || {
            py.import("opentelemetry.trace")
                .and_then(|module| module.getattr("get_current_span"))
                .map(Bound::unbind)
                .ok()
        })
        .as_ref()
        .map(|f| f.bind(py))
}
