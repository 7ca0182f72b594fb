//! The sync client's runtime: current-thread, driven by the thread that makes the call.
//!
//! A sync call used to wait in the multi-thread runtime's `block_on`: the reply woke the
//! worker that held the I/O driver, which then woke the caller, two cross-thread wake-ups
//! per round trip (on a 2-core VM, 2–3× the C client's time and CPU in some processes,
//! see perf/README.md). Here the caller itself waits in the I/O driver, so the kernel wakes
//! it directly, as the C client's blocking `recv` is woken. Several threads may call at
//! once: one drives, the others are woken by it (tokio's current-thread `block_on`).
//!
//! Between calls nothing would drive the runtime, and the clusters connected on it (their
//! tend task, a `close()` in the background) would stall. An idle thread therefore looks
//! every [`CHECK`]: when no call was made since it last looked, it drives the runtime
//! until a call starts, and gives it back then (the call is written at once; the handover
//! overlaps the server's reply); when calls were made but none runs now, it drives for
//! [`WINDOW`] only (long enough for a tend cycle's round trips on a LAN), unless a call
//! starts first.
//!
//! It used to take over after 10 ms without a call, and then calls a service makes 20 ms
//! apart each paid a takeover and its handover: both threads woken twice more per call,
//! ~110 µs of CPU and ~220 µs of wall time on the 2-core VM CI runs on (perf/README.md).
//! Calls that only drove the runtime themselves (no idle thread while they kept coming)
//! left a tend cycle one round trip per call: a node coming back took the client more
//! than 2 s to see with a call every 50 ms (tests/cluster/test_failover.py).
//!
//! A call that waits for its reply spins first ([`SpinFirst`]) while replies keep coming
//! back within `AEROSPIKE_PY_SPIN_US`: waking a parked thread cost more than the wait.

use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;
use tokio::sync::Notify;

/// How often the idle thread looks whether calls are being made.
const CHECK: Duration = Duration::from_millis(100);
/// How long it drives between calls that keep coming.
const WINDOW: Duration = Duration::from_millis(5);
/// How long the idle thread drives before it checks again whether calls resumed.
const HOLD: Duration = Duration::from_millis(250);

pub(crate) struct CallerDriven {
    runtime: Runtime,
    /// Calls started so far (the idle thread sees from it whether calls are still made).
    calls: AtomicU64,
    /// Calls running now.
    active: AtomicUsize,
    /// True while the idle thread drives (or is about to).
    idle_driving: AtomicBool,
    /// Tells the idle thread to give the runtime back.
    call_started: Notify,
}

impl CallerDriven {
    /// A runtime whose idle thread is not started yet ([`Self::start_idle_thread`]).
    pub(crate) fn new() -> std::io::Result<CallerDriven> {
        Ok(CallerDriven {
            runtime: tokio::runtime::Builder::new_current_thread().enable_all().build()?,
            calls: AtomicU64::new(0),
            active: AtomicUsize::new(0),
            idle_driving: AtomicBool::new(false),
            call_started: Notify::new(),
        })
    }

    /// Starts the idle thread, on a stack of `stack` bytes (it may decode replies).
    pub(crate) fn start_idle_thread(&'static self, stack: usize) -> std::io::Result<()> {
        std::thread::Builder::new()
            .name("aerospike-py-idle".into())
            .stack_size(stack)
            .spawn(move || self.drive_while_idle())
            .map(drop)
    }

    pub(crate) fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// Runs `fut` to completion, this thread driving the runtime (or woken by the thread
    /// that does).
    pub(crate) fn block_on<F: Future>(&self, fut: F) -> F::Output {
        let _call = self.begin_call();
        self.runtime.block_on(SpinFirst::new(fut, &self.active))
    }

    fn begin_call(&self) -> CallGuard<'_> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        // SeqCst pairs with the idle thread's: it either sees this call and stays out,
        // or this call sees it driving and asks for the runtime back.
        self.active.fetch_add(1, Ordering::SeqCst);
        if self.idle_driving.load(Ordering::SeqCst) {
            self.call_started.notify_one();
        }
        CallGuard(self)
    }

    fn drive_while_idle(&self) {
        loop {
            let seen = self.calls.load(Ordering::Relaxed);
            std::thread::sleep(CHECK);
            if self.active.load(Ordering::SeqCst) != 0 {
                continue;
            }
            let calls_keep_coming = self.calls.load(Ordering::Relaxed) != seen;
            // SeqCst pairs with `begin_call`'s: a call either sees this and asks for the
            // runtime back, or is seen here and left alone.
            self.idle_driving.store(true, Ordering::SeqCst);
            if calls_keep_coming {
                if self.active.load(Ordering::SeqCst) == 0 {
                    self.drive_until_a_call_or(WINDOW);
                }
            } else {
                while self.active.load(Ordering::SeqCst) == 0 {
                    self.drive_until_a_call_or(HOLD);
                }
            }
            self.idle_driving.store(false, Ordering::SeqCst);
        }
    }

    fn drive_until_a_call_or(&self, limit: Duration) {
        self.runtime.block_on(async {
            tokio::select! {
                () = self.call_started.notified() => {}
                () = tokio::time::sleep(limit) => {}
            }
        });
    }
}

