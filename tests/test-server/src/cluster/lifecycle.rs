//! Stopping and starting a node at run time.
//!
//! Contract: `stop` returns once the node's listener is closed and every
//! connection to it is cut (a client then sees refused connections, as
//! with a dead server process); `start` returns once it accepts again on
//! the same port. Both bump the cluster generation through the alive flag
//! change, so the survivors' partition maps move.
//!
//! Each node has one acceptor thread for the life of the process: it
//! serves while the node is alive, drops its listener when stopped, and
//! binds again when started.

use super::{Cluster, NodeSlot};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Runs a node's acceptor forever; `serve` handles one listener until it
/// returns (it returns when the node is stopped).
pub fn run(slot: &'static NodeSlot, first: TcpListener, serve: impl Fn(TcpListener)) {
    let mut listener = Some(first);
    loop {
        match listener.take() {
            Some(l) => {
                set_listening(slot, true);
                serve(l);
                set_listening(slot, false);
            }
            None => {
                wait_alive(slot);
                listener = bind_again(slot);
            }
        }
    }
}

pub fn stop(cluster: &Cluster, node: usize) {
    let slot = &cluster.nodes[node];
    if !slot.alive.swap(false, Ordering::SeqCst) {
        return;
    }
    cluster.bump();
    // Wake the acceptor so it sees the flag and drops the listener.
    let _ = TcpStream::connect_timeout(&wake_addr(slot), Duration::from_secs(1));
    for (_, conn) in slot.conns.lock().unwrap_or_else(|e| e.into_inner()).drain() {
        let _ = conn.shutdown(Shutdown::Both);
    }
    wait_listening(slot, false);
}

pub fn start(cluster: &Cluster, node: usize) {
    let slot = &cluster.nodes[node];
    if slot.alive.swap(true, Ordering::SeqCst) {
        return;
    }
    {
        // Under the lock: the acceptor checks the flag and waits holding it.
        let _guard = slot.listening.lock().unwrap_or_else(|e| e.into_inner());
        slot.changed.notify_all();
    }
    wait_listening(slot, true);
    cluster.bump();
}

fn wake_addr(slot: &NodeSlot) -> std::net::SocketAddr {
    let host = if slot.host.contains(':') { format!("[{}]", slot.host) } else { slot.host.clone() };
    format!("{host}:{}", slot.port).parse().unwrap_or_else(|_| ([127, 0, 0, 1], slot.port).into())
}

fn set_listening(slot: &NodeSlot, on: bool) {
    *slot.listening.lock().unwrap_or_else(|e| e.into_inner()) = on;
    slot.changed.notify_all();
}

fn wait_listening(slot: &NodeSlot, on: bool) {
    let mut l = slot.listening.lock().unwrap_or_else(|e| e.into_inner());
    while *l != on {
        l = slot.changed.wait(l).unwrap_or_else(|e| e.into_inner());
    }
}

fn wait_alive(slot: &NodeSlot) {
    let mut l = slot.listening.lock().unwrap_or_else(|e| e.into_inner());
    while !slot.is_alive() {
        l = slot.changed.wait(l).unwrap_or_else(|e| e.into_inner());
    }
}

/// The old socket may linger briefly; retry the bind for a few seconds.
fn bind_again(slot: &NodeSlot) -> Option<TcpListener> {
    for _ in 0..200 {
        match TcpListener::bind((slot.bind.as_str(), slot.port)) {
            Ok(l) => return Some(l),
            Err(_) => std::thread::sleep(Duration::from_millis(25)),
        }
    }
    eprintln!("test-server: node {} cannot bind port {} again", slot.name, slot.port);
    None
}
