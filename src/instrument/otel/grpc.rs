//! OTLP/gRPC transport: already-encoded `ExportTraceServiceRequest` bytes sent as a
//! unary `TraceService/Export` call over one kept HTTP/2 connection (http2.rs).
//!
//! Settings, as the OTLP exporter spec defines them (the trace-specific variable first):
//! `OTEL_EXPORTER_OTLP_TRACES_HEADERS` / `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2`,
//! values percent-decoded), `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` / `..._TIMEOUT`
//! (milliseconds, default 10 s). `..._COMPRESSION=gzip` is not built in: it is reported
//! and spans are sent uncompressed (loopback and LAN collectors gain nothing from it).

use std::time::{Duration, Instant};

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
        if let Some(compression) =
            env_first(&["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"])
                .filter(|c| !c.trim().is_empty() && !c.trim().eq_ignore_ascii_case("none"))
        {
            log::warn!(target: "aerospike_py.tracing", "OTLP compression {compression:?} is not supported: spans are sent uncompressed");
        }
        let headers = env_first(&["OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS"])
            .map(|h| parse_headers(&h))
            .unwrap_or_default();
        let http = http2::Client::new(endpoint, EXPORT_PATH, &headers)?;
        Ok(Self { http, endpoint: endpoint.to_owned(), timeout })
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

fn env_first(names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| std::env::var(name).ok())
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
