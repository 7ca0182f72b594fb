//! The byte stream under the exporter's HTTP/2: cleartext TCP, or TLS over it (rustls,
//! the ring provider the client's own TLS uses), blocking, with the socket's timeouts.
//!
//! TLS settings, as the OTLP exporter spec names them (the trace-specific variable
//! first): `OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE` / `..._CERTIFICATE` (PEM file of the
//! CA certificates to trust; without it, the system's trust store),
//! `..._CLIENT_CERTIFICATE` and `..._CLIENT_KEY` (PEM files, for a collector that asks
//! for a client certificate). ALPN offers `h2`, as gRPC over TLS requires.

use std::io::{self, IoSlice, Read, Write};
use std::net::TcpStream;
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::time::Duration;

use rustls::crypto::ring;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore};

use super::grpc::env_first;

/// What a TLS connection needs: the configuration, and the name the server's
/// certificate must carry (the endpoint's host).
#[derive(Clone)]
pub(super) struct Tls {
    config: Arc<ClientConfig>,
    server_name: ServerName<'static>,
}

impl Tls {
    /// From the environment, for the endpoint's `host` (a DNS name or an IP address).
    pub(super) fn from_env(host: &str) -> Result<Self, String> {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let server_name =
            ServerName::try_from(host.to_owned()).map_err(|e| format!("{host:?} is not a TLS server name: {e}"))?;
        let mut roots = RootCertStore::empty();
        match env_first(&["OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE"]) {
            Some(path) => {
                let certs = CertificateDer::pem_file_iter(&path).map_err(|e| format!("CA certificates {path}: {e}"))?;
                roots.add_parsable_certificates(certs.flatten());
                if roots.is_empty() {
                    return Err(format!("no CA certificate in {path}"));
                }
            }
            None => {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
                if roots.is_empty() {
                    return Err("the system trust store has no certificates: set OTEL_EXPORTER_OTLP_CERTIFICATE".into());
                }
            }
        }
        let builder = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots);
        let cert =
            env_first(&["OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"]);
        let key = env_first(&["OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "OTEL_EXPORTER_OTLP_CLIENT_KEY"]);
        let mut config = match (cert, key) {
            (Some(cert), Some(key)) => {
                let chain: Vec<_> = CertificateDer::pem_file_iter(&cert)
                    .map_err(|e| format!("client certificate {cert}: {e}"))?
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("client certificate {cert}: {e}"))?;
                let private = PrivateKeyDer::from_pem_file(&key).map_err(|e| format!("client key {key}: {e}"))?;
                builder.with_client_auth_cert(chain, private).map_err(|e| format!("client certificate {cert}: {e}"))?
            }
            (None, None) => builder.with_no_client_auth(),
            _ => {
                return Err(
                    "a client certificate needs both OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and _CLIENT_KEY".into()
                )
            }
        };
        config.alpn_protocols = vec![b"h2".to_vec()];
        Ok(Self { config: Arc::new(config), server_name })
    }
}

pub(super) struct Transport {
    socket: TcpStream,
    tls: Option<Box<ClientConnection>>,
}

/// An error of the TLS layer (a bad certificate, a corrupt record) as an I/O error.
fn tls_error(e: rustls::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("TLS: {e}"))
}

impl Transport {
    /// Over `socket` (connected, its timeouts set for the handshake): TLS shakes hands here.
    pub(super) fn new(mut socket: TcpStream, tls: Option<&Tls>) -> io::Result<Self> {
        let Some(tls) = tls else { return Ok(Self { socket, tls: None }) };
        let mut connection =
            ClientConnection::new(Arc::clone(&tls.config), tls.server_name.clone()).map_err(tls_error)?;
        while connection.is_handshaking() {
            connection.complete_io(&mut socket)?;
        }
        Ok(Self { socket, tls: Some(Box::new(connection)) })
    }

    pub(super) fn set_read_timeout(&self, timeout: Duration) {
        let _ = self.socket.set_read_timeout(Some(timeout));
    }

