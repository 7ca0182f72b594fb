//! `Query`: a secondary-index query or a scan (no predicate) over one set, as
//! returned by `client.query()` / `client.scan()`. It remembers the client's mode,
//! so the async client's `results()` / `foreach()` are awaitable. Traced as QUERY.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use aerospike::query::{Filter, PartitionFilter, Statement};
use aerospike::{Bins, QueryPolicy, Record};
use parking_lot::Mutex;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyList, PyTuple};
use tokio::sync::mpsc::Receiver;

use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::{execute, traced, Mode, Subject};
use crate::convert::name;
use crate::convert::operations::context;
use crate::convert::partition;
use crate::convert::predicate::{filter_by_index_from_py, filter_from_py};
use crate::convert::record::{bin_name, record_to_py};
use crate::errors::{Error, Result};
use crate::instrument::Op;
use crate::policy::kinds::{Query as QueryKind, Scan};
use crate::policy::meta::expiration;
use crate::runtime::IntoPython;

/// A query (or scan) over `namespace` / `set`: `select()` bins, `where()` a
/// predicate, then `results()` or `foreach()`.
#[pyclass(module = "aerospike_py")]
pub(crate) struct Query {
    pub(super) core: Arc<Core>,
    pub(super) mode: Mode,
    namespace: String,
    set: String,
    bins: Bins,
    pub(super) filter: Option<Filter>,
    /// What `execute_background()` runs on each match (`apply()` / `add_ops()`, jobs.rs).
    pub(super) background: super::jobs::Background,
    /// Made by `scan()`: takes the scan policy kind instead of the query kind.
    scan: bool,
    /// Stop after about this many records (0: no limit); with `paginate()`, the page size.
    #[pyo3(get, set)]
    max_records: u64,
    /// Limit the server's rate per node (0: none); wins over the policy key.
    #[pyo3(get, set)]
    records_per_second: u32,
    /// The TTL a background job's writes give each record (the official `Query.ttl`):
    /// 0 is the namespace default, `TTL_CLIENT_DEFAULT` the write policy's.
    pub(super) ttl: i64,
    /// Set by `paginate()`: each run continues where the previous one stopped.
    paginate: bool,
    /// Where the last run stopped (its partitions' progress), shared with the run.
    cursor: Arc<Mutex<Option<PartitionFilter>>>,
}

impl Query {
    pub(crate) fn new(core: &Arc<Core>, mode: Mode, namespace: &str, set: Option<&str>, scan: bool) -> Result<Self> {
        if namespace.is_empty() {
            return Err(Error::param("query namespace must not be empty"));
        }
        Ok(Self {
            core: Arc::clone(core),
            mode,
            namespace: namespace.to_owned(),
            set: set.unwrap_or_default().to_owned(),
            bins: Bins::All,
            filter: None,
            background: Default::default(),
            scan,
            max_records: 0,
            records_per_second: 0,
            ttl: 0,
            paginate: false,
            cursor: Arc::default(),
        })
    }

    pub(super) fn statement(&self) -> Statement {
        let mut statement = Statement::new(self.namespace.as_str(), self.set.as_str(), self.bins.clone());
        if let Some(filter) = &self.filter {
            statement.set_filter(filter.clone());
        }
        statement
    }

    fn policy(&self, policy: Option<&Bound<'_, PyAny>>) -> Result<QueryPolicy> {
        let policies = &self.core.settings.policies;
        let policy = if self.scan { policies.get::<Scan>(policy)? } else { policies.get::<QueryKind>(policy)? };
        let mut policy = QueryPolicy::clone(&policy);
        // The `max_records` attribute (official Query API) wins over the policy key.
        if self.max_records != 0 {
            policy.max_records = self.max_records;
        }
        if self.records_per_second != 0 {
            policy.records_per_second = self.records_per_second;
        }
        Ok(policy)
    }

