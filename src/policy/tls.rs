//! The `tls` config key: the official client's TLS dict, turned into the
//! crate's rustls `TlsPolicy`.
//!
//! Keys (the official ones): `enable`, `cafile`, `capath`, `certfile`,
//! `keyfile`, `protocols`, `cipher_suite`, `crl_check`, `crl_check_all`,
//! `for_login_only`, `log_session_info`; `keyfile_pw` and `cert_blacklist`
//! are refused with the reason. The host's TLS name (the name the node's
//! certificate carries) is the third element of a `hosts` entry, as the
//! official client writes it. Every file is read when the client is created,
//! so a missing or unreadable one is a `ParamError` naming the key, not a
//! failed connection later.
//!
//! Differences from the OpenSSL-based official client: only TLSv1.2 and
//! TLSv1.3 exist (the default enables both), `cipher_suite` is a
//! colon-separated list of the suites rustls implements, and the system trust
//! store is not read: `cafile` or `capath` is required.

use std::path::Path;
use std::sync::Arc;

use aerospike::{ClientPolicy, TlsPolicy};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{ring, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer};
use rustls::{ClientConfig, RootCertStore, SupportedCipherSuite, SupportedProtocolVersion};

use super::fields::{find, for_each_field, Field, Value};
use crate::errors::{Error, Result};

const CONTEXT: &str = "config 'tls'";

#[derive(Default)]
struct Draft {
    enable: bool,
    cafile: Option<String>,
    capath: Option<String>,
    certfile: Option<String>,
    keyfile: Option<String>,
    protocols: Option<String>,
    cipher_suite: Option<String>,
    crl_check: bool,
    crl_check_all: bool,
    for_login_only: bool,
}

const KEYS: &[Field<Draft>] = &[
    Field::set("enable", "use TLS for every connection (default False)", |d, v| Ok(d.enable = v.boolean()?)),
    Field::set("cafile", "PEM file of the CA certificates that sign the servers'", |d, v| {
        Ok(d.cafile = Some(v.string()?))
    }),
    Field::set("capath", "directory of PEM CA certificate (and CRL) files", |d, v| Ok(d.capath = Some(v.string()?))),
    Field::set("certfile", "PEM client certificate chain (mutual TLS, PKI login)", |d, v| {
        Ok(d.certfile = Some(v.string()?))
    }),
    Field::set("keyfile", "PEM private key of 'certfile' (unencrypted)", |d, v| Ok(d.keyfile = Some(v.string()?))),
    Field::refused("keyfile_pw", "encrypted private keys cannot be read: decrypt the key file (openssl pkey)"),
    Field::set("protocols", "e.g. 'TLSv1.2', '+TLSv1.2 +TLSv1.3', '-all +TLSv1.3' (only TLSv1.2/1.3 exist)", |d, v| {
        Ok(d.protocols = Some(v.string()?))
    }),
    Field::set("cipher_suite", "colon-separated suites, OpenSSL or IANA names, of those rustls implements", |d, v| {
        Ok(d.cipher_suite = Some(v.string()?))
    }),
    Field::set("crl_check", "check the server certificate against CRLs from cafile/capath", |d, v| {
        Ok(d.crl_check = v.boolean()?)
    }),
    Field::set("crl_check_all", "check the whole chain against CRLs from cafile/capath", |d, v| {
        Ok(d.crl_check_all = v.boolean()?)
    }),
    Field::set("for_login_only", "TLS for the login only, the data in the clear (needs a user)", |d, v| {
        Ok(d.for_login_only = v.boolean()?)
    }),
    Field::no_op("log_session_info", "the OpenSSL client's session logging; nothing to log here", |v| {
        v.boolean().map(|_| ())
    }),
    Field::refused("cert_blacklist", "certificate blacklists are not supported; use CRLs (crl_check)"),
];

