//! `init_tracing()` / `shutdown_tracing()`: the span pipeline's life cycle (sampler,
//! queue, export thread), swapped in and out lock-free for the hot path.
//!
//! Settings come only from the standard environment variables: the OTLP endpoint
//! (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`, default
//! `http://localhost:4317`), `OTEL_SERVICE_NAME` (default `aerospike-py`),
//! `OTEL_SDK_DISABLED`, `OTEL_TRACES_EXPORTER`, `OTEL_RESOURCE_ATTRIBUTES` (through the
//! SDK's resource detection),
//! `OTEL_TRACES_SAMPLER[_ARG]` (sampler.rs), `OTEL_EXPORTER_OTLP_*` headers, timeout,
//! compression and insecure (grpc.rs), its TLS files (transport.rs), and `OTEL_BSP_*`
//! for the export queue (export.rs).

use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use opentelemetry_sdk::Resource;
use pyo3::prelude::*;

use super::encode::Preamble;
use super::export::{Destination, Exporter, QueueConfig, DROPPED_SPANS};
use super::grpc;
use super::sampler::Sampler;
use super::TRACING;
use crate::runtime::runtime;

const DEFAULT_ENDPOINT: &str = "http://localhost:4317";
const DEFAULT_SERVICE_NAME: &str = "aerospike-py";
const SCOPE_NAME: &str = "aerospike-py";
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the start-up reachability probe waits before warning.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// What a traced operation needs while tracing is on.
pub(super) struct Pipeline {
    pub(super) sampler: Sampler,
    pub(super) exporter: Exporter,
}

/// Held while initialising or shutting down, so concurrent calls are serialised.
static PROVIDER: Mutex<Option<&'static Pipeline>> = Mutex::new(None);
/// The running pipeline for the hot path: one atomic load, no reference count (an
/// `ArcSwap` load and its count cost ~140 instructions a span, counted with callgrind).
/// Each `init_tracing()` leaks its pipeline, so a span started under one may still end
/// after `shutdown_tracing()`; shutdown frees its queue, leaving a few hundred bytes.
static PIPELINE: AtomicPtr<Pipeline> = AtomicPtr::new(std::ptr::null_mut());

#[inline(always)]
pub(super) fn pipeline() -> Option<&'static Pipeline> {
    // SAFETY: only ever null or a leaked (never freed) `Pipeline`, published with Release.
    unsafe { PIPELINE.load(Ordering::Acquire).as_ref() }
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
    let flushed = py.detach(|| {
        TRACING.store(false, Ordering::Relaxed);
        PIPELINE.store(std::ptr::null_mut(), Ordering::Release);
        let pipeline = lock().take();
        pipeline.map(|p| p.exporter.shutdown(SHUTDOWN_TIMEOUT))
    });
    if flushed == Some(false) {
        log::warn!(target: "aerospike_py.tracing", "flushing spans on shutdown timed out after {SHUTDOWN_TIMEOUT:?}");
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
    match grpc::Client::new(&endpoint) {
        Ok(client) => {
            super::super::metrics::register_counter(
                "aerospike_py_spans_dropped_total",
                "Spans dropped because the export queue was full.",
                &DROPPED_SPANS,
            );
            install(&mut provider, Destination::Otlp(Box::new(client)));
            Some(Notice::Started(endpoint))
        }
        Err(e) => Some(Notice::SetupFailed(endpoint, e)),
    }
}

fn install(provider: &mut Option<&'static Pipeline>, destination: Destination) {
    if let Some(running) = provider.take() {
        running.exporter.shutdown(SHUTDOWN_TIMEOUT);
    }
    super::span::init_clock();
    let resource = Resource::builder().with_service_name(service_name()).build();
    let preamble = Preamble::new(&resource, SCOPE_NAME, env!("CARGO_PKG_VERSION"));
    let pipeline: &'static Pipeline = Box::leak(Box::new(Pipeline {
        sampler: Sampler::from_env(),
        exporter: Exporter::start(destination, preamble, QueueConfig::from_env()),
    }));
    PIPELINE.store(std::ptr::from_ref(pipeline).cast_mut(), Ordering::Release);
    *provider = Some(pipeline);
    TRACING.store(true, Ordering::Relaxed);
}

/// Benchmarks: tracing on, spans encoded through the real queue, then dropped.
pub(crate) fn trace_into_sink() -> bool {
    install(&mut lock(), Destination::Discard);
    true
}

/// Benchmarks: spans on or off while the pipeline stays up; `on` needs a pipeline.
pub(crate) fn switch_tracing(on: bool) -> bool {
    let on = on && pipeline().is_some();
    TRACING.store(on, Ordering::Relaxed);
    on
}

/// Benchmarks: export what is queued and wait for it.
pub(crate) fn flush_spans() {
    if let Some(pipeline) = pipeline() {
        pipeline.exporter.flush(SHUTDOWN_TIMEOUT);
    }
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

fn lock() -> std::sync::MutexGuard<'static, Option<&'static Pipeline>> {
    PROVIDER.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
