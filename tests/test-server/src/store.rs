//! In-memory record store.
//!
//! Contract: each configured namespace maps the 20-byte key digest to a
//! `Record`. The namespace set is fixed at startup; records live behind one
//! mutex per namespace (a test server needs correctness, not throughput).
//! Expired records are treated as absent and purged lazily on access, so
//! callers never observe a record past its void time. A truncation takes
//! effect [`TRUNCATE_DELAY`] after it was asked for, as the real server's runs
//! in the background after its reply.

use crate::clock;
use crate::particle::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub type Digest = [u8; 20];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// Set name as sent in the set field (empty = no set).
    pub set: Vec<u8>,
    /// The key field as sent (particle type byte + value), only when the
    /// client sent it (key send policy).
    pub key: Option<Vec<u8>>,
    /// Bins in insertion order; GET_ALL returns them in this order.
    pub bins: Vec<(Vec<u8>, Value)>,
    pub generation: u16,
    /// Seconds since the Citrusleaf epoch; 0 = never expires.
    pub void_time: u32,
    /// Last-update time, nanoseconds since the Unix epoch (for truncate).
    pub last_update: u64,
}

impl Record {
    pub fn bin(&self, name: &[u8]) -> Option<&Value> {
        self.bins.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Sets a bin, or removes it when `value` is null.
    pub fn put_bin(&mut self, name: &[u8], value: Value) {
        let pos = self.bins.iter().position(|(n, _)| n == name);
        match (pos, value.is_nil()) {
            (Some(i), true) => {
                self.bins.remove(i);
            }
            (Some(i), false) => self.bins[i].1 = value,
            (None, true) => {}
            (None, false) => self.bins.push((name.to_vec(), value)),
        }
    }

    /// Approximate stored size, used for the max-record-size limit: a fixed
    /// record overhead plus, per bin, its name, a small header and the data.
    pub fn stored_size(&self) -> usize {
        let bins: usize = self.bins.iter().map(|(n, v)| n.len() + 6 + v.data.len()).sum();
        32 + self.set.len() + self.key.as_ref().map_or(0, |k| k.len()) + bins
    }
}

/// Generation after a write: 16 bits, wrapping past 0xFFFF back to 1
/// because 0 would read as "no generation".
pub fn next_generation(gen: u16) -> u16 {
    if gen == u16::MAX {
        1
    } else {
        gen + 1
    }
}

/// How long after a `truncate` its records are gone. The real server replies
/// first and deletes in the background (a scan right after the call can still
/// see them): a client or test that assumes otherwise fails here as well.
pub const TRUNCATE_DELAY: Duration = Duration::from_millis(100);

pub struct Namespace {
    pub name: String,
    pub default_ttl: u32,
    records: Mutex<HashMap<Digest, Record>>,
    /// Truncations asked for and not applied yet (`lock()` applies those due).
    truncations: Mutex<Vec<Truncation>>,
    /// Whether `truncations` may hold any (spares every command its lock).
    truncating: AtomicBool,
}

/// Records of `set` (all, when None) last updated at or before `lut` are
/// deleted once `due` has passed.
struct Truncation {
    set: Option<Vec<u8>>,
    lut: u64,
    due: Instant,
}

/// Locked view of one namespace's records.
pub struct Records<'a> {
    map: MutexGuard<'a, HashMap<Digest, Record>>,
}

impl Records<'_> {
    /// The live record for `digest`, dropping it first if it has expired.
    pub fn get_live(&mut self, digest: &Digest, now: u32) -> Option<&mut Record> {
        if self.map.get(digest).is_some_and(|r| clock::is_expired(r.void_time, now)) {
            self.map.remove(digest);
        }
        self.map.get_mut(digest)
    }

    pub fn insert(&mut self, digest: Digest, rec: Record) {
        self.map.insert(digest, rec);
    }

    pub fn remove(&mut self, digest: &Digest) -> Option<Record> {
        self.map.remove(digest)
    }

    /// Unexpired records, in no particular order.
    pub fn live(&self, now: u32) -> impl Iterator<Item = (&Digest, &Record)> {
        self.map.iter().filter(move |(_, r)| !clock::is_expired(r.void_time, now))
    }

    /// Keeps only the records for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&Record) -> bool) {
        self.map.retain(|_, r| keep(r));
    }

    /// Number of unexpired records.
    pub fn live_count(&self, now: u32) -> usize {
        self.map.values().filter(|r| !clock::is_expired(r.void_time, now)).count()
    }
}

