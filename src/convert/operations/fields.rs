//! A strict reader over one op dict: every field read is remembered, so
//! `finish()` can refuse fields the op does not take (a typo is an error, not a no-op).

use aerospike::operations::{CdtContext, Operation};
use aerospike::Value;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple};

use crate::convert::record::bin_name;
use crate::convert::value::{to_int, to_value};
use crate::errors::{Error, Result};

/// The return-type bit that selects everything *not* matched.
const INVERTED: i64 = 0x10000;

pub(super) struct Fields<'py> {
    dict: Bound<'py, PyDict>,
    position: usize,
    read: Vec<&'static str>,
    /// The op's `ctx` path, once read (some ops encode it themselves).
    ctx: Vec<CdtContext>,
}

impl<'py> Fields<'py> {
    pub(super) fn new(obj: &Bound<'py, PyAny>, position: usize) -> Result<Self> {
        let dict = obj.cast::<PyDict>().map_err(|_| {
            Error::param(format!("ops[{position}] must be an operation dict (see aerospike_py.operations)"))
        })?;
        Ok(Self { dict: dict.clone(), position, read: Vec::new(), ctx: Vec::new() })
    }

    /// The op's context path, as the caller read it (empty for a top-level op).
    pub(super) fn context(&self) -> &[CdtContext] {
        &self.ctx
    }

    pub(super) fn set_context(&mut self, ctx: Vec<CdtContext>) {
        self.ctx = ctx;
    }

    pub(super) fn error(&self, msg: impl std::fmt::Display) -> Error {
        let code = self.dict.get_item("op").ok().flatten().map(|c| c.to_string()).unwrap_or_default();
        Error::param(format!("ops[{}] (op {code}): {msg}", self.position))
    }

    pub(super) fn unknown_code(&self, code: i64) -> Error {
        self.error(format!("unknown operation code {code}"))
    }

