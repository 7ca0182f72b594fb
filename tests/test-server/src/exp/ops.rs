//! The expression operations of `operate`: EXP_READ (7) returns an
//! expression's value under the op's name, EXP_MODIFY (8) writes it to the
//! op's bin. The op value is `[expression, flags]` (the official client's
//! `EXP_READ_*` / `EXP_WRITE_*` flags).

use super::{decode, eval, Env};
use crate::cdt::{self, value::V};
use crate::msg::Op;
use crate::ops::Ctx;
use crate::particle::Value;
use crate::result::{self, ResultCode};

pub const EXP_READ: u8 = 7;
pub const EXP_MODIFY: u8 = 8;

const WRITE_CREATE_ONLY: i64 = 1;
const WRITE_UPDATE_ONLY: i64 = 2;
const WRITE_ALLOW_DELETE: i64 = 4;
const WRITE_POLICY_NO_FAIL: i64 = 8;
const EVAL_NO_FAIL: i64 = 16;

const BIN_EXISTS_ERROR: ResultCode = 6;
const BIN_NOT_FOUND: ResultCode = 17;

fn parse(op: &Op) -> Result<(V, i64), ResultCode> {
    match decode(&op.value.data)? {
        V::List(l) => match <[V; 2]>::try_from(l.items) {
            Ok([e, V::Int(flags)]) => Ok((e, flags)),
            _ => Err(result::PARAMETER_ERROR),
        },
        _ => Err(result::PARAMETER_ERROR),
    }
}

pub fn exp_read(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    let (e, flags) = parse(op)?;
    match eval(&e, &mut Env::new(ctx.rec, &ctx.digest))? {
        Some(v) => ctx.out.push((op.name.clone(), cdt::to_particle(&v))),
        None if flags & EVAL_NO_FAIL != 0 => ctx.out.push((op.name.clone(), Value::nil())),
        None => return Err(result::OP_NOT_APPLICABLE),
    }
    Ok(())
}

pub fn exp_modify(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    let (e, flags) = parse(op)?;
    if op.name.is_empty() || op.name.len() > crate::ops::MAX_BIN_NAME {
        return Err(result::BIN_NAME_TOO_LONG);
    }
    let value = match eval(&e, &mut Env::new(ctx.rec, &ctx.digest))? {
        Some(v) => cdt::to_particle(&v),
        None if flags & EVAL_NO_FAIL != 0 => return Ok(()),
        None => return Err(result::OP_NOT_APPLICABLE),
    };
    let exists = ctx.rec.bin(&op.name).is_some();
    let refused = if value.is_nil() && flags & WRITE_ALLOW_DELETE == 0 {
        Some(result::OP_NOT_APPLICABLE)
    } else if flags & WRITE_CREATE_ONLY != 0 && exists {
        Some(BIN_EXISTS_ERROR)
    } else if flags & WRITE_UPDATE_ONLY != 0 && !exists {
        Some(BIN_NOT_FOUND)
    } else {
        None
    };
    match refused {
        Some(_) if flags & WRITE_POLICY_NO_FAIL != 0 => Ok(()),
        Some(code) => Err(code),
        None => {
            ctx.rec.put_bin(&op.name, value);
            Ok(())
        }
    }
}
