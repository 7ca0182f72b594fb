//! Batch reads, operates and removes, written once for both clients. Each is one
//! traced operation whose subject is the first key's namespace and set.

use std::sync::Arc;

use aerospike::{BatchOperation, BatchPolicy, Bins};
use pyo3::prelude::*;

use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::{execute, Mode, Subject};
use super::record_ops::{Arg, OptArg};
use crate::convert::batch::{keys_from_py, rows_to_py};
use crate::convert::operations::{ops_from_py, Answer};
use crate::convert::record::bin_names_from_py;
use crate::errors::{Error, Result};
use crate::instrument::Op;
use crate::policy::kinds::{Batch, BatchRead, BatchRemove, BatchWrite};
use crate::policy::meta::expiration;
use crate::runtime::IntoPython;

/// The rows of one batch call; instrumentation names them by the first key.
pub(super) struct Rows(pub(super) Vec<BatchOperation>);

impl Subject for Rows {
    fn namespace(&self) -> &str {
        self.0.first().map_or("", |row| row.batch_record().key.namespace())
    }

    fn set(&self) -> &str {
        self.0.first().map_or("", |row| row.batch_record().key.set_name())
    }
}

pub(crate) fn batch_read(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    keys: Arg,
    bins: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let keys = keys_from_py(keys)?;
    let bins = match bins.filter(|b| !b.is_none()) {
        None => Bins::All,
        // An empty list reads metadata only (existence, generation, TTL).
        Some(list) if list.len().is_ok_and(|n| n == 0) => Bins::None,
        Some(list) => Bins::Some(bin_names_from_py(list)?),
    };
    let policies = &core.settings.policies;
    let (batch, row_policy) = policies.get_batch::<Batch, BatchRead>(policy, None)?;
    let rows = keys.into_iter().map(|key| BatchOperation::read(&row_policy, key, bins.clone())).collect();
    run(core, py, mode, Op::BatchRead, batch, Rows(rows), None)
}

#[allow(clippy::too_many_arguments)] // the Python signature, plus core, py and mode
pub(crate) fn batch_operate(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    keys: Arg,
    ops: Arg,
    policy: OptArg,
    write_policy: OptArg,
    ttl: OptArg,
) -> PyResult<Py<PyAny>> {
    let keys = keys_from_py(keys)?;
    let ops = ops_from_py(ops)?;
    let policies = &core.settings.policies;
    let (batch, mut row_write) = policies.get_batch::<Batch, BatchWrite>(policy, write_policy)?;
    // A `touch(ttl)` op's TTL, then the official `ttl` argument, which wins.
    if let Some(ttl) = ops.ttl {
        Arc::make_mut(&mut row_write).expiration = ttl;
    }
    // The official `ttl` argument: every written record's TTL (TTL_CLIENT_DEFAULT keeps the policy's).
    if let Some(ttl) = ttl.filter(|t| !t.is_none()) {
        let bad = |_| Error::param("batch_operate 'ttl' must be a TTL in seconds or a TTL_* constant");
        if let Some(expiration) = expiration(ttl).map_err(bad)? {
            Arc::make_mut(&mut row_write).expiration = expiration;
        }
    }
    let rows = if ops.writes {
        keys.into_iter().map(|key| BatchOperation::write(&row_write, key, ops.ops.clone())).collect()
    } else {
        let row_policy = policies.get::<BatchRead>(None)?;
        keys.into_iter().map(|key| BatchOperation::read_ops(&row_policy, key, ops.ops.clone())).collect()
    };
    run(core, py, mode, Op::BatchOperate, batch, Rows(rows), Some(ops.answers))
}

pub(crate) fn batch_remove(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    keys: Arg,
    policy: OptArg,
    remove_policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let keys = keys_from_py(keys)?;
    let policies = &core.settings.policies;
    let (batch, row_policy) = policies.get_batch::<Batch, BatchRemove>(policy, remove_policy)?;
    let rows = keys.into_iter().map(|key| BatchOperation::delete(&row_policy, key)).collect();
    run(core, py, mode, Op::BatchRemove, batch, Rows(rows), None)
}

