//! Bitwise operations on blob bins: AS_MSG op types BIT_READ (12) and
//! BIT_MODIFY (13), as Aerospike documents them.
//!
//! Contract: the op value is a msgpack list `[op_code, args...]` (the
//! shapes the clients' bitwise builders send). Bits are numbered from the
//! most significant bit of the first byte; a negative offset counts back
//! from the end. Errors follow the server: a bin that is not a blob is
//! BIN_TYPE_ERROR (12); a range outside the bytes, an overflow with the
//! FAIL action, or a resize the flags forbid is OP_NOT_APPLICABLE (26);
//! a malformed op or a size out of bounds is PARAMETER_ERROR (4); the
//! CREATE_ONLY / UPDATE_ONLY write flags refuse with BIN_EXISTS (6) /
//! BIN_NOT_FOUND (17) unless NO_FAIL is set, which also turns a refused
//! range into a no-op. Reads of a missing bin answer nil.

use crate::cdt::value::{self, V};
use crate::particle::{self, Value};
use crate::result::{self, ResultCode};

const RESIZE: i64 = 0;
const INSERT: i64 = 1;
const REMOVE: i64 = 2;
const SET: i64 = 3;
const OR: i64 = 4;
const XOR: i64 = 5;
const AND: i64 = 6;
const NOT: i64 = 7;
const LSHIFT: i64 = 8;
const RSHIFT: i64 = 9;
const ADD: i64 = 10;
const SUBTRACT: i64 = 11;
const SET_INT: i64 = 12;
const GET: i64 = 50;
const COUNT: i64 = 51;
const LSCAN: i64 = 52;
const RSCAN: i64 = 53;
const GET_INT: i64 = 54;

const CREATE_ONLY: i64 = 1;
const UPDATE_ONLY: i64 = 2;
const NO_FAIL: i64 = 4;

const RESIZE_FROM_FRONT: i64 = 1;
const RESIZE_GROW_ONLY: i64 = 2;
const RESIZE_SHRINK_ONLY: i64 = 4;

const OVERFLOW_SIGNED: i64 = 1;
const OVERFLOW_SATURATE: i64 = 2;
const OVERFLOW_WRAP: i64 = 4;

/// Largest blob a bit op may grow a bin to (the server's write-block limit).
const MAX_BYTES: i64 = 1024 * 1024;

/// The op's arguments after its code.
struct Args(Vec<V>);

impl Args {
    fn int(&self, i: usize) -> Result<i64, ResultCode> {
        self.0.get(i).and_then(V::as_i64).ok_or(result::PARAMETER_ERROR)
    }
    fn opt_int(&self, i: usize) -> Result<i64, ResultCode> {
        match self.0.get(i) {
            None => Ok(0),
            Some(v) => v.as_i64().ok_or(result::PARAMETER_ERROR),
        }
    }
    fn bool(&self, i: usize) -> Result<bool, ResultCode> {
        match self.0.get(i) {
            Some(V::Bool(b)) => Ok(*b),
            Some(V::Int(n)) => Ok(*n != 0),
            _ => Err(result::PARAMETER_ERROR),
        }
    }
    fn bytes(&self, i: usize) -> Result<Vec<u8>, ResultCode> {
        match self.0.get(i) {
            Some(V::Bytes(b, _)) if !b.is_empty() => Ok(b[1..].to_vec()),
            _ => Err(result::PARAMETER_ERROR),
        }
    }
}

fn parse(payload: &[u8]) -> Result<(i64, Args), ResultCode> {
    let V::List(l) = value::decode(payload).map_err(|_| result::PARAMETER_ERROR)? else {
        return Err(result::PARAMETER_ERROR);
    };
    let code = l.items.first().and_then(V::as_i64).ok_or(result::PARAMETER_ERROR)?;
    Ok((code, Args(l.items[1..].to_vec())))
}

fn blob(bin: Option<&Value>) -> Result<Option<&[u8]>, ResultCode> {
    match bin {
        None => Ok(None),
        Some(v) if v.ptype == particle::BLOB => Ok(Some(&v.data)),
        Some(_) => Err(result::BIN_TYPE_ERROR),
    }
}

