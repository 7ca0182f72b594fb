//! Python values ⇄ Aerospike values: the only place either direction is spelled out.
//!
//! Supported: `None`, `bool`, `int` (signed 64-bit), `float`, `str`, `bytes`,
//! `bytearray`, `GeoJSON`, `HyperLogLog`, `list`/`tuple` (stored as lists) and `dict`
//! with `str`/`int`/`bytes` keys, nested up to [`MAX_DEPTH`]. Anything else is a
//! `ParamError` before a byte is sent. Cost: one pass over the value, no Python calls
//! beyond type checks and extraction.

use aerospike::{FloatValue, IndexMap, Value};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use super::name::text;
use crate::errors::{Error, Result};

/// Deeper than this is almost certainly a self-referencing container; refusing it
/// turns a stack overflow into a clear error. Reads stop at the same depth, as the
/// official client's do (it reads 64 levels and refuses 65 with a deserialize error),
/// so whatever this client writes it can read back.
pub(crate) const MAX_DEPTH: usize = 64;

/// Converts a bin value (or a nested element) from Python.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value> {
    to_value_at(obj, 0)
}

fn to_value_at(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value> {
    if depth > MAX_DEPTH {
        return Err(Error::param(format!(
            "value nested deeper than {MAX_DEPTH} levels (is a container inside itself?)"
        )));
    }
    // Exact-type checks first: the common cases cost one pointer comparison each.
    if obj.is_none() {
        Ok(Value::Nil)
    } else if let Ok(s) = obj.cast_exact::<PyString>() {
        Ok(Value::String(text(s, "value")?.to_owned()))
    } else if obj.is_exact_instance_of::<PyBool>() {
        Ok(Value::Bool(obj.is_truthy()?))
    } else if obj.is_instance_of::<PyInt>() {
        to_int(obj).map(Value::Int)
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        Ok(Value::Float(FloatValue::from(f.value())))
    } else if let Ok(s) = obj.cast::<PyString>() {
        Ok(Value::String(text(s, "value")?.to_owned()))
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        super::hll::blob_or_hll(b)
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        Ok(Value::Blob(b.to_vec()))
    } else if let Ok(list) = obj.cast::<PyList>() {
        list.iter().map(|item| to_value_at(&item, depth + 1)).collect::<Result<_>>().map(Value::List)
    } else if let Ok(tuple) = obj.cast::<PyTuple>() {
        tuple.iter().map(|item| to_value_at(&item, depth + 1)).collect::<Result<_>>().map(Value::List)
    } else if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = IndexMap::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            map.insert(to_map_key(&k)?, to_value_at(&v, depth + 1)?);
        }
        Ok(Value::OrderedMap(map))
    } else if let Some(geo) = super::geo::from_py(obj)? {
        Ok(geo)
    } else {
        Err(unsupported(obj, "value"))
    }
}

/// Map keys: Aerospike accepts integers, strings and blobs only.
fn to_map_key(obj: &Bound<'_, PyAny>) -> Result<Value> {
    if obj.is_instance_of::<PyBool>() {
        Err(unsupported(obj, "map key"))
    } else if obj.is_instance_of::<PyInt>() {
        to_int(obj).map(Value::Int)
    } else if let Ok(s) = obj.cast::<PyString>() {
        Ok(Value::String(text(s, "map key")?.to_owned()))
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        Ok(Value::Blob(b.as_bytes().to_vec()))
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        Ok(Value::Blob(b.to_vec()))
    } else {
        Err(unsupported(obj, "map key (use str, int or bytes)"))
    }
}

/// An int where an int is meant: a bool (an int to Python) is refused, not read as 0 or 1.
pub(crate) fn to_int(obj: &Bound<'_, PyAny>) -> Result<i64> {
    if obj.is_instance_of::<PyBool>() {
        return Err(Error::param("expected an integer, got a bool"));
    }
    obj.extract::<i64>().map_err(|_| {
        Error::param(format!("integer {} is out of range: Aerospike stores signed 64-bit integers", int_text(obj)))
    })
}

