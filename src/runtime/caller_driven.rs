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
//! tend task, a `close()` in the background) would stall. An idle thread therefore drives
//! it once no call has been made for [`QUIET`], and gives it back as soon as a call starts
//! (the call is written at once; the handover overlaps the server's reply).
//!
//! `QUIET` is long enough that calls a service makes tens of milliseconds apart never see
//! a takeover: each takeover and its handover wake both threads, which on the 2-core VM
//! CI runs on cost ~110 µs of CPU and ~220 µs of wall time per call made 20 ms apart
//! (with a 10 ms `QUIET`; perf/README.md), and checking every 10 ms during a tight loop
//! cost 0.5 µs per call. Calls drive the runtime themselves, so the tend task waits at
//! most `2 × QUIET` after the last call (its interval is a second).

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::sync::Notify;

/// No call for this long: the idle thread takes over driving.
const QUIET: Duration = Duration::from_millis(100);
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
        self.runtime.block_on(fut)
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
            std::thread::sleep(QUIET);
            if self.calls.load(Ordering::Relaxed) != seen || self.active.load(Ordering::SeqCst) != 0 {
                continue;
            }
            self.idle_driving.store(true, Ordering::SeqCst);
            while self.active.load(Ordering::SeqCst) == 0 {
                self.runtime.block_on(async {
                    tokio::select! {
                        () = self.call_started.notified() => {}
                        () = tokio::time::sleep(HOLD) => {}
                    }
                });
            }
            self.idle_driving.store(false, Ordering::SeqCst);
        }
    }
}

struct CallGuard<'a>(&'a CallerDriven);

impl Drop for CallGuard<'_> {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}
