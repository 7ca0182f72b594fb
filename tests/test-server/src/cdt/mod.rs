//! CDT (list/map) operations: AS_MSG op types CDT_READ (3) and
//! CDT_MODIFY (4).
//!
//! Contract: the op value is a msgpack payload `[op_code, args...]`, or
//! `[0xff, [ctx_id, ctx_value, ...], [op_code, args...]]` with a context
//! path into nested containers. `execute` decodes the bin, walks the
//! context, runs the list (codes < 64) or map (64..=127) op and returns
//! the op's result plus, for modify ops, the new bin value (re-encoded).
//! Errors: an op code that is not a CDT op, or a modify code sent as a
//! read, is PARAMETER_ERROR (4); a bin of another type is BIN_TYPE_ERROR
//! (12); a context element that does not exist is OP_NOT_APPLICABLE (26).
//! Reads of a missing bin answer nil.

pub mod list;
pub mod map;
pub mod order;
pub mod select;
pub mod value;

use crate::particle::{self, Value};
use crate::result::{self, ResultCode};
use value::{List, Map, V};

pub struct Outcome {
    pub result: Value,
    /// New bin value when a modify op ran.
    pub new_bin: Option<Value>,
}

struct Payload {
    ctx: Vec<(i64, V)>,
    code: u8,
    args: Vec<V>,
}

fn parse(payload: &[u8]) -> Result<Payload, ResultCode> {
    let V::List(top) = value::decode(payload).map_err(|_| result::PARAMETER_ERROR)? else {
        return Err(result::PARAMETER_ERROR);
    };
    let (ctx, op) = match top.items.as_slice() {
        [V::Int(0xff), V::List(ctx), V::List(op)] => {
            if ctx.items.len() % 2 != 0 || ctx.items.is_empty() {
                return Err(result::PARAMETER_ERROR);
            }
            let pairs = ctx
                .items
                .chunks(2)
                .map(|c| c[0].as_i64().map(|id| (id, c[1].clone())).ok_or(result::PARAMETER_ERROR))
                .collect::<Result<Vec<_>, _>>()?;
            (pairs, op.items.clone())
        }
        _ => (Vec::new(), top.items),
    };
    let code = op.first().and_then(V::as_i64).ok_or(result::PARAMETER_ERROR)?;
    let code = u8::try_from(code).map_err(|_| result::PARAMETER_ERROR)?;
    Ok(Payload { ctx, code, args: op[1..].to_vec() })
}

pub fn to_v(bin: &Value) -> Result<V, ResultCode> {
    match bin.ptype {
        particle::LIST | particle::MAP => value::decode(&bin.data).map_err(|_| result::PARAMETER_ERROR),
        _ => Err(result::BIN_TYPE_ERROR),
    }
}

/// A result value as a reply particle.
pub fn to_particle(v: &V) -> Value {
    match v {
        V::Nil => Value::nil(),
        V::Int(i) => Value::int(*i),
        V::Float(f) => Value::float(*f),
        V::Bool(b) => Value::new(particle::BOOL, vec![*b as u8]),
        V::Bytes(b, _) if !b.is_empty() => Value::new(b[0], b[1..].to_vec()),
        V::Bytes(..) => Value::new(particle::BLOB, Vec::new()),
        V::List(_) => Value::new(particle::LIST, value::encode(v)),
        V::Map(_) => Value::new(particle::MAP, value::encode(v)),
        V::Ext(_) | V::Wildcard | V::Inf => Value::new(particle::LIST, value::encode(&V::list(vec![v.clone()]))),
    }
}

/// A plain bin value as a CDT element (for secondary-index and tests).
pub fn from_particle(p: &Value) -> Option<V> {
    match p.ptype {
        particle::INTEGER => p.as_int().map(V::Int),
        particle::FLOAT => p.as_float().map(V::Float),
        particle::LIST | particle::MAP => value::decode(&p.data).ok(),
        particle::BOOL => p.data.first().map(|b| V::Bool(*b != 0)),
        t => {
            let mut b = vec![t];
            b.extend_from_slice(&p.data);
            Some(V::Bytes(b, t != particle::STRING))
        }
    }
}

/// A context path (msgpack `[id, value, ...]`) re-encoded canonically, so paths sent
/// by different clients compare equal; None when malformed.
pub fn canonical_ctx(raw: &[u8]) -> Option<Vec<u8>> {
    match value::decode(raw).ok()? {
        V::List(l) if !l.items.is_empty() && l.items.len() % 2 == 0 => Some(value::encode(&V::List(l))),
        _ => None,
    }
}

/// The element of `root` a canonical context path leads to (None when absent).
pub fn lookup(root: &V, ctx: &[u8]) -> Option<V> {
    let V::List(path) = value::decode(ctx).ok()? else { return None };
    let pairs: Vec<(i64, V)> =
        path.items.chunks(2).map(|c| Some((c[0].as_i64()?, c[1].clone()))).collect::<Option<_>>()?;
    let mut copy = root.clone();
    navigate(&mut copy, &pairs, (false, 0), false).ok().cloned()
}

