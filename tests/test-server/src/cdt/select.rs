//! Selecting CDT elements by index, rank and value, and building the
//! result a return type asks for.
//!
//! Contract: a selection is a list of element indexes in the order the
//! result should list them. Index/rank arguments may be negative (counted
//! from the end); multi-element ranges are clipped to the container, a
//! single element out of range is "not found". `build` turns a selection
//! into the reply value per return type (INVERTED flag included), with the
//! server's not-found values: -1 for a single index/rank, nil for a single
//! value/key, empty list/map, 0 count, false exists.

use super::order;
use super::value::{Map, V};
use crate::result::{self, ResultCode};

pub const RT_NONE: i64 = 0;
pub const RT_INDEX: i64 = 1;
pub const RT_REVERSE_INDEX: i64 = 2;
pub const RT_RANK: i64 = 3;
pub const RT_REVERSE_RANK: i64 = 4;
pub const RT_COUNT: i64 = 5;
pub const RT_KEY: i64 = 6;
pub const RT_VALUE: i64 = 7;
pub const RT_KEY_VALUE: i64 = 8;
pub const RT_EXISTS: i64 = 13;
pub const RT_UNORDERED_MAP: i64 = 16;
pub const RT_ORDERED_MAP: i64 = 17;
pub const RT_INVERTED: i64 = 0x10000;

/// Start and count of a multi-element index/rank range, clipped.
pub fn range(n: usize, index: i64, count: Option<i64>) -> (usize, usize) {
    let n = n as i64;
    let mut index = index;
    let mut count = count.unwrap_or(i64::MAX);
    if count < 0 {
        return (0, 0);
    }
    if index < 0 {
        index += n;
        if index < 0 {
            count = count.saturating_add(index).max(0);
            index = 0;
        }
    }
    if index >= n {
        return (n as usize, 0);
    }
    let count = count.min(n - index);
    (index as usize, count as usize)
}

/// A single index, or None when out of range.
pub fn single(n: usize, index: i64) -> Option<usize> {
    let i = if index < 0 { index + n as i64 } else { index };
    (0..n as i64).contains(&i).then_some(i as usize)
}

/// Relative range: the anchor's position plus `rel`, then `count`.
pub fn rel_range(n: usize, anchor: usize, rel: i64, count: Option<i64>) -> (usize, usize) {
    let mut index = (anchor as i64).saturating_add(rel);
    let mut count = count.unwrap_or(i64::MAX);
    if index < 0 {
        count = count.saturating_add(index).max(0);
        index = 0;
    }
    if index >= n as i64 {
        return (n, 0);
    }
    (index as usize, (count.min(n as i64 - index)) as usize)
}

/// Indexes sorted by value (ties by index): `rank_order[r]` is the index
/// holding rank `r`.
pub fn rank_order(vals: &[&V]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..vals.len()).collect();
    idx.sort_by(|a, b| order::cmp(vals[*a], vals[*b]).then(a.cmp(b)));
    idx
}

/// Indexes whose value lies in `[begin, end)`; `end` None means infinity.
pub fn interval(vals: &[&V], begin: &V, end: Option<&V>) -> Vec<usize> {
    use std::cmp::Ordering::*;
    (0..vals.len())
        .filter(|i| order::cmp(vals[*i], begin) != Less && end.is_none_or(|e| order::cmp(vals[*i], e) == Less))
        .collect()
}

pub struct Rt {
    pub kind: i64,
    pub inverted: bool,
}

pub fn rt(v: &V) -> Result<Rt, ResultCode> {
    let r = v.as_i64().ok_or(result::PARAMETER_ERROR)?;
    Ok(Rt { kind: r & !RT_INVERTED, inverted: r & RT_INVERTED != 0 })
}

/// What the selected elements are, for the result.
pub struct View<'a> {
    /// Values in index order (map: values in key order).
    pub vals: Vec<&'a V>,
    /// Keys in index order (maps only).
    pub keys: Option<Vec<&'a V>>,
}

impl View<'_> {
    fn len(&self) -> usize {
        self.vals.len()
    }
}

/// Complement of a selection, in index order.
pub fn invert(n: usize, sel: &[usize]) -> Vec<usize> {
    let mut mark = vec![false; n];
    for i in sel {
        mark[*i] = true;
    }
    (0..n).filter(|i| !mark[*i]).collect()
}

