//! Partition scans and secondary-index queries (AS_MSG with a namespace
//! and no digest).
//!
//! Contract: the partitions to visit come from PID_ARRAY (little-endian
//! u16 ids) and DIGEST_ARRAY (resume a partition after the given digest);
//! with neither, every partition. Records are visited partition by
//! partition in digest order. Each record is one AS_MSG carrying the
//! digest, namespace, set and (if stored) key fields plus the selected
//! bins (READ ops name them; none = all; INFO1_NOBINDATA = none). After a
//! partition's last record a PARTITION_DONE message (partition id in the
//! generation slot) follows, when the client asked for them. MAX_RECORDS
//! caps the records sent; a partition cut short is not reported done, so
//! the client resumes it. An INDEX_RANGE field makes it a query: the
//! index is found by INDEX_NAME or by bin/type/collection type; none →
//! INDEX_NOTFOUND (201). The stream ends with an INFO3_LAST message.

use crate::cdt;
use crate::clock;
use crate::command::Limits;
use crate::exp;
use crate::jobs;
use crate::msg::{self, Field, Msg, Reply};
use crate::ops;
use crate::result::{self, ResultCode};
use crate::sindex::{self, Collection, Filter, Index};
use crate::store::{Digest, Record, Store};

const FRAME_BYTES: usize = 128 * 1024;

pub fn partition_of(d: &Digest) -> u16 {
    u16::from_le_bytes([d[0], d[1]]) & 0x0fff
}

struct Plan {
    /// (partition, resume-after digest)
    parts: Vec<(u16, Option<Digest>)>,
    max: Option<u64>,
    done_msgs: bool,
}

fn plan(m: &Msg, owned: Option<&[u16]>) -> Result<Plan, ResultCode> {
    let mut parts = Vec::new();
    if let Some(p) = m.field(msg::FIELD_PID_ARRAY) {
        if p.len() % 2 != 0 {
            return Err(result::PARAMETER_ERROR);
        }
        parts.extend(p.chunks(2).map(|c| (u16::from_le_bytes([c[0], c[1]]) & 0x0fff, None)));
    }
    if let Some(d) = m.field(msg::FIELD_DIGEST_ARRAY) {
        if d.len() % 20 != 0 {
            return Err(result::PARAMETER_ERROR);
        }
        for c in d.chunks(20) {
            let dg: Digest = c.try_into().map_err(|_| result::PARAMETER_ERROR)?;
            parts.push((partition_of(&dg), Some(dg)));
        }
    }
    let done_msgs = !parts.is_empty();
    if parts.is_empty() {
        // No partitions named: the node's own (it masters them), as each node
        // of a cluster runs a whole-namespace scan or job over its share.
        parts = match owned {
            Some(own) => own.iter().map(|&p| (p, None)).collect(),
            None => (0..4096).map(|p| (p, None)).collect(),
        };
    }
    let max = match m.field(msg::FIELD_MAX_RECORDS) {
        Some(b) => Some(u64::from_be_bytes(b.try_into().map_err(|_| result::PARAMETER_ERROR)?)).filter(|n| *n > 0),
        None => None,
    };
    Ok(Plan { parts, max, done_msgs })
}

fn index_for(store: &Store, m: &Msg, ns: &str, set: Option<&str>) -> Result<Option<(Index, Filter)>, ResultCode> {
    let Some(range) = m.field(msg::FIELD_INDEX_RANGE) else { return Ok(None) };
    let filter = sindex::parse_range(range).ok_or(result::PARAMETER_ERROR)?;
    let itype = match m.field(msg::FIELD_INDEX_TYPE).and_then(|t| t.first()) {
        None | Some(0) => Collection::Default,
        Some(1) => Collection::List,
        Some(2) => Collection::MapKeys,
        Some(3) => Collection::MapValues,
        Some(_) => return Err(result::PARAMETER_ERROR),
    };
    let ctx = match m.field(msg::FIELD_INDEX_CONTEXT) {
        Some(raw) => Some(cdt::canonical_ctx(raw).ok_or(result::PARAMETER_ERROR)?),
        None => None,
    };
    let by_name = m.field(msg::FIELD_INDEX_NAME).map(|n| String::from_utf8_lossy(n).into_owned());
    let by_exp = m.field(msg::FIELD_INDEX_EXPRESSION);
    let idx = match (by_name, by_exp) {
        (Some(name), _) => store.sindexes.find(ns, &name),
        (None, Some(e)) => store.sindexes.for_expression(ns, set, e),
        (None, None) => {
            let kt = filter.key_type().ok_or(result::PARAMETER_ERROR)?;
            store.sindexes.for_query(ns, set, &filter.bin, kt, itype, ctx.as_deref())
        }
    };
    let idx = idx.ok_or(result::INDEX_NOTFOUND)?;
    // An index named in the query brings its own bin: clients send an empty bin name
    // with it (the server reads the index's). A bin that is named must be the index's.
    if idx.exp.is_none() && !filter.bin.is_empty() && idx.bin != filter.bin {
        return Err(result::INDEX_NOTFOUND);
    }
    Ok(Some((idx, filter)))
}

