//! connect / close, shared by both clients.

use std::sync::Arc;

use aerospike::Client as Cluster;
use pyo3::prelude::*;

use super::core::Core;
use super::dispatch::Mode;

/// Connects and resolves to `this` (the client object), so `client(cfg).connect()` chains.
pub(crate) fn connect(
    core: &Arc<Core>,
    py: Python<'_>,
    mode: Mode,
    this: Py<PyAny>,
    username: Option<String>,
    password: Option<String>,
) -> PyResult<Py<PyAny>> {
    let policy = core.settings.client_policy_for(username, password)?;
    let hosts = core.settings.hosts.clone();
    let core = Arc::clone(core);
    mode.run(py, async move {
        let cluster = Cluster::new(&policy, &hosts).await?;
        core.install(cluster);
        Ok(this)
    })
}

/// Closes the cluster connections; closing twice, or before connecting, is a no-op.
pub(crate) fn close(core: &Core, py: Python<'_>, mode: Mode) -> PyResult<Py<PyAny>> {
    let cluster = core.take();
    mode.run(py, async move {
        if let Some(cluster) = cluster {
            cluster.close().await?;
        }
        Ok(())
    })
}
