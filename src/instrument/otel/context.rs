//! The parent of an operation's span: the span active in Python, read directly from
//! `opentelemetry.trace.get_current_span()` (no `traceparent` string is formatted or
//! parsed). Without `opentelemetry-api`, or with no valid active span, there is no parent.
//! Cost with no context at all (the common case of an application that does not trace
//! itself): `PyContextVar_Get` of the variable in which OpenTelemetry's default runtime
//! context keeps the current context (~40 instructions; calling its `get` method through
//! the object protocol took ~130, `get_current()` ~80 ns of Python frames), whose value
//! is an empty mapping. With another runtime context
//! (`OTEL_PYTHON_CONTEXT`), `get_current()` is called instead. With an active span: the
//! span is looked up in that context under the API's own key (what `get_current_span()`
//! does, without its Python frames), `get_span_context()` is called, and the ids are read
//! by index from the `SpanContext` tuple, whose layout is checked once at start-up; where
//! the check fails, the public attributes are read instead (four reads, three calls).
//! What a span gave is kept per thread until another span is active: the operations a
//! request makes under one span pay for the dict lookup and an identity compare only.

use std::os::raw::c_int;

use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};

/// The active Python span, as a remote parent.
#[derive(Clone)]
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
    let current = functions.current_context(py)?;
    // An empty context holds no span: skip the span lookup and its three attribute reads.
    if current.len()? == 0 {
        return Ok(None);
    }
    if let (Some(direct), Ok(current)) = (&functions.direct, current.cast::<PyDict>()) {
        let Some(span) = current.get_item(direct.span_key.bind(py))? else { return Ok(None) };
        if let Some(parent) =
            LAST_READ.with_borrow(|last| last.as_ref().filter(|(of, _)| of.is(&span)).map(|(_, p)| p.clone()))
        {
            return Ok(parent);
        }
        let context = span.call_method0(intern!(py, "get_span_context"))?;
        if let Ok(fields) = context.cast::<PyTuple>() {
            if fields.len() == SPAN_CONTEXT_FIELDS {
                let parent = parent_from_fields(fields, direct)?;
                LAST_READ.with_borrow_mut(|last| *last = Some((span.unbind(), parent.clone())));
                return Ok(parent);
            }
        }
    }
    let context = functions.get_current_span.bind(py).call0()?.call_method0(intern!(py, "get_span_context"))?;
    if !context.getattr(intern!(py, "is_valid"))?.is_truthy()? {
        return Ok(None);
    }
    let trace_id: u128 = context.getattr(intern!(py, "trace_id"))?.extract()?;
    let span_id: u64 = context.getattr(intern!(py, "span_id"))?.extract()?;
    let trace_flags: u8 = context.getattr(intern!(py, "trace_flags"))?.extract()?;
    let trace_state = trace_state(&context.getattr(intern!(py, "trace_state"))?)?;
    Ok(Some(Parent { trace_id, span_id, trace_flags, trace_state }))
}

thread_local! {
    /// The span this thread read its ids from last, and what they gave. A span's
    /// `SpanContext` is fixed for its lifetime (OpenTelemetry API), so the many operations
    /// one request makes under one span read them once; holding the span keeps its address
    /// from being reused by another while it is cached (one span per thread, at most).
    static LAST_READ: std::cell::RefCell<Option<(Py<PyAny>, Option<Parent>)>> = const { std::cell::RefCell::new(None) };
}

/// `SpanContext` is the tuple `(trace_id, span_id, is_remote, trace_flags, trace_state,
/// is_valid)` (opentelemetry-api since 1.0; checked by `direct_reads`).
const SPAN_CONTEXT_FIELDS: usize = 6;

fn parent_from_fields(fields: &Bound<'_, PyTuple>, direct: &Direct) -> PyResult<Option<Parent>> {
    if !fields.get_item(5)?.is_truthy()? {
        return Ok(None);
    }
    let trace_id: u128 = fields.get_item(0)?.extract()?;
    let span_id: u64 = fields.get_item(1)?.extract()?;
    let trace_flags: u8 = fields.get_item(3)?.extract()?;
    let state = fields.get_item(4)?;
    // The API's shared empty state (what every span without a tracestate holds) needs no call.
    let trace_state = if state.is(direct.empty_trace_state.bind(fields.py())) { None } else { trace_state(&state)? };
    Ok(Some(Parent { trace_id, span_id, trace_flags, trace_state }))
}

