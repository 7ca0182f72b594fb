//! Minimal MessagePack walker for list/map particles.
//!
//! Contract: the server keeps list and map bins as the exact msgpack bytes
//! the client sent (including ext-typed order/flag markers), so it never
//! re-encodes them. It only needs to check that a particle is exactly one
//! well-formed msgpack object. CDT operations will build on `skip`.

/// Nesting limit so hostile input cannot exhaust the thread's stack.
const MAX_DEPTH: usize = 256;

#[derive(Debug, PartialEq, Eq)]
pub struct Malformed;

/// Succeeds when `buf` holds exactly one complete msgpack object.
pub fn validate_one(buf: &[u8]) -> Result<(), Malformed> {
    let end = skip(buf, 0, 0)?;
    if end == buf.len() {
        Ok(())
    } else {
        Err(Malformed)
    }
}

fn take(buf: &[u8], pos: usize, n: usize) -> Result<usize, Malformed> {
    let end = pos.checked_add(n).ok_or(Malformed)?;
    if end > buf.len() {
        return Err(Malformed);
    }
    Ok(end)
}

fn be_len(buf: &[u8], pos: usize, width: usize) -> Result<(usize, usize), Malformed> {
    let end = take(buf, pos, width)?;
    let n = buf[pos..end].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
    Ok((n, end))
}

/// Returns the offset just past the object starting at `pos`.
pub fn skip(buf: &[u8], pos: usize, depth: usize) -> Result<usize, Malformed> {
    if depth > MAX_DEPTH {
        return Err(Malformed);
    }
    let tag = *buf.get(pos).ok_or(Malformed)?;
    let p = pos + 1;
    match tag {
        0x00..=0x7f | 0xe0..=0xff | 0xc0 | 0xc2 | 0xc3 => Ok(p),
        0x80..=0x8f => skip_n(buf, p, (tag & 0x0f) as usize * 2, depth),
        0x90..=0x9f => skip_n(buf, p, (tag & 0x0f) as usize, depth),
        0xa0..=0xbf => take(buf, p, (tag & 0x1f) as usize),
        0xc1 => Err(Malformed),
        // bin8/16/32 and str8/16/32: length prefix then bytes.
        0xc4 | 0xd9 => sized(buf, p, 1, 0),
        0xc5 | 0xda => sized(buf, p, 2, 0),
        0xc6 | 0xdb => sized(buf, p, 4, 0),
        // ext8/16/32: length prefix, type byte, bytes.
        0xc7 => sized(buf, p, 1, 1),
        0xc8 => sized(buf, p, 2, 1),
        0xc9 => sized(buf, p, 4, 1),
        0xca => take(buf, p, 4),
        0xcb => take(buf, p, 8),
        0xcc | 0xd0 => take(buf, p, 1),
        0xcd | 0xd1 => take(buf, p, 2),
        0xce | 0xd2 => take(buf, p, 4),
        0xcf | 0xd3 => take(buf, p, 8),
        // fixext 1/2/4/8/16: type byte plus fixed payload.
        0xd4 => take(buf, p, 2),
        0xd5 => take(buf, p, 3),
        0xd6 => take(buf, p, 5),
        0xd7 => take(buf, p, 9),
        0xd8 => take(buf, p, 17),
        0xdc => {
            let (n, p) = be_len(buf, p, 2)?;
            skip_n(buf, p, n, depth)
        }
        0xdd => {
            let (n, p) = be_len(buf, p, 4)?;
            skip_n(buf, p, n, depth)
        }
        0xde => {
            let (n, p) = be_len(buf, p, 2)?;
            skip_n(buf, p, n.checked_mul(2).ok_or(Malformed)?, depth)
        }
        0xdf => {
            let (n, p) = be_len(buf, p, 4)?;
            skip_n(buf, p, n.checked_mul(2).ok_or(Malformed)?, depth)
        }
    }
}

fn sized(buf: &[u8], pos: usize, width: usize, extra: usize) -> Result<usize, Malformed> {
    let (n, p) = be_len(buf, pos, width)?;
    take(buf, p, n.checked_add(extra).ok_or(Malformed)?)
}

fn skip_n(buf: &[u8], mut pos: usize, count: usize, depth: usize) -> Result<usize, Malformed> {
    // Each element needs at least one byte, so a count larger than what is
    // left is malformed; checking first avoids looping on a huge count.
    if count > buf.len().saturating_sub(pos) {
        return Err(Malformed);
    }
    for _ in 0..count {
        pos = skip(buf, pos, depth + 1)?;
    }
    Ok(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert!(validate_one(&[0x05]).is_ok());
        assert!(validate_one(&[0xc0]).is_ok());
        assert!(validate_one(&[0xcb, 0, 0, 0, 0, 0, 0, 0, 0]).is_ok());
        assert!(validate_one(&[0xd3, 0, 0, 0, 0, 0, 0, 0]).is_err());
        assert!(validate_one(&[0xa2, b'h', b'i']).is_ok());
        assert!(validate_one(&[0xc1]).is_err());
        assert!(validate_one(&[]).is_err());
    }

    #[test]
    fn containers() {
        // {"a": [1, -1]} with a leading ordered-map ext marker pair.
        let map = [0x82, 0xc7, 0x00, 0x01, 0xc0, 0xa1, b'a', 0x92, 0x01, 0xff];
        assert!(validate_one(&map).is_ok());
        assert!(validate_one(&map[..map.len() - 1]).is_err());
        // trailing garbage after one object
        assert!(validate_one(&[0x90, 0x90]).is_err());
        // array32 claiming far more elements than bytes
        assert!(validate_one(&[0xdd, 0xff, 0xff, 0xff, 0xff]).is_err());
    }

    #[test]
    fn deep_nesting_is_rejected_not_overflowed() {
        let deep = vec![0x91u8; 100_000];
        assert!(validate_one(&deep).is_err());
    }
}