struct CallGuard<'a>(&'a CallerDriven);

impl Drop for CallGuard<'_> {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How long a sync call may poll the I/O driver without sleeping before it parks
/// (`AEROSPIKE_PY_SPIN_US`, default 100; 0 never spins). On the 2-core VM CI runs on, a
/// parked caller's wake-up cost a get ~36 µs of wall time (80 µs against 43 µs spinning,
/// test server on the other core; perf/README.md), more than the reply took to come.
static SPIN_LIMIT_NS: std::sync::LazyLock<u64> =
    std::sync::LazyLock::new(|| spin_limit_ns(std::env::var("AEROSPIKE_PY_SPIN_US").ok().as_deref()));

/// The spin limit in ns from `AEROSPIKE_PY_SPIN_US`: unset or not a whole number of µs
/// means the default 100.
fn spin_limit_ns(setting: Option<&str>) -> u64 {
    setting.and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(100).saturating_mul(1000)
}

/// Whether spinning pays: +1 for a call whose reply came within the limit, −2 for one
/// that did not (whether it spun or not), so it spins while at least two calls in three
/// would have been caught; a server farther away than the limit turns it off, and the
/// calls keep measuring, so it comes back when replies do.
static SPIN_SCORE: AtomicI32 = AtomicI32::new(0);
const SPIN_SCORE_BOUND: i32 = 8;

/// The score after one call: `caught` when its reply came within the limit.
fn next_spin_score(score: i32, caught: bool) -> i32 {
    (score + if caught { 1 } else { -2 }).clamp(-SPIN_SCORE_BOUND, SPIN_SCORE_BOUND)
}

/// A call spins while the score is not negative.
fn spin_pays(score: i32) -> bool {
    score >= 0
}

/// A sync call's future: while replies come back within the spin limit and no other sync
/// call is running, waiting for one turns the I/O driver without sleeping (`yield_now`
/// makes the scheduler poll it with a zero timeout) instead of parking in it.
///
/// Only a lone call spins: a thread that waits while another drives has no I/O driver to
/// turn, and `yield_now` wakes it at once, so it would re-poll its future in a loop, CPU
/// the driving thread needed. Four threads calling at once on the 2-core VM ran at half
/// the throughput and twice the CPU per get when all of them spun (perf/README.md).
struct SpinFirst<'a, F> {
    inner: F,
    /// Sync calls running now, this one included.
    calls_running: &'a AtomicUsize,
    waiting: Option<Waiting>,
}

#[derive(Clone, Copy)]
struct Waiting {
    since: Instant,
    /// It was the only call when it began to wait: its wait measures the server, not a
    /// queue behind other calls, and it counts in the score.
    alone: bool,
    /// The score said spinning pays when it began to wait.
    pays: bool,
}

impl<'a, F> SpinFirst<'a, F> {
    fn new(inner: F, calls_running: &'a AtomicUsize) -> Self {
        SpinFirst { inner, calls_running, waiting: None }
    }
}

