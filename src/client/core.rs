//! What a client object holds: validated settings and, once connected, the
//! `aerospike::Client`. Shared by the sync and async classes.

use std::sync::Arc;

use aerospike::Client as Cluster;
use arc_swap::ArcSwapOption;

use crate::errors::{Error, Result};
use crate::policy::Settings;

pub(crate) struct Core {
    pub(crate) settings: Settings,
    /// Lock-free on the hot path: an operation takes one atomic load to find the cluster.
    cluster: ArcSwapOption<Cluster>,
}

impl Core {
    pub(crate) fn new(settings: Settings) -> Self {
        Self { settings, cluster: ArcSwapOption::empty() }
    }

    /// The connected cluster, or `ClientError` if `connect()` has not succeeded.
    pub(crate) fn cluster(&self) -> Result<Arc<Cluster>> {
        self.cluster.load_full().ok_or_else(|| Error::client("client is not connected: call connect() first"))
    }

    pub(crate) fn is_connected(&self) -> bool {
        self.cluster.load().as_ref().is_some_and(|c| c.is_connected())
    }

    pub(crate) fn install(&self, cluster: Cluster) {
        if let Some(previous) = self.cluster.swap(Some(Arc::new(cluster))) {
            // A second connect() replaces the cluster; the old one is closed in the background.
            crate::runtime::runtime().spawn(async move { previous.close().await });
        }
    }

    pub(crate) fn take(&self) -> Option<Arc<Cluster>> {
        self.cluster.swap(None)
    }
}
