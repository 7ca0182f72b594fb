//! Map CDT operations (op codes 64..=110), applied to a decoded map.
//!
//! Contract: `apply` runs one op on `map` and returns its result. Map
//! "index" means position in key order, for every map order; "rank" is
//! position in value order (ties by key order). Key-ordered maps keep
//! their entries sorted by key; unordered maps keep insertion order.
//! Write flags: CREATE_ONLY (1) fails an existing key with 24, UPDATE_ONLY
//! (2) fails a missing key with 23, NO_FAIL (4) turns failures into
//! no-ops, PARTIAL (8) keeps the items of a multi-item put that succeed.

use super::list::increment;
use super::order;
use super::select::{self, View};
use super::value::{Map, V};
use crate::result::{self, ResultCode};
use std::cmp::Ordering;

pub const SET_TYPE: u8 = 64;
pub const ADD: u8 = 65;
pub const ADD_ITEMS: u8 = 66;
pub const PUT: u8 = 67;
pub const PUT_ITEMS: u8 = 68;
pub const REPLACE: u8 = 69;
pub const REPLACE_ITEMS: u8 = 70;
pub const INCREMENT: u8 = 73;
pub const DECREMENT: u8 = 74;
pub const CLEAR: u8 = 75;
pub const SIZE: u8 = 96;
pub const GET_BY_KEY: u8 = 97;
pub const GET_BY_INDEX: u8 = 98;
pub const GET_BY_RANK: u8 = 100;
pub const GET_BY_VALUE: u8 = 102;
pub const GET_BY_KEY_INTERVAL: u8 = 103;
pub const GET_BY_INDEX_RANGE: u8 = 104;
pub const GET_BY_VALUE_INTERVAL: u8 = 105;
pub const GET_BY_RANK_RANGE: u8 = 106;
pub const GET_BY_KEY_LIST: u8 = 107;
pub const GET_BY_VALUE_LIST: u8 = 108;
pub const GET_BY_KEY_REL_INDEX_RANGE: u8 = 109;
pub const GET_BY_VALUE_REL_RANK_RANGE: u8 = 110;

const CREATE_ONLY: i64 = 1;
const UPDATE_ONLY: i64 = 2;
const NO_FAIL: i64 = 4;
const PARTIAL: i64 = 8;

/// The get op a remove_by_* op mirrors.
fn remove_to_get(code: u8) -> Option<u8> {
    Some(match code {
        76 => GET_BY_KEY,
        77 => GET_BY_INDEX,
        79 => GET_BY_RANK,
        81 => GET_BY_KEY_LIST,
        82 => GET_BY_VALUE,
        83 => GET_BY_VALUE_LIST,
        84 => GET_BY_KEY_INTERVAL,
        85 => GET_BY_INDEX_RANGE,
        86 => GET_BY_VALUE_INTERVAL,
        87 => GET_BY_RANK_RANGE,
        88 => GET_BY_KEY_REL_INDEX_RANGE,
        89 => GET_BY_VALUE_REL_RANK_RANGE,
        _ => return None,
    })
}

pub fn is_modify(code: u8) -> Option<bool> {
    match code {
        64..=70 | 73..=75 => Some(true),
        c if remove_to_get(c).is_some() => Some(true),
        96..=98 | 100 | 102..=110 => Some(false),
        _ => None,
    }
}

/// Order flags for a map created by this op (the policy's `attr` arg).
pub fn create_flags(code: u8, args: &[V]) -> u8 {
    let at = match code {
        SET_TYPE => 0,
        PUT | ADD | REPLACE | INCREMENT | DECREMENT => 2,
        PUT_ITEMS | ADD_ITEMS | REPLACE_ITEMS => 1,
        _ => return 0,
    };
    // PUT with a nil value may omit it: `[key, attr]`.
    let at = if code == PUT && args.len() == 2 { 1 } else { at };
    args.get(at).and_then(V::as_i64).map_or(0, |a| (a & 3) as u8)
}

fn int(args: &[V], i: usize) -> Result<i64, ResultCode> {
    args.get(i).and_then(V::as_i64).ok_or(result::PARAMETER_ERROR)
}

fn opt_int(args: &[V], i: usize) -> Result<Option<i64>, ResultCode> {
    match args.get(i) {
        None | Some(V::Nil) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or(result::PARAMETER_ERROR),
    }
}

