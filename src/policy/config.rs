//! The client config dict → connection settings and default policies. Every config
//! key is one row of [`CONFIG`]; `docs/config.md` is checked against it.

use aerospike::policy::TEND_INTERVAL_MIN_MS;
use aerospike::{AuthMode, ClientPolicy, Host};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::fields::{find, for_each_field, string, uint, Field, Value};
use super::{Policies, KIND_NAMES, SHARED_DEFAULT_KEYS};
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
    auth: Auth,
}

/// `AUTH_*` as the official client numbers them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Auth {
    #[default]
    Internal,
    External,
    ExternalInsecure,
    Pki,
}
const AUTH: &[(u32, Auth)] = &[(0, Auth::Internal), (1, Auth::External), (2, Auth::ExternalInsecure), (3, Auth::Pki)];

/// The config as its rows fill it, before the cross-key checks.
#[derive(Default)]
struct Builder {
    hosts: Vec<Host>,
    cp: ClientPolicy,
    user: Option<String>,
    password: Option<String>,
    auth: Auth,
    rack_aware: bool,
    rack_ids: Option<Vec<usize>>,
}

const C_CLIENT_ONLY: &str =
    "accepted, no effect: a setting of the official client's C core that this client has no use for";

fn no_op_uint(v: &Value) -> Result<()> {
    v.uint::<u64>().map(drop)
}

fn no_op_dict(v: &Value) -> Result<()> {
    match v.obj.cast::<PyDict>() {
        Ok(_) => Ok(()),
        Err(_) => Err(v.invalid("must be a dict")),
    }
}

/// Every key of the client config.
const CONFIG: &[Field<Builder>] = &[
    Field::set("hosts", "seed nodes: a list of (address, port) tuples (required)", |b, v| Ok(b.hosts = hosts(v)?)),
    Field::set("user", "user name for servers with security enabled (connect() arguments win)", |b, v| {
        Ok(b.user = Some(v.string()?))
    }),
    Field::set("password", "password for 'user'", |b, v| Ok(b.password = Some(v.string()?))),
    Field::set("auth_mode", "AUTH_INTERNAL, AUTH_EXTERNAL, AUTH_EXTERNAL_INSECURE or AUTH_PKI", |b, v| {
        Ok(b.auth = v.choice(AUTH)?)
    }),
    Field::set("cluster_name", "refuse nodes whose cluster name differs", |b, v| {
        Ok(b.cp.cluster_name = Some(v.string()?))
    }),
    Field::set("timeout", "initial connection (cluster discovery) timeout, ms", |b, v| Ok(b.cp.timeout = v.uint()?)),
    Field::set("connect_timeout", "socket connect timeout, ms", |b, v| Ok(b.cp.connect_timeout = v.uint()?)),
    Field::set("login_timeout", "login timeout, ms", |b, v| Ok(b.cp.login_timeout = v.uint()?)),
    Field::set("login_timeout_ms", "the official name of 'login_timeout' (also accepted in 'policies')", |b, v| {
        Ok(b.cp.login_timeout = v.uint()?)
    }),
    Field::set("idle_timeout", "close pooled connections idle this long, ms", |b, v| Ok(b.cp.idle_timeout = v.uint()?)),
    Field::set("max_socket_idle", "the same in seconds (the official name)", |b, v| {
        let secs: u32 = v.uint()?;
        b.cp.idle_timeout = secs.checked_mul(1000).ok_or_else(|| v.invalid("is too large"))?;
        Ok(())
    }),
    Field::set("tend_interval", "cluster tend period, ms (at least 250)", |b, v| {
        let ms: u32 = v.uint()?;
        if ms < TEND_INTERVAL_MIN_MS {
            return Err(v.invalid(&format!("must be at least {TEND_INTERVAL_MIN_MS} ms")));
        }
        Ok(b.cp.tend_interval = ms)
    }),
    Field::set("max_conns_per_node", "connection pool size per node (at least 1)", |b, v| {
        let n: usize = v.uint()?;
        if n == 0 {
            return Err(v.invalid("must be at least 1"));
        }
        Ok(b.cp.max_conns_per_node = n)
    }),
    Field::set("min_conns_per_node", "connections opened per node up front", |b, v| {
        Ok(b.cp.min_conns_per_node = v.uint()?)
    }),
    Field::set("conn_pools_per_node", "connection pools per node (aerospike-py 0.14.4)", |b, v| {
        Ok(b.cp.conn_pools_per_node = v.uint()?)
    }),
    Field::set("max_error_rate", "errors per window before a node is backed off", |b, v| {
        Ok(b.cp.max_error_rate = v.uint()?)
    }),
    Field::set("error_rate_window", "tend intervals per error-rate window", |b, v| {
        Ok(b.cp.error_rate_window = v.uint()?)
    }),
    Field::set("use_services_alternate", "connect to the nodes' alternate (public) addresses", |b, v| {
        Ok(b.cp.use_services_alternate = v.boolean()?)
    }),
    Field::set("rack_aware", "prefer nodes on 'rack_id' / 'rack_ids' (with POLICY_REPLICA_PREFER_RACK)", |b, v| {
        Ok(b.rack_aware = v.boolean()?)
    }),
    Field::set("rack_id", "this client's rack (default 0), used when rack_aware", |b, v| {
        Ok(b.rack_ids = Some(vec![v.uint()?]))
    }),
    Field::set("rack_ids", "racks in order of preference, used when rack_aware", |b, v| {
        Ok(b.rack_ids = Some(rack_ids(v)?))
    }),
    Field::set("fail_if_not_connected", "connect() fails unless a seed answers", |b, v| {
        Ok(b.cp.fail_if_not_connected = v.boolean()?)
    }),
    Field::set("force_single_node", "use only the seed nodes, ignore peers they report", |b, v| {
        Ok(b.cp.seed_only_cluster = v.boolean()?)
    }),
    Field::set("app_id", "application id the server shows in its metrics", |b, v| {
        Ok(b.cp.application_id = Some(v.string()?))
    }),
    Field::set(
        "tls",
        "TLS settings (dict): enable, cafile, capath, certfile, keyfile, protocols, cipher_suite, crl_check, crl_check_all, for_login_only, ...",
        |b, v| super::tls::apply(&mut b.cp, v),
    ),
    Field::no_op("lua", C_CLIENT_ONLY, no_op_dict),
    Field::no_op("shm", C_CLIENT_ONLY, no_op_dict),
    Field::no_op("thread_pool_size", C_CLIENT_ONLY, no_op_uint),
    Field::no_op("max_threads", C_CLIENT_ONLY, no_op_uint),
    Field::no_op("use_shared_connection", C_CLIENT_ONLY, |v| v.boolean().map(drop)),
    Field::no_op("validate_keys", "accepted: keys are always validated", |v| v.boolean().map(drop)),
    Field::no_op("strict_types", "only True: unsupported types always raise", |v| {
        v.only(true, "values of unsupported types always raise")
    }),
    Field::no_op("send_bool_as", "only AS_BOOL (1): Python bools are stored as the server's boolean", |v| match v
        .uint::<u32>()?
    {
        1 => Ok(()),
        _ => Err(v.invalid("can only be AS_BOOL (1): Python bools are stored as the server's boolean")),
    }),
    Field::refused("serialization", "user serializers are not supported: store bytes and (de)serialize in Python"),
    Field::refused("config_provider", "dynamic configuration files are not supported"),
    Field::refused(
        "max_concurrent_operations",
        "no client-side operation queue: bound concurrency in the application (e.g. an asyncio.Semaphore)",
    ),
    Field::refused("operation_queue_timeout_ms", "no client-side operation queue (see max_concurrent_operations)"),
    // `compression_threshold` and `policies` are read by `Settings::from_py` itself:
    // they fill the policy defaults, not the client policy.
    Field::no_op("compression_threshold", "default 'compression_threshold' of every policy kind", |v| {
        v.uint::<u64>().map(drop)
    }),
    Field::no_op("policies", "defaults per policy kind: {kind: {key: value}}, see docs/policies.md", no_op_dict),
];

