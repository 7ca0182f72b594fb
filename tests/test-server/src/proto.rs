//! Protocol framing: every request and reply starts with an 8-byte header,
//! `version(1)=2, type(1), size(6, big-endian)`, followed by `size` bytes.
//!
//! Contract: `read_frame` returns `Ok(None)` on a clean close between
//! frames and an `InvalidData` error for anything that is not a frame we
//! can take (wrong version, absurd size); the caller then drops the
//! connection, which is what a real server does with garbage.

use std::io::{self, Read, Write};

pub const VERSION: u8 = 2;
pub const TYPE_INFO: u8 = 1;
pub const TYPE_ADMIN: u8 = 2;
pub const TYPE_MSG: u8 = 3;
pub const TYPE_COMPRESSED: u8 = 4;

/// Upper bound on a request body; keeps a corrupt size field from making
/// us allocate gigabytes. Far above the largest record we accept.
pub const MAX_BODY: u64 = 64 * 1024 * 1024;

#[derive(Debug)]
pub struct Frame {
    pub ptype: u8,
    pub body: Vec<u8>,
}

pub fn header(ptype: u8, len: usize) -> [u8; 8] {
    let mut h = (len as u64).to_be_bytes();
    h[0] = VERSION;
    h[1] = ptype;
    h
}

pub fn read_frame(r: &mut impl Read) -> io::Result<Option<Frame>> {
    let mut h = [0u8; 8];
    // Distinguish "peer closed between frames" from a truncated header.
    let mut got = 0;
    while got < h.len() {
        match r.read(&mut h[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if h[0] != VERSION {
        return Err(invalid(format!("bad proto version {}", h[0])));
    }
    let mut size_bytes = [0u8; 8];
    size_bytes[2..].copy_from_slice(&h[2..]);
    let size = u64::from_be_bytes(size_bytes);
    if size > MAX_BODY {
        return Err(invalid(format!("proto size {size} too large")));
    }
    let mut body = vec![0u8; size as usize];
    r.read_exact(&mut body)?;
    Ok(Some(Frame { ptype: h[1], body }))
}

/// Writes header and body with one `write_all` so a reply is one segment.
pub fn write_frame(w: &mut impl Write, ptype: u8, body: &[u8]) -> io::Result<()> {
    let mut out = Vec::with_capacity(8 + body.len());
    out.extend_from_slice(&header(ptype, body.len()));
    out.extend_from_slice(body);
    w.write_all(&out)?;
    w.flush()
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip() {
        let mut buf = Vec::new();
        write_frame(&mut buf, TYPE_INFO, b"node\n").unwrap();
        assert_eq!(&buf[..8], &[2, 1, 0, 0, 0, 0, 0, 5]);
        let f = read_frame(&mut buf.as_slice()).unwrap().unwrap();
        assert_eq!(f.ptype, TYPE_INFO);
        assert_eq!(f.body, b"node\n");
    }

    #[test]
    fn clean_eof_and_garbage() {
        assert!(read_frame(&mut &b""[..]).unwrap().is_none());
        assert!(read_frame(&mut &b"\x02\x01\x00"[..]).is_err());
        assert!(read_frame(&mut &b"GET / HTTP/1.1\r\n"[..]).is_err());
        let huge = [2u8, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(read_frame(&mut &huge[..]).is_err());
    }
}