    /// The partitions to visit: after a page of a paginated query, where it stopped;
    /// else the policy's `partition_filter`; else all of them.
    fn partitions(&self, policy: Option<&Bound<'_, PyAny>>) -> Result<PartitionFilter> {
        if self.paginate {
            if let Some(cursor) = self.cursor.lock().as_ref() {
                return Ok(cursor.clone());
            }
        }
        let given = match policy.and_then(|p| p.cast::<PyDict>().ok()) {
            Some(dict) => dict.get_item("partition_filter")?.filter(|f| !f.is_none()),
            None => None,
        };
        match given {
            Some(filter) => partition::filter_from_py(&filter),
            None => Ok(PartitionFilter::all()),
        }
    }

    /// Runs the query, handing each record to `sink`; `sink` returns false to stop.
    /// Resolves to `reply()` once every node has finished.
    fn run<T: IntoPython>(
        &self,
        py: Python<'_>,
        policy: Option<&Bound<'_, PyAny>>,
        sink: impl Fn(Record) -> Result<bool> + Send + Sync + 'static,
        reply: impl FnOnce() -> T + Send + 'static,
    ) -> PyResult<Py<PyAny>> {
        let run = self.prepare(policy)?;
        execute(py, self.mode, &self.core, Op::Query, self.statement(), move |statement| async move {
            drive(run, statement, move |record| std::future::ready(sink(record))).await?;
            Ok(reply())
        })
    }

    fn prepare(&self, policy: Option<&Bound<'_, PyAny>>) -> Result<Run> {
        self.background.check_foreground()?;
        Ok(Run {
            partitions: self.partitions(policy)?,
            policy: self.policy(without_partition_filter(policy)?.as_ref().or(policy))?,
            cluster: self.core.cluster()?,
            cursor: Arc::clone(&self.cursor),
        })
    }

    /// The query's records, streamed: the instrumented run sends each record into a
    /// channel of `capacity`, then `None` once the query has ended (however it ended).
    /// A full channel makes the query wait, so memory stays bounded; a closed one (the
    /// callback stopped or raised) stops it.
    fn streamed(
        &self,
        py: Python<'_>,
        policy: Option<&Bound<'_, PyAny>>,
        capacity: usize,
    ) -> Result<(impl Future<Output = Result<()>> + Send + 'static, Receiver<Option<Record>>)> {
        let run = self.prepare(policy)?;
        let (sender, records) = tokio::sync::mpsc::channel(capacity);
        let end = sender.clone();
        let query = traced(py, &self.core, Op::Query, self.statement(), move |statement| async move {
            let outcome = drive(run, statement, move |record| {
                let sender = sender.clone();
                async move { Ok(sender.send(Some(record)).await.is_ok()) }
            })
            .await;
            let _ = end.send(None).await;
            outcome
        });
        Ok((query, records))
    }

    /// Sync `foreach`: the callback runs on the caller's thread as records arrive (it
    /// may use the client: no runtime is entered there).
    fn foreach_on_caller(
        &self,
        py: Python<'_>,
        callback: Py<PyAny>,
        policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let (query, records) = self.streamed(py, policy, 64)?;
        crate::runtime::block_on_each(py, query, records, |py, record| match record {
            Some(record) => call_back(py, &callback, record),
            None => Ok(false),
        })
    }

    /// Async `foreach`: a coroutine (`aerospike_py._stream.foreach`) that starts the
    /// query when awaited and calls the callback on the event loop, one batch of
    /// arrived records at a time; other tasks run between batches.
    fn foreach_on_loop(
        &self,
        py: Python<'_>,
        callback: Py<PyAny>,
        policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        static COROUTINE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let (query, records) = self.streamed(py, policy, STREAM_BATCH)?;
        let stream = RecordStream {
            query: Mutex::new(Some(Box::pin(query))),
            inbox: Arc::new(Mutex::new(Inbox { records: Some(records), closed: false })),
            callback,
        };
        let coroutine = COROUTINE.get_or_try_init(py, || {
            py.import("aerospike_py._stream").and_then(|m| m.getattr("foreach")).map(Bound::unbind)
        })?;
        coroutine.call1(py, (stream,))
    }
}

