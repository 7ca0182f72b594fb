//! The parent of an operation's span: the span active in Python, read directly from
//! `opentelemetry.trace.get_current_span()` (no `traceparent` string is formatted or
//! parsed). Without `opentelemetry-api`, or with no valid active span, there is no parent.
//! Cost with no context at all (the common case of an application that does not trace
//! itself): one call into Python, `opentelemetry.context.get_current()`, whose result is
//! an empty mapping. With an active span: four attribute reads and three calls.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

/// The active Python span, as a remote parent.
pub(super) struct Parent {
    pub(super) trace_id: u128,
    pub(super) span_id: u64,
    pub(super) trace_flags: u8,
    /// The W3C `tracestate` header, when not empty.
    pub(super) trace_state: Option<Box<str>>,
}

/// The parent for a span started now, or `None` for a root span.
pub(super) fn python_parent(py: Python<'_>) -> Option<Parent> {
    // A context that cannot be read gives a root span, never an error in the operation.
    read_active_span(py).ok().flatten()
}

fn read_active_span(py: Python<'_>) -> PyResult<Option<Parent>> {
    let Some((get_current, get_current_span)) = functions(py) else { return Ok(None) };
    // An empty context holds no span: skip the span lookup and its three attribute reads.
    if get_current.call0()?.len()? == 0 {
        return Ok(None);
    }
    let context = get_current_span.call0()?.call_method0(intern!(py, "get_span_context"))?;
    if !context.getattr(intern!(py, "is_valid"))?.is_truthy()? {
        return Ok(None);
    }
    let trace_id: u128 = context.getattr(intern!(py, "trace_id"))?.extract()?;
    let span_id: u64 = context.getattr(intern!(py, "span_id"))?.extract()?;
    let trace_flags: u8 = context.getattr(intern!(py, "trace_flags"))?.extract()?;
    let state = context.getattr(intern!(py, "trace_state"))?;
    let trace_state = if state.len().unwrap_or(0) == 0 {
        None
    } else {
        let header: String = state.call_method0(intern!(py, "to_header"))?.extract()?;
        Some(header.into_boxed_str()).filter(|h| !h.is_empty())
    };
    Ok(Some(Parent { trace_id, span_id, trace_flags, trace_state }))
}

/// `opentelemetry.context.get_current` and `opentelemetry.trace.get_current_span`, looked
/// up once; `None` if the package is absent.
fn functions(py: Python<'_>) -> Option<(&Bound<'_, PyAny>, &Bound<'_, PyAny>)> {
    type Functions = Option<(Py<PyAny>, Py<PyAny>)>;
    static FUNCTIONS: PyOnceLock<Functions> = PyOnceLock::new();
    let lookup = |module: &str, name: &str| py.import(module).and_then(|m| m.getattr(name)).map(Bound::unbind);
    FUNCTIONS
        .get_or_init(py, || {
            Some((
                lookup("opentelemetry.context", "get_current").ok()?,
                lookup("opentelemetry.trace", "get_current_span").ok()?,
            ))
        })
        .as_ref()
        .map(|(current, span)| (current.bind(py), span.bind(py)))
}
