//! The key tables as Python data, for the generated docs and the drift tests.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// `{kind: [(key, status, doc), ...]}` for every policy kind; status is "honoured",
/// "refused" or "no-op".
#[pyfunction]
pub(crate) fn _policy_keys(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let out = PyDict::new(py);
    for (kind, keys) in super::describe() {
        out.set_item(kind, keys)?;
    }
    Ok(out)
}

/// `[(key, status, doc), ...]` for every client config key.
#[pyfunction]
pub(crate) fn _config_keys() -> Vec<(&'static str, &'static str, &'static str)> {
    super::config::describe()
}

/// `[(key, status, doc), ...]` for the top level of config `policies`.
#[pyfunction]
pub(crate) fn _policies_top_level_keys() -> Vec<(&'static str, &'static str, &'static str)> {
    super::config::describe_policies_top_level()
}