/// Records the async `foreach` hands the callback per trip through the event loop, and
/// (as its channel's capacity) the most that wait for it.
const STREAM_BATCH: usize = 256;

/// A query's instrumented run, not started yet.
type QueryRun = Pin<Box<dyn Future<Output = Result<()>> + Send>>;

/// The async `foreach` of one query, driven by `aerospike_py._stream.foreach`.
#[pyclass(module = "aerospike_py._native", frozen)]
struct RecordStream {
    /// Taken by `start()`.
    query: Mutex<Option<QueryRun>>,
    inbox: Arc<Mutex<Inbox>>,
    callback: Py<PyAny>,
}

struct Inbox {
    /// None while a `deliver()` waits on it, and once closed.
    records: Option<Receiver<Option<Record>>>,
    /// The query has ended or the coroutine stopped listening: nothing more is delivered.
    closed: bool,
}

#[pymethods]
impl RecordStream {
    /// Runs the query; the awaitable resolves (or raises) once it has ended.
    fn start(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let query = self.query.lock().take().ok_or_else(|| Error::client("this foreach has already run"))?;
        crate::runtime::into_awaitable(py, query)
    }

    /// Waits for the next records and calls the callback with each; resolves to True
    /// while more may come, False once the query has ended or the callback said stop.
    fn deliver(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let callback = self.callback.clone_ref(py);
        let waiting = {
            let mut inbox = self.inbox.lock();
            if inbox.closed {
                None
            } else {
                inbox.records.take()
            }
        };
        let Some(mut records) = waiting else {
            return crate::runtime::into_awaitable(
                py,
                std::future::ready(Ok(Batch { records: Vec::new(), callback, more: false })),
            );
        };
        let inbox = Arc::clone(&self.inbox);
        crate::runtime::into_awaitable(py, async move {
            let mut batch = Vec::with_capacity(STREAM_BATCH);
            records.recv_many(&mut batch, STREAM_BATCH).await;
            let ended = batch.last().is_none_or(Option::is_none);
            let mut inbox = inbox.lock();
            inbox.closed |= ended;
            if !inbox.closed {
                inbox.records = Some(records);
            }
            Ok(Batch { records: batch, callback, more: !inbox.closed })
        })
    }

    /// Stops listening: the query stops at its next record.
    fn close(&self) {
        let mut inbox = self.inbox.lock();
        inbox.closed = true;
        inbox.records = None;
    }
}

/// Records that arrived together, and the callback they are for.
struct Batch {
    records: Vec<Option<Record>>,
    callback: Py<PyAny>,
    more: bool,
}

impl IntoPython for Batch {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut more = self.more;
        for record in self.records.into_iter().flatten() {
            if !call_back(py, &self.callback, record)? {
                more = false;
                break;
            }
        }
        Ok(PyBool::new(py, more).to_owned().into_any().unbind())
    }
}

/// What one run of a query needs besides its statement.
struct Run {
    policy: QueryPolicy,
    cluster: Arc<aerospike::Client>,
    partitions: PartitionFilter,
    /// Where the run stopped is recorded here (pagination, `get_partitions_status`).
    cursor: Arc<Mutex<Option<PartitionFilter>>>,
}

/// Runs `statement`, handing each record to `sink` (which may wait) until it answers
/// false; the first error (the server's or the sink's) ends the query and is returned.
async fn drive<S, Fut>(run: Run, statement: Statement, sink: S) -> Result<()>
where
    S: Fn(Record) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<bool>> + Send + 'static,
{
    let failure: Arc<Mutex<Option<Error>>> = Arc::default();
    let seen = Arc::clone(&failure);
    let deliver = move |result: aerospike::Result<Record>| {
        let seen = Arc::clone(&seen);
        let step = result.map_err(Error::from).map(&sink);
        async move {
            let outcome = match step {
                Ok(sent) => sent.await,
                Err(e) => Err(e),
            };
            outcome.unwrap_or_else(|e| {
                seen.lock().get_or_insert(e);
                false
            })
        }
    };
    let Run { policy, cluster, partitions, cursor } = run;
    let mut handle = cluster.query_foreach(&policy, partitions, statement, deliver).await?;
    handle.wait().await?;
    if let Some(stopped_at) = handle.partition_filter() {
        *cursor.lock() = Some(stopped_at);
    }
    let failed = failure.lock().take();
    failed.map_or(Ok(()), Err)
}

