//! Mixed batches and batch UDFs, written once for both clients: `batch_write`
//! (traced as BATCH_WRITE) runs the `Write`, `Read`, `Remove` and `Apply` rows of a
//! `BatchRecords` (`aerospike_py.batch_records` or the official
//! `aerospike_helpers.batch.records`) in one batch and fills each row's `result`,
//! `record` and `in_doubt` in place, as the official client does; `batch_apply`
//! (traced as BATCH_APPLY) calls one UDF on many keys and returns a `BatchRecords`.
//! A row's failure is its `result`; only a failure of the whole batch raises.

use std::sync::Arc;

use aerospike::{BatchOperation, BatchPolicy, Bins, Record};
use pyo3::prelude::*;

use super::batch_ops::Rows;
use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::{execute, Mode};
use super::record_ops::{Arg, OptArg};
use super::udf_ops::udf_args;
use crate::convert::batch::{keys_from_py, rows_to_py};
use crate::convert::key::{key_to_py, to_key};
use crate::convert::operations::results::{answered, bins_to_py};
use crate::convert::operations::{ops_from_py, Answer};
use crate::convert::record::{meta_to_py, reply_key};
use crate::convert::shapes;
use crate::errors::{code, Error, Result};
use crate::instrument::Op;
use crate::policy::kinds::{Batch, BatchApply, BatchRead, BatchRemove, BatchWrite};
use crate::policy::meta::expiration;
use crate::runtime::IntoPython;

/// The row kinds, as `aerospike_helpers.batch.records` numbers them in `_type`.
const READ: i64 = 0;
const WRITE: i64 = 1;
const APPLY: i64 = 2;
const REMOVE: i64 = 3;
/// `BatchRecords.result` when some row failed (AEROSPIKE_BATCH_FAILED).
const BATCH_FAILED: i32 = -16;
/// Row results that do not make the batch failed: ok, not found, filtered out.
const BENIGN: [i32; 3] = [0, 2, 27];

/// Calls `module.function(record, *args)` on every key.
#[allow(clippy::too_many_arguments)]
pub(crate) fn batch_apply(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    keys: Arg,
    module: String,
    function: String,
    args: OptArg,
    policy_batch: OptArg,
    policy_batch_apply: OptArg,
) -> PyResult<Py<PyAny>> {
    let keys = keys_from_py(keys)?;
    let args = udf_args(args)?;
    let policies = &core.settings.policies;
    let (batch, row) = (policies.get::<Batch>(policy_batch)?, policies.get::<BatchApply>(policy_batch_apply)?);
    let rows = keys
        .into_iter()
        .map(|key| BatchOperation::udf(&row, key, module.clone(), function.clone(), args.clone()))
        .collect();
    let cluster = core.cluster()?;
    execute(py, mode, core, Op::BatchApply, Rows(rows), move |Rows(mut rows)| async move {
        if !rows.is_empty() {
            cluster.batch(&batch, &mut rows).await?;
        }
        Ok(Applied(rows))
    })
}

/// `batch_apply`'s rows as the official client reports them: a failed row has no
/// record, and the container's result is -16 when some row failed.
struct Applied(Vec<BatchOperation>);

impl IntoPython for Applied {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut rows = self.0;
        let mut overall = 0;
        for row in &mut rows {
            let result = result_of(row.batch_record());
            if result != 0 {
                row.take_record();
            }
            if !BENIGN.contains(&result) {
                overall = BATCH_FAILED;
            }
        }
        let records = rows_to_py(py, rows, None)?;
        records.setattr("result", overall)?;
        Ok(records.into_any().unbind())
    }
}

fn result_of(row: &aerospike::BatchRecord) -> i32 {
    row.result_code().map_or(code::CLIENT_ERROR, |rc| i32::from(u8::from(rc)))
}

/// One `batch_records[i]` row as a batch operation, and what its ops answer.
fn row_from_py(core: &Core, obj: &Bound<'_, PyAny>) -> Result<(BatchOperation, Option<Vec<Answer>>)> {
    let kind: i64 = obj
        .getattr("_type")
        .and_then(|t| t.extract())
        .map_err(|_| Error::param("must be a Write, Read, Remove or Apply batch record"))?;
    let key = to_key(&obj.getattr("key")?)?;
    let attr = |name: &str| obj.getattr(name).ok().filter(|v| !v.is_none());
    let policies = &core.settings.policies;
    Ok(match kind {
        WRITE => {
            let ops = ops_from_py(&obj.getattr("ops")?)?;
            let mut policy = policies.get::<BatchWrite>(attr("policy").as_ref())?;
            if let Some(meta) = attr("meta") {
                let p = Arc::make_mut(&mut policy);
                if let Some(ttl) = meta.get_item("ttl").ok().filter(|v| !v.is_none()) {
                    if let Some(e) = expiration(&ttl)? {
                        p.expiration = e;
                    }
                }
                if let Some(gen) = meta.get_item("gen").ok().filter(|v| !v.is_none()) {
                    p.generation = gen.extract().map_err(|_| Error::param("meta 'gen' must be an integer"))?;
                }
            }
            (BatchOperation::write(&policy, key, ops.ops), Some(ops.answers))
        }
        READ => {
            let policy = policies.get::<BatchRead>(attr("policy").as_ref())?;
            let all = attr("read_all_bins").map(|v| v.is_truthy()).transpose()?.unwrap_or(false);
            match attr("ops") {
                Some(ops) if !all => {
                    let ops = ops_from_py(&ops)?;
                    if ops.writes {
                        return Err(Error::param("a Read batch record takes read operations only"));
                    }
                    (BatchOperation::read_ops(&policy, key, ops.ops), Some(ops.answers))
                }
                _ => (BatchOperation::read(&policy, key, Bins::All), None),
            }
        }
        REMOVE => {
            let policy = policies.get::<BatchRemove>(attr("policy").as_ref())?;
            (BatchOperation::delete(&policy, key), None)
        }
        APPLY => {
            let text = |name: &str| -> Result<String> {
                attr(name)
                    .and_then(|v| v.extract::<String>().ok())
                    .ok_or_else(|| Error::param(format!("an Apply batch record needs a str '{name}'")))
            };
            let (module, function) = (text("module")?, text("function")?);
            let args = udf_args(attr("args").as_ref())?;
            let policy = policies.get::<BatchApply>(attr("policy").as_ref())?;
            (BatchOperation::udf(&policy, key, module, function, args), None)
        }
        other => return Err(Error::param(format!("unknown batch record type {other}"))),
    })
}

