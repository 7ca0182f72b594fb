//! Shared by the benches: run a future that is ready on first poll, without a runtime,
//! and measure in thread CPU time.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};

/// Polls `fut` once; the instrumented no-ops never wait, so once is enough.
#[inline(always)]
pub fn run_ready<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("bench futures are ready on first poll"),
    }
}

/// Criterion measurement in this thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), not wall
/// time: on a machine shared with other jobs, time spent preempted is not counted, so a
/// loaded machine stretches a figure far less (under a load average of 14 on 2 cores,
/// wall-time medians came out ~7x too high, bare and instrumented alike). Read once per
/// sample of many iterations, so its own cost (a few hundred ns) is amortised away.
pub struct ThreadCpu;

pub fn thread_cpu() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid, writable timespec; the clock id is a constant Linux knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(rc, 0, "CLOCK_THREAD_CPUTIME_ID unavailable");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

impl Measurement for ThreadCpu {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu()
    }

    fn end(&self, started: Duration) -> Duration {
        thread_cpu().saturating_sub(started)
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        static WALL: WallTime = WallTime;
        WALL.formatter()
    }
}

/// Criterion configured to measure in thread CPU time.
pub fn criterion() -> criterion::Criterion<ThreadCpu> {
    criterion::Criterion::default().with_measurement(ThreadCpu)
}
