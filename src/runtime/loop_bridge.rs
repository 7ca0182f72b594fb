//! Completing asyncio futures without taking the GIL on the runtime's threads.
//!
//! A finished operation is pushed onto its event loop's queue and, if no wake-up is
//! pending, one byte is written to a socket the loop watches (`loop.add_reader`). The
//! loop thread, which holds the GIL anyway, then converts and delivers every queued
//! result in one go. Without this, each completion had a worker thread wait for the
//! GIL and call `call_soon_threadsafe`: a GIL hand-off and a context switch per
//! operation. Loops without `add_reader` (e.g. Windows' proactor) use that path still.

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;
use pyo3::intern;
use pyo3::prelude::*;

/// Builds a result's Python value (or exception) once the GIL is held.
pub(super) type Outcome = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// A result waiting to be delivered: the asyncio future and how to build its value.
pub(super) struct Completion {
    pub(super) future: Py<PyAny>,
    pub(super) outcome: Outcome,
}

struct Shared {
    queue: Mutex<Vec<Completion>>,
    /// True while a wake-up byte is on its way or the loop is about to drain.
    armed: AtomicBool,
    waker: UnixStream,
    watched: UnixStream,
    /// A fork child must not share the parent's socket pair (`super::fork`).
    generation: u64,
}

/// One event loop's bridge; stored on the loop object so it lives and dies with it.
#[pyclass(module = "aerospike_py._native", frozen)]
pub(super) struct LoopBridge {
    shared: Arc<Shared>,
}

/// The sending half, held by the runtime's tasks.
#[derive(Clone)]
pub(super) struct Sender(Arc<Shared>);

impl Sender {
    /// Called on a runtime thread, without the GIL.
    pub(super) fn complete(&self, completion: Completion) {
        self.0.queue.lock().push(completion);
        if !self.0.armed.swap(true, Ordering::AcqRel) {
            // Non-blocking: if the socket buffer were full, a wake-up is pending anyway.
            let _ = (&self.0.waker).write(&[1]);
        }
    }
}

#[pymethods]
impl LoopBridge {
    /// The loop's reader callback: delivers everything queued so far.
    fn drain(&self, py: Python<'_>) -> PyResult<()> {
        let shared = &self.shared;
        // Clear the wake-up bytes first, then disarm, then take the queue: a result
        // pushed after the take either re-arms and writes a new byte, or finds the
        // bridge still armed before the take and is taken with the rest.
        let mut sink = [0u8; 64];
        while matches!((&shared.watched).read(&mut sink), Ok(n) if n > 0) {}
        shared.armed.store(false, Ordering::Release);
        let completions = std::mem::take(&mut *shared.queue.lock());
        for completion in completions {
            // One future failing to take its result must not strand the others.
            let _ = deliver(py, completion);
        }
        Ok(())
    }
}

fn deliver(py: Python<'_>, Completion { future, outcome }: Completion) -> PyResult<()> {
    let future = future.bind(py);
    if future.call_method0(intern!(py, "done"))?.is_truthy()? {
        return Ok(()); // cancelled by the caller: the result has nowhere to go
    }
    match outcome(py) {
        Ok(value) => future.call_method1(intern!(py, "set_result"), (value,))?,
        Err(error) => future.call_method1(intern!(py, "set_exception"), (error.into_value(py),))?,
    };
    Ok(())
}

/// The bridge for `event_loop`, created and registered on first use; `None` when the
/// loop cannot watch a file descriptor (or keep an attribute), so the caller falls back.
pub(super) fn sender_for(py: Python<'_>, event_loop: &Bound<'_, PyAny>) -> Option<Sender> {
    let attribute = intern!(py, "_aerospike_py_bridge");
    if let Ok(existing) = event_loop.getattr(attribute) {
        let bridge = existing.cast::<LoopBridge>().ok()?;
        let shared = &bridge.get().shared;
        // A loop inherited through fork() shares its epoll set and this socket pair
        // with the parent: touching either would steal the parent's wake-ups, so such
        // a loop (unsupported by asyncio anyway) gets the plain fallback.
        return (shared.generation == super::fork::generation()).then(|| Sender(shared.clone()));
    }
    let (waker, watched) = UnixStream::pair().ok()?;
    waker.set_nonblocking(true).ok()?;
    watched.set_nonblocking(true).ok()?;
    let fd = watched.as_raw_fd();
    let shared = Arc::new(Shared {
        queue: Mutex::new(Vec::new()),
        armed: AtomicBool::new(false),
        waker,
        watched,
        generation: super::fork::generation(),
    });
    let bridge = Bound::new(py, LoopBridge { shared: shared.clone() }).ok()?;
    event_loop.setattr(attribute, &bridge).ok()?;
    let drain = bridge.getattr(intern!(py, "drain")).ok()?;
    if event_loop.call_method1(intern!(py, "add_reader"), (fd, drain)).is_err() {
        let _ = event_loop.delattr(attribute);
        return None;
    }
    Some(Sender(shared))
}
