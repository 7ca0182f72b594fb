//! Instrumentation of data operations: the one place that decides what a
//! `traced_op!` costs. Exactly one tier is compiled in (Cargo features):
//!
//! | tier           | per operation                                                   |
//! |----------------|-----------------------------------------------------------------|
//! | `otel`         | one `Relaxed` atomic load; then a span (if tracing is on) + histogram |
//! | `metrics-only` | two clock reads and one histogram observation; no allocation    |
//! | `none`         | nothing: `traced_op!` is the bare future                        |
//!
//! Call sites never test features: they call `traced_op!` and the functions re-exported here.

#[cfg(any(
    all(feature = "otel", feature = "metrics-only"),
    all(feature = "otel", feature = "none"),
    all(feature = "metrics-only", feature = "none"),
))]
compile_error!(
    "select exactly one instrumentation tier: features `otel`, `metrics-only` and `none` \
     are exclusive (use --no-default-features to drop the default `otel`)"
);

#[cfg(not(any(feature = "otel", feature = "metrics-only", feature = "none")))]
compile_error!("select an instrumentation tier: enable one of the features `otel`, `metrics-only`, `none`");

mod api;
mod op;

pub(crate) use api::{get_metrics, init_tracing, shutdown_tracing, start_metrics_server, stop_metrics_server};
pub(crate) use op::{Op, Target};

cfg_if::cfg_if! {
    if #[cfg(feature = "otel")] {
        mod metrics;
        mod otel;
        mod semconv;
        use otel as tier;
        /// The tier compiled into this build, as Python sees it.
        pub(crate) const TIER: &str = "otel";
    } else if #[cfg(feature = "metrics-only")] {
        mod metrics;
        mod metrics_only;
        mod semconv;
        use metrics_only as tier;
        /// The tier compiled into this build, as Python sees it.
        pub(crate) const TIER: &str = "metrics-only";
    } else {
        mod noop;
        use noop as tier;
        /// The tier compiled into this build, as Python sees it.
        pub(crate) const TIER: &str = "none";
    }
}

#[cfg(not(feature = "none"))]
pub(crate) use tier::start;

/// Benchmarks only: span export into a sink; false where the tier has no tracing.
pub(crate) fn trace_into_sink() -> bool {
    cfg_if::cfg_if! {
        if #[cfg(feature = "otel")] { otel::trace_into_sink() } else { false }
    }
}

/// Benchmarks only: the clock a measuring tier times operations with (a raw reading, and
/// the nanoseconds since one); the `none` tier reads no clock.
#[cfg(not(feature = "none"))]
pub(crate) use metrics::{clock_nanos_since, clock_raw};

/// Benchmarks only: pause (`false`) or resume (`true`) span creation without tearing
/// down the exporter, so tracing on and off alternate in one process at no switch cost.
/// True when tracing is now in the state asked for.
pub(crate) fn bench_switch_tracing(on: bool) -> bool {
    cfg_if::cfg_if! {
        if #[cfg(feature = "otel")] { otel::switch_tracing(on) } else { !on }
    }
}

/// Benchmarks only: export every span queued so far and wait for it, so the export
/// thread's CPU is counted in the block that made the spans.
pub(crate) fn bench_flush_spans() {
    #[cfg(feature = "otel")]
    otel::flush_spans();
}
/// What a tier lacks is reported by a `RuntimeWarning`, never an exception: an
/// instrumentation call must not break the application that makes it.
#[allow(dead_code)] // the otel tier has everything
fn warn_unavailable(py: pyo3::Python<'_>, message: &std::ffi::CStr) -> pyo3::PyResult<()> {
    let category = py.get_type::<pyo3::exceptions::PyRuntimeWarning>();
    pyo3::PyErr::warn(py, &category, message, 2)
}

cfg_if::cfg_if! {
    if #[cfg(feature = "none")] {
        /// `none` tier: the operation itself. The other arguments are only borrowed
        /// (references the optimiser removes) so call sites compile alike in every tier.
        macro_rules! traced_op {
            ($py:expr, $op:expr, $target:expr, $fut:expr) => {{
                let _ = (&$py, &$op, &$target);
                $fut
            }};
        }
    } else {
        /// Wraps one data operation's future: starts the measurement (and span) now,
        /// under the caller's GIL, and finishes it with the result. `$fut` is expanded once.
        macro_rules! traced_op {
            ($py:expr, $op:expr, $target:expr, $fut:expr) => {{
                let guard = $crate::instrument::start($py, $op, &$target);
                let fut = $fut;
                async move {
                    let result = fut.await;
                    guard.finish(&result);
                    result
                }
            }};
        }
    }
}
pub(crate) use traced_op;
