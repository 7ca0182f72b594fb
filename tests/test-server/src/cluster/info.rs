//! Info commands that describe the cluster: identity, peers, services,
//! generations, the partition map and racks, plus the test server's own
//! node control commands.
//!
//! Formats are the real server's, as the client's tending parses them:
//! `peers-*` is `generation,default-port,[[name,tls-name,[host:port]],...]`;
//! `replicas` is `ns:regime,n_replicas,bitmap,...` per namespace, one
//! base64 bitmap per replica position (master first).
//!
//! Control (test server only; a real server answers them
//! `ERROR::unrecognized command`): `test-node-stop:ID` and
//! `test-node-start:ID`, ID a node index (0-based) or node name. A node
//! cannot stop itself through its own connection (the reply would be cut).

use super::{lifecycle, Cluster};
use crate::info::{base64, Handler, Node};

/// (command, handler), merged into the info table.
pub const COMMANDS: &[(&str, Handler)] = &[
    ("node", |n, _| n.slot().name.clone()),
    ("cluster-name", |n, _| n.cluster.cluster_name.clone().unwrap_or_else(|| "null".into())),
    ("partition-generation", generation),
    ("rebalance-generation", generation),
    ("peers-generation", generation),
    ("peers-clear-std", |n, _| peer_list(n, false, false)),
    ("peers-clear-alt", |n, _| peer_list(n, false, false)),
    ("peers-tls-std", |n, _| peer_list(n, false, true)),
    ("peers-tls-alt", |n, _| peer_list(n, false, true)),
    ("alumni-clear-std", |n, _| peer_list(n, true, false)),
    ("alumni-tls-std", |n, _| peer_list(n, true, true)),
    ("service", |n, _| n.slot().service()),
    ("service-clear-std", |n, _| if n.cluster.tls_name.is_some() { String::new() } else { n.slot().service() }),
    ("service-clear-alt", |_, _| String::new()),
    ("service-tls-std", |n, _| if n.cluster.tls_name.is_some() { n.slot().service() } else { String::new() }),
    ("service-tls-alt", |_, _| String::new()),
    ("services", services),
    ("services-alumni", services_alumni),
    ("services-alternate", |_, _| String::new()),
    ("replicas", replicas),
    ("replicas-master", replicas_master),
    ("replicas-all", replicas_all),
    ("racks", racks),
    ("rack-ids", rack_ids),
    ("cluster-stable", cluster_stable),
    ("test-node-stop", |n, p| control(n, p, false)),
    ("test-node-start", |n, p| control(n, p, true)),
];

fn generation(n: &Node, _: &str) -> String {
    n.cluster.generation().to_string()
}

/// Other nodes, live only (`peers-*`) or every node ever seen (`alumni-*`),
/// on the TLS or the clear ports: a node lists only the kind it serves.
fn peer_list(n: &Node, include_dead: bool, tls: bool) -> String {
    let c = n.cluster;
    let serves = c.tls_name.is_some() == tls;
    let tls_name = c.tls_name.as_deref().unwrap_or("");
    let items: Vec<String> = (0..c.nodes.len())
        .filter(|&i| serves && i != n.index && (include_dead || c.nodes[i].is_alive()))
        .map(|i| format!("[{},{tls_name},[{}]]", c.nodes[i].name, c.nodes[i].service()))
        .collect();
    format!("{},{},[{}]", c.generation(), n.slot().port, items.join(","))
}

fn service_list(n: &Node, include_dead: bool) -> String {
    let c = n.cluster;
    (0..c.nodes.len())
        .filter(|&i| i != n.index && (include_dead || c.nodes[i].is_alive()))
        .map(|i| c.nodes[i].service())
        .collect::<Vec<_>>()
        .join(";")
}

fn services(n: &Node, _: &str) -> String {
    service_list(n, false)
}

fn services_alumni(n: &Node, _: &str) -> String {
    service_list(n, true)
}

fn per_namespace(n: &Node, f: impl Fn(&str) -> String) -> String {
    n.store.namespaces().iter().map(|ns| f(&ns.name)).collect::<Vec<_>>().join(";")
}

fn encoded_bitmaps(n: &Node) -> Vec<String> {
    n.cluster.bitmaps(n.index).iter().map(|m| base64(m)).collect()
}