/// A read op: its answer (nil for a missing bin).
pub fn read(bin: Option<&Value>, payload: &[u8]) -> Result<Value, ResultCode> {
    let (code, a) = parse(payload)?;
    let Some(data) = blob(bin)? else {
        return Ok(Value::nil());
    };
    let bits = Bits(data.to_vec());
    let (offset, size) = bits.range(a.int(0)?, a.int(1)?)?;
    Ok(match code {
        GET => Value::new(particle::BLOB, bits.extract(offset, size)),
        COUNT => Value::int((offset..offset + size).filter(|i| bits.get(*i)).count() as i64),
        LSCAN | RSCAN => {
            let want = a.bool(2)?;
            let mut range = offset..offset + size;
            let found = if code == LSCAN {
                range.position(|i| bits.get(i) == want)
            } else {
                range.rposition(|i| bits.get(i) == want)
            };
            Value::int(found.map_or(-1, |i| i as i64))
        }
        GET_INT => {
            if size > 64 {
                return Err(result::PARAMETER_ERROR);
            }
            let raw = bits.uint(offset, size);
            let signed = a.opt_int(2)? & 1 != 0;
            Value::int(if signed { sign_extend(raw, size) } else { raw as i64 })
        }
        _ => return Err(result::PARAMETER_ERROR),
    })
}

/// A modify op: the new bin (None when the op was skipped by NO_FAIL).
pub fn modify(bin: Option<&Value>, payload: &[u8]) -> Result<Option<Value>, ResultCode> {
    let (code, a) = parse(payload)?;
    let current = blob(bin)?;
    let flags_at = match code {
        RESIZE => 1,
        INSERT | REMOVE | NOT => 2,
        SET | OR | XOR | AND | LSHIFT | RSHIFT | ADD | SUBTRACT | SET_INT => 3,
        _ => return Err(result::PARAMETER_ERROR),
    };
    let flags = a.opt_int(flags_at)?;
    if flags & CREATE_ONLY != 0 && flags & UPDATE_ONLY != 0 {
        return Err(result::PARAMETER_ERROR);
    }
    let no_fail = flags & NO_FAIL != 0;
    let refused = match current {
        Some(_) if flags & CREATE_ONLY != 0 => Some(result::BIN_EXISTS),
        None if flags & UPDATE_ONLY != 0 => Some(result::BIN_NOT_FOUND),
        // Only resize and insert can create the bin.
        None if !matches!(code, RESIZE | INSERT) => Some(result::BIN_NOT_FOUND),
        _ => None,
    };
    if let Some(code) = refused {
        return if no_fail { Ok(None) } else { Err(code) };
    }
    let mut bits = Bits(current.unwrap_or_default().to_vec());
    match apply(code, &a, &mut bits) {
        Ok(()) => Ok(Some(Value::new(particle::BLOB, bits.0))),
        Err(result::OP_NOT_APPLICABLE) if no_fail => Ok(None),
        Err(e) => Err(e),
    }
}

fn apply(code: i64, a: &Args, bits: &mut Bits) -> Result<(), ResultCode> {
    match code {
        RESIZE => resize(bits, a.int(0)?, a.opt_int(2)?),
        INSERT => {
            let (at, value) = (a.int(0)?, a.bytes(1)?);
            let at = byte_offset(at, bits.0.len(), true)?;
            if at > bits.0.len() {
                bits.0.resize(at, 0);
            }
            if (bits.0.len() + value.len()) as i64 > MAX_BYTES {
                return Err(result::PARAMETER_ERROR);
            }
            bits.0.splice(at..at, value);
            Ok(())
        }
        REMOVE => {
            let (at, n) = (byte_offset(a.int(0)?, bits.0.len(), false)?, a.int(1)?);
            if n <= 0 || (at as i64).saturating_add(n) > bits.0.len() as i64 {
                return Err(result::OP_NOT_APPLICABLE);
            }
            bits.0.drain(at..at + n as usize);
            Ok(())
        }
        SET | OR | XOR | AND => {
            let (offset, size) = bits.range(a.int(0)?, a.int(1)?)?;
            let value = a.bytes(2)?;
            if value.len() * 8 < size {
                return Err(result::PARAMETER_ERROR);
            }
            let operand = Bits(value);
            for i in 0..size {
                let (old, v) = (bits.get(offset + i), operand.get(i));
                bits.set(
                    offset + i,
                    match code {
                        SET => v,
                        OR => old | v,
                        XOR => old ^ v,
                        _ => old & v,
                    },
                );
            }
            Ok(())
        }
        NOT => {
            let (offset, size) = bits.range(a.int(0)?, a.int(1)?)?;
            (offset..offset + size).for_each(|i| bits.set(i, !bits.get(i)));
            Ok(())
        }
        LSHIFT | RSHIFT => {
            let (offset, size) = bits.range(a.int(0)?, a.int(1)?)?;
            let shift = a.int(2)?;
            if shift < 0 {
                return Err(result::PARAMETER_ERROR);
            }
            let old: Vec<bool> = (offset..offset + size).map(|i| bits.get(i)).collect();
            let shift = usize::try_from(shift).unwrap_or(usize::MAX);
            for i in 0..size {
                let v = if code == LSHIFT {
                    i.checked_add(shift).and_then(|j| old.get(j))
                } else {
                    i.checked_sub(shift).map(|j| &old[j])
                };
                bits.set(offset + i, v.copied().unwrap_or(false));
            }
            Ok(())
        }
        ADD | SUBTRACT => {
            let (offset, size) = bits.range(a.int(0)?, a.int(1)?)?;
            if size > 64 {
                return Err(result::PARAMETER_ERROR);
            }
            let (operand, action) = (a.int(2)?, a.opt_int(4)?);
            let value = arith(bits.uint(offset, size), size, operand, code == SUBTRACT, action)?;
            bits.put_uint(offset, size, value);
            Ok(())
        }
        SET_INT => {
            let (offset, size) = bits.range(a.int(0)?, a.int(1)?)?;
            if size > 64 {
                return Err(result::PARAMETER_ERROR);
            }
            bits.put_uint(offset, size, a.int(2)? as u64);
            Ok(())
        }
        _ => Err(result::PARAMETER_ERROR),
    }
}