fn error(code: ResultCode) -> Vec<Vec<u8>> {
    vec![Reply { info3: msg::INFO3_LAST, result_code: code, ..Reply::default() }.encode()]
}

#[cfg(test)]
pub fn execute(store: &Store, limits: &Limits, m: &Msg) -> Vec<Vec<u8>> {
    execute_on(store, limits, m, None)
}

/// As `execute`, on a cluster node that masters `owned` (every partition
/// when `None`).
pub fn execute_on(store: &Store, limits: &Limits, m: &Msg, owned: Option<&[u16]>) -> Vec<Vec<u8>> {
    match run(store, limits, m, owned) {
        Ok(frames) => frames,
        Err(code) => error(code),
    }
}

fn run(store: &Store, limits: &Limits, m: &Msg, owned: Option<&[u16]>) -> Result<Vec<Vec<u8>>, ResultCode> {
    let udf_op = m.field(msg::FIELD_UDF_OP).map(|f| f.first().copied().unwrap_or(0));
    // A background job writes (ops) or runs a record UDF (UDF op 2) on each
    // match; UDF op 1 is an aggregation (stream UDF), not implemented.
    let background = udf_op == Some(jobs::UDF_OP_BACKGROUND) || m.info2 & msg::INFO2_WRITE != 0;
    if udf_op.is_some_and(|op| op != jobs::UDF_OP_BACKGROUND) {
        eprintln!(
            "test-server: unsupported scan/query (info2={:#x} fields={:?})",
            m.info2,
            m.fields.iter().map(|f| f.ftype).collect::<Vec<_>>()
        );
        return Err(result::PARAMETER_ERROR);
    }
    let ns_name = m.field(msg::FIELD_NAMESPACE).ok_or(result::PARAMETER_ERROR)?;
    let ns = store.namespace(ns_name).ok_or(result::INVALID_NAMESPACE)?;
    let set = m.field(msg::FIELD_SET).filter(|s| !s.is_empty()).map(|s| String::from_utf8_lossy(s).into_owned());
    let query = index_for(store, m, &ns.name, set.as_deref())?;
    let plan = plan(m, owned)?;
    if !background && m.ops.iter().any(|o| o.op != ops::READ) {
        return Err(result::PARAMETER_ERROR);
    }
    let no_bins = m.info1 & msg::INFO1_NOBINDATA != 0;
    let filter = exp::filter_of(m)?;

    // Snapshot the matching records per partition, sorted by digest.
    let mut by_part: Vec<Vec<(Digest, Record)>> = vec![Vec::new(); 4096];
    {
        let recs = ns.lock();
        for (d, r) in recs.live(clock::now()) {
            if set.as_deref().is_some_and(|s| s.as_bytes() != r.set) {
                continue;
            }
            if let Some((idx, f)) = &query {
                if idx.set.as_deref().is_some_and(|s| s.as_bytes() != r.set) {
                    continue;
                }
                if !idx.value_of(r, d).is_some_and(|v| f.matches(idx, &v)) {
                    continue;
                }
            }
            // Records the filter expression excludes are skipped, not reported.
            if let Some(f) = &filter {
                if !exp::passes(f, r, d)? {
                    continue;
                }
            }
            by_part[partition_of(d) as usize].push((*d, r.clone()));
        }
    }

    if background {
        let digests = plan
            .parts
            .iter()
            .flat_map(|(pid, _)| std::mem::take(&mut by_part[*pid as usize]))
            .map(|(d, _)| d)
            .collect();
        return jobs::run(store, limits, m, ns, set.as_deref(), digests);
    }

    let mut frames = Vec::new();
    let mut cur = Vec::new();
    let mut sent: u64 = 0;
    'parts: for (pid, after) in &plan.parts {
        let mut recs = std::mem::take(&mut by_part[*pid as usize]);
        recs.sort_by_key(|a| a.0);
        for (d, r) in recs.iter().filter(|(d, _)| after.is_none_or(|a| *d > a)) {
            if plan.max.is_some_and(|mx| sent >= mx) {
                break 'parts;
            }
            record_msg(&ns.name, d, r, m, no_bins).encode_into(&mut cur);
            sent += 1;
            if cur.len() >= FRAME_BYTES {
                frames.push(std::mem::take(&mut cur));
            }
        }
        if plan.done_msgs {
            Reply { info3: msg::INFO3_PARTITION_DONE, generation: *pid as u32, ..Reply::default() }
                .encode_into(&mut cur);
        }
    }
    Reply { info3: msg::INFO3_LAST, ..Reply::default() }.encode_into(&mut cur);
    frames.push(cur);
    Ok(frames)
}

