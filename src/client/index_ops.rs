//! Secondary-index creation, with the official client's methods and signatures: one
//! per index kind, all building an [`IndexSpec`] for [`create`], which asks the
//! server and waits until the index is ready to answer queries (as the official
//! client's calls do). The `policy` dict is an info policy. Not traced: not a data
//! operation.
//!
//! `index_datatype` is an `INDEX_*` value (`INDEX_STRING`, `INDEX_INTEGER` /
//! `INDEX_NUMERIC`, `INDEX_GEO2DSPHERE`, `INDEX_BLOB`); `index_type` an
//! `INDEX_TYPE_*` value (the bin itself, list elements, map keys or map values);
//! `ctx` an `aerospike_py.cdt_ctx` path to a nested list or map.

use aerospike::operations::CdtContext;
use aerospike::query::{CollectionIndexType, IndexType};
use pyo3::prelude::*;

use super::admin_ops::{prepare, wait_for};
use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::Mode;
use super::record_ops::OptArg;
use crate::convert::name;
use crate::convert::operations::context;
use crate::errors::{Error, Result};

/// What to index: the value type, which values of the bin, and where in it.
struct IndexSpec {
    datatype: IndexType,
    collection: CollectionIndexType,
    ctx: Vec<CdtContext>,
}

impl IndexSpec {
    fn of(datatype: IndexType) -> Self {
        Self { datatype, collection: CollectionIndexType::Default, ctx: Vec::new() }
    }

    fn collection(datatype: i64, collection: CollectionIndexType) -> Result<Self> {
        Ok(Self { collection, ..Self::of(index_datatype(datatype)?) })
    }
}

/// An `INDEX_*` value. `INDEX_INTEGER` is sent as "numeric": servers before 8.2 know
/// only that name, and 8.2 accepts it.
fn index_datatype(n: i64) -> Result<IndexType> {
    Ok(match n {
        0 => IndexType::String,
        1 | 4 => IndexType::Numeric,
        2 => IndexType::Geo2DSphere,
        3 => IndexType::Blob,
        n => return Err(Error::param(format!("index_datatype has no value {n} (use aerospike_py.INDEX_*)"))),
    })
}

/// An `INDEX_TYPE_*` value.
fn index_type(n: i64) -> Result<CollectionIndexType> {
    Ok(match n {
        0 => CollectionIndexType::Default,
        1 => CollectionIndexType::List,
        2 => CollectionIndexType::MapKeys,
        3 => CollectionIndexType::MapValues,
        n => return Err(Error::param(format!("index_type has no value {n} (use aerospike_py.INDEX_TYPE_*)"))),
    })
}

/// Creates the index and waits until it is ready.
fn create(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    spec: Result<IndexSpec>,
    (namespace, set, bin, name): (String, Option<String>, String, String),
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let spec = spec?;
    if name.is_empty() {
        return Err(Error::param("index_name must not be empty").into());
    }
    let (cluster, policy) = prepare(core, policy)?;
    mode.run(py, async move {
        let set = set.unwrap_or_default();
        let ctx = (!spec.ctx.is_empty()).then_some(spec.ctx.as_slice());
        let task = cluster
            .create_index_on_bin(&policy, &namespace, &set, &bin, &name, spec.datatype, spec.collection, ctx)
            .await?;
        wait_for(task).await
    })
}

