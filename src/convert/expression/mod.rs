//! A compiled expression (the flat list `aerospike_py.exp` and the official
//! `aerospike_helpers.expressions` both produce) → the `aerospike` crate's
//! [`Expression`], which the crate packs: the bytes sent are the crate's, not ours.
//!
//! The compiled form is prefix order, one `(op, result_type, fixed, child_count)`
//! tuple per node; variadic nodes end with an END marker child, CDT modify nodes
//! carry a policy marker child. `node.rs` rebuilds the nesting once; `base.rs`,
//! `cdt.rs` (lists, maps) and `bits.rs` (bit, HLL) map each node code to the crate's
//! builder. Anything malformed (unknown code, wrong operand count, ill-typed field) is
//! a `ParamError` naming the node's position, before anything is sent. Cost: one pass over the list and a few dict
//! lookups per node; nothing when a policy has no expression.

mod base;
mod bits;
mod cdt;
mod node;

use aerospike::expressions::Expression;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

pub(crate) use self::node::Node;
use crate::errors::{Error, Result};

/// A policy's filter (`expressions` / `filter_expression`): `None` for `None`.
pub(crate) fn filter_from_py(obj: &Bound<'_, PyAny>) -> Result<Option<Expression>> {
    if obj.is_none() {
        return Ok(None);
    }
    from_py(obj).map(Some)
}

/// The expression `obj`: a compiled list, or a builder object (anything with
/// `compile()`), which is compiled first.
pub(crate) fn from_py(obj: &Bound<'_, PyAny>) -> Result<Expression> {
    let compiled = if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        obj.clone()
    } else if obj.hasattr("compile")? {
        obj.call_method0("compile")?
    } else {
        return Err(Error::param(format!(
            "expression must be a compiled expression (aerospike_py.exp ... .compile()), not {}",
            obj.get_type().name()?
        )));
    };
    let items: Vec<Bound<'_, PyAny>> = compiled.try_iter()?.collect::<PyResult<_>>()?;
    if items.is_empty() {
        return Err(Error::param("expression is empty"));
    }
    let mut pos = 0;
    let root = node::tree(&items, &mut pos, 0)?;
    if pos != items.len() {
        return Err(Error::param(format!(
            "expression: {} trailing node(s) after the complete expression at [{pos}]",
            items.len() - pos
        )));
    }
    build(&root)
}

/// The crate expression for one node and its operands.
pub(crate) fn build(node: &Node<'_>) -> Result<Expression> {
    match node.op {
        cdt::FIRST..=cdt::LAST => cdt::build(node),
        bits::FIRST..=bits::LAST => bits::build(node),
        _ => base::build(node),
    }
}

/// The base64 of the packed expression, as the official client's `get_expression_base64`.
pub(crate) fn base64(obj: &Bound<'_, PyAny>) -> Result<String> {
    Ok(from_py(obj)?.base64()?)
}
