//! What a client object holds: validated settings and, once connected, the
//! `aerospike::Client`. Shared by the sync and async classes.
//!
//! A client belongs to the process that connected it: in a `fork()` child its cluster
//! refuses with `ClientError` (its tend task and sockets live in the parent) and is
//! leaked, never closed or dropped there (see `runtime::fork`). Dropping the last
//! reference to a client closes its cluster, as `close()` would.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use aerospike::Client as Cluster;
use arc_swap::ArcSwapOption;

use crate::errors::{Error, Result};
use crate::policy::Settings;
use crate::runtime::{fork, runtime};

pub(crate) struct Core {
    pub(crate) settings: Settings,
    /// Lock-free on the hot path: an operation takes one atomic load to find the cluster.
    cluster: ArcSwapOption<Cluster>,
    /// The fork generation `cluster` was connected in.
    connected_in: AtomicU64,
    /// The runtime `cluster` was connected on (its tend task and sockets live there),
    /// which closes it when it is dropped.
    runtime: parking_lot::Mutex<Option<tokio::runtime::Handle>>,
}

impl Core {
    pub(crate) fn new(settings: Settings) -> Self {
        Self {
            settings,
            cluster: ArcSwapOption::empty(),
            connected_in: AtomicU64::new(fork::generation()),
            runtime: parking_lot::Mutex::new(None),
        }
    }

    /// The connected cluster, or `ClientError` if `connect()` has not succeeded (or
    /// succeeded in a parent process).
    pub(crate) fn cluster(&self) -> Result<Arc<Cluster>> {
        let cluster =
            self.cluster.load_full().ok_or_else(|| Error::client("client is not connected: call connect() first"))?;
        if self.inherited() {
            std::mem::forget(cluster);
            return Err(Error::client(
                "this client was connected before fork(): its connections belong to the parent process; \
                 create and connect a new client in the child",
            ));
        }
        Ok(cluster)
    }

    pub(crate) fn is_connected(&self) -> bool {
        !self.inherited() && self.cluster.load().as_ref().is_some_and(|c| c.is_connected())
    }

    /// Makes `cluster`, just connected by a future running on the current runtime, this
    /// client's cluster.
    pub(crate) fn install(&self, cluster: Cluster) {
        let runtime = tokio::runtime::Handle::try_current().ok();
        let previous_runtime = std::mem::replace(&mut *self.runtime.lock(), runtime);
        let previous = self.cluster.swap(Some(Arc::new(cluster)));
        let inherited = self.connected_in.swap(fork::generation(), Ordering::AcqRel) != fork::generation();
        if let Some(previous) = previous {
            retire(previous, inherited, previous_runtime);
        }
    }

    /// Takes the cluster out for `close()`; an inherited one is leaked instead, so
    /// closing in a fork child is a no-op that never waits.
    pub(crate) fn take(&self) -> Option<Arc<Cluster>> {
        let cluster = self.cluster.swap(None)?;
        if self.inherited() {
            std::mem::forget(cluster);
            return None;
        }
        Some(cluster)
    }

    fn inherited(&self) -> bool {
        self.connected_in.load(Ordering::Acquire) != fork::generation()
    }
}

impl Drop for Core {
    /// The last reference is gone without `close()`: close the cluster in the background
    /// so its sockets and tend task do not outlive the client.
    fn drop(&mut self) {
        if let Some(cluster) = self.cluster.swap(None) {
            retire(cluster, self.inherited(), self.runtime.get_mut().take());
        }
    }
}

/// Closes a cluster nobody uses any more, without waiting for it, on the runtime it was
/// connected on; leaks it in a fork child.
fn retire(cluster: Arc<Cluster>, inherited: bool, connected_on: Option<tokio::runtime::Handle>) {
    if inherited {
        std::mem::forget(cluster);
        return;
    }
    let close = async move { cluster.close().await };
    match connected_on {
        Some(handle) => drop(handle.spawn(close)),
        None => drop(runtime().spawn(close)),
    }
}
