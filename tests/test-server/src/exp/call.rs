//! `[127, value_type, module, args, bin]`: list and map expressions, run by
//! the test server's CDT code on the value of `bin` (a bin or any list/map
//! expression). `args` is a CDT op payload, `[op, operands...]` or
//! `[0xff, ctx, [op, operands...]]`, whose operands are expressions. Module
//! 0 is list/map, `| 0x40` a modify (the result is the modified container).
//! A read that does not apply (wrong container type, missing element path)
//! is unknown.

use super::{eval_all, Env, Val};
use crate::cdt::{self, value::V};
use crate::result::{self, ResultCode};

const MODIFY: i64 = 0x40;
const MODULE_CDT: i64 = 0;

pub fn eval(args: &[V], env: &mut Env) -> Result<Val, ResultCode> {
    let [V::Int(value_type), V::Int(module), V::List(payload), bin] = args else {
        return Err(result::PARAMETER_ERROR);
    };
    if module & !MODIFY != MODULE_CDT {
        eprintln!("test-server: bit/HLL expressions (module {module}) are not supported");
        return Err(result::PARAMETER_ERROR);
    }
    // Operands are evaluated; a context path is sent as plain values.
    let payload = match payload.items.as_slice() {
        [V::Int(0xff), ctx @ V::List(_), V::List(op)] => match op_with_values(&op.items, env)? {
            Some(op) => V::list(vec![V::Int(0xff), ctx.clone(), op]),
            None => return Ok(None),
        },
        items => match op_with_values(items, env)? {
            Some(op) => op,
            None => return Ok(None),
        },
    };
    let container = match super::eval(bin, env)? {
        Some(v @ (V::List(_) | V::Map(_))) => v,
        _ => return Ok(None),
    };
    let modify = module & MODIFY != 0;
    let bin = cdt::to_particle(&container);
    let out = match cdt::execute(Some(&bin), &cdt::value::encode(&payload), modify) {
        Ok(out) if modify => out.new_bin,
        Ok(out) => Some(out.result),
        Err(result::PARAMETER_ERROR) => return Err(result::PARAMETER_ERROR),
        Err(_) => None,
    };
    // A result of another type than the expression declares (a nil "not found"
    // included) is unknown, as a bin of another type is.
    Ok(out.filter(|p| !p.is_nil()).and_then(|p| cdt::from_particle(&p)).filter(|v| type_of(v) == *value_type))
}

/// The expression value type (`ExpType`) of a value.
pub fn type_of(v: &V) -> i64 {
    match v {
        V::Nil => 0,
        V::Bool(_) => 1,
        V::Int(_) => 2,
        V::Bytes(b, _) => match b.first() {
            Some(3) => 3,
            Some(23) => 8,
            Some(18) => 9,
            _ => 6,
        },
        V::List(_) => 4,
        V::Map(_) => 5,
        V::Float(_) => 7,
        V::Ext(_) | V::Wildcard | V::Inf => -1,
    }
}

fn op_with_values(items: &[V], env: &mut Env) -> Result<Option<V>, ResultCode> {
    let Some((code @ V::Int(_), operands)) = items.split_first() else { return Err(result::PARAMETER_ERROR) };
    Ok(eval_all(operands, env)?.map(|mut vals| {
        vals.insert(0, code.clone());
        V::list(vals)
    }))
}