fn replicas(n: &Node, _: &str) -> String {
    let maps = encoded_bitmaps(n);
    per_namespace(n, |ns| format!("{ns}:0,{},{}", maps.len(), maps.join(",")))
}

fn replicas_all(n: &Node, _: &str) -> String {
    let maps = encoded_bitmaps(n);
    per_namespace(n, |ns| format!("{ns}:{},{}", maps.len(), maps.join(",")))
}

fn replicas_master(n: &Node, _: &str) -> String {
    let maps = encoded_bitmaps(n);
    per_namespace(n, |ns| format!("{ns}:{}", maps[0]))
}

/// `ns=NS:rack_R=node,node:rack_S=node` over the live nodes.
fn racks(n: &Node, _: &str) -> String {
    let c = n.cluster;
    let mut ids: Vec<u32> = c.live().iter().map(|&i| c.nodes[i].rack).collect();
    ids.sort_unstable();
    ids.dedup();
    let groups: Vec<String> = ids
        .iter()
        .map(|r| {
            let names: Vec<&str> =
                c.live().into_iter().filter(|&i| c.nodes[i].rack == *r).map(|i| c.nodes[i].name.as_str()).collect();
            format!("rack_{r}={}", names.join(","))
        })
        .collect();
    per_namespace(n, |ns| format!("ns={ns}:{}", groups.join(":")))
}

fn rack_ids(n: &Node, _: &str) -> String {
    per_namespace(n, |ns| format!("{ns}:{}", n.slot().rack))
}

/// Changes with the cluster's membership, like the real cluster key.
pub fn cluster_key(c: &Cluster) -> String {
    format!("{:X}", 0x1000_0000_0000u64 + ((c.started as u64) << 8) + c.generation() as u64)
}

/// `cluster-stable[:size=N;ignore-migrations=B;namespace=NS]` answers the
/// cluster key when the cluster matches the expectations.
fn cluster_stable(n: &Node, params: &str) -> String {
    for kv in params.split(';').filter(|p| !p.is_empty()) {
        match kv.split_once('=') {
            Some(("size", size)) if size.parse::<usize>().ok() != Some(n.cluster.live().len()) => {
                return "ERROR::cluster not specified size".into()
            }
            Some(("namespace", ns)) if n.store.namespace(ns.as_bytes()).is_none() => {
                return "ERROR::unknown namespace".into()
            }
            _ => {}
        }
    }
    cluster_key(n.cluster)
}

fn control(n: &Node, params: &str, start: bool) -> String {
    let Some(target) = n.cluster.find(params.trim()) else {
        return format!("ERROR::no node {params:?}");
    };
    if target == n.index {
        return "ERROR::a node cannot stop or start itself".into();
    }
    if start {
        lifecycle::start(n.cluster, target);
    } else {
        lifecycle::stop(n.cluster, target);
    }
    "ok".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::tests::cluster;
    use crate::store::{Namespace, Store};

    #[test]
    fn three_nodes_describe_each_other() {
        let c = cluster(3, 2);
        let store = Store::new(vec![Namespace::new("test", 0)]);
        let n = Node { cluster: &c, index: 1, store: &store, access: None };
        assert_eq!(
            peer_list(&n, false, false),
            "1,3001,[[BB9000000000000,,[127.0.0.1:3000]],[BB9000000000002,,[127.0.0.1:3002]]]"
        );
        assert_eq!(services(&n, ""), "127.0.0.1:3000;127.0.0.1:3002");
        let r = replicas(&n, "");
        assert!(r.starts_with("test:0,2,"), "{r}");
        assert_eq!(r.split(',').count(), 4);
        assert_eq!(rack_ids(&n, ""), "test:1");
        assert_eq!(racks(&n, ""), "ns=test:rack_0=BB9000000000000:rack_1=BB9000000000001:rack_2=BB9000000000002");
        assert_eq!(cluster_stable(&n, "size=3"), cluster_key(&c));
        assert!(cluster_stable(&n, "size=2").starts_with("ERROR"));
        assert!(control(&n, "1", false).starts_with("ERROR"));
        assert!(control(&n, "7", false).starts_with("ERROR"));
    }
}