/// An int's decimal digits for an error message, even for a subclass whose
/// `__str__` / `__repr__` fail (`int.__repr__` is called on it directly).
fn int_text(obj: &Bound<'_, PyAny>) -> String {
    let py = obj.py();
    py.get_type::<PyInt>()
        .call_method1("__repr__", (obj,))
        .and_then(|r| r.extract::<String>())
        .unwrap_or_else(|_| "(unprintable)".to_owned())
}

/// An increment operand: an int or a float (not a bool).
pub(crate) fn number_operand(obj: &Bound<'_, PyAny>) -> Result<Value> {
    if obj.is_instance_of::<PyBool>() {
        Err(unsupported(obj, "increment offset (expected int or float)"))
    } else if obj.is_instance_of::<PyInt>() {
        Ok(Value::Int(to_int(obj)?))
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        Ok(Value::Float(FloatValue::from(f.value())))
    } else {
        Err(unsupported(obj, "increment offset (expected int or float)"))
    }
}

/// An append/prepend operand: a str or bytes.
pub(crate) fn text_operand(obj: &Bound<'_, PyAny>) -> Result<Value> {
    if let Ok(s) = obj.cast::<PyString>() {
        Ok(Value::String(text(s, "append/prepend value")?.to_owned()))
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        Ok(Value::Blob(b.as_bytes().to_vec()))
    } else {
        Err(unsupported(obj, "append/prepend value (expected str or bytes)"))
    }
}

pub(crate) fn unsupported(obj: &Bound<'_, PyAny>, what: &str) -> Error {
    let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_owned());
    Error::param(format!("unsupported {what} type: {type_name}"))
}

/// Converts a value read from the server into the matching Python object; values
/// nested deeper than [`MAX_DEPTH`] raise `ClientError` instead of recursing further.
pub(crate) fn to_py<'py>(py: Python<'py>, value: Value) -> PyResult<Bound<'py, PyAny>> {
    to_py_at(py, value, 0)
}

fn to_py_at<'py>(py: Python<'py>, value: Value, depth: usize) -> PyResult<Bound<'py, PyAny>> {
    if depth > MAX_DEPTH {
        dismantle(value);
        return Err(Error::client(format!(
            "deserialize error: the server sent a value nested deeper than {MAX_DEPTH} levels"
        ))
        .into());
    }
    Ok(match value {
        Value::Nil | Value::Infinity | Value::Wildcard => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, b).to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::Float(f) => f64::from(f).into_pyobject(py)?.into_any(),
        Value::String(s) => PyString::new(py, &s).into_any(),
        Value::GeoJson(s) => super::geo::to_py(py, &s)?,
        Value::Blob(b) | Value::Unknown(_, b) => PyBytes::new(py, &b).into_any(),
        Value::Hll(b) => super::hll::to_py(py, &b)?,
        Value::List(items) | Value::MultiResult(items) => {
            // Converted first, then built at its final size (no growing by appends).
            let mut converted = Vec::with_capacity(items.len());
            let mut items = items.into_iter();
            for item in items.by_ref() {
                match to_py_at(py, item, depth + 1) {
                    Ok(object) => converted.push(object),
                    Err(e) => {
                        items.for_each(dismantle);
                        return Err(e);
                    }
                }
            }
            PyList::new(py, converted)?.into_any()
        }
        Value::HashMap(map) => pairs_to_dict(py, map, depth)?,
        Value::OrderedMap(map) => pairs_to_dict(py, map, depth)?,
        Value::SortedMap(map) => pairs_to_dict(py, map, depth)?,
        // MAP_RETURN_KEY_VALUE: `[k1, v1, k2, v2, ...]`, as the official client returns it
        // (a dict would be nicer, but code written for it indexes the flat list).
        Value::KeyValueList(pairs) => {
            let list = PyList::empty(py);
            for (k, v) in pairs {
                list.append(to_py_at(py, k, depth + 1)?)?;
                list.append(to_py_at(py, v, depth + 1)?)?;
            }
            list.into_any()
        }
        other => {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "the server returned a value this client cannot represent: {other:?}"
            )))
        }
    })
}