fn record_msg(ns: &str, d: &Digest, r: &Record, m: &Msg, no_bins: bool) -> Reply {
    let mut fields = vec![
        Field { ftype: msg::FIELD_NAMESPACE, data: ns.as_bytes().to_vec() },
        Field { ftype: msg::FIELD_DIGEST, data: d.to_vec() },
    ];
    if !r.set.is_empty() {
        fields.push(Field { ftype: msg::FIELD_SET, data: r.set.clone() });
    }
    if let Some(k) = &r.key {
        fields.push(Field { ftype: msg::FIELD_KEY, data: k.clone() });
    }
    let bins = if no_bins {
        Vec::new()
    } else if m.ops.is_empty() {
        r.bins.clone()
    } else {
        r.bins.iter().filter(|(n, _)| m.ops.iter().any(|o| &o.name == n)).cloned().collect()
    };
    Reply { generation: r.generation as u32, void_time: r.void_time, fields, ops: bins, ..Reply::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::particle::Value;
    use crate::store::Namespace;

    const LIMITS: Limits = Limits { max_record_size: 1 << 20 };

    fn store() -> Store {
        let s = Store::new(vec![Namespace::new("test", 0)]);
        {
            let mut r = s.namespace(b"test").unwrap().lock();
            for i in 0..10u8 {
                let mut d = [0u8; 20];
                d[0] = i % 3; // partitions 0, 1, 2
                d[19] = i;
                let rec = Record {
                    set: if i < 8 { b"s".to_vec() } else { b"t".to_vec() },
                    bins: vec![(b"n".to_vec(), Value::int(i as i64))],
                    generation: 1,
                    ..Record::default()
                };
                r.insert(d, rec);
            }
        }
        s
    }

    /// (info3, result, generation, n_ops) per message.
    fn messages(frames: &[Vec<u8>]) -> Vec<(u8, u8, u32, u16)> {
        let mut out = Vec::new();
        for f in frames {
            let mut pos = 0;
            while pos < f.len() {
                let gen = u32::from_be_bytes(f[pos + 6..pos + 10].try_into().unwrap());
                let nf = u16::from_be_bytes([f[pos + 18], f[pos + 19]]);
                let no = u16::from_be_bytes([f[pos + 20], f[pos + 21]]);
                out.push((f[pos + 3], f[pos + 5], gen, no));
                let mut p = pos + 22;
                for _ in 0..nf + no {
                    p += 4 + u32::from_be_bytes(f[p..p + 4].try_into().unwrap()) as usize;
                }
                pos = p;
            }
        }
        out
    }

    fn scan_msg(fields: Vec<(u8, Vec<u8>)>) -> Msg {
        let mut all = vec![Field { ftype: msg::FIELD_NAMESPACE, data: b"test".to_vec() }];
        all.extend(fields.into_iter().map(|(ftype, data)| Field { ftype, data }));
        Msg { info1: msg::INFO1_READ, fields: all, ..Msg::default() }
    }

    #[test]
    fn partition_scan_with_done_markers_and_max_records() {
        let s = store();
        let pids: Vec<u8> = [0u16, 1, 2].iter().flat_map(|p| p.to_le_bytes()).collect();
        let m = scan_msg(vec![(msg::FIELD_SET, b"s".to_vec()), (msg::FIELD_PID_ARRAY, pids.clone())]);
        let msgs = messages(&execute(&s, &LIMITS, &m));
        assert_eq!(msgs.iter().filter(|x| x.3 == 1).count(), 8);
        let done: Vec<u32> = msgs.iter().filter(|x| x.0 == msg::INFO3_PARTITION_DONE).map(|x| x.2).collect();
        assert_eq!(done, vec![0, 1, 2]);
        assert_eq!(msgs.last().unwrap().0, msg::INFO3_LAST);

        let m = scan_msg(vec![(msg::FIELD_PID_ARRAY, pids), (msg::FIELD_MAX_RECORDS, 4u64.to_be_bytes().to_vec())]);
        let msgs = messages(&execute(&s, &LIMITS, &m));
        assert_eq!(msgs.iter().filter(|x| x.3 == 1).count(), 4);
        // Partition 0 holds 4 records (i = 0, 3, 6, 9): done; 1 was not started.
        let done: Vec<u32> = msgs.iter().filter(|x| x.0 == msg::INFO3_PARTITION_DONE).map(|x| x.2).collect();
        assert_eq!(done, vec![0]);
    }

    #[test]
    fn query_needs_an_index() {
        let s = store();
        let mut range = vec![1, 1, b'n', crate::particle::INTEGER];
        for v in [2i64, 5] {
            range.extend_from_slice(&8u32.to_be_bytes());
            range.extend_from_slice(&v.to_be_bytes());
        }
        let m = scan_msg(vec![(msg::FIELD_INDEX_RANGE, range)]);
        assert_eq!(messages(&execute(&s, &LIMITS, &m)), vec![(msg::INFO3_LAST, result::INDEX_NOTFOUND, 0, 0)]);
        assert_eq!(sindex::create(&s, "ns=test;indexname=n_idx;indexdata=n,NUMERIC"), "ok");
        let msgs = messages(&execute(&s, &LIMITS, &m));
        assert_eq!(msgs.iter().filter(|x| x.3 == 1).count(), 4);
    }

    /// A range with an empty bin name next to INDEX_NAME, as clients send it for a query
    /// by index name: the named index's bin is used; a bin that is named must be its own.
    #[test]
    fn query_by_index_name_takes_the_index_bin() {
        let s = store();
        let range_on = |bin: &[u8]| {
            let mut range = vec![1, bin.len() as u8];
            range.extend_from_slice(bin);
            range.push(crate::particle::INTEGER);
            for v in [2i64, 5] {
                range.extend_from_slice(&8u32.to_be_bytes());
                range.extend_from_slice(&v.to_be_bytes());
            }
            range
        };
        let by_name = |bin: &[u8], name: &[u8]| {
            scan_msg(vec![(msg::FIELD_INDEX_RANGE, range_on(bin)), (msg::FIELD_INDEX_NAME, name.to_vec())])
        };
        assert_eq!(
            messages(&execute(&s, &LIMITS, &by_name(b"", b"n_idx"))),
            vec![(msg::INFO3_LAST, result::INDEX_NOTFOUND, 0, 0)]
        );
        assert_eq!(sindex::create(&s, "ns=test;indexname=n_idx;indexdata=n,NUMERIC"), "ok");
        for bin in [&b""[..], b"n"] {
            let msgs = messages(&execute(&s, &LIMITS, &by_name(bin, b"n_idx")));
            assert_eq!(msgs.iter().filter(|x| x.3 == 1).count(), 4);
        }
        assert_eq!(
            messages(&execute(&s, &LIMITS, &by_name(b"other", b"n_idx"))),
            vec![(msg::INFO3_LAST, result::INDEX_NOTFOUND, 0, 0)]
        );
    }
}
