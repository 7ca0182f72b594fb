//! Entry points for the criterion benches in `benches/`; not part of the Python API.
//!
//! They expose exactly what a data operation runs around its I/O: the `traced_op!`
//! expansion of the compiled tier, and the value conversions.

use std::future::Future;
use std::sync::LazyLock;

use aerospike::{Bin, Host, Record};
use pyo3::prelude::*;

use crate::errors::Error;
use crate::instrument::{traced_op, Op, Target};

/// The tier compiled into this build.
pub const TIER: &str = crate::instrument::TIER;

static HOST: LazyLock<Host> = LazyLock::new(|| Host::new("127.0.0.1", 3000));

/// The server a benchmark's target names (resolved once, outside the measured loop).
pub fn bench_host() -> &'static Host {
    &HOST
}

/// A no-op operation wrapped as every data operation is; `Ok` when it succeeded.
#[inline(never)]
pub fn traced_noop(py: Python<'_>, server: &Host) -> impl Future<Output = bool> + Send + 'static {
    IsOk(traced_op!(py, Op::Get, Target { namespace: "test", set: "bench", server }, async { Ok::<(), Error>(()) }))
}

/// The same no-op, unwrapped: the floor the tiers are compared with.
#[inline(never)]
pub fn bare_noop(_py: Python<'_>) -> impl Future<Output = bool> + Send + 'static {
    IsOk(async { Ok::<(), Error>(()) })
}

/// The bare no-op between the two clock reads a measuring tier times it with, and their
/// conversion to nanoseconds: what `traced_noop` cannot cost less than (`baseline/clock`).
#[cfg(not(feature = "none"))]
#[inline(never)]
pub fn clocked_noop(_py: Python<'_>) -> impl Future<Output = bool> + Send + 'static {
    use crate::instrument::{clock_nanos_since, clock_raw};
    let started = clock_raw();
    let fut = async { Ok::<(), Error>(()) };
    IsOk(async move {
        let result = fut.await;
        std::hint::black_box(clock_nanos_since(started));
        result
    })
}

/// Whether a future's result is `Ok`, polling it where it lies. An `async` block that
/// awaited it would first move it into its own state, and reading that copy right after
/// it was written stalls on store forwarding: a cost of the harness, not of `traced_op!`.
struct IsOk<F>(F);

impl<F: Future<Output = Result<T, E>>, T, E> Future for IsOk<F> {
    type Output = bool;

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<bool> {
        // SAFETY: the inner future is never moved out of `self` (structural pinning).
        let inner = unsafe { self.map_unchecked_mut(|this| &mut this.0) };
        inner.poll(cx).map(|result| result.is_ok())
    }
}

/// Python-callable: one instrumented no-op, run to completion. The Python-level
/// benchmarks (perf/) use it to measure what instrumentation and context propagation
/// add to a call, without network noise. Not part of the public API.
#[pyfunction]
pub fn _traced_noop(py: Python<'_>) -> bool {
    crate::runtime::poll_ready(traced_noop(py, bench_host()))
}

/// Python-callable: the same call with nothing around it (the floor).
#[pyfunction]
pub fn _bare_noop(py: Python<'_>) -> bool {
    crate::runtime::poll_ready(bare_noop(py))
}

/// Python-callable: pause (`False`) or resume (`True`) span creation while the exporter
/// set up by `init_tracing()` stays up (perf/invivo.py alternates tracing on and off in
/// one process). Returns whether tracing is now on.
#[pyfunction]
pub fn _switch_tracing(on: bool) -> bool {
    crate::instrument::bench_switch_tracing(on)
}

/// Python-callable: export every queued span and wait for the export to finish.
#[pyfunction]
pub fn _flush_spans(py: Python<'_>) {
    py.detach(crate::instrument::bench_flush_spans);
}

/// Turns span export on, into a sink that drops every batch (otel tier only).
/// Returns false where the tier has no tracing.
pub fn trace_into_sink() -> bool {
    crate::instrument::trace_into_sink()
}

/// Python bins → the bins a put sends.
pub fn bins_from_py(bins: &Bound<'_, PyAny>) -> PyResult<Vec<Bin>> {
    Ok(crate::convert::record::bins_from_py(bins)?)
}

/// A record read → the `(key, meta, bins)` tuple a get returns.
pub fn record_to_py<'py>(py: Python<'py>, key: &aerospike::Key, record: Record) -> PyResult<Bound<'py, PyAny>> {
    Ok(crate::convert::record::record_to_py(py, key, record)?.into_any())
}
