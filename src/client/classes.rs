//! The two Python classes. Each method is one line into the shared operation code;
//! `client_class!` writes the data methods once for both, so neither is a copy.

use std::sync::Arc;

use pyo3::prelude::*;

use super::admin_ops::{self as admin, Nodes};
use super::core::Core;
use super::dispatch::Mode;
use super::operate_ops::{operate, Shape};
use super::query::Query;
use super::{batch_ops as batch, lifecycle, record_ops as ops};
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

            /// Apply `ops` (from `aerospike_py.operations`, `list_operations`, `map_operations`)
            /// to one record atomically: `(key, meta, {bin: result})`, a bin's last result winning.
            #[pyo3(signature = (key, ops, meta=None, policy=None))]
            fn operate(&self, py: Python<'_>, key: &Bound<'_, PyAny>, ops: &Bound<'_, PyAny>, meta: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                operate(&self.core, py, $mode, Shape::Bins, key, ops, meta, policy)
            }

            /// Like `operate`, with the results as `[(bin, result), ...]` in op order.
            #[pyo3(signature = (key, ops, meta=None, policy=None))]
            fn operate_ordered(&self, py: Python<'_>, key: &Bound<'_, PyAny>, ops: &Bound<'_, PyAny>, meta: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                operate(&self.core, py, $mode, Shape::Ordered, key, ops, meta, policy)
            }

            /// Read many records: `[(key, result_code, meta_or_None, bins_or_None), ...]` in key order.
            #[pyo3(signature = (keys, bins=None, policy=None))]
            fn batch_read(&self, py: Python<'_>, keys: &Bound<'_, PyAny>, bins: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                batch::batch_read(&self.core, py, $mode, keys, bins, policy)
            }

            /// Apply the same `ops` to many records; rows as `batch_read`, bins holding op results.
            #[pyo3(signature = (keys, ops, policy=None))]
            fn batch_operate(&self, py: Python<'_>, keys: &Bound<'_, PyAny>, ops: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                batch::batch_operate(&self.core, py, $mode, keys, ops, policy)
            }

            /// Delete many records; rows as `batch_read` (result 2 for a missing record).
            #[pyo3(signature = (keys, policy=None))]
            fn batch_remove(&self, py: Python<'_>, keys: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                batch::batch_remove(&self.core, py, $mode, keys, policy)
            }

            /// A secondary-index query over `namespace` / `set`; add a predicate with `where()`.
            #[pyo3(signature = (namespace, set=None))]
            fn query(&self, namespace: &str, set: Option<&str>) -> PyResult<Query> {
                Ok(Query::new(&self.core, $mode, namespace, set)?)
            }

            /// A scan of `namespace` / `set` (every set when None): a query without a predicate.
            #[pyo3(signature = (namespace, set=None))]
            fn scan(&self, namespace: &str, set: Option<&str>) -> PyResult<Query> {
                Ok(Query::new(&self.core, $mode, namespace, set)?)
            }

            /// Create an integer secondary index on `bin` and wait until it is ready.
            #[pyo3(signature = (ns, set, bin, name, policy=None))]
            fn index_integer_create(&self, py: Python<'_>, ns: String, set: Option<String>, bin: String, name: String, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                admin::index_create(&self.core, py, $mode, aerospike::query::IndexType::Numeric, ns, set, bin, name, policy)
            }

            /// Create a string secondary index on `bin` and wait until it is ready.
            #[pyo3(signature = (ns, set, bin, name, policy=None))]
            fn index_string_create(&self, py: Python<'_>, ns: String, set: Option<String>, bin: String, name: String, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                admin::index_create(&self.core, py, $mode, aerospike::query::IndexType::String, ns, set, bin, name, policy)
            }

            /// Drop the secondary index `name` and wait until it is gone.
            #[pyo3(signature = (ns, name, policy=None))]
            fn index_remove(&self, py: Python<'_>, ns: String, name: String, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                admin::index_remove(&self.core, py, $mode, ns, name, policy)
            }

            /// Remove the records of `set` (all sets when None) last updated before `nanos`
            /// (nanoseconds since the Unix epoch; 0: everything up to now).
            #[pyo3(signature = (namespace, set, nanos, policy=None))]
            fn truncate(&self, py: Python<'_>, namespace: String, set: Option<String>, nanos: i64, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                admin::truncate(&self.core, py, $mode, namespace, set, nanos, policy)
            }

            /// Send an info command to one node; returns its response text.
            #[pyo3(signature = (command, policy=None))]
            fn info(&self, py: Python<'_>, command: String, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                admin::info(&self.core, py, $mode, Nodes::Random, command, policy)
            }

            /// Send an info command to a random node; returns its response text.
            #[pyo3(signature = (command, policy=None))]
            fn info_random_node(&self, py: Python<'_>, command: String, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                admin::info(&self.core, py, $mode, Nodes::Random, command, policy)
            }

            /// Send an info command to every node: `{node_name: (None, response)}`.
            #[pyo3(signature = (command, policy=None))]
            fn info_all(&self, py: Python<'_>, command: String, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                admin::info(&self.core, py, $mode, Nodes::All, command, policy)
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
