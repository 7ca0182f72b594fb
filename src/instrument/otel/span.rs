//! One operation's span as the exporter needs it, and nothing more: integer ids,
//! static names (the operation, the interned target, the interned server), two
//! timestamps. Built while the operation starts, finished with its result, queued.
//!
//! Cost: no clock read of its own (the start and end come from the metrics guard's
//! TSC reads, placed on the wall clock through one offset taken at start-up), ids
//! from a thread-local xorshift generator, one allocation (the boxed record, which
//! keeps every operation's future small while tracing is off). An error adds its
//! type and message.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use quanta::Instant;

use super::context::Parent;
use crate::instrument::metrics::TargetStats;
use crate::instrument::op::Op;

pub(crate) struct SpanRecord {
    pub(super) trace_id: u128,
    pub(super) span_id: u64,
    /// 0 for a root span.
    pub(super) parent_span_id: u64,
    pub(super) trace_flags: u8,
    pub(super) trace_state: Option<Box<str>>,
    pub(super) start_unix_ns: u64,
    pub(super) end_unix_ns: u64,
    pub(super) op: Op,
    pub(super) stats: &'static TargetStats,
    pub(super) server: Server,
    pub(super) error: Option<Box<SpanError>>,
}

pub(crate) struct SpanError {
    pub(super) error_type: String,
    pub(super) status_code: Option<String>,
    pub(super) message: String,
}

/// W3C `sampled` trace flag.
pub(super) const SAMPLED: u8 = 0x01;

impl SpanRecord {
    pub(super) fn start(
        op: Op,
        stats: &'static TargetStats,
        server: &aerospike::Host,
        trace_id: u128,
        parent: Option<Parent>,
        started: Instant,
    ) -> Self {
        let (parent_span_id, trace_state) = match parent {
            Some(parent) => (parent.span_id, parent.trace_state),
            None => (0, None),
        };
        Self {
            trace_id,
            span_id: random_nonzero_u64(),
            parent_span_id,
            trace_flags: SAMPLED,
            trace_state,
            start_unix_ns: unix_ns(started),
            end_unix_ns: 0,
            op,
            stats,
            server: intern_server(server),
            error: None,
        }
    }

    /// The end time from the start and the duration the metrics measured.
    pub(super) fn end(&mut self, elapsed_ns: u64) {
        self.end_unix_ns = self.start_unix_ns.saturating_add(elapsed_ns);
    }
}

/// The wall clock at one TSC instant, read once: later TSC instants are placed on the
/// wall clock by their distance from it (no per-span `SystemTime::now()`).
static EPOCH: LazyLock<(Instant, u64)> = LazyLock::new(|| {
    let wall = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    (crate::instrument::metrics::now(), wall)
});

fn unix_ns(at: Instant) -> u64 {
    let (base, wall) = *EPOCH;
    match at.checked_duration_since(base) {
        Some(after) => wall.saturating_add(after.as_nanos() as u64),
        None => wall.saturating_sub(base.duration_since(at).as_nanos() as u64),
    }
}

/// Forces the clock offset to be taken now (at `init_tracing()`), not by the first span.
pub(super) fn init_clock() {
    LazyLock::force(&EPOCH);
}

thread_local! {
    static RNG: Cell<u64> = Cell::new(seed());
}

fn seed() -> u64 {
    // Distinct per thread and per process: the thread-local's address, the time, the pid.
    let local = 0u8;
    let mut x = std::ptr::from_ref(&local) as u64
        ^ SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
        ^ (u64::from(std::process::id()) << 32);
    // splitmix64 finaliser: spreads the bits so nearby seeds give unrelated streams.
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (x ^ (x >> 31)) | 1
}

/// xorshift64*: ids need uniqueness and spread, not cryptographic strength.
fn next_u64() -> u64 {
    RNG.with(|state| {
        let mut x = state.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state.set(x);
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    })
}

fn random_nonzero_u64() -> u64 {
    loop {
        let id = next_u64();
        if id != 0 {
            return id;
        }
    }
}

pub(super) fn random_trace_id() -> u128 {
    (u128::from(random_nonzero_u64()) << 64) | u128::from(next_u64())
}

/// `(host, port)` of a server, interned: spans point at it instead of copying the name.
pub(super) type Server = &'static (&'static str, u16);

fn intern_server(host: &aerospike::Host) -> Server {
    thread_local! {
        static LAST: Cell<Option<Server>> = const { Cell::new(None) };
    }
    LAST.with(|last| match last.get() {
        Some(server) if server.0 == host.name && server.1 == host.port => server,
        _ => {
            static ALL: LazyLock<Mutex<HashMap<(String, u16), Server>>> = LazyLock::new(Default::default);
            let mut all = ALL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let server = *all
                .entry((host.name.clone(), host.port))
                .or_insert_with(|| Box::leak(Box::new((&*Box::leak(host.name.clone().into_boxed_str()), host.port))));
            last.set(Some(server));
            server
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_nonzero_and_do_not_repeat() {
        let ids: std::collections::HashSet<u64> = (0..10_000).map(|_| random_nonzero_u64()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(!ids.contains(&0));
        assert_ne!(random_trace_id() >> 64, 0);
    }

    #[test]
    fn tsc_instants_land_on_the_wall_clock() {
        let now_wall = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64;
        let placed = unix_ns(crate::instrument::metrics::now());
        assert!(placed.abs_diff(now_wall) < 1_000_000_000, "{placed} vs {now_wall}");
    }
}
