//! The shared tokio runtime and the two ways a Python call waits for a Rust future.
//!
//! * [`block_on`]: sync client. The GIL is released while the future runs, so other
//!   Python threads make progress; a panic inside becomes a `ClientError`. It runs on
//!   the caller's thread, on a big stack of its own ([`big_stack`]), in a current-thread
//!   runtime that the caller drives ([`caller_driven`]): the reply wakes the caller itself.
//! * [`into_awaitable`]: async client. The future runs on the runtime and resolves an
//!   `asyncio.Future` of the caller's loop through `call_soon_threadsafe`; the event
//!   loop never blocks. Cancelling the asyncio future does not recall a request that
//!   was already sent: its result is dropped.
//!
//! The async client and the exporters share a multi-thread runtime. Both runtimes are
//! per process: a `fork()` child builds its own on first use ([`fork`]); the parent's
//! are leaked there, never dropped.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::task::{Context, Poll};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::runtime::Runtime;

use crate::errors::{panic_message, Error, Failure, Result};

mod big_stack;
mod caller_driven;
pub(crate) mod fork;
mod loop_bridge;

use caller_driven::CallerDriven;
use loop_bridge::{sender_for, Completion};

/// Converts an operation's Rust result into its Python return value, under the GIL.
pub(crate) trait IntoPython: Send + 'static {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

/// This process's runtime; null until first use and again right after a fork.
static RUNTIME: AtomicPtr<Runtime> = AtomicPtr::new(std::ptr::null_mut());

/// The runtime of this process (one atomic load once it exists).
#[inline]
pub(crate) fn runtime() -> &'static Runtime {
    let current = RUNTIME.load(Ordering::Acquire);
    if current.is_null() {
        return start_runtime();
    }
    // SAFETY: a non-null pointer came from `Box::leak` in `start_runtime`, and runtimes
    // are never freed, so it stays valid for the life of the process.
    unsafe { &*current }
}

/// The deepest value a record can hold: every level of a nested list costs at least
/// one byte, and the server's largest record is 8 MiB.
const MAX_RECORD_DEPTH: usize = 8 << 20;
/// Stack the `aerospike` crate's msgpack decoder (recursive, on these threads, with no
/// depth guard) takes per level of nesting: 100–200 bytes in release builds (the
/// default 2 MiB stack overflowed at 10,000–20,000 levels), with margin. Debug builds
/// take ~1.2 KiB, so they decode about a fifth of that depth.
const DECODER_BYTES_PER_LEVEL: usize = 256;
/// 2 GiB of address space per worker; only the pages a decode touches are committed.
const WORKER_STACK: usize = MAX_RECORD_DEPTH * DECODER_BYTES_PER_LEVEL;
/// Where the system refuses that much address space for a thread.
const FALLBACK_STACK: usize = 64 << 20;

fn build_runtime(stack: usize) -> std::io::Result<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .thread_name("aerospike-py")
        .thread_stack_size(stack)
        .enable_all()
        .build()
}

#[cold]
fn start_runtime() -> &'static Runtime {
    fork::watch();
    // tokio panics when the system cannot give a worker its stack.
    let runtime = catch_unwind(|| build_runtime(WORKER_STACK))
        .ok()
        .and_then(|built| built.ok())
        .or_else(|| build_runtime(FALLBACK_STACK).ok())
        .expect("cannot start the tokio runtime");
    let fresh = Box::into_raw(Box::new(runtime));
    match RUNTIME.compare_exchange(std::ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        // SAFETY: just leaked above; never freed.
        Ok(_) => unsafe { &*fresh },
        Err(winner) => {
            // Another thread started one first: ours has run nothing, so it can go.
            // SAFETY: `fresh` is ours alone (the exchange failed, nobody else saw it).
            drop(unsafe { Box::from_raw(fresh) });
            // SAFETY: as in `runtime()`.
            unsafe { &*winner }
        }
    }
}

/// The sync client's runtime of this process; null until first use and after a fork.
static SYNC_RUNTIME: AtomicPtr<CallerDriven> = AtomicPtr::new(std::ptr::null_mut());

