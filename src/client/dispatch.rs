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

/// Runs one data operation on `key`: the `traced_op!` every operation goes through.
pub(crate) fn execute<F, T>(
    py: Python<'_>,
    mode: Mode,
    core: &Core,
    op: Op,
    key: Key,
    operation: impl FnOnce(Key) -> F,
) -> PyResult<Py<PyAny>>
where
    F: Future<Output = Result<T>> + Send + 'static,
    T: IntoPython,
{
    let fut = traced_op!(
        py,
        op,
        Target { namespace: key.namespace(), set: key.set_name(), server: core.settings.primary_host() },
        operation(key)
    );
    mode.run(py, fut)
}
