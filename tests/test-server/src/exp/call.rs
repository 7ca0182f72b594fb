//! `[127, value_type, module, args, bin]`: list/map (module 0), bit (1) and
//! HLL (2) expressions, run by the test server's own CDT, bit and HLL code on
//! the value of `bin` (a bin or any expression of that type). `args` is the
//! op payload those ops take, `[op, operands...]` (or, for list/map,
//! `[0xff, ctx, [op, operands...]]`), whose operands are expressions.
//! `module | 0x40` is a modify: the result is the modified value, the record
//! is not written. A read that does not apply (wrong container type, missing
//! element path) is unknown.

use super::{eval_all, Env, Val};
use crate::cdt::{self, value::V};
use crate::result::{self, ResultCode};
use crate::{bit, hll};

const MODIFY: i64 = 0x40;
const MODULE_CDT: i64 = 0;
const MODULE_BIT: i64 = 1;
const MODULE_HLL: i64 = 2;

pub fn eval(args: &[V], env: &mut Env) -> Result<Val, ResultCode> {
    let [V::Int(value_type), V::Int(module), V::List(payload), bin] = args else {
        return Err(result::PARAMETER_ERROR);
    };
    let family = module & !MODIFY;
    if ![MODULE_CDT, MODULE_BIT, MODULE_HLL].contains(&family) {
        eprintln!("test-server: unsupported expression module {module}");
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
    let container = match (super::eval(bin, env)?, family) {
        (Some(v @ (V::List(_) | V::Map(_))), MODULE_CDT) => v,
        (Some(v @ V::Bytes(..)), MODULE_BIT) if type_of(&v) == 6 => v,
        (Some(v @ V::Bytes(..)), MODULE_HLL) if type_of(&v) == 9 => v,
        _ => return Ok(None),
    };
    let modify = module & MODIFY != 0;
    let bin = cdt::to_particle(&container);
    // Base64 of the blob (or of a byte range): a bit read only expressions have.
    if let (MODULE_BIT, false, Some(V::Int(B64_ENCODE))) = (family, modify, first_code(&payload)) {
        return Ok(b64_encode(&payload, &bin)?.filter(|v| type_of(v) == *value_type));
    }
    // May-contain: whether adding the values would leave every register as it is.
    if let (MODULE_HLL, false, Some(V::Int(HLL_MAY_CONTAIN))) = (family, modify, first_code(&payload)) {
        let V::List(l) = &payload else { return Err(result::PARAMETER_ERROR) };
        let [_, values] = l.items.as_slice() else { return Err(result::PARAMETER_ERROR) };
        let add = cdt::value::encode(&V::list(vec![V::Int(HLL_ADD), values.clone()]));
        return Ok(match hll::modify(Some(&bin), &add) {
            Ok((_, changed)) => Some(V::Int(i64::from(changed.as_int() == Some(0)))),
            Err(result::PARAMETER_ERROR) => return Err(result::PARAMETER_ERROR),
            Err(_) => None,
        });
    }
    let payload = cdt::value::encode(&payload);
    let out = match (family, modify) {
        (MODULE_CDT, _) => {
            cdt::execute(Some(&bin), &payload, modify).map(|o| if modify { o.new_bin } else { Some(o.result) })
        }
        (MODULE_BIT, false) => bit::read(Some(&bin), &payload).map(Some),
        (MODULE_BIT, true) => bit::modify(Some(&bin), &payload),
        (_, false) => hll::read(Some(&bin), &payload).map(Some),
        (_, true) => hll::modify(Some(&bin), &payload).map(|(new, _)| new),
    };
    let out = match out {
        Ok(out) => out,
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

const B64_ENCODE: i64 = 55;
const HLL_ADD: i64 = 1;
const HLL_MAY_CONTAIN: i64 = 56;

fn first_code(payload: &V) -> Option<V> {
    match payload {
        V::List(l) => l.items.first().cloned(),
        _ => None,
    }
}

/// `[55]` or `[55, byte_offset, byte_size(, invert)]`: the blob's bytes (a negative
/// offset counts from the end; `invert` takes everything but the range) as base64.
fn b64_encode(payload: &V, bin: &crate::particle::Value) -> Result<Val, ResultCode> {
    let V::List(l) = payload else { return Err(result::PARAMETER_ERROR) };
    let data = &bin.data;
    let n = data.len() as i64;
    let bytes = match l.items.as_slice() {
        [_] => data.clone(),
        [_, V::Int(off), V::Int(size), rest @ ..] => {
            let invert = matches!(rest, [V::Int(1)] | [V::Bool(true)]);
            let start = if *off < 0 { n + off } else { *off };
            if start < 0 || *size < 0 || start.checked_add(*size).is_none_or(|end| end > n) {
                return Ok(None);
            }
            let (a, b) = (start as usize, (start + size) as usize);
            if invert {
                [&data[..a], &data[b..]].concat()
            } else {
                data[a..b].to_vec()
            }
        }
        _ => return Err(result::PARAMETER_ERROR),
    };
    let mut text = vec![crate::particle::STRING];
    text.extend_from_slice(crate::info::base64(&bytes).as_bytes());
    Ok(Some(V::Bytes(text, false)))
}

fn op_with_values(items: &[V], env: &mut Env) -> Result<Option<V>, ResultCode> {
    let Some((code @ V::Int(_), operands)) = items.split_first() else { return Err(result::PARAMETER_ERROR) };
    Ok(eval_all(operands, env)?.map(|mut vals| {
        vals.insert(0, code.clone());
        V::list(vals)
    }))
}
