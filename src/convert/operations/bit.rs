//! Bitwise operations on bytes bins (`aerospike_py.bit_operations`), one table row
//! per op: codes and dict fields as the official client's `bitwise_operations`
//! builds them, encoding by the crate's `operations::bitwise` builders.

use aerospike::operations::bitwise::{self, BitPolicy, BitwiseOverflowActions, BitwiseResizeFlags, BitwiseWriteFlags};
use aerospike::operations::Operation;
use aerospike::Value;

use super::fields::Fields;
use super::Spec;
use crate::errors::Result;

pub(super) const FIRST: i64 = 2000;
pub(super) const LAST: i64 = 2099;

/// All `BIT_WRITE_*` bits.
const WRITE_FLAGS_MAX: i64 = 15;
/// All `BIT_RESIZE_*` bits.
const RESIZE_FLAGS_MAX: i64 = 7;

/// Modifying ops answer nothing; read ops answer under their bin.
pub(super) const SPECS: &[Spec] = &[
    Spec::write(2000, resize),
    Spec::write(2001, insert),
    Spec::write(2002, remove),
    Spec::write(2003, |f, bin| bits(f, bin, bitwise::set)),
    Spec::write(2004, |f, bin| bits(f, bin, bitwise::or)),
    Spec::write(2005, |f, bin| bits(f, bin, bitwise::xor)),
    Spec::write(2006, |f, bin| bits(f, bin, bitwise::and)),
    Spec::write(2007, not),
    Spec::write(2008, |f, bin| shift(f, bin, bitwise::lshift)),
    Spec::write(2009, |f, bin| shift(f, bin, bitwise::rshift)),
    Spec::write(2010, |f, bin| arith(f, bin, bitwise::add)),
    Spec::write(2011, |f, bin| arith(f, bin, bitwise::subtract)),
    Spec::read(2012, get_int),
    Spec::write(2013, set_int),
    Spec::read(2014, |f, bin| Ok(bitwise::get(bin, f.int("bit_offset")?, f.int("bit_size")?))),
    Spec::read(2015, |f, bin| Ok(bitwise::count(bin, f.int("bit_offset")?, f.int("bit_size")?))),
    Spec::read(2016, |f, bin| scan(f, bin, bitwise::lscan)),
    Spec::read(2017, |f, bin| scan(f, bin, bitwise::rscan)),
];

fn resize(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (size, policy) = (f.int("byte_size")?, policy(f)?);
    let flags = f.opt_int("resize_flags")?.unwrap_or(0);
    if !(0..=RESIZE_FLAGS_MAX).contains(&flags) {
        return Err(f.error(format!("field 'resize_flags' has no value {flags}")));
    }
    Ok(bitwise::resize(bin, size, BitwiseResizeFlags::from_bits(flags as u8), &policy))
}

fn insert(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (offset, value, policy) = (f.int("byte_offset")?, sized_bytes(f)?, policy(f)?);
    Ok(bitwise::insert(bin, offset, value, &policy))
}

fn remove(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (offset, size, policy) = (f.int("byte_offset")?, f.int("byte_size")?, policy(f)?);
    Ok(bitwise::remove(bin, offset, size, &policy))
}

/// set / or / xor / and: a bit range combined with the leading bits of a bytes value.
fn bits(
    f: &mut Fields<'_>,
    bin: String,
    build: fn(String, i64, i64, Value, &BitPolicy) -> Operation,
) -> Result<Operation> {
    let (offset, size) = (f.int("bit_offset")?, f.int("bit_size")?);
    let (value, policy) = (sized_bytes(f)?, policy(f)?);
    Ok(build(bin, offset, size, value, &policy))
}

fn not(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (offset, size, policy) = (f.int("bit_offset")?, f.int("bit_size")?, policy(f)?);
    Ok(bitwise::not(bin, offset, size, &policy))
}

fn shift(
    f: &mut Fields<'_>,
    bin: String,
    build: fn(String, i64, i64, i64, &BitPolicy) -> Operation,
) -> Result<Operation> {
    let (offset, size) = (f.int("bit_offset")?, f.int("bit_size")?);
    let (shift, policy) = (f.int("value")?, policy(f)?);
    Ok(build(bin, offset, size, shift, &policy))
}

type Arith = fn(String, i64, i64, i64, bool, BitwiseOverflowActions, &BitPolicy) -> Operation;

fn arith(f: &mut Fields<'_>, bin: String, build: Arith) -> Result<Operation> {
    let (offset, size, value) = (f.int("bit_offset")?, f.int("bit_size")?, f.int("value")?);
    let signed = f.required_flag("sign")?;
    let action = match f.opt_int("action")?.unwrap_or(0) {
        0 => BitwiseOverflowActions::Fail,
        2 => BitwiseOverflowActions::Saturate,
        4 => BitwiseOverflowActions::Wrap,
        n => return Err(f.error(format!("field 'action' has no value {n} (use BIT_OVERFLOW_*)"))),
    };
    let policy = policy(f)?;
    Ok(build(bin, offset, size, value, signed, action, &policy))
}

fn set_int(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (offset, size, value) = (f.int("bit_offset")?, f.int("bit_size")?, f.int("value")?);
    let policy = policy(f)?;
    Ok(bitwise::set_int(bin, offset, size, value, &policy))
}

fn get_int(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (offset, size, signed) = (f.int("bit_offset")?, f.int("bit_size")?, f.required_flag("sign")?);
    Ok(bitwise::get_int(bin, offset, size, signed))
}

fn scan(f: &mut Fields<'_>, bin: String, build: fn(String, i64, i64, bool) -> Operation) -> Result<Operation> {
    let (offset, size, value) = (f.int("bit_offset")?, f.int("bit_size")?, f.required_flag("value")?);
    Ok(build(bin, offset, size, value))
}

/// `value` (bytes or bytearray), cut to `value_byte_size` when that is given, as the
/// official client sends only that many bytes.
fn sized_bytes(f: &mut Fields<'_>) -> Result<Value> {
    let mut bytes = f.bytes("value")?;
    if let Some(size) = f.opt_int("value_byte_size")? {
        if size < 0 || size as usize > bytes.len() {
            return Err(f.error(format!("field 'value_byte_size' {size} exceeds the {} value bytes", bytes.len())));
        }
        bytes.truncate(size as usize);
    }
    Ok(Value::Blob(bytes))
}

/// The op's `policy` dict (`bit_write_flags`), or the default policy.
fn policy(f: &mut Fields<'_>) -> Result<BitPolicy> {
    let mut policy = BitPolicy::default();
    f.policy("policy", |key, n| match key {
        "bit_write_flags" => {
            policy.flags = BitwiseWriteFlags::from_bits(n as u8);
            Some((0..=WRITE_FLAGS_MAX).contains(&n))
        }
        _ => None,
    })?;
    Ok(policy)
}
