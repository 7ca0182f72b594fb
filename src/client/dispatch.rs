//! How an operation's future is run for each client flavour, and the single
//! instrumented call site every data operation passes through.

use std::future::Future;

use aerospike::Key;
use pyo3::prelude::*;

use super::core::Core;
use crate::errors::Result;
use crate::instrument::{traced_op, Op, Target};
use crate::runtime::{block_on, into_awaitable, IntoPython};

/// Sync methods block (GIL released); async methods return an awaitable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Blocking,
    Awaitable,
}

impl Mode {
    pub(crate) fn run<F, T>(self, py: Python<'_>, fut: F) -> PyResult<Py<PyAny>>
    where
        F: Future<Output = Result<T>> + Send + 'static,
        T: IntoPython,
    {
        match self {
            Mode::Blocking => block_on(py, fut),
            Mode::Awaitable => into_awaitable(py, fut),
        }
    }
}

/// What a data operation acts on, as spans and metrics name it.
pub(crate) trait Subject {
    fn namespace(&self) -> &str;
    fn set(&self) -> &str;
}

impl Subject for Key {
    fn namespace(&self) -> &str {
        Key::namespace(self)
    }

    fn set(&self) -> &str {
        self.set_name()
    }
}

/// Runs one data operation on `subject`: the `traced_op!` every data operation goes
/// through. The subject is named for instrumentation first, then moved into the future.
pub(crate) fn execute<S, F, T>(
    py: Python<'_>,
    mode: Mode,
    core: &Core,
    op: Op,
    subject: S,
    operation: impl FnOnce(S) -> F,
) -> PyResult<Py<PyAny>>
where
    S: Subject,
    F: Future<Output = Result<T>> + Send + 'static,
    T: IntoPython,
{
    mode.run(py, traced(py, core, op, subject, operation))
}

/// The instrumented future of one data operation, for callers that run it their own
/// way (a sync `foreach` streams records to the caller's thread while it runs).
pub(crate) fn traced<S, F, T>(
    py: Python<'_>,
    core: &Core,
    op: Op,
    subject: S,
    operation: impl FnOnce(S) -> F,
) -> impl Future<Output = Result<T>> + Send + 'static
where
    S: Subject,
    F: Future<Output = Result<T>> + Send + 'static,
    T: Send + 'static,
{
    // Boxed once here: the crate's command futures are 8-21 KB (get 7.9, put 8.5, batch
    // 21), and every later move (into the runtime, its task cell, a finished task's
    // stage) would copy all of it; now those copy a pointer.
    traced_op!(
        py,
        op,
        Target { namespace: subject.namespace(), set: subject.set(), server: core.settings.primary_host() },
        Box::pin(operation(subject))
    )
}