/// Keys at the top of `policies` that are client settings, not policy defaults.
const POLICIES_CLIENT_KEYS: &[&str] = &["login_timeout_ms", "auth_mode", "thread_pool_size", "max_threads"];
/// Official `policies` entries this client cannot fill.
const POLICIES_REFUSED: &[(&str, &str)] = &[
    ("batch_parent_write", "use 'batch' (batch writes share the batch policy)"),
    ("txn_verify", "multi-record transactions are not supported by this client yet"),
    ("txn_roll", "multi-record transactions are not supported by this client yet"),
    ("metrics", "metrics are exported through Prometheus / OpenTelemetry, see README"),
];

impl Settings {
    pub(crate) fn from_py(config: &Bound<'_, PyAny>) -> Result<Self> {
        let mut b = Builder::default();
        let mut shared = Vec::new();
        let mut kind_dicts = Vec::new();
        for_each_field(config, CONTEXT, |name, obj| {
            let Some(field) = find(CONFIG, name) else { return Ok(false) };
            field.apply(&mut b, &Value { obj, context: CONTEXT, name })?;
            match name {
                "compression_threshold" => shared.push((name.to_owned(), obj.clone())),
                "policies" => policies_entries(&mut b, obj, &mut shared, &mut kind_dicts)?,
                _ => {}
            }
            Ok(true)
        })?;
        if b.hosts.is_empty() {
            return Err(Error::param("config 'hosts' must list at least one (host, port)"));
        }
        if b.cp.max_conns_per_node < b.cp.min_conns_per_node {
            return Err(Error::param("config 'min_conns_per_node' must not exceed 'max_conns_per_node'"));
        }
        // The official client reads rack ids only with rack_aware; rack 0 is its default.
        b.cp.rack_ids = if b.rack_aware { Some(b.rack_ids.unwrap_or_else(|| vec![0])) } else { None };
        Ok(Settings {
            hosts: b.hosts,
            client_policy: b.cp,
            policies: Policies::from_config(&shared, &kind_dicts)?,
            user: b.user,
            password: b.password,
            auth: b.auth,
        })
    }