/// The batch policy argument: `policy` (aerospike-py) or the official keyword
/// `policy_batch`, not both.
pub(super) fn batch_policy_arg<'a, 'py>(
    policy: OptArg<'a, 'py>,
    policy_batch: OptArg<'a, 'py>,
) -> Result<OptArg<'a, 'py>> {
    match (policy.filter(|p| !p.is_none()), policy_batch.filter(|p| !p.is_none())) {
        (Some(_), Some(_)) => Err(Error::param("pass the batch policy as 'policy' or 'policy_batch', not both")),
        (one, None) | (None, one) => Ok(one),
    }
}

#[allow(clippy::too_many_arguments)]
fn run(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    op: Op,
    policy: Arc<BatchPolicy>,
    rows: Rows,
    answers: Option<Vec<Answer>>,
) -> PyResult<Py<PyAny>> {
    let cluster = core.cluster()?;
    execute(py, mode, core, op, rows, move |Rows(mut rows)| async move {
        if !rows.is_empty() {
            cluster.batch(&policy, &mut rows).await?;
        }
        Ok(BatchReply { rows, answers })
    })
}

/// `BatchRecords`: one `BatchRecord(key, result, record, in_doubt)` per key, in key order.
struct BatchReply {
    rows: Vec<BatchOperation>,
    answers: Option<Vec<Answer>>,
}

impl IntoPython for BatchReply {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(rows_to_py(py, self.rows, self.answers.as_deref())?.into_any().unbind())
    }
}

/// The batch methods of both clients.
macro_rules! batch_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Read many records (`bins`: these only; `[]`: metadata only): `BatchRecords` whose
            /// `batch_records` are `BatchRecord(key, result, record, in_doubt)` in key order.
            #[pyo3(signature = (keys, bins=None, policy=None))]
            fn batch_read(
                &self,
                py: Python<'_>,
                keys: &Bound<'_, PyAny>,
                bins: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                batch_read(&self.core, py, $mode, keys, bins, policy)
            }

            /// Apply the same `ops` to many records: `BatchRecords` as `batch_read`, each record's
            /// bins holding the op results. `policy` is the batch policy, `policy_batch_write`
            /// the per-record write policy, `ttl` every written record's TTL. `policy_batch`
            /// is the official client's name for `policy`.
            #[pyo3(signature = (keys, ops, policy=None, policy_batch_write=None, ttl=None, *, policy_batch=None))]
            #[allow(clippy::too_many_arguments)] // the official signature
            fn batch_operate(
                &self,
                py: Python<'_>,
                keys: &Bound<'_, PyAny>,
                ops: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
                policy_batch_write: Option<&Bound<'_, PyAny>>,
                ttl: Option<&Bound<'_, PyAny>>,
                policy_batch: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let policy = batch_policy_arg(policy, policy_batch)?;
                batch_operate(&self.core, py, $mode, keys, ops, policy, policy_batch_write, ttl)
            }

            /// Delete many records: `BatchRecords` as `batch_read` (result 2 for a missing record).
            /// `policy` is the batch policy (`policy_batch`, its official name, also works),
            /// `policy_batch_remove` the per-record remove policy.
            #[pyo3(signature = (keys, policy=None, policy_batch_remove=None, *, policy_batch=None))]
            fn batch_remove(
                &self,
                py: Python<'_>,
                keys: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
                policy_batch_remove: Option<&Bound<'_, PyAny>>,
                policy_batch: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let policy = batch_policy_arg(policy, policy_batch)?;
                batch_remove(&self.core, py, $mode, keys, policy, policy_batch_remove)
            }
        }
    };
}

for_each_client!(batch_methods);
