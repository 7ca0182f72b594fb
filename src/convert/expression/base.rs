//! Comparisons, logic, arithmetic, integer bits, bins, metadata, keys, variables and
//! literals: node code (the official client's numbering) → the crate's builder.

use aerospike::expressions::{self as x, ExpType, Expression};
use aerospike::{RegexFlags, Value};
use pyo3::prelude::*;

use super::node::{Node, END_OF_VA_ARGS, VAL};
use crate::convert::value::to_value;
use crate::errors::Result;

/// Pre-7.0 size metadata the crate does not build (it sends RECORD_SIZE instead);
/// a node without operands is the one-element array `[code]`.
const DEVICE_SIZE: i64 = 65;
const MEMORY_SIZE: i64 = 73;
/// Their wire codes (msgpack fixarray of one positive fixint).
const WIRE_DEVICE_SIZE: [u8; 2] = [0x91, 65];
const WIRE_MEMORY_SIZE: [u8; 2] = [0x91, 73];

pub(super) fn build(n: &Node<'_>) -> Result<Expression> {
    let all = |n: &Node<'_>| -> Result<Vec<Expression>> { n.operands()?.iter().map(super::build).collect() };
    Ok(match n.op {
        0 => x::unknown(),
        1 => binary(n, x::eq)?,
        2 => binary(n, x::ne)?,
        3 => binary(n, x::gt)?,
        4 => binary(n, x::ge)?,
        5 => binary(n, x::lt)?,
        6 => binary(n, x::le)?,
        7 => {
            let [target] = n.args()?;
            x::regex_compare(n.string("val")?, RegexFlags::from_bits(n.int("regex_options")?), target)
        }
        8 => binary(n, x::geo_compare)?,
        9 => binary(n, x::in_list)?,
        16 => x::and(all(n)?),
        17 => x::or(all(n)?),
        18 => unary(n, x::not)?,
        19 => x::exclusive(all(n)?),
        20 => x::num_add(all(n)?),
        21 => x::num_sub(all(n)?),
        22 => x::num_mul(all(n)?),
        23 => x::num_div(all(n)?),
        24 => binary(n, x::num_pow)?,
        25 => binary(n, x::num_log)?,
        26 => binary(n, x::num_mod)?,
        27 => unary(n, x::num_abs)?,
        28 => unary(n, x::num_floor)?,
        29 => unary(n, x::num_ceil)?,
        30 => unary(n, x::to_int)?,
        31 => unary(n, x::to_float)?,
        32 => x::int_and(all(n)?),
        33 => x::int_or(all(n)?),
        34 => x::int_xor(all(n)?),
        35 => unary(n, x::int_not)?,
        36 => binary(n, x::int_lshift)?,
        37 => binary(n, x::int_rshift)?,
        38 => binary(n, x::int_arshift)?,
        39 => unary(n, x::int_count)?,
        40 => binary(n, x::int_lscan)?,
        41 => binary(n, x::int_rscan)?,
        50 => x::min(all(n)?),
        51 => x::max(all(n)?),
        64 => x::digest_modulo(n.int("val")?),
        DEVICE_SIZE => x::from_packed_bytes(WIRE_DEVICE_SIZE.to_vec()),
        MEMORY_SIZE => x::from_packed_bytes(WIRE_MEMORY_SIZE.to_vec()),
        66 => x::last_update(),
        67 => x::void_time(),
        68 => x::ttl(),
        69 => x::set_name(),
        70 => x::key_exists(),
        71 => x::since_update(),
        72 => x::is_tombstone(),
        74 => x::record_size(),
        80 => x::key(exp_type(n, n.result_type()?)?),
        81 => x::bin(n.string("bin")?, exp_type(n, n.result_type()?)?),
        82 => x::bin_type(n.string("bin")?),
        83 => x::bin_exists(n.string("bin")?),
        101 => unary(n, x::map_keys)?,
        102 => unary(n, x::map_values)?,
        123 => x::cond(all(n)?),
        124 => x::var(n.string("val")?),
        125 => x::exp_let(all(n)?),
        126 => {
            let [value] = n.args()?;
            x::def(n.string("val")?, value)
        }
        128 | VAL => literal(n)?,
        END_OF_VA_ARGS => return Err(n.error("end marker outside a variadic expression")),
        code => return Err(n.error(format!("unknown expression code {code}"))),
    })
}

fn unary(n: &Node<'_>, f: fn(Expression) -> Expression) -> Result<Expression> {
    let [a] = n.args()?;
    Ok(f(a))
}

fn binary(n: &Node<'_>, f: fn(Expression, Expression) -> Expression) -> Result<Expression> {
    let [a, b] = n.args()?;
    Ok(f(a, b))
}

pub(super) fn exp_type(n: &Node<'_>, code: i64) -> Result<ExpType> {
    Ok(match code {
        0 => ExpType::Nil,
        1 => ExpType::Bool,
        2 => ExpType::Int,
        3 => ExpType::String,
        4 => ExpType::List,
        5 => ExpType::Map,
        6 => ExpType::Blob,
        7 => ExpType::Float,
        8 => ExpType::Geo,
        9 => ExpType::Hll,
        _ => return Err(n.error(format!("unknown value type {code}"))),
    })
}

/// A literal operand. The range-end sentinels (`CDTInfinite`, `CDTWildcard`, ours or
/// the official client's) are recognised by class name.
fn literal(n: &Node<'_>) -> Result<Expression> {
    let raw = n.raw()?;
    let class = raw.get_type().name()?;
    match class.to_str()? {
        "CDTInfinite" => return Ok(x::infinity()),
        "CDTWildcard" => return Ok(x::wildcard()),
        "GeoJSON" => return Ok(x::geo_val(raw.call_method0("dumps")?.extract::<String>()?)),
        _ => {}
    }
    let value = to_value(&raw).map_err(|e| n.error(format!("value: {}", e.message())))?;
    Ok(value_expr(value))
}

pub(super) fn value_expr(value: Value) -> Expression {
    match value {
        Value::Nil => x::nil(),
        Value::Bool(b) => x::bool_val(b),
        Value::Int(i) => x::int_val(i),
        Value::Float(f) => x::float_val(f64::from(f)),
        Value::String(s) => x::string_val(s),
        Value::Blob(b) => x::blob_val(b),
        Value::List(l) | Value::MultiResult(l) => x::list_val(l),
        Value::HashMap(m) => x::map_val(m),
        Value::OrderedMap(m) => x::map_val(m),
        Value::GeoJson(g) => x::geo_val(g),
        Value::Infinity => x::infinity(),
        Value::Wildcard => x::wildcard(),
        // Every other value kind reaches here only from a server reply, never from Python.
        other => x::string_val(other.to_string()),
    }
}
