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
use crate::sindex;
use crate::store::Store;
use crate::truncate;

pub const PARTITIONS: usize = 4096;
/// Server version reported by `build`. Clients gate features on it (the
/// Rust client needs >= 4.9.0.3, sends `user-agent-set` from 8.1).
pub const BUILD: &str = "8.1.0.0";
const EDITION: &str = "Aerospike Community Edition";
/// Only what this server implements: float particles, the tending
/// commands, batch-index (both row layouts), partition scans and queries,
/// list/map CDT ops, truncate, secondary-index management, record UDFs and
/// background jobs. No
/// `pipelining`, `blob-bits`, `geo`, expressions.
const FEATURES: &str = "float;peers;replicas;replicas-all;replicas-master;cluster-stable;\
batch-index;batch-any;pscans;pquery;cdt-list;cdt-map;truncate-namespace;sindex-exists;udf;query-show";
/// Generations never change: the cluster never changes shape.
const GENERATION: &str = "1";

pub struct Node<'a> {
    pub name: String,
    pub cluster_name: Option<String>,
    /// `host:port` clients should use to reach this node.
    pub service: String,
    pub port: u16,
    pub store: &'a Store,
    pub started: u32,
}

type Handler = fn(&Node, &str) -> String;

/// (command name, handler). The handler gets the text after `name:`.
const COMMANDS: &[(&str, Handler)] = &[
    ("node", |n, _| n.name.clone()),
    ("cluster-name", |n, _| n.cluster_name.clone().unwrap_or_else(|| "null".into())),
    ("build", |_, _| BUILD.into()),
    ("version", |_, _| format!("{EDITION} build {BUILD}")),
    ("edition", |_, _| EDITION.into()),
    ("features", |_, _| FEATURES.into()),
    ("status", |_, _| "ok".into()),
    ("partition-generation", |_, _| GENERATION.into()),
    ("rebalance-generation", |_, _| GENERATION.into()),
    ("peers-generation", |_, _| GENERATION.into()),
    ("peers-clear-std", peers),
    ("peers-clear-alt", peers),
    ("peers-tls-std", peers),
    ("peers-tls-alt", peers),
    ("alumni-clear-std", peers),
    ("alumni-tls-std", peers),
    ("service", |n, _| n.service.clone()),
    ("service-clear-std", |n, _| n.service.clone()),
    ("service-clear-alt", |_, _| String::new()),
    ("service-tls-std", |_, _| String::new()),
    ("service-tls-alt", |_, _| String::new()),
    ("services", |_, _| String::new()),
    ("services-alumni", |_, _| String::new()),
    ("services-alternate", |_, _| String::new()),
    ("replicas", replicas),
    ("replicas-master", replicas_master),
    ("replicas-all", replicas_all),
    ("namespaces", namespaces),
    ("racks", racks),
    ("rack-ids", rack_ids),
    ("statistics", statistics),
    ("cluster-stable", cluster_stable),
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
    match COMMANDS.iter().find(|(n, _)| *n == name) {
        Some((_, handler)) => handler(node, params),
        None => {
            eprintln!("test-server: unrecognized info command {cmd:?}");
            "ERROR::unrecognized command".into()
        }
    }
}

/// `generation,default-port,[peer,...]`; always empty, one node.
fn peers(node: &Node, _: &str) -> String {
    format!("{GENERATION},{},[]", node.port)
}

/// One bit per partition, most significant bit first; we own them all.
fn all_partitions_bitmap() -> String {
    base64(&[0xffu8; PARTITIONS / 8])
}

fn per_namespace(node: &Node, f: impl Fn(&str) -> String) -> String {
    node.store.namespaces().iter().map(|ns| f(&ns.name)).collect::<Vec<_>>().join(";")
}

/// `ns:regime,n_replicas,bitmap[,bitmap...]` per namespace.
fn replicas(node: &Node, _: &str) -> String {
    let map = all_partitions_bitmap();
    per_namespace(node, |ns| format!("{ns}:0,1,{map}"))
}

fn replicas_master(node: &Node, _: &str) -> String {
    let map = all_partitions_bitmap();
    per_namespace(node, |ns| format!("{ns}:{map}"))
}

fn replicas_all(node: &Node, _: &str) -> String {
    let map = all_partitions_bitmap();
    per_namespace(node, |ns| format!("{ns}:1,{map}"))
}

fn namespaces(node: &Node, _: &str) -> String {
    per_namespace(node, |ns| ns.to_string())
}

fn racks(node: &Node, _: &str) -> String {
    per_namespace(node, |ns| format!("ns={ns}:rack_0={}", node.name))
}

fn rack_ids(node: &Node, _: &str) -> String {
    per_namespace(node, |ns| format!("{ns}:0"))
}

fn objects(node: &Node) -> usize {
    let now = clock::now();
    node.store.namespaces().iter().map(|ns| ns.lock().live_count(now)).sum()
}

fn statistics(node: &Node, _: &str) -> String {
    format!(
        "cluster_size=1;cluster_key={};cluster_integrity=true;cluster_is_member=true;\
         uptime={};objects={}",
        cluster_key(node),
        clock::now().saturating_sub(node.started),
        objects(node)
    )
}

fn cluster_key(node: &Node) -> String {
    // Stable for the life of the process, different between runs.
    format!("{:X}", 0x1000_0000_0000u64 + node.started as u64)
}

/// `cluster-stable[:size=N;ignore-migrations=B;namespace=NS]` answers the
/// cluster key when the cluster matches the expectations.
fn cluster_stable(node: &Node, params: &str) -> String {
    for kv in params.split(';').filter(|p| !p.is_empty()) {
        match kv.split_once('=') {
            Some(("size", n)) if n != "1" => return "ERROR::cluster not specified size".into(),
            Some(("namespace", ns)) if node.store.namespace(ns.as_bytes()).is_none() => {
                return "ERROR::unknown namespace".into()
            }
            _ => {}
        }
    }
    cluster_key(node)
}

fn namespace_info(node: &Node, name: &str) -> String {
    let Some(ns) = node.store.namespace(name.as_bytes()) else {
        return "type=unknown".into();
    };
    format!(
        "ns_cluster_size=1;effective_replication_factor=1;objects={};replication-factor=1;\
         default-ttl={};strong-consistency=false;storage-engine=memory",
        ns.lock().live_count(clock::now()),
        ns.default_ttl
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
        let node = Node {
            name: "BB9000000000001".into(),
            cluster_name: None,
            service: "127.0.0.1:3000".into(),
            port: 3000,
            store: &store,
            started: 5,
        };
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
        assert_eq!(all_partitions_bitmap().len(), 684);
    }

    #[test]
    fn request_reply_lines() {
        with_node(|n| {
            let out = String::from_utf8(handle(n, b"node\ncluster-name\nnamespaces\nbogus\n", false)).unwrap();
            assert_eq!(
                out,
                "node\tBB9000000000001\ncluster-name\tnull\nnamespaces\ttest;bar\n\
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
            assert_eq!(answer(n, "cluster-stable:size=1;namespace=test"), cluster_key(n));
            assert!(answer(n, "cluster-stable:size=3").starts_with("ERROR"));
            assert!(answer(n, "namespace/test").contains("replication-factor=1"));
        });
    }
}
