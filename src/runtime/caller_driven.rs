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
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, AtomicU64, AtomicUsize, Ordering};
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

/// A call spins (or naps) while its score is not negative.
fn score_pays(score: i32) -> bool {
    score >= 0
}

/// One call's outcome into a score. A load and a store, not an RMW: a lost update
/// between threads only nudges a heuristic.
fn record(score: &AtomicI32, caught: bool) {
    score.store(next_spin_score(score.load(Ordering::Relaxed), caught), Ordering::Relaxed);
}

/// Replies slower than the spin limit: a lone call sleeps (naps) until shortly before its
/// reply usually comes, then spins for up to the limit. Parked in the I/O driver, the
/// wake-up after the reply cost a get ~50 µs of a ~220 µs round trip on the 2-core VM
/// (test server with 50 µs service time; perf/README.md); the nap's own wake-up comes
/// before the reply, where it costs nothing.
///
/// The fastest replies lately, in ns from the first wait (0: none seen): it falls to any
/// faster reply at once and rises by 1/32 of the gap with each slower one.
static REPLY_FLOOR_NS: AtomicU64 = AtomicU64::new(0);
/// How much later than asked a nap ends (timer slack, the wake-up): like the floor, a low
/// estimate, since a nap that ends later than aimed finds the reply waiting and lowers
/// the floor, and the next one aims earlier. While it leaves no room for a nap it decays
/// (nothing would measure it again).
static NAP_OVERSHOOT_NS: AtomicU64 = AtomicU64::new(50_000);
/// Like [`SPIN_SCORE`], for naps: +1 when the reply came by the end of the spin after
/// the nap, −2 when the call had to park after all. While it is negative, one call in
/// [`NAP_PROBE_EVERY`] naps anyway to see whether replies came back into reach.
static NAP_SCORE: AtomicI32 = AtomicI32::new(0);
static NAP_PROBE: AtomicU32 = AtomicU32::new(0);
const NAP_PROBE_EVERY: u32 = 16;
/// Beyond this a wake-up is small next to the wait, and the floor is too loose to aim at.
const NAP_MAX_NS: u64 = 2_000_000;
/// A shorter nap would cost about what it saves (a sleep's syscall and wake-up).
const NAP_MIN_NS: u64 = 20_000;
/// How far before the floor a nap aims to end.
const NAP_GUARD_NS: u64 = 10_000;

/// A low estimate after one more sample (0: none yet): it falls to a lower sample at once
/// and rises by 1/`rise` of the gap to a higher one.
fn next_low_estimate(estimate: u64, sample: u64, rise: u64) -> u64 {
    if estimate == 0 || sample < estimate {
        sample
    } else {
        estimate + (sample - estimate) / rise
    }
}

/// How long a call should nap before it spins, 0 for not at all: replies the spin
/// catches from the start need none, and the nap must end before the floor.
fn nap_ns(floor: u64, overshoot: u64, spin_limit: u64) -> u64 {
    if floor <= spin_limit || floor > NAP_MAX_NS {
        return 0;
    }
    let nap = floor.saturating_sub(overshoot + NAP_GUARD_NS);
    if nap < NAP_MIN_NS {
        0
    } else {
        nap
    }
}

/// A sync call's future: while replies come back within the spin limit and no other sync
/// call is running, waiting for one turns the I/O driver without sleeping (`yield_now`
/// makes the scheduler poll it with a zero timeout) instead of parking in it; when they
/// come later, it naps first (see [`REPLY_FLOOR_NS`]).
///
/// Only a lone call spins or naps: a thread that waits while another drives has no I/O
/// driver to turn, and `yield_now` wakes it at once, so it would re-poll its future in a
/// loop, CPU the driving thread needed; and a nap would hold up the other calls' replies.
/// Four threads calling at once on the 2-core VM ran at half the throughput and twice the
/// CPU per get when all of them spun (perf/README.md).
struct SpinFirst<'a, F> {
    inner: F,
    /// Sync calls running now, this one included.
    calls_running: &'a AtomicUsize,
    waiting: Option<Waiting>,
}

#[derive(Clone, Copy, PartialEq)]
enum WaitMode {
    Spin,
    Nap,
    Park,
}

