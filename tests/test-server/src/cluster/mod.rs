//! A small Aerospike cluster in one process: N nodes, each with its own
//! listener, node name and rack, over one shared store.
//!
//! Contract: every partition has a succession list of all nodes (a stable
//! per-partition order, as the real server's rendezvous hashing gives);
//! its replicas are the first `replication-factor` LIVE nodes of that list,
//! master first. Stopping a node therefore promotes the next node of each
//! list it mastered, and the data is still there because every node serves
//! the shared store (a real cluster keeps it on the surviving replica). A
//! request that reaches a node which is not the partition's master is
//! served, as the real server proxies it. Membership changes bump the
//! cluster generation that `peers-generation` and `partition-generation`
//! report, so clients re-read the map.
//!
//! Cost: the partition map is computed on demand (4096 × N hashes) when a
//! client asks for it, once per tend interval per node.

pub mod counters;
pub mod info;
pub mod lifecycle;

use std::collections::HashMap;
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

pub const PARTITIONS: usize = 4096;

pub struct Cluster {
    pub nodes: Vec<NodeSlot>,
    pub replication_factor: usize,
    pub cluster_name: Option<String>,
    /// In TLS mode, the name in every node's certificate; the nodes are then
    /// listed by the `*-tls-*` info commands instead of the `*-clear-*` ones.
    pub tls_name: Option<String>,
    /// Process start, seconds on the server clock.
    pub started: u32,
    generation: AtomicU32,
}

/// One node's identity and run-time state.
pub struct NodeSlot {
    pub name: String,
    /// Address clients should use (`host:port`).
    pub host: String,
    pub port: u16,
    pub rack: u32,
    /// Address the listener binds (may be a wildcard).
    pub bind: String,
    alive: AtomicBool,
    listening: Mutex<bool>,
    changed: Condvar,
    /// Open client connections, so stopping the node can cut them.
    conns: Mutex<HashMap<u64, TcpStream>>,
    next_conn: AtomicU64,
    pub counters: counters::Counters,
}

impl NodeSlot {
    pub fn new(name: String, host: String, bind: String, port: u16, rack: u32) -> NodeSlot {
        NodeSlot {
            name,
            host,
            port,
            rack,
            bind,
            alive: AtomicBool::new(true),
            listening: Mutex::new(false),
            changed: Condvar::new(),
            conns: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
            counters: counters::Counters::default(),
        }
    }

    pub fn service(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    pub fn is_alive(&self) -> bool {
        self.alive.load(Ordering::SeqCst)
    }

    /// Tracks an open connection; the id removes it again.
    pub fn register(&self, stream: &TcpStream) -> Option<u64> {
        let clone = stream.try_clone().ok()?;
        let id = self.next_conn.fetch_add(1, Ordering::Relaxed);
        self.conns.lock().unwrap_or_else(|e| e.into_inner()).insert(id, clone);
        Some(id)
    }

    pub fn unregister(&self, id: u64) {
        self.conns.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }
}

impl Cluster {
    pub fn new(nodes: Vec<NodeSlot>, replication_factor: usize, cluster_name: Option<String>, started: u32) -> Cluster {
        Cluster {
            nodes,
            replication_factor: replication_factor.max(1),
            cluster_name,
            tls_name: None,
            started,
            generation: AtomicU32::new(1),
        }
    }

    /// Peers, partition and rebalance generation: one counter, bumped on
    /// every membership change.
    pub fn generation(&self) -> u32 {
        self.generation.load(Ordering::SeqCst)
    }

    fn bump(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    pub fn live(&self) -> Vec<usize> {
        (0..self.nodes.len()).filter(|&i| self.nodes[i].is_alive()).collect()
    }

    /// Replication factor in effect: never more copies than live nodes.
    pub fn effective_replication(&self) -> usize {
        self.replication_factor.min(self.live().len()).max(1)
    }

    /// Live replicas of `partition`, master first.
    pub fn replicas(&self, partition: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(score(partition, i)));
        order.into_iter().filter(|&i| self.nodes[i].is_alive()).take(self.effective_replication()).collect()
    }

