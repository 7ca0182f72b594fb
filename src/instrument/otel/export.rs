//! A bounded span queue drained by one background thread that encodes batches
//! straight to OTLP protobuf (`encode.rs`) and sends them (`grpc.rs`).
//!
//! A data operation pushes its finished record under a short uncontended lock and
//! wakes the export thread only when two whole batches (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`)
//! are waiting ([`QueueConfig::wake_at`]): the thread otherwise sleeps until
//! `OTEL_BSP_SCHEDULE_DELAY`. Waking it per span (as a channel does) cost every
//! operation two context switches of CPU. The thread swaps the whole queue for an empty
//! one (double buffering: no allocation once warm) and exports outside the lock, in
//! full batches, without waiting for each answer (it reads them at its next wake-up):
//! what is left over waits for the next batch, unless a flush, shutdown or the schedule
//! delay asks for it (the thread wakes a little after the batches are complete, and
//! sending those few spans as a request of their own made about one request in three
//! a tiny one). A full queue (`OTEL_BSP_MAX_QUEUE_SIZE`)
//! drops the span and counts it (`aerospike_py_spans_dropped_total`); failed exports
//! are reported through `log` (and so Python `logging`), rate-limited. A slow or
//! unreachable collector costs data operations nothing and memory stays bounded.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::encode::{Encoder, Preamble};
use super::grpc;
use super::span::SpanRecord;
use crate::runtime::fork;

/// Spans dropped because the queue was full, over the life of the process.
pub(crate) static DROPPED_SPANS: AtomicU64 = AtomicU64::new(0);

/// Between two "export failed" warnings; the first failure is always reported.
const WARN_EVERY: Duration = Duration::from_secs(30);
/// Requests sent before the oldest answer must be read: the thread wakes for two
/// batches ([`QueueConfig::wake_at`]), sends both, and reads their answers next time.
const MAX_IN_FLIGHT: usize = 2;

#[derive(Clone, Copy, Debug)]
pub(crate) struct QueueConfig {
    pub(crate) max_queue_size: usize,
    pub(crate) schedule_delay: Duration,
    pub(crate) max_batch_size: usize,
    pub(crate) export_timeout: Duration,
    /// Queued spans that wake the export thread: two batches where that is at most half
    /// the queue (so spans keep arriving while it exports; the default 2,048 is), else
    /// one. Every wake-up puts the thread to sleep again, which costs this VM ~40 µs of
    /// CPU, so it sends as much as it can per wake-up; spans never wait longer than the
    /// schedule delay either way.
    pub(crate) wake_at: usize,
}

