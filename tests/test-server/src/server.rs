//! Connection handling: one thread per client connection.
//!
//! Contract: connections stay open for any number of requests (clients
//! pool them). Each request frame gets exactly one reply frame. A frame
//! that cannot be a request (bad version, compressed, admin/security)
//! closes the connection; a malformed AS_MSG is answered with
//! PARAMETER_ERROR. No input may panic the server.

use crate::command::{self, Limits};
use crate::info::{self, Node};
use crate::msg::{Msg, Reply};
use crate::proto;
use crate::result;
use crate::store::Store;
use std::io::{self, BufReader};
use std::net::{TcpListener, TcpStream};
use std::thread;

pub struct Server {
    pub node: Node<'static>,
    pub store: &'static Store,
    pub limits: Limits,
    pub verbose: bool,
}

/// Accepts forever, handing each connection to its own thread.
pub fn serve(listener: TcpListener, server: &'static Server) {
    for conn in listener.incoming() {
        match conn {
            Ok(stream) => {
                let spawned = thread::Builder::new()
                    .name("conn".into())
                    .stack_size(512 * 1024)
                    .spawn(move || {
                        if let Err(e) = handle_connection(stream, server) {
                            if !matches!(
                                e.kind(),
                                io::ErrorKind::UnexpectedEof
                                    | io::ErrorKind::ConnectionReset
                                    | io::ErrorKind::BrokenPipe
                            ) {
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

fn handle_connection(stream: TcpStream, server: &Server) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    while let Some(frame) = proto::read_frame(&mut reader)? {
        match frame.ptype {
            proto::TYPE_INFO => {
                let body = info::handle(&server.node, &frame.body, server.verbose);
                proto::write_frame(&mut writer, proto::TYPE_INFO, &body)?;
            }
            proto::TYPE_MSG => {
                let reply = match Msg::parse(&frame.body) {
                    Ok(m) => command::execute(server.store, &server.limits, &m),
                    Err(e) => {
                        eprintln!("test-server: malformed message: {}", e.0);
                        Reply::error(result::PARAMETER_ERROR)
                    }
                };
                proto::write_frame(&mut writer, proto::TYPE_MSG, &reply.encode())?;
            }
            other => {
                // Compression (4) is not advertised and security (2) is not
                // enabled; a client sending them is misconfigured.
                let what = match other {
                    proto::TYPE_COMPRESSED => "compressed message",
                    proto::TYPE_ADMIN => "admin/security message",
                    _ => "unknown proto type",
                };
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{what} (type {other}) not supported"),
                ));
            }
        }
    }
    Ok(())
}
