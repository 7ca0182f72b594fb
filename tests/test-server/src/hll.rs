//! HyperLogLog bins: AS_MSG op types HLL_READ (15) and HLL_MODIFY (16),
//! with Aerospike's HyperMinHash sketch so counts match a real server's.
//!
//! Contract: a bin is `flags(1)=0 index_bits(1) minhash_bits(1) cache(8,
//! little-endian) registers`, 2^index_bits registers of 6 + minhash_bits
//! bits each, packed MSB first. An added element is hashed as its exact
//! msgpack bytes with MurmurHash3 x64-128 (seed 0): the low index_bits of
//! the first half pick the register, the next minhash_bits are the
//! min-hash, and 1 + the trailing zeros of the second half is the HLL
//! value; a register keeps its largest (value, min-hash). Counts use
//! Ertl's improved estimator ("New cardinality estimation algorithms for
//! HyperLogLog sketches", 2017, algorithm 6); similarity and intersection
//! use the min-hash registers (Yu & Weber, HyperMinHash, 2017) when every
//! sketch has the same min-hash bits, else inclusion-exclusion.
//! Errors: a bin of another type is BIN_TYPE_ERROR (12); bad bit counts,
//! flags or sketches are PARAMETER_ERROR (4); creating without index bits,
//! reducing bits without ALLOW_FOLD, or folding a min-hash sketch is
//! OP_NOT_APPLICABLE (26); CREATE_ONLY / UPDATE_ONLY refuse with
//! BIN_EXISTS (6) / BIN_NOT_FOUND (17) unless NO_FAIL. Reads of a missing
//! bin answer nil.

use crate::cdt::value::{self, V};
use crate::msgpack;
use crate::particle::{self, Value};
use crate::result::{self, ResultCode};

const INIT: i64 = 0;
const ADD: i64 = 1;
const SET_UNION: i64 = 2;
const REFRESH_COUNT: i64 = 3;
const FOLD: i64 = 4;
const COUNT: i64 = 50;
const GET_UNION: i64 = 51;
const UNION_COUNT: i64 = 52;
const INTERSECT_COUNT: i64 = 53;
const SIMILARITY: i64 = 54;
const DESCRIBE: i64 = 55;

const CREATE_ONLY: u64 = 1;
const UPDATE_ONLY: u64 = 2;
const NO_FAIL: u64 = 4;
const ALLOW_FOLD: u64 = 8;

const HEADER: usize = 11;
const HLL_BITS: u32 = 6;
const MIN_INDEX_BITS: u8 = 4;
const MAX_INDEX_BITS: u8 = 16;
const MIN_MINHASH_BITS: u8 = 4;
const MAX_MINHASH_BITS: u8 = 64 - HLL_BITS as u8 - 7;
/// "Not given" in an op (the clients send -1).
const UNSET: u8 = 0xff;

fn index_bits_ok(n: u8) -> bool {
    (MIN_INDEX_BITS..=MAX_INDEX_BITS).contains(&n)
}

fn minhash_bits_ok(n: u8) -> bool {
    n == 0 || (MIN_MINHASH_BITS..=MAX_MINHASH_BITS).contains(&n)
}

fn bits_ok(index: u8, minhash: u8) -> bool {
    index_bits_ok(index) && minhash_bits_ok(minhash) && index as u32 + minhash as u32 <= 64
}

/// One sketch.
#[derive(Clone, Debug, PartialEq)]
pub struct Hmh {
    index_bits: u8,
    minhash_bits: u8,
    cache: u64,
    registers: Vec<u8>,
}

impl Hmh {
    fn new(index_bits: u8, minhash_bits: u8) -> Hmh {
        let n_bits = HLL_BITS as usize + minhash_bits as usize;
        let size = (n_bits << index_bits).div_ceil(8);
        Hmh { index_bits, minhash_bits, cache: 0, registers: vec![0; size] }
    }

