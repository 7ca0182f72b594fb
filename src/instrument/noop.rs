//! `none` tier: nothing is measured; `traced_op!` expands to the bare future, so
//! only the API functions remain, each saying what this build lacks. (There is no
//! `start`: the `none` expansion of `traced_op!` calls nothing.)

use pyo3::prelude::*;

pub(crate) fn init_tracing(py: Python<'_>) -> PyResult<()> {
    super::warn_unavailable(
        py,
        c"aerospike_py was built without instrumentation (none tier): init_tracing() does nothing",
    )
}

pub(crate) fn shutdown_tracing(_py: Python<'_>) -> PyResult<()> {
    Ok(())
}

pub(crate) fn start_metrics_server(py: Python<'_>, _port: u16, _host: &str) -> PyResult<()> {
    super::warn_unavailable(
        py,
        c"aerospike_py was built without instrumentation (none tier): start_metrics_server() does nothing",
    )
}

pub(crate) fn stop_metrics_server() {}

pub(crate) fn get_metrics() -> String {
    String::new()
}
