//! A record UDF command (`apply`, a batch apply row, one record of a
//! background UDF job): the record as the UDF sees it, and the command
//! that runs the UDF and stores what it committed.
//!
//! Contract: the UDF edits a working copy of the bins; `aerospike:create`
//! / `update` commit the working copy, `aerospike:remove` deletes the
//! record. Nothing reaches the store unless the UDF returns normally, and
//! then the last committed state is stored in one step (one generation
//! bump, the command's TTL unless `record.set_ttl` chose one). The reply
//! carries the return value in a `SUCCESS` bin, or result code
//! UDF_BAD_RESPONSE (100) with the error text in a `FAILURE` bin, as the
//! real server answers.

use std::cell::RefCell;
use std::rc::Rc;

use super::lua::{Engine, RecHandle};
use crate::cdt;
use crate::cdt::value::{self, V};
use crate::clock;
use crate::command::Limits;
use crate::msg::{self, Msg, Reply};
use crate::ops::MAX_BIN_NAME;
use crate::particle::{self, Value};
use crate::result::{self, ResultCode};
use crate::store::{self, Digest, Namespace, Record, Store};

/// Return codes of `aerospike:create/update/remove`, as Lua sees them.
const OK: i64 = 0;
const EXISTS: i64 = 1;
const NOT_OPEN: i64 = -2;

pub struct UdfRecord {
    pub digest: Digest,
    set: Vec<u8>,
    /// The key field the client sent, kept when the record is created.
    sent_key: Option<Vec<u8>>,
    /// The committed state: the stored record, then whatever the UDF committed.
    stored: Option<Record>,
    /// The bins as the UDF reads and edits them.
    work: Vec<(Vec<u8>, Value)>,
    pub ttl_override: Option<u32>,
    pub drop_key: bool,
    changed: bool,
}

impl UdfRecord {
    fn new(digest: Digest, set: Vec<u8>, sent_key: Option<Vec<u8>>, stored: Option<Record>) -> UdfRecord {
        let work = stored.as_ref().map(|r| r.bins.clone()).unwrap_or_default();
        UdfRecord { digest, set, sent_key, stored, work, ttl_override: None, drop_key: false, changed: false }
    }

    pub fn bin(&self, name: &[u8]) -> Option<V> {
        self.work.iter().find(|(n, _)| n == name).and_then(|(_, v)| cdt::from_particle(v))
    }

    pub fn set_bin(&mut self, name: &[u8], v: V) -> Result<(), String> {
        if name.is_empty() || name.len() > MAX_BIN_NAME {
            return Err(format!("bin name {:?} must be 1 to {MAX_BIN_NAME} bytes", String::from_utf8_lossy(name)));
        }
        let particle = cdt::to_particle(&v);
        let pos = self.work.iter().position(|(n, _)| n == name);
        match (pos, particle.is_nil()) {
            (Some(i), true) => {
                self.work.remove(i);
            }
            (Some(i), false) => self.work[i].1 = particle,
            (None, true) => {}
            (None, false) => self.work.push((name.to_vec(), particle)),
        }
        Ok(())
    }

    pub fn bin_names(&self) -> Vec<Vec<u8>> {
        self.work.iter().map(|(n, _)| n.clone()).collect()
    }

    pub fn exists(&self) -> bool {
        self.stored.is_some()
    }

    fn commit(&mut self) {
        let mut rec = self.stored.take().unwrap_or_else(|| Record {
            set: self.set.clone(),
            key: self.sent_key.clone(),
            ..Record::default()
        });
        rec.bins = self.work.clone();
        self.stored = Some(rec);
        self.changed = true;
    }

    pub fn create(&mut self) -> i64 {
        if self.stored.is_some() {
            return EXISTS;
        }
        self.commit();
        OK
    }

    pub fn update(&mut self) -> i64 {
        if self.stored.is_none() {
            return NOT_OPEN;
        }
        self.commit();
        OK
    }

    pub fn remove(&mut self) -> i64 {
        if self.stored.take().is_none() {
            return NOT_OPEN;
        }
        self.work.clear();
        self.changed = true;
        OK
    }

    /// Seconds left to live; 0 for a record that never expires (or none).
    pub fn ttl(&self) -> u32 {
        match self.stored.as_ref().map(|r| r.void_time) {
            None | Some(0) => 0,
            Some(v) => v.saturating_sub(clock::now()),
        }
    }

    pub fn generation(&self) -> u16 {
        self.stored.as_ref().map_or(0, |r| r.generation)
    }

