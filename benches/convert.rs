//! Python ⇄ Aerospike conversion of a typical record (six bins: str, int, float,
//! list, map, bytes): the work a put does before its I/O and a get after it.

mod support;

use std::hint::black_box;

use _native::bench_support::{bins_from_py, record_to_py, TIER};
use aerospike::{Key, Record, Value};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use pyo3::prelude::*;
use pyo3::types::PyDict;

fn typical_bins(py: Python<'_>) -> Bound<'_, PyAny> {
    let bins = PyDict::new(py);
    let code = c"{'name': 'Alice Example', 'age': 30, 'score': 1.5, 'tags': ['a', 'b', 'c'], 'prefs': {'theme': 'dark', 'n': 3}, 'blob': b'x' * 64}";
    let value = py.eval(code, None, None).expect("literal");
    bins.update(value.cast().expect("dict")).expect("update");
    bins.into_any()
}

fn convert(c: &mut Criterion<support::ThreadCpu>) {
    support::run_ready(async {});
    Python::attach(|py| {
        let bins = typical_bins(py);
        c.bench_function(&format!("{TIER}/convert/to_aerospike"), |b| {
            b.iter(|| black_box(bins_from_py(&bins).expect("convertible")))
        });
        let key = Key::new("test", "bench", Value::from("k")).expect("key");
        let record_bins =
            bins_from_py(&bins).expect("convertible").into_iter().map(|bin| (bin.name, bin.value)).collect();
        let record = Record::new(None, record_bins, None, 3, 0);
        // The record is cloned outside the timing: a get owns the record it converts.
        c.bench_function(&format!("{TIER}/convert/to_python"), |b| {
            b.iter_batched(
                || record.clone(),
                |record| black_box(record_to_py(py, &key, record).expect("convertible")),
                BatchSize::SmallInput,
            )
        });
    });
}

criterion_group! {
    name = benches;
    config = support::criterion();
    targets = convert
}
criterion_main!(benches);
