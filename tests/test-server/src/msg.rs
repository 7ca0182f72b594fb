//! AS_MSG (proto type 3) decoding and reply encoding.
//!
//! Layout after the proto header: a 22-byte message header
//! `header_sz, info1, info2, info3, info4, result_code, generation(4),
//! record_ttl(4), transaction_ttl(4), n_fields(2), n_ops(2)`, then
//! `n_fields` fields `size(4) type(1) data(size-1)`, then `n_ops` ops
//! `size(4) op(1) particle_type(1) flags(1) name_len(1) name value` where
//! `size` counts everything after itself.
//!
//! Contract: `Msg::parse` never panics; any inconsistency is `Malformed`,
//! which the connection answers with PARAMETER_ERROR.

use crate::particle::Value;

pub const HEADER_SIZE: usize = 22;

pub const FIELD_NAMESPACE: u8 = 0;
pub const FIELD_SET: u8 = 1;
pub const FIELD_KEY: u8 = 2;
pub const FIELD_DIGEST: u8 = 4;
pub const FIELD_PID_ARRAY: u8 = 11;
pub const FIELD_DIGEST_ARRAY: u8 = 12;
pub const FIELD_MAX_RECORDS: u8 = 13;
pub const FIELD_INDEX_NAME: u8 = 21;
pub const FIELD_INDEX_RANGE: u8 = 22;
pub const FIELD_INDEX_CONTEXT: u8 = 23;
pub const FIELD_INDEX_EXPRESSION: u8 = 24;
pub const FIELD_INDEX_TYPE: u8 = 26;
pub const FIELD_QUERY_ID: u8 = 7;
pub const FIELD_UDF_PACKAGE_NAME: u8 = 30;
pub const FIELD_UDF_FUNCTION: u8 = 31;
pub const FIELD_UDF_ARGLIST: u8 = 32;
pub const FIELD_UDF_OP: u8 = 33;
pub const FIELD_BATCH_INDEX: u8 = 41;
pub const FIELD_BATCH_INDEX_WITH_SET: u8 = 42;
pub const FIELD_FILTER_EXP: u8 = 43;

pub const INFO1_READ: u8 = 1;
pub const INFO1_GET_ALL: u8 = 1 << 1;
pub const INFO1_BATCH: u8 = 1 << 3;
pub const INFO1_NOBINDATA: u8 = 1 << 5;

pub const INFO3_LAST: u8 = 1;
pub const INFO3_PARTITION_DONE: u8 = 1 << 2;

pub const INFO2_WRITE: u8 = 1;
pub const INFO2_DELETE: u8 = 1 << 1;
pub const INFO2_GENERATION: u8 = 1 << 2;
pub const INFO2_GENERATION_GT: u8 = 1 << 3;
// INFO2_DURABLE_DELETE (1 << 4) is accepted and needs no action: there are
// no tombstones in memory.
pub const INFO2_CREATE_ONLY: u8 = 1 << 5;
pub const INFO2_RESPOND_ALL_OPS: u8 = 1 << 7;

pub const INFO3_UPDATE_ONLY: u8 = 1 << 3;
pub const INFO3_CREATE_OR_REPLACE: u8 = 1 << 4;
pub const INFO3_REPLACE_ONLY: u8 = 1 << 5;

