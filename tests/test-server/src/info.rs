//! Info protocol (proto type 1): the request body is newline-separated
//! commands, the reply has one `command\tvalue\n` line per command, keyed by
//! the full command text as sent (parameters included).
//!
//! Contract: this node presents itself as a one-node cluster that owns all
//! 4096 partitions as master of every namespace (replication factor 1) and
//! has no peers. Commands are looked up in `COMMANDS`; an unknown command is
//! logged to stderr and answered `ERROR::unrecognized command` like a real
//! server, so a client needing something new shows up in the log.

use crate::clock;
use crate::cluster::{self, Cluster, NodeSlot};
use crate::security::{Conn, Security};
use crate::sindex;
use crate::store::Store;
use crate::truncate;

/// Server version reported by `build`. Clients gate features on it (the
/// Rust client needs >= 4.9.0.3, sends `user-agent-set` from 8.1).
pub const BUILD: &str = "8.1.0.0";
const EDITION: &str = "Aerospike Community Edition";
/// Security is an Enterprise feature: a server in security mode says so.
const EDITION_SECURE: &str = "Aerospike Enterprise Edition";
/// Only what this server implements: float particles, the tending
/// commands, batch-index (both row layouts), partition scans and queries,
/// list/map CDT ops, truncate, secondary-index management, record UDFs and
/// background jobs. No
/// `pipelining`, `blob-bits`, `geo`, expressions.
const FEATURES: &str = "float;peers;replicas;replicas-all;replicas-master;cluster-stable;\
batch-index;batch-any;pscans;pquery;cdt-list;cdt-map;truncate-namespace;sindex-exists;udf;query-show";

/// The node answering, within its cluster.
pub struct Node<'a> {
    pub cluster: &'a Cluster,
    pub index: usize,
    pub store: &'a Store,
    /// In security mode, the checks and the asking connection.
    pub access: Option<(&'a Security, &'a Conn)>,
}

fn edition(n: &Node) -> &'static str {
    if n.access.is_some() {
        EDITION_SECURE
    } else {
        EDITION
    }
}

impl Node<'_> {
    pub fn slot(&self) -> &NodeSlot {
        &self.cluster.nodes[self.index]
    }
}

pub type Handler = fn(&Node, &str) -> String;

/// (command name, handler). The handler gets the text after `name:`.
/// Cluster-shape commands live in `cluster::info::COMMANDS`.
const COMMANDS: &[(&str, Handler)] = &[
    ("build", |_, _| BUILD.into()),
    ("version", |n, _| format!("{} build {BUILD}", edition(n))),
    ("edition", |n, _| edition(n).into()),
    ("features", |_, _| FEATURES.into()),
    ("status", |_, _| "ok".into()),
    ("namespaces", namespaces),
    ("statistics", statistics),
    ("user-agent-set", |_, _| "ok".into()),
    ("sindex-create", |n, p| sindex::create(n.store, p)),
    ("sindex-delete", |n, p| sindex::delete(n.store, p)),
    ("sindex-exists", |n, p| sindex::exists(n.store, p)),
    ("sindex-list", |n, p| sindex::list(n.store, p)),
    ("sindex", |n, p| sindex::list(n.store, p)),
    ("sindex-stat", |n, p| sindex::stat_params(n.store, p)),
    ("truncate", |n, p| truncate::truncate(n.store, p, false)),
    ("truncate-namespace", |n, p| truncate::truncate(n.store, p, true)),
    ("udf-put", |n, p| n.store.udfs.put(p)),
    ("udf-get", |n, p| n.store.udfs.get(p)),
    ("udf-list", |n, p| n.store.udfs.list(p)),
    ("udf-remove", |n, p| n.store.udfs.remove(p)),
    ("query-show", |n, p| n.store.jobs.show(p)),
    ("jobs", |n, p| n.store.jobs.jobs_command(p)),
];

/// Answers a whole info request body.
pub fn handle(node: &Node, body: &[u8], verbose: bool) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let commands: Vec<&str> = text.split('\n').filter(|c| !c.is_empty()).collect();
    if verbose {
        eprintln!("test-server: info {commands:?}");
    }
    if commands.is_empty() {
        // A bare info request asks for the node's summary values.
        for name in ["node", "build", "edition", "version"] {
            out.push_str(&format!("{name}\t{}\n", answer(node, name)));
        }
        return out.into_bytes();
    }
    for cmd in commands {
        out.push_str(cmd);
        out.push('\t');
        out.push_str(&answer(node, cmd));
        out.push('\n');
    }
    out.into_bytes()
}

