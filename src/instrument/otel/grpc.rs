//! OTLP/gRPC transport: already-encoded `ExportTraceServiceRequest` bytes sent as a
//! unary `TraceService/Export` call over one kept HTTP/2 connection (http2.rs).
//!
//! Settings, as the OTLP exporter spec defines them (the trace-specific variable first):
//! `OTEL_EXPORTER_OTLP_TRACES_HEADERS` / `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2`,
//! values percent-decoded), `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` / `..._TIMEOUT`
//! (milliseconds, default 10 s), `OTEL_EXPORTER_OTLP_TRACES_COMPRESSION` / `..._COMPRESSION`
//! (`gzip` or `none`, the default: gzip costs the export thread CPU per span and pays
//! only where bandwidth is dear), `OTEL_EXPORTER_OTLP_TRACES_INSECURE` / `..._INSECURE`
//! (an endpoint without a scheme: `true` for cleartext, else TLS). TLS: transport.rs.

use std::io::Write;
use std::time::{Duration, Instant};

use flate2::write::GzEncoder;

use super::http2;

const EXPORT_PATH: &str = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) struct Client {
    http: http2::Client,
    endpoint: String,
    /// `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT`: one export, connecting included.
    timeout: Duration,
}

impl Client {
    pub(super) fn new(endpoint: &str) -> Result<Self, String> {
        let timeout = env_first(&["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"])
            .and_then(|ms| ms.trim().parse().ok())
            .map_or(DEFAULT_TIMEOUT, Duration::from_millis);
        let compression = env_first(&["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"])
            .map(|c| c.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let gzip = match compression.as_str() {
            "gzip" => true,
            "" | "none" => false,
            other => {
                log::warn!(target: "aerospike_py.tracing", "OTLP compression {other:?} is not supported (gzip or none): spans are sent uncompressed");
                false
            }
        };
        let insecure = env_first(&["OTEL_EXPORTER_OTLP_TRACES_INSECURE", "OTEL_EXPORTER_OTLP_INSECURE"])
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let mut headers = env_first(&["OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS"])
            .map(|h| parse_headers(&h))
            .unwrap_or_default();
        if gzip {
            headers.push(("grpc-encoding".into(), "gzip".into()));
        }
        let http = http2::Client::new(endpoint, EXPORT_PATH, &headers, gzip, insecure)?;
        Ok(Self { http, endpoint: endpoint.to_owned(), timeout })
    }

    /// True when requests go gzip-compressed (`OTEL_EXPORTER_OTLP_COMPRESSION=gzip`):
    /// the caller passes them through [`gzip`].
    pub(super) fn compresses(&self) -> bool {
        self.http.compressed()
    }

    pub(super) fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Sends one request (`body`: a complete `ExportTraceServiceRequest`), taking at
    /// most `limit` (and the OTLP timeout) until its answer, which [`Self::answer`]
    /// collects with the ticket returned.
    pub(super) fn send(&mut self, body: &[u8], limit: Duration) -> Result<u64, String> {
        let deadline = Instant::now() + self.timeout.min(limit);
        self.http.send(body, deadline)
    }

    /// The answer to request `ticket` (`body`: its body, should it be sent again).
    pub(super) fn answer(&mut self, ticket: u64, body: &[u8]) -> Result<(), String> {
        self.http.complete(ticket, body)
    }
}

/// `body` gzip-compressed into `out` (cleared first). Level 1: on span batches, whose
/// names and attributes repeat, it compresses nearly as well as the default level at a
/// fraction of the CPU (perf/README.md).
pub(super) fn gzip(body: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut encoder = GzEncoder::new(std::mem::take(out), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(body);
    *out = encoder.finish().unwrap_or_default();
}

pub(super) fn env_first(names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
}

/// `k=v,k2=v2` with percent-encoded values; malformed entries are skipped: a name that
/// is not an HTTP token, a value with control characters.
fn parse_headers(text: &str) -> Vec<(String, String)> {
    let token = |name: &str| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let mut headers = Vec::new();
    for entry in text.split(',') {
        let Some((key, value)) = entry.split_once('=') else { continue };
        let (key, value) = (key.trim().to_ascii_lowercase(), percent_decode(value.trim()));
        if token(&key) && value.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b)) {
            headers.push((key, value));
        }
    }
    headers
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_split_trimmed_and_percent_decoded() {
        let headers = parse_headers("api-key=se%20cret, X-Tenant = a ,broken,=x,bad name=1,k=%0a");
        assert_eq!(headers, [("api-key".into(), "se cret".into()), ("x-tenant".into(), "a".into())]);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%41%4"), "A%4");
    }
}
