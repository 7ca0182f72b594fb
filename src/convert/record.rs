//! Records and record metadata ⇄ Python: `Record(key, meta, bins)` and
//! `RecordMetadata({"gen": .., "ttl": ..})` (see `shapes`).

use aerospike::{Bin, Key, Record};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use super::key::key_to_py;
use super::shapes;
use super::value::to_value;
use crate::errors::{Error, Failure, Result};

/// What the official clients report as the TTL of a record that never expires.
pub(crate) const TTL_NEVER_EXPIRE: u32 = u32::MAX;

/// `RecordMetadata({"gen": generation, "ttl": seconds_left})`.
pub(crate) fn meta_to_py<'py>(py: Python<'py>, record: &Record) -> PyResult<Bound<'py, PyDict>> {
    let ttl = record.time_to_live().map_or(u64::from(TTL_NEVER_EXPIRE), |left| left.as_secs());
    shapes::meta(py, record.generation, ttl)
}

/// `Record(key, meta, bins)`. The caller's key is returned when it carries the user
/// key; otherwise the server's (which has the user key if it was stored with the record).
pub(crate) fn record_to_py<'py>(py: Python<'py>, key: &Key, record: Record) -> PyResult<Bound<'py, PyTuple>> {
    let key = key_to_py(py, reply_key(key, &record))?;
    let meta = meta_to_py(py, &record)?;
    let bins = super::operations::results::bins_to_py(py, record.bins)?;
    shapes::record(py, key.into_any(), meta.into_any(), bins.into_any())
}

/// The key a reply reports: the caller's when it carries the user key, else the
/// server's (which has the user key if it was stored with the record).
pub(crate) fn reply_key<'a>(key: &'a Key, record: &'a Record) -> &'a Key {
    match (&record.key, key.user_key()) {
        (Some(stored), None) => stored,
        _ => key,
    }
}

/// A `bins` dict → the bins to write. Empty dicts and non-str names are refused.
pub(crate) fn bins_from_py(obj: &Bound<'_, PyAny>) -> Result<Vec<Bin>> {
    let dict = obj.cast::<PyDict>().map_err(|_| Error::param("bins must be a dict of {bin_name: value}"))?;
    if dict.is_empty() {
        return Err(Error::param("bins must not be empty"));
    }
    dict.iter().map(|(name, value)| Ok(Bin::new(bin_name(&name)?, to_value(&value)?))).collect()
}

/// A list of bin names (for `select` and `remove_bin`).
pub(crate) fn bin_names_from_py(obj: &Bound<'_, PyAny>) -> Result<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(Error::param("bin names must be a list of str, not a single str"));
    }
    let names = obj
        .try_iter()
        .map_err(|_| Error::param("bin names must be a list of str"))?
        .map(|item| bin_name(&item?))
        .collect::<Result<Vec<_>>>()?;
    if names.is_empty() {
        return Err(Error::param("bin names must not be empty"));
    }
    Ok(names)
}

/// Aerospike's limit on a bin name, in bytes.
const MAX_BIN_NAME: usize = 15;

pub(crate) fn bin_name(obj: &Bound<'_, PyAny>) -> Result<String> {
    let name = match obj.cast::<PyString>() {
        Ok(s) => super::name::text(s, "bin name")?,
        Err(_) => return Err(Error::param("bin names must be str")),
    };
    if name.is_empty() {
        return Err(Error::param("bin name must not be empty"));
    }
    super::name::wire(&super::name::BIN, name)?;
    if name.len() > MAX_BIN_NAME {
        return Err(Failure::BinName(format!(
            "bin name '{name}' is {} bytes; Aerospike allows at most {MAX_BIN_NAME}",
            name.len()
        ))
        .into());
    }
    Ok(name.to_owned())
}