fn trace_state(state: &Bound<'_, PyAny>) -> PyResult<Option<Box<str>>> {
    if state.len().unwrap_or(0) == 0 {
        return Ok(None);
    }
    let header: String = state.call_method0(intern!(state.py(), "to_header"))?.extract()?;
    Ok(Some(header.into_boxed_str()).filter(|h| !h.is_empty()))
}

/// What reading the span straight from the context takes.
struct Direct {
    /// The key the active span is stored under (`opentelemetry.trace.propagation._SPAN_KEY`).
    span_key: Py<PyAny>,
    /// `opentelemetry.trace.span.DEFAULT_TRACE_STATE`.
    empty_trace_state: Py<PyAny>,
}

/// `Some` when this opentelemetry-api stores spans and span contexts as `Direct` reads
/// assume: a probe `SpanContext` must read the same by index as through its attributes.
fn direct_reads(py: Python<'_>) -> Option<Direct> {
    let span_key = py.import("opentelemetry.trace.propagation").ok()?.getattr("_SPAN_KEY").ok()?;
    let span = py.import("opentelemetry.trace.span").ok()?;
    let empty_trace_state = span.getattr("DEFAULT_TRACE_STATE").ok()?;
    let flags = span.getattr("TraceFlags").ok()?.call1((1,)).ok()?;
    let probe = span.getattr("SpanContext").ok()?.call1((11, 22, false, flags)).ok()?;
    let fields = probe.cast::<PyTuple>().ok()?;
    let same =
        |index: usize, name: &str| -> Option<bool> { fields.get_item(index).ok()?.eq(probe.getattr(name).ok()?).ok() };
    let layout_holds = fields.len() == SPAN_CONTEXT_FIELDS
        && same(0, "trace_id")?
        && same(1, "span_id")?
        && same(3, "trace_flags")?
        && fields.get_item(4).ok()?.is(&empty_trace_state)
        && same(5, "is_valid")?;
    layout_holds.then(|| Direct { span_key: span_key.unbind(), empty_trace_state: empty_trace_state.unbind() })
}

/// What the context is read through, looked up once.
struct Functions {
    /// `opentelemetry.context.get_current`.
    get_current: Py<PyAny>,
    /// The default runtime context's `ContextVar` (checked to be exactly one), when that
    /// is the runtime context in use: read with `PyContextVar_Get`, no Python frame.
    context_var: Option<Py<PyAny>>,
    /// `opentelemetry.trace.get_current_span`.
    get_current_span: Py<PyAny>,
    /// The span and its ids read without `get_current_span()`'s frames, where possible.
    direct: Option<Direct>,
}

impl Functions {
    fn current_context<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let Some(var) = &self.context_var else { return self.get_current.bind(py).call0() };
        let mut value = std::ptr::null_mut();
        // SAFETY: `var` is a live `contextvars.ContextVar` (its exact type checked at
        // lookup), the GIL is held, and on success `value` is a new reference or NULL
        // (unset and no default).
        if unsafe { PyContextVar_Get(var.as_ptr(), std::ptr::null_mut(), &mut value) } < 0 {
            return Err(PyErr::fetch(py));
        }
        if value.is_null() {
            return self.get_current.bind(py).call0();
        }
        // SAFETY: a new reference, owned from here on.
        Ok(unsafe { Bound::from_owned_ptr(py, value) })
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
                context_var: default_context_var(py),
                get_current_span: lookup("opentelemetry.trace", "get_current_span").ok()?.unbind(),
                direct: direct_reads(py),
            })
        })
        .as_ref()
}

/// The `ContextVar` behind `get_current()`, when the runtime context is the default
/// `ContextVarsRuntimeContext` (whose `get_current()` returns its value).
fn default_context_var(py: Python<'_>) -> Option<Py<PyAny>> {
    let runtime = py.import("opentelemetry.context").ok()?.getattr("_RUNTIME_CONTEXT").ok()?;
    if runtime.get_type().qualname().ok()?.to_str().ok()? != "ContextVarsRuntimeContext" {
        return None;
    }
    let var = runtime.getattr("_current_context").ok()?;
    let context_var_type = py.import("contextvars").ok()?.getattr("ContextVar").ok()?;
    if !var.get_type().is(&context_var_type) {
        return None;
    }
    Some(var.unbind())
}

// Not in the limited API that the abi3 module is built against, but a public CPython
// function with this signature since 3.7, exported by every interpreter the wheel loads in.
unsafe extern "C" {
    fn PyContextVar_Get(
        var: *mut ffi::PyObject,
        default_value: *mut ffi::PyObject,
        value: *mut *mut ffi::PyObject,
    ) -> c_int;
}
