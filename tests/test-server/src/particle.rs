//! Bin values ("particles") as they travel on the wire: a one-byte particle
//! type plus the value bytes.
//!
//! Contract: values are stored and returned byte-for-byte as the client sent
//! them, so every client reads back exactly what it wrote (msgpack ext/order
//! markers on lists and maps, GeoJSON cell headers, language blob types).
//! This module only validates shapes and implements the arithmetic/string
//! ops whose semantics the server owns (increment, append, prepend).

use crate::msgpack;
use crate::result::{self, ResultCode};

pub const NULL: u8 = 0;
pub const INTEGER: u8 = 1;
pub const FLOAT: u8 = 2;
pub const STRING: u8 = 3;
pub const BLOB: u8 = 4;
pub const BOOL: u8 = 17;
pub const HLL: u8 = 18;
pub const MAP: u8 = 19;
pub const LIST: u8 = 20;
pub const GEOJSON: u8 = 23;

/// Language-specific blob types (Java=7 .. Erlang=12) are stored like blobs
/// with their type byte kept, as the real server does.
fn is_blob_family(ptype: u8) -> bool {
    ptype == BLOB || (7..=12).contains(&ptype)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub ptype: u8,
    pub data: Vec<u8>,
}

impl Value {
    pub fn new(ptype: u8, data: Vec<u8>) -> Value {
        Value { ptype, data }
    }

    pub fn int(v: i64) -> Value {
        Value::new(INTEGER, v.to_be_bytes().to_vec())
    }

    pub fn float(v: f64) -> Value {
        Value::new(FLOAT, v.to_bits().to_be_bytes().to_vec())
    }

    pub fn nil() -> Value {
        Value::new(NULL, Vec::new())
    }

    pub fn is_nil(&self) -> bool {
        self.ptype == NULL
    }

    /// 8-byte big-endian integer payload, if this is a well-formed integer.
    pub fn as_int(&self) -> Option<i64> {
        if self.ptype != INTEGER {
            return None;
        }
        Some(i64::from_be_bytes(self.data.as_slice().try_into().ok()?))
    }

    pub fn as_float(&self) -> Option<f64> {
        if self.ptype != FLOAT {
            return None;
        }
        Some(f64::from_bits(u64::from_be_bytes(self.data.as_slice().try_into().ok()?)))
    }
}

