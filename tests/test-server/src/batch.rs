//! Batch-index commands (INFO1_BATCH with field BATCH_INDEX 41 or
//! BATCH_INDEX_WITH_SET 42).
//!
//! Contract: the field holds `count(4) flags(1)` then one row per key:
//! `index(4) digest(20) type(1)`. Type REPEAT (1) reuses the previous
//! row's command; otherwise the row carries its own command header — new
//! ("batch-any") layout when the INFO bit (2) is set: `info1 info2 info3`,
//! `info4` if bit 0x10, `generation(2)` if bit 4, `ttl(4)` if bit 8; old
//! read-only layout when the type is 0: `info1`. Both then have
//! `n_fields(2) n_ops(2)`, fields (namespace, set, ...) and ops. Each row
//! runs as its own single-record command, so per-row failures (2 for a
//! missing key) are per-row results and never fail the batch. Replies are
//! one AS_MSG per row with the row index in the transaction-ttl slot,
//! streamed in frames of bounded size, ending with an INFO3_LAST message.

use crate::command::{self, Limits};
use crate::msg::{self, Cursor, Field, Malformed, Msg, Reply};
use crate::result::{self, ResultCode};
use crate::store::Store;

const ROW_REPEAT: u8 = 1;
const ROW_INFO: u8 = 2;
const ROW_GEN: u8 = 4;
const ROW_TTL: u8 = 8;
const ROW_INFO4: u8 = 0x10;

/// Reply frames are cut at about this many bytes.
const FRAME_BYTES: usize = 128 * 1024;

pub struct Row {
    pub index: u32,
    pub msg: Msg,
}

pub fn parse(data: &[u8]) -> Result<Vec<Row>, Malformed> {
    let mut c = Cursor { buf: data, pos: 0 };
    let count = c.u32("batch count")? as usize;
    let _flags = c.u8("batch flags")?;
    if count > data.len() / 25 {
        return Err(Malformed("batch count larger than the field"));
    }
    let mut rows: Vec<Row> = Vec::with_capacity(count);
    for _ in 0..count {
        let index = c.u32("batch row")?;
        let digest = c.bytes(20, "batch digest")?.to_vec();
        let kind = c.u8("batch row type")?;
        let mut m = if kind & ROW_REPEAT != 0 {
            let prev = rows.last().ok_or(Malformed("repeat without a previous row"))?;
            let mut m = prev.msg.clone();
            m.fields.retain(|f| f.ftype != msg::FIELD_DIGEST && f.ftype != msg::FIELD_KEY);
            m
        } else {
            let mut m = Msg { info1: c.u8("batch info1")?, ..Msg::default() };
            if kind & ROW_INFO != 0 {
                m.info2 = c.u8("batch info2")?;
                m.info3 = c.u8("batch info3")?;
                if kind & ROW_INFO4 != 0 {
                    m.info4 = c.u8("batch info4")?;
                }
                if kind & ROW_GEN != 0 {
                    m.generation = c.u16("batch generation")? as u32;
                }
                if kind & ROW_TTL != 0 {
                    m.record_ttl = c.u32("batch ttl")?;
                }
            }
            let n_fields = c.u16("batch row")?;
            let n_ops = c.u16("batch row")?;
            m.read_fields_ops(&mut c, n_fields, n_ops)?;
            m
        };
        m.fields.push(Field { ftype: msg::FIELD_DIGEST, data: digest });
        rows.push(Row { index, msg: m });
    }
    if c.pos != data.len() {
        return Err(Malformed("trailing bytes after batch rows"));
    }
    Ok(rows)
}

/// Runs a batch and returns the reply frame bodies.
#[cfg(test)]
pub fn execute(store: &Store, limits: &Limits, m: &Msg) -> Vec<Vec<u8>> {
    execute_checked(store, limits, m, |_| Ok(()))
}