fn pairs_to_dict<'py>(
    py: Python<'py>,
    pairs: impl IntoIterator<Item = (Value, Value)>,
    depth: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let dict = PyDict::new(py);
    let mut pairs = pairs.into_iter();
    for (k, v) in pairs.by_ref() {
        let converted = to_py_at(py, k, depth + 1).and_then(|k| Ok((k, to_py_at(py, v, depth + 1)?)));
        match converted.and_then(|(k, v)| dict.set_item(k, v)) {
            Ok(()) => {}
            Err(e) => {
                pairs.for_each(|(k, v)| {
                    dismantle(k);
                    dismantle(v);
                });
                return Err(e);
            }
        }
    }
    Ok(dict.into_any())
}

/// Drops a value without recursion: `Value`'s own drop recurses once per level, which
/// a value too deep to convert would turn into a stack overflow on the caller's thread.
fn dismantle(value: Value) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::List(items) | Value::MultiResult(items) => pending.extend(items),
            Value::HashMap(map) => pending.extend(map.into_iter().flat_map(|(k, v)| [k, v])),
            Value::OrderedMap(map) => pending.extend(map.into_iter().flat_map(|(k, v)| [k, v])),
            Value::SortedMap(map) => pending.extend(map.into_iter().flat_map(|(k, v)| [k, v])),
            Value::KeyValueList(pairs) => pending.extend(pairs.into_iter().flat_map(|(k, v)| [k, v])),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::Failure;

    fn convert(code: &std::ffi::CStr) -> Result<Value> {
        Python::attach(|py| to_value(&py.eval(code, None, None).expect("valid literal")))
    }

    #[test]
    fn python_values_map_to_their_aerospike_types() {
        assert_eq!(convert(c"True").unwrap(), Value::Bool(true));
        assert_eq!(convert(c"-(2**63)").unwrap(), Value::Int(i64::MIN));
        assert_eq!(convert(c"b'ab'").unwrap(), Value::Blob(b"ab".to_vec()));
        assert_eq!(convert(c"bytearray(b'ab')").unwrap(), Value::Blob(b"ab".to_vec()));
        assert_eq!(convert(c"(1, 'x')").unwrap(), Value::List(vec![Value::Int(1), Value::from("x")]));
    }

    #[test]
    fn integers_beyond_64_bits_are_refused() {
        let err = convert(c"2**63").unwrap_err();
        assert!(matches!(&*err, Failure::Param(m) if m.contains("out of range")), "{err:?}");
    }

    #[test]
    fn unsupported_types_are_named_in_the_error() {
        for (code, name) in [(c"object()", "object"), (c"{1, 2}", "set"), (c"{(1,): 2}", "tuple")] {
            let err = convert(code).unwrap_err();
            assert!(matches!(&*err, Failure::Param(m) if m.contains(name)), "{code:?}: {err:?}");
        }
    }

    #[test]
    fn a_container_inside_itself_is_an_error_not_a_stack_overflow() {
        let err = Python::attach(|py| {
            let list = PyList::empty(py);
            list.append(&list).unwrap();
            to_value(&list).unwrap_err()
        });
        assert!(matches!(&*err, Failure::Param(m) if m.contains("nested deeper")), "{err:?}");
    }

    #[test]
    fn values_deeper_than_the_limit_read_as_an_error_not_a_stack_overflow() {
        let mut deep = Value::Int(1);
        for _ in 0..MAX_DEPTH {
            deep = Value::List(vec![deep]);
        }
        Python::attach(|py| assert!(to_py(py, deep.clone()).is_ok()));
        // A million levels: neither the conversion nor dropping the rest may recurse.
        for _ in 0..1_000_000 {
            deep = Value::List(vec![deep]);
        }
        let err = Python::attach(|py| to_py(py, deep).unwrap_err().to_string());
        assert!(err.contains("deeper than 64"), "{err}");
    }

    #[test]
    fn server_values_come_back_as_the_same_python_types() {
        Python::attach(|py| {
            let original = py.eval(c"{'a': [1, 2.5, 'x', b'y', None, True], 'b': {'k': -1}}", None, None).unwrap();
            let back = to_py(py, to_value(&original).unwrap()).unwrap();
            assert!(back.eq(&original).unwrap());
        });
    }
}
