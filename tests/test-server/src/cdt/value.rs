//! Decoded msgpack values for CDT operations.
//!
//! Contract: `decode` turns one msgpack object (as clients and the server
//! write them inside list/map particles and CDT op payloads) into a `V`
//! tree; `encode` writes it back in canonical msgpack. Strings and blobs
//! keep their leading Aerospike particle-type byte (3 string, 4 blob,
//! 23 GeoJSON) inside `Bytes`, as on the wire. A list or map whose first
//! element is an ext header (`c7 00 <flags>`; for maps followed by a nil
//! value) carries those flags in `flags`. Ext values `d4 ff 01` / `d4 ff 00`
//! are the comparison sentinels INF and WILDCARD.

use crate::msgpack::{self, Malformed};

#[derive(Clone, Debug, PartialEq)]
pub enum V {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Particle-type byte followed by content; `bin` when msgpack bin-typed.
    Bytes(Vec<u8>, bool),
    List(List),
    Map(Map),
    /// Any other ext object, kept raw.
    Ext(Vec<u8>),
    Wildcard,
    Inf,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct List {
    /// 0 unordered, 1 ordered (persist-index bit 0x10 dropped).
    pub flags: u8,
    pub items: Vec<V>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Map {
    /// 0 unordered, 1 key-ordered, 3 key-value-ordered, 8 preserve-order.
    pub flags: u8,
    pub entries: Vec<(V, V)>,
}

pub const LIST_ORDERED: u8 = 1;
pub const MAP_KEY_ORDERED: u8 = 1;
pub const MAP_PRESERVE: u8 = 8;

impl V {
    #[cfg(test)]
    pub fn string(s: &str) -> V {
        let mut b = vec![3u8];
        b.extend_from_slice(s.as_bytes());
        V::Bytes(b, false)
    }
    pub fn list(items: Vec<V>) -> V {
        V::List(List { flags: 0, items })
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            V::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl List {
    pub fn ordered(&self) -> bool {
        self.flags & LIST_ORDERED != 0
    }
}

impl Map {
    pub fn key_ordered(&self) -> bool {
        self.flags & MAP_KEY_ORDERED != 0
    }
}

pub fn decode(buf: &[u8]) -> Result<V, Malformed> {
    // The decoder below recurses: its depth is bounded first.
    msgpack::validate_nested(buf, msgpack::MAX_CDT_DEPTH)?;
    let mut pos = 0;
    read(buf, &mut pos)
}

fn be(buf: &[u8], pos: &mut usize, n: usize) -> Result<u64, Malformed> {
    let s = buf.get(*pos..*pos + n).ok_or(Malformed)?;
    *pos += n;
    Ok(s.iter().fold(0u64, |a, b| (a << 8) | *b as u64))
}

fn bytes(buf: &[u8], pos: &mut usize, n: usize) -> Result<Vec<u8>, Malformed> {
    let s = buf.get(*pos..*pos + n).ok_or(Malformed)?.to_vec();
    *pos += n;
    Ok(s)
}

fn is_ext(tag: u8) -> bool {
    matches!(tag, 0xc7..=0xc9 | 0xd4..=0xd8)
}

/// Ext header flags: `c7 00 <type>` carries the flags in the type byte.
fn ext_flags(raw: &[u8]) -> u8 {
    match raw {
        [0xc7, 0, t] => *t,
        [0xd4, t, _] => *t,
        _ => 0,
    }
}

fn read(buf: &[u8], pos: &mut usize) -> Result<V, Malformed> {
    let tag = *buf.get(*pos).ok_or(Malformed)?;
    let start = *pos;
    *pos += 1;
    Ok(match tag {
        0x00..=0x7f => V::Int(tag as i64),
        0xe0..=0xff => V::Int(tag as i8 as i64),
        0xc0 => V::Nil,
        0xc2 => V::Bool(false),
        0xc3 => V::Bool(true),
        0x80..=0x8f => read_map(buf, pos, (tag & 0x0f) as usize)?,
        0x90..=0x9f => read_list(buf, pos, (tag & 0x0f) as usize)?,
        0xa0..=0xbf => V::Bytes(bytes(buf, pos, (tag & 0x1f) as usize)?, false),
        0xd9..=0xdb => {
            let n = be(buf, pos, 1 << (tag - 0xd9))? as usize;
            V::Bytes(bytes(buf, pos, n)?, false)
        }
        0xc4..=0xc6 => {
            let n = be(buf, pos, 1 << (tag - 0xc4))? as usize;
            V::Bytes(bytes(buf, pos, n)?, true)
        }
        0xca => V::Float(f32::from_bits(be(buf, pos, 4)? as u32) as f64),
        0xcb => V::Float(f64::from_bits(be(buf, pos, 8)?)),
        0xcc..=0xcf => V::Int(be(buf, pos, 1 << (tag - 0xcc))? as i64),
        0xd0 => V::Int(be(buf, pos, 1)? as u8 as i8 as i64),
        0xd1 => V::Int(be(buf, pos, 2)? as u16 as i16 as i64),
        0xd2 => V::Int(be(buf, pos, 4)? as u32 as i32 as i64),
        0xd3 => V::Int(be(buf, pos, 8)? as i64),
        0xdc | 0xdd => {
            let n = be(buf, pos, if tag == 0xdc { 2 } else { 4 })? as usize;
            read_list(buf, pos, n)?
        }
        0xde | 0xdf => {
            let n = be(buf, pos, if tag == 0xde { 2 } else { 4 })? as usize;
            read_map(buf, pos, n)?
        }
        t if is_ext(t) => {
            *pos = msgpack::skip(buf, start)?;
            let raw = buf[start..*pos].to_vec();
            match raw.as_slice() {
                [0xd4, 0xff, 0x01] => V::Inf,
                [0xd4, 0xff, 0x00] => V::Wildcard,
                _ => V::Ext(raw),
            }
        }
        _ => return Err(Malformed),
    })
}

fn read_list(buf: &[u8], pos: &mut usize, mut n: usize) -> Result<V, Malformed> {
    let mut flags = 0;
    if n > 0 && buf.get(*pos).is_some_and(|t| is_ext(*t)) {
        let start = *pos;
        *pos = msgpack::skip(buf, start)?;
        flags = ext_flags(&buf[start..*pos]) & 0x0f;
        n -= 1;
    }
    let mut items = Vec::with_capacity(n.min(buf.len()));
    for _ in 0..n {
        items.push(read(buf, pos)?);
    }
    Ok(V::List(List { flags, items }))
}

fn read_map(buf: &[u8], pos: &mut usize, mut n: usize) -> Result<V, Malformed> {
    let mut flags = 0;
    if n > 0 && buf.get(*pos).is_some_and(|t| is_ext(*t)) {
        let start = *pos;
        *pos = msgpack::skip(buf, start)?;
        flags = ext_flags(&buf[start..*pos]) & 0x0f;
        *pos = msgpack::skip(buf, *pos)?;
        n -= 1;
    }
    let mut entries = Vec::with_capacity(n.min(buf.len()));
    for _ in 0..n {
        let k = read(buf, pos)?;
        let v = read(buf, pos)?;
        entries.push((k, v));
    }
    Ok(V::Map(Map { flags, entries }))
}

pub fn encode(v: &V) -> Vec<u8> {
    let mut out = Vec::new();
    write(v, &mut out);
    out
}

fn header(out: &mut Vec<u8>, n: usize, fix: u8, fix_max: usize, t16: u8, t32: u8) {
    if n <= fix_max {
        out.push(fix | n as u8);
    } else if n < 1 << 16 {
        out.push(t16);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(t32);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
}

pub fn write_int(i: i64, out: &mut Vec<u8>) {
    if (0..128).contains(&i) || (-32..0).contains(&i) {
        out.push(i as i8 as u8);
    } else if i >= 0 {
        if i < 256 {
            out.extend_from_slice(&[0xcc, i as u8]);
        } else if i < 1 << 16 {
            out.push(0xcd);
            out.extend_from_slice(&(i as u16).to_be_bytes());
        } else if i < 1 << 32 {
            out.push(0xce);
            out.extend_from_slice(&(i as u32).to_be_bytes());
        } else {
            out.push(0xcf);
            out.extend_from_slice(&(i as u64).to_be_bytes());
        }
    } else if i >= -128 {
        out.extend_from_slice(&[0xd0, i as i8 as u8]);
    } else if i >= -32768 {
        out.push(0xd1);
        out.extend_from_slice(&(i as i16).to_be_bytes());
    } else if i >= i32::MIN as i64 {
        out.push(0xd2);
        out.extend_from_slice(&(i as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&i.to_be_bytes());
    }
}

fn write(v: &V, out: &mut Vec<u8>) {
    match v {
        V::Nil => out.push(0xc0),
        V::Bool(b) => out.push(if *b { 0xc3 } else { 0xc2 }),
        V::Int(i) => write_int(*i, out),
        V::Float(f) => {
            out.push(0xcb);
            out.extend_from_slice(&f.to_bits().to_be_bytes());
        }
        V::Bytes(b, is_bin) => {
            if *is_bin {
                let n = b.len();
                if n < 256 {
                    out.extend_from_slice(&[0xc4, n as u8]);
                } else if n < 1 << 16 {
                    out.push(0xc5);
                    out.extend_from_slice(&(n as u16).to_be_bytes());
                } else {
                    out.push(0xc6);
                    out.extend_from_slice(&(n as u32).to_be_bytes());
                }
            } else if b.len() < 32 {
                out.push(0xa0 | b.len() as u8);
            } else if b.len() < 256 {
                out.extend_from_slice(&[0xd9, b.len() as u8]);
            } else {
                header(out, b.len(), 0, 0, 0xda, 0xdb);
            }
            out.extend_from_slice(b);
        }
        V::List(l) => {
            let ext = l.flags != 0;
            header(out, l.items.len() + ext as usize, 0x90, 15, 0xdc, 0xdd);
            if ext {
                out.extend_from_slice(&[0xc7, 0, l.flags]);
            }
            for i in &l.items {
                write(i, out);
            }
        }
        V::Map(m) => {
            let ext = m.flags != 0;
            header(out, m.entries.len() + ext as usize, 0x80, 15, 0xde, 0xdf);
            if ext {
                out.extend_from_slice(&[0xc7, 0, m.flags, 0xc0]);
            }
            for (k, v) in &m.entries {
                write(k, out);
                write(v, out);
            }
        }
        V::Ext(raw) => out.extend_from_slice(raw),
        V::Wildcard => out.extend_from_slice(&[0xd4, 0xff, 0x00]),
        V::Inf => out.extend_from_slice(&[0xd4, 0xff, 0x01]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_scalars_and_containers() {
        for v in [
            V::Nil,
            V::Bool(true),
            V::Int(-1),
            V::Int(200),
            V::Int(-40000),
            V::Int(i64::MIN),
            V::Int(1 << 40),
            V::Float(1.5),
            V::string("hello"),
            V::list(vec![V::Int(1), V::string("x")]),
            V::Map(Map { flags: 1, entries: vec![(V::string("a"), V::Int(1))] }),
            V::List(List { flags: 1, items: vec![V::Int(1); 20] }),
        ] {
            assert_eq!(decode(&encode(&v)).unwrap(), v);
        }
    }

    #[test]
    fn ext_headers_become_flags() {
        let ordered_list = [0x92, 0xc7, 0x00, 0x01, 0x05];
        assert_eq!(decode(&ordered_list).unwrap(), V::List(List { flags: 1, items: vec![V::Int(5)] }));
        let kv_map = [0x82, 0xc7, 0x00, 0x03, 0xc0, 0x01, 0x02];
        let V::Map(m) = decode(&kv_map).unwrap() else { panic!() };
        assert_eq!((m.flags, m.entries.len()), (3, 1));
        assert_eq!(encode(&V::Map(m)), kv_map);
        assert_eq!(decode(&[0xd4, 0xff, 0x01]).unwrap(), V::Inf);
        assert!(decode(&[0x92, 0x01]).is_err());
    }
}
