//! aerospike-test-server: an in-memory Aerospike server (one node, or a
//! small cluster with `--nodes N`) that speaks the real wire protocol, for
//! aerospike-py's test suite.
//!
//! Contract: binds every node's `--host`/port (port 0 = any free port),
//! then prints exactly one line `READY host:port [host:port...]` (one
//! address per node, first node first) on stdout and serves until killed.
//! Diagnostics go to stderr.

mod batch;
mod bit;
mod cdt;
mod clock;
mod cluster;
mod command;
mod config;
mod exp;
mod geo;
mod hll;
mod info;
mod jobs;
mod msg;
mod msgpack;
mod ops;
mod particle;
mod proto;
mod result;
mod scan;
mod security;
mod server;
mod sindex;
mod store;
mod tls;
mod truncate;
mod udf;

use std::io::Write;
use std::net::TcpListener;

fn main() {
    let cfg = match config::parse(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut listeners = Vec::with_capacity(cfg.nodes);
    for i in 0..cfg.nodes {
        let port = if cfg.port == 0 { 0 } else { cfg.port + i as u16 };
        match TcpListener::bind((cfg.host.as_str(), port)) {
            Ok(l) => {
                widen_backlog(&l);
                listeners.push(l);
            }
            Err(e) => {
                eprintln!("test-server: cannot bind {}:{port}: {e}", cfg.host);
                std::process::exit(1);
            }
        }
    }
    // Clients connect to the address the node advertises; a wildcard bind
    // is reachable through loopback.
    let advertised = match cfg.host.as_str() {
        "0.0.0.0" | "::" => "127.0.0.1".to_string(),
        h => h.to_string(),
    };
    let slots = listeners
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let port = l.local_addr().map(|a| a.port()).unwrap_or(0);
            let rack = cfg.rack_ids.get(i).copied().unwrap_or(0);
            cluster::NodeSlot::new(node_name(port), advertised.clone(), cfg.host.clone(), port, rack)
        })
        .collect();

    // The server lives for the whole process, so leaking its state gives
    // every connection thread a plain `'static` reference.
    let namespaces = cfg.namespaces.iter().map(|n| store::Namespace::new(n, cfg.default_ttl)).collect();
    let store: &'static store::Store = Box::leak(Box::new(store::Store::new(namespaces)));
    let mut cluster = cluster::Cluster::new(slots, cfg.replication_factor, cfg.cluster_name.clone(), clock::now());
    cluster.tls_name = cfg.tls_dir.as_ref().map(|_| cfg.tls_name.clone());
    let cluster: &'static cluster::Cluster = Box::leak(Box::new(cluster));
    let addresses: Vec<String> = cluster.nodes.iter().map(|n| n.service()).collect();
    let tls = match &cfg.tls_dir {
        None => None,
        Some(dir) => match tls::prepare(std::path::Path::new(dir), &cfg.tls_name, cfg.tls_client_auth) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        },
    };
    let security: Option<&'static security::Security> =
        cfg.security.then(|| &*Box::leak(Box::new(security::Security::new(cfg.session_ttl))));
    let mut acceptors = Vec::new();
    for (index, listener) in listeners.into_iter().enumerate() {
        let server: &'static server::Server = Box::leak(Box::new(server::Server {
            cluster,
            index,
            store,
            limits: command::Limits { max_record_size: cfg.max_record_size },
            service_time: cfg.service_time,
            verbose: cfg.verbose,
            security,
            tls: tls.clone(),
        }));
        acceptors.push(std::thread::spawn(move || server::run(listener, server)));
    }

    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "READY {}", addresses.join(" "));
    let _ = stdout.flush();
    for a in acceptors {
        let _ = a.join();
    }
}

/// Real node names are "BB9" followed by hex derived from the host, and stay
/// the same across restarts; ours comes from the port, so two servers on one
/// machine differ and a server restarted on its port is the same node again.
fn node_name(port: u16) -> String {
    let id = (port as u64) << 24 | 0x00A5_A5A5;
    format!("BB9{id:012X}")
}

/// The standard library listens with a backlog of 128. A client that opens hundreds of
/// connections at once (an asyncio burst of 1,000 commands: aerospike-py 0.14.4 opens a
/// connection per command in flight) overflows it while the accept loop spawns threads,
/// and Linux then drops SYNs: the client sees connect timeouts that a real server, which
/// accepts from an event loop without a thread spawn per connection, does not give
/// under the same burst. Listening again on a listening socket only
/// changes its backlog (the kernel caps it at net.core.somaxconn).
fn widen_backlog(listener: &TcpListener) {
    use std::os::fd::AsRawFd;
    extern "C" {
        fn listen(fd: i32, backlog: i32) -> i32;
    }
    // SAFETY: a valid listening socket's descriptor; listen() only reads its arguments.
    if unsafe { listen(listener.as_raw_fd(), 4096) } != 0 {
        eprintln!("test-server: cannot widen the listen backlog: {}", std::io::Error::last_os_error());
    }
}