fn arg(args: &[V], i: usize) -> Result<&V, ResultCode> {
    args.get(i).ok_or(result::PARAMETER_ERROR)
}

fn find(map: &Map, k: &V) -> Option<usize> {
    map.entries.iter().position(|(x, _)| order::eq(x, k))
}

fn valid_key(k: &V) -> bool {
    matches!(k, V::Int(_) | V::Bytes(..))
}

pub fn sort(map: &mut Map) {
    if map.key_ordered() {
        map.entries.sort_by(|a, b| order::cmp(&a.0, &b.0));
    }
}

/// Writes one entry per flags. Ok(false) = skipped (NO_FAIL).
fn put_one(map: &mut Map, k: &V, v: &V, flags: i64) -> Result<bool, ResultCode> {
    if !valid_key(k) {
        return Err(result::PARAMETER_ERROR);
    }
    let fail = |code| if flags & NO_FAIL != 0 { Ok(false) } else { Err(code) };
    match find(map, k) {
        Some(_) if flags & CREATE_ONLY != 0 => fail(result::ELEMENT_EXISTS),
        None if flags & UPDATE_ONLY != 0 => fail(result::ELEMENT_NOT_FOUND),
        Some(i) => {
            map.entries[i].1 = v.clone();
            Ok(true)
        }
        None => {
            if map.key_ordered() {
                let pos = map.entries.partition_point(|(x, _)| order::cmp(x, k) == Ordering::Less);
                map.entries.insert(pos, (k.clone(), v.clone()));
            } else {
                map.entries.push((k.clone(), v.clone()));
            }
            Ok(true)
        }
    }
}

fn put_items(map: &mut Map, items: &V, flags: i64) -> Result<(), ResultCode> {
    let V::Map(items) = items else { return Err(result::PARAMETER_ERROR) };
    let mut work = map.clone();
    for (k, v) in &items.entries {
        if !put_one(&mut work, k, v, flags)? && flags & PARTIAL == 0 {
            return Ok(()); // NO_FAIL without PARTIAL: the whole op is a no-op
        }
    }
    *map = work;
    Ok(())
}

pub fn apply(map: &mut Map, code: u8, args: &[V]) -> Result<V, ResultCode> {
    let size = |m: &Map| V::Int(m.entries.len() as i64);
    match code {
        SET_TYPE => {
            map.flags = (int(args, 0)? & 3) as u8;
            sort(map);
            Ok(V::Nil)
        }
        PUT | ADD | REPLACE => {
            let (v, flags) = if code == PUT && args.len() == 2 {
                (V::Nil, 0)
            } else {
                (arg(args, 1)?.clone(), opt_int(args, 3)?.unwrap_or(0))
            };
            let flags = match code {
                ADD => CREATE_ONLY,
                REPLACE => UPDATE_ONLY,
                _ => flags,
            };
            put_one(map, arg(args, 0)?, &v, flags)?;
            Ok(size(map))
        }
        PUT_ITEMS | ADD_ITEMS | REPLACE_ITEMS => {
            let flags = match code {
                ADD_ITEMS => CREATE_ONLY,
                REPLACE_ITEMS => UPDATE_ONLY,
                _ => opt_int(args, 2)?.unwrap_or(0),
            };
            put_items(map, arg(args, 0)?, flags)?;
            Ok(size(map))
        }
        INCREMENT | DECREMENT => {
            let k = arg(args, 0)?;
            let mut delta = args.get(1).cloned().unwrap_or(V::Nil);
            if code == DECREMENT {
                delta = match delta {
                    V::Nil => V::Int(-1),
                    V::Int(i) => V::Int(i.wrapping_neg()),
                    V::Float(f) => V::Float(-f),
                    _ => return Err(result::PARAMETER_ERROR),
                };
            }
            let cur = find(map, k).map(|i| map.entries[i].1.clone());
            let new = increment(cur.as_ref(), &delta)?;
            put_one(map, k, &new, 0)?;
            Ok(new)
        }
        CLEAR => {
            map.entries.clear();
            Ok(V::Nil)
        }
        SIZE => Ok(size(map)),
        c if (GET_BY_KEY..=GET_BY_VALUE_REL_RANK_RANGE).contains(&c) => by_selector(map, c, args, false),
        c => match remove_to_get(c) {
            Some(g) => by_selector(map, g, args, true),
            None => Err(result::PARAMETER_ERROR),
        },
    }
}

