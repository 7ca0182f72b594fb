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

/// One entry of a policy or config dict, as a table row's setter sees it: the value
/// plus where it came from, so every conversion error names the key.
pub(crate) struct Value<'a, 'py> {
    pub(crate) obj: &'a Bound<'py, PyAny>,
    pub(crate) context: &'a str,
    pub(crate) name: &'a str,
}

impl Value<'_, '_> {
    pub(crate) fn uint<T: TryFrom<u64>>(&self) -> Result<T> {
        uint(self.obj, self.context, self.name)
    }

    pub(crate) fn boolean(&self) -> Result<bool> {
        boolean(self.obj, self.context, self.name)
    }

    pub(crate) fn string(&self) -> Result<String> {
        string(self.obj, self.context, self.name)
    }

    pub(crate) fn choice<T: Copy>(&self, choices: &[(u32, T)]) -> Result<T> {
        choice(self.obj, self.context, self.name, choices)
    }

    /// A signed integer (for keys whose special values are negative).
    pub(crate) fn int(&self) -> Result<i64> {
        if !self.obj.is_instance_of::<PyInt>() || self.obj.is_instance_of::<PyBool>() {
            return Err(self.invalid("must be an integer"));
        }
        self.obj.extract().map_err(|_| self.invalid("is out of range"))
    }

    /// A bool that may only ask for what this client always does (`only`).
    pub(crate) fn only(&self, only: bool, why: &str) -> Result<()> {
        if self.boolean()? == only {
            Ok(())
        } else {
            Err(self.invalid(&format!("can only be {}: {why}", if only { "True" } else { "False" })))
        }
    }

    pub(crate) fn invalid(&self, what: &str) -> Error {
        Error::param(format!("{} '{}' {what}", self.context, self.name))
    }
}

/// How a table row handles its key.
pub(crate) enum Setter<P> {
    /// Honoured: converts the value into the target.
    Set(fn(&mut P, &Value) -> Result<()>),
    /// Known but refused, with the reason the user reads in the `ParamError`.
    Refused(&'static str),
    /// Accepted and validated, with no effect here; the doc says why that is right.
    NoOp(fn(&Value) -> Result<()>),
}

/// One key of a policy kind or of the config: its name, its one-line doc (the docs
/// tables are generated from these) and how it is applied.
pub(crate) struct Field<P: 'static> {
    pub(crate) name: &'static str,
    pub(crate) doc: &'static str,
    pub(crate) setter: Setter<P>,
}

impl<P> Field<P> {
    pub(crate) const fn set(name: &'static str, doc: &'static str, set: fn(&mut P, &Value) -> Result<()>) -> Self {
        Self { name, doc, setter: Setter::Set(set) }
    }

    pub(crate) const fn refused(name: &'static str, why: &'static str) -> Self {
        Self { name, doc: why, setter: Setter::Refused(why) }
    }

    pub(crate) const fn no_op(name: &'static str, doc: &'static str, check: fn(&Value) -> Result<()>) -> Self {
        Self { name, doc, setter: Setter::NoOp(check) }
    }

    /// "honoured", "refused" or "no-op", as the docs tables print it.
    pub(crate) const fn status(&self) -> &'static str {
        match self.setter {
            Setter::Set(_) => "honoured",
            Setter::Refused(_) => "refused",
            Setter::NoOp(_) => "no-op",
        }
    }

    /// Applies this row to `target`.
    pub(crate) fn apply(&self, target: &mut P, value: &Value) -> Result<()> {
        match &self.setter {
            Setter::Set(set) => set(target, value),
            Setter::Refused(why) => Err(value.invalid(&format!("is not supported: {why}"))),
            Setter::NoOp(check) => check(value),
        }
    }
}

/// The row named `name` in `table`.
pub(crate) fn find<'t, P>(table: &'t [Field<P>], name: &str) -> Option<&'t Field<P>> {
    table.iter().find(|f| f.name == name)
}