/// As `execute`, each row first passing `check` (security: a refused row
/// answers with the check's code, the others run).
pub fn execute_checked(
    store: &Store,
    limits: &Limits,
    m: &Msg,
    check: impl Fn(&Msg) -> Result<(), ResultCode>,
) -> Vec<Vec<u8>> {
    let field = m.field(msg::FIELD_BATCH_INDEX).or_else(|| m.field(msg::FIELD_BATCH_INDEX_WITH_SET));
    let rows = match field.map(parse) {
        Some(Ok(rows)) => rows,
        Some(Err(e)) => {
            eprintln!("test-server: malformed batch: {}", e.0);
            return vec![last(result::PARAMETER_ERROR)];
        }
        None => {
            eprintln!("test-server: batch without a batch-index field");
            return vec![last(result::PARAMETER_ERROR)];
        }
    };
    // The batch policy's filter applies to every row that has none of its own.
    let filter = m.field(msg::FIELD_FILTER_EXP);
    let mut frames = Vec::new();
    let mut cur = Vec::new();
    for mut row in rows {
        if let Some(f) = filter.filter(|_| row.msg.field(msg::FIELD_FILTER_EXP).is_none()) {
            row.msg.fields.push(Field { ftype: msg::FIELD_FILTER_EXP, data: f.to_vec() });
        }
        let mut reply = match check(&row.msg) {
            Ok(()) => command::execute(store, limits, &row.msg),
            Err(code) => Reply::error(code),
        };
        reply.batch_index = row.index;
        reply.encode_into(&mut cur);
        if cur.len() >= FRAME_BYTES {
            frames.push(std::mem::take(&mut cur));
        }
    }
    Reply { info3: msg::INFO3_LAST, ..Reply::default() }.encode_into(&mut cur);
    frames.push(cur);
    frames
}

fn last(code: u8) -> Vec<u8> {
    Reply { info3: msg::INFO3_LAST, result_code: code, ..Reply::default() }.encode()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Namespace;

    fn field_str(ftype: u8, s: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(&(s.len() as u32 + 1).to_be_bytes());
        out.push(ftype);
        out.extend_from_slice(s);
    }

    /// Rows: new-layout write of bin a=7 for digest 1, a repeat for digest
    /// 2, and an old-layout read-all for digest 3.
    fn batch_field() -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(&3u32.to_be_bytes());
        b.push(0x8);
        b.extend_from_slice(&0u32.to_be_bytes());
        b.extend_from_slice(&[1; 20]);
        b.extend_from_slice(&[ROW_INFO | ROW_GEN | ROW_TTL, 0, msg::INFO2_WRITE, 0, 0, 0]);
        b.extend_from_slice(&0u32.to_be_bytes());
        b.extend_from_slice(&2u16.to_be_bytes());
        b.extend_from_slice(&1u16.to_be_bytes());
        field_str(msg::FIELD_NAMESPACE, b"test", &mut b);
        field_str(msg::FIELD_SET, b"s", &mut b);
        b.extend_from_slice(&(4 + 1 + 8u32).to_be_bytes());
        b.extend_from_slice(&[2, 1, 0, 1, b'a']);
        b.extend_from_slice(&7i64.to_be_bytes());
        b.extend_from_slice(&1u32.to_be_bytes());
        b.extend_from_slice(&[2; 20]);
        b.push(ROW_REPEAT);
        b.extend_from_slice(&2u32.to_be_bytes());
        b.extend_from_slice(&[3; 20]);
        b.extend_from_slice(&[0, msg::INFO1_READ | msg::INFO1_GET_ALL]);
        b.extend_from_slice(&1u16.to_be_bytes());
        b.extend_from_slice(&0u16.to_be_bytes());
        field_str(msg::FIELD_NAMESPACE, b"test", &mut b);
        b
    }

    #[test]
    fn rows_run_independently_and_end_with_last() {
        let store = Store::new(vec![Namespace::new("test", 0)]);
        let m = Msg {
            info1: msg::INFO1_BATCH,
            fields: vec![Field { ftype: msg::FIELD_BATCH_INDEX, data: batch_field() }],
            ..Msg::default()
        };
        let frames = execute(&store, &Limits { max_record_size: 1 << 20 }, &m);
        assert_eq!(frames.len(), 1);
        let f = &frames[0];
        // Row 0 and 1 written (gen 1), row 2 missing (2), then LAST.
        let mut pos = 0;
        let mut seen = Vec::new();
        while pos < f.len() {
            let n_ops = u16::from_be_bytes([f[pos + 20], f[pos + 21]]);
            let idx = u32::from_be_bytes(f[pos + 14..pos + 18].try_into().unwrap());
            seen.push((f[pos + 3], f[pos + 5], idx));
            let mut p = pos + 22;
            for _ in 0..n_ops {
                p += 4 + u32::from_be_bytes(f[p..p + 4].try_into().unwrap()) as usize;
            }
            pos = p;
        }
        assert_eq!(seen, vec![(0, 0, 0), (0, 0, 1), (0, result::KEY_NOT_FOUND, 2), (msg::INFO3_LAST, 0, 0)]);
    }

    #[test]
    fn truncated_batches_are_malformed() {
        let full = batch_field();
        for n in 0..full.len() {
            assert!(parse(&full[..n]).is_err(), "prefix {n}");
        }
    }
}
