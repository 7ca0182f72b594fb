//! Prometheus metrics: the `db_client_operation_duration_seconds` histogram, its
//! exposition, and the metrics-only tier's `start`/`Guard`.
//!
//! Cost per operation: the label lookup for `(namespace, set)` hits a thread-local
//! cache (two string compares, no lock, no allocation); finishing a successful
//! operation is one clock read and one histogram observation (atomics only). Errors
//! take the cold path through the labelled vector.

mod server;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};
use std::time::Instant;

use prometheus::{Histogram, HistogramOpts, HistogramVec, Registry, TextEncoder};
use pyo3::exceptions::PyOSError;
use pyo3::{PyResult, Python};

pub(crate) use server::stop_metrics_server;

use super::op::{Op, Target};
use super::semconv;
use crate::errors::Result;

/// Bucket bounds in seconds: fine below a millisecond, where a healthy Aerospike read lives.
const BUCKETS: [f64; 17] = [
    0.00005, 0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
    0.5, 1.0, 2.5, 5.0,
];

/// This library's own registry, so it never collides with the application's metrics.
pub(crate) static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::new);

static DURATION: LazyLock<HistogramVec> = LazyLock::new(|| {
    let opts = HistogramOpts::new(semconv::METRIC_OPERATION_DURATION, semconv::METRIC_OPERATION_DURATION_HELP)
        .buckets(BUCKETS.to_vec());
    let vec = HistogramVec::new(opts, &semconv::METRIC_LABELS).expect("valid histogram options");
    REGISTRY.register(Box::new(vec.clone())).expect("registered once");
    vec
});

/// Everything precomputed for one `(namespace, set)`: the success-path histograms per
/// operation and, for spans, static names. Leaked: Aerospike bounds the number of sets
/// per namespace, so the total is bounded and `&'static` costs no reference counting.
pub(crate) struct TargetStats {
    pub(crate) namespace: &'static str,
    pub(crate) set: &'static str,
    /// Created on first use, so the exposition lists only operations that happened.
    ok: [OnceLock<Histogram>; Op::COUNT],
    #[allow(dead_code)] // read by the otel tier only
    pub(crate) span_names: [&'static str; Op::COUNT],
}

impl TargetStats {
    fn new(namespace: &str, set: &str) -> Self {
        let namespace: &'static str = Box::leak(namespace.into());
        let set: &'static str = Box::leak(set.into());
        Self {
            namespace,
            set,
            ok: Op::ALL.map(|_| OnceLock::new()),
            span_names: Op::ALL.map(|op| &*Box::leak(format!("{} {namespace}.{set}", op.name()).into_boxed_str())),
        }
    }

    /// Records one finished operation.
    pub(crate) fn observe(&self, op: Op, seconds: f64, error_type: Option<&str>) {
        match error_type {
            None => self.ok[op as usize]
                .get_or_init(|| {
                    DURATION.with_label_values(&[semconv::DB_SYSTEM, self.namespace, self.set, op.name(), ""])
                })
                .observe(seconds),
            Some(error_type) => self.observe_error(op, seconds, error_type),
        }
    }

    #[cold]
    fn observe_error(&self, op: Op, seconds: f64, error_type: &str) {
        DURATION
            .with_label_values(&[semconv::DB_SYSTEM, self.namespace, self.set, op.name(), error_type])
            .observe(seconds);
    }
}

/// The stats for a target; a thread-local hit on the hot path.
pub(crate) fn stats_for(target: &Target<'_>) -> &'static TargetStats {
    thread_local! {
        static LAST: RefCell<Option<&'static TargetStats>> = const { RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match *last {
            Some(stats) if stats.namespace == target.namespace && stats.set == target.set => stats,
            _ => {
                let stats = intern(target.namespace, target.set);
                *last = Some(stats);
                stats
            }
        }
    })
}

#[cold]
fn intern(namespace: &str, set: &str) -> &'static TargetStats {
    static ALL: LazyLock<Mutex<HashMap<(String, String), &'static TargetStats>>> =
        LazyLock::new(Default::default);
    let mut all = ALL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    all.entry((namespace.to_owned(), set.to_owned()))
        .or_insert_with(|| Box::leak(Box::new(TargetStats::new(namespace, set))))
}

/// The Prometheus text exposition of this library's registry.
pub(crate) fn render() -> String {
    LazyLock::force(&DURATION);
    TextEncoder::new()
        .encode_to_string(&REGISTRY.gather())
        .unwrap_or_else(|e| format!("# encoding failed: {e}\n"))
}

/// A running measurement of one operation.
pub(crate) struct Guard {
    started: Instant,
    op: Op,
    stats: &'static TargetStats,
}

impl Guard {
    #[inline]
    pub(crate) fn begin(op: Op, target: &Target<'_>) -> Self {
        Self { started: Instant::now(), op, stats: stats_for(target) }
    }

    #[inline]
    pub(crate) fn finish<T>(self, result: &Result<T>) {
        let seconds = self.started.elapsed().as_secs_f64();
        match result {
            Ok(_) => self.stats.observe(self.op, seconds, None),
            Err(e) => self.stats.observe(self.op, seconds, Some(&e.error_type())),
        }
    }

    #[allow(dead_code)] // read by the otel tier only
    pub(crate) fn stats(&self) -> &'static TargetStats {
        self.stats
    }
}

/// `start_metrics_server()` for tiers that have metrics; a busy port is an `OSError`.
pub(crate) fn start_server(_py: Python<'_>, port: u16, host: &str) -> PyResult<()> {
    server::start_metrics_server(port, host)
        .map(|_| ())
        .map_err(|e| PyOSError::new_err(format!("cannot serve metrics on {host}:{port}: {e}")))
}