fn answer(node: &Node, cmd: &str) -> String {
    if let Some(ns) = cmd.strip_prefix("namespace/") {
        return namespace_info(node, ns);
    }
    if let Some((ns, name)) = cmd.strip_prefix("sindex/").and_then(|r| r.split_once('/')) {
        return sindex::stat(node.store, ns, name);
    }
    let (name, params) = cmd.split_once(':').unwrap_or((cmd, ""));
    if let Some(denied) = node.access.and_then(|(sec, conn)| sec.check_info(conn, name, params)) {
        return denied;
    }
    match COMMANDS.iter().chain(cluster::info::COMMANDS).find(|(n, _)| *n == name) {
        Some((_, handler)) => handler(node, params),
        None => {
            eprintln!("test-server: unrecognized info command {cmd:?}");
            "ERROR::unrecognized command".into()
        }
    }
}

fn per_namespace(node: &Node, f: impl Fn(&str) -> String) -> String {
    node.store.namespaces().iter().map(|ns| f(&ns.name)).collect::<Vec<_>>().join(";")
}

fn namespaces(node: &Node, _: &str) -> String {
    per_namespace(node, |ns| ns.to_string())
}

fn objects(node: &Node) -> usize {
    node.store
        .namespaces()
        .iter()
        .map(|ns| {
            let (master, prole) = copies(node, ns);
            master + prole
        })
        .sum()
}

/// (master, prole) records of `ns` this node holds: the live records of the
/// partitions it is master / a replica of, as a real node counts its copies.
fn copies(node: &Node, ns: &crate::store::Namespace) -> (usize, usize) {
    let c = node.cluster;
    if c.nodes.len() == 1 {
        return (ns.lock().live_count(clock::now()), 0);
    }
    let position: Vec<Option<usize>> =
        (0..cluster::PARTITIONS).map(|p| c.replicas(p).iter().position(|&i| i == node.index)).collect();
    let (mut master, mut prole) = (0, 0);
    for (d, _) in ns.lock().live(clock::now()) {
        match position[crate::scan::partition_of(d) as usize] {
            Some(0) => master += 1,
            Some(_) => prole += 1,
            None => {}
        }
    }
    (master, prole)
}

fn statistics(node: &Node, _: &str) -> String {
    let c = node.cluster;
    format!(
        "cluster_size={};cluster_key={};cluster_integrity=true;cluster_is_member=true;\
         uptime={};objects={}",
        c.live().len(),
        cluster::info::cluster_key(c),
        clock::now().saturating_sub(c.started),
        objects(node)
    )
}

fn namespace_info(node: &Node, name: &str) -> String {
    let Some(ns) = node.store.namespace(name.as_bytes()) else {
        return "type=unknown".into();
    };
    let c = node.cluster;
    let (master, prole) = copies(node, ns);
    format!(
        "ns_cluster_size={};effective_replication_factor={};objects={};master_objects={master};\
         prole_objects={prole};replication-factor={};default-ttl={};strong-consistency=false;\
         storage-engine=memory;{}",
        c.live().len(),
        c.effective_replication(),
        master + prole,
        c.replication_factor,
        ns.default_ttl,
        node.slot().counters.report(name)
    )
}

/// Decodes standard base64 (padding optional); None for any other byte.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Standard base64 with padding (RFC 4648).
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Namespace;

    fn with_node(f: impl FnOnce(&Node)) {
        let store = Store::new(vec![Namespace::new("test", 0), Namespace::new("bar", 0)]);
        let cluster = crate::cluster::tests::cluster(1, 1);
        let node = Node { cluster: &cluster, index: 0, store: &store, access: None };
        f(&node);
    }

    #[test]
    fn base64_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        for s in [&b""[..], b"f", b"fo", b"foo", b"foobar", &[0, 255, 128, 7]] {
            assert_eq!(base64_decode(&base64(s)).as_deref(), Some(s));
        }
        assert_eq!(base64_decode("Zm9v!"), None);
    }

    #[test]
    fn request_reply_lines() {
        with_node(|n| {
            let out = String::from_utf8(handle(n, b"node\ncluster-name\nnamespaces\nbogus\n", false)).unwrap();
            assert_eq!(
                out,
                "node\tBB9000000000000\ncluster-name\tnull\nnamespaces\ttest;bar\n\
                 bogus\tERROR::unrecognized command\n"
            );
        });
    }

    #[test]
    fn partition_maps_and_params() {
        with_node(|n| {
            let r = answer(n, "replicas");
            assert!(r.starts_with("test:0,1,////"));
            assert!(r.contains(";bar:0,1,"));
            assert_eq!(answer(n, "peers-clear-std"), "1,3000,[]");
            assert_eq!(answer(n, "cluster-stable:size=1;namespace=test"), cluster::info::cluster_key(n.cluster));
            assert!(answer(n, "cluster-stable:size=3").starts_with("ERROR"));
            assert!(answer(n, "namespace/test").contains("replication-factor=1"));
        });
    }
}