    pub fn set_name(&self) -> String {
        String::from_utf8_lossy(&self.set).into_owned()
    }

    pub fn last_update_ms(&self) -> u64 {
        self.stored.as_ref().map_or(0, |r| r.last_update / 1_000_000)
    }

    /// The user key, when the record stores it (or the client sent it).
    pub fn user_key(&self) -> Option<V> {
        let k = self.stored.as_ref().and_then(|r| r.key.clone()).or_else(|| self.sent_key.clone())?;
        let (t, data) = k.split_first()?;
        cdt::from_particle(&Value::new(*t, data.to_vec()))
    }
}

/// Which UDF a command calls.
pub struct Call {
    pub package: String,
    pub function: String,
    pub args: Vec<V>,
}

impl Call {
    /// The UDF fields of a message; None when it has none.
    pub fn from_msg(m: &Msg) -> Result<Option<Call>, ResultCode> {
        let Some(package) = m.field(msg::FIELD_UDF_PACKAGE_NAME) else { return Ok(None) };
        let function = m.field(msg::FIELD_UDF_FUNCTION).ok_or(result::PARAMETER_ERROR)?;
        let args = match m.field(msg::FIELD_UDF_ARGLIST) {
            None => Vec::new(),
            Some(raw) => match value::decode(raw).map_err(|_| result::PARAMETER_ERROR)? {
                V::List(l) => l.items,
                _ => return Err(result::PARAMETER_ERROR),
            },
        };
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| result::PARAMETER_ERROR);
        Ok(Some(Call { package: text(package)?, function: text(function)?, args }))
    }
}

fn failure(text: String) -> Reply {
    Reply {
        result_code: result::UDF_BAD_RESPONSE,
        ops: vec![(b"FAILURE".to_vec(), Value::new(particle::STRING, text.into_bytes()))],
        ..Reply::default()
    }
}

/// Runs `call` on the record `digest` of `ns` and stores what it committed.
pub fn execute(
    store: &Store,
    ns: &Namespace,
    limits: &Limits,
    m: &Msg,
    digest: &Digest,
    call: &Call,
) -> Result<Reply, ResultCode> {
    let file = format!("{}.lua", call.package);
    let Some(source) = store.udfs.source(&file) else {
        return Ok(failure(format!("{file}: module not found")));
    };
    let now = clock::now();
    let mut recs = ns.lock();
    let existing = recs.get_live(digest, now).cloned();
    let sent_key = m.field(msg::FIELD_KEY).map(<[u8]>::to_vec);
    if let (Some(rec), Some(sent)) = (&existing, &sent_key) {
        if rec.key.as_deref().is_some_and(|k| k != sent.as_slice()) {
            return Err(result::KEY_MISMATCH);
        }
    }
    let set = match &existing {
        Some(r) => r.set.clone(),
        None => m.field(msg::FIELD_SET).unwrap_or_default().to_vec(),
    };
    let existed = existing.is_some();
    let state = RecHandle(Rc::new(RefCell::new(UdfRecord::new(*digest, set, sent_key, existing))));
    let returned = Engine::new(&file, &source).and_then(|engine| engine.call(&call.function, &state, &call.args));
    let ret = match returned {
        Ok(v) => v,
        Err(text) => return Ok(failure(text)),
    };
    let state = state.0.borrow();
    let mut reply = Reply { ops: vec![(b"SUCCESS".to_vec(), cdt::to_particle(&ret))], ..Reply::default() };
    if !state.changed {
        if let Some(rec) = &state.stored {
            (reply.generation, reply.void_time) = (rec.generation as u32, rec.void_time);
        }
        return Ok(reply);
    }
    match state.stored.clone() {
        Some(mut rec) if !rec.bins.is_empty() => {
            if state.drop_key {
                rec.key = None;
            }
            if rec.stored_size() > limits.max_record_size {
                return Err(result::RECORD_TOO_BIG);
            }
            let current_void = if existed { Some(rec.void_time) } else { None };
            let ttl = state.ttl_override.unwrap_or(m.record_ttl);
            rec.void_time = clock::void_time_for_write(ttl, ns.default_ttl, current_void, now)?;
            rec.generation = if existed { store::next_generation(rec.generation) } else { 1 };
            rec.last_update = crate::truncate::now_nanos();
            (reply.generation, reply.void_time) = (rec.generation as u32, rec.void_time);
            recs.insert(*digest, rec);
        }
        // Removed, or committed without bins: a record without bins does not exist.
        _ => {
            recs.remove(digest);
        }
    }
    Ok(reply)
}
