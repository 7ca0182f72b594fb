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
use std::mem::MaybeUninit;
use std::sync::{LazyLock, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use quanta::Instant;

use super::context::Parent;
use crate::instrument::metrics::TargetStats;
use crate::instrument::op::Op;
use crate::runtime::fork;

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
        span_id: u64,
        parent: Option<Parent>,
        started: Instant,
    ) -> Self {
        let (parent_span_id, trace_state) = match parent {
            Some(parent) => (parent.span_id, parent.trace_state),
            None => (0, None),
        };
        Self {
            trace_id,
            span_id,
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

thread_local! {
    /// The allocation of the last span this thread ended, for the next one it starts:
    /// a sync operation starts and ends on the caller's thread, so its span costs no
    /// `malloc`/`free` pair (~130 instructions, callgrind).
    static SPARE: Cell<Option<Box<MaybeUninit<SpanRecord>>>> = const { Cell::new(None) };
}

/// `record` on the heap, in this thread's spare allocation when it has one.
#[inline]
pub(super) fn boxed(record: SpanRecord) -> Box<SpanRecord> {
    match SPARE.try_with(Cell::take).ok().flatten() {
        Some(mut spare) => {
            spare.write(record);
            // SAFETY: just written.
            unsafe { spare.assume_init() }
        }
        None => Box::new(record),
    }
}

/// The record out of its box; the allocation is kept as this thread's spare.
#[inline]
pub(super) fn unboxed(record: Box<SpanRecord>) -> SpanRecord {
    let raw = Box::into_raw(record);
    // SAFETY: `raw` is a live, initialised record, read once; its memory is then only
    // ever treated as uninitialised (or freed as such), so nothing is dropped twice.
    let (record, spare) = unsafe { (raw.read(), Box::from_raw(raw.cast::<MaybeUninit<SpanRecord>>())) };
    // During thread teardown there is no slot: the closure, and the allocation in it, is dropped.
    let _ = SPARE.try_with(move |slot| slot.replace(Some(spare)));
    record
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
    /// xorshift state (0: not seeded yet) and the fork generation it was seeded in: a
    /// fork child's thread starts with its parent's state and would repeat its ids.
    static RNG: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
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

/// `N` ids from this thread's xorshift64* generator, in one thread-local access. Ids
/// need uniqueness and spread, not cryptographic strength. Never 0: the state never
/// is, and multiplying by an odd constant maps only 0 to 0.
#[inline]
pub(super) fn random_ids<const N: usize>() -> [u64; N] {
    RNG.with(|state| {
        let (mut x, seeded_in) = state.get();
        let generation = fork::generation();
        if x == 0 || seeded_in != generation {
            x = seed();
        }
        let ids = std::array::from_fn(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            x.wrapping_mul(0x2545_f491_4f6c_dd1d)
        });
        state.set((x, generation));
        ids
    })
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
        let ids: std::collections::HashSet<u64> = (0..5_000).flat_map(|_| random_ids::<2>()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(!ids.contains(&0));
    }

    #[test]
    fn tsc_instants_land_on_the_wall_clock() {
        let now_wall = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64;
        let placed = unix_ns(crate::instrument::metrics::now());
        assert!(placed.abs_diff(now_wall) < 1_000_000_000, "{placed} vs {now_wall}");
    }
}
