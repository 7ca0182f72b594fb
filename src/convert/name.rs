//! Names the server keys things by: namespaces, sets, bins, indexes, UDF modules,
//! users and roles. One table says what each may hold, and every path that sends a
//! name validates it here: on the wire a NUL would cut the name short on the server
//! (silently writing to another set), and in an info command, where names are pasted
//! into `name=value;` text, `;`, `:`, `=`, tabs and newlines would rewrite the command
//! (`"n;ame=x"` created an index `"n"`). Lone surrogates are not text the server can
//! hold: a `ParamError` naming the field, like every refusal here.

use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::{Error, Result};

/// One kind of name and the server's limits for it.
pub(crate) struct Kind {
    /// What the error messages call it.
    pub(crate) label: &'static str,
    /// The server's maximum length in bytes, where the client checks it first.
    max_bytes: Option<usize>,
}

pub(crate) const NAMESPACE: Kind = Kind { label: "namespace", max_bytes: Some(31) };
pub(crate) const SET: Kind = Kind { label: "set name", max_bytes: Some(63) };
/// Bin names longer than 15 bytes are `BinNameError` (code 21), as on the server:
/// [`crate::convert::record::bin_name`] checks that before calling here.
pub(crate) const BIN: Kind = Kind { label: "bin name", max_bytes: None };
pub(crate) const INDEX: Kind = Kind { label: "index name", max_bytes: None };
pub(crate) const MODULE: Kind = Kind { label: "UDF module name", max_bytes: None };
pub(crate) const USER: Kind = Kind { label: "user name", max_bytes: None };
pub(crate) const ROLE: Kind = Kind { label: "role name", max_bytes: None };

/// Characters an info command uses as syntax.
const INFO_SYNTAX: &[char] = &[';', ':', '=', '\t', '\n', '\r'];

/// A name that only travels in a wire field (keys, bins): no NUL, within its length.
pub(crate) fn wire<'a>(kind: &Kind, name: &'a str) -> Result<&'a str> {
    if name.contains('\0') {
        return Err(Error::param(format!("{} {name:?} contains a NUL character", kind.label)));
    }
    if let Some(max) = kind.max_bytes {
        if name.len() > max {
            return Err(Error::param(format!(
                "{} {name:?} is {} bytes; Aerospike allows at most {max}",
                kind.label,
                name.len()
            )));
        }
    }
    Ok(name)
}

/// A name pasted into an info command: a wire name, not empty, and none of the
/// command's own syntax.
pub(crate) fn info<'a>(kind: &Kind, name: &'a str) -> Result<&'a str> {
    wire(kind, name)?;
    if name.is_empty() {
        return Err(Error::param(format!("{} must not be empty", kind.label)));
    }
    if let Some(bad) = name.chars().find(|c| INFO_SYNTAX.contains(c)) {
        return Err(Error::param(format!(
            "{} {name:?} contains {bad:?}, which info commands use as syntax",
            kind.label
        )));
    }
    Ok(name)
}

/// The text of a Python `str`, or a `ParamError` naming `what` (lone surrogates).
pub(crate) fn text<'a>(s: &'a Bound<'_, PyString>, what: &str) -> Result<&'a str> {
    s.to_str().map_err(|_| Error::param(format!("{what} contains a lone surrogate: it is not valid UTF-8 text")))
}

/// A `str` argument holding a name of `kind`, for the wire.
pub(crate) fn wire_from_py(obj: &Bound<'_, PyAny>, kind: &Kind) -> Result<String> {
    let s = obj.cast::<PyString>().map_err(|_| Error::param(format!("{} must be a str", kind.label)))?;
    Ok(wire(kind, text(s, kind.label)?)?.to_owned())
}

/// `#[pyo3(from_py_with = ...)]` reader for a whole info command, which the caller
/// writes with its own syntax: only text is required (a lone surrogate is a `ParamError`).
pub(crate) fn info_command_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let s = obj.cast::<PyString>().map_err(|_| Error::param("the info command must be a str"))?;
    Ok(text(s, "the info command")?.to_owned())
}

/// `#[pyo3(from_py_with = ...)]` readers for name arguments that go into info commands.
macro_rules! info_args {
    ($($reader:ident => $kind:ident),* $(,)?) => {$(
        #[allow(dead_code)] // not every client family takes every kind
        pub(crate) fn $reader(obj: &Bound<'_, PyAny>) -> PyResult<String> {
            let name = wire_from_py(obj, &$kind)?;
            info(&$kind, &name)?;
            Ok(name)
        }
    )*};
}

info_args! {
    namespace_arg => NAMESPACE,
    set_arg => SET,
    bin_arg => BIN,
    index_arg => INDEX,
    module_arg => MODULE,
    user_arg => USER,
    role_arg => ROLE,
}

/// An optional set name argument (None: every set).
pub(crate) fn optional_set_arg(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if obj.is_none() {
        return Ok(None);
    }
    set_arg(obj).map(Some)
}

/// A namespace argument that travels in a wire field (queries, scans).
pub(crate) fn wire_namespace_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(wire_from_py(obj, &NAMESPACE)?)
}

/// An optional set argument that travels in a wire field (None: every set).
pub(crate) fn wire_optional_set_arg(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if obj.is_none() {
        return Ok(None);
    }
    Ok(Some(wire_from_py(obj, &SET)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_syntax_in_a_name_is_refused() {
        for bad in ["n;ame=x", "a:b", "a=b", "a\tb", "a\nb", "", "a\0b"] {
            assert!(info(&INDEX, bad).is_err(), "{bad:?}");
        }
        assert_eq!(info(&INDEX, "idx_age-1").unwrap(), "idx_age-1");
    }

    #[test]
    fn wire_names_keep_their_punctuation_but_not_nul_or_excess_length() {
        assert!(wire(&SET, "a:b=c").is_ok());
        assert!(wire(&SET, &"s".repeat(63)).is_ok());
        assert!(wire(&SET, &"s".repeat(64)).is_err());
        assert!(wire(&NAMESPACE, &"n".repeat(32)).is_err());
        assert!(wire(&SET, "s\0x").is_err());
    }
}
