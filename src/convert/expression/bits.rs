//! Bit (blob) and HLL expressions, reads and modifies: node code (the official
//! client's op code) → the crate's builder. A bit modify carries its write flags
//! (and, for resize/add/subtract, the resize flags or overflow action) in flag
//! marker nodes before the bin; an HLL modify carries its flags as a plain operand.

use aerospike::expressions::{bitwise, hll, Expression};
use aerospike::operations::bitwise::{BitPolicy, BitwiseOverflowActions, BitwiseResizeFlags, BitwiseWriteFlags};
use aerospike::operations::hll::{HllPolicy, HllWriteFlags};
use aerospike::Value;

use super::node::Node;
use crate::errors::Result;

pub(super) const FIRST: i64 = 2000;
pub(super) const LAST: i64 = 2111;

/// A flag marker node (`_AS_EXP_BIT_FLAGS`).
const FLAGS_MARKER: i64 = 153;
/// The signed bit of an add/subtract overflow action.
const SIGNED: i64 = 1;

/// A node's operands (built), its flag markers' values, and its bin.
struct Parts {
    args: Vec<Expression>,
    flags: Vec<i64>,
    bin: Expression,
}

fn parts(n: &Node<'_>, arity: usize, flag_count: usize) -> Result<Parts> {
    let Some((bin, rest)) = n.children.split_last() else { return Err(n.error("has no bin")) };
    let (markers, operands): (Vec<&Node<'_>>, Vec<&Node<'_>>) = rest.iter().partition(|c| c.op == FLAGS_MARKER);
    if operands.len() != arity || markers.len() != flag_count {
        return Err(n.error(format!(
            "takes {arity} operand(s), {flag_count} flag marker(s) and a bin, got {} node(s)",
            n.children.len()
        )));
    }
    let flags = markers.iter().map(|m| m.int("val")).collect::<Result<Vec<_>>>()?;
    let args = operands.into_iter().map(super::build).collect::<Result<Vec<_>>>()?;
    Ok(Parts { args, flags, bin: super::build(bin)? })
}

/// An operand that must be a literal int (a sign, a flag word).
fn literal_int(n: &Node<'_>, at: usize, what: &str) -> Result<i64> {
    match n.children.get(at).map(|c| c.literal()).transpose()? {
        Some(Value::Int(v)) => Ok(v),
        _ => Err(n.error(format!("the {what} operand must be a literal int"))),
    }
}

fn bit_policy(flags: i64) -> BitPolicy {
    BitPolicy::new(BitwiseWriteFlags::from_bits(flags as u8))
}

fn overflow(n: &Node<'_>, action: i64) -> Result<(bool, BitwiseOverflowActions)> {
    let kind = match action & !SIGNED {
        0 => BitwiseOverflowActions::Fail,
        2 => BitwiseOverflowActions::Saturate,
        4 => BitwiseOverflowActions::Wrap,
        other => return Err(n.error(format!("unknown overflow action {other}"))),
    };
    Ok((action & SIGNED != 0, kind))
}