#[derive(Debug, PartialEq, Eq)]
pub struct Malformed(pub &'static str);

#[derive(Debug, Clone)]
pub struct Field {
    pub ftype: u8,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct Op {
    pub op: u8,
    pub name: Vec<u8>,
    pub value: Value,
}

#[derive(Debug, Clone, Default)]
pub struct Msg {
    pub info1: u8,
    pub info2: u8,
    pub info3: u8,
    /// MRT / error-verbosity flags; read but not acted on yet.
    #[allow(dead_code)]
    pub info4: u8,
    pub generation: u32,
    pub record_ttl: u32,
    pub transaction_ttl: u32,
    pub fields: Vec<Field>,
    pub ops: Vec<Op>,
}

pub struct Cursor<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], Malformed> {
        let end = self.pos.checked_add(n).ok_or(Malformed(what))?;
        let s = self.buf.get(self.pos..end).ok_or(Malformed(what))?;
        self.pos = end;
        Ok(s)
    }
    pub fn u8(&mut self, what: &'static str) -> Result<u8, Malformed> {
        Ok(self.bytes(1, what)?[0])
    }
    pub fn u16(&mut self, what: &'static str) -> Result<u16, Malformed> {
        let b = self.bytes(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    pub fn u32(&mut self, what: &'static str) -> Result<u32, Malformed> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

impl Msg {
    pub fn parse(body: &[u8]) -> Result<Msg, Malformed> {
        let mut c = Cursor { buf: body, pos: 0 };
        let header_sz = c.u8("header")? as usize;
        if header_sz < HEADER_SIZE {
            return Err(Malformed("header_sz below 22"));
        }
        let mut m = Msg {
            info1: c.u8("header")?,
            info2: c.u8("header")?,
            info3: c.u8("header")?,
            info4: c.u8("header")?,
            ..Msg::default()
        };
        let _result_code = c.u8("header")?;
        m.generation = c.u32("header")?;
        m.record_ttl = c.u32("header")?;
        m.transaction_ttl = c.u32("header")?;
        let n_fields = c.u16("header")?;
        let n_ops = c.u16("header")?;
        // Honour a larger declared header size by skipping the extra bytes.
        c.bytes(header_sz - HEADER_SIZE, "header")?;

        m.read_fields_ops(&mut c, n_fields, n_ops)?;
        if c.pos != body.len() {
            return Err(Malformed("trailing bytes after ops"));
        }
        Ok(m)
    }

    /// Reads `n_fields` fields then `n_ops` ops (shared with batch rows).
    pub fn read_fields_ops(&mut self, c: &mut Cursor, n_fields: u16, n_ops: u16) -> Result<(), Malformed> {
        let m = self;
        for _ in 0..n_fields {
            let size = c.u32("field size")? as usize;
            if size == 0 {
                return Err(Malformed("zero field size"));
            }
            let ftype = c.u8("field type")?;
            let data = c.bytes(size - 1, "field data")?.to_vec();
            m.fields.push(Field { ftype, data });
        }
        for _ in 0..n_ops {
            let size = c.u32("op size")? as usize;
            let op = c.u8("op")?;
            let ptype = c.u8("op")?;
            let _flags = c.u8("op")?;
            let name_len = c.u8("op")? as usize;
            let value_len = size.checked_sub(4 + name_len).ok_or(Malformed("op size smaller than its name"))?;
            let name = c.bytes(name_len, "op name")?.to_vec();
            let data = c.bytes(value_len, "op value")?.to_vec();
            m.ops.push(Op { op, name, value: Value::new(ptype, data) });
        }
        Ok(())
    }

    pub fn field(&self, ftype: u8) -> Option<&[u8]> {
        self.fields.iter().find(|f| f.ftype == ftype).map(|f| f.data.as_slice())
    }
}

/// One reply message. Replies to single-record commands carry no fields;
/// `record_ttl` holds the record's void time.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    pub info3: u8,
    pub result_code: u8,
    pub generation: u32,
    pub void_time: u32,
    /// Batch replies carry the row's index where requests put the
    /// transaction TTL.
    pub batch_index: u32,
    pub fields: Vec<Field>,
    pub ops: Vec<(Vec<u8>, Value)>,
}

/// Op byte used for bins in replies (clients ignore it; READ is natural).
const REPLY_OP: u8 = 1;

impl Reply {
    pub fn error(code: u8) -> Reply {
        Reply { result_code: code, ..Reply::default() }
    }

    /// Appends the encoded message (no proto header) to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        out.push(HEADER_SIZE as u8);
        out.extend_from_slice(&[0, 0, self.info3, 0, self.result_code]);
        out.extend_from_slice(&self.generation.to_be_bytes());
        out.extend_from_slice(&self.void_time.to_be_bytes());
        out.extend_from_slice(&self.batch_index.to_be_bytes());
        out.extend_from_slice(&(self.fields.len() as u16).to_be_bytes());
        out.extend_from_slice(&(self.ops.len() as u16).to_be_bytes());
        for f in &self.fields {
            out.extend_from_slice(&(f.data.len() as u32 + 1).to_be_bytes());
            out.push(f.ftype);
            out.extend_from_slice(&f.data);
        }
        for (name, v) in &self.ops {
            let size = 4 + name.len() + v.data.len();
            out.extend_from_slice(&(size as u32).to_be_bytes());
            out.extend_from_slice(&[REPLY_OP, v.ptype, 0, name.len() as u8]);
            out.extend_from_slice(name);
            out.extend_from_slice(&v.data);
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::particle;

    fn request() -> Vec<u8> {
        let mut b = vec![22, INFO1_READ, 0, 0, 0, 0];
        b.extend_from_slice(&7u32.to_be_bytes());
        b.extend_from_slice(&60u32.to_be_bytes());
        b.extend_from_slice(&1000u32.to_be_bytes());
        b.extend_from_slice(&1u16.to_be_bytes());
        b.extend_from_slice(&1u16.to_be_bytes());
        b.extend_from_slice(&5u32.to_be_bytes());
        b.push(FIELD_NAMESPACE);
        b.extend_from_slice(b"test");
        b.extend_from_slice(&(4 + 1 + 8u32).to_be_bytes());
        b.extend_from_slice(&[2, particle::INTEGER, 0, 1, b'a']);
        b.extend_from_slice(&42i64.to_be_bytes());
        b
    }

    #[test]
    fn parse_request() {
        let m = Msg::parse(&request()).unwrap();
        assert_eq!(m.info1, INFO1_READ);
        assert_eq!((m.generation, m.record_ttl, m.transaction_ttl), (7, 60, 1000));
        assert_eq!(m.field(FIELD_NAMESPACE), Some(&b"test"[..]));
        assert_eq!(m.ops[0].name, b"a");
        assert_eq!(m.ops[0].value.as_int(), Some(42));
    }

    #[test]
    fn every_truncation_is_malformed_not_a_panic() {
        let full = request();
        for n in 0..full.len() {
            assert!(Msg::parse(&full[..n]).is_err(), "prefix {n}");
        }
        let mut extra = full.clone();
        extra.push(0);
        assert!(Msg::parse(&extra).is_err());
    }

    #[test]
    fn reply_encoding() {
        let r = Reply { generation: 3, void_time: 9, ops: vec![(b"b".to_vec(), Value::int(1))], ..Reply::default() };
        let e = r.encode();
        assert_eq!(e.len(), 22 + 4 + 4 + 1 + 8);
        assert_eq!(&e[6..10], &3u32.to_be_bytes());
        assert_eq!(&e[10..14], &9u32.to_be_bytes());
        assert_eq!(&e[20..22], &1u16.to_be_bytes());
        assert_eq!(&e[22..26], &13u32.to_be_bytes());
    }
}