    /// A stored or sent sketch, checked as the server checks one.
    pub fn parse(data: &[u8]) -> Option<Hmh> {
        let (&[flags, index_bits, minhash_bits], rest) = (data.get(..3)?, data.get(3..)?) else {
            return None;
        };
        if flags != 0 || !bits_ok(index_bits, minhash_bits) || rest.len() < 8 {
            return None;
        }
        let mut h = Hmh::new(index_bits, minhash_bits);
        if data.len() != HEADER + h.registers.len() {
            return None;
        }
        h.cache = u64::from_le_bytes(rest[..8].try_into().ok()?);
        h.registers.copy_from_slice(&data[HEADER..]);
        Some(h)
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = vec![0, self.index_bits, self.minhash_bits];
        out.extend_from_slice(&self.cache.to_le_bytes());
        out.extend_from_slice(&self.registers);
        out
    }

    fn particle(&self) -> Value {
        Value::new(particle::HLL, self.encode())
    }

    fn n_registers(&self) -> usize {
        1 << self.index_bits
    }

    fn n_bits(&self) -> usize {
        HLL_BITS as usize + self.minhash_bits as usize
    }

    fn get(&self, r: usize) -> u64 {
        let start = r * self.n_bits();
        (start..start + self.n_bits())
            .fold(0, |acc, i| (acc << 1) | ((self.registers[i / 8] >> (7 - i % 8)) & 1) as u64)
    }

    fn set(&mut self, r: usize, value: u64) {
        let n = self.n_bits();
        for k in 0..n {
            let i = r * n + k;
            let bit = 0x80 >> (i % 8);
            if (value >> (n - 1 - k)) & 1 != 0 {
                self.registers[i / 8] |= bit;
            } else {
                self.registers[i / 8] &= !bit;
            }
        }
    }

    fn hll_value(&self, register: u64) -> u64 {
        register >> self.minhash_bits
    }

    /// Adds one element (its msgpack bytes); true when a register changed.
    fn add(&mut self, element: &[u8]) -> bool {
        let (h1, h2) = murmur3_x64_128(element);
        let r = (h1 & (self.n_registers() as u64 - 1)) as usize;
        let minhash = (h1 >> self.index_bits) & ((1u64 << self.minhash_bits) - 1);
        let value = ((h2.trailing_zeros() as u64 + 1) << self.minhash_bits) | minhash;
        if self.get(r) < value {
            self.set(r, value);
            self.cache = 0;
            true
        } else {
            false
        }
    }

    fn count(&self) -> u64 {
        if self.cache != 0 {
            return self.cache;
        }
        let m = self.n_registers() as f64;
        let top = 1usize << HLL_BITS;
        let mut c = vec![0u32; top + 1];
        for r in 0..self.n_registers() {
            c[(self.hll_value(self.get(r)) as usize).min(top)] += 1;
        }
        let mut z = m * tau(c[top] as f64 / m);
        for k in (1..=top).rev() {
            z = 0.5 * (z + c[k] as f64);
        }
        z += m * sigma(c[0] as f64 / m);
        (alpha(self.index_bits) * m * m / z).round() as u64
    }

    /// Merges `other` in (its index bits are at least ours).
    fn union(&mut self, other: &Hmh) {
        let mask = self.n_registers() - 1;
        for r in 0..other.n_registers() {
            let (mine, theirs) = if self.minhash_bits == 0 {
                (self.hll_value(self.get(r & mask)), other.hll_value(other.get(r)))
            } else {
                (self.get(r & mask), other.get(r))
            };
            if mine < theirs {
                self.set(r & mask, theirs);
            }
        }
        self.cache = 0;
    }

    fn intersect(&mut self, other: &Hmh) {
        let mask = self.n_registers() - 1;
        for r in 0..other.n_registers() {
            let mine = self.get(r & mask);
            self.set(r & mask, if mine == other.get(r) { mine } else { 0 });
        }
    }

    fn used_registers(&self) -> usize {
        (0..self.n_registers()).filter(|r| self.get(*r) != 0).count()
    }

    fn has_data(&self) -> bool {
        self.registers.iter().take(self.n_registers()).any(|b| *b != 0)
    }
}

fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let (mut y, mut z) = (1.0, 1.0 - x);
    loop {
        x = x.sqrt();
        let before = z;
        y *= 0.5;
        z -= (1.0 - x).powi(2) * y;
        if z == before {
            return z / 3.0;
        }
    }
}

fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let (mut y, mut z) = (1.0, x);
    loop {
        x *= x;
        let before = z;
        z += x * y;
        y += y;
        if z == before {
            return z;
        }
    }
}

