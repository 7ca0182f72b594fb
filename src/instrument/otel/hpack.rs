//! HPACK (RFC 7541), as much as an OTLP client needs: header blocks for its requests
//! are written with literals only (no table state to keep), and the server's response
//! headers and trailers are decoded in full (static and dynamic table, Huffman strings),
//! since a server may use any representation.

use std::collections::VecDeque;
use std::sync::LazyLock;

/// RFC 7541 Appendix A: the static table (index 1 first).
const STATIC: [(&str, &str); 61] = [
    (":authority", ""),
    (":method", "GET"),
    (":method", "POST"),
    (":path", "/"),
    (":path", "/index.html"),
    (":scheme", "http"),
    (":scheme", "https"),
    (":status", "200"),
    (":status", "204"),
    (":status", "206"),
    (":status", "304"),
    (":status", "400"),
    (":status", "404"),
    (":status", "500"),
    ("accept-charset", ""),
    ("accept-encoding", "gzip, deflate"),
    ("accept-language", ""),
    ("accept-ranges", ""),
    ("accept", ""),
    ("access-control-allow-origin", ""),
    ("age", ""),
    ("allow", ""),
    ("authorization", ""),
    ("cache-control", ""),
    ("content-disposition", ""),
    ("content-encoding", ""),
    ("content-language", ""),
    ("content-length", ""),
    ("content-location", ""),
    ("content-range", ""),
    ("content-type", ""),
    ("cookie", ""),
    ("date", ""),
    ("etag", ""),
    ("expect", ""),
    ("expires", ""),
    ("from", ""),
    ("host", ""),
    ("if-match", ""),
    ("if-modified-since", ""),
    ("if-none-match", ""),
    ("if-range", ""),
    ("if-unmodified-since", ""),
    ("last-modified", ""),
    ("link", ""),
    ("location", ""),
    ("max-forwards", ""),
    ("proxy-authenticate", ""),
    ("proxy-authorization", ""),
    ("range", ""),
    ("referer", ""),
    ("refresh", ""),
    ("retry-after", ""),
    ("server", ""),
    ("set-cookie", ""),
    ("strict-transport-security", ""),
    ("transfer-encoding", ""),
    ("user-agent", ""),
    ("vary", ""),
    ("via", ""),
    ("www-authenticate", ""),
];

/// Static-table indices of the names a request uses.
pub(super) const STATIC_AUTHORITY: usize = 1;
pub(super) const STATIC_METHOD_POST: usize = 3;
pub(super) const STATIC_PATH: usize = 4;
pub(super) const STATIC_SCHEME_HTTP: usize = 6;
pub(super) const STATIC_SCHEME_HTTPS: usize = 7;
pub(super) const STATIC_CONTENT_TYPE: usize = 31;
pub(super) const STATIC_USER_AGENT: usize = 58;

/// RFC 7541 Appendix B: the Huffman code's length in bits for each symbol (0-255, then
/// EOS). The code is canonical (codes of one length are consecutive, in symbol order,
/// and shorter codes come first), so the lengths define it.
const CODE_LENGTHS: [u8; 257] = [
    13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28,
    28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12,
    10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6,
    5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22,
    22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20,
    22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
    26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28,
    27, 27, 27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28,
    27, 27, 27, 27, 27, 26, 30,
];

const EOS: u16 = 256;

/// The canonical code as decoding needs it: per length, the first code and where its
/// symbols start in `symbols` (sorted by length, then value).
struct Canonical {
    first_code: [u32; 31],
    first_index: [u16; 31],
    count: [u16; 31],
    symbols: [u16; 257],
}

static HUFFMAN: LazyLock<Canonical> = LazyLock::new(|| {
    let mut order: Vec<u16> = (0..257).collect();
    order.sort_by_key(|&symbol| (CODE_LENGTHS[symbol as usize], symbol));
    let mut canonical = Canonical { first_code: [0; 31], first_index: [0; 31], count: [0; 31], symbols: [0; 257] };
    let (mut code, mut length) = (0u32, CODE_LENGTHS[order[0] as usize]);
    for (index, &symbol) in order.iter().enumerate() {
        let symbol_length = CODE_LENGTHS[symbol as usize];
        if index > 0 {
            code = (code + 1) << (symbol_length - length);
            length = symbol_length;
        }
        let l = usize::from(length);
        if canonical.count[l] == 0 {
            canonical.first_code[l] = code;
            canonical.first_index[l] = index as u16;
        }
        canonical.count[l] += 1;
        canonical.symbols[index] = symbol;
    }
    canonical
});

