//! A minimal HTTP endpoint serving `GET /metrics` on the shared tokio runtime.
//!
//! The listener is bound synchronously so a busy port fails `start_metrics_server()`
//! itself; requests are answered with the current exposition and the connection closed.

use std::net::{SocketAddr, TcpListener as StdListener};
use std::sync::Mutex;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::runtime::{fork, runtime};

const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";
/// Requests are a line and a few headers; anything longer is not a scraper.
const MAX_REQUEST: usize = 8 * 1024;
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// The accept task and the fork generation whose runtime runs it.
static SERVER: Mutex<Option<(u64, JoinHandle<()>)>> = Mutex::new(None);

/// Serves `/metrics` on `host:port`; replaces a server already running.
pub(crate) fn start_metrics_server(port: u16, host: &str) -> std::io::Result<SocketAddr> {
    let listener = StdListener::bind((host, port))?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let task = {
        let _entered = runtime().enter();
        let listener = TcpListener::from_std(listener)?;
        runtime().spawn(accept_loop(listener))
    };
    if let Some(previous) = lock().replace((fork::generation(), task)) {
        stop(previous);
    }
    Ok(address)
}

/// Stops the server and frees its port; a no-op when none runs.
pub(crate) fn stop_metrics_server() {
    if let Some(task) = lock().take() {
        if let Some(task) = stop(task) {
            // Wait for the abort so the port is free when this returns.
            let _ = runtime().block_on(task);
        }
    }
}

/// Aborts a running server's task; a fork child's copy runs nowhere and belongs to a
/// runtime without threads, so it is forgotten, not touched (the parent keeps serving).
fn stop((generation, task): (u64, JoinHandle<()>)) -> Option<JoinHandle<()>> {
    if generation != fork::generation() {
        std::mem::forget(task);
        return None;
    }
    task.abort();
    Some(task)
}

fn lock() -> std::sync::MutexGuard<'static, Option<(u64, JoinHandle<()>)>> {
    SERVER.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn accept_loop(listener: TcpListener) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(READ_TIMEOUT, respond(stream)).await;
                });
            }
            // Out of file descriptors and the like: back off instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

async fn respond(mut stream: TcpStream) -> std::io::Result<()> {
    let mut request = Vec::with_capacity(512);
    let mut chunk = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 || request.len() + n > MAX_REQUEST {
            return Ok(());
        }
        request.extend_from_slice(&chunk[..n]);
    }
    let line = request.split(|&b| b == b'\r').next().unwrap_or_default();
    let mut parts = line.split(|&b| b == b' ');
    let (method, path) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let path = path.split(|&b| b == b'?').next().unwrap_or_default();
    let response = match (method, path) {
        (b"GET", b"/metrics") => reply("200 OK", CONTENT_TYPE, &super::render()),
        (b"GET", _) => reply("404 Not Found", "text/plain", "not found; metrics are at /metrics\n"),
        _ => reply("405 Method Not Allowed", "text/plain", "only GET is supported\n"),
    };
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

fn reply(status: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}
