//! Per-node, per-namespace transaction counters, reported in
//! `namespace/<ns>` info under the real server's statistic names, so a test
//! can see which node served its reads (rack-aware reads) the same way
//! against a real cluster.
//!
//! Contract: only single-record client transactions are counted, on the
//! node that received them.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::result;

/// Statistic names, in the order `Counts` stores them.
pub const NAMES: [&str; 6] = [
    "client_read_success",
    "client_read_not_found",
    "client_read_error",
    "client_write_success",
    "client_write_error",
    "client_delete_success",
];

type Counts = [u64; NAMES.len()];

#[derive(Default)]
pub struct Counters {
    by_namespace: Mutex<HashMap<Vec<u8>, Counts>>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Kind {
    Read,
    Write,
    Delete,
}

impl Counters {
    pub fn record(&self, namespace: &[u8], kind: Kind, code: u8) {
        let slot = match (kind, code) {
            (Kind::Read, 0) => 0,
            (Kind::Read, result::KEY_NOT_FOUND) => 1,
            (Kind::Read, _) => 2,
            (Kind::Write, 0) => 3,
            (Kind::Delete, 0) => 5,
            (Kind::Write | Kind::Delete, _) => 4,
        };
        let mut map = self.by_namespace.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(namespace.to_vec()).or_default()[slot] += 1;
    }

    /// `name=value;...` for `namespace/<ns>` info.
    pub fn report(&self, namespace: &str) -> String {
        let map = self.by_namespace.lock().unwrap_or_else(|e| e.into_inner());
        let counts = map.get(namespace.as_bytes()).copied().unwrap_or_default();
        NAMES.iter().zip(counts).map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join(";")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_namespace_and_outcome() {
        let c = Counters::default();
        c.record(b"test", Kind::Read, 0);
        c.record(b"test", Kind::Read, result::KEY_NOT_FOUND);
        c.record(b"test", Kind::Write, 0);
        c.record(b"bar", Kind::Read, 0);
        let r = c.report("test");
        assert!(
            r.starts_with("client_read_success=1;client_read_not_found=1;client_read_error=0;client_write_success=1")
        );
        assert!(c.report("none").starts_with("client_read_success=0;"));
    }
}
