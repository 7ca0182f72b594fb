//! Per-bin operations of a single-record command, as a dispatch table.
//!
//! Contract: `lookup(op_code)` gives the op's kind (read or write) and the
//! handler that applies it to a working copy of the record. Handlers either
//! produce bins for the reply or change the working copy; they never touch
//! the store, so a failing op leaves the stored record untouched. Adding an
//! op (CDT, bit, HLL, expressions) means adding one row to `TABLE`.

use crate::cdt;
use crate::exp;
use crate::msg::Op;
use crate::particle::{self, Value};
use crate::result::{self, ResultCode};
use crate::store::{Digest, Record};
use crate::{bit, hll};

pub const READ: u8 = 1;
pub const WRITE: u8 = 2;
pub const CDT_READ: u8 = 3;
pub const CDT_MODIFY: u8 = 4;
pub const INCR: u8 = 5;
pub const APPEND: u8 = 9;
pub const PREPEND: u8 = 10;
pub const TOUCH: u8 = 11;
pub const BIT_READ: u8 = 12;
pub const BIT_MODIFY: u8 = 13;
pub const HLL_READ: u8 = 15;
pub const HLL_MODIFY: u8 = 16;
pub const DELETE: u8 = 14;

/// Longest bin name the server accepts, in bytes.
pub const MAX_BIN_NAME: usize = 15;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Read,
    Write,
}

/// State shared by the ops of one command.
pub struct Ctx<'a> {
    pub rec: &'a mut Record,
    /// Whether the record existed before this command.
    pub existed: bool,
    /// Set by the delete op: drop the record unless later ops add bins.
    pub deleted: bool,
    /// Bins produced for the reply, in op order.
    pub out: Vec<(Vec<u8>, Value)>,
    /// The record's digest (expressions can read it).
    pub digest: Digest,
}

type Handler = fn(&mut Ctx, &Op) -> Result<(), ResultCode>;

pub struct OpSpec {
    pub code: u8,
    pub kind: Kind,
    pub handler: Handler,
}

const TABLE: &[OpSpec] = &[
    OpSpec { code: READ, kind: Kind::Read, handler: read },
    OpSpec { code: WRITE, kind: Kind::Write, handler: write },
    OpSpec { code: CDT_READ, kind: Kind::Read, handler: cdt_read },
    OpSpec { code: CDT_MODIFY, kind: Kind::Write, handler: cdt_modify },
    OpSpec { code: INCR, kind: Kind::Write, handler: incr },
    OpSpec { code: APPEND, kind: Kind::Write, handler: append },
    OpSpec { code: PREPEND, kind: Kind::Write, handler: prepend },
    OpSpec { code: TOUCH, kind: Kind::Write, handler: touch },
    OpSpec { code: DELETE, kind: Kind::Write, handler: delete },
    OpSpec { code: BIT_READ, kind: Kind::Read, handler: bit_read },
    OpSpec { code: BIT_MODIFY, kind: Kind::Write, handler: bit_modify },
    OpSpec { code: HLL_READ, kind: Kind::Read, handler: hll_read },
    OpSpec { code: HLL_MODIFY, kind: Kind::Write, handler: hll_modify },
    OpSpec { code: exp::EXP_READ, kind: Kind::Read, handler: exp::exp_read },
    OpSpec { code: exp::EXP_MODIFY, kind: Kind::Write, handler: exp::exp_modify },
];

pub fn lookup(code: u8) -> Option<&'static OpSpec> {
    TABLE.iter().find(|s| s.code == code)
}

/// A read op with an empty name reads every bin.
fn read(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    if op.name.is_empty() {
        let all = ctx.rec.bins.clone();
        ctx.out.extend(all);
    } else if let Some(v) = ctx.rec.bin(&op.name) {
        ctx.out.push((op.name.clone(), v.clone()));
    }
    Ok(())
}

fn check_name(op: &Op) -> Result<(), ResultCode> {
    if op.name.len() > MAX_BIN_NAME {
        return Err(result::BIN_NAME_TOO_LONG);
    }
    if op.name.is_empty() {
        return Err(result::PARAMETER_ERROR);
    }
    Ok(())
}

fn write(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    check_name(op)?;
    particle::validate(&op.value)?;
    ctx.rec.put_bin(&op.name, op.value.clone());
    Ok(())
}

/// CDT read: the result is the op's reply bin (nil results included; the
/// command adds them for RESPOND_ALL_OPS).
fn cdt_read(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    let o = cdt::execute(ctx.rec.bin(&op.name), &op.value.data, false)?;
    if !o.result.is_nil() {
        ctx.out.push((op.name.clone(), o.result));
    }
    Ok(())
}

