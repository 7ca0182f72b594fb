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
use opentelemetry_otlp::{WithExportConfig, SpanExporter as OtlpExporter};
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider, SpanExporter as _};
use opentelemetry_sdk::Resource;
use pyo3::prelude::*;

use super::export::{QueueConfig, QueueProcessor};
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
    let mut provider = lock();
    if provider.is_some() {
        return Ok(());
    }
    if env_is("OTEL_SDK_DISABLED", "true") {
        log::info!(target: "aerospike_py.tracing", "OTEL_SDK_DISABLED is true: tracing stays off");
        return Ok(());
    }
    if env_is("OTEL_TRACES_EXPORTER", "none") {
        log::info!(target: "aerospike_py.tracing", "OTEL_TRACES_EXPORTER is none: tracing stays off");
        return Ok(());
    }
    let endpoint = endpoint();
    let built = py.detach(|| build_provider(&endpoint));
    match built {
        Ok(built) => {
            TRACER.store(Some(Arc::new(built.tracer_with_scope(scope()))));
            *provider = Some(built);
            TRACING.store(true, Ordering::Relaxed);
            probe(endpoint);
        }
        Err(e) => log::warn!(
            target: "aerospike_py.tracing",
            "cannot set up OTLP export to {endpoint}: {e}; tracing stays off"
        ),
    }
    Ok(())
}

pub(crate) fn shutdown_tracing(py: Python<'_>) -> PyResult<()> {
    TRACING.store(false, Ordering::Relaxed);
    TRACER.store(None);
    let Some(provider) = lock().take() else { return Ok(()) };
    // The export thread may need the GIL to log while it flushes.
    if let Err(e) = py.detach(|| provider.shutdown_with_timeout(SHUTDOWN_TIMEOUT)) {
        log::warn!(target: "aerospike_py.tracing", "flushing spans on shutdown failed: {e}");
    }
    Ok(())
}

fn build_provider(endpoint: &str) -> Result<SdkTracerProvider, String> {
    // tonic spawns its connection task on the runtime current at build time.
    let _entered = runtime().enter();
    let mut exporter = OtlpExporter::builder()
        .with_tonic()
        .with_endpoint(endpoint)
        .build()
        .map_err(|e| e.to_string())?;
    let resource = Resource::builder().with_service_name(service_name()).build();
    exporter.set_resource(&resource);
    let processor = QueueProcessor::start(exporter, QueueConfig::from_env(), endpoint.to_owned());
    Ok(SdkTracerProvider::builder()
        .with_span_processor(processor)
        .with_resource(resource)
        .build())
}

/// Warns early (without delaying the caller) when the collector cannot be reached;
/// spans are still queued, bounded, and flow once it is up.
fn probe(endpoint: String) {
    let Some(authority) = endpoint.split("://").nth(1).map(|rest| rest.split('/').next().unwrap_or_default().to_owned()) else {
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