/// The index-creation methods of both clients.
macro_rules! index_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Create an integer index on `bin` and wait until it is ready.
            #[pyo3(signature = (ns, set, bin, index_name, policy=None))]
            fn index_integer_create(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = name::bin_arg)] bin: String,
                #[pyo3(from_py_with = name::index_arg)] index_name: String,
                policy: OptArg,
            ) -> PyResult<Py<PyAny>> {
                let spec = Ok(IndexSpec::of(IndexType::Numeric));
                create(&self.core, py, $mode, spec, (ns, set, bin, index_name), policy)
            }

            /// Create a string index on `bin` and wait until it is ready.
            #[pyo3(signature = (ns, set, bin, index_name, policy=None))]
            fn index_string_create(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = name::bin_arg)] bin: String,
                #[pyo3(from_py_with = name::index_arg)] index_name: String,
                policy: OptArg,
            ) -> PyResult<Py<PyAny>> {
                let spec = Ok(IndexSpec::of(IndexType::String));
                create(&self.core, py, $mode, spec, (ns, set, bin, index_name), policy)
            }

            /// Create a bytes (blob) index on `bin` and wait until it is ready.
            #[pyo3(signature = (ns, set, bin, index_name, policy=None))]
            fn index_blob_create(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = name::bin_arg)] bin: String,
                #[pyo3(from_py_with = name::index_arg)] index_name: String,
                policy: OptArg,
            ) -> PyResult<Py<PyAny>> {
                let spec = Ok(IndexSpec::of(IndexType::Blob));
                create(&self.core, py, $mode, spec, (ns, set, bin, index_name), policy)
            }

            /// Create a geospatial (geo2dsphere) index on the GeoJSON `bin` and wait until it is ready.
            #[pyo3(signature = (ns, set, bin, index_name, policy=None))]
            fn index_geo2dsphere_create(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = name::bin_arg)] bin: String,
                #[pyo3(from_py_with = name::index_arg)] index_name: String,
                policy: OptArg,
            ) -> PyResult<Py<PyAny>> {
                let spec = Ok(IndexSpec::of(IndexType::Geo2DSphere));
                create(&self.core, py, $mode, spec, (ns, set, bin, index_name), policy)
            }

            /// Create an index of `index_datatype` on the bin's own value and wait until it is ready.
            #[pyo3(signature = (ns, set, bin, index_datatype, index_name, policy=None))]
            #[allow(clippy::too_many_arguments)]
            fn index_single_value_create(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = name::bin_arg)] bin: String,
                index_datatype: i64,
                #[pyo3(from_py_with = name::index_arg)] index_name: String,
                policy: OptArg,
            ) -> PyResult<Py<PyAny>> {
                let spec = IndexSpec::collection(index_datatype, CollectionIndexType::Default);
                create(&self.core, py, $mode, spec, (ns, set, bin, index_name), policy)
            }

            /// Create an index of `index_datatype` on the elements of the list `bin`.
            #[pyo3(signature = (ns, set, bin, index_datatype, index_name, policy=None))]
            #[allow(clippy::too_many_arguments)]
            fn index_list_create(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = name::bin_arg)] bin: String,
                index_datatype: i64,
                #[pyo3(from_py_with = name::index_arg)] index_name: String,
                policy: OptArg,
            ) -> PyResult<Py<PyAny>> {
                let spec = IndexSpec::collection(index_datatype, CollectionIndexType::List);
                create(&self.core, py, $mode, spec, (ns, set, bin, index_name), policy)
            }

            /// Create an index of `index_datatype` on the keys of the map `bin`.
            #[pyo3(signature = (ns, set, bin, index_datatype, index_name, policy=None))]
            #[allow(clippy::too_many_arguments)]
            fn index_map_keys_create(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = name::bin_arg)] bin: String,
                index_datatype: i64,
                #[pyo3(from_py_with = name::index_arg)] index_name: String,
                policy: OptArg,
            ) -> PyResult<Py<PyAny>> {
                let spec = IndexSpec::collection(index_datatype, CollectionIndexType::MapKeys);
                create(&self.core, py, $mode, spec, (ns, set, bin, index_name), policy)
            }

            /// Create an index of `index_datatype` on the values of the map `bin`.
            #[pyo3(signature = (ns, set, bin, index_datatype, index_name, policy=None))]
            #[allow(clippy::too_many_arguments)]
            fn index_map_values_create(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = name::bin_arg)] bin: String,
                index_datatype: i64,
                #[pyo3(from_py_with = name::index_arg)] index_name: String,
                policy: OptArg,
            ) -> PyResult<Py<PyAny>> {
                let spec = IndexSpec::collection(index_datatype, CollectionIndexType::MapValues);
                create(&self.core, py, $mode, spec, (ns, set, bin, index_name), policy)
            }

            /// Create an index on values nested in `bin` at the `ctx` path: `index_type` says
            /// which values of the list or map found there (`INDEX_TYPE_*`).
            #[pyo3(signature = (ns, set, bin, index_type, index_datatype, index_name, ctx, policy=None))]
            #[allow(clippy::too_many_arguments)]
            fn index_cdt_create(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = name::bin_arg)] bin: String,
                index_type: i64,
                index_datatype: i64,
                #[pyo3(from_py_with = name::index_arg)] index_name: String,
                ctx: &Bound<'_, PyAny>,
                policy: OptArg,
            ) -> PyResult<Py<PyAny>> {
                let spec = cdt_spec(index_type, index_datatype, ctx);
                create(&self.core, py, $mode, spec, (ns, set, bin, index_name), policy)
            }
        }
    };
}

fn cdt_spec(index_type_value: i64, datatype: i64, ctx: &Bound<'_, PyAny>) -> Result<IndexSpec> {
    let mut spec = IndexSpec::collection(datatype, index_type(index_type_value)?)?;
    spec.ctx = context::path(ctx, &|msg| Error::param(format!("index_cdt_create {msg}")))?;
    if spec.ctx.is_empty() {
        return Err(Error::param("index_cdt_create ctx must not be empty"));
    }
    Ok(spec)
}

for_each_client!(index_methods);
