//! Single-record commands: read (incl. exists), write/operate, delete and
//! touch, with Aerospike's policy checks.
//!
//! Contract: `execute` turns one parsed AS_MSG into one reply. The stored
//! record changes only if the whole command succeeds: ops run against a
//! working copy which is swapped in at the end. Replies carry the record's
//! generation and void time (seconds since 2010-01-01, 0 = never expires)
//! and no fields, as the real server does for single-record commands.

use crate::clock;
use crate::exp;
use crate::msg::{self, Msg, Reply};
use crate::ops::{self, Ctx, Kind};
use crate::particle::Value;
use crate::result::{self, ResultCode};
use crate::store::{self, Digest, Namespace, Record, Store};
use crate::udf;

pub struct Limits {
    pub max_record_size: usize,
}

pub fn execute(store: &Store, limits: &Limits, m: &Msg) -> Reply {
    match run(store, limits, m) {
        Ok(reply) => reply,
        Err(code) => Reply::error(code),
    }
}

fn run(store: &Store, limits: &Limits, m: &Msg) -> Result<Reply, ResultCode> {
    let Some(digest) = m.field(msg::FIELD_DIGEST) else {
        // Batch, scan and query requests have no single digest; they are not
        // implemented yet, so say so loudly rather than guess.
        let what = if m.info1 & msg::INFO1_BATCH != 0 { "batch" } else { "scan/query" };
        eprintln!(
            "test-server: unsupported {what} command (info1={:#x} info2={:#x} info3={:#x} fields={:?})",
            m.info1,
            m.info2,
            m.info3,
            m.fields.iter().map(|f| f.ftype).collect::<Vec<_>>()
        );
        return Err(result::PARAMETER_ERROR);
    };
    let digest: Digest = digest.try_into().map_err(|_| result::PARAMETER_ERROR)?;
    let ns_name = m.field(msg::FIELD_NAMESPACE).ok_or(result::PARAMETER_ERROR)?;
    let ns = store.namespace(ns_name).ok_or(result::INVALID_NAMESPACE)?;

    // A filter applies to a record that exists; a missing record is answered
    // as without one (not found for reads, created by writes).
    if let Some(filter) = exp::filter_of(m)? {
        if let Some(rec) = ns.lock().get_live(&digest, clock::now()) {
            exp::check(Some(&filter), rec, &digest)?;
        }
    }

    if let Some(call) = udf::record::Call::from_msg(m)? {
        udf::record::execute(store, ns, limits, m, &digest, &call)
    } else if m.info2 & msg::INFO2_WRITE != 0 {
        write(ns, limits, m, &digest)
    } else if m.info1 & msg::INFO1_READ != 0 {
        read(ns, m, &digest)
    } else {
        Err(result::PARAMETER_ERROR)
    }
}

/// Generation policy check against an existing record. Creating a record
/// ignores the generation policy.
fn generation_ok(m: &Msg, rec: &Record) -> bool {
    let gen = rec.generation as u32;
    if m.info2 & msg::INFO2_GENERATION != 0 {
        m.generation == gen
    } else if m.info2 & msg::INFO2_GENERATION_GT != 0 {
        m.generation > gen
    } else {
        true
    }
}

fn header_reply(rec: &Record, ops: Vec<(Vec<u8>, Value)>) -> Reply {
    Reply { generation: rec.generation as u32, void_time: rec.void_time, ops, ..Reply::default() }
}

fn read(ns: &Namespace, m: &Msg, digest: &Digest) -> Result<Reply, ResultCode> {
    let mut recs = ns.lock();
    let rec = recs.get_live(digest, clock::now()).ok_or(result::KEY_NOT_FOUND)?;
    if m.info1 & msg::INFO1_NOBINDATA != 0 {
        return Ok(header_reply(rec, Vec::new()));
    }
    if m.info1 & msg::INFO1_GET_ALL != 0 {
        let bins = rec.bins.clone();
        return Ok(header_reply(rec, bins));
    }
    let respond_all = m.info2 & msg::INFO2_RESPOND_ALL_OPS != 0;
    let mut ctx = Ctx { rec, existed: true, deleted: false, out: Vec::new(), digest: *digest };
    for op in &m.ops {
        let spec = ops::lookup(op.op).ok_or_else(|| unknown_op(op.op))?;
        if spec.kind != Kind::Read {
            return Err(result::PARAMETER_ERROR);
        }
        apply(&mut ctx, spec, op, respond_all)?;
    }
    let out = std::mem::take(&mut ctx.out);
    Ok(header_reply(ctx.rec, out))
}

fn unknown_op(code: u8) -> ResultCode {
    eprintln!("test-server: unsupported op type {code}");
    result::PARAMETER_ERROR
}

/// Runs one op; with RESPOND_ALL_OPS every op yields a reply entry, so
/// ops that produce nothing answer with a null bin.
fn apply(ctx: &mut Ctx, spec: &ops::OpSpec, op: &msg::Op, respond_all: bool) -> Result<(), ResultCode> {
    let before = ctx.out.len();
    (spec.handler)(ctx, op)?;
    if respond_all && ctx.out.len() == before {
        ctx.out.push((op.name.clone(), Value::nil()));
    }
    Ok(())
}