    /// For each replica position, the partitions `node` holds there: the
    /// bitmaps of the `replicas` info command, most significant bit first.
    pub fn bitmaps(&self, node: usize) -> Vec<Vec<u8>> {
        let n = self.effective_replication();
        let mut maps = vec![vec![0u8; PARTITIONS / 8]; n];
        if !self.nodes[node].is_alive() {
            return maps;
        }
        for p in 0..PARTITIONS {
            if let Some(pos) = self.replicas(p).iter().position(|&i| i == node) {
                maps[pos][p >> 3] |= 0x80 >> (p & 7);
            }
        }
        maps
    }

    /// The partitions `node` is master of.
    pub fn mastered_by(&self, node: usize) -> Vec<u16> {
        (0..PARTITIONS).filter(|&p| self.replicas(p).first() == Some(&node)).map(|p| p as u16).collect()
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        id.parse::<usize>()
            .ok()
            .filter(|&i| i < self.nodes.len())
            .or_else(|| self.nodes.iter().position(|n| n.name == id))
    }
}

/// Stable per-(partition, node) weight that orders a partition's
/// succession list (splitmix64 of both).
fn score(partition: usize, node: usize) -> u64 {
    let mut z = (partition as u64) << 16 ^ node as u64 ^ 0x9E37_79B9_7F4A_7C15;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
pub mod tests {
    use super::*;

    pub fn cluster(n: usize, rf: usize) -> Cluster {
        let nodes = (0..n)
            .map(|i| {
                NodeSlot::new(
                    format!("BB90000000000{i:02}"),
                    "127.0.0.1".into(),
                    "127.0.0.1".into(),
                    3000 + i as u16,
                    i as u32,
                )
            })
            .collect();
        Cluster::new(nodes, rf, None, 0)
    }

    #[test]
    fn every_partition_has_rf_distinct_live_replicas() {
        let c = cluster(3, 2);
        let mut masters = [0usize; 3];
        for p in 0..PARTITIONS {
            let r = c.replicas(p);
            assert_eq!(r.len(), 2);
            assert_ne!(r[0], r[1]);
            masters[r[0]] += 1;
        }
        // The map is split between the nodes, roughly evenly.
        assert!(masters.iter().all(|&m| m > 1000), "{masters:?}");
    }

    #[test]
    fn a_stopped_master_is_replaced_by_its_replica() {
        let c = cluster(3, 2);
        let before: Vec<Vec<usize>> = (0..PARTITIONS).map(|p| c.replicas(p)).collect();
        c.nodes[1].alive.store(false, Ordering::SeqCst);
        for (p, was) in before.iter().enumerate() {
            let now = c.replicas(p);
            assert_eq!(now.len(), 2);
            assert!(!now.contains(&1));
            if was[0] == 1 {
                assert_eq!(now[0], was[1], "partition {p}: the replica is promoted");
            } else {
                assert_eq!(now[0], was[0], "partition {p}: an unaffected master stays");
            }
        }
        // Bitmaps agree with the replica lists, and the dead node has none.
        let maps = c.bitmaps(0);
        let owned = (0..PARTITIONS).filter(|&p| maps[0][p >> 3] & (0x80 >> (p & 7)) != 0).count();
        assert_eq!(owned, (0..PARTITIONS).filter(|&p| c.replicas(p)[0] == 0).count());
        assert!(c.bitmaps(1).iter().all(|m| m.iter().all(|&b| b == 0)));
        // Between them the live nodes master every partition once.
        assert_eq!(c.mastered_by(0).len() + c.mastered_by(2).len(), PARTITIONS);
        assert!(c.mastered_by(1).is_empty());
    }

    #[test]
    fn one_node_owns_everything() {
        let c = cluster(1, 2);
        assert_eq!(c.effective_replication(), 1);
        assert!(c.bitmaps(0)[0].iter().all(|&b| b == 0xff));
    }
}