/// The selection an op acts on, after the INVERTED flag.
pub fn effective(rt: &Rt, n: usize, sel: Vec<usize>) -> Vec<usize> {
    if rt.inverted {
        invert(n, &sel)
    } else {
        sel
    }
}

pub fn build(rt: &Rt, view: &View, sel: &[usize], multi: bool) -> Result<V, ResultCode> {
    let n = view.len();
    let ranks = || {
        let ro = rank_order(&view.vals);
        let mut r = vec![0usize; n];
        for (rank, i) in ro.into_iter().enumerate() {
            r[i] = rank;
        }
        r
    };
    let ints = |f: &dyn Fn(usize) -> i64| -> V {
        if multi {
            V::list(sel.iter().map(|i| V::Int(f(*i))).collect())
        } else {
            sel.first().map_or(V::Int(-1), |i| V::Int(f(*i)))
        }
    };
    let elems = |f: &dyn Fn(usize) -> V| -> V {
        if multi {
            V::list(sel.iter().map(|i| f(*i)).collect())
        } else {
            sel.first().map_or(V::Nil, |i| f(*i))
        }
    };
    let map = |flags: u8| -> Result<V, ResultCode> {
        let keys = view.keys.as_ref().ok_or(result::PARAMETER_ERROR)?;
        let mut entries: Vec<(V, V)> = sel.iter().map(|i| (keys[*i].clone(), view.vals[*i].clone())).collect();
        if flags & 1 != 0 {
            entries.sort_by(|a, b| order::cmp(&a.0, &b.0));
        }
        Ok(V::Map(Map { flags, entries }))
    };
    Ok(match rt.kind {
        RT_NONE => V::Nil,
        RT_INDEX => ints(&|i| i as i64),
        RT_REVERSE_INDEX => ints(&|i| (n - 1 - i) as i64),
        RT_RANK => {
            let r = ranks();
            ints(&|i| r[i] as i64)
        }
        RT_REVERSE_RANK => {
            let r = ranks();
            ints(&|i| (n - 1 - r[i]) as i64)
        }
        RT_COUNT => V::Int(sel.len() as i64),
        RT_EXISTS => V::Bool(!sel.is_empty()),
        RT_VALUE => elems(&|i| view.vals[i].clone()),
        RT_KEY => {
            let keys = view.keys.as_ref().ok_or(result::PARAMETER_ERROR)?;
            elems(&|i| keys[i].clone())
        }
        RT_KEY_VALUE => map(super::value::MAP_PRESERVE)?,
        RT_UNORDERED_MAP => map(0)?,
        RT_ORDERED_MAP => map(super::value::MAP_KEY_ORDERED)?,
        _ => return Err(result::PARAMETER_ERROR),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(range(5, 1, Some(2)), (1, 2));
        assert_eq!(range(5, -2, None), (3, 2));
        assert_eq!(range(5, -7, Some(3)), (0, 1));
        assert_eq!(range(5, 9, Some(3)), (5, 0));
        assert_eq!(single(3, -1), Some(2));
        assert_eq!(single(3, 3), None);
        assert_eq!(single(3, -4), None);
        assert_eq!(rel_range(5, 2, -3, Some(3)), (0, 2));
        assert_eq!(rel_range(5, 2, i64::MAX, None), (5, 0));
        assert_eq!(range(5, i64::MIN, Some(i64::MAX)), (0, 4));
    }

    #[test]
    fn results_per_return_type() {
        let vals = [V::Int(30), V::Int(10), V::Int(20)];
        let view = View { vals: vals.iter().collect(), keys: None };
        let r = |k| Rt { kind: k, inverted: false };
        assert_eq!(build(&r(RT_RANK), &view, &[0], false).unwrap(), V::Int(2));
        assert_eq!(build(&r(RT_REVERSE_INDEX), &view, &[0], false).unwrap(), V::Int(2));
        assert_eq!(build(&r(RT_INDEX), &view, &[], false).unwrap(), V::Int(-1));
        assert_eq!(build(&r(RT_VALUE), &view, &[], false).unwrap(), V::Nil);
        assert_eq!(build(&r(RT_VALUE), &view, &[1, 2], true).unwrap(), V::list(vec![V::Int(10), V::Int(20)]));
        assert_eq!(build(&r(RT_COUNT), &view, &[1, 2], true).unwrap(), V::Int(2));
        assert_eq!(build(&r(RT_EXISTS), &view, &[], true).unwrap(), V::Bool(false));
        assert_eq!(invert(3, &[1]), vec![0, 2]);
    }
}