impl QueueConfig {
    /// The SDK's defaults, overridden by `OTEL_BSP_*` where set and valid.
    pub(crate) fn from_env() -> Self {
        let ms = |name: &str, default: u64| Duration::from_millis(env_number(name).unwrap_or(default));
        let max_queue_size = env_number("OTEL_BSP_MAX_QUEUE_SIZE").unwrap_or(2048).max(1) as usize;
        let max_batch_size =
            (env_number("OTEL_BSP_MAX_EXPORT_BATCH_SIZE").unwrap_or(512).max(1) as usize).min(max_queue_size);
        let two_batches = 2 * max_batch_size;
        Self {
            max_queue_size,
            schedule_delay: ms("OTEL_BSP_SCHEDULE_DELAY", 5_000),
            max_batch_size,
            export_timeout: ms("OTEL_BSP_EXPORT_TIMEOUT", 30_000),
            wake_at: if two_batches <= max_queue_size / 2 { two_batches } else { max_batch_size },
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// Where encoded batches go.
pub(super) enum Destination {
    Otlp(Box<grpc::Client>),
    /// Benchmarks: encoded, then dropped.
    Discard,
}

struct State {
    queue: Vec<SpanRecord>,
    /// Flush requests made / completed (a request is done once `flushed` reaches it).
    flush_asked: u64,
    flushed: u64,
    shutdown: bool,
}

/// std's primitives, not parking_lot's: a fork child builds its own exporter, and
/// parking_lot parks waiters in a process-global table whose bucket locks the parent's
/// export thread may hold at the moment of fork() (it waits with a timeout, so it is in
/// and out of that table constantly); the child then spun forever notifying its own
/// condition variable (tests/observability/test_fork_span_ids.py, seen with a 100 ms
/// schedule delay). std's futex-based ones keep all their state inline.
struct Shared {
    state: Mutex<State>,
    /// Wakes the export thread: a full batch, a flush, shutdown.
    work: Condvar,
    /// Wakes flush and shutdown callers once the export thread caught up.
    done: Condvar,
    config: QueueConfig,
}

pub(super) struct Exporter {
    shared: Arc<Shared>,
    worker: std::sync::Mutex<Option<JoinHandle<()>>>,
    /// The fork generation the export thread runs in. A fork child has no such thread:
    /// there spans are dropped and flush/shutdown return at once instead of waiting
    /// for it (`init_tracing()` again in the child starts a new one).
    generation: u64,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Waits on `condvar` for at most what is left until `deadline`; the guard back, and
/// whether the deadline has passed.
fn wait_until<'a>(condvar: &Condvar, guard: MutexGuard<'a, State>, deadline: Instant) -> (MutexGuard<'a, State>, bool) {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return (guard, true);
    }
    let guard = condvar.wait_timeout(guard, left).unwrap_or_else(std::sync::PoisonError::into_inner).0;
    (guard, Instant::now() >= deadline)
}

impl Exporter {
    pub(super) fn start(destination: Destination, preamble: Preamble, config: QueueConfig) -> Self {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                queue: Vec::with_capacity(config.max_queue_size.min(8192)),
                flush_asked: 0,
                flushed: 0,
                shutdown: false,
            }),
            work: Condvar::new(),
            done: Condvar::new(),
            config,
        });
        let worker = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("aerospike-py-span-export".into())
                .spawn(move || {
                    Worker {
                        destination,
                        preamble,
                        encoder: Encoder::default(),
                        config,
                        failing_since: None,
                        last_warning: None,
                        in_flight: VecDeque::new(),
                    }
                    .run(&shared)
                })
                .expect("cannot start the span export thread")
        };
        Self { shared, worker: std::sync::Mutex::new(Some(worker)), generation: fork::generation() }
    }

    /// True in a fork child of the process that started the export thread.
    #[inline]
    fn orphaned(&self) -> bool {
        self.generation != fork::generation()
    }

    /// Queues a finished span; drops (and counts) it when the queue is full.
    #[inline]
    pub(super) fn push(&self, record: SpanRecord) {
        if self.orphaned() {
            return;
        }
        let config = &self.shared.config;
        let mut state = self.shared.lock();
        if state.shutdown {
            return;
        }
        if state.queue.len() >= config.max_queue_size {
            drop(state);
            if DROPPED_SPANS.fetch_add(1, Ordering::Relaxed) == 0 {
                log::warn!(target: "aerospike_py.tracing", "span queue full: dropping spans (counted in aerospike_py_spans_dropped_total)");
            }
            return;
        }
        state.queue.push(record);
        let batch_ready = state.queue.len() == config.wake_at;
        drop(state);
        if batch_ready {
            self.shared.work.notify_one();
        }
    }

    /// Exports everything queued so far; false if that took longer than `timeout`.
    pub(super) fn flush(&self, timeout: Duration) -> bool {
        self.wait_for_export(false, timeout)
    }

    /// Exports what is queued, then stops the thread; false on timeout (the thread is then left to finish).
    pub(super) fn shutdown(&self, timeout: Duration) -> bool {
        let flushed = self.wait_for_export(true, timeout);
        if let Some(worker) = self.worker.lock().unwrap_or_else(|p| p.into_inner()).take() {
            if flushed {
                let _ = worker.join();
            }
        }
        if !self.orphaned() {
            // Its pipeline is never freed (provider.rs): the queue's storage is, now.
            self.shared.lock().queue = Vec::new();
        }
        flushed
    }

    /// Asks the thread for one export of everything queued (and, with `stop`, to exit
    /// after it) in one critical section, so the thread cannot see one without the other.
    fn wait_for_export(&self, stop: bool, timeout: Duration) -> bool {
        if self.orphaned() {
            // Nobody would answer; the parent's thread still exports its own spans.
            std::mem::forget(self.worker.lock().unwrap_or_else(|p| p.into_inner()).take());
            return true;
        }
        let deadline = Instant::now() + timeout;
        let mut state = self.shared.lock();
        if state.shutdown {
            return true; // shutting down already: that request exports everything
        }
        state.shutdown = stop;
        state.flush_asked += 1;
        let ticket = state.flush_asked;
        self.shared.work.notify_one();
        while state.flushed < ticket {
            let (again, late) = wait_until(&self.shared.done, state, deadline);
            state = again;
            if late && state.flushed < ticket {
                return false;
            }
        }
        true
    }
}

impl Drop for Exporter {
    fn drop(&mut self) {
        if self.orphaned() {
            return; // its lock may have been held by a thread the fork did not copy
        }
        let mut state = self.shared.lock();
        state.shutdown = true;
        drop(state);
        self.shared.work.notify_one();
    }
}