/// The runtime sync calls run on, and the clusters they connect live on.
#[inline]
pub(crate) fn sync_runtime() -> &'static CallerDriven {
    let current = SYNC_RUNTIME.load(Ordering::Acquire);
    if current.is_null() {
        return start_sync_runtime();
    }
    // SAFETY: non-null pointers come from `Box::into_raw` in `start_sync_runtime`, and
    // these runtimes are never freed.
    unsafe { &*current }
}

#[cold]
fn start_sync_runtime() -> &'static CallerDriven {
    fork::watch();
    let fresh = Box::into_raw(Box::new(CallerDriven::new().expect("cannot start the tokio runtime")));
    match SYNC_RUNTIME.compare_exchange(std::ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => {
            // SAFETY: just leaked above; never freed.
            let started: &'static CallerDriven = unsafe { &*fresh };
            // Only the runtime that won gets an idle thread.
            started
                .start_idle_thread(WORKER_STACK)
                .or_else(|_| started.start_idle_thread(FALLBACK_STACK))
                .expect("cannot start the sync runtime's idle thread");
            started
        }
        Err(winner) => {
            // Another thread started one first: ours has run nothing, so it can go.
            // SAFETY: `fresh` is ours alone (the exchange failed, nobody else saw it).
            drop(unsafe { Box::from_raw(fresh) });
            // SAFETY: as in `sync_runtime()`.
            unsafe { &*winner }
        }
    }
}

/// Fork child: the parent's runtimes have no threads here. Leaked, not dropped: their
/// shutdown would wait for threads that do not exist.
fn forget_runtime() {
    RUNTIME.store(std::ptr::null_mut(), Ordering::Release);
    SYNC_RUNTIME.store(std::ptr::null_mut(), Ordering::Release);
}

