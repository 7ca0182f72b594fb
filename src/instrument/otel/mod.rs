//! `otel` tier: a span per operation while tracing is on, and the metrics always.
//!
//! The run-time switch is one `static AtomicBool`: with tracing off (never initialised,
//! `OTEL_SDK_DISABLED=true`, `OTEL_TRACES_EXPORTER=none`, or shut down) an operation
//! costs one `Relaxed` load more than the metrics-only tier, and makes no Python call.

mod context;
mod export;
mod provider;

use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::trace::{Span as _, SpanKind, Status, Tracer as _};
use opentelemetry::KeyValue;
use opentelemetry_sdk::trace::Span;
use pyo3::prelude::*;

use super::metrics::{self, Guard as MetricsGuard};
use super::op::{Op, Target};
use super::semconv;
use crate::errors::Result;

pub(crate) use metrics::{render as get_metrics, start_server as start_metrics_server, stop_metrics_server};
pub(crate) use provider::{flush_spans, init_tracing, shutdown_tracing, switch_tracing, trace_into_sink};

/// True while spans are being created and exported.
static TRACING: AtomicBool = AtomicBool::new(false);

pub(crate) struct Guard {
    metrics: MetricsGuard,
    /// Boxed: an SDK span is hundreds of bytes, and an unboxed `Option` would make every
    /// operation's future that large (and `memcpy` it) even with tracing off.
    span: Option<Box<Span>>,
}

/// Starts measuring `op`; also starts its span, parented to Python's active span, when
/// tracing is on.
#[inline]
pub(crate) fn start(py: Python<'_>, op: Op, target: &Target<'_>) -> Guard {
    let metrics = MetricsGuard::begin(op, target);
    let span = if TRACING.load(Ordering::Relaxed) { start_span(py, op, target, &metrics) } else { None };
    Guard { metrics, span }
}

#[cold]
fn start_span(py: Python<'_>, op: Op, target: &Target<'_>, metrics: &MetricsGuard) -> Option<Box<Span>> {
    let tracer = provider::tracer()?;
    let stats = metrics.stats();
    let parent = context::python_parent(py);
    let builder = tracer.span_builder(stats.span_names[op as usize]).with_kind(SpanKind::Client).with_attributes([
        KeyValue::new(semconv::ATTR_DB_SYSTEM_NAME, semconv::DB_SYSTEM),
        KeyValue::new(semconv::ATTR_DB_NAMESPACE, stats.namespace),
        KeyValue::new(semconv::ATTR_DB_COLLECTION_NAME, stats.set),
        KeyValue::new(semconv::ATTR_DB_OPERATION_NAME, op.name()),
        KeyValue::new(semconv::ATTR_SERVER_ADDRESS, target.server.name.clone()),
        KeyValue::new(semconv::ATTR_SERVER_PORT, i64::from(target.server.port)),
    ]);
    Some(Box::new(tracer.build_with_context(builder, &parent)))
}

impl Guard {
    #[inline]
    pub(crate) fn finish<T>(self, result: &Result<T>) {
        let Guard { metrics, span } = self;
        metrics.finish(result);
        if let Some(span) = span {
            end_span(span, result);
        }
    }
}

#[cold]
fn end_span<T>(mut span: Box<Span>, result: &Result<T>) {
    if let Err(error) = result {
        span.set_attribute(KeyValue::new(semconv::ATTR_ERROR_TYPE, error.error_type().into_owned()));
        if let Some(code) = error.server_code() {
            span.set_attribute(KeyValue::new(semconv::ATTR_DB_RESPONSE_STATUS_CODE, code.to_string()));
        }
        span.set_status(Status::error(error.message()));
    }
    span.end();
}