/// Checks that a value a client wants stored in a bin is well formed.
/// Null is accepted here; callers treat it as "delete the bin".
pub fn validate(v: &Value) -> Result<(), ResultCode> {
    let ok = match v.ptype {
        NULL => true,
        INTEGER | FLOAT => v.data.len() == 8,
        BOOL => v.data.len() == 1,
        STRING => true,
        HLL => crate::hll::Hmh::parse(&v.data).is_some(),
        t if is_blob_family(t) => true,
        MAP | LIST => msgpack::validate_one(&v.data).is_ok(),
        // flags(1) + cell count(2) + cells(8 each) + JSON text.
        GEOJSON => {
            v.data.len() >= 3 && {
                let ncells = u16::from_be_bytes([v.data[1], v.data[2]]) as usize;
                v.data.len() >= 3 + ncells * 8
            }
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(result::PARAMETER_ERROR)
    }
}

/// Increment op: integer + integer or float + float; a missing bin takes the
/// operand. Integers wrap on overflow like the server's native add.
pub fn increment(current: Option<&Value>, operand: &Value) -> Result<Value, ResultCode> {
    match operand.ptype {
        INTEGER => {
            let add = operand.as_int().ok_or(result::PARAMETER_ERROR)?;
            match current {
                None => Ok(Value::int(add)),
                Some(cur) => {
                    let base = cur.as_int().ok_or(result::BIN_TYPE_ERROR)?;
                    Ok(Value::int(base.wrapping_add(add)))
                }
            }
        }
        FLOAT => {
            let add = operand.as_float().ok_or(result::PARAMETER_ERROR)?;
            match current {
                None => Ok(Value::float(add)),
                Some(cur) => {
                    let base = cur.as_float().ok_or(result::BIN_TYPE_ERROR)?;
                    Ok(Value::float(base + add))
                }
            }
        }
        _ => Err(result::PARAMETER_ERROR),
    }
}

/// Append (or prepend) a string to a string bin or a blob to a blob bin;
/// a missing bin takes the operand.
pub fn concat(current: Option<&Value>, operand: &Value, prepend: bool) -> Result<Value, ResultCode> {
    if operand.ptype != STRING && !is_blob_family(operand.ptype) {
        return Err(result::PARAMETER_ERROR);
    }
    let Some(cur) = current else {
        return Ok(operand.clone());
    };
    if cur.ptype != operand.ptype {
        return Err(result::BIN_TYPE_ERROR);
    }
    let mut data = Vec::with_capacity(cur.data.len() + operand.data.len());
    if prepend {
        data.extend_from_slice(&operand.data);
        data.extend_from_slice(&cur.data);
    } else {
        data.extend_from_slice(&cur.data);
        data.extend_from_slice(&operand.data);
    }
    Ok(Value::new(cur.ptype, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::new(STRING, x.as_bytes().to_vec())
    }

    #[test]
    fn int_and_float_roundtrip() {
        assert_eq!(Value::int(i64::MIN).as_int(), Some(i64::MIN));
        assert_eq!(Value::float(-1.5).as_float(), Some(-1.5));
        assert_eq!(Value::new(INTEGER, vec![1, 2]).as_int(), None);
    }

    #[test]
    fn validate_shapes() {
        assert!(validate(&Value::int(3)).is_ok());
        assert_eq!(validate(&Value::new(INTEGER, vec![1])), Err(result::PARAMETER_ERROR));
        assert_eq!(validate(&Value::new(BOOL, vec![])), Err(result::PARAMETER_ERROR));
        assert!(validate(&Value::new(LIST, vec![0x92, 0x01, 0xa1, b'x'])).is_ok());
        assert_eq!(validate(&Value::new(LIST, vec![0x92, 0x01])), Err(result::PARAMETER_ERROR));
        assert_eq!(validate(&Value::new(99, vec![])), Err(result::PARAMETER_ERROR));
        assert!(validate(&Value::new(9, vec![1, 2, 3])).is_ok());
    }

    #[test]
    fn increment_rules() {
        assert_eq!(increment(None, &Value::int(5)), Ok(Value::int(5)));
        assert_eq!(increment(Some(&Value::int(5)), &Value::int(-7)), Ok(Value::int(-2)));
        assert_eq!(increment(Some(&Value::int(i64::MAX)), &Value::int(1)), Ok(Value::int(i64::MIN)));
        assert_eq!(increment(Some(&Value::float(1.5)), &Value::float(1.0)), Ok(Value::float(2.5)));
        assert_eq!(increment(Some(&s("a")), &Value::int(1)), Err(result::BIN_TYPE_ERROR));
        assert_eq!(increment(Some(&Value::float(1.0)), &Value::int(1)), Err(result::BIN_TYPE_ERROR));
        assert_eq!(increment(None, &s("a")), Err(result::PARAMETER_ERROR));
    }

    #[test]
    fn concat_rules() {
        assert_eq!(concat(Some(&s("ab")), &s("cd"), false), Ok(s("abcd")));
        assert_eq!(concat(Some(&s("ab")), &s("cd"), true), Ok(s("cdab")));
        assert_eq!(concat(None, &s("x"), true), Ok(s("x")));
        assert_eq!(concat(Some(&Value::int(1)), &s("x"), false), Err(result::BIN_TYPE_ERROR));
        let blob = Value::new(BLOB, vec![1]);
        assert_eq!(concat(Some(&s("a")), &blob, false), Err(result::BIN_TYPE_ERROR));
        assert_eq!(concat(Some(&s("a")), &Value::int(1), false), Err(result::PARAMETER_ERROR));
    }
}
