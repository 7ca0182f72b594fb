//! The client config dict → connection settings and default policies.

use aerospike::{AuthMode, ClientPolicy, Host};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use super::fields::{boolean, for_each_field, string, uint};
use super::operation::{Kind, Policies};
use crate::errors::{Error, Result};

const CONTEXT: &str = "config";

/// Everything `connect()` needs, validated when the client object is created.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) hosts: Vec<Host>,
    pub(crate) client_policy: ClientPolicy,
    pub(crate) policies: Policies,
    user: Option<String>,
    password: Option<String>,
}

impl Settings {
    pub(crate) fn from_py(config: &Bound<'_, PyAny>) -> Result<Self> {
        let mut settings = Settings {
            hosts: Vec::new(),
            client_policy: ClientPolicy::default(),
            policies: Policies::default(),
            user: None,
            password: None,
        };
        let cp = &mut settings.client_policy;
        for_each_field(config, CONTEXT, |name, value| {
            match name {
                "hosts" => settings.hosts = hosts(value)?,
                "cluster_name" => cp.cluster_name = Some(string(value, CONTEXT, name)?),
                "user" => settings.user = Some(string(value, CONTEXT, name)?),
                "password" => settings.password = Some(string(value, CONTEXT, name)?),
                "timeout" => cp.timeout = uint(value, CONTEXT, name)?,
                "connect_timeout" => cp.connect_timeout = uint(value, CONTEXT, name)?,
                "login_timeout" => cp.login_timeout = uint(value, CONTEXT, name)?,
                "idle_timeout" => cp.idle_timeout = uint(value, CONTEXT, name)?,
                "tend_interval" => cp.tend_interval = uint(value, CONTEXT, name)?,
                "max_conns_per_node" => cp.max_conns_per_node = uint(value, CONTEXT, name)?,
                "min_conns_per_node" => cp.min_conns_per_node = uint(value, CONTEXT, name)?,
                "max_error_rate" => cp.max_error_rate = uint(value, CONTEXT, name)?,
                "error_rate_window" => cp.error_rate_window = uint(value, CONTEXT, name)?,
                "use_services_alternate" => cp.use_services_alternate = boolean(value, CONTEXT, name)?,
                "policies" => {
                    for_each_field(value, "policies", |kind, dict| {
                        let Some(kind) = Kind::from_name(kind) else { return Ok(false) };
                        settings.policies.set_default(kind, dict)?;
                        Ok(true)
                    })?;
                }
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        if settings.hosts.is_empty() {
            return Err(Error::param("config 'hosts' must list at least one (host, port)"));
        }
        if cp_is_invalid(&settings.client_policy) {
            return Err(Error::param("config 'max_conns_per_node' must be at least 1"));
        }
        Ok(settings)
    }

    /// The client policy for a connection, with `connect()`'s credentials taking precedence.
    pub(crate) fn client_policy_for(&self, user: Option<String>, password: Option<String>) -> Result<ClientPolicy> {
        let mut policy = self.client_policy.clone();
        match (user.or_else(|| self.user.clone()), password.or_else(|| self.password.clone())) {
            (Some(user), Some(password)) => policy.auth_mode = AuthMode::Internal(user, password),
            (None, None) => {}
            _ => return Err(Error::param("user and password must be given together")),
        }
        Ok(policy)
    }

    /// The seed host reported as `server.address` / `server.port`.
    pub(crate) fn primary_host(&self) -> &Host {
        &self.hosts[0]
    }
}

fn cp_is_invalid(cp: &ClientPolicy) -> bool {
    cp.max_conns_per_node == 0
}

fn hosts(value: &Bound<'_, PyAny>) -> Result<Vec<Host>> {
    let list =
        value.cast::<PyList>().map_err(|_| Error::param("config 'hosts' must be a list of (host, port) tuples"))?;
    list.iter()
        .map(|item| {
            let bad = || Error::param("each config 'hosts' entry must be a (host: str, port: int) tuple");
            let tuple = item.cast::<PyTuple>().map_err(|_| bad())?;
            if tuple.len() != 2 {
                return Err(bad());
            }
            let name = string(&tuple.get_item(0)?, CONTEXT, "hosts")?;
            let port: u16 = uint(&tuple.get_item(1)?, CONTEXT, "hosts port")?;
            if name.is_empty() || port == 0 {
                return Err(bad());
            }
            Ok(Host::new(&name, port))
        })
        .collect()
}