pub fn execute(bin: Option<&Value>, payload: &[u8], modify: bool) -> Result<Outcome, ResultCode> {
    let p = parse(payload)?;
    let is_list = p.code < 64;
    let op_modifies = if is_list { list::is_modify(p.code) } else { map::is_modify(p.code) };
    let op_modifies = op_modifies.ok_or_else(|| {
        eprintln!("test-server: unsupported CDT op code {}", p.code);
        result::PARAMETER_ERROR
    })?;
    if op_modifies != modify {
        return Err(result::PARAMETER_ERROR);
    }
    let mut root = match bin {
        Some(b) => to_v(b)?,
        None if !modify => return Ok(Outcome { result: Value::nil(), new_bin: None }),
        None if p.ctx.is_empty() => new_container(is_list, create_flags(is_list, &p)),
        None => match p.ctx[0].0 & CTX_CREATE_MASK {
            0 => return Err(result::OP_NOT_APPLICABLE),
            _ => new_container(p.ctx[0].0 & 0x30 == 0x10, described_flags(p.ctx[0].0)),
        },
    };
    let leaf = (is_list, create_flags(is_list, &p));
    let target = navigate(&mut root, &p.ctx, leaf, modify)?;
    let out = match (target, is_list) {
        (V::List(l), true) => list::apply(l, p.code, &p.args)?,
        (V::Map(m), false) => map::apply(m, p.code, &p.args)?,
        _ => return Err(result::BIN_TYPE_ERROR),
    };
    let new_bin = modify.then(|| to_particle(&root));
    Ok(Outcome { result: to_particle(&out), new_bin })
}

fn create_flags(is_list: bool, p: &Payload) -> u8 {
    if is_list {
        list::create_flags(p.code, &p.args)
    } else {
        map::create_flags(p.code, &p.args)
    }
}

fn new_container(is_list: bool, flags: u8) -> V {
    if is_list {
        V::List(List { flags, items: Vec::new() })
    } else {
        V::Map(Map { flags, entries: Vec::new() })
    }
}

/// Context ids (low bits) and the create-flag bits above them.
const CTX_LIST_INDEX: i64 = 0x10;
const CTX_LIST_RANK: i64 = 0x11;
const CTX_LIST_VALUE: i64 = 0x13;
const CTX_MAP_INDEX: i64 = 0x20;
const CTX_MAP_RANK: i64 = 0x21;
const CTX_MAP_KEY: i64 = 0x22;
const CTX_MAP_VALUE: i64 = 0x23;
const CTX_CREATE_MASK: i64 = 0xc0;

/// A list-index context's create bits meaning "pad with nils up to the index". An
/// ordered list (0xc0) cannot be padded: the client encodes order over pad.
const CTX_CREATE_PAD: i64 = 0x80;

/// The order flags a context's create bits give the container that context looks
/// into, when that container has to be created. The bits describe the container being
/// indexed, not the element created in it: on a real server `[map_key_create("tags"),
/// list_index_create(0, LIST_ORDERED)]` makes "tags" an ordered list, and the list
/// created at its index 0 stays unordered (appended items are not sorted).
fn described_flags(id: i64) -> u8 {
    match (id & 0x30 == 0x10, id & CTX_CREATE_MASK) {
        (true, 0xc0) => 1,
        (false, 0x80) => 1,
        (false, 0xc0) => 3,
        _ => 0,
    }
}

