//! Prometheus metrics: the `db_client_operation_duration_seconds` histogram, its
//! exposition, and the measuring `Guard` the `otel` and `metrics-only` tiers share.
//!
//! Cost per operation (successful): two raw TSC reads (`rdtsc`, ~13 ns each on the
//! 2-core AMD EPYC VM CI runs on: most of the cost), a thread-local lookup of the
//! `(namespace, set)` stats (two short string compares; no lock, no allocation), and a
//! thread-local lookup of this thread's shard of them (a pointer compare), into which
//! the duration is added without a locked instruction (each thread writes only its own
//! shard; shards are merged at scrape time and handed to a new thread when theirs
//! exits, so their number is bounded by the threads alive at once). Errors take a cold
//! path through a locked map.

mod histogram;
mod server;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

use prometheus::{Registry, TextEncoder};
use pyo3::exceptions::PyOSError;
use pyo3::{PyResult, Python};
use quanta::{Clock, Instant};

#[allow(unused_imports)] // only the otel tier registers counters
pub(crate) use histogram::register_counter;
pub(crate) use server::stop_metrics_server;

use self::histogram::{new_histogram, LatencyHistogram, COLLECTOR};
use super::op::{Op, Target};
use super::semconv;
use crate::errors::Result;

/// This library's own registry, so it never collides with the application's metrics.
static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let registry = Registry::new();
    registry.register(Box::new(&*COLLECTOR)).expect("registered once");
    registry
});

