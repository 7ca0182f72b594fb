//! Aerospike expressions: filters (message field 43) and the expression
//! read/modify operations, evaluated against one record as the real server
//! does.
//!
//! Contract: an expression is one msgpack value. A literal (int, float,
//! string with its particle-type byte, bool, nil, map, `[126, list]` for a
//! list) is itself; any other array is `[op, operands...]` with the wire op
//! codes. Evaluation yields a value or *unknown* (`None`): a bin that is
//! missing or of another type than the expression says, a CDT read that does
//! not apply, division by zero. Unknown propagates through operators
//! (`And` is false if any operand is false, `Or` true if any is true); a
//! filter passes only on `true`, so unknown filters the record out (27), it is
//! not an error. A malformed expression, operands of different types (a
//! comparison or `Add` of an int and a float or a string: the real server's
//! compile error, not `false`) or a non-boolean filter is PARAMETER_ERROR (4).
//!
//! Families: `compare.rs` (comparisons, logic, regex, cond/let), `arith.rs`
//! (arithmetic, integer bits), `meta.rs` (bins, record key and metadata),
//! `call.rs` (list/map reads and modifies through the CDT code). Cost: a
//! decode of the expression per command plus one walk per record.

mod arith;
mod call;
mod compare;
mod meta;
mod ops;

use crate::cdt::value::{self, V};
use crate::msg::{self, Msg};
use crate::result::{self, ResultCode};
use crate::store::{Digest, Record};

pub use ops::{exp_modify, exp_read, EXP_MODIFY, EXP_READ};

/// A value, or `None` for unknown.
pub type Val = Option<V>;

pub const FILTERED_OUT: ResultCode = 27;

/// What an expression may look at: the record and its digest, and the
/// variables `Let` has bound.
pub struct Env<'a> {
    pub rec: &'a Record,
    pub digest: &'a Digest,
    vars: Vec<(Vec<u8>, Val)>,
}

impl<'a> Env<'a> {
    pub fn new(rec: &'a Record, digest: &'a Digest) -> Self {
        Env { rec, digest, vars: Vec::new() }
    }
}

/// Decodes a packed expression.
pub fn decode(bytes: &[u8]) -> Result<V, ResultCode> {
    value::decode(bytes).map_err(|_| result::PARAMETER_ERROR)
}

/// The message's filter expression, decoded, if it has one.
pub fn filter_of(m: &Msg) -> Result<Option<V>, ResultCode> {
    m.field(msg::FIELD_FILTER_EXP).map(decode).transpose()
}

/// `Ok` when `rec` passes the filter (or there is none), FILTERED_OUT when not.
pub fn check(filter: Option<&V>, rec: &Record, digest: &Digest) -> Result<(), ResultCode> {
    match filter {
        None => Ok(()),
        Some(f) if passes(f, rec, digest)? => Ok(()),
        Some(_) => Err(FILTERED_OUT),
    }
}

/// Whether `rec` passes the filter `f`.
pub fn passes(f: &V, rec: &Record, digest: &Digest) -> Result<bool, ResultCode> {
    match eval(f, &mut Env::new(rec, digest))? {
        Some(V::Bool(b)) => Ok(b),
        None => Ok(false),
        Some(_) => Err(result::PARAMETER_ERROR),
    }
}

/// The value an expression index takes from `rec` (none when unknown or failing).
pub fn index_value(packed: &[u8], rec: &Record, digest: &Digest) -> Option<crate::particle::Value> {
    let e = decode(packed).ok()?;
    let v = eval(&e, &mut Env::new(rec, digest)).ok()??;
    Some(crate::cdt::to_particle(&v))
}

/// Evaluates one expression node.
pub fn eval(e: &V, env: &mut Env) -> Result<Val, ResultCode> {
    let V::List(l) = e else { return Ok(Some(e.clone())) };
    let Some(V::Int(code)) = l.items.first() else { return Err(result::PARAMETER_ERROR) };
    let args = &l.items[1..];
    match *code {
        0 => Ok(None),
        1..=9 | 16..=19 | 123..=126 => compare::eval(*code, args, env),
        20..=51 => arith::eval(*code, args, env),
        64..=102 => meta::eval(*code, args, env),
        127 => call::eval(args, env),
        _ => {
            eprintln!("test-server: unsupported expression op {code}");
            Err(result::PARAMETER_ERROR)
        }
    }
}

/// Evaluates every operand; `None` as soon as one is unknown.
pub(crate) fn eval_all(args: &[V], env: &mut Env) -> Result<Option<Vec<V>>, ResultCode> {
    let mut out = Vec::with_capacity(args.len());
    for a in args {
        match eval(a, env)? {
            Some(v) => out.push(v),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// The value type (`ExpType`) an expression declares, as the real server's
/// expression compiler sees it before evaluating anything; `None` where it
/// depends on a variable or is unknown.
pub(crate) fn declared_type(e: &V) -> Option<i64> {
    let V::List(l) = e else { return Some(call::type_of(e)) };
    let Some((V::Int(code), args)) = l.items.split_first() else { return None };
    match (*code, args) {
        (81, [V::Int(t), _]) | (80, [V::Int(t)]) => Some(*t),
        (1..=9 | 16..=19 | 71 | 72, _) => Some(1),
        (64..=69 | 73 | 74 | 82 | 30 | 32..=41, _) => Some(2),
        (70, _) => Some(3),
        (24 | 25 | 28 | 29 | 31, _) => Some(7),
        (20..=23 | 26 | 27 | 50 | 51, [first, ..]) => declared_type(first),
        (101 | 102 | 126, _) => Some(4),
        (123, [_, value, ..]) => declared_type(value),
        (125, [.., scope]) => declared_type(scope),
        (127, [V::Int(t), ..]) => Some(*t),
        _ => None,
    }
}

/// A raw (unprefixed) msgpack string operand: bin names, variable names, regexes.
pub(crate) fn raw_str(v: &V) -> Result<&[u8], ResultCode> {
    match v {
        V::Bytes(b, false) => Ok(b),
        _ => Err(result::PARAMETER_ERROR),
    }
}

#[cfg(test)]
mod tests;