struct Worker {
    destination: Destination,
    preamble: Preamble,
    encoder: Encoder,
    config: QueueConfig,
    failing_since: Option<Instant>,
    last_warning: Option<Instant>,
    /// Requests sent whose answer is not read yet: ticket, body and span count.
    in_flight: VecDeque<(u64, Vec<u8>, usize)>,
}

impl Worker {
    fn run(mut self, shared: &Shared) {
        let batch = self.config.max_batch_size;
        let wake_at = self.config.wake_at;
        let mut taken: Vec<SpanRecord> = Vec::with_capacity(self.config.max_queue_size.min(8192));
        // Fewer than a batch, left from the last round; exported before `taken`.
        let mut held: Vec<SpanRecord> = Vec::with_capacity(batch);
        loop {
            let mut state = shared.lock();
            let deadline = Instant::now() + self.config.schedule_delay;
            let mut late = false;
            while state.queue.len() < wake_at && state.flush_asked == state.flushed && !state.shutdown && !late {
                (state, late) = wait_until(&shared.work, state, deadline);
            }
            std::mem::swap(&mut state.queue, &mut taken);
            let (ticket, stop) = (state.flush_asked, state.shutdown);
            let everything = late || stop || ticket != state.flushed;
            drop(state);
            let total = held.len() + taken.len();
            let sent = if everything { total } else { total - total % batch };
            for from in (0..sent).step_by(batch) {
                let to = (from + batch).min(sent);
                let split = held.len();
                let spans = held[from.min(split)..to.min(split)]
                    .iter()
                    .chain(&taken[from.saturating_sub(split)..to.saturating_sub(split)]);
                self.export(spans, to - from);
            }
            // Someone waits for this round (or the schedule delay ended it): every answer too.
            if everything {
                self.settle();
            }
            if sent == 0 {
                held.append(&mut taken);
            } else {
                // `sent` is at least a batch, more than `held` holds: the rest is in `taken`.
                let rest = sent - held.len();
                held.clear();
                held.extend(taken.drain(rest..));
                taken.clear();
            }
            let mut state = shared.lock();
            // Only a flush or shutdown caller waits on `done`; a round that answers none
            // skips the wake-all (a system call even with nobody waiting).
            let answered = state.flushed != ticket;
            state.flushed = ticket;
            drop(state);
            if answered {
                shared.done.notify_all();
            }
            if stop {
                // Spans pushed after the swap are dropped with the queue: shutdown has begun.
                return;
            }
        }
    }

    /// Encodes and sends `count` spans; their answer is read by a later export or by
    /// `settle` (it has usually arrived by then).
    fn export<'r>(&mut self, spans: impl Iterator<Item = &'r SpanRecord> + Clone, count: usize) {
        let mut body = self.encoder.request(&self.preamble, spans);
        if self.in_flight.len() >= MAX_IN_FLIGHT {
            self.settle_oldest();
        }
        let Destination::Otlp(client) = &mut self.destination else {
            self.encoder.recycle(body);
            return;
        };
        if client.compresses() {
            let mut packed = self.encoder.spare();
            grpc::gzip(&body, &mut packed);
            self.encoder.recycle(std::mem::replace(&mut body, packed));
        }
        match client.send(&body, self.config.export_timeout) {
            Ok(ticket) => self.in_flight.push_back((ticket, body, count)),
            Err(reason) => {
                self.encoder.recycle(body);
                self.outcome(Err(reason), count);
            }
        }
    }

    /// Reads every answer not read yet.
    fn settle(&mut self) {
        while !self.in_flight.is_empty() {
            self.settle_oldest();
        }
    }

    fn settle_oldest(&mut self) {
        let Some((ticket, body, count)) = self.in_flight.pop_front() else { return };
        let Destination::Otlp(client) = &mut self.destination else { return };
        let outcome = client.answer(ticket, &body);
        self.encoder.recycle(body);
        self.outcome(outcome, count);
    }

    fn outcome(&mut self, outcome: Result<(), String>, count: usize) {
        let Destination::Otlp(client) = &self.destination else { return };
        match outcome.err() {
            None => {
                if self.failing_since.take().is_some() {
                    log::info!(target: "aerospike_py.tracing", "span export to {} recovered", client.endpoint());
                }
            }
            Some(reason) => {
                let endpoint = client.endpoint().to_owned();
                self.report_failure(&endpoint, count, &reason);
            }
        }
    }

    fn report_failure(&mut self, endpoint: &str, count: usize, reason: &str) {
        let now = Instant::now();
        self.failing_since.get_or_insert(now);
        if self.last_warning.is_none_or(|at| now.duration_since(at) >= WARN_EVERY) {
            self.last_warning = Some(now);
            log::warn!(
                target: "aerospike_py.tracing",
                "span export to {endpoint} failed ({count} spans lost): {reason}; data operations are unaffected"
            );
        }
    }
}