    /// The field, or `None` when absent or `None`.
    pub(super) fn get(&mut self, name: &'static str) -> Result<Option<Bound<'py, PyAny>>> {
        self.read.push(name);
        Ok(self.dict.get_item(name)?.filter(|v| !v.is_none()))
    }

    pub(super) fn required(&mut self, name: &'static str) -> Result<Bound<'py, PyAny>> {
        self.get(name)?.ok_or_else(|| self.error(format!("missing field '{name}'")))
    }

    pub(super) fn bin(&mut self) -> Result<String> {
        let value = self.required("bin")?;
        if !value.is_instance_of::<PyString>() {
            return Err(self.error("field 'bin' must be a str"));
        }
        bin_name(&value)
    }

    pub(super) fn opt_bin(&mut self) -> Result<Option<String>> {
        match self.get("bin")? {
            Some(value) if value.is_instance_of::<PyString>() => Ok(Some(bin_name(&value)?)),
            Some(_) => Err(self.error("field 'bin' must be a str")),
            None => Ok(None),
        }
    }

    pub(super) fn int(&mut self, name: &'static str) -> Result<i64> {
        let value = self.required(name)?;
        self.as_int(name, &value)
    }

    pub(super) fn opt_int(&mut self, name: &'static str) -> Result<Option<i64>> {
        match self.get(name)? {
            Some(value) => self.as_int(name, &value).map(Some),
            None => Ok(None),
        }
    }

    fn as_int(&self, name: &str, value: &Bound<'py, PyAny>) -> Result<i64> {
        if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
            to_int(value)
        } else {
            Err(self.error(format!("field '{name}' must be an int")))
        }
    }

    pub(super) fn flag(&mut self, name: &'static str) -> Result<bool> {
        match self.get(name)? {
            Some(value) if value.is_instance_of::<PyBool>() => Ok(value.is_truthy()?),
            Some(_) => Err(self.error(format!("field '{name}' must be a bool"))),
            None => Ok(false),
        }
    }

    /// A required bool (an int is refused: `sign=1` is more likely a mistake than a choice).
    pub(super) fn required_flag(&mut self, name: &'static str) -> Result<bool> {
        let value = self.required(name)?;
        if value.is_instance_of::<PyBool>() {
            Ok(value.is_truthy()?)
        } else {
            Err(self.error(format!("field '{name}' must be a bool")))
        }
    }

    /// Required `bytes` or `bytearray`.
    pub(super) fn bytes(&mut self, name: &'static str) -> Result<Vec<u8>> {
        let value = self.required(name)?;
        if let Ok(b) = value.cast::<PyBytes>() {
            Ok(b.as_bytes().to_vec())
        } else if let Ok(b) = value.cast::<PyByteArray>() {
            Ok(b.to_vec())
        } else {
            Err(self.error(format!("field '{name}' must be bytes or bytearray")))
        }
    }

    /// A required value (`None` is refused: it is what "missing" reads as).
    pub(super) fn value(&mut self, name: &'static str) -> Result<Value> {
        to_value(&self.required(name)?)
    }

    /// A value where absent or `None` means nil (e.g. an open side of a range).
    pub(super) fn bound(&mut self, name: &'static str) -> Result<Value> {
        match self.get(name)? {
            Some(value) => to_value(&value),
            None => Ok(Value::Nil),
        }
    }

    pub(super) fn values(&mut self, name: &'static str) -> Result<Vec<Value>> {
        let value = self.required(name)?;
        if !(value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>()) {
            return Err(self.error(format!("field '{name}' must be a list")));
        }
        value.try_iter()?.map(|item| to_value(&item?)).collect()
    }

    /// A policy sub-dict, read field by field through `visit(name, int)`; `visit`
    /// returns false for a key it does not know.
    pub(super) fn policy(
        &mut self,
        name: &'static str,
        mut visit: impl FnMut(&str, i64) -> Option<bool>,
    ) -> Result<()> {
        let Some(policy) = self.get(name)? else {
            return Ok(());
        };
        let dict = policy.cast::<PyDict>().map_err(|_| self.error(format!("field '{name}' must be a dict")))?;
        for (key, value) in dict.iter() {
            let key = key.cast::<PyString>().map_err(|_| self.error(format!("'{name}' keys must be str")))?;
            let key = key.to_str()?;
            let number = self.as_int(key, &value)?;
            match visit(key, number) {
                Some(true) => {}
                Some(false) => return Err(self.error(format!("'{name}' has no '{key}' value {number}"))),
                None => return Err(self.error(format!("unknown '{name}' key '{key}'"))),
            }
        }
        Ok(())
    }

    /// `return_type` (one of `allowed`), with the inverted bit when `inverted` is true.
    pub(super) fn return_type(&mut self, allowed: &[i64]) -> Result<i64> {
        let selector = self.int("return_type")?;
        if !allowed.contains(&selector) {
            return Err(self.error(format!("field 'return_type' has no value {selector}")));
        }
        Ok(if self.flag("inverted")? { selector | INVERTED } else { selector })
    }

    /// A relative range selector: the `anchor` value, the `offset` int, an optional
    /// `count` and the return type read by `rt`; built by `counted` when a count is
    /// given, else by `to_end`.
    pub(super) fn relative<R>(
        &mut self,
        (anchor, offset): (&'static str, &'static str),
        rt: impl FnOnce(&mut Self) -> Result<R>,
        to_end: impl FnOnce(Value, i64, R) -> Operation,
        counted: impl FnOnce(Value, i64, i64, R) -> Operation,
    ) -> Result<Operation> {
        let (value, offset, count) = (self.value(anchor)?, self.int(offset)?, self.opt_int("count")?);
        let rt = rt(self)?;
        Ok(match count {
            Some(count) => counted(value, offset, count, rt),
            None => to_end(value, offset, rt),
        })
    }

    /// Refuses fields the op did not read.
    pub(super) fn finish(self) -> Result<()> {
        for key in self.dict.keys() {
            let known = key
                .cast::<PyString>()
                .ok()
                .and_then(|k| k.to_str().ok().map(|k| k == "op" || self.read.contains(&k)))
                .unwrap_or(false);
            if !known {
                return Err(self.error(format!("unexpected field {}", key.repr()?)));
            }
        }
        Ok(())
    }
}
