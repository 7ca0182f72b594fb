//! `metrics-only` tier: every operation is measured into the Prometheus histogram;
//! there is no tracing code in this build.

use pyo3::prelude::*;

use super::metrics::{self, Guard};
use super::op::{Op, Target};

pub(crate) use metrics::{render as get_metrics, start_server as start_metrics_server, stop_metrics_server};

#[inline]
pub(crate) fn start(_py: Python<'_>, op: Op, target: &Target<'_>) -> Guard {
    Guard::begin(op, target)
}

pub(crate) fn init_tracing(py: Python<'_>) -> PyResult<()> {
    super::warn_unavailable(
        py,
        c"aerospike_py was built without tracing (metrics-only tier): init_tracing() does nothing",
    )
}

pub(crate) fn shutdown_tracing(_py: Python<'_>) -> PyResult<()> {
    Ok(())
}
