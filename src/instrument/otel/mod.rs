//! `otel` tier: a span per operation while tracing is on, and the metrics always.
//!
//! The run-time switch is one `static AtomicBool`: with tracing off (never initialised,
//! `OTEL_SDK_DISABLED=true`, `OTEL_TRACES_EXPORTER=none`, or shut down) an operation
//! costs one `Relaxed` load more than the metrics-only tier, and makes no Python call.
//! With tracing on, a span is a compact record (span.rs) queued for an export thread
//! that writes OTLP protobuf itself (encode.rs, export.rs, grpc.rs); the OpenTelemetry
//! SDK only supplies the resource (service name, `OTEL_RESOURCE_ATTRIBUTES`).

mod context;
mod encode;
mod export;
mod grpc;
mod hpack;
mod http2;
mod provider;
mod sampler;
mod span;
mod transport;

use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::prelude::*;

use super::metrics::{self, Guard as MetricsGuard};
use super::op::{Op, Target};
use crate::errors::Result;
use span::{SpanError, SpanRecord};

pub(crate) use metrics::{render as get_metrics, start_server as start_metrics_server, stop_metrics_server};
pub(crate) use provider::{flush_spans, init_tracing, shutdown_tracing, switch_tracing, trace_into_sink};

/// True while spans are being created and exported.
static TRACING: AtomicBool = AtomicBool::new(false);

pub(crate) struct Guard {
    metrics: MetricsGuard,
    /// Boxed: a span record is ~100 bytes, and an unboxed `Option` would make every
    /// operation's future that large (and `memcpy` it) even with tracing off.
    span: Option<Box<SpanRecord>>,
}

/// Starts measuring `op`; also starts its span, parented to Python's active span, when
/// tracing is on and the sampler keeps it.
#[inline(always)]
pub(crate) fn start(py: Python<'_>, op: Op, target: &Target<'_>) -> Guard {
    let metrics = MetricsGuard::begin(op, target);
    // The guard's fields go by value, so the guard need not be stored to memory just to
    // be referenced (no measurable change alone: the disabled path's stall was the
    // benchmark's own copy, see bench_support::IsOk).
    let span = if TRACING.load(Ordering::Relaxed) {
        start_span(py, op, target, metrics.stats(), metrics.started_raw())
    } else {
        None
    };
    Guard { metrics, span }
}

#[cold]
#[inline(never)]
fn start_span(
    py: Python<'_>,
    op: Op,
    target: &Target<'_>,
    stats: &'static metrics::TargetStats,
    started_raw: u64,
) -> Option<Box<SpanRecord>> {
    let pipeline = provider::pipeline()?;
    let parent = context::python_parent(py);
    // One thread-local access draws all three ids; a child span keeps its parent's trace id.
    let [span_id, high, low] = span::random_ids();
    let trace_id = parent.as_ref().map_or((u128::from(high) << 64) | u128::from(low), |parent| parent.trace_id);
    if !pipeline.sampler.sample(parent.as_ref(), trace_id) {
        return None;
    }
    Some(span::boxed(SpanRecord::start(
        op,
        stats,
        target.server,
        trace_id,
        span_id,
        parent,
        metrics::instant_of(started_raw),
    )))
}

impl Guard {
    #[inline(always)]
    pub(crate) fn finish<T>(self, result: &Result<T>) {
        let Guard { metrics, span } = self;
        let elapsed_ns = metrics.finish(result);
        if let Some(span) = span {
            end_span(span, elapsed_ns, result);
        }
    }
}

#[cold]
#[inline(never)]
// Takes the box, not the record: unboxing here keeps the ~100-byte record out of every
// operation's poll frame, which tracing off would pay for in stack and saved registers.
fn end_span<T>(span: Box<SpanRecord>, elapsed_ns: u64, result: &Result<T>) {
    let mut span = span::unboxed(span);
    span.end(elapsed_ns);
    if let Err(error) = result {
        span.error = Some(Box::new(SpanError {
            error_type: error.error_type().into_owned(),
            status_code: error.server_code().map(|code| code.to_string()),
            message: error.message(),
        }));
    }
    // Tracing shut down meanwhile: the span goes with it.
    if let Some(pipeline) = provider::pipeline() {
        pipeline.exporter.push(span);
    }
}
