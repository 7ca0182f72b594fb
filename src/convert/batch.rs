//! Batch keys from Python, and batch rows back: `(key, result_code, meta, bins)`.
//!
//! A row's `result_code` is the server's per-key code (0 ok, 2 record not found,
//! ...); `meta` and `bins` are `None` unless the row succeeded. A row the cluster
//! never answered reports -1 (client error).

use aerospike::BatchOperation;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use super::key::{key_to_py, to_key};
use super::operations::results::{answered, bins_to_py};
use super::operations::Answer;
use super::record::{meta_to_py, reply_key};
use crate::errors::{code, Error, Result};

/// A list (or other iterable) of key tuples.
pub(crate) fn keys_from_py(obj: &Bound<'_, PyAny>) -> Result<Vec<aerospike::Key>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyTuple>() {
        return Err(Error::param("keys must be a list of key tuples"));
    }
    let items = obj.try_iter().map_err(|_| Error::param("keys must be a list of key tuples"))?;
    items.map(|item| to_key(&item?)).collect()
}

/// The rows, in key order. `answers` describes the op list of a `batch_operate`
/// (its bins are the op results); `None` reports the record's bins as read.
pub(crate) fn rows_to_py<'py>(
    py: Python<'py>,
    rows: Vec<BatchOperation>,
    answers: Option<&[Answer]>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for row in rows {
        let row = row.into_batch_record();
        let result_code = row.result_code().map_or(code::CLIENT_ERROR, |rc| i32::from(u8::from(rc)));
        let result_code = result_code.into_pyobject(py)?.into_any();
        let item = match row.record {
            Some(mut record) => {
                let key = key_to_py(py, reply_key(&row.key, &record))?.into_any();
                let meta = meta_to_py(py, &record)?.into_any();
                let results = match answers {
                    Some(answers) => answered(&mut record, answers),
                    None => std::mem::take(&mut record.bins).into_iter().collect(),
                };
                [key, result_code, meta, bins_to_py(py, results)?.into_any()]
            }
            None => {
                [key_to_py(py, &row.key)?.into_any(), result_code, py.None().into_bound(py), py.None().into_bound(py)]
            }
        };
        list.append(PyTuple::new(py, item)?)?;
    }
    Ok(list)
}
