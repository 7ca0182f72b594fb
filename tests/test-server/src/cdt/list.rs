//! List CDT operations (op codes 0..=40), applied to a decoded list.
//!
//! Contract: `apply` runs one op on `list` and returns the op's result.
//! The caller has already checked read vs modify permission via
//! `is_modify`. Ordered lists stay sorted: appends go to their sorted
//! place, and positional writes (insert, set) are not applicable (26).
//! Write flags: ADD_UNIQUE (1) fails an existing value with 24,
//! INSERT_BOUNDED (2) fails out-of-bounds inserts with 26, NO_FAIL (4)
//! turns such failures into no-ops, PARTIAL (8) lets multi-item writes
//! keep the items that succeed.

use super::order;
use super::select::{self, View};
use super::value::{List, V};
use crate::result::{self, ResultCode};

pub const SET_TYPE: u8 = 0;
pub const APPEND: u8 = 1;
pub const APPEND_ITEMS: u8 = 2;
pub const INSERT: u8 = 3;
pub const INSERT_ITEMS: u8 = 4;
pub const POP: u8 = 5;
pub const POP_RANGE: u8 = 6;
pub const REMOVE: u8 = 7;
pub const REMOVE_RANGE: u8 = 8;
pub const SET: u8 = 9;
pub const TRIM: u8 = 10;
pub const CLEAR: u8 = 11;
pub const INCREMENT: u8 = 12;
pub const SORT: u8 = 13;
pub const SIZE: u8 = 16;
pub const GET: u8 = 17;
pub const GET_RANGE: u8 = 18;
pub const GET_BY_INDEX: u8 = 19;
pub const GET_BY_RANK: u8 = 21;
pub const GET_BY_VALUE: u8 = 22;
pub const GET_BY_VALUE_LIST: u8 = 23;
pub const GET_BY_INDEX_RANGE: u8 = 24;
pub const GET_BY_VALUE_INTERVAL: u8 = 25;
pub const GET_BY_RANK_RANGE: u8 = 26;
pub const GET_BY_VALUE_REL_RANK_RANGE: u8 = 27;
/// remove_by_X = get_by_X + 13.
const REMOVE_OFFSET: u8 = 13;

const ADD_UNIQUE: i64 = 1;
const INSERT_BOUNDED: i64 = 2;
const NO_FAIL: i64 = 4;
const PARTIAL: i64 = 8;

/// Most nil elements a write past the end may pad with (one byte each: a
/// megabyte, the default max record size).
pub const MAX_PAD: i64 = 1 << 20;

pub fn is_modify(code: u8) -> Option<bool> {
    match code {
        0..=13 | 32 | 34..=40 => Some(true),
        16..=19 | 21..=27 => Some(false),
        _ => None,
    }
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

fn items(v: &V) -> Result<&[V], ResultCode> {
    match v {
        V::List(l) => Ok(&l.items),
        _ => Err(result::PARAMETER_ERROR),
    }
}

/// Order attribute for a list created by this op (policy's `attr` arg).
pub fn create_flags(code: u8, args: &[V]) -> u8 {
    let at = match code {
        APPEND | APPEND_ITEMS => 1,
        INCREMENT => 2,
        SET_TYPE => 0,
        _ => return 0,
    };
    args.get(at).and_then(V::as_i64).map_or(0, |a| (a & 1) as u8)
}

fn insert_sorted(list: &mut List, v: V) {
    let pos = list.items.partition_point(|x| order::cmp(x, &v) != std::cmp::Ordering::Greater);
    list.items.insert(pos, v);
}

fn contains(list: &List, v: &V) -> bool {
    list.items.iter().any(|x| order::eq(x, v))
}

/// Adds values per write flags; returns Err on a failing value.
fn add_values(list: &mut List, vals: &[V], flags: i64, at: Option<usize>) -> Result<(), ResultCode> {
    let mut accepted: Vec<V> = Vec::new();
    for v in vals {
        let dup = flags & ADD_UNIQUE != 0 && (contains(list, v) || accepted.iter().any(|x| order::eq(x, v)));
        if dup {
            if flags & NO_FAIL == 0 {
                return Err(result::ELEMENT_EXISTS);
            }
            if flags & PARTIAL == 0 {
                return Ok(());
            }
            continue;
        }
        accepted.push(v.clone());
    }
    match at {
        _ if list.ordered() => accepted.into_iter().for_each(|v| insert_sorted(list, v)),
        None => list.items.extend(accepted),
        Some(i) => {
            if i > list.items.len() {
                list.items.resize(i, V::Nil);
            }
            list.items.splice(i..i, accepted);
        }
    }
    Ok(())
}

/// Position for insert/set: negative from the end; past the end pads
/// unless bounded. None = no-op (NO_FAIL).
fn write_pos(list: &List, index: i64, flags: i64, allow_end: bool) -> Result<Option<usize>, ResultCode> {
    let n = list.items.len() as i64;
    let i = if index < 0 { index + n } else { index };
    if i > n + MAX_PAD {
        // Nil padding alone would exceed any record size the server allows.
        return Err(result::RECORD_TOO_BIG);
    }
    let limit = if allow_end { n } else { n - 1 };
    if i < 0 || (flags & INSERT_BOUNDED != 0 && i > limit) {
        return if flags & NO_FAIL != 0 { Ok(None) } else { Err(result::OP_NOT_APPLICABLE) };
    }
    Ok(Some(i as usize))
}

fn view(list: &List) -> View<'_> {
    View { vals: list.items.iter().collect(), keys: None }
}

