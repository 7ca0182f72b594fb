//! Command-line configuration.
//!
//! Usage: `aerospike-test-server [--host H] [--port N] [--namespace NS]...
//! [--cluster-name NAME] [--default-ttl SECS] [--max-record-size BYTES]
//! [--service-time-us MICROS] [--nodes N] [--replication-factor R]
//! [--rack-ids ID,ID,...] [--security] [--session-ttl SECS] [--tls DIR]
//! [--tls-name NAME] [--tls-client-auth] [--verbose]`. `--port 0` binds a free port per
//! node; otherwise node i listens on `port + i`. The real addresses are
//! printed in the `READY host:port...` line, one per node, first node first.

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub namespaces: Vec<String>,
    pub cluster_name: Option<String>,
    pub default_ttl: u32,
    pub max_record_size: usize,
    /// Each data request is answered no sooner than this after it arrived, as a real
    /// server's storage and network would; 0 answers at once. (Benchmarks: the client's
    /// wake-up behaviour depends on how long it waits.)
    pub service_time: std::time::Duration,
    pub nodes: usize,
    pub replication_factor: usize,
    /// Rack id of each node (missing entries: rack 0).
    pub rack_ids: Vec<u32>,
    /// Enterprise security: users, roles, logins and privilege checks.
    pub security: bool,
    /// Seconds a login session lasts (security mode).
    pub session_ttl: u32,
    /// TLS mode: write this run's certificates into the directory and serve TLS only.
    pub tls_dir: Option<String>,
    /// The name in the server certificate (the host's TLS name clients verify).
    pub tls_name: String,
    /// Mutual TLS: clients must present a certificate signed by the run's CA.
    pub tls_client_auth: bool,
    /// Log every info request to stderr (unknown commands are always logged).
    pub verbose: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            host: "127.0.0.1".into(),
            port: 0,
            namespaces: Vec::new(),
            cluster_name: None,
            default_ttl: 0,
            max_record_size: 1024 * 1024,
            service_time: std::time::Duration::ZERO,
            nodes: 1,
            // The real server's default.
            replication_factor: 2,
            rack_ids: Vec::new(),
            security: false,
            // The real server's default (`session-ttl`).
            session_ttl: 86400,
            tls_dir: None,
            tls_name: "aerospike-test".into(),
            tls_client_auth: false,
            verbose: false,
        }
    }
}

pub const USAGE: &str = "usage: aerospike-test-server [--host H] [--port N] [--namespace NS]... \
[--cluster-name NAME] [--default-ttl SECS] [--max-record-size BYTES] [--service-time-us MICROS] \
[--nodes N] [--replication-factor R] [--rack-ids ID,ID,...] [--security] [--session-ttl SECS] [--tls DIR] [--tls-name NAME] [--tls-client-auth] [--verbose]";

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Config, String> {
    let mut cfg = Config::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline.clone().or_else(|| it.next()).ok_or(format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--host" => cfg.host = value("--host")?,
            "--port" => cfg.port = number(&value("--port")?, "--port")?,
            "--namespace" => {
                let ns = value("--namespace")?;
                // The server's own limit: 1..=31 bytes, no separators used
                // by the info protocol.
                if ns.is_empty() || ns.len() > 31 || ns.contains([':', ';', '\t', '\n', '/']) {
                    return Err(format!("invalid namespace name {ns:?}"));
                }
                if !cfg.namespaces.contains(&ns) {
                    cfg.namespaces.push(ns);
                }
            }
            "--cluster-name" => cfg.cluster_name = Some(value("--cluster-name")?),
            "--default-ttl" => cfg.default_ttl = number(&value("--default-ttl")?, "--default-ttl")?,
            "--max-record-size" => cfg.max_record_size = number(&value("--max-record-size")?, "--max-record-size")?,
            "--service-time-us" => {
                cfg.service_time =
                    std::time::Duration::from_micros(number(&value("--service-time-us")?, "--service-time-us")?)
            }
            "--nodes" => cfg.nodes = number(&value("--nodes")?, "--nodes")?,
            "--replication-factor" => {
                cfg.replication_factor = number(&value("--replication-factor")?, "--replication-factor")?
            }
            "--rack-ids" => {
                cfg.rack_ids =
                    value("--rack-ids")?.split(',').map(|r| number(r.trim(), "--rack-ids")).collect::<Result<_, _>>()?
            }
            "--security" => cfg.security = true,
            "--tls" => cfg.tls_dir = Some(value("--tls")?),
            "--tls-name" => cfg.tls_name = value("--tls-name")?,
            "--tls-client-auth" => cfg.tls_client_auth = true,
            "--session-ttl" => cfg.session_ttl = number(&value("--session-ttl")?, "--session-ttl")?,
            "--verbose" => cfg.verbose = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    if cfg.namespaces.is_empty() {
        cfg.namespaces.push("test".into());
    }
    if !(1..=64).contains(&cfg.nodes) {
        return Err(format!("--nodes must be 1..=64, not {}", cfg.nodes));
    }
    if !(1..=256).contains(&cfg.replication_factor) {
        return Err(format!("--replication-factor must be 1..=256, not {}", cfg.replication_factor));
    }
    if cfg.rack_ids.len() > cfg.nodes {
        return Err(format!("--rack-ids names {} racks for {} nodes", cfg.rack_ids.len(), cfg.nodes));
    }
    if cfg.port != 0 && cfg.port as usize + cfg.nodes > 65536 {
        return Err("--port + --nodes exceeds the port range".into());
    }
    Ok(cfg)
}

fn number<T: std::str::FromStr>(s: &str, flag: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("{flag}: not a valid number: {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Config, String> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults() {
        let c = p(&[]).unwrap();
        assert_eq!((c.host.as_str(), c.port, c.namespaces.clone()), ("127.0.0.1", 0, vec!["test".to_string()]));
        assert_eq!(c.max_record_size, 1 << 20);
    }

    #[test]
    fn flags() {
        let c =
            p(&["--port", "3100", "--namespace", "a", "--namespace=b", "--cluster-name", "x", "--verbose"]).unwrap();
        assert_eq!(c.port, 3100);
        assert_eq!(c.namespaces, vec!["a", "b"]);
        assert_eq!(c.cluster_name.as_deref(), Some("x"));
        assert!(c.verbose);
        assert!(p(&["--port"]).is_err());
        assert!(p(&["--port", "x"]).is_err());
        assert!(p(&["--bogus"]).is_err());
        assert_eq!(p(&["--service-time-us", "50"]).unwrap().service_time, std::time::Duration::from_micros(50));
        assert_eq!(p(&[]).unwrap().service_time, std::time::Duration::ZERO);
        assert!(p(&["--service-time-us", "-1"]).is_err());
        assert!(p(&["--namespace", "a:b"]).is_err());
        let c = p(&["--nodes", "3", "--replication-factor=2", "--rack-ids", "1,2"]).unwrap();
        assert_eq!((c.nodes, c.replication_factor, c.rack_ids.clone()), (3, 2, vec![1, 2]));
        assert!(p(&["--nodes", "0"]).is_err());
        assert!(p(&["--nodes", "2", "--rack-ids", "1,2,3"]).is_err());
        assert!(p(&["--rack-ids", "x"]).is_err());
    }
}