fn alpha(index_bits: u8) -> f64 {
    match index_bits {
        4 => 0.673,
        5 => 0.697,
        6 => 0.709,
        b => 0.7213 / (1.0 + 1.079 / (1u64 << b) as f64),
    }
}

/// The bits every sketch can be merged into: the smallest index bits, and
/// the min-hash bits only when all agree.
fn template(all: &[&Hmh]) -> Hmh {
    let index = all.iter().map(|h| h.index_bits).min().unwrap_or(MIN_INDEX_BITS);
    let minhash = all[0].minhash_bits;
    let minhash = if all.iter().all(|h| h.minhash_bits == minhash) { minhash } else { 0 };
    Hmh::new(index, minhash)
}

fn union_of(all: &[&Hmh]) -> Hmh {
    let mut u = template(all);
    all.iter().for_each(|h| u.union(h));
    u
}

fn intersect_count(all: &[&Hmh]) -> u64 {
    if template(all).minhash_bits == 0 {
        let union = union_of(all).count();
        let sum = all.iter().fold(0u64, |acc, h| acc.saturating_add(h.count()));
        return sum.saturating_sub(union);
    }
    let j = similarity(all);
    if j.is_nan() {
        return 0;
    }
    (union_of(all).count() as f64 * j).round() as u64
}

fn similarity(all: &[&Hmh]) -> f64 {
    let t = template(all);
    if t.minhash_bits == 0 {
        return intersect_count(all) as f64 / union_of(all).count() as f64;
    }
    let empty = all.iter().filter(|h| !h.has_data()).count();
    if empty > 0 {
        return if empty < all.len() { 0.0 } else { f64::NAN };
    }
    let n_union = union_of(all).used_registers();
    let mut inter = t.clone();
    inter.union(all[0]);
    all[1..].iter().for_each(|h| inter.intersect(h));
    let n_intersect = inter.used_registers();
    let collisions = if all.len() == 2 { expected_collisions(&t, all[0].count(), all[1].count()) } else { 0.0 };
    ((n_intersect as f64 - collisions) / n_union as f64).max(0.0)
}

/// Expected register collisions of two unrelated sets of these sizes (HyperMinHash).
fn expected_collisions(t: &Hmh, n0: u64, n1: u64) -> f64 {
    let m = t.n_registers() as f64;
    let buckets = 1i32 << HLL_BITS;
    let mut cp = 0.0;
    for i in 1..=buckets {
        let b1 = if i == buckets { 0.0 } else { 2f64.powi(-i) } / m;
        let b2 = 2f64.powi(1 - i) / m;
        let px = (1.0 - b1).powf(n0 as f64) - (1.0 - b2).powf(n0 as f64);
        let py = (1.0 - b1).powf(n1 as f64) - (1.0 - b2).powf(n1 as f64);
        cp += px * py;
    }
    cp * m / 2f64.powi(t.minhash_bits as i32)
}

/// The op's code and its raw argument slices (elements must stay as sent: they are hashed).
fn parse(payload: &[u8]) -> Result<(i64, Vec<&[u8]>), ResultCode> {
    let (n, mut pos) = list_header(payload, 0)?;
    let mut args = Vec::with_capacity(n);
    for _ in 0..n {
        let end = msgpack::skip(payload, pos).map_err(|_| result::PARAMETER_ERROR)?;
        args.push(&payload[pos..end]);
        pos = end;
    }
    let code = args.first().and_then(|a| value::decode(a).ok()).and_then(|v| v.as_i64());
    Ok((code.ok_or(result::PARAMETER_ERROR)?, args.split_off(1)))
}

fn list_header(buf: &[u8], pos: usize) -> Result<(usize, usize), ResultCode> {
    match buf.get(pos) {
        Some(&t @ 0x90..=0x9f) => Some(((t & 0x0f) as usize, pos + 1)),
        Some(0xdc) => buf.get(pos + 1..pos + 3).map(|b| (u16::from_be_bytes([b[0], b[1]]) as usize, pos + 3)),
        Some(0xdd) => {
            buf.get(pos + 1..pos + 5).map(|b| (u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize, pos + 5))
        }
        _ => None,
    }
    .ok_or(result::PARAMETER_ERROR)
}