impl Namespace {
    pub fn new(name: &str, default_ttl: u32) -> Namespace {
        Namespace {
            name: name.to_string(),
            default_ttl,
            records: Mutex::new(HashMap::new()),
            truncations: Mutex::new(Vec::new()),
            truncating: AtomicBool::new(false),
        }
    }

    pub fn lock(&self) -> Records<'_> {
        // A panic while holding the lock cannot leave a record half-written
        // (commands build the new record first, then insert), so a poisoned
        // lock is still safe to use.
        let mut records = Records { map: self.records.lock().unwrap_or_else(|e| e.into_inner()) };
        if self.truncating.load(Ordering::Acquire) {
            self.apply_due_truncations(&mut records);
        }
        records
    }

    /// Deletes the records of `set` (every set when None) last updated at or
    /// before `lut`, [`TRUNCATE_DELAY`] from now; later writes are untouched.
    pub fn truncate_later(&self, set: Option<&[u8]>, lut: u64) {
        let due = Instant::now() + TRUNCATE_DELAY;
        let mut truncations = self.truncations.lock().unwrap_or_else(|e| e.into_inner());
        truncations.push(Truncation { set: set.map(<[u8]>::to_vec), lut, due });
        self.truncating.store(true, Ordering::Release);
    }

    /// Called with the records locked (lock order: records, then truncations).
    fn apply_due_truncations(&self, records: &mut Records<'_>) {
        let mut truncations = self.truncations.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        truncations.retain(|t| {
            if t.due > now {
                return true;
            }
            records.retain(|r| !(t.set.as_ref().is_none_or(|s| *s == r.set) && r.last_update <= t.lut));
            false
        });
        if truncations.is_empty() {
            self.truncating.store(false, Ordering::Release);
        }
    }
}

pub struct Store {
    namespaces: Vec<Namespace>,
    pub sindexes: crate::sindex::Registry,
    pub udfs: crate::udf::Registry,
    pub jobs: crate::jobs::Jobs,
}

impl Store {
    pub fn new(namespaces: Vec<Namespace>) -> Store {
        Store { namespaces, sindexes: Default::default(), udfs: Default::default(), jobs: Default::default() }
    }

    pub fn namespace(&self, name: &[u8]) -> Option<&Namespace> {
        self.namespaces.iter().find(|n| n.name.as_bytes() == name)
    }

    pub fn namespaces(&self) -> &[Namespace] {
        &self.namespaces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_keep_order_and_null_deletes() {
        let mut r = Record::default();
        r.put_bin(b"a", Value::int(1));
        r.put_bin(b"b", Value::int(2));
        r.put_bin(b"a", Value::int(3));
        assert_eq!(r.bins.iter().map(|(n, _)| n.as_slice()).collect::<Vec<_>>(), [b"a", b"b"]);
        assert_eq!(r.bin(b"a"), Some(&Value::int(3)));
        r.put_bin(b"a", Value::nil());
        r.put_bin(b"zz", Value::nil());
        assert_eq!(r.bins.len(), 1);
        assert!(r.bin(b"a").is_none());
    }

    #[test]
    fn generation_wraps_to_one() {
        assert_eq!(next_generation(1), 2);
        assert_eq!(next_generation(u16::MAX), 1);
    }

    #[test]
    fn expired_records_vanish() {
        let ns = Namespace::new("test", 0);
        let mut recs = ns.lock();
        let d = [7u8; 20];
        recs.insert(d, Record { void_time: 100, generation: 1, ..Record::default() });
        assert!(recs.get_live(&d, 100).is_some());
        assert_eq!(recs.live_count(101), 0);
        assert!(recs.get_live(&d, 101).is_none());
        assert!(recs.remove(&d).is_none());
    }

    #[test]
    fn namespace_lookup() {
        let s = Store::new(vec![Namespace::new("test", 0), Namespace::new("bar", 5)]);
        assert_eq!(s.namespace(b"bar").map(|n| n.default_ttl), Some(5));
        assert!(s.namespace(b"nope").is_none());
    }
}