/// (OpenSSL name, suite); the IANA name is the suite's own.
fn suites() -> [(&'static str, SupportedCipherSuite); 9] {
    use ring::cipher_suite::*;
    [
        ("TLS_AES_128_GCM_SHA256", TLS13_AES_128_GCM_SHA256),
        ("TLS_AES_256_GCM_SHA384", TLS13_AES_256_GCM_SHA384),
        ("TLS_CHACHA20_POLY1305_SHA256", TLS13_CHACHA20_POLY1305_SHA256),
        ("ECDHE-ECDSA-AES128-GCM-SHA256", TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
        ("ECDHE-ECDSA-AES256-GCM-SHA384", TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
        ("ECDHE-ECDSA-CHACHA20-POLY1305", TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256),
        ("ECDHE-RSA-AES128-GCM-SHA256", TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
        ("ECDHE-RSA-AES256-GCM-SHA384", TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
        ("ECDHE-RSA-CHACHA20-POLY1305", TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
    ]
}

/// Fills `policy.tls_policy` from the config's `tls` dict.
pub(crate) fn apply(policy: &mut ClientPolicy, value: &Value) -> Result<()> {
    let mut draft = Draft::default();
    for_each_field(value.obj, CONTEXT, |name, obj| {
        let Some(field) = find(KEYS, name) else { return Ok(false) };
        field.apply(&mut draft, &Value { obj, context: CONTEXT, name })?;
        Ok(true)
    })?;
    policy.tls_policy = if draft.enable { Some(build(draft)?) } else { None };
    Ok(())
}

fn invalid(key: &str, what: impl std::fmt::Display) -> Error {
    Error::param(format!("{CONTEXT} '{key}' {what}"))
}

fn build(d: Draft) -> Result<TlsPolicy> {
    let provider = Arc::new(provider(d.cipher_suite.as_deref())?);
    let versions = protocols(d.protocols.as_deref())?;
    let files = ca_files(&d)?;
    let mut roots = RootCertStore::empty();
    for (key, path) in &files {
        let certs = CertificateDer::pem_file_iter(path).map_err(|e| invalid(key, format!("{path}: {e}")))?;
        roots.add_parsable_certificates(certs.flatten());
    }
    if roots.is_empty() {
        return Err(Error::param(format!(
            "{CONTEXT} needs 'cafile' or 'capath' with at least one CA certificate (the system trust store is not read)"
        )));
    }
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&versions)
        .map_err(|e| invalid("protocols", format!("cannot be used with these cipher suites: {e}")))?;
    let builder = if d.crl_check || d.crl_check_all {
        let crls = crls(&files)?;
        let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider).with_crls(crls);
        let verifier = if d.crl_check_all { verifier } else { verifier.only_check_end_entity_revocation() };
        builder.with_webpki_verifier(verifier.build().map_err(|e| invalid("crl_check", e))?)
    } else {
        builder.with_root_certificates(roots)
    };
    let config = match (&d.certfile, &d.keyfile) {
        (None, None) => builder.with_no_client_auth(),
        (Some(cert), Some(key)) => {
            let chain = CertificateDer::pem_file_iter(cert)
                .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| invalid("certfile", format!("{cert}: {e}")))?;
            let private = PrivateKeyDer::from_pem_file(key).map_err(|e| invalid("keyfile", format!("{key}: {e}")))?;
            builder.with_client_auth_cert(chain, private).map_err(|e| invalid("certfile", e))?
        }
        _ => return Err(Error::param(format!("{CONTEXT} 'certfile' and 'keyfile' go together"))),
    };
    Ok(TlsPolicy::new(config).with_login_only(d.for_login_only))
}

fn provider(cipher_suite: Option<&str>) -> Result<CryptoProvider> {
    let mut provider = ring::default_provider();
    let Some(wanted) = cipher_suite else { return Ok(provider) };
    let table = suites();
    let mut chosen = Vec::new();
    for name in wanted.split(':').map(str::trim).filter(|n| !n.is_empty()) {
        let suite = table
            .iter()
            .find(|(openssl, s)| *openssl == name || s.suite().as_str() == Some(name))
            .map(|(_, s)| *s)
            .ok_or_else(|| {
                let known: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
                invalid("cipher_suite", format!("has no suite {name:?} (supported: {})", known.join(", ")))
            })?;
        chosen.push(suite);
    }
    if chosen.is_empty() {
        return Err(invalid("cipher_suite", "names no suite"));
    }
    provider.cipher_suites = chosen;
    Ok(provider)
}

/// Apache `SSLProtocol` syntax, as the official client takes it.
fn protocols(spec: Option<&str>) -> Result<Vec<&'static SupportedProtocolVersion>> {
    let all = [("TLSv1.2", &rustls::version::TLS12), ("TLSv1.3", &rustls::version::TLS13)];
    let Some(spec) = spec else { return Ok(all.iter().map(|(_, v)| *v).collect()) };
    let mut on = [false, false];
    for token in spec.split_whitespace() {
        let (sign, name) = match token.as_bytes()[0] {
            b'+' | b'-' => (Some(token.starts_with('+')), &token[1..]),
            _ => (None, token),
        };
        if sign.is_none() {
            on = [false, false];
        }
        let enable = sign.unwrap_or(true);
        if name.eq_ignore_ascii_case("all") {
            on = [enable, enable];
        } else if let Some(i) = all.iter().position(|(n, _)| n.eq_ignore_ascii_case(name)) {
            on[i] = enable;
        } else if ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1"].iter().any(|n| n.eq_ignore_ascii_case(name)) {
            if enable {
                return Err(invalid("protocols", format!("cannot enable {name}: only TLSv1.2 and TLSv1.3 exist here")));
            }
        } else {
            return Err(invalid("protocols", format!("has an unknown protocol {name:?}")));
        }
    }
    let versions: Vec<_> = all.iter().zip(on).filter(|(_, on)| *on).map(|((_, v), _)| *v).collect();
    if versions.is_empty() {
        return Err(invalid("protocols", "enables no protocol"));
    }
    Ok(versions)
}

/// (key, path) of every file that may hold CA certificates or CRLs.
fn ca_files(d: &Draft) -> Result<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    if let Some(f) = &d.cafile {
        if !Path::new(f).is_file() {
            return Err(invalid("cafile", format!("{f}: no such file")));
        }
        out.push(("cafile", f.clone()));
    }
    if let Some(dir) = &d.capath {
        let entries = std::fs::read_dir(dir).map_err(|e| invalid("capath", format!("{dir}: {e}")))?;
        let mut paths: Vec<String> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        paths.sort();
        out.extend(paths.into_iter().map(|p| ("capath", p)));
    }
    Ok(out)
}

