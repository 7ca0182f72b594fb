//! Aerospike's canonical value ordering, used for ranks, value ranges,
//! sorting and ordered lists/maps.
//!
//! Contract: values order first by type: NIL < BOOL < INTEGER < STRING <
//! LIST < MAP < BYTES < DOUBLE < GEOJSON < (other) < INF. Within a type:
//! false < true; integers and doubles numerically; strings and bytes by
//! content bytes (shorter prefix first); lists element by element, then by
//! length; maps by entry count, then entry by entry in key order. WILDCARD
//! compares equal to anything and, inside a list, to the rest of the list.

use super::value::V;
use std::cmp::Ordering;

fn type_rank(v: &V) -> u8 {
    match v {
        V::Nil => 1,
        V::Bool(_) => 2,
        V::Int(_) => 3,
        V::Bytes(b, _) => match b.first() {
            Some(3) => 4,
            Some(23) => 9,
            _ => 7,
        },
        V::List(_) => 5,
        V::Map(_) => 6,
        V::Float(_) => 8,
        V::Ext(_) => 10,
        V::Inf => 11,
        V::Wildcard => 0,
    }
}

pub fn cmp(a: &V, b: &V) -> Ordering {
    if matches!(a, V::Wildcard) || matches!(b, V::Wildcard) {
        return Ordering::Equal;
    }
    let (ta, tb) = (type_rank(a), type_rank(b));
    if ta != tb {
        return ta.cmp(&tb);
    }
    match (a, b) {
        (V::Bool(x), V::Bool(y)) => x.cmp(y),
        (V::Int(x), V::Int(y)) => x.cmp(y),
        (V::Float(x), V::Float(y)) => x.total_cmp(y),
        (V::Bytes(x, _), V::Bytes(y, _)) => x.cmp(y),
        (V::Ext(x), V::Ext(y)) => x.cmp(y),
        (V::List(x), V::List(y)) => {
            for (p, q) in x.items.iter().zip(&y.items) {
                if matches!(p, V::Wildcard) || matches!(q, V::Wildcard) {
                    return Ordering::Equal;
                }
                match cmp(p, q) {
                    Ordering::Equal => {}
                    o => return o,
                }
            }
            x.items.len().cmp(&y.items.len())
        }
        (V::Map(x), V::Map(y)) => {
            let n = x.entries.len().cmp(&y.entries.len());
            if n != Ordering::Equal {
                return n;
            }
            let (sx, sy) = (sorted_entries(&x.entries), sorted_entries(&y.entries));
            for ((kx, vx), (ky, vy)) in sx.iter().zip(&sy) {
                match cmp(kx, ky).then_with(|| cmp(vx, vy)) {
                    Ordering::Equal => {}
                    o => return o,
                }
            }
            Ordering::Equal
        }
        _ => Ordering::Equal,
    }
}

fn sorted_entries(e: &[(V, V)]) -> Vec<&(V, V)> {
    let mut v: Vec<&(V, V)> = e.iter().collect();
    v.sort_by(|a, b| cmp(&a.0, &b.0));
    v
}

pub fn eq(a: &V, b: &V) -> bool {
    cmp(a, b) == Ordering::Equal
}

/// Value order, ties broken by the tie-breaker (original position / key).
pub fn sort_values(items: &mut [V]) {
    items.sort_by(cmp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cdt::value::{List, Map};

    fn blob(b: &[u8]) -> V {
        let mut v = vec![4];
        v.extend_from_slice(b);
        V::Bytes(v, true)
    }

    #[test]
    fn cross_type_order() {
        let mut vals = vec![
            V::Inf,
            V::Float(-5.0),
            blob(b"a"),
            V::Map(Map::default()),
            V::list(vec![]),
            V::string("a"),
            V::Int(99),
            V::Bool(true),
            V::Bool(false),
            V::Nil,
        ];
        sort_values(&mut vals);
        assert_eq!(vals[0], V::Nil);
        assert_eq!(vals[1], V::Bool(false));
        assert_eq!(vals[3], V::Int(99));
        assert_eq!(vals[4], V::string("a"));
        assert!(matches!(vals[5], V::List(_)));
        assert!(matches!(vals[6], V::Map(_)));
        assert_eq!(vals[7], blob(b"a"));
        assert_eq!(vals[8], V::Float(-5.0));
        assert_eq!(vals[9], V::Inf);
    }

    #[test]
    fn within_type_order() {
        assert_eq!(cmp(&V::string("ab"), &V::string("b")), Ordering::Less);
        assert_eq!(cmp(&V::string("a"), &V::string("ab")), Ordering::Less);
        assert_eq!(cmp(&V::Int(-3), &V::Int(2)), Ordering::Less);
        let l = |v: Vec<i64>| V::List(List { flags: 0, items: v.into_iter().map(V::Int).collect() });
        assert_eq!(cmp(&l(vec![1, 2]), &l(vec![1, 3])), Ordering::Less);
        assert_eq!(cmp(&l(vec![1, 2]), &l(vec![1, 2, 0])), Ordering::Less);
        assert_eq!(cmp(&l(vec![2]), &l(vec![1, 9])), Ordering::Greater);
        let m1 = V::Map(Map { flags: 0, entries: vec![(V::Int(9), V::Int(9))] });
        let m2 = V::Map(Map { flags: 0, entries: vec![(V::Int(1), V::Int(1)), (V::Int(2), V::Int(2))] });
        assert_eq!(cmp(&m1, &m2), Ordering::Less);
    }

    #[test]
    fn wildcard_matches() {
        assert!(eq(&V::Wildcard, &V::Int(3)));
        let pat = V::list(vec![V::string("a"), V::Wildcard]);
        assert!(eq(&pat, &V::list(vec![V::string("a"), V::Int(1), V::Int(2)])));
        assert!(!eq(&pat, &V::list(vec![V::string("b"), V::Int(1)])));
    }
}
