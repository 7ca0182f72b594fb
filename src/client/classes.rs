//! The two Python classes and their lifecycle methods. The data methods live beside
//! their operation code, one `*_methods!` macro per family, expanded for both classes
//! by [`for_each_client!`] (PyO3's `multiple-pymethods`): adding a family touches its
//! own file, not this one.

use std::sync::Arc;

use pyo3::prelude::*;

use super::core::Core;
use super::dispatch::Mode;
use super::lifecycle;
use crate::policy::Settings;

fn new_core(config: &Bound<'_, PyAny>) -> PyResult<Arc<Core>> {
    Ok(Arc::new(Core::new(Settings::from_py(config)?)))
}

/// `connect()`'s credentials: str or None; anything else is a `ParamError` naming it
/// (the password's value is never echoed).
fn credential(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Option<String>> {
    if obj.is_none() {
        return Ok(None);
    }
    let s = obj
        .cast::<pyo3::types::PyString>()
        .map_err(|_| crate::errors::Error::param(format!("connect() {what} must be a str or None")))?;
    Ok(Some(crate::convert::name::text(s, &format!("connect() {what}"))?.to_owned()))
}

fn user_arg(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    credential(obj, "username")
}

fn password_arg(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    credential(obj, "password")
}

/// Expands a family's `$methods!(class, mode)` macro for both client classes.
macro_rules! for_each_client {
    ($methods:ident) => {
        $methods!(Client, Mode::Blocking);
        $methods!(AsyncClient, Mode::Awaitable);
    };
}
pub(super) use for_each_client;

/// Declares a client class: its constructor, `is_connected` and its own lifecycle methods.
macro_rules! client_class {
    ($class:ident, $mode:expr, { $($lifecycle:tt)* }) => {
        #[pymethods]
        impl $class {
            /// Validate `config` and create a client; `connect()` opens the connections.
            #[new]
            fn new(config: &Bound<'_, PyAny>) -> PyResult<Self> {
                Ok(Self { core: new_core(config)? })
            }

            /// True once `connect()` succeeded and until `close()`.
            fn is_connected(&self) -> bool {
                self.core.is_connected()
            }

            $($lifecycle)*
        }
    };
}

/// The blocking client: every call waits with the GIL released.
#[pyclass(module = "aerospike_py", frozen)]
pub(crate) struct Client {
    pub(super) core: Arc<Core>,
}

client_class!(Client, Mode::Blocking, {
    /// Connects to the cluster and returns this client.
    #[pyo3(signature = (username=None, password=None))]
    fn connect(
        slf: &Bound<'_, Self>,
        #[pyo3(from_py_with = user_arg)] username: Option<String>,
        #[pyo3(from_py_with = password_arg)] password: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let this = slf.clone().into_any().unbind();
        lifecycle::connect(&slf.get().core, slf.py(), Mode::Blocking, this, username, password)
    }

    /// Closes every connection; safe to call twice.
    fn close(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        lifecycle::close(&self.core, py, Mode::Blocking)
    }

    /// Connect (if not yet connected) and return this client.
    fn __enter__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        if slf.get().core.is_connected() {
            return Ok(slf.clone().into_any().unbind());
        }
        Self::connect(slf, None, None)
    }

    /// Close the client.
    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, py: Python<'_>, _exc: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<Py<PyAny>> {
        self.close(py)
    }
});

/// The asyncio client: every call returns an awaitable and never blocks the event loop.
#[pyclass(module = "aerospike_py", frozen)]
pub(crate) struct AsyncClient {
    pub(super) core: Arc<Core>,
}

client_class!(AsyncClient, Mode::Awaitable, {
    /// Connects to the cluster; the awaitable resolves to this client.
    #[pyo3(signature = (username=None, password=None))]
    fn connect(
        slf: &Bound<'_, Self>,
        #[pyo3(from_py_with = user_arg)] username: Option<String>,
        #[pyo3(from_py_with = password_arg)] password: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let this = slf.clone().into_any().unbind();
        lifecycle::connect(&slf.get().core, slf.py(), Mode::Awaitable, this, username, password)
    }

    /// Closes every connection; safe to call twice.
    fn close(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        lifecycle::close(&self.core, py, Mode::Awaitable)
    }

    /// Connect (if not yet connected); resolves to this client.
    fn __aenter__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        if slf.get().core.is_connected() {
            let this = slf.clone().into_any().unbind();
            return Mode::Awaitable.run(slf.py(), async move { Ok(this) });
        }
        Self::connect(slf, None, None)
    }

    /// Close the client.
    #[pyo3(signature = (*_exc))]
    fn __aexit__(&self, py: Python<'_>, _exc: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<Py<PyAny>> {
        self.close(py)
    }
});
