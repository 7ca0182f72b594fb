//! The two Python classes. Each method is one line into the shared operation code;
//! `client_class!` writes the data methods once for both, so neither is a copy.

use std::sync::Arc;

use pyo3::prelude::*;

use super::core::Core;
use super::dispatch::Mode;
use super::{lifecycle, record_ops as ops};
use crate::policy::Settings;

fn new_core(config: &Bound<'_, PyAny>) -> PyResult<Arc<Core>> {
    Ok(Arc::new(Core::new(Settings::from_py(config)?)))
}

/// Declares a client class: its mode, its own lifecycle methods, and the shared data methods.
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

            /// Write `bins` (a dict) to the record at `key`; `meta` may carry `gen` and `ttl`.
            #[pyo3(signature = (key, bins, meta=None, policy=None))]
            fn put(&self, py: Python<'_>, key: &Bound<'_, PyAny>, bins: &Bound<'_, PyAny>, meta: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                ops::put(&self.core, py, $mode, key, bins, meta, policy)
            }

            /// Read the whole record: `(key, meta, bins)`. Raises `RecordNotFound` if absent.
            #[pyo3(signature = (key, policy=None))]
            fn get(&self, py: Python<'_>, key: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                ops::get(&self.core, py, $mode, key, policy)
            }

            /// Read only the named bins: `(key, meta, bins)`.
            #[pyo3(signature = (key, bins, policy=None))]
            fn select(&self, py: Python<'_>, key: &Bound<'_, PyAny>, bins: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                ops::select(&self.core, py, $mode, key, bins, policy)
            }

            /// `(key, meta)` if the record exists, else `(key, None)`.
            #[pyo3(signature = (key, policy=None))]
            fn exists(&self, py: Python<'_>, key: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                ops::exists(&self.core, py, $mode, key, policy)
            }

            /// Delete the record; `meta={"gen": n}` with a `gen` policy makes it conditional.
            #[pyo3(signature = (key, meta=None, policy=None))]
            fn remove(&self, py: Python<'_>, key: &Bound<'_, PyAny>, meta: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                ops::remove(&self.core, py, $mode, key, meta, policy)
            }

            /// Reset the record's TTL to `val` seconds (and bump its generation).
            #[pyo3(signature = (key, val=None, meta=None, policy=None))]
            fn touch(&self, py: Python<'_>, key: &Bound<'_, PyAny>, val: Option<&Bound<'_, PyAny>>, meta: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                let zero = 0i64.into_pyobject(py)?.into_any();
                ops::touch(&self.core, py, $mode, key, val.unwrap_or(&zero), meta, policy)
            }

            /// Append a str (or bytes) to a bin.
            #[pyo3(signature = (key, bin, val, meta=None, policy=None))]
            fn append(&self, py: Python<'_>, key: &Bound<'_, PyAny>, bin: &Bound<'_, PyAny>, val: &Bound<'_, PyAny>, meta: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                ops::append(&self.core, py, $mode, key, bin, val, meta, policy)
            }

            /// Prepend a str (or bytes) to a bin.
            #[pyo3(signature = (key, bin, val, meta=None, policy=None))]
            fn prepend(&self, py: Python<'_>, key: &Bound<'_, PyAny>, bin: &Bound<'_, PyAny>, val: &Bound<'_, PyAny>, meta: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                ops::prepend(&self.core, py, $mode, key, bin, val, meta, policy)
            }

            /// Add an int or float `offset` to a numeric bin (created if missing).
            #[pyo3(signature = (key, bin, offset, meta=None, policy=None))]
            fn increment(&self, py: Python<'_>, key: &Bound<'_, PyAny>, bin: &Bound<'_, PyAny>, offset: &Bound<'_, PyAny>, meta: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                ops::increment(&self.core, py, $mode, key, bin, offset, meta, policy)
            }

            /// Remove the named bins from the record.
            #[pyo3(signature = (key, bins, meta=None, policy=None))]
            fn remove_bin(&self, py: Python<'_>, key: &Bound<'_, PyAny>, bins: &Bound<'_, PyAny>, meta: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                ops::remove_bin(&self.core, py, $mode, key, bins, meta, policy)
            }
        }
    };
}

/// The blocking client: every call waits with the GIL released.
#[pyclass(module = "aerospike_py", frozen)]
pub(crate) struct Client {
    core: Arc<Core>,
}

client_class!(Client, Mode::Blocking, {
    /// Connects to the cluster and returns this client.
    #[pyo3(signature = (username=None, password=None))]
    fn connect(slf: &Bound<'_, Self>, username: Option<String>, password: Option<String>) -> PyResult<Py<PyAny>> {
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
    core: Arc<Core>,
}

client_class!(AsyncClient, Mode::Awaitable, {
    /// Connects to the cluster; the awaitable resolves to this client.
    #[pyo3(signature = (username=None, password=None))]
    fn connect(slf: &Bound<'_, Self>, username: Option<String>, password: Option<String>) -> PyResult<Py<PyAny>> {
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