/// Runs the rows of `batch_records` and fills them in; returns `batch_records`.
pub(crate) fn batch_write(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    batch_records: Arg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let items = batch_records
        .getattr("batch_records")
        .map_err(|_| Error::param("batch_write takes a BatchRecords (aerospike_py.batch_records.BatchRecords)"))?;
    let mut objs = Vec::new();
    let mut rows = Vec::new();
    let mut answers = Vec::new();
    for (i, obj) in items.try_iter()?.enumerate() {
        let obj = obj?;
        let (row, answer) = row_from_py(core, &obj)
            .map_err(|e| e.reword_param(|m| Error::param(format!("batch_records[{i}]: {m}"))))?;
        objs.push(obj.unbind());
        rows.push(row);
        answers.push(answer);
    }
    let policy: Arc<BatchPolicy> = core.settings.policies.get::<Batch>(policy)?;
    let cluster = core.cluster()?;
    let target = batch_records.clone().unbind();
    execute(py, mode, core, Op::BatchWrite, Rows(rows), move |Rows(mut rows)| async move {
        if !rows.is_empty() {
            cluster.batch(&policy, &mut rows).await?;
        }
        Ok(Filled { target, objs, rows, answers })
    })
}

/// The rows' outcomes, written into the caller's objects under the GIL.
struct Filled {
    target: Py<PyAny>,
    objs: Vec<Py<PyAny>>,
    rows: Vec<BatchOperation>,
    answers: Vec<Option<Vec<Answer>>>,
}

impl IntoPython for Filled {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut overall = 0;
        for ((obj, row), answers) in self.objs.into_iter().zip(self.rows).zip(self.answers) {
            let row = row.into_batch_record();
            let result = result_of(&row);
            if !BENIGN.contains(&result) {
                overall = BATCH_FAILED;
            }
            // A failing UDF is the server's answer, not in doubt (the crate says it is).
            let in_doubt = row.in_doubt() && result != code::UDF_BAD_RESPONSE;
            let obj = obj.bind(py);
            // As the official client: a failed row has no record; a UDF's error text
            // (its FAILURE bin) is the row's `message`.
            let mut message = None;
            let record = match row.record {
                Some(record) if result == 0 => record_to_py(py, &row.key, record, answers.as_deref())?,
                Some(record) => {
                    message = record.bins.get("FAILURE").map(|v| v.to_string());
                    py.None().into_bound(py)
                }
                None => py.None().into_bound(py),
            };
            obj.setattr("result", result)?;
            obj.setattr("in_doubt", in_doubt)?;
            obj.setattr("record", record)?;
            if message.is_some() {
                obj.setattr("message", message)?;
            }
        }
        let target = self.target.bind(py);
        target.setattr("result", overall)?;
        Ok(self.target)
    }
}

fn record_to_py<'py>(
    py: Python<'py>,
    key: &aerospike::Key,
    mut record: Record,
    answers: Option<&[Answer]>,
) -> PyResult<Bound<'py, PyAny>> {
    let record_key = key_to_py(py, reply_key(key, &record))?.into_any();
    let meta = meta_to_py(py, &record)?.into_any();
    let bins = match answers {
        Some(answers) => bins_to_py(py, answered(&mut record, answers))?,
        None => bins_to_py(py, std::mem::take(&mut record.bins))?,
    };
    Ok(shapes::record(py, record_key, meta, bins.into_any())?.into_any())
}

/// The mixed-batch methods of both clients.
macro_rules! batch_write_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Run a `BatchRecords` of `Write` / `Read` / `Remove` / `Apply` rows in one batch;
            /// fills each row's `result`, `record` and `in_doubt` and returns `batch_records`.
            #[pyo3(signature = (batch_records, policy_batch=None))]
            fn batch_write(
                &self,
                py: Python<'_>,
                batch_records: &Bound<'_, PyAny>,
                policy_batch: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                batch_write(&self.core, py, $mode, batch_records, policy_batch)
            }

            /// Call the record UDF `module.function(record, *args)` on every key: a `BatchRecords`
            /// whose rows' records hold the return value in a `SUCCESS` bin (`FAILURE` on error).
            #[pyo3(signature = (keys, module, function, args, policy_batch=None, policy_batch_apply=None))]
            #[allow(clippy::too_many_arguments)]
            fn batch_apply(
                &self,
                py: Python<'_>,
                keys: &Bound<'_, PyAny>,
                module: String,
                function: String,
                args: Option<&Bound<'_, PyAny>>,
                policy_batch: Option<&Bound<'_, PyAny>>,
                policy_batch_apply: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                batch_apply(&self.core, py, $mode, keys, module, function, args, policy_batch, policy_batch_apply)
            }
        }
    };
}

for_each_client!(batch_write_methods);