/// One `foreach` callback: False stops the query (any other answer goes on).
fn call_back(py: Python<'_>, callback: &Py<PyAny>, record: Record) -> PyResult<bool> {
    let item = record_tuple(py, record)?;
    let answer = callback.bind(py).call1((item,))?;
    Ok(!answer.is_instance_of::<PyBool>() || answer.is_truthy()?)
}

/// The call's policy dict minus `partition_filter` (read by [`Query::partitions`]), or
/// None when it has none.
fn without_partition_filter<'py>(policy: Option<&Bound<'py, PyAny>>) -> Result<Option<Bound<'py, PyAny>>> {
    let Some(dict) = policy.and_then(|p| p.cast::<PyDict>().ok()) else { return Ok(None) };
    if !dict.contains("partition_filter")? {
        return Ok(None);
    }
    let rest = dict.copy()?;
    rest.del_item("partition_filter")?;
    Ok(Some(rest.into_any()))
}

impl Subject for Statement {
    fn namespace(&self) -> &str {
        &self.namespace
    }

    fn set(&self) -> &str {
        &self.set_name
    }
}

#[pymethods]
impl Query {
    /// Read only these bins (default: all). Returns the query.
    #[pyo3(signature = (*bins))]
    fn select<'py>(mut slf: PyRefMut<'py, Self>, bins: &Bound<'py, PyTuple>) -> PyResult<PyRefMut<'py, Self>> {
        let names = bins.iter().map(|b| bin_name(&b)).collect::<Result<Vec<_>>>()?;
        slf.bins = if names.is_empty() { Bins::All } else { Bins::Some(names) };
        Ok(slf)
    }

