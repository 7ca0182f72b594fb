//! `aerospike_py.HyperLogLog` ⇄ the HLL particle: an HLL read from the server becomes a
//! `HyperLogLog` (a `bytes` subclass, as the official client's), and one written is sent
//! with the HLL type, so that a record read and put back keeps its HLL bins usable by
//! the HLL operations. Cost: exact `bytes` are told apart by one pointer compare; only a
//! `bytes` subclass pays an `isinstance`.

use aerospike::Value;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyType};

use crate::errors::Result;

fn class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static HYPERLOGLOG: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    HYPERLOGLOG.import(py, "aerospike_py.hyperloglog", "HyperLogLog")
}

/// A blob, or an HLL when `bytes` is a `HyperLogLog`.
pub(crate) fn blob_or_hll(bytes: &Bound<'_, PyBytes>) -> Result<Value> {
    let data = bytes.as_bytes().to_vec();
    if bytes.is_exact_instance_of::<PyBytes>() {
        return Ok(Value::Blob(data));
    }
    // Without an importable `aerospike_py` (the Rust unit tests' interpreter) there are
    // no HyperLogLog objects to recognise.
    let is_hll = match class(bytes.py()) {
        Ok(class) => bytes.is_instance(class)?,
        Err(_) => false,
    };
    Ok(if is_hll { Value::Hll(data) } else { Value::Blob(data) })
}

/// A `HyperLogLog` holding the server's sketch.
pub(crate) fn to_py<'py>(py: Python<'py>, sketch: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    class(py)?.call1((PyBytes::new(py, sketch),))
}
