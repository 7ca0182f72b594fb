//! Minimal MessagePack walker for list/map particles.
//!
//! Contract: the server keeps list and map bins as the exact msgpack bytes
//! the client sent (including ext-typed order/flag markers), so it never
//! re-encodes them. It only needs to check that a particle is exactly one
//! well-formed msgpack object. CDT operations will build on `skip`.

/// How deep CDT operations decode into a value (their decoder recurses). Storing and
/// reading a bin has no limit, as on a real server: any well-formed value is kept.
pub const MAX_CDT_DEPTH: usize = 256;

#[derive(Debug, PartialEq, Eq)]
pub struct Malformed;

/// Succeeds when `buf` holds exactly one complete msgpack object, however deeply nested.
pub fn validate_one(buf: &[u8]) -> Result<(), Malformed> {
    whole(buf, usize::MAX)
}

/// Like [`validate_one`], and no container is nested more than `max_depth` levels.
pub fn validate_nested(buf: &[u8], max_depth: usize) -> Result<(), Malformed> {
    whole(buf, max_depth)
}

fn whole(buf: &[u8], max_depth: usize) -> Result<(), Malformed> {
    if walk(buf, 0, max_depth)? == buf.len() {
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
pub fn skip(buf: &[u8], pos: usize) -> Result<usize, Malformed> {
    walk(buf, pos, usize::MAX)
}

/// Iterative, so nesting costs heap (a count per open container), never stack.
fn walk(buf: &[u8], mut pos: usize, max_depth: usize) -> Result<usize, Malformed> {
    // open[i]: objects still to read in the container `i` levels down.
    let mut open: Vec<usize> = vec![1];
    while let Some(left) = open.last_mut() {
        if *left == 0 {
            open.pop();
            continue;
        }
        *left -= 1;
        let (next, children) = head(buf, pos)?;
        pos = next;
        if children > 0 {
            // Each element needs at least one byte: a count larger than what is left
            // is malformed, and checking first keeps a huge count from looping.
            if children > buf.len() - pos || open.len() > max_depth {
                return Err(Malformed);
            }
            open.push(children);
        }
    }
    Ok(pos)
}

/// The object's header at `pos`: where its own bytes end and how many nested
/// objects follow (elements, or keys and values).
fn head(buf: &[u8], pos: usize) -> Result<(usize, usize), Malformed> {
    let tag = *buf.get(pos).ok_or(Malformed)?;
    let p = pos + 1;
    let leaf = |end: Result<usize, Malformed>| end.map(|end| (end, 0));
    match tag {
        0x00..=0x7f | 0xe0..=0xff | 0xc0 | 0xc2 | 0xc3 => Ok((p, 0)),
        0x80..=0x8f => Ok((p, (tag & 0x0f) as usize * 2)),
        0x90..=0x9f => Ok((p, (tag & 0x0f) as usize)),
        0xa0..=0xbf => leaf(take(buf, p, (tag & 0x1f) as usize)),
        0xc1 => Err(Malformed),
        // bin8/16/32 and str8/16/32: length prefix then bytes.
        0xc4 | 0xd9 => leaf(sized(buf, p, 1, 0)),
        0xc5 | 0xda => leaf(sized(buf, p, 2, 0)),
        0xc6 | 0xdb => leaf(sized(buf, p, 4, 0)),
        // ext8/16/32: length prefix, type byte, bytes.
        0xc7 => leaf(sized(buf, p, 1, 1)),
        0xc8 => leaf(sized(buf, p, 2, 1)),
        0xc9 => leaf(sized(buf, p, 4, 1)),
        0xca => leaf(take(buf, p, 4)),
        0xcb => leaf(take(buf, p, 8)),
        0xcc | 0xd0 => leaf(take(buf, p, 1)),
        0xcd | 0xd1 => leaf(take(buf, p, 2)),
        0xce | 0xd2 => leaf(take(buf, p, 4)),
        0xcf | 0xd3 => leaf(take(buf, p, 8)),
        // fixext 1/2/4/8/16: type byte plus fixed payload.
        0xd4 => leaf(take(buf, p, 2)),
        0xd5 => leaf(take(buf, p, 3)),
        0xd6 => leaf(take(buf, p, 5)),
        0xd7 => leaf(take(buf, p, 9)),
        0xd8 => leaf(take(buf, p, 17)),
        0xdc | 0xdd => {
            let (n, p) = be_len(buf, p, if tag == 0xdc { 2 } else { 4 })?;
            Ok((p, n))
        }
        0xde | 0xdf => {
            let (n, p) = be_len(buf, p, if tag == 0xde { 2 } else { 4 })?;
            Ok((p, n.checked_mul(2).ok_or(Malformed)?))
        }
    }
}

fn sized(buf: &[u8], pos: usize, width: usize, extra: usize) -> Result<usize, Malformed> {
    let (n, p) = be_len(buf, pos, width)?;
    take(buf, p, n.checked_add(extra).ok_or(Malformed)?)
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
    fn deep_nesting_is_stored_without_recursion() {
        let mut deep = vec![0x91u8; 1_000_000];
        assert!(validate_one(&deep).is_err(), "the innermost list lacks its element");
        deep.push(0x01);
        assert!(validate_one(&deep).is_ok());
        assert!(validate_nested(&deep, MAX_CDT_DEPTH).is_err());
        assert!(validate_nested(&[0x91, 0x91, 0x01], 2).is_ok());
    }
}