fn remove_sel(list: &mut List, sel: &[usize]) {
    let mut mark = vec![false; list.items.len()];
    for i in sel {
        mark[*i] = true;
    }
    let mut k = 0;
    list.items.retain(|_| {
        k += 1;
        !mark[k - 1]
    });
}

pub fn apply(list: &mut List, code: u8, args: &[V]) -> Result<V, ResultCode> {
    let size = |l: &List| V::Int(l.items.len() as i64);
    match code {
        SET_TYPE => {
            list.flags = (int(args, 0)? & 1) as u8;
            if list.ordered() {
                order::sort_values(&mut list.items);
            }
            Ok(V::Nil)
        }
        APPEND => {
            let flags = opt_int(args, 2)?.unwrap_or(0);
            add_values(list, std::slice::from_ref(arg(args, 0)?), flags, None)?;
            Ok(size(list))
        }
        APPEND_ITEMS => {
            let flags = opt_int(args, 2)?.unwrap_or(0);
            add_values(list, items(arg(args, 0)?)?, flags, None)?;
            Ok(size(list))
        }
        INSERT | INSERT_ITEMS => {
            if list.ordered() {
                return Err(result::OP_NOT_APPLICABLE);
            }
            let flags = opt_int(args, 2)?.unwrap_or(0);
            let vals = if code == INSERT { std::slice::from_ref(arg(args, 1)?) } else { items(arg(args, 1)?)? };
            if let Some(i) = write_pos(list, int(args, 0)?, flags, true)? {
                add_values(list, vals, flags, Some(i))?;
            }
            Ok(size(list))
        }
        SET => {
            let flags = opt_int(args, 2)?.unwrap_or(0);
            let v = arg(args, 1)?.clone();
            if list.ordered() {
                return set_ordered(list, int(args, 0)?, v, flags);
            }
            if let Some(i) = write_pos(list, int(args, 0)?, flags, false)? {
                if flags & ADD_UNIQUE != 0 && list.items.iter().enumerate().any(|(j, x)| j != i && order::eq(x, &v)) {
                    return if flags & NO_FAIL != 0 { Ok(V::Nil) } else { Err(result::ELEMENT_EXISTS) };
                }
                if i >= list.items.len() {
                    list.items.resize(i + 1, V::Nil);
                }
                list.items[i] = v;
            }
            Ok(V::Nil)
        }
        INCREMENT => {
            let index = int(args, 0)?;
            let delta = args.get(1).cloned().unwrap_or(V::Nil);
            let flags = opt_int(args, 3)?.unwrap_or(0);
            let n = list.items.len();
            let i = match write_pos(list, index, flags, true)? {
                Some(i) => i,
                None => return Ok(V::Nil),
            };
            let cur = list.items.get(i).cloned();
            let new = increment(cur.as_ref().filter(|c| !matches!(c, V::Nil)), &delta)?;
            if list.ordered() {
                if i < n {
                    list.items.remove(i);
                }
                insert_sorted(list, new.clone());
            } else {
                if i >= n {
                    list.items.resize(i + 1, V::Nil);
                }
                list.items[i] = new.clone();
            }
            Ok(new)
        }
        POP | GET | REMOVE => {
            let i = select::single(list.items.len(), int(args, 0)?).ok_or(result::OP_NOT_APPLICABLE)?;
            match code {
                GET => Ok(list.items[i].clone()),
                POP => Ok(list.items.remove(i)),
                _ => {
                    list.items.remove(i);
                    Ok(V::Int(1))
                }
            }
        }
        POP_RANGE | GET_RANGE | REMOVE_RANGE | TRIM => {
            let (start, count) = select::range(list.items.len(), int(args, 0)?, opt_int(args, 1)?);
            match code {
                GET_RANGE => Ok(V::list(list.items[start..start + count].to_vec())),
                POP_RANGE => Ok(V::list(list.items.drain(start..start + count).collect())),
                REMOVE_RANGE => {
                    list.items.drain(start..start + count);
                    Ok(V::Int(count as i64))
                }
                _ => {
                    let removed = list.items.len() - count;
                    list.items = list.items[start..start + count].to_vec();
                    Ok(V::Int(removed as i64))
                }
            }
        }
        CLEAR => {
            list.items.clear();
            Ok(V::Nil)
        }
        SORT => {
            let flags = opt_int(args, 0)?.unwrap_or(0);
            order::sort_values(&mut list.items);
            if flags & 2 != 0 {
                list.items.dedup_by(|a, b| order::eq(a, b));
            }
            if flags & 1 != 0 && !list.ordered() {
                list.items.reverse();
            }
            Ok(V::Nil)
        }
        SIZE => Ok(size(list)),
        c if (GET_BY_INDEX..=GET_BY_VALUE_REL_RANK_RANGE).contains(&c) => by_selector(list, c, args, false),
        c if (GET_BY_INDEX + REMOVE_OFFSET..=GET_BY_VALUE_REL_RANK_RANGE + REMOVE_OFFSET).contains(&c) => {
            by_selector(list, c - REMOVE_OFFSET, args, true)
        }
        _ => Err(result::PARAMETER_ERROR),
    }
}

