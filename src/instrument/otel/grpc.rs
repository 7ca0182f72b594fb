//! OTLP/gRPC transport: already-encoded `ExportTraceServiceRequest` bytes sent as a
//! unary `TraceService/Export` call over one lazily connected tonic channel.
//!
//! Settings, as the OTLP exporter spec defines them (the trace-specific variable first):
//! `OTEL_EXPORTER_OTLP_TRACES_HEADERS` / `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2`,
//! values percent-decoded), `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` / `..._TIMEOUT`
//! (milliseconds, default 10 s). `..._COMPRESSION=gzip` is not built in: it is reported
//! and spans are sent uncompressed (loopback and LAN collectors gain nothing from it).

use std::time::Duration;

use bytes::{Buf, BufMut};
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::codegen::http::uri::PathAndQuery;
use tonic::metadata::{AsciiMetadataKey, AsciiMetadataValue, MetadataMap};
use tonic::transport::Channel;
use tonic::{Request, Status};

const EXPORT_PATH: &str = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) struct Client {
    channel: Channel,
    headers: MetadataMap,
    endpoint: String,
    /// The channel's own runtime, driven only by the export thread while it exports:
    /// its connection and buffer tasks then run on that thread, and a batch costs no
    /// wake-ups of the client's runtime workers (they took ~40 % of an exported span's
    /// CPU in context switches; perf/README.md).
    io: tokio::runtime::Runtime,
}

impl Client {
    pub(super) fn new(endpoint: &str) -> Result<Self, String> {
        let timeout = env_first(&["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"])
            .and_then(|ms| ms.trim().parse().ok())
            .map_or(DEFAULT_TIMEOUT, Duration::from_millis);
        let io = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the export runtime: {e}"))?;
        // tonic spawns its connection and buffer tasks on the runtime current at build time.
        let channel = {
            let _entered = io.enter();
            Channel::from_shared(endpoint.to_owned())
                .map_err(|e| format!("invalid endpoint {endpoint:?}: {e}"))?
                .timeout(timeout)
                .connect_lazy()
        };
        if let Some(compression) =
            env_first(&["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"])
                .filter(|c| !c.trim().is_empty() && !c.trim().eq_ignore_ascii_case("none"))
        {
            log::warn!(target: "aerospike_py.tracing", "OTLP compression {compression:?} is not supported: spans are sent uncompressed");
        }
        let headers = env_first(&["OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS"])
            .map(|h| parse_headers(&h))
            .unwrap_or_default();
        Ok(Self { channel, headers, endpoint: endpoint.to_owned(), io })
    }

    pub(super) fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Sends one request (`body`: a complete `ExportTraceServiceRequest`) and waits for
    /// the answer on the calling thread, at most `timeout`; the failure's text otherwise.
    pub(super) fn export(&self, body: Vec<u8>, timeout: Duration) -> Result<(), String> {
        let call = async {
            let mut grpc = tonic::client::Grpc::new(self.channel.clone());
            grpc.ready().await.map_err(|e| Status::unavailable(e.to_string()))?;
            let mut request = Request::new(body);
            *request.metadata_mut() = self.headers.clone();
            grpc.unary::<_, (), _>(request, PathAndQuery::from_static(EXPORT_PATH), RawCodec).await.map(|_| ())
        };
        match self.io.block_on(async { tokio::time::timeout(timeout, call).await }) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(status)) => Err(status.to_string()),
            Err(_) => Err(format!("timed out after {timeout:?}")),
        }
    }
}

fn env_first(names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| std::env::var(name).ok())
}

/// `k=v,k2=v2` with percent-encoded values; malformed entries are skipped.
fn parse_headers(text: &str) -> MetadataMap {
    let mut map = MetadataMap::new();
    for entry in text.split(',') {
        let Some((key, value)) = entry.split_once('=') else { continue };
        let (Ok(key), Ok(value)) = (
            key.trim().to_ascii_lowercase().parse::<AsciiMetadataKey>(),
            percent_decode(value.trim()).parse::<AsciiMetadataValue>(),
        ) else {
            continue;
        };
        map.append(key, value);
    }
    map
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

/// Passes pre-encoded request bytes through and ignores the (empty) response body.
struct RawCodec;

impl Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = ();
    type Encoder = RawEncoder;
    type Decoder = IgnoreDecoder;

    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }

    fn decoder(&mut self) -> IgnoreDecoder {
        IgnoreDecoder
    }
}

struct RawEncoder;

impl Encoder for RawEncoder {
    type Item = Vec<u8>;
    type Error = Status;

    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }

    fn buffer_settings(&self) -> BufferSettings {
        BufferSettings::default()
    }
}

struct IgnoreDecoder;

impl Decoder for IgnoreDecoder {
    type Item = ();
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<()>, Status> {
        src.advance(src.remaining());
        Ok(Some(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_split_trimmed_and_percent_decoded() {
        let map = parse_headers("api-key=se%20cret, X-Tenant = a ,broken,=x");
        assert_eq!(map.get("api-key").unwrap(), "se cret");
        assert_eq!(map.get("x-tenant").unwrap(), "a");
        assert_eq!(map.len(), 2);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%41%4"), "A%4");
    }
}