/// `leaf`: the op's container kind and the order flags its policy gives a new one.
fn navigate<'a>(cur: &'a mut V, ctx: &[(i64, V)], leaf: (bool, u8), write: bool) -> Result<&'a mut V, ResultCode> {
    let Some(((id, key), rest)) = ctx.split_first() else {
        return Ok(cur);
    };
    let create = if write { id & CTX_CREATE_MASK } else { 0 };
    // The element created here is what the next context looks into (or the op's target).
    let created = || match rest.first() {
        Some((next, _)) => new_container(next & 0x30 == 0x10, described_flags(*next)),
        None => new_container(leaf.0, leaf.1),
    };
    let not_found = result::OP_NOT_APPLICABLE;
    let slot: &'a mut V = match (id & 0x3f, cur) {
        (CTX_LIST_INDEX | CTX_LIST_RANK | CTX_LIST_VALUE, V::List(l)) => {
            let n = l.items.len();
            let vals: Vec<&V> = l.items.iter().collect();
            let found = match id & 0x3f {
                CTX_LIST_INDEX => select::single(n, key.as_i64().ok_or(result::PARAMETER_ERROR)?),
                CTX_LIST_RANK => {
                    let ro = select::rank_order(&vals);
                    select::single(n, key.as_i64().ok_or(result::PARAMETER_ERROR)?).map(|r| ro[r])
                }
                _ => vals.iter().position(|v| order::eq(v, key)),
            };
            let i = match found {
                Some(i) => i,
                None if create != 0 && id & 0x3f == CTX_LIST_INDEX => {
                    let idx = key.as_i64().unwrap_or(-1);
                    if idx < n as i64 || (idx > n as i64 && create != CTX_CREATE_PAD) {
                        return Err(not_found);
                    }
                    if idx > n as i64 + list::MAX_PAD {
                        return Err(result::RECORD_TOO_BIG);
                    }
                    l.items.resize(idx as usize, V::Nil);
                    l.items.push(created());
                    idx as usize
                }
                None => return Err(not_found),
            };
            &mut l.items[i]
        }
        (CTX_MAP_INDEX | CTX_MAP_RANK | CTX_MAP_KEY | CTX_MAP_VALUE, V::Map(m)) => {
            let n = m.entries.len();
            let mut perm: Vec<usize> = (0..n).collect();
            perm.sort_by(|x, y| order::cmp(&m.entries[*x].0, &m.entries[*y].0));
            let found = match id & 0x3f {
                CTX_MAP_INDEX => select::single(n, key.as_i64().ok_or(result::PARAMETER_ERROR)?).map(|i| perm[i]),
                CTX_MAP_RANK => {
                    let vals: Vec<&V> = perm.iter().map(|p| &m.entries[*p].1).collect();
                    let ro = select::rank_order(&vals);
                    select::single(n, key.as_i64().ok_or(result::PARAMETER_ERROR)?).map(|r| perm[ro[r]])
                }
                CTX_MAP_KEY => m.entries.iter().position(|(k, _)| order::eq(k, key)),
                _ => perm.iter().copied().find(|p| order::eq(&m.entries[*p].1, key)),
            };
            let i = match found {
                Some(i) => i,
                None if create != 0 && id & 0x3f == CTX_MAP_KEY => {
                    m.entries.push((key.clone(), created()));
                    map::sort(m);
                    m.entries.iter().position(|(k, _)| order::eq(k, key)).unwrap_or(0)
                }
                None => return Err(not_found),
            };
            &mut m.entries[i].1
        }
        (0x10..=0x13 | 0x20..=0x23, _) => return Err(result::BIN_TYPE_ERROR),
        _ => return Err(result::PARAMETER_ERROR),
    };
    navigate(slot, rest, leaf, write)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(v: V) -> Vec<u8> {
        value::encode(&v)
    }

    #[test]
    fn list_append_creates_bin_and_reads_back() {
        let p = payload(V::list(vec![V::Int(list::APPEND as i64), V::Int(5)]));
        let o = execute(None, &p, true).unwrap();
        assert_eq!(o.result, Value::int(1));
        let bin = o.new_bin.unwrap();
        assert_eq!(bin.ptype, particle::LIST);
        let size = payload(V::list(vec![V::Int(list::SIZE as i64)]));
        assert_eq!(execute(Some(&bin), &size, false).unwrap().result, Value::int(1));
        assert_eq!(execute(Some(&bin), &size, true).err(), Some(result::PARAMETER_ERROR));
        assert_eq!(execute(None, &size, false).unwrap().result, Value::nil());
        assert_eq!(execute(Some(&Value::int(1)), &size, false).err(), Some(result::BIN_TYPE_ERROR));
        let map_size = payload(V::list(vec![V::Int(map::SIZE as i64)]));
        assert_eq!(execute(Some(&bin), &map_size, false).err(), Some(result::BIN_TYPE_ERROR));
        let bogus = payload(V::list(vec![V::Int(200)]));
        assert_eq!(execute(Some(&bin), &bogus, false).err(), Some(result::PARAMETER_ERROR));
    }

    #[test]
    fn context_paths() {
        // {"a": [1, 2]} then append 3 to the list at key "a".
        let m = V::Map(Map { flags: 0, entries: vec![(V::string("a"), V::list(vec![V::Int(1), V::Int(2)]))] });
        let bin = Value::new(particle::MAP, value::encode(&m));
        let ctx = V::list(vec![V::Int(CTX_MAP_KEY), V::string("a")]);
        let op = V::list(vec![V::Int(list::APPEND as i64), V::Int(3)]);
        let p = payload(V::list(vec![V::Int(0xff), ctx, op.clone()]));
        let o = execute(Some(&bin), &p, true).unwrap();
        assert_eq!(o.result, Value::int(3));
        let missing = V::list(vec![V::Int(CTX_MAP_KEY), V::string("zz")]);
        let p = payload(V::list(vec![V::Int(0xff), missing, op.clone()]));
        assert_eq!(execute(Some(&bin), &p, true).err(), Some(result::OP_NOT_APPLICABLE));
        let create = V::list(vec![V::Int(CTX_MAP_KEY | 0x40), V::string("zz")]);
        let p = payload(V::list(vec![V::Int(0xff), create, op]));
        let o = execute(Some(&bin), &p, true).unwrap();
        assert_eq!(o.result, Value::int(1));
    }

    #[test]
    fn particles() {
        assert_eq!(to_particle(&V::string("ab")), Value::new(particle::STRING, b"ab".to_vec()));
        assert_eq!(from_particle(&Value::new(particle::STRING, b"ab".to_vec())), Some(V::string("ab")));
    }
}
