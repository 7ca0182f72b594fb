//! What operations hand back to Python, converted under the GIL after the I/O.

use aerospike::{Key, Record};
use pyo3::prelude::*;

use crate::convert::key::key_to_py;
use crate::convert::record::{meta_to_py, record_to_py};
use crate::convert::shapes;
use crate::runtime::IntoPython;

impl IntoPython for () {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(py.None())
    }
}

/// An object that is already Python (e.g. the client itself, returned by `connect()`).
impl IntoPython for Py<PyAny> {
    fn into_python(self, _py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self)
    }
}

/// `Record(key, meta, bins)`.
pub(crate) struct RecordReply {
    pub(crate) key: Key,
    pub(crate) record: Record,
}

impl IntoPython for RecordReply {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(record_to_py(py, &self.key, self.record)?.into_any().unbind())
    }
}

/// `ExistsResult(key, meta)`, `meta` None when the record does not exist.
pub(crate) struct ExistsReply {
    pub(crate) key: Key,
    pub(crate) record: Option<Record>,
}

impl IntoPython for ExistsReply {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let key = key_to_py(py, &self.key)?.into_any();
        let meta = match &self.record {
            Some(record) => meta_to_py(py, record)?.into_any(),
            None => py.None().into_bound(py),
        };
        Ok(shapes::exists_result(py, key, meta)?.into_any().unbind())
    }
}
