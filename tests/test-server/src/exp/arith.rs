//! Arithmetic and integer bit expressions. Operands of one operator must be
//! all integers or all floats (the real server refuses a mix when it
//! compiles the expression: PARAMETER_ERROR). Integer overflow wraps;
//! division or modulo by zero is unknown.

use super::{eval_all, Env, Val};
use crate::cdt::value::V;
use crate::result::{self, ResultCode};

enum Nums {
    Ints(Vec<i64>),
    Floats(Vec<f64>),
}

fn nums(vals: Vec<V>) -> Result<Nums, ResultCode> {
    if vals.iter().all(|v| matches!(v, V::Int(_))) {
        Ok(Nums::Ints(vals.iter().filter_map(V::as_i64).collect()))
    } else if vals.iter().all(|v| matches!(v, V::Float(_))) {
        Ok(Nums::Floats(vals.iter().map(|v| if let V::Float(f) = v { *f } else { 0.0 }).collect()))
    } else {
        Err(result::PARAMETER_ERROR)
    }
}

fn ints(vals: Vec<V>) -> Result<Vec<i64>, ResultCode> {
    vals.iter().map(|v| v.as_i64().ok_or(result::PARAMETER_ERROR)).collect()
}

fn float(v: &V) -> Result<f64, ResultCode> {
    match v {
        V::Float(f) => Ok(*f),
        _ => Err(result::PARAMETER_ERROR),
    }
}

pub fn eval(code: i64, args: &[V], env: &mut Env) -> Result<Val, ResultCode> {
    if args.is_empty() {
        return Err(result::PARAMETER_ERROR);
    }
    let Some(vals) = eval_all(args, env)? else { return Ok(None) };
    let arity = |n: usize| if vals.len() == n { Ok(()) } else { Err(result::PARAMETER_ERROR) };
    Ok(match code {
        20..=23 | 50 | 51 => fold(code, nums(vals)?),
        24 | 25 => {
            arity(2)?;
            let (a, b) = (float(&vals[0])?, float(&vals[1])?);
            Some(V::Float(if code == 24 { a.powf(b) } else { a.ln() / b.ln() }))
        }
        26 => {
            arity(2)?;
            let v = ints(vals)?;
            v[0].checked_rem(v[1]).map(V::Int)
        }
        27 => {
            arity(1)?;
            match &vals[0] {
                V::Int(i) => Some(V::Int(i.wrapping_abs())),
                V::Float(f) => Some(V::Float(f.abs())),
                _ => return Err(result::PARAMETER_ERROR),
            }
        }
        28 | 29 => {
            arity(1)?;
            let f = float(&vals[0])?;
            Some(V::Float(if code == 28 { f.floor() } else { f.ceil() }))
        }
        30 => {
            arity(1)?;
            let f = float(&vals[0])?;
            (f.is_finite() && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(V::Int(f as i64))
        }
        31 => {
            arity(1)?;
            let i = vals[0].as_i64().ok_or(result::PARAMETER_ERROR)?;
            Some(V::Float(i as f64))
        }
        32..=34 => {
            let v = ints(vals)?;
            let op = |a: i64, b: i64| match code {
                32 => a & b,
                33 => a | b,
                _ => a ^ b,
            };
            v.into_iter().reduce(op).map(V::Int)
        }
        35 => {
            arity(1)?;
            Some(V::Int(!ints(vals)?[0]))
        }
        36..=38 => {
            arity(2)?;
            let v = ints(vals)?;
            let shift = (v[1] & 63) as u32;
            Some(V::Int(match code {
                36 => v[0].wrapping_shl(shift),
                37 => ((v[0] as u64) >> shift) as i64,
                _ => v[0] >> shift,
            }))
        }
        39 => {
            arity(1)?;
            Some(V::Int(ints(vals)?[0].count_ones() as i64))
        }
        40 | 41 => {
            // Index of the first bit equal to `search`, the most significant bit being 0.
            arity(2)?;
            let value = vals[0].as_i64().ok_or(result::PARAMETER_ERROR)? as u64;
            let V::Bool(search) = vals[1] else { return Err(result::PARAMETER_ERROR) };
            let bits = if search { value } else { !value };
            Some(V::Int(match (bits, code) {
                (0, _) => -1,
                (b, 40) => b.leading_zeros() as i64,
                (b, _) => 63 - b.trailing_zeros() as i64,
            }))
        }
        _ => return Err(result::PARAMETER_ERROR),
    })
}

/// Add, Sub, Mul, Div, Min, Max over one or more operands. One operand: Sub
/// negates, Div inverts (as the real server).
fn fold(code: i64, n: Nums) -> Val {
    match n {
        Nums::Ints(v) => {
            let first = if v.len() == 1 && code == 21 {
                0
            } else if v.len() == 1 && code == 23 {
                1
            } else {
                v[0]
            };
            let rest = if v.len() == 1 && (code == 21 || code == 23) { &v[..] } else { &v[1..] };
            let mut acc = first;
            for &x in rest {
                acc = match code {
                    20 => acc.wrapping_add(x),
                    21 => acc.wrapping_sub(x),
                    22 => acc.wrapping_mul(x),
                    23 => acc.checked_div(x)?,
                    50 => acc.min(x),
                    _ => acc.max(x),
                };
            }
            Some(V::Int(acc))
        }
        Nums::Floats(v) => {
            let first = if v.len() == 1 && code == 21 {
                0.0
            } else if v.len() == 1 && code == 23 {
                1.0
            } else {
                v[0]
            };
            let rest = if v.len() == 1 && (code == 21 || code == 23) { &v[..] } else { &v[1..] };
            let mut acc = first;
            for &x in rest {
                acc = match code {
                    20 => acc + x,
                    21 => acc - x,
                    22 => acc * x,
                    23 if x == 0.0 => return None,
                    23 => acc / x,
                    50 => acc.min(x),
                    _ => acc.max(x),
                };
            }
            Some(V::Float(acc))
        }
    }
}
