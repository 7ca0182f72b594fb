//! Strict readers for the dicts users pass as config, policies and meta.
//!
//! Every key must be known and every value well typed: a typo is a `ParamError`
//! naming the key, never a silently ignored setting.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};

use crate::errors::{Error, Result};

/// Calls `visit(name, value)` for each entry of `obj`, which must be a dict with str keys.
/// `visit` returns `Ok(false)` for a key it does not know.
pub(crate) fn for_each_field<'py>(
    obj: &Bound<'py, PyAny>,
    context: &str,
    mut visit: impl FnMut(&str, &Bound<'py, PyAny>) -> Result<bool>,
) -> Result<()> {
    let dict = obj.cast::<PyDict>().map_err(|_| Error::param(format!("{context} must be a dict")))?;
    for (name, value) in dict.iter() {
        let name = name
            .cast::<PyString>()
            .map_err(|_| Error::param(format!("{context} keys must be str")))?
            .to_str()?
            .to_owned();
        if !visit(&name, &value)? {
            return Err(Error::param(format!("unknown {context} key '{name}'")));
        }
    }
    Ok(())
}

/// A non-negative integer that fits `T` (milliseconds, counts, sizes).
pub(crate) fn uint<T: TryFrom<u64>>(value: &Bound<'_, PyAny>, context: &str, name: &str) -> Result<T> {
    let bad = || Error::param(format!("{context} '{name}' must be a non-negative integer"));
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
        return Err(bad());
    }
    let n: u64 = value.extract().map_err(|_| bad())?;
    T::try_from(n).map_err(|_| Error::param(format!("{context} '{name}' is too large")))
}

pub(crate) fn boolean(value: &Bound<'_, PyAny>, context: &str, name: &str) -> Result<bool> {
    if value.is_instance_of::<PyBool>() {
        Ok(value.is_truthy()?)
    } else {
        Err(Error::param(format!("{context} '{name}' must be a bool")))
    }
}

pub(crate) fn string(value: &Bound<'_, PyAny>, context: &str, name: &str) -> Result<String> {
    match value.cast::<PyString>() {
        Ok(s) => Ok(s.to_str()?.to_owned()),
        Err(_) => Err(Error::param(format!("{context} '{name}' must be a str"))),
    }
}

/// One of the `POLICY_*` integer constants, mapped through `choices`.
pub(crate) fn choice<T: Copy>(value: &Bound<'_, PyAny>, context: &str, name: &str, choices: &[(u32, T)]) -> Result<T> {
    let n: u32 = uint(value, context, name)?;
    choices
        .iter()
        .find(|(k, _)| *k == n)
        .map(|(_, v)| *v)
        .ok_or_else(|| Error::param(format!("{context} '{name}' has no value {n}")))
}
