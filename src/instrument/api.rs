//! The instrumentation functions Python sees; the same signatures in every tier,
//! each delegating to whichever tier was compiled in.

use pyo3::prelude::*;

use super::tier;

/// Start exporting spans over OTLP gRPC, configured by the standard `OTEL_*`
/// environment variables. Thread-safe; a second call is a no-op.
#[pyfunction]
pub(crate) fn init_tracing(py: Python<'_>) -> PyResult<()> {
    tier::init_tracing(py)
}

/// Flush pending spans and stop exporting. Thread-safe; safe to call twice.
#[pyfunction]
pub(crate) fn shutdown_tracing(py: Python<'_>) -> PyResult<()> {
    tier::shutdown_tracing(py)
}

/// Serve the Prometheus text exposition at `http://{host}:{port}/metrics`.
#[pyfunction]
#[pyo3(signature = (port=9464, host="0.0.0.0"))]
pub(crate) fn start_metrics_server(py: Python<'_>, port: u16, host: &str) -> PyResult<()> {
    tier::start_metrics_server(py, port, host)
}

/// Stop the metrics server started by `start_metrics_server()`, if any.
#[pyfunction]
pub(crate) fn stop_metrics_server(py: Python<'_>) {
    py.detach(tier::stop_metrics_server);
}

/// The current metrics in the Prometheus text exposition format.
#[pyfunction]
pub(crate) fn get_metrics() -> String {
    tier::get_metrics()
}