    /// The client policy for a connection, with `connect()`'s credentials taking precedence.
    pub(crate) fn client_policy_for(&self, user: Option<String>, password: Option<String>) -> Result<ClientPolicy> {
        let mut policy = self.client_policy.clone();
        match (user.or_else(|| self.user.clone()), password.or_else(|| self.password.clone())) {
            (Some(user), Some(password)) => {
                policy.auth_mode = match self.auth {
                    Auth::Internal => AuthMode::Internal(user, password),
                    Auth::External => AuthMode::External(user, password),
                    Auth::ExternalInsecure => AuthMode::ExternalInsecure(user, password),
                    Auth::Pki => AuthMode::Pki,
                }
            }
            (None, None) if self.auth == Auth::Pki => policy.auth_mode = AuthMode::Pki,
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

/// Sorts the entries of config `policies`: kind dicts, defaults shared by every kind,
/// and the few client settings the official client also takes there.
fn policies_entries<'py>(
    b: &mut Builder,
    policies: &Bound<'py, PyAny>,
    shared: &mut Vec<(String, Bound<'py, PyAny>)>,
    kind_dicts: &mut Vec<(String, Bound<'py, PyAny>)>,
) -> Result<()> {
    for_each_field(policies, "policies", |name, obj| {
        if KIND_NAMES.contains(&name) {
            kind_dicts.push((name.to_owned(), obj.clone()));
        } else if SHARED_DEFAULT_KEYS.contains(&name) {
            shared.push((name.to_owned(), obj.clone()));
        } else if POLICIES_CLIENT_KEYS.contains(&name) {
            let field = find(CONFIG, name).expect("every client key in policies is a config row");
            field.apply(b, &Value { obj, context: "policies", name })?;
        } else if let Some((_, why)) = POLICIES_REFUSED.iter().find(|(n, _)| *n == name) {
            return Err(Error::param(format!("policies '{name}' is not supported: {why}")));
        } else {
            return Ok(false);
        }
        Ok(true)
    })
}

fn rack_ids(v: &Value) -> Result<Vec<usize>> {
    let list = v.obj.cast::<PyList>().map_err(|_| v.invalid("must be a list of non-negative ints"))?;
    let ids: Vec<usize> = list.iter().map(|id| uint(&id, v.context, v.name)).collect::<Result<_>>()?;
    if ids.is_empty() {
        return Err(v.invalid("must list at least one rack id"));
    }
    Ok(ids)
}

fn hosts(v: &Value) -> Result<Vec<Host>> {
    let list =
        v.obj.cast::<PyList>().map_err(|_| Error::param("config 'hosts' must be a list of (host, port) tuples"))?;
    list.iter()
        .map(|item| {
            let bad =
                || Error::param("each config 'hosts' entry must be a (host: str, port: int[, tls_name: str]) tuple");
            let tuple = item.cast::<PyTuple>().map_err(|_| bad())?;
            if !(2..=3).contains(&tuple.len()) {
                return Err(bad());
            }
            let name = string(&tuple.get_item(0)?, CONTEXT, "hosts")?;
            let port: u16 = uint(&tuple.get_item(1)?, CONTEXT, "hosts port")?;
            if name.is_empty() || port == 0 {
                return Err(bad());
            }
            // The official client's third element: the name the node's TLS certificate carries.
            match tuple.len() {
                3 => Ok(Host::new_tls(&name, &string(&tuple.get_item(2)?, CONTEXT, "hosts tls_name")?, port)),
                _ => Ok(Host::new(&name, port)),
            }
        })
        .collect()
}

/// Every config key with its status and doc, for the generated docs table.
pub(crate) fn describe() -> Vec<(&'static str, &'static str, &'static str)> {
    CONFIG.iter().map(|f| (f.name, f.status(), f.doc)).collect()
}

/// The entries the top level of config `policies` takes, with status and doc.
pub(crate) fn describe_policies_top_level() -> Vec<(&'static str, &'static str, &'static str)> {
    let kinds = KIND_NAMES.iter().map(|&k| (k, "honoured", "this kind's defaults (a dict), see its table below"));
    let shared = SHARED_DEFAULT_KEYS
        .iter()
        .map(|&k| (k, "honoured", "default for every kind that has this key, before its dict"));
    let client = POLICIES_CLIENT_KEYS.iter().filter_map(|&k| find(CONFIG, k)).map(|f| (f.name, f.status(), f.doc));
    let refused = POLICIES_REFUSED.iter().map(|&(k, why)| (k, "refused", why));
    kinds.chain(shared).chain(client).chain(refused).collect()
}