    pub(super) fn set_write_timeout(&self, timeout: Duration) {
        let _ = self.socket.set_write_timeout(Some(timeout));
    }

    /// Writes all of `slices`, in as few system calls as the socket takes them.
    pub(super) fn write_all(&mut self, slices: &[IoSlice<'_>]) -> io::Result<()> {
        let mut owned: Vec<IoSlice<'_>> = slices.to_vec();
        let mut remaining: &mut [IoSlice<'_>] = &mut owned;
        while !remaining.is_empty() {
            let n = match &mut self.tls {
                None => self.socket.write_vectored(remaining),
                // Encrypted into records as far as rustls buffers them (64 KiB), then sent.
                Some(tls) => tls.writer().write_vectored(remaining).and_then(|n| {
                    Self::send_records(tls, &mut self.socket)?;
                    Ok(n)
                }),
            };
            match n {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut remaining, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn send_records(tls: &mut ClientConnection, socket: &mut TcpStream) -> io::Result<()> {
        while tls.wants_write() {
            match tls.write_tls(socket) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Blocking read of what arrived (plaintext); 0 once the server closed the connection.
    pub(super) fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let Some(tls) = &mut self.tls else { return self.socket.read(buffer) };
        loop {
            match tls.reader().read(buffer) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                // Closed without close_notify: closed all the same, for this client.
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(0),
                Err(e) => return Err(e),
            }
            if tls.read_tls(&mut self.socket)? == 0 {
                return Ok(0);
            }
            tls.process_new_packets().map_err(tls_error)?;
            Self::send_records(tls, &mut self.socket)?; // alerts, key updates
        }
    }

    /// Appends to `pending` what has arrived, without blocking (one `recv(MSG_DONTWAIT)`
    /// when nothing has: no switching the socket to non-blocking and back); false once
    /// the server closed the connection or it failed.
    pub(super) fn read_arrived(&mut self, buffer: &mut [u8], pending: &mut Vec<u8>) -> bool {
        // What an earlier blocking `read` decrypted but had no room to hand out.
        if let Some(tls) = &mut self.tls {
            if Self::take_plaintext(tls, pending).is_err() {
                return false;
            }
        }
        loop {
            // SAFETY: `buffer` is valid for writes of its length for the whole call.
            let n = unsafe {
                libc::recv(self.socket.as_raw_fd(), buffer.as_mut_ptr().cast(), buffer.len(), libc::MSG_DONTWAIT)
            };
            match n {
                0 => return false,
                n if n > 0 => {
                    let received = &buffer[..n as usize];
                    match &mut self.tls {
                        None => pending.extend_from_slice(received),
                        Some(tls) => {
                            if Self::decrypt(tls, &mut self.socket, received, pending).is_err() {
                                return false;
                            }
                        }
                    }
                }
                _ => match io::Error::last_os_error().kind() {
                    io::ErrorKind::WouldBlock => return true,
                    io::ErrorKind::Interrupted => {}
                    _ => return false,
                },
            }
        }
    }

    /// Feeds records read off the socket to rustls; the plaintext goes to `pending`.
    fn decrypt(
        tls: &mut ClientConnection,
        socket: &mut TcpStream,
        mut received: &[u8],
        pending: &mut Vec<u8>,
    ) -> io::Result<()> {
        while !received.is_empty() {
            if tls.read_tls(&mut received)? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            let state = tls.process_new_packets().map_err(tls_error)?;
            if state.peer_has_closed() && state.plaintext_bytes_to_read() == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            Self::take_plaintext(tls, pending)?;
        }
        Self::send_records(tls, socket)
    }

    /// Appends the plaintext rustls holds to `pending`, without reading the socket.
    fn take_plaintext(tls: &mut ClientConnection, pending: &mut Vec<u8>) -> io::Result<()> {
        // `WouldBlock` once it is drained; what was read before it stays in `pending`.
        match tls.reader().read_to_end(pending) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(()),
            other => other.map(drop),
        }
    }
}