struct Waiting {
    since: Instant,
    /// The thread's involuntary context switches when it began to spin or nap.
    preempted_before: u64,
    /// It was the only call when it began to wait: its wait measures the server, not a
    /// queue behind other calls, and it counts in the scores.
    alone: bool,
    mode: WaitMode,
    /// When the spin began (the first wait, or the end of the nap).
    spin_from: Instant,
    /// The last poll spun: a reply now is timed to a spin's precision.
    spun: bool,
    /// Polls that found no reply.
    pending_polls: u32,
    /// The reply floor the nap aimed before (ns from `since`).
    aimed_floor: u64,
}

impl Waiting {
    fn begin(alone: bool, spin_limit: u64) -> Waiting {
        let since = Instant::now();
        let mut mode = WaitMode::Park;
        let mut spin_from = since;
        let mut aimed_floor = 0;
        if alone && score_pays(SPIN_SCORE.load(Ordering::Relaxed)) {
            mode = WaitMode::Spin;
        } else if alone {
            let floor = REPLY_FLOOR_NS.load(Ordering::Relaxed);
            let overshoot = NAP_OVERSHOOT_NS.load(Ordering::Relaxed);
            let nap = nap_ns(floor, overshoot, spin_limit);
            if nap > 0 && Self::nap_pays() {
                std::thread::sleep(Duration::from_nanos(nap));
                spin_from = Instant::now();
                let over = u64::try_from((spin_from - since).as_nanos()).unwrap_or(u64::MAX).saturating_sub(nap);
                NAP_OVERSHOOT_NS.store(next_low_estimate(overshoot, over.max(1), 8), Ordering::Relaxed);
                mode = WaitMode::Nap;
                aimed_floor = floor;
            } else if nap == 0 && nap_ns(floor, 0, spin_limit) > 0 {
                NAP_OVERSHOOT_NS.store(overshoot - overshoot / 16, Ordering::Relaxed);
            }
        }
        let preempted_before = if mode == WaitMode::Park { 0 } else { involuntary_switches() };
        Waiting { since, preempted_before, alone, mode, spin_from, spun: false, pending_polls: 0, aimed_floor }
    }

    fn nap_pays() -> bool {
        if score_pays(NAP_SCORE.load(Ordering::Relaxed)) {
            return true;
        }
        let probe = NAP_PROBE.load(Ordering::Relaxed).wrapping_add(1);
        NAP_PROBE.store(probe, Ordering::Relaxed);
        probe % NAP_PROBE_EVERY == 0
    }

    /// Whether this poll spins rather than parks.
    fn spins(&self, alone_now: bool, spin_limit: u64) -> bool {
        self.mode != WaitMode::Park && alone_now && self.spin_from.elapsed().as_nanos() < u128::from(spin_limit)
    }

    /// The reply came: what it says of the server goes into the scores and the floor.
    fn settle(&self, spin_limit: u64) {
        if !self.alone {
            return;
        }
        let took = u64::try_from(self.since.elapsed().as_nanos()).unwrap_or(u64::MAX);
        // Taken off the CPU while it spun: another thread or process wanted this core,
        // and the spin's CPU came out of theirs (3 processes on one core lost 15-20 % of
        // their throughput to it; perf/README.md). Neither mode pays on a busy machine.
        if self.mode != WaitMode::Park && involuntary_switches() != self.preempted_before {
            SPIN_SCORE.store(-SPIN_SCORE_BOUND, Ordering::Relaxed);
            NAP_SCORE.store(-SPIN_SCORE_BOUND, Ordering::Relaxed);
            return;
        }
        record(&SPIN_SCORE, took <= spin_limit);
        if self.mode == WaitMode::Nap {
            // A reply already waiting when the nap ended (the poll after it found it) is a
            // hit only if the nap ended about where it aimed: after 20 ms idle a nap
            // overshot far more than back to back, and counted as a hit it kept every
            // spaced call oversleeping: 1.29x the official client at st50 (perf/README.md).
            let found_waiting = self.pending_polls <= 1;
            let on_time = took <= self.aimed_floor + NAP_GUARD_NS;
            record(&NAP_SCORE, self.spun && (!found_waiting || on_time));
        }
        // A parked call's time is the reply's plus the wake-up: an upper bound, which
        // only raises the floor slowly.
        let floor = REPLY_FLOOR_NS.load(Ordering::Relaxed);
        REPLY_FLOOR_NS.store(next_low_estimate(floor, took.max(1), 32), Ordering::Relaxed);
    }
}