fn resize(bits: &mut Bits, size: i64, flags: i64) -> Result<(), ResultCode> {
    if !(0..=MAX_BYTES).contains(&size) || flags & !(RESIZE_FROM_FRONT | RESIZE_GROW_ONLY | RESIZE_SHRINK_ONLY) != 0 {
        return Err(result::PARAMETER_ERROR);
    }
    let (size, len) = (size as usize, bits.0.len());
    if (size > len && flags & RESIZE_SHRINK_ONLY != 0) || (size < len && flags & RESIZE_GROW_ONLY != 0) {
        return Err(result::OP_NOT_APPLICABLE);
    }
    if flags & RESIZE_FROM_FRONT == 0 {
        bits.0.resize(size, 0);
    } else if size > len {
        bits.0.splice(0..0, std::iter::repeat_n(0, size - len));
    } else {
        bits.0.drain(0..len - size);
    }
    Ok(())
}

/// A byte offset (negative: from the end); `to_end` allows offsets past the end.
fn byte_offset(at: i64, len: usize, to_end: bool) -> Result<usize, ResultCode> {
    let at = if at < 0 { (len as i64).saturating_add(at) } else { at };
    if at < 0 || (!to_end && at as usize >= len) || at > MAX_BYTES {
        return Err(result::OP_NOT_APPLICABLE);
    }
    Ok(at as usize)
}

/// add / subtract on a `size`-bit field, by the overflow action.
fn arith(current: u64, size: usize, operand: i64, subtract: bool, action: i64) -> Result<u64, ResultCode> {
    let signed = action & OVERFLOW_SIGNED != 0;
    let width = size as u32;
    let (min, max): (i128, i128) =
        if signed { (-(1i128 << (width - 1)), (1i128 << (width - 1)) - 1) } else { (0, (1i128 << width) - 1) };
    let base = if signed { sign_extend(current, size) as i128 } else { current as i128 };
    let delta = operand as i128;
    let raw = if subtract { base - delta } else { base + delta };
    let result = if (min..=max).contains(&raw) {
        raw
    } else if action & OVERFLOW_WRAP != 0 {
        raw.rem_euclid(1i128 << width)
    } else if action & OVERFLOW_SATURATE != 0 {
        raw.clamp(min, max)
    } else {
        return Err(result::OP_NOT_APPLICABLE);
    };
    Ok((result as u128 & ((1u128 << width) - 1)) as u64)
}

fn sign_extend(raw: u64, size: usize) -> i64 {
    if size == 0 || size >= 64 {
        return raw as i64;
    }
    let shift = 64 - size as u32;
    ((raw << shift) as i64) >> shift
}

/// A blob addressed bit by bit, MSB first.
struct Bits(Vec<u8>);

