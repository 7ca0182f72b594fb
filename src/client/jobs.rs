//! Background jobs: `query.apply()` / `scan.apply()` (a record UDF) or
//! `query.add_ops()` (write ops), then `execute_background()`, which starts the job
//! on every node and returns its id without waiting (traced as QUERY); the official
//! client's `query_apply` / `scan_apply` shortcuts; and `job_info(job_id, module)`
//! (`{"status", "progress_pct", "records_read"}`, not traced: it is an info call).
//!
//! Aggregation (a stream UDF run through `results()` / `foreach()` with the reduce
//! on the client) needs the `aerospike` crate's `lua` feature, which embeds a second
//! Lua runtime in every wheel and whose result stream re-polls itself while waiting
//! (a busy loop on the runtime's threads); it is not offered: `results()` /
//! `foreach()` on a query with `apply()` raise `ClientError` saying so.

use std::sync::Arc;

use aerospike::operations::Operation;
use aerospike::{AdminPolicy, Value, WritePolicy};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::{execute, Mode};
use super::query::Query;
use super::record_ops::OptArg;
use super::udf_ops::udf_args;
use crate::convert::operations::ops_from_py;
use crate::convert::predicate::filter_from_py;
use crate::errors::{Error, Result};
use crate::instrument::Op;
use crate::policy::kinds::{Info, Write};
use crate::policy::meta::ttl_seconds;
use crate::runtime::IntoPython;

/// `JOB_STATUS_*`, as the official client numbers them (UNDEF is 0).
pub(crate) const JOB_STATUS_INPROGRESS: i64 = 1;
pub(crate) const JOB_STATUS_COMPLETED: i64 = 2;
/// `JOB_SCAN` / `JOB_QUERY`: the `module` argument of `job_info`.
pub(crate) const JOB_MODULES: [&str; 2] = ["scan", "query"];

struct Udf {
    module: String,
    function: String,
    args: Vec<Value>,
}

/// What a query runs in the background on each record it matches.
#[derive(Default)]
pub(crate) struct Background {
    udf: Option<Udf>,
    ops: Option<Vec<Operation>>,
}

impl Background {
    /// `results()` / `foreach()` of a query with a UDF would be an aggregation.
    pub(super) fn check_foreground(&self) -> Result<()> {
        if self.udf.is_some() {
            return Err(Error::client(
                "this query has a UDF (apply()): run it with execute_background(); aggregation \
                 (stream UDFs through results()/foreach()) is not supported by aerospike-py",
            ));
        }
        Ok(())
    }
}

/// Starts `query`'s background job on every node; resolves to the job id.
fn execute_background(query: &Query, py: Python<'_>, policy: OptArg) -> PyResult<Py<PyAny>> {
    let core = &query.core;
    let mut policy = WritePolicy::clone(&*core.settings.policies.get::<Write>(policy)?);
    // `ttl` was checked when set; None (TTL_CLIENT_DEFAULT) keeps the policy's.
    if let Some(ttl) = ttl_seconds(query.ttl)? {
        policy.expiration = ttl;
    }
    let mut statement = query.statement();
    let udf = match (&query.background.udf, &query.background.ops) {
        (Some(udf), _) => Some((udf.module.clone(), udf.function.clone(), udf.args.clone())),
        (None, Some(ops)) => {
            statement.set_operations(ops.clone());
            None
        }
        (None, None) => return Err(Error::param("execute_background() needs apply() or add_ops() first").into()),
    };
    let cluster = core.cluster()?;
    execute(py, query.mode, core, Op::Query, statement, move |statement| async move {
        let task = match udf {
            Some((module, function, args)) => {
                cluster.query_execute_udf(&policy, statement, &module, &function, &args).await?
            }
            None => cluster.query_operate(&policy, statement).await?,
        };
        Ok(JobId(task.task_id()))
    })
}

struct JobId(u64);

impl IntoPython for JobId {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self.0.into_pyobject(py)?.into_any().unbind())
    }
}

#[pymethods]
impl Query {
    /// Run the record UDF `module.function(record, *arguments)` on each match when
    /// `execute_background()` is called.
    #[pyo3(signature = (module, function, arguments=None))]
    fn apply(&mut self, module: String, function: String, arguments: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let args = udf_args(arguments)?;
        self.background.udf = Some(Udf { module, function, args });
        Ok(())
    }

    /// Write operations `execute_background()` applies to each match.
    fn add_ops(&mut self, ops: &Bound<'_, PyAny>) -> PyResult<()> {
        let ops = ops_from_py(ops)?;
        if !ops.writes {
            return Err(Error::param("add_ops() takes write operations (a background job writes)").into());
        }
        self.background.ops = Some(ops.ops);
        Ok(())
    }

    /// Start the job (`apply()` or `add_ops()`) on every node without waiting; returns its
    /// id for `job_info()`.
    #[pyo3(signature = (policy=None))]
    fn execute_background(&self, py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        execute_background(self, py, policy)
    }
}

