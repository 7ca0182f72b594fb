//! TLS mode (`--tls DIR`): every node's port speaks TLS only, with
//! certificates made for this run.
//!
//! Contract: at start the server writes into DIR a fresh CA (`ca.pem`), a
//! server certificate it serves (`server.pem`/`server.key`, names: the
//! `--tls-name`, `localhost`, `127.0.0.1`), a client certificate signed by
//! the same CA (`client.pem`/`client.key`, for mutual TLS) and an unrelated
//! CA (`other-ca.pem`, for "wrong CA" tests). With `--tls-client-auth` a
//! client must present a certificate signed by the CA; its subject common
//! name (`aerospike-client`) is the user a PKI login (`AUTH_PKI`) logs in
//! as in security mode. A handshake failure closes the connection, as a
//! real server does.
//!
//! Cost: one key generation per certificate at start (milliseconds).

use std::fs;
use std::path::Path;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
#[cfg(test)]
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

struct Issued {
    cert: rcgen::Certificate,
    key: KeyPair,
}

fn ca(name: &str) -> Result<Issued, rcgen::Error> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let key = KeyPair::generate()?;
    Ok(Issued { cert: params.self_signed(&key)?, key })
}

fn leaf(common_name: &str, names: Vec<String>, issuer: &Issued) -> Result<Issued, rcgen::Error> {
    let mut params = CertificateParams::new(names)?;
    params.distinguished_name.push(DnType::CommonName, common_name);
    let key = KeyPair::generate()?;
    Ok(Issued { cert: params.signed_by(&key, &issuer.cert, &issuer.key)?, key })
}

/// Writes the run's certificates into `dir` and returns the server's TLS
/// configuration.
pub fn prepare(dir: &Path, tls_name: &str, client_auth: bool) -> Result<Arc<ServerConfig>, String> {
    let err = |e: rcgen::Error| format!("test-server: cannot make certificates: {e}");
    let authority = ca("aerospike-test-server CA").map_err(err)?;
    let other = ca("unrelated CA").map_err(err)?;
    let names = vec![tls_name.to_string(), "localhost".into(), "127.0.0.1".into()];
    let server = leaf(tls_name, names, &authority).map_err(err)?;
    let client = leaf("aerospike-client", vec!["aerospike-client".into()], &authority).map_err(err)?;

    fs::create_dir_all(dir).map_err(|e| format!("test-server: cannot create {}: {e}", dir.display()))?;
    let files = [
        ("ca.pem", authority.cert.pem()),
        ("other-ca.pem", other.cert.pem()),
        ("server.pem", server.cert.pem()),
        ("server.key", server.key.serialize_pem()),
        ("client.pem", client.cert.pem()),
        ("client.key", client.key.serialize_pem()),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| format!("test-server: cannot write {}: {e}", path.display()))?;
    }

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("test-server: TLS setup: {e}"))?;
    let builder = if client_auth {
        let mut roots = RootCertStore::empty();
        roots.add(authority.cert.der().clone()).map_err(|e| format!("test-server: TLS roots: {e}"))?;
        let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| format!("test-server: TLS client verifier: {e}"))?;
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let chain: Vec<CertificateDer<'static>> = vec![server.cert.der().clone()];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server.key.serialize_der()));
    let config = builder.with_single_cert(chain, key).map_err(|e| format!("test-server: TLS certificate: {e}"))?;
    Ok(Arc::new(config))
}

/// The subject common name of a DER certificate: the last CN in the
/// to-be-signed part (the issuer's comes first, then the subject's). A
/// byte scan for the CN attribute (OID 2.5.4.3), enough for certificates
/// this server issued; `None` if there is none.
pub fn subject_common_name(der: &[u8]) -> Option<String> {
    const CN_OID: [u8; 5] = [0x06, 0x03, 0x55, 0x04, 0x03];
    let mut found = None;
    let mut at = 0;
    while let Some(pos) = der[at..].windows(CN_OID.len()).position(|w| w == CN_OID) {
        let value = at + pos + CN_OID.len();
        // A string type (UTF8String 0x0c, PrintableString 0x13, ...) with a short length.
        if let (Some(&tag), Some(&len)) = (der.get(value), der.get(value + 1)) {
            if matches!(tag, 0x0c | 0x13 | 0x16) && len < 0x80 {
                if let Some(text) = der.get(value + 2..value + 2 + len as usize) {
                    found = String::from_utf8(text.to_vec()).ok();
                }
            }
        }
        at = value;
    }
    found
}

/// Completes the handshake of a new connection; the client certificate's
/// subject name, when it presented one (the user of a PKI login).
pub fn handshake(
    tls: &mut rustls::StreamOwned<rustls::ServerConnection, std::net::TcpStream>,
) -> std::io::Result<Option<String>> {
    while tls.conn.is_handshaking() {
        tls.conn.complete_io(&mut tls.sock)?;
    }
    Ok(tls.conn.peer_certificates().and_then(|c| c.first()).and_then(|c| subject_common_name(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_ca_and_certificates_it_signed() {
        let dir = std::env::temp_dir().join(format!("aerospike-test-tls-{}", std::process::id()));
        prepare(&dir, "node-a", true).unwrap();
        let pem = fs::read_to_string(dir.join("client.pem")).unwrap();
        let der = CertificateDer::from_pem_slice(pem.as_bytes()).unwrap();
        assert_eq!(subject_common_name(&der).as_deref(), Some("aerospike-client"));
        for f in ["ca.pem", "other-ca.pem", "server.pem", "server.key", "client.pem", "client.key"] {
            let text = fs::read_to_string(dir.join(f)).unwrap();
            assert!(text.starts_with("-----BEGIN"), "{f}");
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