/// Everything precomputed for one `(namespace, set)`: per-thread shards of the success
/// histograms, a shared fallback and, for spans, static names. Leaked: Aerospike
/// bounds the number of sets per namespace, so the total is bounded and `&'static`
/// costs no reference counting.
pub(crate) struct TargetStats {
    pub(crate) namespace: &'static str,
    pub(crate) set: &'static str,
    /// Written by several threads: used only while a thread's shards are being torn down.
    ok: [OnceLock<&'static LatencyHistogram>; Op::COUNT],
    /// Shards whose thread exited, ready for the next thread.
    free_shards: Mutex<Vec<&'static Shard>>,
    #[allow(dead_code)] // read by the otel tier only
    pub(crate) span_names: [&'static str; Op::COUNT],
}

/// One thread's success histograms for one target (created on first use per operation).
struct Shard {
    stats: &'static TargetStats,
    ok: [OnceLock<&'static LatencyHistogram>; Op::COUNT],
}

impl Shard {
    #[inline(always)]
    fn observe_ok(&self, op: Op, nanos: u64) {
        self.ok[op as usize].get_or_init(|| new_histogram(self.stats.labels(op))).observe_ns_single_writer(nanos);
    }
}

/// Every shard this thread holds, given back to their targets when the thread exits.
struct ThreadShards {
    held: RefCell<Vec<&'static Shard>>,
}

impl Drop for ThreadShards {
    fn drop(&mut self) {
        // The shards go to other threads: this one must not write them any more.
        LAST_SHARD.with(|last| last.set(None));
        for shard in self.held.get_mut().drain(..) {
            shard.stats.free_shards.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(shard);
        }
    }
}

thread_local! {
    /// The shard this thread used last: the hot path, a plain thread-local read (no
    /// destructor, so no registration or liveness check).
    static LAST_SHARD: Cell<Option<&'static Shard>> = const { Cell::new(None) };
    static SHARDS: ThreadShards = const { ThreadShards { held: RefCell::new(Vec::new()) } };
}

impl TargetStats {
    fn new(namespace: &str, set: &str) -> Self {
        let namespace: &'static str = Box::leak(namespace.into());
        let set: &'static str = Box::leak(set.into());
        Self {
            namespace,
            set,
            ok: [const { OnceLock::new() }; Op::COUNT],
            free_shards: Mutex::new(Vec::new()),
            span_names: Op::ALL.map(|op| &*Box::leak(format!("{} {namespace}.{set}", op.name()).into_boxed_str())),
        }
    }

    fn labels(&self, op: Op) -> histogram::Labels {
        [semconv::DB_SYSTEM, self.namespace, self.set, op.name(), ""]
    }

    /// Into this thread's shard; into the shared histogram while the thread's shards
    /// are being torn down (thread-local destructors may still run operations).
    #[inline(always)]
    fn observe_ok(&'static self, op: Op, nanos: u64) {
        match LAST_SHARD.with(Cell::get) {
            Some(shard) if std::ptr::eq(shard.stats, self) => shard.observe_ok(op, nanos),
            _ => self.observe_ok_switching(op, nanos),
        }
    }

    #[cold]
    fn observe_ok_switching(&'static self, op: Op, nanos: u64) {
        let recorded = SHARDS.try_with(|shards| self.switch_shard(shards).observe_ok(op, nanos));
        if recorded.is_err() {
            self.ok[op as usize].get_or_init(|| new_histogram(self.labels(op))).observe_ns(nanos);
        }
    }

    /// This thread's shard for this target: one it holds, a freed one, or a new one.
    fn switch_shard(&'static self, shards: &ThreadShards) -> &'static Shard {
        let mut held = shards.held.borrow_mut();
        let shard = match held.iter().find(|shard| std::ptr::eq(shard.stats, self)) {
            Some(shard) => *shard,
            None => {
                let freed = self.free_shards.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop();
                let shard = freed.unwrap_or_else(|| {
                    Box::leak(Box::new(Shard { stats: self, ok: [const { OnceLock::new() }; Op::COUNT] }))
                });
                held.push(shard);
                shard
            }
        };
        LAST_SHARD.with(|last| last.set(Some(shard)));
        shard
    }

    #[cold]
    fn observe_error(&self, op: Op, nanos: u64, error_type: &str) {
        type ErrorKey = (usize, Op, String);
        static BY_ERROR: LazyLock<Mutex<HashMap<ErrorKey, &'static LatencyHistogram>>> =
            LazyLock::new(Default::default);
        let mut by_error = BY_ERROR.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let identity = std::ptr::from_ref(self) as usize;
        by_error
            .entry((identity, op, error_type.to_owned()))
            .or_insert_with(|| {
                let error_type: &'static str = Box::leak(error_type.into());
                new_histogram([semconv::DB_SYSTEM, self.namespace, self.set, op.name(), error_type])
            })
            .observe_ns(nanos);
    }
}

/// The stats for a target; a thread-local hit on the hot path.
#[inline(always)]
pub(crate) fn stats_for(target: &Target<'_>) -> &'static TargetStats {
    thread_local! {
        static LAST: Cell<Option<&'static TargetStats>> = const { Cell::new(None) };
    }
    LAST.with(|last| match last.get() {
        Some(stats) if stats.namespace == target.namespace && stats.set == target.set => stats,
        _ => {
            let stats = intern(target.namespace, target.set);
            last.set(Some(stats));
            stats
        }
    })
}

#[cold]
fn intern(namespace: &str, set: &str) -> &'static TargetStats {
    static ALL: LazyLock<Mutex<HashMap<(String, String), &'static TargetStats>>> = LazyLock::new(Default::default);
    let mut all = ALL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    all.entry((namespace.to_owned(), set.to_owned()))
        .or_insert_with(|| Box::leak(Box::new(TargetStats::new(namespace, set))))
}

/// The Prometheus text exposition of this library's registry.
pub(crate) fn render() -> String {
    TextEncoder::new().encode_to_string(&REGISTRY.gather()).unwrap_or_else(|e| format!("# encoding failed: {e}\n"))
}

/// `start_metrics_server()` for tiers that have metrics; a busy port is an `OSError`.
pub(crate) fn start_server(_py: Python<'_>, port: u16, host: &str) -> PyResult<()> {
    server::start_metrics_server(port, host)
        .map(|_| ())
        .map_err(|e| PyOSError::new_err(format!("cannot serve metrics on {host}:{port}: {e}")))
}

/// The clock operations are timed with: the TSC where it is invariant (quanta falls back
/// to the monotonic clock), read raw (one `rdtsc`) and scaled only for the duration.
static CLOCK: LazyLock<Clock> = LazyLock::new(Clock::new);

/// `CLOCK` now, as an instant (spans place their times on the wall clock from these).
#[allow(dead_code)] // read by the otel tier only
pub(crate) fn now() -> Instant {
    CLOCK.now()
}

/// A raw `CLOCK` reading as an instant.
#[allow(dead_code)] // read by the otel tier only
pub(crate) fn instant_of(raw: u64) -> Instant {
    CLOCK.scaled(raw)
}

/// Benchmarks only: one raw `CLOCK` reading, as `Guard::begin` takes it.
#[allow(dead_code)] // the criterion benches (bench_support) only
pub(crate) fn clock_raw() -> u64 {
    CLOCK.raw()
}

/// Benchmarks only: nanoseconds since a `clock_raw()` reading, as `Guard::finish` reads them.
#[allow(dead_code)] // the criterion benches (bench_support) only
pub(crate) fn clock_nanos_since(started: u64) -> u64 {
    CLOCK.delta_as_nanos(started, CLOCK.raw())
}

/// A running measurement of one operation.
pub(crate) struct Guard {
    /// Raw `CLOCK` reading.
    started: u64,
    op: Op,
    stats: &'static TargetStats,
}

impl Guard {
    #[inline(always)]
    pub(crate) fn begin(op: Op, target: &Target<'_>) -> Self {
        Self { started: CLOCK.raw(), op, stats: stats_for(target) }
    }

    /// Records the operation; returns its duration (the span reuses it: no second clock read).
    #[inline(always)]
    pub(crate) fn finish<T>(self, result: &Result<T>) -> u64 {
        let nanos = CLOCK.delta_as_nanos(self.started, CLOCK.raw());
        match result {
            Ok(_) => self.stats.observe_ok(self.op, nanos),
            Err(e) => self.stats.observe_error(self.op, nanos, &e.error_type()),
        }
        nanos
    }

    /// The raw `CLOCK` reading the measurement started at (`instant_of` places it).
    #[allow(dead_code)] // read by the otel tier only
    #[inline(always)]
    pub(crate) fn started_raw(&self) -> u64 {
        self.started
    }

    #[allow(dead_code)] // read by the otel tier only
    pub(crate) fn stats(&self) -> &'static TargetStats {
        self.stats
    }
}
