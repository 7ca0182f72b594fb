//! The parent of an operation's span: the span active in Python, read directly from
//! `opentelemetry.trace.get_current_span()` (no `traceparent` string is formatted or
//! parsed). Without `opentelemetry-api`, or with no valid active span, there is no parent.
//! Cost with no context at all (the common case of an application that does not trace
//! itself): one C-level call, `ContextVar.get` of the variable in which OpenTelemetry's
//! default runtime context keeps the current context (~15 ns; `get_current()` costs
//! ~80 ns of Python frames), whose value is an empty mapping. With another runtime context
//! (`OTEL_PYTHON_CONTEXT`), `get_current()` is called instead. With an active span: four
//! attribute reads and three calls.

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
    let Some(functions) = functions(py) else { return Ok(None) };
    // An empty context holds no span: skip the span lookup and its three attribute reads.
    if functions.current_context(py)?.len()? == 0 {
        return Ok(None);
    }
    let context = functions.get_current_span.bind(py).call0()?.call_method0(intern!(py, "get_span_context"))?;
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

/// What the context is read through, looked up once.
struct Functions {
    /// `opentelemetry.context.get_current`.
    get_current: Py<PyAny>,
    /// The `get` method of the default runtime context's `ContextVar` (a C call, no
    /// Python frame), when that is the runtime context in use.
    context_var_get: Option<Py<PyAny>>,
    /// `opentelemetry.trace.get_current_span`.
    get_current_span: Py<PyAny>,
}

impl Functions {
    fn current_context<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.context_var_get.as_ref().unwrap_or(&self.get_current).bind(py).call0()
    }
}

/// The context functions, looked up once; `None` if `opentelemetry-api` is absent.
fn functions(py: Python<'_>) -> Option<&Functions> {
    static FUNCTIONS: PyOnceLock<Option<Functions>> = PyOnceLock::new();
    let lookup = |module: &str, name: &str| py.import(module).and_then(|m| m.getattr(name));
    FUNCTIONS
        .get_or_init(py, || {
            Some(Functions {
                get_current: lookup("opentelemetry.context", "get_current").ok()?.unbind(),
                context_var_get: default_context_var_get(py),
                get_current_span: lookup("opentelemetry.trace", "get_current_span").ok()?.unbind(),
            })
        })
        .as_ref()
}

/// `ContextVar.get` of the variable behind `get_current()`, when the runtime context is
/// the default `ContextVarsRuntimeContext` (whose `get_current()` returns its value).
fn default_context_var_get(py: Python<'_>) -> Option<Py<PyAny>> {
    let runtime = py.import("opentelemetry.context").ok()?.getattr("_RUNTIME_CONTEXT").ok()?;
    if runtime.get_type().qualname().ok()?.to_str().ok()? != "ContextVarsRuntimeContext" {
        return None;
    }
    let var = runtime.getattr("_current_context").ok()?;
    let context_var_type = py.import("contextvars").ok()?.getattr("ContextVar").ok()?;
    if !var.get_type().is(&context_var_type) {
        return None;
    }
    Some(var.getattr("get").ok()?.unbind())
}