pub(super) fn build(n: &Node<'_>) -> Result<Expression> {
    macro_rules! take {
        ($arity:literal, $flags:literal, |[$($a:ident),*], [$($f:ident),*], $bin:ident| $body:expr) => {{
            let p = parts(n, $arity, $flags)?;
            let Ok([$($a),*]) = <[Expression; $arity]>::try_from(p.args) else { unreachable!("arity checked") };
            let Ok([$($f),*]) = <[i64; $flags]>::try_from(p.flags) else { unreachable!("flags checked") };
            let $bin = p.bin;
            $body
        }};
    }
    Ok(match n.op {
        // bit modifies
        2000 => take!(1, 2, |[size], [w, r], bin| {
            bitwise::resize(&bit_policy(w), size, BitwiseResizeFlags::from_bits(r as u8), bin)
        }),
        2001 => take!(2, 1, |[off, v], [w], bin| bitwise::insert(&bit_policy(w), off, v, bin)),
        2002 => take!(2, 1, |[off, size], [w], bin| bitwise::remove(&bit_policy(w), off, size, bin)),
        2003 => take!(3, 1, |[off, size, v], [w], bin| bitwise::set(&bit_policy(w), off, size, v, bin)),
        2004 => take!(3, 1, |[off, size, v], [w], bin| bitwise::or(&bit_policy(w), off, size, v, bin)),
        2005 => take!(3, 1, |[off, size, v], [w], bin| bitwise::xor(&bit_policy(w), off, size, v, bin)),
        2006 => take!(3, 1, |[off, size, v], [w], bin| bitwise::and(&bit_policy(w), off, size, v, bin)),
        2007 => take!(2, 1, |[off, size], [w], bin| bitwise::not(&bit_policy(w), off, size, bin)),
        2008 => take!(3, 1, |[off, size, s], [w], bin| bitwise::lshift(&bit_policy(w), off, size, s, bin)),
        2009 => take!(3, 1, |[off, size, s], [w], bin| bitwise::rshift(&bit_policy(w), off, size, s, bin)),
        2010 | 2011 => take!(3, 2, |[off, size, v], [w, action], bin| {
            let (signed, action) = overflow(n, action)?;
            if n.op == 2010 {
                bitwise::add(&bit_policy(w), off, size, v, signed, action, bin)
            } else {
                bitwise::subtract(&bit_policy(w), off, size, v, signed, action, bin)
            }
        }),
        2013 => take!(3, 1, |[off, size, v], [w], bin| bitwise::set_int(&bit_policy(w), off, size, v, bin)),
        // bit reads
        2014 => take!(2, 0, |[off, size], [], bin| bitwise::get(off, size, bin)),
        2015 => take!(2, 0, |[off, size], [], bin| bitwise::count(off, size, bin)),
        2016 => take!(3, 0, |[off, size, v], [], bin| bitwise::lscan(off, size, v, bin)),
        2017 => take!(3, 0, |[off, size, v], [], bin| bitwise::rscan(off, size, v, bin)),
        2012 => {
            let signed = literal_int(n, 2, "sign")? != 0;
            take!(3, 0, |[off, size, _sign], [], bin| bitwise::get_int(off, size, signed, bin))
        }
        2018 => take!(0, 0, |[], [], bin| bitwise::b64_encode(bin)),
        2019 => {
            let invert = literal_int(n, 2, "invert_size")? != 0;
            take!(3, 0, |[off, size, _invert], [], bin| bitwise::b64_encode_range(off, size, invert, bin))
        }
        // hll modifies: the flags are the operand before the bin
        2108 => {
            let policy = HllPolicy::new(HllWriteFlags::from_bits(literal_int(n, 2, "flags")? as u8));
            take!(3, 0, |[index_bits, min_hash_bits, _flags], [], bin| {
                hll::init_with_min_hash(policy, index_bits, min_hash_bits, bin)
            })
        }
        2100 => {
            let policy = HllPolicy::new(HllWriteFlags::from_bits(literal_int(n, 3, "flags")? as u8));
            take!(4, 0, |[list, index_bits, min_hash_bits, _flags], [], bin| {
                hll::add_with_index_and_min_hash(policy, list, index_bits, min_hash_bits, bin)
            })
        }
        // hll reads
        2103 => take!(0, 0, |[], [], bin| hll::get_count(bin)),
        2101 => take!(0, 0, |[], [], bin| hll::describe(bin)),
        2106 => take!(1, 0, |[l], [], bin| hll::get_union(l, bin)),
        2107 => take!(1, 0, |[l], [], bin| hll::get_union_count(l, bin)),
        2104 => take!(1, 0, |[l], [], bin| hll::get_intersect_count(l, bin)),
        2105 => take!(1, 0, |[l], [], bin| hll::get_similarity(l, bin)),
        2111 => take!(1, 0, |[l], [], bin| hll::may_contain(l, bin)),
        code => return Err(n.error(format!("unknown bit/HLL expression code {code}"))),
    })
}
