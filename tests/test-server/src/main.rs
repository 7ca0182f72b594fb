//! aerospike-test-server: an in-memory, single-node Aerospike server that
//! speaks the real wire protocol, for aerospike-py's test suite.
//!
//! Contract: binds `--host`/`--port` (port 0 = any free port), then prints
//! exactly one line `READY host:port` on stdout and serves until killed.
//! Diagnostics go to stderr.

mod batch;
mod cdt;
mod clock;
mod command;
mod config;
mod info;
mod jobs;
mod msg;
mod msgpack;
mod ops;
mod particle;
mod proto;
mod result;
mod scan;
mod server;
mod sindex;
mod store;
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
    let listener = match TcpListener::bind((cfg.host.as_str(), cfg.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("test-server: cannot bind {}:{}: {e}", cfg.host, cfg.port);
            std::process::exit(1);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(cfg.port);
    // Clients connect to the address the node advertises; a wildcard bind
    // is reachable through loopback.
    let advertised = match cfg.host.as_str() {
        "0.0.0.0" | "::" => "127.0.0.1".to_string(),
        h => h.to_string(),
    };

    // The server lives for the whole process, so leaking its state gives
    // every connection thread a plain `'static` reference.
    let namespaces = cfg.namespaces.iter().map(|n| store::Namespace::new(n, cfg.default_ttl)).collect();
    let store: &'static store::Store = Box::leak(Box::new(store::Store::new(namespaces)));
    let started = clock::now();
    let server: &'static server::Server = Box::leak(Box::new(server::Server {
        node: info::Node {
            name: node_name(port),
            cluster_name: cfg.cluster_name.clone(),
            service: format!("{advertised}:{port}"),
            port,
            store,
            started,
        },
        store,
        limits: command::Limits { max_record_size: cfg.max_record_size },
        service_time: cfg.service_time,
        verbose: cfg.verbose,
    }));

    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "READY {advertised}:{port}");
    let _ = stdout.flush();
    server::serve(listener, server);
}

/// Real node names are "BB9" followed by hex derived from the host; ours
/// mixes in the port and pid so two servers on one machine differ.
fn node_name(port: u16) -> String {
    let id = ((port as u64) << 24) | (std::process::id() as u64 & 0xFF_FFFF);
    format!("BB9{id:012X}")
}
