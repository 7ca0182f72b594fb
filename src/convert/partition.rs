//! A query policy's `partition_filter` dict ⇄ the crate's `PartitionFilter`, and the
//! partition status the official client's `Query.get_partitions_status()` reports.
//!
//! `{"begin": first_partition, "count": n, "digest": d, "partition_status": s}`, every
//! key optional (all 4096 partitions by default). `digest` resumes the one partition
//! after that record digest: 20 bytes, or `{"init": True, "value": bytes}` as the
//! official client writes it. `partition_status` is a dict returned by
//! `get_partitions_status()` — `{id: (id, init, done, digest), ...}` — and resumes a
//! query where that one stopped: done partitions are skipped, the others restart
//! after their digest. Anything else is a `ParamError` naming the key.

use std::sync::Arc;

use aerospike::query::{PartitionFilter, PartitionStatus};
use parking_lot::Mutex;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyString, PyTuple};

use super::value::to_int;
use crate::errors::{Error, Result};

/// Partitions in a namespace.
pub(crate) const PARTITIONS: usize = 4096;

fn err(msg: impl std::fmt::Display) -> Error {
    Error::param(format!("partition_filter {msg}"))
}

pub(crate) fn filter_from_py(obj: &Bound<'_, PyAny>) -> Result<PartitionFilter> {
    let dict = obj.cast::<PyDict>().map_err(|_| err("must be a dict (begin, count, digest, partition_status)"))?;
    let (mut begin, mut count, mut digest, mut status) = (None, None, None, None);
    for (key, value) in dict.iter() {
        let key = key.cast::<PyString>().map_err(|_| err("keys must be str"))?.to_str()?.to_owned();
        if value.is_none() {
            continue;
        }
        match key.as_str() {
            "begin" => begin = Some(index(&value, "begin")?),
            "count" => count = Some(index(&value, "count")?),
            "digest" => digest = Some(digest_from_py(&value)?),
            "partition_status" => status = Some(value),
            _ => return Err(err(format!("has no key '{key}'"))),
        }
    }
    let (begin, count) = (begin.unwrap_or(0), count.unwrap_or(PARTITIONS - begin.unwrap_or(0)));
    if count == 0 || begin + count > PARTITIONS {
        return Err(err(format!("begin {begin} + count {count} must lie within 1..={PARTITIONS} partitions")));
    }
    let mut filter = PartitionFilter::by_range(begin, count);
    if let Some(digest) = digest {
        if count != 1 {
            return Err(err("'digest' resumes a single partition: count must be 1"));
        }
        filter.digest = Some(digest);
    }
    if let Some(status) = status {
        filter.partitions = Some(statuses(&status, begin, count)?);
    }
    Ok(filter)
}

fn index(value: &Bound<'_, PyAny>, name: &str) -> Result<usize> {
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
        return Err(err(format!("'{name}' must be an int")));
    }
    usize::try_from(to_int(value)?)
        .ok()
        .filter(|n| *n <= PARTITIONS)
        .ok_or_else(|| err(format!("'{name}' must be within 0..={PARTITIONS}")))
}

fn bytes20(value: &Bound<'_, PyAny>) -> Option<[u8; 20]> {
    let raw = if let Ok(b) = value.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else {
        value.cast::<PyByteArray>().ok()?.to_vec()
    };
    raw.try_into().ok()
}

fn digest_from_py(value: &Bound<'_, PyAny>) -> Result<[u8; 20]> {
    let value = match value.cast::<PyDict>() {
        Ok(d) => d.get_item("value")?.ok_or_else(|| err("'digest' dict needs a 'value'"))?,
        Err(_) => value.clone(),
    };
    bytes20(&value).ok_or_else(|| err("'digest' must be 20 bytes"))
}

/// The statuses of partitions `begin..begin + count`: those in `status` as saved,
/// the rest from the start.
fn statuses(status: &Bound<'_, PyAny>, begin: usize, count: usize) -> Result<Arc<Vec<Mutex<PartitionStatus>>>> {
    let dict = status.cast::<PyDict>().map_err(|_| err("'partition_status' must come from get_partitions_status()"))?;
    let mut parts: Vec<PartitionStatus> = (begin..begin + count).map(PartitionStatus::new).collect();
    for (id, entry) in dict.iter() {
        let Ok(id) = id.extract::<usize>() else {
            continue; // official status dicts may carry other bookkeeping keys
        };
        let bad = || err(format!("'partition_status' entry {id} must be (id, init, done, digest)"));
        let entry = entry.cast::<PyTuple>().map_err(|_| bad())?;
        if entry.len() != 4 {
            return Err(bad());
        }
        let Some(part) = id.checked_sub(begin).and_then(|i| parts.get_mut(i)) else {
            continue; // outside this filter's range
        };
        let (init, done) = (entry.get_item(1)?.is_truthy()?, entry.get_item(2)?.is_truthy()?);
        part.retry = !done;
        let digest = entry.get_item(3)?;
        part.digest = if init && !digest.is_none() { Some(bytes20(&digest).ok_or_else(bad)?) } else { None };
    }
    Ok(Arc::new(parts.into_iter().map(Mutex::new).collect()))
}

/// `{id: (id, init, done, digest), ...}` for the partitions `filter` covers.
pub(crate) fn status_to_py<'py>(py: Python<'py>, filter: &PartitionFilter) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    let Some(parts) = &filter.partitions else { return Ok(out) };
    for part in parts.iter() {
        let part = part.lock();
        let digest = match part.digest {
            Some(d) => PyByteArray::new(py, &d).into_any(),
            None => py.None().into_bound(py),
        };
        let entry = (part.id, part.digest.is_some(), !part.retry, digest);
        out.set_item(part.id, entry.into_pyobject(py)?)?;
    }
    Ok(out)
}