/// Set on an ordered list replaces the element at `index` (or appends
/// at `index == size`) and keeps the list sorted.
fn set_ordered(list: &mut List, index: i64, v: V, flags: i64) -> Result<V, ResultCode> {
    let n = list.items.len();
    let i = if index < 0 { index + n as i64 } else { index };
    if i < 0 || i > n as i64 {
        return Err(result::OP_NOT_APPLICABLE);
    }
    let i = i as usize;
    if flags & ADD_UNIQUE != 0 {
        if let Some(j) = list.items.iter().position(|x| order::eq(x, &v)) {
            if j == i {
                return Ok(V::Nil);
            }
            return if flags & NO_FAIL != 0 { Ok(V::Nil) } else { Err(result::ELEMENT_EXISTS) };
        }
    }
    if i < n {
        list.items.remove(i);
    }
    insert_sorted(list, v);
    Ok(V::Nil)
}

/// get_by_* / remove_by_*: args are `[return_type, selector args...]`.
fn by_selector(list: &mut List, code: u8, args: &[V], remove: bool) -> Result<V, ResultCode> {
    let rt = select::rt(arg(args, 0)?)?;
    let a = &args[1..];
    let n = list.items.len();
    let vals: Vec<&V> = list.items.iter().collect();
    // A single index or rank out of range is not applicable (26).
    let one = |i: i64| select::single(n, i).ok_or(result::OP_NOT_APPLICABLE);
    let (sel, multi) = match code {
        GET_BY_INDEX => (vec![one(int(a, 0)?)?], false),
        GET_BY_RANK => (vec![select::rank_order(&vals)[one(int(a, 0)?)?]], false),
        GET_BY_INDEX_RANGE => {
            let (s, c) = select::range(n, int(a, 0)?, opt_int(a, 1)?);
            ((s..s + c).collect(), true)
        }
        GET_BY_RANK_RANGE => {
            let ro = select::rank_order(&vals);
            let (s, c) = select::range(n, int(a, 0)?, opt_int(a, 1)?);
            (ro[s..s + c].to_vec(), true)
        }
        GET_BY_VALUE => {
            let v = arg(a, 0)?;
            ((0..n).filter(|i| order::eq(vals[*i], v)).collect(), true)
        }
        GET_BY_VALUE_LIST => {
            let want = items(arg(a, 0)?)?;
            ((0..n).filter(|i| want.iter().any(|w| order::eq(vals[*i], w))).collect(), true)
        }
        GET_BY_VALUE_INTERVAL => {
            // As for maps: an explicit nil end is the value nil, not "unbounded".
            let end = a.get(1);
            (select::interval(&vals, arg(a, 0)?, end), true)
        }
        GET_BY_VALUE_REL_RANK_RANGE => {
            let v = arg(a, 0)?;
            let ro = select::rank_order(&vals);
            let anchor = ro.iter().filter(|i| order::cmp(vals[**i], v) == std::cmp::Ordering::Less).count();
            let (s, c) = select::rel_range(n, anchor, int(a, 1)?, opt_int(a, 2)?);
            (ro[s..s + c].to_vec(), true)
        }
        _ => return Err(result::PARAMETER_ERROR),
    };
    if rt.inverted && !multi {
        return Err(result::PARAMETER_ERROR);
    }
    let sel = if multi { select::effective(&rt, n, sel) } else { sel };
    let out = select::build(&rt, &view(list), &sel, multi)?;
    if remove {
        remove_sel(list, &sel);
    }
    Ok(out)
}

