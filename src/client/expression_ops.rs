//! Expression calls on both clients that are not filters or operations:
//! `get_expression_base64` (no server needed), `index_expr_create` (a secondary
//! index on an expression's value, server 8.1+), and `Query.where_with_expr` to
//! query through such an index. Index creation is an admin call: not traced.

use aerospike::query::{CollectionIndexType, IndexType};
use pyo3::prelude::*;

use super::admin_ops::{prepare, wait_for};
use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::Mode;
use super::query::Query;
use super::record_ops::OptArg;
use crate::convert::expression;
use crate::convert::predicate::filter_from_py;
use crate::errors::{Error, Result};

/// The official `INDEX_TYPE_*` (collection) values.
fn collection(index_type: i64) -> Result<CollectionIndexType> {
    Ok(match index_type {
        0 => CollectionIndexType::Default,
        1 => CollectionIndexType::List,
        2 => CollectionIndexType::MapKeys,
        3 => CollectionIndexType::MapValues,
        _ => return Err(Error::param(format!("index_type {index_type} is not an aerospike_py.INDEX_TYPE_* value"))),
    })
}

/// The official `INDEX_STRING` / `INDEX_NUMERIC` / `INDEX_GEO2DSPHERE` / `INDEX_BLOB` values.
fn data_type(index_datatype: i64) -> Result<IndexType> {
    Ok(match index_datatype {
        0 => IndexType::String,
        4 => IndexType::Numeric,
        2 => IndexType::Geo2DSphere,
        3 => IndexType::Blob,
        _ => {
            return Err(Error::param(format!(
                "index_datatype {index_datatype} is not INDEX_STRING, INDEX_NUMERIC, INDEX_GEO2DSPHERE or INDEX_BLOB"
            )))
        }
    })
}

#[allow(clippy::too_many_arguments)]
fn index_expr_create(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    ns: String,
    set: Option<String>,
    index_type: i64,
    index_datatype: i64,
    expressions: &Bound<'_, PyAny>,
    name: String,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let (collection, data_type) = (collection(index_type)?, data_type(index_datatype)?);
    let exp = expression::from_py(expressions)?;
    let (cluster, policy) = prepare(core, policy)?;
    mode.run(py, async move {
        let set = set.unwrap_or_default();
        let task =
            cluster.create_index_using_expression(&policy, &ns, &set, &name, data_type, collection, &exp).await?;
        wait_for(task).await
    })
}

macro_rules! expression_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// The packed bytes of a compiled expression, base64-encoded (what the
            /// official client returns for the same expression). Synchronous on both clients.
            fn get_expression_base64(&self, compiled_expression: &Bound<'_, PyAny>) -> PyResult<String> {
                Ok(expression::base64(compiled_expression)?)
            }

            /// Create a secondary index on the value of `expressions` (a compiled
            /// expression) and wait until it is ready; query it with `Query.where_with_expr`.
            #[pyo3(signature = (ns, set, index_type, index_datatype, expressions, name, policy=None))]
            #[allow(clippy::too_many_arguments)]
            fn index_expr_create(
                &self,
                py: Python<'_>,
                ns: String,
                set: Option<String>,
                index_type: i64,
                index_datatype: i64,
                expressions: &Bound<'_, PyAny>,
                name: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                index_expr_create(&self.core, py, $mode, ns, set, index_type, index_datatype, expressions, name, policy)
            }
        }
    };
}

for_each_client!(expression_methods);

#[pymethods]
impl Query {
    /// Filter by `predicate` through the secondary index built on `expr` (the same
    /// compiled expression given to `index_expr_create`). Returns the query.
    fn where_with_expr<'py>(
        mut slf: PyRefMut<'py, Self>,
        expr: &Bound<'py, PyAny>,
        predicate: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let exp = expression::from_py(expr)?;
        slf.filter = Some(filter_from_py(predicate)?.expression(exp));
        Ok(slf)
    }
}
