//! aerospike-py's native core. This file is the table of contents: modules, and
//! the one `#[pymodule]` that exports the Python-facing items.

#[doc(hidden)]
pub mod bench_support;
mod client;
mod convert;
mod errors;
mod instrument;
mod logging;
mod policy;
mod runtime;

use pyo3::prelude::*;

/// Rust's allocations (ours and the aerospike crate's: a batch read builds a `String`
/// per bin name and a `Value` per bin, each cloned once more by the crate) go to
/// mimalloc, not glibc malloc, whose free path (consolidation, unlinking) took a quarter
/// of a 100-record batch_read's instructions (callgrind). Python's own objects are not
/// affected: only this library's Rust code uses the global allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[pymodule]
mod _native {
    #[pymodule_export]
    use crate::client::{calc_digest, get_partition_id, AsyncClient, Client, Query};
    #[pymodule_export]
    use crate::convert::shapes::BatchRecords;
    #[pymodule_export]
    use crate::instrument::{get_metrics, init_tracing, shutdown_tracing, start_metrics_server, stop_metrics_server};

    /// The policy and config key tables (docs and drift tests): underscored, not API.
    #[pymodule_export]
    use crate::policy::describe::{_config_keys, _policies_top_level_keys, _policy_keys};

    /// Benchmark hooks (perf/): underscored, not part of the API.
    #[pymodule_export]
    use crate::bench_support::{_bare_noop, _flush_spans, _switch_tracing, _traced_noop};

    /// The instrumentation tier compiled in: "otel", "metrics-only" or "none".
    #[pymodule_export]
    const INSTRUMENTATION_TIER: &str = crate::instrument::TIER;

    /// "release" or "debug": benchmarks (perf/) refuse to measure a debug build.
    #[pymodule_export]
    const _BUILD_PROFILE: &str = if cfg!(debug_assertions) { "debug" } else { "release" };

    #[pymodule_init]
    fn init(module: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        crate::logging::install();
        crate::errors::route_panics_to_logging();
        crate::convert::shapes::register(module)
    }
}
