//! Bins, the record key and record metadata.

use super::{eval as node, raw_str, Env, Val};
use crate::cdt::{self, value::V};
use crate::clock;
use crate::particle::{self, Value};
use crate::result::{self, ResultCode};

const NANOS: i64 = 1_000_000_000;

/// The particle types an expression value type (`ExpType`) stands for.
fn particle_matches(exp_type: i64, ptype: u8) -> Result<bool, ResultCode> {
    Ok(match exp_type {
        0 => ptype == particle::NULL,
        1 => ptype == particle::BOOL,
        2 => ptype == particle::INTEGER,
        3 => ptype == particle::STRING,
        4 => ptype == particle::LIST,
        5 => ptype == particle::MAP,
        6 => ptype == particle::BLOB || (7..=12).contains(&ptype),
        7 => ptype == particle::FLOAT,
        8 => ptype == particle::GEOJSON,
        9 => ptype == particle::HLL,
        _ => return Err(result::PARAMETER_ERROR),
    })
}

/// A particle as an expression value, or unknown when it is not of `exp_type`.
fn typed(p: &Value, exp_type: i64) -> Result<Val, ResultCode> {
    if !particle_matches(exp_type, p.ptype)? {
        return Ok(None);
    }
    Ok(cdt::from_particle(p))
}

pub fn eval(code: i64, args: &[V], env: &mut Env) -> Result<Val, ResultCode> {
    let rec = env.rec;
    let int = |i: i64| Ok(Some(V::Int(i)));
    match (code, args) {
        (64, [V::Int(m)]) if *m > 0 => {
            // The digest's last four bytes as a little-endian integer, modulo `m`.
            let tail = u32::from_le_bytes([env.digest[16], env.digest[17], env.digest[18], env.digest[19]]);
            int(i64::from(tail) % m)
        }
        (64, _) => Err(result::PARAMETER_ERROR),
        (65 | 74, []) => int(rec.stored_size() as i64),
        // Memory size: records here are not held in a memory-storage namespace's index.
        (73, []) => int(0),
        (66, []) => int(rec.last_update as i64),
        (67, []) => {
            let now = crate::truncate::now_nanos() as i64;
            int((now - rec.last_update as i64).max(0) / 1_000_000)
        }
        (68, []) if rec.void_time == 0 => int(-1),
        (68, []) => int((i64::from(rec.void_time) + clock::CITRUSLEAF_EPOCH_UNIX as i64) * NANOS),
        (69, []) if rec.void_time == 0 => int(-1),
        (69, []) => int((i64::from(rec.void_time) - i64::from(clock::now())).max(0)),
        (70, []) => {
            let mut s = vec![particle::STRING];
            s.extend_from_slice(&rec.set);
            Ok(Some(V::Bytes(s, false)))
        }
        (71, []) => Ok(Some(V::Bool(rec.key.is_some()))),
        (72, []) => Ok(Some(V::Bool(false))),
        (80, [V::Int(t)]) => match &rec.key {
            Some(k) if !k.is_empty() => typed(&Value::new(k[0], k[1..].to_vec()), *t),
            _ => Ok(None),
        },
        (81, [V::Int(t), name]) => match rec.bin(raw_str(name)?) {
            Some(p) => typed(p, *t),
            None => Ok(None),
        },
        (82, [name]) => int(rec.bin(raw_str(name)?).map_or(0, |p| i64::from(p.ptype))),
        (101 | 102, [map]) => match node(map, env)? {
            Some(V::Map(m)) => {
                let items = m.entries.into_iter().map(|(k, v)| if code == 101 { k } else { v }).collect();
                Ok(Some(V::list(items)))
            }
            Some(_) | None => Ok(None),
        },
        _ => Err(result::PARAMETER_ERROR),
    }
}