/// How often the calling thread was taken off the CPU while runnable.
#[cfg(target_os = "linux")]
fn involuntary_switches() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: RUSAGE_THREAD fills the struct it is given; zeroed is a valid rusage.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_THREAD, usage.as_mut_ptr());
        usage.assume_init()
    };
    u64::try_from(usage.ru_nivcsw).unwrap_or(0)
}

#[cfg(not(target_os = "linux"))]
fn involuntary_switches() -> u64 {
    0
}

fn yield_cpu() {
    #[cfg(unix)]
    // SAFETY: no arguments, no memory; it cannot fail on Linux.
    unsafe {
        libc::sched_yield();
    }
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
                if let Some(waiting) = &this.waiting {
                    waiting.settle(limit);
                }
                Poll::Ready(output)
            }
            Poll::Pending => {
                let alone_now = this.calls_running.load(Ordering::Relaxed) == 1;
                let waiting = this.waiting.get_or_insert_with(|| Waiting::begin(alone_now, limit));
                waiting.pending_polls = waiting.pending_polls.saturating_add(1);
                waiting.spun = waiting.spins(alone_now, limit);
                if waiting.spun {
                    // Any other thread runnable on this core goes first (and the switch
                    // tells `settle` the machine is busy); alone, this returns at once.
                    yield_cpu();
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
        assert!(score_pays(score));
        score = next_spin_score(score, false);
        assert!(!score_pays(score), "one miss from even stops spinning");
        for _ in 0..20 {
            score = next_spin_score(score, false);
        }
        assert_eq!(score, -SPIN_SCORE_BOUND, "a far server cannot push the score without bound");
        let mut hits_to_recover = 0;
        while !score_pays(score) {
            score = next_spin_score(score, true);
            hits_to_recover += 1;
        }
        assert_eq!(hits_to_recover, SPIN_SCORE_BOUND as usize, "recovers within the bound");
        // Two hits for each miss keep it spinning; one for one does not.
        let mut score = 0;
        for _ in 0..10 {
            score = next_spin_score(next_spin_score(next_spin_score(score, true), true), false);
        }
        assert!(score_pays(score));
        let mut score = 0;
        for _ in 0..10 {
            score = next_spin_score(next_spin_score(score, true), false);
        }
        assert!(!score_pays(score));
    }

    #[test]
    fn low_estimates_fall_at_once_and_rise_slowly() {
        assert_eq!(next_low_estimate(0, 500, 32), 500, "the first sample is the estimate");
        assert_eq!(next_low_estimate(500, 200, 32), 200);
        assert_eq!(next_low_estimate(200, 520, 32), 210);
        let mut floor = 150_000;
        for _ in 0..32 {
            floor = next_low_estimate(floor, 250_000, 32);
        }
        assert!((210_000..220_000).contains(&floor), "replies slowing for good move it up: {floor}");
    }

    #[test]
    fn a_nap_ends_before_the_floor_and_only_where_spinning_cannot_reach() {
        let limit = 100_000;
        assert_eq!(nap_ns(0, 50_000, limit), 0, "no reply seen yet");
        assert_eq!(nap_ns(90_000, 50_000, limit), 0, "the spin catches it from the start");
        assert_eq!(nap_ns(3_000_000, 50_000, limit), 0, "too far to aim at");
        assert_eq!(nap_ns(200_000, 80_000, limit), 200_000 - 80_000 - NAP_GUARD_NS);
        assert_eq!(nap_ns(120_000, 95_000, limit), 0, "too short to pay");
        assert_eq!(nap_ns(120_000, 500_000, limit), 0, "an overshoot past the floor");
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
        *SPIN_LIMIT_NS != 0 && score_pays(SPIN_SCORE.load(Ordering::Relaxed))
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