/// What one op asked for, checked argument by argument.
#[derive(Default)]
struct Args<'a> {
    elements: Vec<&'a [u8]>,
    hlls: Vec<Hmh>,
    index_bits: Option<u8>,
    minhash_bits: Option<u8>,
    flags: u64,
}

fn int(raw: &[u8]) -> Result<i64, ResultCode> {
    value::decode(raw).ok().and_then(|v| v.as_i64()).ok_or(result::PARAMETER_ERROR)
}

/// -1 (not given) or a valid count.
fn bit_count(raw: &[u8], ok: fn(u8) -> bool) -> Result<Option<u8>, ResultCode> {
    match int(raw)? {
        -1 => Ok(None),
        n if (0..=64).contains(&n) && ok(n as u8) => Ok(Some(n as u8)),
        _ => Err(result::PARAMETER_ERROR),
    }
}

fn elements(raw: &[u8]) -> Result<Vec<&[u8]>, ResultCode> {
    let (n, mut pos) = list_header(raw, 0)?;
    if n == 0 {
        return Err(result::PARAMETER_ERROR);
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        if matches!(raw.get(pos), Some(0x80..=0x9f | 0xdc..=0xdf)) {
            return Err(result::PARAMETER_ERROR);
        }
        let end = msgpack::skip(raw, pos).map_err(|_| result::PARAMETER_ERROR)?;
        out.push(&raw[pos..end]);
        pos = end;
    }
    Ok(out)
}

fn hlls(raw: &[u8]) -> Result<Vec<Hmh>, ResultCode> {
    let V::List(l) = value::decode(raw).map_err(|_| result::PARAMETER_ERROR)? else {
        return Err(result::PARAMETER_ERROR);
    };
    if l.items.is_empty() {
        return Err(result::PARAMETER_ERROR);
    }
    l.items
        .iter()
        .map(|v| match v {
            // The leading particle-type byte (blob or HLL) is not part of the sketch.
            V::Bytes(b, _) if b.len() > 1 => Hmh::parse(&b[1..]).ok_or(result::PARAMETER_ERROR),
            _ => Err(result::PARAMETER_ERROR),
        })
        .collect()
}

/// Reads the op's arguments in the order `layout` names them; `allowed` are its flags.
fn args<'a>(raw: &[&'a [u8]], layout: &[char], max: usize, allowed: u64) -> Result<Args<'a>, ResultCode> {
    let min = layout.len().min(layout.iter().position(|c| *c != 'e' && *c != 'h').unwrap_or(layout.len()));
    if raw.len() < min || raw.len() > max {
        return Err(result::PARAMETER_ERROR);
    }
    let mut a = Args::default();
    for (kind, raw) in layout.iter().zip(raw) {
        match kind {
            'e' => a.elements = elements(raw)?,
            'h' => a.hlls = hlls(raw)?,
            'i' => a.index_bits = bit_count(raw, index_bits_ok)?,
            'm' => a.minhash_bits = bit_count(raw, minhash_bits_ok)?,
            _ => {
                let flags = u64::try_from(int(raw)?).map_err(|_| result::PARAMETER_ERROR)?;
                if flags & !allowed != 0 || (flags & CREATE_ONLY != 0 && flags & UPDATE_ONLY != 0) {
                    return Err(result::PARAMETER_ERROR);
                }
                a.flags = flags;
            }
        }
    }
    if let (Some(i), Some(m)) = (a.index_bits, a.minhash_bits) {
        if !bits_ok(i, m) {
            return Err(result::PARAMETER_ERROR);
        }
    }
    Ok(a)
}

fn current(bin: Option<&Value>) -> Result<Option<Hmh>, ResultCode> {
    match bin {
        None => Ok(None),
        Some(v) if v.ptype == particle::HLL => Hmh::parse(&v.data).map(Some).ok_or(result::PARAMETER_ERROR),
        Some(_) => Err(result::BIN_TYPE_ERROR),
    }
}

