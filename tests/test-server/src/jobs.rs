//! Background query and scan jobs: a query/scan message that writes
//! (ops with INFO2_WRITE) or applies a record UDF (UDF op 2) to every
//! record it matches, and the `query-show` / `jobs` info commands that
//! report them.
//!
//! Contract: the job id is the message's QUERY_ID field. Each matched
//! record is one ordinary single-record command (`command::execute`: ops
//! or UDF, with the message's TTL and policy bits), so a job changes each
//! record once, exactly as that command would. The real server runs the
//! job after answering; here it runs before the reply, which is a valid
//! schedule of the same outcome (a client polling the job sees it done).
//! The reply is one INFO3_LAST message. `query-show[:id=N]` (older
//! clients: `trid=N`) and `jobs:module=query;cmd=get-job;trid=N` answer
//! `trid=N:job-type=...:ns=...:set=...:status=done(ok):job-progress=100.00
//! :...:recs-read=R:recs-succeeded=S:recs-failed=F`; an unknown id answers
//! `ERROR:2:job not found`. All jobs, `;`-joined, without an id.

use std::sync::Mutex;

use crate::command::{self, Limits};
use crate::msg::{self, Field, Msg, Reply};
use crate::result::{self, ResultCode};
use crate::store::{Digest, Namespace, Store};

/// UDF_OP field value of a background record-UDF job (1 is an aggregation).
pub const UDF_OP_BACKGROUND: u8 = 2;
/// Jobs remembered for `query-show`; the oldest are forgotten first, as the
/// real server keeps a bounded history.
const HISTORY: usize = 1000;

struct Job {
    id: u64,
    kind: &'static str,
    ns: String,
    set: String,
    read: u64,
    succeeded: u64,
    failed: u64,
    run_ms: u128,
}

impl Job {
    fn show(&self) -> String {
        format!(
            "trid={}:job-type={}:ns={}:set={}:status=done(ok):job-progress=100.00:run-time={}:\
             time-since-done=0:recs-throttled=0:recs-filtered-meta=0:recs-filtered-bins=0:\
             recs-read={}:recs-succeeded={}:recs-failed={}",
            self.id, self.kind, self.ns, self.set, self.run_ms, self.read, self.succeeded, self.failed
        )
    }
}

#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<Vec<Job>>,
}

/// Runs a background job over `digests` and records it.
pub fn run(
    store: &Store,
    limits: &Limits,
    m: &Msg,
    ns: &Namespace,
    set: Option<&str>,
    digests: Vec<Digest>,
) -> Result<Vec<Vec<u8>>, ResultCode> {
    let id = m
        .field(msg::FIELD_QUERY_ID)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes)
        .ok_or(result::PARAMETER_ERROR)?;
    let is_udf = m.field(msg::FIELD_UDF_PACKAGE_NAME).is_some();
    let carried = [msg::FIELD_UDF_PACKAGE_NAME, msg::FIELD_UDF_FUNCTION, msg::FIELD_UDF_ARGLIST];
    let started = std::time::Instant::now();
    let mut job = Job {
        id,
        kind: if is_udf { "background-udf" } else { "background-ops" },
        ns: ns.name.clone(),
        set: set.unwrap_or_default().to_string(),
        read: 0,
        succeeded: 0,
        failed: 0,
        run_ms: 0,
    };
    for digest in digests {
        let mut fields = vec![
            Field { ftype: msg::FIELD_NAMESPACE, data: ns.name.as_bytes().to_vec() },
            Field { ftype: msg::FIELD_DIGEST, data: digest.to_vec() },
        ];
        fields.extend(m.fields.iter().filter(|f| carried.contains(&f.ftype)).cloned());
        let one = Msg {
            info1: 0,
            // Background writes only update records that exist.
            info2: msg::INFO2_WRITE | (m.info2 & !msg::INFO2_CREATE_ONLY),
            info3: m.info3 | if is_udf { 0 } else { msg::INFO3_UPDATE_ONLY },
            record_ttl: m.record_ttl,
            fields,
            ops: m.ops.clone(),
            ..Msg::default()
        };
        job.read += 1;
        if command::execute(store, limits, &one).result_code == result::OK {
            job.succeeded += 1;
        } else {
            job.failed += 1;
        }
    }
    job.run_ms = started.elapsed().as_millis();
    store.jobs.record(job);
    Ok(vec![Reply { info3: msg::INFO3_LAST, ..Reply::default() }.encode()])
}

