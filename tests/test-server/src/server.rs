//! Connection handling: one thread per client connection.
//!
//! Contract: connections stay open for any number of requests (clients
//! pool them). Each request frame gets exactly one reply frame. A frame
//! that cannot be a request (bad version, compressed, admin/security)
//! closes the connection; a malformed AS_MSG is answered with
//! PARAMETER_ERROR. No input may panic the server.

use crate::batch;
use crate::cluster::counters::Kind;
use crate::cluster::{lifecycle, Cluster, NodeSlot};
use crate::command::{self, Limits};
use crate::info::{self, Node};
use crate::msg::{self, Msg, Reply};
use crate::proto;
use crate::result;
use crate::scan;
use crate::security::{self, Security};
use crate::store::Store;
use std::io::{self, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// One node of the cluster, as its connections see it.
pub struct Server {
    pub cluster: &'static Cluster,
    pub index: usize,
    pub store: &'static Store,
    pub limits: Limits,
    /// The least time between a data request's arrival and its reply (`--service-time-us`).
    pub service_time: Duration,
    pub verbose: bool,
    /// Security mode (`--security`); `None`: Community Edition, no checks.
    pub security: Option<&'static Security>,
    /// TLS mode: every connection is TLS with this configuration.
    pub tls: Option<Arc<rustls::ServerConfig>>,
}

impl Server {
    fn slot(&self) -> &'static NodeSlot {
        &self.cluster.nodes[self.index]
    }

    fn node<'a>(&'a self, conn: &'a security::Conn) -> Node<'a> {
        Node { cluster: self.cluster, index: self.index, store: self.store, access: self.security.map(|s| (s, conn)) }
    }
}

/// Serves the node for the life of the process, across stops and starts.
pub fn run(listener: TcpListener, server: &'static Server) {
    lifecycle::run(server.slot(), listener, |l| serve(l, server));
}

/// Accepts until the node is stopped, handing each connection to its own
/// thread.
fn serve(listener: TcpListener, server: &'static Server) {
    for conn in listener.incoming() {
        if !server.slot().is_alive() {
            // Stopped: this is the wake-up connection or a late client.
            return;
        }
        match conn {
            Ok(stream) => {
                let spawned = thread::Builder::new().name("conn".into()).stack_size(512 * 1024).spawn(move || {
                    let id = server.slot().register(&stream);
                    let outcome = handle_connection(stream, server);
                    if let Some(id) = id {
                        server.slot().unregister(id);
                    }
                    if let Err(e) = outcome {
                        if server.slot().is_alive()
                            && !matches!(
                                e.kind(),
                                io::ErrorKind::UnexpectedEof
                                    | io::ErrorKind::ConnectionReset
                                    | io::ErrorKind::BrokenPipe
                            )
                        {
                            eprintln!("test-server: closing connection: {e}");
                        }
                    }
                });
                if let Err(e) = spawned {
                    eprintln!("test-server: cannot spawn connection thread: {e}");
                }
            }
            Err(e) => eprintln!("test-server: accept failed: {e}"),
        }
    }
}

/// One AS_MSG request to its reply frames: batch and scan/query stream
/// several, single-record commands answer with one.
fn dispatch(server: &Server, conn: &security::Conn, m: &Msg) -> Vec<Vec<u8>> {
    if m.info1 & msg::INFO1_BATCH != 0 {
        batch::execute_checked(server.store, &server.limits, m, |row| {
            server.security.map_or(Ok(()), |s| s.check_msg(conn, row))
        })
    } else if m.field(msg::FIELD_DIGEST).is_none() {
        let owned = (server.cluster.nodes.len() > 1).then(|| server.cluster.mastered_by(server.index));
        scan::execute_on(server.store, &server.limits, m, owned.as_deref())
    } else {
        let reply = command::execute(server.store, &server.limits, m);
        count(server, m, reply.result_code);
        vec![reply.encode()]
    }
}

/// Per-node statistics for single-record commands.
fn count(server: &Server, m: &Msg, code: u8) {
    let kind = if m.info2 & msg::INFO2_DELETE != 0 {
        Kind::Delete
    } else if m.info2 & msg::INFO2_WRITE != 0 {
        Kind::Write
    } else {
        Kind::Read
    };
    let ns = m.field(msg::FIELD_NAMESPACE).unwrap_or_default();
    server.slot().counters.record(ns, kind, code);
}

fn handle_connection(stream: TcpStream, server: &Server) -> io::Result<()> {
    stream.set_nodelay(true)?;
    match &server.tls {
        None => serve_stream(stream, server, security::Conn::default()),
        Some(config) => {
            let tls = rustls::ServerConnection::new(config.clone()).map_err(io::Error::other)?;
            let mut tls = rustls::StreamOwned::new(tls, stream);
            let certificate_user = crate::tls::handshake(&mut tls)?;
            serve_stream(tls, server, security::Conn { certificate_user, ..Default::default() })
        }
    }
}