/// A Huffman-coded string (RFC 7541 §5.2): at most 7 bits of padding, all ones; EOS is an error.
pub(super) fn huffman_decode(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let table = &*HUFFMAN;
    let mut out = Vec::with_capacity(bytes.len() * 8 / 5);
    let (mut code, mut length) = (0u32, 0usize);
    for &byte in bytes {
        for bit in (0..8).rev() {
            code = (code << 1) | u32::from((byte >> bit) & 1);
            length += 1;
            if length > 30 {
                return Err("invalid Huffman code".into());
            }
            let offset = code.wrapping_sub(table.first_code[length]);
            if table.count[length] > 0 && offset < u32::from(table.count[length]) {
                let symbol = table.symbols[usize::from(table.first_index[length]) + offset as usize];
                if symbol == EOS {
                    return Err("EOS in a Huffman string".into());
                }
                out.push(symbol as u8);
                (code, length) = (0, 0);
            }
        }
    }
    // What is left must be a prefix of EOS (all ones), shorter than a byte.
    if length > 7 || code != (1 << length) - 1 {
        return Err("invalid Huffman padding".into());
    }
    Ok(out)
}

/// Appends an integer with an `prefix_bits`-bit prefix (RFC 7541 §5.1); `flags` are the
/// first byte's bits above the prefix.
pub(super) fn put_int(out: &mut Vec<u8>, flags: u8, prefix_bits: u32, mut value: usize) {
    let max = (1usize << prefix_bits) - 1;
    if value < max {
        out.push(flags | value as u8);
        return;
    }
    out.push(flags | max as u8);
    value -= max;
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A string literal, not Huffman-coded.
pub(super) fn put_str(out: &mut Vec<u8>, value: &[u8]) {
    put_int(out, 0, 7, value.len());
    out.extend_from_slice(value);
}

/// "Literal header field without indexing" with a static-table name.
pub(super) fn put_literal_indexed_name(out: &mut Vec<u8>, name_index: usize, value: &[u8]) {
    put_int(out, 0x00, 4, name_index);
    put_str(out, value);
}

/// "Literal header field without indexing" with a literal name.
pub(super) fn put_literal(out: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    out.push(0x00);
    put_str(out, name);
    put_str(out, value);
}

/// "Indexed header field" from the static table.
pub(super) fn put_indexed(out: &mut Vec<u8>, index: usize) {
    put_int(out, 0x80, 7, index);
}

/// One decoded header: name and value, as bytes (HPACK does not promise text).
pub(super) type Field = (Vec<u8>, Vec<u8>);

/// The server's side of one connection's header compression state.
pub(super) struct Decoder {
    dynamic: VecDeque<Field>,
    size: usize,
    max_size: usize,
    /// What this client announced (SETTINGS_HEADER_TABLE_SIZE): the server may not exceed it.
    limit: usize,
}

/// RFC 7541 §4.1: an entry's size counts 32 bytes of overhead.
fn entry_size(name: &[u8], value: &[u8]) -> usize {
    name.len() + value.len() + 32
}

impl Decoder {
    pub(super) fn new(limit: usize) -> Self {
        Self { dynamic: VecDeque::new(), size: 0, max_size: limit, limit }
    }

    /// Every `(name, value)` of one complete header block.
    pub(super) fn decode(&mut self, mut block: &[u8]) -> Result<Vec<Field>, String> {
        let mut fields = Vec::new();
        while let Some(&first) = block.first() {
            if first & 0x80 != 0 {
                let index = take_int(&mut block, 7)?;
                let (name, value) = self.entry(index)?;
                fields.push((name.to_vec(), value.to_vec()));
            } else if first & 0xc0 == 0x40 {
                let (name, value) = self.literal(&mut block, 6)?;
                self.insert(name.clone(), value.clone());
                fields.push((name, value));
            } else if first & 0xe0 == 0x20 {
                let size = take_int(&mut block, 5)?;
                if size > self.limit {
                    return Err(format!("table size update to {size} beyond the {} announced", self.limit));
                }
                self.max_size = size;
                self.evict(0);
            } else {
                // Without indexing (0000) or never indexed (0001): both a 4-bit prefix.
                fields.push(self.literal(&mut block, 4)?);
            }
        }
        Ok(fields)
    }

    fn entry(&self, index: usize) -> Result<(&[u8], &[u8]), String> {
        match index {
            0 => Err("header index 0".into()),
            1..=61 => Ok((STATIC[index - 1].0.as_bytes(), STATIC[index - 1].1.as_bytes())),
            _ => self
                .dynamic
                .get(index - 62)
                .map(|(name, value)| (name.as_slice(), value.as_slice()))
                .ok_or_else(|| format!("header index {index} beyond the table")),
        }
    }

    fn literal(&self, block: &mut &[u8], prefix_bits: u32) -> Result<Field, String> {
        let name_index = take_int(block, prefix_bits)?;
        let name = if name_index == 0 { take_str(block)? } else { self.entry(name_index)?.0.to_vec() };
        Ok((name, take_str(block)?))
    }

    fn insert(&mut self, name: Vec<u8>, value: Vec<u8>) {
        let size = entry_size(&name, &value);
        self.evict(size);
        // An entry larger than the whole table empties it and is not kept (§4.4).
        if size <= self.max_size {
            self.size += size;
            self.dynamic.push_front((name, value));
        }
    }

    fn evict(&mut self, room: usize) {
        while self.size + room > self.max_size {
            let Some((name, value)) = self.dynamic.pop_back() else { break };
            self.size -= entry_size(&name, &value);
        }
    }
}

fn take_int(block: &mut &[u8], prefix_bits: u32) -> Result<usize, String> {
    let truncated = || "truncated header block".to_string();
    let (&first, rest) = block.split_first().ok_or_else(truncated)?;
    *block = rest;
    let max = (1usize << prefix_bits) - 1;
    let mut value = usize::from(first) & max;
    if value < max {
        return Ok(value);
    }
    let mut shift = 0;
    loop {
        let (&byte, rest) = block.split_first().ok_or_else(truncated)?;
        *block = rest;
        if shift > 28 {
            return Err("header integer too large".into());
        }
        value += usize::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
}

fn take_str(block: &mut &[u8]) -> Result<Vec<u8>, String> {
    let huffman = block.first().is_some_and(|b| b & 0x80 != 0);
    let len = take_int(block, 7)?;
    if len > block.len() {
        return Err("truncated header string".into());
    }
    let (raw, rest) = block.split_at(len);
    *block = rest;
    if huffman {
        huffman_decode(raw)
    } else {
        Ok(raw.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Vec<u8> {
        let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
        digits.chunks(2).map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap()).collect()
    }

    #[test]
    fn huffman_strings_of_rfc_7541_appendix_c4() {
        for (coded, plain) in [
            ("f1e3 c2e5 f23a 6ba0 ab90 f4ff", "www.example.com"),
            ("a8eb 1064 9cbf", "no-cache"),
            ("25a8 49e9 5ba9 7d7f", "custom-key"),
            ("25a8 49e9 5bb8 e8b4 bf", "custom-value"),
        ] {
            assert_eq!(huffman_decode(&hex(coded)).unwrap(), plain.as_bytes());
        }
        // Padding longer than 7 bits, or not all ones, is refused.
        assert!(huffman_decode(&[0xff, 0xff]).is_err());
        assert!(huffman_decode(&hex("f1e3 c2e5 f23a 6ba0 ab90 f4fe")).is_err());
    }

    #[test]
    fn requests_with_huffman_and_the_dynamic_table_rfc_7541_c4() {
        let mut decoder = Decoder::new(4096);
        let first = decoder.decode(&hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")).unwrap();
        let text = |fields: &[Field]| {
            fields
                .iter()
                .map(|(n, v)| format!("{}: {}", String::from_utf8_lossy(n), String::from_utf8_lossy(v)))
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&first), [":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"]);
        let second = decoder.decode(&hex("8286 84be 5886 a8eb 1064 9cbf")).unwrap();
        assert_eq!(
            text(&second),
            [":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com", "cache-control: no-cache"]
        );
        assert_eq!(decoder.size, 110);
    }

    #[test]
    fn a_table_size_update_evicts_and_bounds_the_table() {
        let mut decoder = Decoder::new(0);
        // Literal with incremental indexing into a zero-sized table: decoded, not kept.
        let fields = decoder.decode(&hex("4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf")).unwrap();
        assert_eq!(fields, [(b"custom-key".to_vec(), b"custom-value".to_vec())]);
        assert!(decoder.decode(&hex("be")).is_err(), "nothing was kept at index 62");
        assert!(decoder.decode(&hex("3fe1 1f")).is_err(), "an update beyond the announced size");
    }

    #[test]
    fn integers_round_trip_across_the_prefix_boundary() {
        for (prefix, value) in [(5, 10), (5, 31), (5, 1337), (7, 127), (4, 4096)] {
            let mut out = Vec::new();
            put_int(&mut out, 0, prefix, value);
            let mut block = out.as_slice();
            assert_eq!(take_int(&mut block, prefix).unwrap(), value);
            assert!(block.is_empty());
        }
        let mut rfc = Vec::new();
        put_int(&mut rfc, 0, 5, 1337);
        assert_eq!(rfc, [31, 154, 10], "RFC 7541 C.1.2");
    }

    #[test]
    fn literals_written_for_requests_decode_back() {
        let mut block = Vec::new();
        put_indexed(&mut block, STATIC_METHOD_POST);
        put_literal_indexed_name(&mut block, STATIC_PATH, b"/a.B/C");
        put_literal(&mut block, b"te", b"trailers");
        let fields = Decoder::new(0).decode(&block).unwrap();
        assert_eq!(
            fields,
            [
                (b":method".to_vec(), b"POST".to_vec()),
                (b":path".to_vec(), b"/a.B/C".to_vec()),
                (b"te".to_vec(), b"trailers".to_vec())
            ]
        );
    }
}