impl Bits {
    fn len(&self) -> usize {
        self.0.len() * 8
    }
    fn get(&self, i: usize) -> bool {
        self.0[i / 8] & (0x80 >> (i % 8)) != 0
    }
    fn set(&mut self, i: usize, v: bool) {
        let mask = 0x80 >> (i % 8);
        if v {
            self.0[i / 8] |= mask;
        } else {
            self.0[i / 8] &= !mask;
        }
    }
    /// `(bit_offset, bit_size)` resolved against the blob: a negative offset
    /// counts from the end; the range must lie inside the bytes.
    fn range(&self, offset: i64, size: i64) -> Result<(usize, usize), ResultCode> {
        if size <= 0 {
            return Err(result::PARAMETER_ERROR);
        }
        let len = self.len() as i64;
        let offset = if offset < 0 { len.saturating_add(offset) } else { offset };
        if offset < 0 || offset.checked_add(size).is_none_or(|end| end > len) {
            return Err(result::OP_NOT_APPLICABLE);
        }
        Ok((offset as usize, size as usize))
    }
    fn uint(&self, offset: usize, size: usize) -> u64 {
        (offset..offset + size).fold(0u64, |acc, i| (acc << 1) | self.get(i) as u64)
    }
    fn put_uint(&mut self, offset: usize, size: usize, value: u64) {
        for i in 0..size {
            self.set(offset + i, (value >> (size - 1 - i)) & 1 != 0);
        }
    }
    /// The range's bits, left-aligned in whole bytes.
    fn extract(&self, offset: usize, size: usize) -> Vec<u8> {
        let mut out = Bits(vec![0; size.div_ceil(8)]);
        (0..size).for_each(|i| out.set(i, self.get(offset + i)));
        out.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(items: Vec<V>) -> Vec<u8> {
        value::encode(&V::list(items))
    }
    fn blob_v(b: &[u8]) -> V {
        let mut raw = vec![particle::BLOB];
        raw.extend_from_slice(b);
        V::Bytes(raw, true)
    }
    fn bin(b: &[u8]) -> Value {
        Value::new(particle::BLOB, b.to_vec())
    }

    #[test]
    fn scans_and_shifts_match_the_server() {
        let b = bin(&[0x01, 0x42, 0xff, 0x00]);
        let lscan = payload(vec![V::Int(LSCAN), V::Int(0), V::Int(32), V::Bool(true)]);
        assert_eq!(read(Some(&b), &lscan), Ok(Value::int(7)));
        let rshift = payload(vec![V::Int(RSHIFT), V::Int(0), V::Int(16), V::Int(3), V::Int(0)]);
        assert_eq!(modify(Some(&b), &rshift), Ok(Some(bin(&[0x00, 0x28, 0xff, 0x00]))));
    }

    #[test]
    fn arithmetic_overflow_actions() {
        assert_eq!(arith(255, 8, 1, false, 0), Err(result::OP_NOT_APPLICABLE));
        assert_eq!(arith(255, 8, 1, false, OVERFLOW_SATURATE), Ok(255));
        assert_eq!(arith(255, 8, 1, false, OVERFLOW_WRAP), Ok(0));
        assert_eq!(arith(0x80, 8, 1, true, OVERFLOW_SIGNED | OVERFLOW_SATURATE), Ok(0x80));
    }

    #[test]
    fn flags_and_types() {
        let set = payload(vec![V::Int(SET), V::Int(0), V::Int(8), blob_v(&[0xff]), V::Int(0)]);
        assert_eq!(modify(None, &set), Err(result::BIN_NOT_FOUND));
        let resize = payload(vec![V::Int(RESIZE), V::Int(2), V::Int(CREATE_ONLY), V::Int(0)]);
        assert_eq!(modify(None, &resize), Ok(Some(bin(&[0, 0]))));
        assert_eq!(modify(Some(&bin(&[1])), &resize), Err(result::BIN_EXISTS));
        let str_bin = Value::new(particle::STRING, b"x".to_vec());
        assert_eq!(modify(Some(&str_bin), &set), Err(result::BIN_TYPE_ERROR));
        let far = payload(vec![V::Int(GET), V::Int(8), V::Int(8)]);
        assert_eq!(read(Some(&bin(&[1])), &far), Err(result::OP_NOT_APPLICABLE));
    }

    #[test]
    fn extreme_offsets_and_sizes_are_errors_not_panics() {
        let b = bin(&[0xff, 0x00]);
        for (offset, size) in [(i64::MAX, 1), (1, i64::MAX), (i64::MIN, 8), (-1, i64::MAX)] {
            let get = payload(vec![V::Int(GET), V::Int(offset), V::Int(size)]);
            assert!(read(Some(&b), &get).is_err(), "{offset} {size}");
        }
        let shift = payload(vec![V::Int(LSHIFT), V::Int(0), V::Int(16), V::Int(i64::MAX), V::Int(0)]);
        assert_eq!(modify(Some(&b), &shift), Ok(Some(bin(&[0, 0]))));
        let remove = payload(vec![V::Int(REMOVE), V::Int(1), V::Int(i64::MAX), V::Int(0)]);
        assert_eq!(modify(Some(&b), &remove), Err(result::OP_NOT_APPLICABLE));
        let insert = payload(vec![V::Int(INSERT), V::Int(i64::MIN), blob_v(&[1]), V::Int(0)]);
        assert_eq!(modify(Some(&b), &insert), Err(result::OP_NOT_APPLICABLE));
    }
}