/// A read op's answer.
pub fn read(bin: Option<&Value>, payload: &[u8]) -> Result<Value, ResultCode> {
    let (code, raw) = parse(payload)?;
    let a = match code {
        COUNT | DESCRIBE => args(&raw, &[], 0, 0)?,
        GET_UNION | UNION_COUNT | INTERSECT_COUNT | SIMILARITY => args(&raw, &['h'], 1, 0)?,
        _ => return Err(result::PARAMETER_ERROR),
    };
    let Some(h) = current(bin)? else {
        return Ok(Value::nil());
    };
    let mut all: Vec<&Hmh> = a.hlls.iter().collect();
    all.push(&h);
    Ok(match code {
        COUNT => Value::int(h.count() as i64),
        DESCRIBE => {
            let pair = V::list(vec![V::Int(h.index_bits as i64), V::Int(h.minhash_bits as i64)]);
            Value::new(particle::LIST, value::encode(&pair))
        }
        GET_UNION => union_of(&all).particle(),
        UNION_COUNT => Value::int(union_of(&all).count() as i64),
        INTERSECT_COUNT => Value::int(intersect_count(&all) as i64),
        _ => Value::float(similarity(&all)),
    })
}

/// A modify op: the new bin (None when NO_FAIL skipped it) and its answer.
pub fn modify(bin: Option<&Value>, payload: &[u8]) -> Result<(Option<Value>, Value), ResultCode> {
    let (code, raw) = parse(payload)?;
    let a = match code {
        INIT => args(&raw, &['i', 'm', 'f'], 3, CREATE_ONLY | UPDATE_ONLY | NO_FAIL)?,
        ADD => args(&raw, &['e', 'i', 'm', 'f'], 4, CREATE_ONLY | NO_FAIL)?,
        SET_UNION => args(&raw, &['h', 'f'], 2, CREATE_ONLY | UPDATE_ONLY | NO_FAIL | ALLOW_FOLD)?,
        REFRESH_COUNT => args(&raw, &[], 0, 0)?,
        FOLD => args(&raw, &['i'], 1, 0)?,
        _ => return Err(result::PARAMETER_ERROR),
    };
    let old = current(bin)?;
    let refused = match &old {
        Some(_) if a.flags & CREATE_ONLY != 0 => Some(result::BIN_EXISTS),
        None if a.flags & UPDATE_ONLY != 0 => Some(result::BIN_NOT_FOUND),
        _ => None,
    };
    if let Some(code) = refused {
        return if a.flags & NO_FAIL != 0 { Ok((None, Value::nil())) } else { Err(code) };
    }
    let (new, answer) = match code {
        INIT => {
            let index = a.index_bits.or(old.as_ref().map(|o| o.index_bits)).ok_or(result::OP_NOT_APPLICABLE)?;
            let minhash = a.minhash_bits.or(old.as_ref().map(|o| o.minhash_bits)).unwrap_or(0);
            if !bits_ok(index, minhash) {
                return Err(result::OP_NOT_APPLICABLE);
            }
            (Hmh::new(index, minhash), Value::nil())
        }
        ADD => {
            let mut h = match old {
                Some(h) => h,
                None => Hmh::new(a.index_bits.ok_or(result::OP_NOT_APPLICABLE)?, a.minhash_bits.unwrap_or(0)),
            };
            let added = a.elements.iter().filter(|e| h.add(e)).count();
            (h, Value::int(added as i64))
        }
        SET_UNION => (set_union(old, &a)?, Value::nil()),
        REFRESH_COUNT => {
            let mut h = old.ok_or(result::BIN_NOT_FOUND)?;
            h.cache = h.count();
            let count = Value::int(h.cache as i64);
            (h, count)
        }
        _ => {
            let h = old.ok_or(result::BIN_NOT_FOUND)?;
            let index = a.index_bits.ok_or(result::PARAMETER_ERROR)?;
            if h.minhash_bits > 0 || h.index_bits < index {
                return Err(result::OP_NOT_APPLICABLE);
            }
            let mut folded = Hmh::new(index, 0);
            folded.union(&h);
            (if index == h.index_bits { h } else { folded }, Value::nil())
        }
    };
    Ok((Some(new.particle()), answer))
}