fn crls(files: &[(&'static str, String)]) -> Result<Vec<CertificateRevocationListDer<'static>>> {
    let mut out = Vec::new();
    for (key, path) in files {
        let found =
            CertificateRevocationListDer::pem_file_iter(path).map_err(|e| invalid(key, format!("{path}: {e}")))?;
        out.extend(found.flatten());
    }
    if out.is_empty() {
        return Err(Error::param(format!("{CONTEXT} 'crl_check' needs a CRL (PEM 'X509 CRL') in cafile or capath")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_specs() {
        let names = |s| protocols(Some(s)).map(|v| v.iter().map(|p| format!("{:?}", p.version)).collect::<Vec<_>>());
        assert_eq!(names("TLSv1.2").unwrap(), ["TLSv1_2"]);
        assert_eq!(names("-all +TLSv1.3").unwrap(), ["TLSv1_3"]);
        assert_eq!(names("all -TLSv1.1").unwrap(), ["TLSv1_2", "TLSv1_3"]);
        assert!(names("+TLSv1.1").is_err());
        assert!(names("-all").is_err());
        assert!(names("TLSv9").is_err());
        assert_eq!(protocols(None).unwrap().len(), 2);
    }

    #[test]
    fn cipher_suites_by_openssl_or_iana_name() {
        let p = provider(Some("ECDHE-RSA-AES128-GCM-SHA256:TLS13_AES_256_GCM_SHA384")).unwrap();
        assert_eq!(p.cipher_suites.len(), 2);
        assert!(provider(Some("RC4-MD5")).is_err());
        assert!(provider(Some("")).is_err());
    }
}