/// `query_apply` / `scan_apply`: a background UDF job over `namespace` / `set`.
#[allow(clippy::too_many_arguments)]
fn start_udf_job(
    core: &Arc<Core>,
    py: Python<'_>,
    mode: Mode,
    namespace: &str,
    set: Option<&str>,
    predicate: OptArg,
    module: String,
    function: String,
    args: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let mut query = Query::new(core, mode, namespace, set, predicate.is_none())?;
    if let Some(predicate) = predicate.filter(|p| !p.is_none()) {
        query.filter = Some(filter_from_py(predicate)?);
    }
    query.background.udf = Some(Udf { module, function, args: udf_args(args)? });
    execute_background(&query, py, policy)
}

/// Status of background job `job_id` summed over the nodes.
fn job_info(core: &Core, py: Python<'_>, mode: Mode, job_id: u64, module: &str, policy: OptArg) -> PyResult<Py<PyAny>> {
    if !JOB_MODULES.contains(&module) {
        return Err(Error::param(format!("job_info module must be JOB_SCAN or JOB_QUERY, not {module:?}")).into());
    }
    let info = core.settings.policies.get::<Info>(policy)?;
    let policy = AdminPolicy { timeout: info.timeout };
    let cluster = core.cluster()?;
    mode.run(py, async move {
        let nodes = cluster.nodes();
        let mut job = JobInfo { complete: !nodes.is_empty(), percent: 0.0, read: 0 };
        for node in &nodes {
            // Servers from 8.1 name the job `id`, older ones `trid`.
            let mut reply = String::new();
            for command in [format!("query-show:id={job_id}"), format!("query-show:trid={job_id}")] {
                let mut answer = node.info(&policy, &[command.as_str()]).await?;
                reply = answer.swap_remove(&command).unwrap_or_default();
                if !reply.starts_with("ERROR") || reply.contains("ERROR:2") {
                    break;
                }
            }
            job.add(&reply)?;
        }
        if !nodes.is_empty() {
            job.percent /= nodes.len() as f64;
        }
        Ok(job)
    })
}

struct JobInfo {
    complete: bool,
    percent: f64,
    read: u64,
}

impl JobInfo {
    /// Adds one node's `query-show` reply (`key=value` pairs joined by `:`).
    fn add(&mut self, reply: &str) -> Result<()> {
        // A server forgets finished jobs: an unknown job is a finished one (the
        // official client reports it so, with 0 progress and 0 records).
        if reply.contains("ERROR:2") {
            return Ok(());
        }
        if reply.starts_with("ERROR") || reply.is_empty() {
            return Err(Error::client(format!("job_info: the server answered {reply:?}")));
        }
        let field = |name: &str| reply.split(':').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == name));
        let value = |name: &str| field(name).map(|(_, v)| v);
        self.complete &= value("status").is_some_and(|s| s.starts_with("done"));
        self.percent += value("job-progress").and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        let read = value("recs-read").or_else(|| value("recs-succeeded"));
        self.read += read.and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        Ok(())
    }
}

impl IntoPython for JobInfo {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let status = if self.complete { JOB_STATUS_COMPLETED } else { JOB_STATUS_INPROGRESS };
        let dict = PyDict::new(py);
        dict.set_item("status", status)?;
        dict.set_item("progress_pct", self.percent.round() as i64)?;
        dict.set_item("records_read", self.read)?;
        Ok(dict.into_any().unbind())
    }
}

/// The background-job methods of both clients.
macro_rules! job_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Start a background UDF job over the records of `ns` / `set` matching `predicate`;
            /// returns its job id.
            #[pyo3(signature = (ns, set, predicate, module, function, args=None, policy=None))]
            #[allow(clippy::too_many_arguments)]
            fn query_apply(
                &self,
                py: Python<'_>,
                ns: &str,
                set: Option<&str>,
                predicate: Option<&Bound<'_, PyAny>>,
                module: String,
                function: String,
                args: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                start_udf_job(&self.core, py, $mode, ns, set, predicate, module, function, args, policy)
            }

            /// Start a background UDF job over every record of `ns` / `set`; returns its job id.
            #[pyo3(signature = (ns, set, module, function, args=None, policy=None, options=None))]
            #[allow(clippy::too_many_arguments)]
            fn scan_apply(
                &self,
                py: Python<'_>,
                ns: &str,
                set: Option<&str>,
                module: String,
                function: String,
                args: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
                options: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let _ = options; // the official client's scan options; nothing here to set
                start_udf_job(&self.core, py, $mode, ns, set, None, module, function, args, policy)
            }

            /// `{"status", "progress_pct", "records_read"}` of background job `job_id`;
            /// `module` is `JOB_QUERY` or `JOB_SCAN`.
            #[pyo3(signature = (job_id, module, policy=None))]
            fn job_info(
                &self,
                py: Python<'_>,
                job_id: u64,
                module: &str,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                job_info(&self.core, py, $mode, job_id, module, policy)
            }
        }
    };
}

for_each_client!(job_methods);
