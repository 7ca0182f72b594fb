//! Batch keys from Python, and batch results back: a `BatchRecords` whose
//! `batch_records` are `BatchRecord(key, result, record, in_doubt)` in key order.
//!
//! A row's `result` is the server's per-key code (0 ok, 2 record not found, ...);
//! `record` is a `Record` when the server sent one, else None. A row the cluster
//! never answered reports -1 (client error).

use aerospike::BatchOperation;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use super::key::{key_to_py, to_key};
use super::operations::results::{answered, bins_to_py};
use super::operations::Answer;
use super::record::{meta_to_py, reply_key};
use super::shapes::{self, BatchRecords};
use crate::errors::{code, Error, Result};

/// A list (or other iterable) of key tuples.
pub(crate) fn keys_from_py(obj: &Bound<'_, PyAny>) -> Result<Vec<aerospike::Key>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyTuple>() {
        return Err(Error::param("keys must be a list of key tuples"));
    }
    let items = obj.try_iter().map_err(|_| Error::param("keys must be a list of key tuples"))?;
    items.map(|item| to_key(&item?)).collect()
}

/// The `BatchRecords` of a batch call. `answers` describes the op list of a
/// `batch_operate` (a record's bins are the op results); `None` reports the
/// record's bins as read.
pub(crate) fn rows_to_py<'py>(
    py: Python<'py>,
    rows: Vec<BatchOperation>,
    answers: Option<&[Answer]>,
) -> PyResult<Bound<'py, BatchRecords>> {
    let list = PyList::empty(py);
    for row in rows {
        let row = row.into_batch_record();
        let result = row.result_code().map_or(code::CLIENT_ERROR, |rc| i32::from(u8::from(rc)));
        let in_doubt = row.in_doubt();
        // The row's key is the caller's, as the official client reports it.
        let key = key_to_py(py, &row.key)?.into_any();
        let record = match row.record {
            Some(mut record) => {
                let replied = reply_key(&row.key, &record);
                // Most rows report the caller's key: one tuple serves both places.
                let record_key =
                    if std::ptr::eq(replied, &row.key) { key.clone() } else { key_to_py(py, replied)?.into_any() };
                let meta = meta_to_py(py, &record)?.into_any();
                let bins = match answers {
                    Some(answers) => bins_to_py(py, answered(&mut record, answers))?,
                    None => bins_to_py(py, std::mem::take(&mut record.bins))?,
                };
                shapes::record(py, record_key, meta, bins.into_any())?.into_any()
            }
            None => py.None().into_bound(py),
        };
        list.append(shapes::batch_record(py, key, result, record, in_doubt)?)?;
    }
    shapes::batch_records(py, list)
}
