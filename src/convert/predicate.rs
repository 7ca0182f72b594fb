//! Query predicates (`aerospike_py.predicates`) → `aerospike::query::Filter`.

use aerospike::query::Filter;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};

use super::record::bin_name;
use super::value::to_int;
use crate::errors::{Error, Result};

/// `{"predicate": "equals", "bin": b, "val": int|str}` or
/// `{"predicate": "between", "bin": b, "min": int, "max": int}`.
pub(crate) fn filter_from_py(obj: &Bound<'_, PyAny>) -> Result<Filter> {
    let bad = || Error::param("predicate must come from aerospike_py.predicates (equals or between)");
    let dict = obj.cast::<PyDict>().map_err(|_| bad())?;
    let field = |name: &str| -> Result<Bound<'_, PyAny>> {
        dict.get_item(name)?.ok_or_else(|| Error::param(format!("predicate is missing '{name}'")))
    };
    let kind = field("predicate")?;
    let kind = kind.cast::<PyString>().map_err(|_| bad())?.to_str()?.to_owned();
    let bin = bin_name(&field("bin")?)?;
    let expected = match kind.as_str() {
        "equals" => 3,
        "between" => 4,
        _ => return Err(bad()),
    };
    if dict.len() != expected {
        return Err(Error::param(format!("'{kind}' predicate has unexpected fields")));
    }
    if kind == "equals" {
        let value = field("val")?;
        if let Ok(s) = value.cast::<PyString>() {
            Ok(Filter::equal(bin, s.to_str()?))
        } else {
            Ok(Filter::equal(bin, integer(&value, "equals value (expected int or str)")?))
        }
    } else {
        let (min, max) = (field("min")?, field("max")?);
        Ok(Filter::range(
            bin,
            integer(&min, "between min (expected int)")?,
            integer(&max, "between max (expected int)")?,
        ))
    }
}

fn integer(value: &Bound<'_, PyAny>, what: &str) -> Result<i64> {
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        to_int(value)
    } else {
        Err(super::value::unsupported(value, what))
    }
}
