//! Shared by the benches: run a future that is ready on first poll, without a runtime.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Polls `fut` once; the instrumented no-ops never wait, so once is enough.
#[inline(always)]
pub fn run_ready<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("bench futures are ready on first poll"),
    }
}
