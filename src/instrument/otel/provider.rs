//! `init_tracing()` / `shutdown_tracing()`: the tracer provider's life cycle.
//!
//! Settings come only from the standard environment variables: the OTLP endpoint
//! (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`, default
//! `http://localhost:4317`), `OTEL_SERVICE_NAME` (default `aerospike-py`),
//! `OTEL_SDK_DISABLED`, `OTEL_TRACES_EXPORTER`, the SDK's `OTEL_TRACES_SAMPLER` and
//! `OTEL_RESOURCE_ATTRIBUTES`, and `OTEL_BSP_*` for the export queue.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry::InstrumentationScope;
use opentelemetry_otlp::{SpanExporter as OtlpExporter, WithExportConfig};
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider, SpanExporter as _};
use opentelemetry_sdk::Resource;
use pyo3::prelude::*;

use super::export::{QueueConfig, QueueProcessor, DROPPED_SPANS};
use super::TRACING;
use crate::runtime::runtime;

const DEFAULT_ENDPOINT: &str = "http://localhost:4317";
const DEFAULT_SERVICE_NAME: &str = "aerospike-py";
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the start-up reachability probe waits before warning.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// Held while initialising or shutting down, so concurrent calls are serialised.
static PROVIDER: Mutex<Option<SdkTracerProvider>> = Mutex::new(None);
/// Lock-free for the hot path.
static TRACER: ArcSwapOption<SdkTracer> = ArcSwapOption::const_empty();

pub(super) fn tracer() -> Option<Arc<SdkTracer>> {
    TRACER.load_full()
}

pub(crate) fn init_tracing(py: Python<'_>) -> PyResult<()> {
    // The provider lock is only ever taken with the GIL released, and nothing is logged
    // (which needs the GIL) while it is held: neither can wait on the other.
    let notice = py.detach(init_detached);
    if let Some(notice) = notice {
        notice.emit();
    }
    Ok(())
}

pub(crate) fn shutdown_tracing(py: Python<'_>) -> PyResult<()> {
    let outcome = py.detach(|| {
        TRACING.store(false, Ordering::Relaxed);
        TRACER.store(None);
        let provider = lock().take();
        provider.map(|p| p.shutdown_with_timeout(SHUTDOWN_TIMEOUT))
    });
    if let Some(Err(e)) = outcome {
        log::warn!(target: "aerospike_py.tracing", "flushing spans on shutdown failed: {e}");
    }
    Ok(())
}

/// What `init_tracing()` has to tell the application, logged once the lock is released.
enum Notice {
    Off(&'static str),
    SetupFailed(String, String),
    Started(String),
}

impl Notice {
    fn emit(self) {
        match self {
            Notice::Off(why) => log::info!(target: "aerospike_py.tracing", "{why}: tracing stays off"),
            Notice::SetupFailed(endpoint, e) => log::warn!(
                target: "aerospike_py.tracing",
                "cannot set up OTLP export to {endpoint}: {e}; tracing stays off"
            ),
            Notice::Started(endpoint) => probe(endpoint),
        }
    }
}

fn init_detached() -> Option<Notice> {
    let mut provider = lock();
    if provider.is_some() {
        return None;
    }
    if env_is("OTEL_SDK_DISABLED", "true") {
        return Some(Notice::Off("OTEL_SDK_DISABLED is true"));
    }
    if env_is("OTEL_TRACES_EXPORTER", "none") {
        return Some(Notice::Off("OTEL_TRACES_EXPORTER is none"));
    }
    let endpoint = endpoint();
    match build_provider(&endpoint) {
        Ok(built) => {
            TRACER.store(Some(Arc::new(built.tracer_with_scope(scope()))));
            *provider = Some(built);
            TRACING.store(true, Ordering::Relaxed);
            Some(Notice::Started(endpoint))
        }
        Err(e) => Some(Notice::SetupFailed(endpoint, e)),
    }
}

/// Benchmarks: tracing on, spans exported through the real queue into a sink.
pub(crate) fn trace_into_sink() -> bool {
    let mut provider = lock();
    let built = SdkTracerProvider::builder()
        .with_span_processor(QueueProcessor::start(Sink, QueueConfig::from_env(), "sink".into()))
        .build();
    TRACER.store(Some(Arc::new(built.tracer_with_scope(scope()))));
    *provider = Some(built);
    TRACING.store(true, Ordering::Relaxed);
    true
}

/// Benchmarks: spans on or off while the provider stays up; `on` needs a provider.
pub(crate) fn switch_tracing(on: bool) -> bool {
    let on = on && TRACER.load().is_some();
    TRACING.store(on, Ordering::Relaxed);
    on
}

/// Benchmarks: export what is queued and wait for it.
pub(crate) fn flush_spans() {
    if let Some(provider) = lock().as_ref() {
        let _ = provider.force_flush();
    }
}

#[derive(Debug)]
struct Sink;

impl opentelemetry_sdk::trace::SpanExporter for Sink {
    async fn export(&self, _batch: Vec<opentelemetry_sdk::trace::SpanData>) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }
}

fn build_provider(endpoint: &str) -> Result<SdkTracerProvider, String> {
    // tonic spawns its connection task on the runtime current at build time.
    let _entered = runtime().enter();
    let mut exporter =
        OtlpExporter::builder().with_tonic().with_endpoint(endpoint).build().map_err(|e| e.to_string())?;
    let resource = Resource::builder().with_service_name(service_name()).build();
    exporter.set_resource(&resource);
    let processor = QueueProcessor::start(exporter, QueueConfig::from_env(), endpoint.to_owned());
    super::super::metrics::register_counter(
        "aerospike_py_spans_dropped_total",
        "Spans dropped because the export queue was full.",
        &DROPPED_SPANS,
    );
    Ok(SdkTracerProvider::builder().with_span_processor(processor).with_resource(resource).build())
}

/// Warns early (without delaying the caller) when the collector cannot be reached;
/// spans are still queued, bounded, and flow once it is up.
fn probe(endpoint: String) {
    let Some(authority) =
        endpoint.split("://").nth(1).map(|rest| rest.split('/').next().unwrap_or_default().to_owned())
    else {
        return;
    };
    runtime().spawn(async move {
        let connect = tokio::net::TcpStream::connect(authority.clone());
        match tokio::time::timeout(PROBE_TIMEOUT, connect).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => log::warn!(
                target: "aerospike_py.tracing",
                "OTLP endpoint {endpoint} is unreachable ({e}): spans are dropped until it is up; data operations are unaffected"
            ),
            Err(_) => log::warn!(
                target: "aerospike_py.tracing",
                "OTLP endpoint {endpoint} did not answer within {PROBE_TIMEOUT:?}: spans are dropped until it is up; data operations are unaffected"
            ),
        }
    });
}

fn scope() -> InstrumentationScope {
    InstrumentationScope::builder("aerospike-py").with_version(env!("CARGO_PKG_VERSION")).build()
}

fn endpoint() -> String {
    ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned())
}

fn service_name() -> String {
    std::env::var("OTEL_SERVICE_NAME")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_SERVICE_NAME.to_owned())
}

/// Environment flags compare case-insensitively: `true`, `True` and `TRUE` agree.
fn env_is(name: &str, expected: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v.trim().eq_ignore_ascii_case(expected))
}

fn lock() -> std::sync::MutexGuard<'static, Option<SdkTracerProvider>> {
    PROVIDER.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