fn write(ns: &Namespace, limits: &Limits, m: &Msg, digest: &Digest) -> Result<Reply, ResultCode> {
    let now = clock::now();
    let mut recs = ns.lock();
    let existing = recs.get_live(digest, now).cloned();

    if let (Some(rec), Some(sent)) = (&existing, m.field(msg::FIELD_KEY)) {
        // Same digest, different stored key: a digest collision or a client
        // bug; the server refuses rather than overwrite.
        if rec.key.as_deref().is_some_and(|k| k != sent) {
            return Err(result::KEY_MISMATCH);
        }
    }

    if m.info2 & msg::INFO2_DELETE != 0 {
        let rec = existing.ok_or(result::KEY_NOT_FOUND)?;
        if !generation_ok(m, &rec) {
            return Err(result::GENERATION_ERROR);
        }
        recs.remove(digest);
        return Ok(Reply::default());
    }

    let replace = m.info3 & (msg::INFO3_CREATE_OR_REPLACE | msg::INFO3_REPLACE_ONLY) != 0;
    match &existing {
        Some(_) if m.info2 & msg::INFO2_CREATE_ONLY != 0 => return Err(result::KEY_EXISTS),
        None if m.info3 & (msg::INFO3_UPDATE_ONLY | msg::INFO3_REPLACE_ONLY) != 0 => return Err(result::KEY_NOT_FOUND),
        Some(rec) if !generation_ok(m, rec) => return Err(result::GENERATION_ERROR),
        _ => {}
    }

    let existed = existing.is_some();
    let mut rec = match existing {
        Some(mut rec) => {
            if replace {
                rec.bins.clear();
            }
            rec
        }
        None => Record { set: m.field(msg::FIELD_SET).unwrap_or_default().to_vec(), ..Record::default() },
    };
    if let Some(key) = m.field(msg::FIELD_KEY) {
        rec.key = Some(key.to_vec());
    }

    let respond_all = m.info2 & msg::INFO2_RESPOND_ALL_OPS != 0;
    let mut ctx = Ctx { rec: &mut rec, existed, deleted: false, out: Vec::new(), digest: *digest };
    for op in &m.ops {
        let spec = ops::lookup(op.op).ok_or_else(|| unknown_op(op.op))?;
        apply(&mut ctx, spec, op, respond_all)?;
    }
    let out = std::mem::take(&mut ctx.out);

    if rec.bins.is_empty() {
        // A record left without bins does not exist any more. (For a record
        // that did not exist, nothing is created.)
        recs.remove(digest);
        return Ok(Reply { ops: out, ..Reply::default() });
    }
    if rec.stored_size() > limits.max_record_size {
        return Err(result::RECORD_TOO_BIG);
    }
    let current_void = if existed { Some(rec.void_time) } else { None };
    rec.void_time = clock::void_time_for_write(m.record_ttl, ns.default_ttl, current_void, now)?;
    rec.generation = if existed { store::next_generation(rec.generation) } else { 1 };
    rec.last_update = crate::truncate::now_nanos();
    let reply = header_reply(&rec, out);
    recs.insert(*digest, rec);
    Ok(reply)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::{Field, Op};
    use crate::ops::{INCR, READ, TOUCH, WRITE};

    fn store() -> Store {
        Store::new(vec![Namespace::new("test", 0)])
    }

    const LIMITS: Limits = Limits { max_record_size: 1024 };

    fn msg(info1: u8, info2: u8, info3: u8, ops: Vec<Op>) -> Msg {
        Msg {
            info1,
            info2,
            info3,
            fields: vec![
                Field { ftype: msg::FIELD_NAMESPACE, data: b"test".to_vec() },
                Field { ftype: msg::FIELD_DIGEST, data: vec![1; 20] },
            ],
            ops,
            ..Msg::default()
        }
    }

    fn op(code: u8, name: &str, v: Value) -> Op {
        Op { op: code, name: name.as_bytes().to_vec(), value: v }
    }

    fn put(s: &Store, info2: u8, info3: u8, v: i64) -> Reply {
        execute(s, &LIMITS, &msg(0, msg::INFO2_WRITE | info2, info3, vec![op(WRITE, "a", Value::int(v))]))
    }

    #[test]
    fn write_read_delete() {
        let s = store();
        let r = put(&s, 0, 0, 5);
        assert_eq!((r.result_code, r.generation, r.void_time), (0, 1, 0));
        assert_eq!(put(&s, 0, 0, 6).generation, 2);
        let got = execute(&s, &LIMITS, &msg(msg::INFO1_READ | msg::INFO1_GET_ALL, 0, 0, vec![]));
        assert_eq!(got.ops, vec![(b"a".to_vec(), Value::int(6))]);
        let del = msg(0, msg::INFO2_WRITE | msg::INFO2_DELETE, 0, vec![]);
        assert_eq!(execute(&s, &LIMITS, &del).result_code, 0);
        assert_eq!(execute(&s, &LIMITS, &del).result_code, result::KEY_NOT_FOUND);
        let exists = msg(msg::INFO1_READ | msg::INFO1_NOBINDATA, 0, 0, vec![]);
        assert_eq!(execute(&s, &LIMITS, &exists).result_code, result::KEY_NOT_FOUND);
    }

    #[test]
    fn exists_policies() {
        let s = store();
        assert_eq!(put(&s, 0, msg::INFO3_UPDATE_ONLY, 1).result_code, result::KEY_NOT_FOUND);
        assert_eq!(put(&s, 0, msg::INFO3_REPLACE_ONLY, 1).result_code, result::KEY_NOT_FOUND);
        assert_eq!(put(&s, msg::INFO2_CREATE_ONLY, 0, 1).result_code, 0);
        assert_eq!(put(&s, msg::INFO2_CREATE_ONLY, 0, 1).result_code, result::KEY_EXISTS);
        let w = msg(0, msg::INFO2_WRITE, 0, vec![op(WRITE, "b", Value::int(2))]);
        execute(&s, &LIMITS, &w);
        put(&s, 0, msg::INFO3_REPLACE_ONLY, 3);
        let got = execute(&s, &LIMITS, &msg(msg::INFO1_READ | msg::INFO1_GET_ALL, 0, 0, vec![]));
        assert_eq!(got.ops, vec![(b"a".to_vec(), Value::int(3))]);
    }

    #[test]
    fn generation_policies() {
        let s = store();
        put(&s, 0, 0, 1);
        let mut m = msg(0, msg::INFO2_WRITE | msg::INFO2_GENERATION, 0, vec![op(WRITE, "a", Value::int(2))]);
        m.generation = 5;
        assert_eq!(execute(&s, &LIMITS, &m).result_code, result::GENERATION_ERROR);
        m.generation = 1;
        assert_eq!(execute(&s, &LIMITS, &m).generation, 2);
        m.info2 = msg::INFO2_WRITE | msg::INFO2_GENERATION_GT;
        assert_eq!(execute(&s, &LIMITS, &m).result_code, result::GENERATION_ERROR);
    }

    #[test]
    fn failed_op_leaves_record_unchanged() {
        let s = store();
        put(&s, 0, 0, 1);
        let bad = msg(
            0,
            msg::INFO2_WRITE,
            0,
            vec![op(WRITE, "a", Value::int(9)), op(INCR, "a", Value::new(3, b"x".to_vec()))],
        );
        assert_eq!(execute(&s, &LIMITS, &bad).result_code, result::PARAMETER_ERROR);
        let rd = msg(msg::INFO1_READ, 0, 0, vec![op(READ, "a", Value::nil())]);
        let got = execute(&s, &LIMITS, &rd);
        assert_eq!((got.generation, got.ops[0].1.as_int()), (1, Some(1)));
    }

    #[test]
    fn ttl_and_touch() {
        let s = store();
        let mut m = msg(0, msg::INFO2_WRITE, 0, vec![op(WRITE, "a", Value::int(1))]);
        m.record_ttl = 100;
        let r = execute(&s, &LIMITS, &m);
        assert!(r.void_time >= clock::now() + 99);
        let mut t = msg(0, msg::INFO2_WRITE, 0, vec![op(TOUCH, "", Value::nil())]);
        t.record_ttl = clock::TTL_DONT_UPDATE;
        let r2 = execute(&s, &LIMITS, &t);
        assert_eq!((r2.generation, r2.void_time), (2, r.void_time));
        t.record_ttl = clock::TTL_NEVER_EXPIRE;
        assert_eq!(execute(&s, &LIMITS, &t).void_time, 0);
    }

    #[test]
    fn limits_and_namespaces() {
        let s = store();
        let big = Value::new(4, vec![0; 2048]);
        let m = msg(0, msg::INFO2_WRITE, 0, vec![op(WRITE, "a", big)]);
        assert_eq!(execute(&s, &LIMITS, &m).result_code, result::RECORD_TOO_BIG);
        let mut m = msg(msg::INFO1_READ | msg::INFO1_GET_ALL, 0, 0, vec![]);
        m.fields[0].data = b"nope".to_vec();
        assert_eq!(execute(&s, &LIMITS, &m).result_code, result::INVALID_NAMESPACE);
    }

    #[test]
    fn removing_last_bin_deletes_record() {
        let s = store();
        put(&s, 0, 0, 1);
        let m = msg(0, msg::INFO2_WRITE, 0, vec![op(WRITE, "a", Value::nil())]);
        assert_eq!(execute(&s, &LIMITS, &m).result_code, 0);
        let ex = msg(msg::INFO1_READ | msg::INFO1_NOBINDATA, 0, 0, vec![]);
        assert_eq!(execute(&s, &LIMITS, &ex).result_code, result::KEY_NOT_FOUND);
    }
}
