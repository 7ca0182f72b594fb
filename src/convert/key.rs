//! Key tuples ⇄ `aerospike::Key`.
//!
//! Accepted: `(namespace, set, user_key)` with a `str`, `int` or `bytes` user key,
//! and `(namespace, set, user_key_or_None, digest)` with a 20-byte digest.
//! Returned: `(namespace, set, user_key_or_None, digest)`.

use aerospike::{Key, Value};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyInt, PyString, PyTuple};

use super::value::{to_int, to_py, unsupported};
use super::{interned, name};
use crate::errors::{Error, Result};

const DIGEST_LEN: usize = 20;

pub(crate) fn to_key(obj: &Bound<'_, PyAny>) -> Result<Key> {
    let tuple = obj.cast::<PyTuple>().map_err(|_| {
        Error::param("key must be a tuple (namespace, set, user_key) or (namespace, set, None, digest)")
    })?;
    let len = tuple.len();
    if !(3..=4).contains(&len) {
        return Err(Error::param(format!("key tuple must have 3 or 4 items, got {len}")));
    }
    let namespace = name::wire_from_py(&tuple.get_item(0)?, &name::NAMESPACE)?;
    if namespace.is_empty() {
        return Err(Error::param("key namespace must not be empty"));
    }
    let set_item = tuple.get_item(1)?;
    let set = if set_item.is_none() { String::new() } else { name::wire_from_py(&set_item, &name::SET)? };
    let user_key = user_key(&tuple.get_item(2)?)?;
    let digest = if len == 4 { digest(&tuple.get_item(3)?)? } else { None };
    match (user_key, digest) {
        (user_key, Some(digest)) => Ok(Key::with_digest(namespace, set, user_key, digest)),
        (Some(user_key), None) => Ok(Key::new(namespace, set, user_key)?),
        (None, None) => Err(Error::param("key needs a user key or a 20-byte digest")),
    }
}

fn user_key(obj: &Bound<'_, PyAny>) -> Result<Option<Value>> {
    if obj.is_none() {
        Ok(None)
    } else if let Ok(s) = obj.cast::<PyString>() {
        Ok(Some(Value::String(name::text(s, "user key")?.to_owned())))
    } else if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<pyo3::types::PyBool>() {
        Ok(Some(Value::Int(to_int(obj)?)))
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        Ok(Some(Value::Blob(b.as_bytes().to_vec())))
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        Ok(Some(Value::Blob(b.to_vec())))
    } else {
        Err(unsupported(obj, "user key (expected str, int or bytes)"))
    }
}

fn digest(obj: &Bound<'_, PyAny>) -> Result<Option<[u8; DIGEST_LEN]>> {
    if obj.is_none() {
        return Ok(None);
    }
    let bytes: Vec<u8> = if let Ok(b) = obj.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        b.to_vec()
    } else {
        return Err(unsupported(obj, "key digest (expected bytes)"));
    };
    let digest = bytes
        .try_into()
        .map_err(|b: Vec<u8>| Error::param(format!("key digest must be {DIGEST_LEN} bytes, got {}", b.len())))?;
    Ok(Some(digest))
}

/// The `AerospikeKey` 4-tuple a record's key is returned as.
pub(crate) fn key_to_py<'py>(py: Python<'py>, key: &Key) -> PyResult<Bound<'py, PyTuple>> {
    let user_key = match key.user_key() {
        Some(v) => to_py(py, v.clone())?,
        None => py.None().into_bound(py),
    };
    let set = key.set_name();
    let set = if set.is_empty() { py.None().into_bound(py) } else { interned::name(py, set).into_any() };
    let namespace = interned::name(py, key.namespace()).into_any();
    super::shapes::key(py, [namespace, set, user_key, PyBytes::new(py, &key.digest()).into_any()])
}