/// Server increment rules: the stored value's type wins; nil delta is 1.
pub fn increment(cur: Option<&V>, delta: &V) -> Result<V, ResultCode> {
    let (di, df) = match delta {
        V::Nil => (1, 1.0),
        V::Int(i) => (*i, *i as f64),
        V::Float(f) => (*f as i64, *f),
        _ => return Err(result::PARAMETER_ERROR),
    };
    match cur {
        None => Ok(match delta {
            V::Float(_) => V::Float(df),
            _ => V::Int(di),
        }),
        Some(V::Int(i)) => Ok(V::Int(i.wrapping_add(di))),
        Some(V::Float(f)) => Ok(V::Float(f + df)),
        Some(_) => Err(result::PARAMETER_ERROR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(v: &[i64]) -> List {
        List { flags: 0, items: v.iter().map(|i| V::Int(*i)).collect() }
    }
    fn ints(v: &[i64]) -> V {
        V::list(v.iter().map(|i| V::Int(*i)).collect())
    }

    #[test]
    fn positional_ops() {
        let mut x = l(&[1, 2, 3]);
        assert_eq!(apply(&mut x, APPEND, &[V::Int(4)]), Ok(V::Int(4)));
        assert_eq!(apply(&mut x, INSERT, &[V::Int(-1), V::Int(9)]), Ok(V::Int(5)));
        assert_eq!(x, l(&[1, 2, 3, 9, 4]));
        assert_eq!(apply(&mut x, GET, &[V::Int(-1)]), Ok(V::Int(4)));
        assert_eq!(apply(&mut x, GET, &[V::Int(5)]), Err(result::OP_NOT_APPLICABLE));
        assert_eq!(apply(&mut x, POP_RANGE, &[V::Int(3)]), Ok(ints(&[9, 4])));
        assert_eq!(apply(&mut x, INSERT, &[V::Int(5), V::Int(7)]), Ok(V::Int(6)));
        assert_eq!(x.items[4], V::Nil);
        let bounded = [V::Int(10), V::Int(1), V::Int(INSERT_BOUNDED)];
        assert_eq!(apply(&mut x, INSERT, &bounded), Err(result::OP_NOT_APPLICABLE));
        assert_eq!(apply(&mut x, TRIM, &[V::Int(1), V::Int(2)]), Ok(V::Int(4)));
        assert_eq!(apply(&mut x, SET, &[V::Int(i64::MAX), V::Int(1)]), Err(result::RECORD_TOO_BIG));
        assert_eq!(x, l(&[2, 3]));
    }

    #[test]
    fn unique_and_ordered() {
        let mut x = l(&[1, 2]);
        let uniq = [V::Int(2), V::Int(0), V::Int(ADD_UNIQUE)];
        assert_eq!(apply(&mut x, APPEND, &uniq), Err(result::ELEMENT_EXISTS));
        let nofail = [V::Int(2), V::Int(0), V::Int(ADD_UNIQUE | NO_FAIL)];
        assert_eq!(apply(&mut x, APPEND, &nofail), Ok(V::Int(2)));
        let partial = [ints(&[2, 5, 5]), V::Int(0), V::Int(ADD_UNIQUE | NO_FAIL | PARTIAL)];
        assert_eq!(apply(&mut x, APPEND_ITEMS, &partial), Ok(V::Int(3)));
        let mut o = l(&[5, 1, 3]);
        apply(&mut o, SET_TYPE, &[V::Int(1)]).unwrap();
        apply(&mut o, APPEND, &[V::Int(2)]).unwrap();
        assert_eq!(o.items, l(&[1, 2, 3, 5]).items);
        assert_eq!(apply(&mut o, INSERT, &[V::Int(0), V::Int(1)]), Err(result::OP_NOT_APPLICABLE));
        // set on an ordered list replaces, then re-sorts.
        assert_eq!(apply(&mut o, SET, &[V::Int(0), V::Int(9)]), Ok(V::Nil));
        assert_eq!(o.items, l(&[2, 3, 5, 9]).items);
    }

    #[test]
    fn selectors() {
        let mut x = l(&[7, 3, 9, 3, 1]);
        let rt = |r: i64| V::Int(r);
        assert_eq!(apply(&mut x, GET_BY_RANK, &[rt(7), V::Int(0)]), Ok(V::Int(1)));
        assert_eq!(apply(&mut x, GET_BY_RANK, &[rt(7), V::Int(-1)]), Ok(V::Int(9)));
        assert_eq!(apply(&mut x, GET_BY_VALUE, &[rt(1), V::Int(3)]), Ok(ints(&[1, 3])));
        assert_eq!(apply(&mut x, GET_BY_VALUE_INTERVAL, &[rt(7), V::Int(3), V::Int(8)]), Ok(ints(&[7, 3, 3])));
        assert_eq!(apply(&mut x, GET_BY_RANK_RANGE, &[rt(7), V::Int(-2)]), Ok(ints(&[7, 9])));
        assert_eq!(apply(&mut x, GET_BY_INDEX_RANGE, &[rt(5), V::Int(1), V::Int(2)]), Ok(V::Int(2)));
        let inv = [rt(7 | select::RT_INVERTED), V::Int(3)];
        assert_eq!(apply(&mut x, GET_BY_VALUE, &inv), Ok(ints(&[7, 9, 1])));
        assert_eq!(apply(&mut x, GET_BY_VALUE_REL_RANK_RANGE, &[rt(7), V::Int(5), V::Int(0)]), Ok(ints(&[7, 9])));
        assert_eq!(apply(&mut x, GET_BY_INDEX, &[rt(7), V::Int(10)]), Err(result::OP_NOT_APPLICABLE));
        assert_eq!(apply(&mut x, GET_BY_RANK, &[rt(7), V::Int(-6)]), Err(result::OP_NOT_APPLICABLE));
        assert_eq!(
            apply(&mut x, GET_BY_INDEX, &[rt(7 | select::RT_INVERTED), V::Int(0)]),
            Err(result::PARAMETER_ERROR)
        );
        assert_eq!(apply(&mut x, GET_BY_VALUE + REMOVE_OFFSET, &[rt(5), V::Int(3)]), Ok(V::Int(2)));
        assert_eq!(x, l(&[7, 9, 1]));
    }

    #[test]
    fn sort_and_increment() {
        let mut x = List { flags: 0, items: vec![V::Int(3), V::string("a"), V::Int(1), V::Int(3)] };
        apply(&mut x, SORT, &[V::Int(2)]).unwrap();
        assert_eq!(x.items, vec![V::Int(1), V::Int(3), V::string("a")]);
        assert_eq!(apply(&mut x, INCREMENT, &[V::Int(0), V::Int(5)]), Ok(V::Int(6)));
        assert_eq!(apply(&mut x, INCREMENT, &[V::Int(2), V::Int(5)]), Err(result::PARAMETER_ERROR));
        assert_eq!(increment(Some(&V::Float(1.5)), &V::Int(1)), Ok(V::Float(2.5)));
    }
}