fn set_union(old: Option<Hmh>, a: &Args) -> Result<Hmh, ResultCode> {
    let index = a.hlls.iter().map(|h| h.index_bits).min().unwrap_or(UNSET);
    let first = a.hlls[0].minhash_bits;
    let minhash = if a.hlls.iter().all(|h| h.minhash_bits == first) { first } else { 0 };
    let (index, minhash) = match &old {
        None => (index, minhash),
        Some(o) if a.flags & ALLOW_FOLD == 0 => {
            if o.index_bits > index || (o.minhash_bits != 0 && o.minhash_bits != minhash) {
                return Err(result::OP_NOT_APPLICABLE);
            }
            (o.index_bits, o.minhash_bits)
        }
        Some(o) => (o.index_bits.min(index), if o.minhash_bits != minhash { 0 } else { minhash }),
    };
    let mut all: Vec<&Hmh> = a.hlls.iter().collect();
    if let Some(o) = &old {
        all.push(o);
    }
    let mut out = Hmh::new(index, minhash);
    all.iter().for_each(|h| out.union(h));
    Ok(out)
}

/// MurmurHash3 x64 128-bit (Austin Appleby's public-domain algorithm), seed 0:
/// the two 64-bit halves, as the server reads them.
fn murmur3_x64_128(data: &[u8]) -> (u64, u64) {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    let fmix = |mut k: u64| {
        k ^= k >> 33;
        k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
        k ^= k >> 33;
        k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        k ^ (k >> 33)
    };
    let (mut h1, mut h2) = (0u64, 0u64);
    let blocks = data.chunks_exact(16);
    let tail = blocks.remainder();
    for block in blocks {
        let k1 = u64::from_le_bytes(block[..8].try_into().unwrap_or_default());
        let k2 = u64::from_le_bytes(block[8..].try_into().unwrap_or_default());
        h1 ^= k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
        h1 = h1.rotate_left(27).wrapping_add(h2).wrapping_mul(5).wrapping_add(0x52dc_e729);
        h2 ^= k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
        h2 = h2.rotate_left(31).wrapping_add(h1).wrapping_mul(5).wrapping_add(0x3849_5ab5);
    }
    let le = |bytes: &[u8]| bytes.iter().rev().fold(0u64, |acc, b| (acc << 8) | *b as u64);
    if tail.len() > 8 {
        h2 ^= le(&tail[8..]).wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
    }
    if !tail.is_empty() {
        h1 ^= le(&tail[..tail.len().min(8)]).wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
    }
    let len = data.len() as u64;
    h1 ^= len;
    h2 ^= len;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    (h1, h2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A string element as clients pack it: msgpack str holding the string particle type then the text.
    fn element(s: &str) -> Vec<u8> {
        let mut out = vec![0xa0 | (s.len() as u8 + 1), particle::STRING];
        out.extend_from_slice(s.as_bytes());
        out
    }

    fn sketch(index: u8, minhash: u8, items: impl Iterator<Item = String>) -> Hmh {
        let mut h = Hmh::new(index, minhash);
        items.for_each(|s| {
            h.add(&element(&s));
        });
        h
    }

    #[test]
    fn murmur3_reference_vectors() {
        assert_eq!(murmur3_x64_128(b""), (0, 0));
        // The reference implementation's digest of "hello", seed 0.
        assert_eq!(murmur3_x64_128(b"hello"), (0xcbd8_a7b3_41bd_9b02, 0x5b1e_906a_48ae_1d19));
    }

    #[test]
    fn counts_and_similarity_match_a_real_server() {
        let a = sketch(12, 0, (0..1000).map(|i| format!("item{i}")));
        assert_eq!(a.count(), 1010);
        let a = sketch(12, 16, (0..1000).map(|i| format!("item{i}")));
        assert_eq!(a.count(), 1010);
        let b = sketch(12, 16, (500..1500).map(|i| format!("item{i}")));
        assert_eq!(similarity(&[&b, &a]), 0.3341187709459815);
        assert_eq!(intersect_count(&[&b, &a]), 509);
    }

    #[test]
    fn encoding_round_trips_and_bad_sketches_are_refused() {
        let h = sketch(4, 4, (0..10).map(|i| i.to_string()));
        assert_eq!(Hmh::parse(&h.encode()), Some(h.clone()));
        let mut bad = h.encode();
        bad.pop();
        assert_eq!(Hmh::parse(&bad), None);
        assert_eq!(Hmh::parse(&[0, 3, 0]), None);
    }
}
