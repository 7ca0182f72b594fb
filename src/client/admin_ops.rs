//! Administrative calls, shared by both clients and not traced (they are not data
//! operations): secondary indexes and truncate. Their `policy` dict is an info policy
//! (as in the official client). Info commands live in `cluster_ops`, index creation
//! in `index_ops`.

use std::sync::Arc;
use std::time::Duration;

use aerospike::task::Status;
use aerospike::{AdminPolicy, Client as Cluster, Task};
use pyo3::prelude::*;

use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::Mode;
use super::record_ops::OptArg;
use crate::convert::name;
use crate::errors::{Error, Result};
use crate::policy::kinds::Info;

/// How often an index task is polled, and for how long at most: the crate's own
/// wait polls once a second, which makes every index call take a second or more.
const POLL: Duration = Duration::from_millis(20);
const WAIT_LIMIT: Duration = Duration::from_secs(60);

/// Waits until `task` completes (an index is built, or gone).
pub(super) async fn wait_for(task: impl Task) -> Result<()> {
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

pub(super) fn prepare(core: &Core, policy: OptArg) -> Result<(Arc<Cluster>, AdminPolicy)> {
    Ok((core.cluster()?, admin_policy(core, policy)?))
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

/// `truncate`'s cut-off: nanoseconds since the epoch, a non-negative signed 64-bit int.
fn nanos_arg(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    let refuse = || Error::param("truncate nanos must be an int from 0 to 2**63 - 1 (nanoseconds since the epoch)");
    if !obj.is_instance_of::<pyo3::types::PyInt>() || obj.is_instance_of::<pyo3::types::PyBool>() {
        return Err(refuse().into());
    }
    Ok(obj.extract::<i64>().map_err(|_| refuse())?)
}

/// The index and truncate methods of both clients.
macro_rules! admin_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Drop the secondary index `name` and wait until it is gone.
            #[pyo3(signature = (ns, name, policy=None))]
            fn index_remove(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = name::namespace_arg)] ns: String,
                #[pyo3(from_py_with = name::index_arg)] name: String,
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
                #[pyo3(from_py_with = name::namespace_arg)] namespace: String,
                #[pyo3(from_py_with = name::optional_set_arg)] set: Option<String>,
                #[pyo3(from_py_with = nanos_arg)] nanos: i64,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                truncate(&self.core, py, $mode, namespace, set, nanos, policy)
            }
        }
    };
}

for_each_client!(admin_methods);
