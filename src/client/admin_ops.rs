//! Administrative calls, shared by both clients and not traced (they are not data
//! operations): secondary indexes, truncate and info commands. Their `policy` dict
//! takes the read policy's keys; `total_timeout` becomes the admin timeout.

use std::sync::Arc;
use std::time::Duration;

use aerospike::query::{CollectionIndexType, IndexType};
use aerospike::task::Status;
use aerospike::{AdminPolicy, Client as Cluster, Task};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::Mode;
use super::record_ops::OptArg;
use crate::errors::{Error, Result};
use crate::policy::kinds::Info;
use crate::runtime::IntoPython;

/// How often an index task is polled, and for how long at most: the crate's own
/// wait polls once a second, which makes every index call take a second or more.
const POLL: Duration = Duration::from_millis(20);
const WAIT_LIMIT: Duration = Duration::from_secs(60);

/// Waits until `task` completes (an index is built, or gone).
async fn wait_for(task: impl Task) -> Result<()> {
    let deadline = tokio::time::Instant::now() + WAIT_LIMIT;
    loop {
        match task.query_status().await? {
            Status::Complete => return Ok(()),
            Status::NotFound => return Err(Error::client("the server does not know the index task")),
            Status::InProgress if tokio::time::Instant::now() < deadline => tokio::time::sleep(POLL).await,
            Status::InProgress => return Err(Error::client("index task still in progress after 60 s")),
        }
    }
}

fn admin_policy(core: &Core, policy: OptArg) -> Result<AdminPolicy> {
    Ok(*core.settings.policies.get::<Info>(policy)?)
}

fn prepare(core: &Core, policy: OptArg) -> Result<(Arc<Cluster>, AdminPolicy)> {
    Ok((core.cluster()?, admin_policy(core, policy)?))
}

/// Creates a secondary index and waits until it is ready to answer queries.
#[allow(clippy::too_many_arguments)]
pub(crate) fn index_create(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    index_type: IndexType,
    namespace: String,
    set: Option<String>,
    bin: String,
    name: String,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let (cluster, policy) = prepare(core, policy)?;
    mode.run(py, async move {
        let set = set.unwrap_or_default();
        let task = cluster
            .create_index_on_bin(&policy, &namespace, &set, &bin, &name, index_type, CollectionIndexType::Default, None)
            .await?;
        wait_for(task).await
    })
}

/// Drops a secondary index and waits until it is gone.
pub(crate) fn index_remove(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    namespace: String,
    name: String,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let (cluster, policy) = prepare(core, policy)?;
    mode.run(py, async move { wait_for(cluster.drop_index(&policy, &namespace, "", &name).await?).await })
}

/// Removes the records of a set (every set when `set` is None) last updated before
/// `nanos` (nanoseconds since the Unix epoch; 0 means now).
pub(crate) fn truncate(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    namespace: String,
    set: Option<String>,
    nanos: i64,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    if nanos < 0 {
        return Err(Error::param("truncate nanos must not be negative").into());
    }
    let (cluster, policy) = prepare(core, policy)?;
    mode.run(py, async move {
        cluster.truncate(&policy, &namespace, &set.unwrap_or_default(), nanos).await?;
        Ok(())
    })
}

/// Which nodes an info command goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Nodes {
    /// One node of the cluster: the response `str`.
    Random,
    /// Every node: `{node_name: (None, response)}`.
    All,
}

/// Sends an info command; the response is the text after the command's echo.
pub(crate) fn info(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    nodes: Nodes,
    command: String,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let (cluster, policy) = prepare(core, policy)?;
    mode.run(py, async move {
        let targets = match nodes {
            Nodes::Random => vec![cluster.random_node()?],
            Nodes::All => cluster.nodes(),
        };
        let mut answers = Vec::with_capacity(targets.len());
        for node in targets {
            let mut response = node.info(&policy, &[command.as_str()]).await?;
            let text = response.swap_remove(&command).unwrap_or_default();
            answers.push((node.name().to_owned(), text));
        }
        Ok(InfoReply { answers, nodes })
    })
}

struct InfoReply {
    answers: Vec<(String, String)>,
    nodes: Nodes,
}

impl IntoPython for InfoReply {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if self.nodes == Nodes::Random {
            let text = self.answers.into_iter().next().map(|(_, text)| text).unwrap_or_default();
            return Ok(text.into_pyobject(py)?.into_any().unbind());
        }
        let dict = PyDict::new(py);
        for (name, text) in self.answers {
            dict.set_item(name, (py.None(), text))?;
        }
        Ok(dict.into_any().unbind())
    }
}

/// The admin and info methods of both clients.
macro_rules! admin_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Create an integer secondary index on `bin` and wait until it is ready.
            #[pyo3(signature = (ns, set, bin, name, policy=None))]
            fn index_integer_create(
                &self,
                py: Python<'_>,
                ns: String,
                set: Option<String>,
                bin: String,
                name: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                index_create(&self.core, py, $mode, aerospike::query::IndexType::Numeric, ns, set, bin, name, policy)
            }

            /// Create a string secondary index on `bin` and wait until it is ready.
            #[pyo3(signature = (ns, set, bin, name, policy=None))]
            fn index_string_create(
                &self,
                py: Python<'_>,
                ns: String,
                set: Option<String>,
                bin: String,
                name: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                index_create(&self.core, py, $mode, aerospike::query::IndexType::String, ns, set, bin, name, policy)
            }

            /// Drop the secondary index `name` and wait until it is gone.
            #[pyo3(signature = (ns, name, policy=None))]
            fn index_remove(
                &self,
                py: Python<'_>,
                ns: String,
                name: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                index_remove(&self.core, py, $mode, ns, name, policy)
            }

            /// Remove the records of `set` (all sets when None) last updated before `nanos`
            /// (nanoseconds since the Unix epoch; 0: everything up to now).
            #[pyo3(signature = (namespace, set, nanos, policy=None))]
            fn truncate(
                &self,
                py: Python<'_>,
                namespace: String,
                set: Option<String>,
                nanos: i64,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                truncate(&self.core, py, $mode, namespace, set, nanos, policy)
            }

            /// Send an info command to one node; returns its response text.
            #[pyo3(signature = (command, policy=None))]
            fn info(&self, py: Python<'_>, command: String, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                info(&self.core, py, $mode, Nodes::Random, command, policy)
            }

            /// Send an info command to a random node; returns its response text.
            #[pyo3(signature = (command, policy=None))]
            fn info_random_node(
                &self,
                py: Python<'_>,
                command: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                info(&self.core, py, $mode, Nodes::Random, command, policy)
            }

            /// Send an info command to every node: `{node_name: (None, response)}`.
            #[pyo3(signature = (command, policy=None))]
            fn info_all(
                &self,
                py: Python<'_>,
                command: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                info(&self.core, py, $mode, Nodes::All, command, policy)
            }
        }
    };
}

for_each_client!(admin_methods);
