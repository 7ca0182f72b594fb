//! `operate` and `operate_ordered`: several operations on one record in one round
//! trip, written once for both clients.

use aerospike::{Key, Record};
use pyo3::prelude::*;

use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::{execute, Mode};
use super::record_ops::{write_policy, Arg, OptArg};
use crate::convert::key::{key_to_py, to_key};
use crate::convert::operations::results::{answered, bins_to_py, ordered_to_py};
use crate::convert::operations::{ops_from_py, Answer};
use crate::convert::record::{meta_to_py, reply_key};
use crate::convert::shapes;
use crate::instrument::Op;
use crate::policy::kinds::Operate;
use crate::runtime::IntoPython;

/// How the op results are handed back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `Record(key, meta, {bin: result})`: a bin answered twice keeps the last answer.
    Bins,
    /// `Record(key, meta, [(bin, result), ...])` in op order.
    Ordered,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn operate(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    shape: Shape,
    key: Arg,
    ops: Arg,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let ops = ops_from_py(ops)?;
    let mut policy = write_policy::<Operate>(core, meta, policy)?;
    if let Some(ttl) = ops.ttl {
        std::sync::Arc::make_mut(&mut policy).expiration = ttl;
    }
    let cluster = core.cluster()?;
    execute(py, mode, core, Op::Operate, key, move |key| async move {
        let record = cluster.operate(&policy, &key, &ops.ops).await?;
        Ok(OperateReply { key, record, answers: ops.answers, shape })
    })
}

struct OperateReply {
    key: Key,
    record: Record,
    answers: Vec<Answer>,
    shape: Shape,
}

impl IntoPython for OperateReply {
    fn into_python(mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let key = key_to_py(py, reply_key(&self.key, &self.record))?.into_any();
        let meta = meta_to_py(py, &self.record)?.into_any();
        let results = answered(&mut self.record, &self.answers);
        let bins = match self.shape {
            Shape::Bins => bins_to_py(py, results)?.into_any(),
            Shape::Ordered => ordered_to_py(py, results)?.into_any(),
        };
        Ok(shapes::record(py, key, meta, bins)?.into_any().unbind())
    }
}

/// The operate methods of both clients.
macro_rules! operate_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Apply `ops` (from `aerospike_py.operations`, `list_operations`, `map_operations`)
            /// to one record atomically: `(key, meta, {bin: result})`, a bin's last result winning.
            #[pyo3(signature = (key, ops, meta=None, policy=None))]
            fn operate(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                ops: &Bound<'_, PyAny>,
                meta: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                operate(&self.core, py, $mode, Shape::Bins, key, ops, meta, policy)
            }

            /// Like `operate`, with the results as `[(bin, result), ...]` in op order.
            #[pyo3(signature = (key, ops, meta=None, policy=None))]
            fn operate_ordered(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                ops: &Bound<'_, PyAny>,
                meta: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                operate(&self.core, py, $mode, Shape::Ordered, key, ops, meta, policy)
            }
        }
    };
}

for_each_client!(operate_methods);
