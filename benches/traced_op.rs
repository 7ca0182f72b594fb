//! What `traced_op!` adds to an operation, per tier: the instrumented no-op against
//! the bare one (`baseline/bare`), in the same run.
//!
//! Ids: `baseline/bare`; `baseline/clock` (the bare no-op between the two clock reads
//! the measuring tiers time it with: their floor); `none/traced`; `metrics-only/traced`; `otel/disabled` (tracing
//! off: never initialised or `OTEL_SDK_DISABLED`); `otel/span` (a span started, ended and
//! queued for export into a sink). The tier is chosen at build time:
//! `cargo bench --bench traced_op --no-default-features --features <tier>`.
//!
//! Measured in thread CPU time (support::ThreadCpu). Reference (2-core x86_64 VM, TSC
//! clock, release): see perf/README.md for the latest.

mod support;

use std::hint::black_box;

#[cfg(not(feature = "none"))]
use _native::bench_support::clocked_noop;
use _native::bench_support::{bare_noop, bench_host, trace_into_sink, traced_noop, TIER};
use criterion::{criterion_group, criterion_main, Criterion};
use pyo3::Python;
use support::run_ready;

fn traced_op(c: &mut Criterion<support::ThreadCpu>) {
    let host = bench_host();
    Python::attach(|py| {
        c.bench_function("baseline/bare", |b| b.iter(|| black_box(run_ready(bare_noop(py)))));
        #[cfg(not(feature = "none"))]
        c.bench_function("baseline/clock", |b| b.iter(|| black_box(run_ready(clocked_noop(py)))));
        let id = if TIER == "otel" { "otel/disabled".to_owned() } else { format!("{TIER}/traced") };
        c.bench_function(&id, |b| b.iter(|| black_box(run_ready(traced_noop(py, host)))));
        if trace_into_sink() {
            c.bench_function("otel/span", |b| b.iter(|| black_box(run_ready(traced_noop(py, host)))));
        }
    });
}

criterion_group! {
    name = benches;
    config = support::criterion();
    targets = traced_op
}
criterion_main!(benches);