fn params(p: &str) -> Vec<(&str, &str)> {
    p.split(';').filter(|s| !s.is_empty()).filter_map(|kv| kv.split_once('=')).collect()
}

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Job>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn record(&self, job: Job) {
        let mut jobs = self.lock();
        jobs.retain(|j| j.id != job.id);
        if jobs.len() >= HISTORY {
            jobs.remove(0);
        }
        jobs.push(job);
    }

    fn answer(&self, id: Option<&str>) -> String {
        let jobs = self.lock();
        match id {
            None => jobs.iter().map(Job::show).collect::<Vec<_>>().join(";"),
            Some(id) => match id.parse::<u64>().ok().and_then(|id| jobs.iter().find(|j| j.id == id)) {
                Some(job) => job.show(),
                None => "ERROR:2:job not found".into(),
            },
        }
    }

    /// `query-show[:id=N]` (or `trid=N`).
    pub fn show(&self, p: &str) -> String {
        let ps = params(p);
        let id = ps.iter().find(|(k, _)| *k == "id" || *k == "trid").map(|(_, v)| *v);
        self.answer(id)
    }

    /// `jobs:module=query|scan[;cmd=get-job;trid=N]` (the pre-6.0 form).
    pub fn jobs_command(&self, p: &str) -> String {
        let ps = params(p);
        let get = |k: &str| ps.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        match get("module") {
            Some("query" | "scan") => self.answer(get("trid")),
            _ => "ERROR::missing or unknown module".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Op;
    use crate::ops::INCR;
    use crate::particle::Value;
    use crate::scan;
    use crate::store::Record;

    const LIMITS: Limits = Limits { max_record_size: 1 << 20 };

    #[test]
    fn background_ops_update_each_match_once_and_are_reported() {
        let store = Store::new(vec![Namespace::new("test", 0)]);
        {
            let mut recs = store.namespace(b"test").unwrap().lock();
            for i in 0..5u8 {
                let set = if i < 3 { b"s".to_vec() } else { b"t".to_vec() };
                let rec = Record {
                    set,
                    bins: vec![(b"n".to_vec(), Value::int(i as i64))],
                    generation: 1,
                    ..Record::default()
                };
                recs.insert([i; 20], rec);
            }
        }
        let m = Msg {
            info2: msg::INFO2_WRITE,
            fields: vec![
                Field { ftype: msg::FIELD_NAMESPACE, data: b"test".to_vec() },
                Field { ftype: msg::FIELD_SET, data: b"s".to_vec() },
                Field { ftype: msg::FIELD_QUERY_ID, data: 42u64.to_be_bytes().to_vec() },
            ],
            ops: vec![Op { op: INCR, name: b"n".to_vec(), value: Value::int(10) }],
            ..Msg::default()
        };
        let frames = scan::execute(&store, &LIMITS, &m);
        assert_eq!(frames.len(), 1);
        assert_eq!((frames[0][3], frames[0][5]), (msg::INFO3_LAST, 0));
        let mut recs = store.namespace(b"test").unwrap().lock();
        let values: Vec<_> =
            (0..5u8).map(|i| recs.get_live(&[i; 20], 0).unwrap().bins[0].1.as_int().unwrap()).collect();
        assert_eq!(values, vec![10, 11, 12, 3, 4]);
        drop(recs);

        let line = store.jobs.show("id=42");
        assert!(line.starts_with("trid=42:job-type=background-ops:ns=test:set=s:status=done(ok):job-progress=100.00"));
        assert!(line.contains(":recs-read=3:recs-succeeded=3:recs-failed=0"), "{line}");
        assert_eq!(store.jobs.show("trid=42"), line);
        assert_eq!(store.jobs.jobs_command("module=query;cmd=get-job;trid=42"), line);
        assert_eq!(store.jobs.show("id=43"), "ERROR:2:job not found");
        assert_eq!(store.jobs.show(""), line);
    }

    #[test]
    fn a_job_needs_its_id() {
        let store = Store::new(vec![Namespace::new("test", 0)]);
        let m = Msg {
            info2: msg::INFO2_WRITE,
            fields: vec![Field { ftype: msg::FIELD_NAMESPACE, data: b"test".to_vec() }],
            ops: vec![Op { op: INCR, name: b"n".to_vec(), value: Value::int(1) }],
            ..Msg::default()
        };
        assert_eq!(scan::execute(&store, &LIMITS, &m)[0][5], result::PARAMETER_ERROR);
    }
}
