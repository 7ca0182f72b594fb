//! Comparisons (operands of one type; Aerospike's value order within it), logic with unknown,
//! regex, `in_list`, `Cond`, `Let`/`Var` and quoted list literals.

use std::cmp::Ordering;

use super::call::type_of;
use super::{declared_type, eval as node, raw_str, Env, Val};
use crate::cdt::order;
use crate::cdt::value::V;
use crate::geo;
use crate::result::{self, ResultCode};

// Regex flags (POSIX regcomp's).
const REG_ICASE: i64 = 2;
const REG_NEWLINE: i64 = 8;

pub fn eval(code: i64, args: &[V], env: &mut Env) -> Result<Val, ResultCode> {
    match code {
        1..=6 => {
            // Both operands must be of one type (an int and a float included): the real
            // server refuses the expression (4) rather than comparing across types.
            let [a, b] = args else { return Err(result::PARAMETER_ERROR) };
            // GeoJSON and HLL values cannot be compared at all (CmpGeo is for GeoJSON).
            const GEO: i64 = 8;
            const HLL: i64 = 9;
            if let (Some(ta), Some(tb)) = (declared_type(a), declared_type(b)) {
                if ta != tb || ta == GEO || ta == HLL {
                    return Err(result::PARAMETER_ERROR);
                }
            }
            let (Some(a), Some(b)) = (node(a, env)?, node(b, env)?) else { return Ok(None) };
            if type_of(&a) != type_of(&b) {
                return Err(result::PARAMETER_ERROR);
            }
            let ord = order::cmp(&a, &b);
            Ok(Some(V::Bool(match code {
                1 => ord == Ordering::Equal,
                2 => ord != Ordering::Equal,
                3 => ord == Ordering::Greater,
                4 => ord != Ordering::Less,
                5 => ord == Ordering::Less,
                _ => ord != Ordering::Greater,
            })))
        }
        7 => regex(args, env),
        8 => {
            // True when the left value lies within (or, a region, contains) the right one.
            let [a, b] = args else { return Err(result::PARAMETER_ERROR) };
            let (Some(a), Some(b)) = (node(a, env)?, node(b, env)?) else { return Ok(None) };
            match (geo_shape(&a), geo_shape(&b)) {
                (Some(stored), Some(query)) => Ok(Some(V::Bool(geo::matches(&query, &stored)))),
                _ => Ok(None),
            }
        }
        9 => {
            let [value, list] = args else { return Err(result::PARAMETER_ERROR) };
            let (Some(value), Some(list)) = (node(value, env)?, node(list, env)?) else { return Ok(None) };
            match list {
                V::List(l) => Ok(Some(V::Bool(l.items.iter().any(|i| order::cmp(i, &value) == Ordering::Equal)))),
                _ => Ok(None),
            }
        }
        16 | 17 => {
            // And: any false → false; Or: any true → true; otherwise unknown wins.
            let decisive = code == 17;
            let mut unknown = false;
            for a in args {
                match node(a, env)? {
                    Some(V::Bool(b)) if b == decisive => return Ok(Some(V::Bool(decisive))),
                    Some(V::Bool(_)) => {}
                    None => unknown = true,
                    Some(_) => return Err(result::PARAMETER_ERROR),
                }
            }
            Ok((!unknown).then_some(V::Bool(!decisive)))
        }
        18 => {
            let [a] = args else { return Err(result::PARAMETER_ERROR) };
            match node(a, env)? {
                Some(V::Bool(b)) => Ok(Some(V::Bool(!b))),
                None => Ok(None),
                Some(_) => Err(result::PARAMETER_ERROR),
            }
        }
        19 => {
            let mut trues = 0;
            for a in args {
                match node(a, env)? {
                    Some(V::Bool(b)) => trues += b as usize,
                    None => return Ok(None),
                    Some(_) => return Err(result::PARAMETER_ERROR),
                }
            }
            Ok(Some(V::Bool(trues == 1)))
        }
        123 => cond(args, env),
        124 => {
            let [name] = args else { return Err(result::PARAMETER_ERROR) };
            let name = raw_str(name)?;
            let found = env.vars.iter().rev().find(|(n, _)| n == name).ok_or(result::PARAMETER_ERROR)?;
            Ok(found.1.clone())
        }
        125 => bind(args, env),
        126 => match args {
            [V::List(l)] => Ok(Some(V::List(l.clone()))),
            _ => Err(result::PARAMETER_ERROR),
        },
        _ => Err(result::PARAMETER_ERROR),
    }
}

/// A GeoJSON value's shape: a bin's particle (cell header, then the text) or a
/// literal (the text right after the particle-type byte).
fn geo_shape(v: &V) -> Option<geo::Shape> {
    let V::Bytes(b, _) = v else { return None };
    let (&ptype, rest) = b.split_first()?;
    if ptype != crate::particle::GEOJSON {
        return None;
    }
    let text = match std::str::from_utf8(rest) {
        Ok(t) if t.trim_start().starts_with('{') => t,
        _ => geo::particle_text(rest)?,
    };
    geo::parse(text)
}

/// `[123, test1, value1, test2, value2, ..., default]`.
fn cond(args: &[V], env: &mut Env) -> Result<Val, ResultCode> {
    if args.len() < 3 || args.len().is_multiple_of(2) {
        return Err(result::PARAMETER_ERROR);
    }
    for pair in args[..args.len() - 1].chunks(2) {
        match node(&pair[0], env)? {
            Some(V::Bool(true)) => return node(&pair[1], env),
            Some(V::Bool(false)) => {}
            None => return Ok(None),
            Some(_) => return Err(result::PARAMETER_ERROR),
        }
    }
    node(&args[args.len() - 1], env)
}

/// `[125, name1, exp1, name2, exp2, ..., scope]`: each name is bound in order
/// (a later definition may use an earlier one) for the scope only.
fn bind(args: &[V], env: &mut Env) -> Result<Val, ResultCode> {
    if args.is_empty() || args.len().is_multiple_of(2) {
        return Err(result::PARAMETER_ERROR);
    }
    let depth = env.vars.len();
    let out = (|| {
        for pair in args[..args.len() - 1].chunks(2) {
            let name = raw_str(&pair[0])?.to_vec();
            let value = node(&pair[1], env)?;
            env.vars.push((name, value));
        }
        node(&args[args.len() - 1], env)
    })();
    env.vars.truncate(depth);
    out
}

/// `[7, flags, regex, target]`: a POSIX extended regex on a string value.
fn regex(args: &[V], env: &mut Env) -> Result<Val, ResultCode> {
    let [V::Int(flags), pattern, target] = args else { return Err(result::PARAMETER_ERROR) };
    let pattern = std::str::from_utf8(raw_str(pattern)?).map_err(|_| result::PARAMETER_ERROR)?;
    let re = regex::RegexBuilder::new(pattern)
        .case_insensitive(flags & REG_ICASE != 0)
        // Without REG_NEWLINE a POSIX '.' matches a newline and ^/$ only match at the ends.
        .dot_matches_new_line(flags & REG_NEWLINE == 0)
        .multi_line(flags & REG_NEWLINE != 0)
        .build()
        .map_err(|_| result::PARAMETER_ERROR)?;
    match node(target, env)? {
        Some(V::Bytes(b, _)) if b.first() == Some(&3) => {
            let text = String::from_utf8_lossy(&b[1..]);
            Ok(Some(V::Bool(re.is_match(&text))))
        }
        _ => Ok(None),
    }
}