fn by_selector(map: &mut Map, code: u8, args: &[V], remove: bool) -> Result<V, ResultCode> {
    let rt = select::rt(arg(args, 0)?)?;
    let a = &args[1..];
    let n = map.entries.len();
    // Index order is key order: perm[i] is the storage slot of index i.
    let mut perm: Vec<usize> = (0..n).collect();
    perm.sort_by(|x, y| order::cmp(&map.entries[*x].0, &map.entries[*y].0));
    let keys: Vec<&V> = perm.iter().map(|p| &map.entries[*p].0).collect();
    let vals: Vec<&V> = perm.iter().map(|p| &map.entries[*p].1).collect();
    let rank_range = |s: usize, c: usize| select::rank_order(&vals)[s..s + c].to_vec();
    let less = |xs: &[&V], v: &V| xs.iter().filter(|x| order::cmp(x, v) == Ordering::Less).count();
    let (sel, multi): (Vec<usize>, bool) = match code {
        GET_BY_KEY => ((0..n).filter(|i| order::eq(keys[*i], arg(a, 0).unwrap_or(&V::Inf))).collect(), false),
        // A single index or rank out of range is a parameter error.
        GET_BY_INDEX => (vec![select::single(n, int(a, 0)?).ok_or(result::PARAMETER_ERROR)?], false),
        GET_BY_RANK => {
            let r = select::single(n, int(a, 0)?).ok_or(result::PARAMETER_ERROR)?;
            (vec![select::rank_order(&vals)[r]], false)
        }
        GET_BY_VALUE => ((0..n).filter(|i| order::eq(vals[*i], arg(a, 0).unwrap_or(&V::Inf))).collect(), true),
        GET_BY_KEY_INTERVAL | GET_BY_VALUE_INTERVAL => {
            // An explicit nil end is the value nil, the lowest of all (a real server
            // answers `[begin, nil)` with nothing); only an absent end is unbounded.
            let end = a.get(1);
            let over = if code == GET_BY_KEY_INTERVAL { &keys } else { &vals };
            (select::interval(over, arg(a, 0)?, end), true)
        }
        GET_BY_INDEX_RANGE => {
            let (s, c) = select::range(n, int(a, 0)?, opt_int(a, 1)?);
            ((s..s + c).collect(), true)
        }
        GET_BY_RANK_RANGE => {
            let (s, c) = select::range(n, int(a, 0)?, opt_int(a, 1)?);
            (rank_range(s, c), true)
        }
        GET_BY_KEY_LIST | GET_BY_VALUE_LIST => {
            let V::List(want) = arg(a, 0)? else { return Err(result::PARAMETER_ERROR) };
            let over = if code == GET_BY_KEY_LIST { &keys } else { &vals };
            ((0..n).filter(|i| want.items.iter().any(|w| order::eq(over[*i], w))).collect(), true)
        }
        GET_BY_KEY_REL_INDEX_RANGE => {
            let anchor = less(&keys, arg(a, 0)?);
            let (s, c) = select::rel_range(n, anchor, int(a, 1)?, opt_int(a, 2)?);
            ((s..s + c).collect(), true)
        }
        GET_BY_VALUE_REL_RANK_RANGE => {
            let anchor = less(&vals, arg(a, 0)?);
            let (s, c) = select::rel_range(n, anchor, int(a, 1)?, opt_int(a, 2)?);
            (rank_range(s, c), true)
        }
        _ => return Err(result::PARAMETER_ERROR),
    };
    if rt.inverted && !multi && code != GET_BY_KEY {
        return Err(result::PARAMETER_ERROR);
    }
    let sel = if multi { select::effective(&rt, n, sel) } else { sel };
    let view = View { vals, keys: Some(keys) };
    let out = select::build(&rt, &view, &sel, multi)?;
    if remove {
        let mut drop = vec![false; n];
        for i in &sel {
            drop[perm[*i]] = true;
        }
        let mut k = 0;
        map.entries.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> V {
        V::string(x)
    }
    fn m(pairs: &[(&str, i64)]) -> Map {
        Map { flags: 0, entries: pairs.iter().map(|(k, v)| (s(k), V::Int(*v))).collect() }
    }

    #[test]
    fn put_flags() {
        let mut x = m(&[("a", 1)]);
        assert_eq!(apply(&mut x, PUT, &[s("b"), V::Int(2), V::Int(0)]), Ok(V::Int(2)));
        let co = [s("a"), V::Int(9), V::Int(0), V::Int(CREATE_ONLY)];
        assert_eq!(apply(&mut x, PUT, &co), Err(result::ELEMENT_EXISTS));
        let uo = [s("z"), V::Int(9), V::Int(0), V::Int(UPDATE_ONLY)];
        assert_eq!(apply(&mut x, PUT, &uo), Err(result::ELEMENT_NOT_FOUND));
        let uo_nf = [s("z"), V::Int(9), V::Int(0), V::Int(UPDATE_ONLY | NO_FAIL)];
        assert_eq!(apply(&mut x, PUT, &uo_nf), Ok(V::Int(2)));
        let items = V::Map(m(&[("a", 5), ("c", 3)]));
        let partial = [items.clone(), V::Int(0), V::Int(CREATE_ONLY | NO_FAIL | PARTIAL)];
        assert_eq!(apply(&mut x, PUT_ITEMS, &partial), Ok(V::Int(3)));
        assert_eq!(x, m(&[("a", 1), ("b", 2), ("c", 3)]));
        let all_or_nothing = [items, V::Int(0), V::Int(CREATE_ONLY | NO_FAIL)];
        apply(&mut x, PUT_ITEMS, &all_or_nothing).unwrap();
        assert_eq!(x.entries[0].1, V::Int(1));
        assert_eq!(apply(&mut x, INCREMENT, &[s("a"), V::Int(4)]), Ok(V::Int(5)));
        assert_eq!(apply(&mut x, DECREMENT, &[s("new"), V::Int(2)]), Ok(V::Int(-2)));
    }

    #[test]
    fn index_is_key_order_and_rank_is_value_order() {
        let mut x = m(&[("c", 1), ("a", 3), ("b", 2)]);
        let rt = |r: i64| V::Int(r);
        assert_eq!(apply(&mut x, GET_BY_INDEX, &[rt(6), V::Int(0)]), Ok(s("a")));
        assert_eq!(apply(&mut x, GET_BY_RANK, &[rt(6), V::Int(-1)]), Ok(s("a")));
        assert_eq!(apply(&mut x, GET_BY_KEY, &[rt(1), s("c")]), Ok(V::Int(2)));
        assert_eq!(apply(&mut x, GET_BY_KEY, &[rt(7), s("zz")]), Ok(V::Nil));
        assert_eq!(apply(&mut x, GET_BY_INDEX, &[rt(7), V::Int(3)]), Err(result::PARAMETER_ERROR));
        let kv = apply(&mut x, GET_BY_KEY_INTERVAL, &[rt(17), s("a"), s("c")]).unwrap();
        assert_eq!(kv, V::Map(Map { flags: 1, entries: vec![(s("a"), V::Int(3)), (s("b"), V::Int(2))] }));
        assert_eq!(apply(&mut x, GET_BY_VALUE_INTERVAL, &[rt(6), V::Int(2)]), Ok(V::list(vec![s("a"), s("b")])));
        assert_eq!(apply(&mut x, GET_BY_VALUE_INTERVAL, &[rt(6), V::Int(2), V::Nil]), Ok(V::list(vec![])));
        assert_eq!(apply(&mut x, GET_BY_RANK_RANGE, &[rt(6), V::Int(0), V::Int(2)]), Ok(V::list(vec![s("c"), s("b")])));
        assert_eq!(apply(&mut x, 76, &[rt(7), s("b")]), Ok(V::Int(2)));
        assert_eq!(x, m(&[("c", 1), ("a", 3)]));
        let mut o = m(&[("c", 1), ("a", 3)]);
        apply(&mut o, SET_TYPE, &[V::Int(1)]).unwrap();
        apply(&mut o, PUT, &[s("b"), V::Int(0), V::Int(1)]).unwrap();
        assert_eq!(o.entries.iter().map(|e| e.0.clone()).collect::<Vec<_>>(), vec![s("a"), s("b"), s("c")]);
    }
}