fn cdt_modify(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    check_name(op)?;
    let o = cdt::execute(ctx.rec.bin(&op.name), &op.value.data, true)?;
    if let Some(bin) = o.new_bin {
        ctx.rec.put_bin(&op.name, bin);
    }
    if !o.result.is_nil() {
        ctx.out.push((op.name.clone(), o.result));
    }
    Ok(())
}

fn bit_read(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    let v = bit::read(ctx.rec.bin(&op.name), &op.value.data)?;
    if !v.is_nil() {
        ctx.out.push((op.name.clone(), v));
    }
    Ok(())
}

fn bit_modify(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    check_name(op)?;
    if let Some(bin) = bit::modify(ctx.rec.bin(&op.name), &op.value.data)? {
        ctx.rec.put_bin(&op.name, bin);
    }
    Ok(())
}

fn hll_read(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    let v = hll::read(ctx.rec.bin(&op.name), &op.value.data)?;
    if !v.is_nil() {
        ctx.out.push((op.name.clone(), v));
    }
    Ok(())
}

fn hll_modify(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    check_name(op)?;
    let (bin, answer) = hll::modify(ctx.rec.bin(&op.name), &op.value.data)?;
    if let Some(bin) = bin {
        ctx.rec.put_bin(&op.name, bin);
    }
    if !answer.is_nil() {
        ctx.out.push((op.name.clone(), answer));
    }
    Ok(())
}

fn incr(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    check_name(op)?;
    let v = particle::increment(ctx.rec.bin(&op.name), &op.value)?;
    ctx.rec.put_bin(&op.name, v);
    Ok(())
}

fn append(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    check_name(op)?;
    let v = particle::concat(ctx.rec.bin(&op.name), &op.value, false)?;
    ctx.rec.put_bin(&op.name, v);
    Ok(())
}

fn prepend(ctx: &mut Ctx, op: &Op) -> Result<(), ResultCode> {
    check_name(op)?;
    let v = particle::concat(ctx.rec.bin(&op.name), &op.value, true)?;
    ctx.rec.put_bin(&op.name, v);
    Ok(())
}

/// Touch only refreshes expiry and generation, which every successful
/// write does anyway; it just requires the record to exist.
fn touch(ctx: &mut Ctx, _op: &Op) -> Result<(), ResultCode> {
    if ctx.existed {
        Ok(())
    } else {
        Err(result::KEY_NOT_FOUND)
    }
}

fn delete(ctx: &mut Ctx, _op: &Op) -> Result<(), ResultCode> {
    ctx.rec.bins.clear();
    ctx.deleted = true;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(code: u8, name: &str, value: Value) -> Op {
        Op { op: code, name: name.as_bytes().to_vec(), value }
    }

    fn run(rec: &mut Record, existed: bool, ops: &[Op]) -> Result<Vec<(Vec<u8>, Value)>, ResultCode> {
        let mut ctx = Ctx { rec, existed, deleted: false, out: Vec::new(), digest: [0; 20] };
        for o in ops {
            (lookup(o.op).unwrap().handler)(&mut ctx, o)?;
        }
        Ok(ctx.out)
    }

    #[test]
    fn write_then_read() {
        let mut rec = Record::default();
        let out = run(
            &mut rec,
            false,
            &[op(WRITE, "a", Value::int(1)), op(INCR, "a", Value::int(2)), op(READ, "a", Value::nil())],
        )
        .unwrap();
        assert_eq!(out, vec![(b"a".to_vec(), Value::int(3))]);
    }

    #[test]
    fn errors() {
        let mut rec = Record::default();
        let long = op(WRITE, "sixteen_chars_xx", Value::int(1));
        assert_eq!(run(&mut rec, false, &[long]), Err(result::BIN_NAME_TOO_LONG));
        assert_eq!(run(&mut rec, false, &[op(TOUCH, "", Value::nil())]), Err(result::KEY_NOT_FOUND));
        rec.put_bin(b"s", Value::new(particle::STRING, b"x".to_vec()));
        assert_eq!(run(&mut rec, true, &[op(INCR, "s", Value::int(1))]), Err(result::BIN_TYPE_ERROR));
        assert!(lookup(200).is_none());
    }

    #[test]
    fn read_all_with_empty_name() {
        let mut rec = Record::default();
        rec.put_bin(b"a", Value::int(1));
        rec.put_bin(b"b", Value::int(2));
        assert_eq!(run(&mut rec, true, &[op(READ, "", Value::nil())]).unwrap().len(), 2);
    }
}