impl<F: Future> Future for SpinFirst<'_, F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: `inner` is structurally pinned and never moved out; the other fields are Unpin.
        let this = unsafe { self.get_unchecked_mut() };
        let inner = unsafe { Pin::new_unchecked(&mut this.inner) };
        let limit = *SPIN_LIMIT_NS;
        if limit == 0 {
            return inner.poll(cx); // switched off: no clock reads, no score
        }
        match inner.poll(cx) {
            Poll::Ready(output) => {
                if let Some(Waiting { since, alone: true, .. }) = this.waiting {
                    let caught = since.elapsed().as_nanos() <= u128::from(limit);
                    // Load and store, not an RMW: a lost update between threads only nudges a heuristic.
                    let score = SPIN_SCORE.load(Ordering::Relaxed);
                    SPIN_SCORE.store(next_spin_score(score, caught), Ordering::Relaxed);
                }
                Poll::Ready(output)
            }
            Poll::Pending => {
                let alone_now = this.calls_running.load(Ordering::Relaxed) == 1;
                let waiting = *this.waiting.get_or_insert_with(|| Waiting {
                    since: Instant::now(),
                    alone: alone_now,
                    pays: spin_pays(SPIN_SCORE.load(Ordering::Relaxed)),
                });
                if waiting.pays && waiting.alone && alone_now && waiting.since.elapsed().as_nanos() < u128::from(limit)
                {
                    let _ = pin!(tokio::task::yield_now()).poll(cx);
                }
                Poll::Pending
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spin_limit_reads_microseconds_and_falls_back_to_the_default() {
        assert_eq!(spin_limit_ns(None), 100_000);
        assert_eq!(spin_limit_ns(Some(" 250 ")), 250_000);
        assert_eq!(spin_limit_ns(Some("0")), 0);
        assert_eq!(spin_limit_ns(Some("fast")), 100_000);
        assert_eq!(spin_limit_ns(Some("-5")), 100_000);
        assert_eq!(spin_limit_ns(Some(&u64::MAX.to_string())), u64::MAX);
    }

    #[test]
    fn misses_turn_spinning_off_and_hits_bring_it_back() {
        let mut score = 0;
        assert!(spin_pays(score));
        score = next_spin_score(score, false);
        assert!(!spin_pays(score), "one miss from even stops spinning");
        for _ in 0..20 {
            score = next_spin_score(score, false);
        }
        assert_eq!(score, -SPIN_SCORE_BOUND, "a far server cannot push the score without bound");
        let mut hits_to_recover = 0;
        while !spin_pays(score) {
            score = next_spin_score(score, true);
            hits_to_recover += 1;
        }
        assert_eq!(hits_to_recover, SPIN_SCORE_BOUND as usize, "recovers within the bound");
        // Two hits for each miss keep it spinning; one for one does not.
        let mut score = 0;
        for _ in 0..10 {
            score = next_spin_score(next_spin_score(next_spin_score(score, true), true), false);
        }
        assert!(spin_pays(score));
        let mut score = 0;
        for _ in 0..10 {
            score = next_spin_score(next_spin_score(score, true), false);
        }
        assert!(!spin_pays(score));
    }

    /// Pending forever and never wakes itself: only a spinning wrapper polls it again.
    struct RecordPolls<'a>(&'a std::sync::Mutex<Vec<Instant>>);

    impl Future for RecordPolls<'_> {
        type Output = ();
        fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
            self.0.lock().unwrap().push(Instant::now());
            Poll::Pending
        }
    }

    /// Polls a [`RecordPolls`] under [`SpinFirst`] until a 30 ms timeout, with
    /// `calls_running` sync calls running, and returns when each poll came.
    fn polls_while_waiting(calls_running: usize) -> Vec<Instant> {
        let polls = std::sync::Mutex::new(Vec::new());
        let running = AtomicUsize::new(calls_running);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let call = SpinFirst::new(RecordPolls(&polls), &running);
            assert!(tokio::time::timeout(Duration::from_millis(30), call).await.is_err());
        });
        polls.into_inner().unwrap()
    }

    fn spinning_is_on() -> bool {
        *SPIN_LIMIT_NS != 0 && spin_pays(SPIN_SCORE.load(Ordering::Relaxed))
    }

    #[test]
    fn a_waiting_call_polls_again_within_the_limit_then_parks() {
        let polls = polls_while_waiting(1);
        // The timeout's own wake-up polls it once more at the end.
        let (first, before_timeout) = (polls[0], &polls[..polls.len() - 1]);
        if !spinning_is_on() {
            assert_eq!(polls.len(), 2);
        } else {
            assert!(before_timeout.len() > 1, "never spun");
            let spun_for = *before_timeout.last().unwrap() - first;
            let slack = Duration::from_millis(10); // a preempted test thread, not a spin that went on
            assert!(spun_for < Duration::from_nanos(*SPIN_LIMIT_NS) + slack, "kept spinning for {spun_for:?}");
        }
    }

    #[test]
    fn a_call_does_not_spin_while_others_run() {
        assert!(spinning_is_on() || *SPIN_LIMIT_NS == 0, "the other test leaves the score as it found it");
        // Its first poll, then the timeout's: nothing polled it in between.
        assert_eq!(polls_while_waiting(2).len(), 2);
        assert_eq!(polls_while_waiting(4).len(), 2);
    }
}
