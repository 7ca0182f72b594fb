//! Filter expressions in policies (`expressions` / `filter_expression`).
//!
//! The expressions work (issue 12) fills this in; until then a filter is refused
//! rather than ignored, because ignoring it would read or write records it excludes.

use aerospike::expressions::Expression;
use pyo3::prelude::*;

use crate::errors::{Error, Result};

/// A policy's filter expression: `None` for a `None` value.
pub(crate) fn filter_from_py(value: &Bound<'_, PyAny>) -> Result<Option<Expression>> {
    if value.is_none() {
        return Ok(None);
    }
    Err(Error::param("policy 'expressions': expressions are not supported yet"))
}
