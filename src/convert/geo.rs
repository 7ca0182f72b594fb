//! `aerospike_py.GeoJSON` ⇄ the geojson particle: a `GeoJSON` bin value is sent as
//! its GeoJSON text with the geojson type, and geojson read back becomes a `GeoJSON`
//! (as the official client does). Cost: the class is imported once; a value pays an
//! `isinstance` only after every built-in type has been ruled out.

use aerospike::Value;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};

use crate::errors::{Error, Result};

fn class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static GEOJSON: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    GEOJSON.import(py, "aerospike_py.geojson", "GeoJSON")
}

/// The geojson value of a `GeoJSON` object; `None` for anything else.
pub(crate) fn from_py(obj: &Bound<'_, PyAny>) -> Result<Option<Value>> {
    // Without an importable `aerospike_py` (the Rust unit tests' interpreter) there
    // are no GeoJSON objects to recognise.
    let Ok(class) = class(obj.py()) else { return Ok(None) };
    if !obj.is_instance(class)? {
        return Ok(None);
    }
    let text = obj.call_method0("dumps")?;
    let text = text.cast::<PyString>().map_err(|_| Error::param("GeoJSON.dumps() must return a str"))?;
    Ok(Some(Value::GeoJson(text.to_str()?.to_owned())))
}

/// A `GeoJSON` object holding the server's GeoJSON text.
pub(crate) fn to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    class(py)?.call1((text,))
}