    /// Filter by a secondary-index predicate (`aerospike_py.predicates`); `ctx` (an
    /// `aerospike_py.cdt_ctx` path) selects the index on values nested in the bin, as
    /// built by `index_cdt_create`. Returns the query.
    #[pyo3(name = "where", signature = (predicate, ctx=None))]
    fn where_<'py>(
        mut slf: PyRefMut<'py, Self>,
        predicate: &Bound<'py, PyAny>,
        ctx: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        let mut filter = filter_from_py(predicate)?;
        if let Some(ctx) = ctx.filter(|c| !c.is_none()) {
            filter = filter.context(context::path(ctx, &|msg| Error::param(format!("where() {msg}")))?);
        }
        slf.filter = Some(filter);
        Ok(slf)
    }

    /// Filter by `predicate` through the secondary index named `index_name` (server 8.1+;
    /// the official client's name): the index decides the bin, its context or its
    /// expression, so two indexes on one bin can be told apart. Returns the query.
    fn where_with_index_name<'py>(
        mut slf: PyRefMut<'py, Self>,
        #[pyo3(from_py_with = name::index_arg)] index_name: String,
        predicate: &Bound<'py, PyAny>,
    ) -> PyResult<PyRefMut<'py, Self>> {
        slf.filter = Some(filter_by_index_from_py(&index_name, predicate)?);
        Ok(slf)
    }

    /// The TTL in seconds each record written by `execute_background()` gets (0: the
    /// namespace default; `TTL_*` specials accepted; `TTL_CLIENT_DEFAULT`: the write policy's).
    #[getter]
    fn ttl(&self) -> i64 {
        self.ttl
    }

    #[setter]
    fn set_ttl(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let bad = || Error::param("Query.ttl must be a TTL in seconds or a TTL_* constant");
        expiration(value).map_err(|_| bad())?;
        self.ttl = value.extract().map_err(|_| bad())?;
        Ok(())
    }

    /// Every matching record as `[(key, meta, bins), ...]` (awaitable on the async client).
    #[pyo3(signature = (policy=None))]
    fn results(&self, py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        let records: Arc<Mutex<Vec<Record>>> = Arc::default();
        let collect = Arc::clone(&records);
        self.run(
            py,
            policy,
            move |record| {
                collect.lock().push(record);
                Ok(true)
            },
            move || Records(std::mem::take(&mut *records.lock())),
        )
    }

    /// Call `callback((key, meta, bins))` for each record; returning False stops the
    /// query. An exception raised by the callback stops it and is re-raised. The
    /// callback runs on the calling thread, so it may use the client, as records
    /// arrive: the sync client's call returns once the query has ended; the async
    /// client's returns a coroutine, which runs it on the event loop between other tasks.
    #[pyo3(signature = (callback, policy=None))]
    fn foreach(&self, py: Python<'_>, callback: Py<PyAny>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        if !callback.bind(py).is_callable() {
            return Err(Error::param("foreach callback must be callable").into());
        }
        if self.mode == Mode::Blocking {
            self.foreach_on_caller(py, callback, policy)?;
            return Ok(py.None());
        }
        self.foreach_on_loop(py, callback, policy)
    }

    /// Make each `results()` / `foreach()` return the next page of at most
    /// `max_records` records, continuing where the previous page stopped, until
    /// `is_done()` (as the official client's pagination does). Returns None.
    fn paginate(&mut self) {
        self.paginate = true;
    }

    /// Whether a paginated query has returned every record.
    fn is_done(&self) -> bool {
        self.cursor.lock().as_ref().is_some_and(PartitionFilter::done)
    }

    /// Where the last run stopped, per partition: `{id: (id, init, done, digest)}`.
    /// Pass it back as `policy={"partition_filter": {"partition_status": status}}` to
    /// resume (in this or another query).
    fn get_partitions_status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        match self.cursor.lock().as_ref() {
            Some(cursor) => partition::status_to_py(py, cursor),
            None => Ok(PyDict::new(py)),
        }
    }

    fn __repr__(&self) -> String {
        let kind = if self.filter.is_some() { "query" } else { "scan" };
        format!("<aerospike_py.Query {kind} {}.{}>", self.namespace, self.set)
    }
}

fn record_tuple(py: Python<'_>, mut record: Record) -> PyResult<Bound<'_, PyTuple>> {
    let key = record.key.take().ok_or_else(|| Error::client("the server sent a query record without a key"))?;
    record_to_py(py, &key, record)
}

/// `[(key, meta, bins), ...]`.
struct Records(Vec<Record>);

impl IntoPython for Records {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let list = PyList::empty(py);
        for record in self.0 {
            list.append(record_tuple(py, record)?)?;
        }
        Ok(list.into_any().unbind())
    }
}

/// The query and scan constructors of both clients.
macro_rules! query_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// A secondary-index query over `namespace` / `set`; add a predicate with `where()`.
            #[pyo3(signature = (namespace, set=None))]
            fn query(
                &self,
                #[pyo3(from_py_with = crate::convert::name::wire_namespace_arg)] namespace: String,
                #[pyo3(from_py_with = crate::convert::name::wire_optional_set_arg)] set: Option<String>,
            ) -> PyResult<Query> {
                Ok(Query::new(&self.core, $mode, &namespace, set.as_deref(), false)?)
            }

            /// A scan of `namespace` / `set` (every set when None): a query without a predicate.
            #[pyo3(signature = (namespace, set=None))]
            fn scan(
                &self,
                #[pyo3(from_py_with = crate::convert::name::wire_namespace_arg)] namespace: String,
                #[pyo3(from_py_with = crate::convert::name::wire_optional_set_arg)] set: Option<String>,
            ) -> PyResult<Query> {
                Ok(Query::new(&self.core, $mode, &namespace, set.as_deref(), true)?)
            }
        }
    };
}

for_each_client!(query_methods);