/// Serves requests on one connection, plain or TLS, until it closes.
fn serve_stream(stream: impl Read + Write, server: &Server, mut conn: security::Conn) -> io::Result<()> {
    let mut reader = BufReader::new(stream);
    while let Some(frame) = proto::read_frame(&mut reader)? {
        match frame.ptype {
            proto::TYPE_INFO => {
                let body = info::handle(&server.node(&conn), &frame.body, server.verbose);
                proto::write_frame(reader.get_mut(), proto::TYPE_INFO, &body)?;
            }
            proto::TYPE_ADMIN => {
                let body = security::admin::handle(server.security, &mut conn, &frame.body);
                proto::write_frame(reader.get_mut(), proto::TYPE_ADMIN, &body)?;
            }
            proto::TYPE_MSG => {
                let arrived = Instant::now();
                let bodies = match Msg::parse(&frame.body) {
                    Ok(m) => match server.security.map_or(Ok(()), |s| s.check_msg(&conn, &m)) {
                        Ok(()) => dispatch(server, &conn, &m),
                        // The whole request is refused; LAST ends a stream.
                        Err(code) => {
                            vec![Reply { info3: msg::INFO3_LAST, result_code: code, ..Reply::default() }.encode()]
                        }
                    },
                    Err(e) => {
                        eprintln!("test-server: malformed message: {}", e.0);
                        vec![Reply::error(result::PARAMETER_ERROR).encode()]
                    }
                };
                wait_until(arrived + server.service_time);
                for body in bodies {
                    proto::write_frame(reader.get_mut(), proto::TYPE_MSG, &body)?;
                }
            }
            other => {
                // Compression (4) is not advertised; a client sending it is
                // misconfigured.
                let what = match other {
                    proto::TYPE_COMPRESSED => "compressed message",
                    _ => "unknown proto type",
                };
                return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{what} (type {other}) not supported")));
            }
        }
    }
    Ok(())
}

/// Sleeps until `deadline` (a no-op once it has passed). A sleep, not a spin: on a
/// shared machine a spinning server would take the CPU the client being measured needs.
fn wait_until(deadline: Instant) {
    let left = deadline.saturating_duration_since(Instant::now());
    if !left.is_zero() {
        thread::sleep(left);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Namespace;
    use std::io::{Read, Write};

    /// Starts a server on a free loopback port for one test.
    fn start() -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let store: &'static Store = Box::leak(Box::new(Store::new(vec![Namespace::new("test", 0)])));
        let slot = NodeSlot::new("BB9000000000001".into(), "127.0.0.1".into(), "127.0.0.1".into(), port, 0);
        let cluster: &'static Cluster = Box::leak(Box::new(Cluster::new(vec![slot], 1, None, 0)));
        let server: &'static Server = Box::leak(Box::new(Server {
            cluster,
            index: 0,
            store,
            limits: Limits { max_record_size: 1 << 20 },
            service_time: Duration::ZERO,
            verbose: false,
            security: None,
            tls: None,
        }));
        thread::spawn(move || run(listener, server));
        port
    }

    fn roundtrip(s: &mut TcpStream, ptype: u8, body: &[u8]) -> proto::Frame {
        proto::write_frame(s, ptype, body).unwrap();
        proto::read_frame(s).unwrap().expect("reply frame")
    }

    #[test]
    fn info_then_malformed_message_on_one_connection() {
        let port = start();
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let f = roundtrip(&mut s, proto::TYPE_INFO, b"node\nbuild\n");
        assert_eq!(f.body, format!("node\tBB9000000000001\nbuild\t{}\n", info::BUILD).as_bytes());
        // Truncated AS_MSG: answered with PARAMETER_ERROR, connection stays up.
        let f = roundtrip(&mut s, proto::TYPE_MSG, &[22, 1, 0]);
        assert_eq!(f.ptype, proto::TYPE_MSG);
        assert_eq!(f.body[5], result::PARAMETER_ERROR);
        let f = roundtrip(&mut s, proto::TYPE_INFO, b"namespaces\n");
        assert_eq!(f.body, b"namespaces\ttest\n");
    }

    #[test]
    fn garbage_and_compressed_frames_close_the_connection() {
        let port = start();
        for bytes in [&b"GET / HTTP/1.1\r\n\r\n"[..], &[2, proto::TYPE_COMPRESSED, 0, 0, 0, 0, 0, 1, 0][..]] {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(bytes).unwrap();
            let mut buf = Vec::new();
            // The server closes without replying.
            assert_eq!(s.read_to_end(&mut buf).unwrap_or(0), 0);
        }
        // ...and keeps serving others.
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        assert_eq!(roundtrip(&mut s, proto::TYPE_INFO, b"status\n").body, b"status\tok\n");
    }
}