/// Runs `fut` to completion with the GIL released; a panic inside becomes a
/// `ClientError`. It is polled, and the runtime driven, on the caller's thread, on that
/// thread's big stack ([`big_stack`]: replies are decoded while polling, recursively, and
/// the deepest record needs `WORKER_STACK`); where the system refuses that mapping, on
/// the thread's own stack (a record nested deeper than that stack allows would then
/// overflow it).
pub(crate) fn block_on<F, T>(py: Python<'_>, fut: F) -> PyResult<Py<PyAny>>
where
    F: Future<Output = Result<T>> + Send + 'static,
    T: IntoPython,
{
    let outcome = py.detach(|| on_big_stack(CatchPanic(fut)));
    outcome?.into_python(py)
}

/// `fut` run to completion on the sync runtime, on this thread's big stack if it has one.
fn on_big_stack<F: Future>(fut: F) -> F::Output {
    let runtime = sync_runtime();
    big_stack::run(WORKER_STACK, fut, |fut| runtime.block_on(fut)).unwrap_or_else(|fut| runtime.block_on(fut))
}

/// A sync call that hands items to Python while it runs: `fut` runs on the sync runtime
/// and sends items into `items`; `each` is called for every item on the caller's thread,
/// with the GIL (so it may call the client again: no runtime is entered there).
/// `each` returning `Ok(false)` or an error closes the channel, which tells the
/// producer to stop; the call still waits for `fut` to finish before returning.
pub(crate) fn block_on_each<F, I>(
    py: Python<'_>,
    fut: F,
    mut items: tokio::sync::mpsc::Receiver<I>,
    mut each: impl FnMut(Python<'_>, I) -> PyResult<bool>,
) -> PyResult<()>
where
    F: Future<Output = Result<()>> + Send + 'static,
    I: Send,
{
    enum Next<I> {
        Item(I),
        Done(Result<()>),
    }
    // The producer runs on the sync runtime, driven (and so decoding) on this thread's
    // big stack while it waits for the next item.
    let mut task = sync_runtime().runtime().spawn(CatchPanic(fut));
    let joined = |joined: std::result::Result<Result<()>, tokio::task::JoinError>| {
        joined.unwrap_or_else(|e| Err(Error::client(format!("operation abandoned: {e}"))))
    };
    loop {
        let next = py.detach(|| {
            on_big_stack(async {
                tokio::select! {
                    // Items first: those sent before the producer finished are all delivered.
                    biased;
                    Some(item) = items.recv() => Next::Item(item),
                    done = &mut task => Next::Done(joined(done)),
                }
            })
        });
        let stop = match next {
            Next::Done(outcome) => return outcome.map_err(PyErr::from),
            Next::Item(item) => match each(py, item) {
                Ok(true) => continue,
                Ok(false) => None,
                Err(e) => Some(e),
            },
        };
        drop(items);
        let outcome = py.detach(|| joined(on_big_stack(task)));
        return match stop {
            Some(callback_error) => Err(callback_error),
            None => outcome.map_err(PyErr::from),
        };
    }
}

/// Schedules `fut` on the runtime and returns an `asyncio.Future` it will resolve.
pub(crate) fn into_awaitable<F, T>(py: Python<'_>, fut: F) -> PyResult<Py<PyAny>>
where
    F: Future<Output = Result<T>> + Send + 'static,
    T: IntoPython,
{
    let event_loop = asyncio(py)?.call_method0("get_running_loop")?;
    let py_future = event_loop.call_method0("create_future")?.unbind();
    if let Some(sender) = sender_for(py, &event_loop) {
        let future = py_future.clone_ref(py);
        runtime().spawn(async move {
            let outcome = CatchPanic(fut).await;
            sender.complete(Completion {
                future,
                outcome: Box::new(move |py| outcome.map_err(PyErr::from).and_then(|v| v.into_python(py))),
            });
        });
        return Ok(py_future);
    }
    let event_loop = event_loop.unbind();
    let (loop_ref, future_ref) = (event_loop.clone_ref(py), py_future.clone_ref(py));
    runtime().spawn(async move {
        let outcome = CatchPanic(fut).await;
        Python::attach(|py| {
            let (ok, value) = match outcome.map_err(PyErr::from).and_then(|v| v.into_python(py)) {
                Ok(value) => (true, value),
                Err(err) => (false, err.into_value(py).into_any()),
            };
            let resolve = resolver(py);
            // The loop may already be closed (program shutting down): nothing left to tell.
            let _ = loop_ref.call_method1(py, "call_soon_threadsafe", (resolve, future_ref, ok, value));
        });
    });
    Ok(py_future)
}

/// Completes a future that never waits (instrumented no-ops) without a runtime.
#[allow(dead_code)] // used by the benchmark hooks only
pub(crate) fn poll_ready<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(std::task::Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("poll_ready is only given futures that never wait"),
    }
}

/// Turns a panic while polling the inner future into `Failure::Panic`, so it reaches
/// Python as an exception instead of unwinding through the runtime or the interpreter.
struct CatchPanic<F>(F);

impl<F, T> Future for CatchPanic<F>
where
    F: Future<Output = Result<T>>,
{
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: the inner future is never moved out of `self`; this is plain
        // structural pinning of the only field.
        let inner = unsafe { self.map_unchecked_mut(|this| &mut this.0) };
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(poll) => poll,
            Err(payload) => Poll::Ready(Err(Failure::Panic(panic_message(&*payload)).into())),
        }
    }
}

fn asyncio(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static ASYNCIO: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    Ok(ASYNCIO.get_or_try_init(py, || py.import("asyncio").map(Bound::unbind))?.bind(py))
}

fn resolver(py: Python<'_>) -> Py<PyAny> {
    static RESOLVE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    RESOLVE
        .get_or_init(py, || {
            pyo3::wrap_pyfunction!(resolve_future, py).expect("resolve_future is a plain function").into_any().unbind()
        })
        .clone_ref(py)
}

/// Runs on the event loop's thread: completes the future unless the caller cancelled it.
#[pyfunction]
fn resolve_future(future: &Bound<'_, PyAny>, ok: bool, value: &Bound<'_, PyAny>) -> PyResult<()> {
    if future.call_method0("done")?.is_truthy()? {
        return Ok(());
    }
    if ok {
        future.call_method1("set_result", (value,))?;
    } else {
        future.call_method1("set_exception", (value,))?;
    }
    Ok(())
}
