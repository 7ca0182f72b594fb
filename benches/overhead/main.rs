//! The criterion benches of one tier, in one binary: what `traced_op!` adds to an
//! operation (`traced_op`), and the Python ⇄ Aerospike conversion of a record (`convert`).
//!
//! `cargo bench --bench overhead --no-default-features --features <tier>`; results in
//! target/criterion/, summarised by perf/criterion_summary.py.

mod convert;
mod support;
mod traced_op;

criterion::criterion_group! {
    name = benches;
    config = support::criterion();
    targets = convert::convert, traced_op::traced_op
}

fn main() {
    // Paired, before criterion: tracing is still off then (`otel/span` turns it on).
    #[cfg(not(feature = "none"))]
    traced_op::beyond_clock();
    benches();
    criterion::Criterion::default().configure_from_args().final_summary();
}
