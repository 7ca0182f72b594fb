//! The compiled list's nesting rebuilt: one [`Node`] per `(op, rt, fixed, n)` tuple.

use aerospike::expressions::Expression;
use aerospike::Value;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};

use crate::convert::value::{to_int, to_value};
use crate::errors::{Error, Result};

/// Deeper than this is a malformed (or cyclic) expression, not a real one.
const MAX_DEPTH: usize = 256;
/// Closes a variadic operand list.
pub(super) const END_OF_VA_ARGS: i64 = 150;
/// A bare operand value.
pub(super) const VAL: i64 = 200;

pub(crate) struct Node<'py> {
    pub(super) op: i64,
    pub(super) rt: Option<i64>,
    fixed: Option<Bound<'py, PyDict>>,
    pub(super) children: Vec<Node<'py>>,
    /// Position in the compiled list, for error messages.
    pub(super) at: usize,
}

pub(super) fn tree<'py>(items: &[Bound<'py, PyAny>], pos: &mut usize, depth: usize) -> Result<Node<'py>> {
    let at = *pos;
    let Some(item) = items.get(at) else {
        return Err(Error::param(format!("expression ends early: node [{at}] is missing")));
    };
    if depth > MAX_DEPTH {
        return Err(Error::param(format!("expression nested deeper than {MAX_DEPTH} levels")));
    }
    let bad = || Error::param(format!("expression[{at}] must be an (op, result_type, fixed, count) tuple"));
    let parts: Vec<Bound<'py, PyAny>> = item.try_iter().map_err(|_| bad())?.collect::<PyResult<_>>()?;
    let [op, rt, fixed, count] = parts.as_slice() else { return Err(bad()) };
    let int = |v: &Bound<'py, PyAny>, what: &str| -> Result<i64> {
        if v.is_instance_of::<PyInt>() && !v.is_instance_of::<PyBool>() {
            to_int(v)
        } else {
            Err(Error::param(format!("expression[{at}]: {what} must be an int")))
        }
    };
    let op = int(op, "op")?;
    let rt = if rt.is_none() { None } else { Some(int(rt, "result type")?) };
    let fixed = if fixed.is_none() {
        None
    } else {
        Some(
            fixed
                .cast::<PyDict>()
                .map_err(|_| Error::param(format!("expression[{at}]: fixed must be a dict")))?
                .clone(),
        )
    };
    let count = int(count, "child count")?;
    if !(0..=items.len() as i64).contains(&count) {
        return Err(Error::param(format!("expression[{at}]: child count {count} is out of range")));
    }
    *pos += 1;
    let mut children = Vec::with_capacity(count as usize);
    for _ in 0..count {
        children.push(tree(items, pos, depth + 1)?);
    }
    Ok(Node { op, rt, fixed, children, at })
}

impl<'py> Node<'py> {
    pub(super) fn error(&self, msg: impl std::fmt::Display) -> Error {
        Error::param(format!("expression[{}] (op {}): {msg}", self.at, self.op))
    }

    pub(super) fn field(&self, name: &str) -> Result<Option<Bound<'py, PyAny>>> {
        match &self.fixed {
            Some(d) => Ok(d.get_item(name)?.filter(|v| !v.is_none())),
            None => Ok(None),
        }
    }

    pub(super) fn required(&self, name: &str) -> Result<Bound<'py, PyAny>> {
        self.field(name)?.ok_or_else(|| self.error(format!("missing field '{name}'")))
    }

    pub(super) fn int(&self, name: &str) -> Result<i64> {
        let v = self.required(name)?;
        if v.is_instance_of::<PyInt>() && !v.is_instance_of::<PyBool>() {
            to_int(&v)
        } else {
            Err(self.error(format!("field '{name}' must be an int")))
        }
    }

    pub(super) fn string(&self, name: &str) -> Result<String> {
        let v = self.required(name)?;
        v.cast::<PyString>()
            .map_err(|_| self.error(format!("field '{name}' must be a str")))
            .and_then(|s| Ok(s.to_str()?.to_owned()))
    }

    pub(super) fn result_type(&self) -> Result<i64> {
        self.rt.ok_or_else(|| self.error("missing result type"))
    }

    /// Operands without a variadic node's END marker.
    pub(super) fn operands(&self) -> Result<&[Node<'py>]> {
        match self.children.split_last() {
            Some((last, rest)) if last.op == END_OF_VA_ARGS => Ok(rest),
            _ => Err(self.error("variadic expression without its end marker")),
        }
    }

    /// Exactly `N` operands, each built.
    pub(super) fn args<const N: usize>(&self) -> Result<[Expression; N]> {
        if self.children.len() != N {
            return Err(self.error(format!("takes {N} operand(s), got {}", self.children.len())));
        }
        let built: Vec<Expression> = self.children.iter().map(super::build).collect::<Result<_>>()?;
        built.try_into().map_err(|_| self.error("operand count"))
    }

    /// The literal a `VAL` node holds (used where the crate takes a plain value).
    pub(super) fn literal(&self) -> Result<Value> {
        if self.op != VAL {
            return Err(self.error("must be a literal value here"));
        }
        to_value(&self.required("val")?)
    }

    /// The raw Python object of a `VAL` node.
    pub(super) fn raw(&self) -> Result<Bound<'py, PyAny>> {
        match &self.fixed {
            Some(d) => d.get_item("val")?.ok_or_else(|| self.error("missing field 'val'")),
            None => Err(self.error("missing field 'val'")),
        }
    }
}
