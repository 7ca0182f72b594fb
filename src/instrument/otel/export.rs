//! A bounded span queue drained by one background thread that exports batches over OTLP.
//!
//! Why not the SDK's batch processor: this one counts what it drops (exposed as
//! `aerospike_py_spans_dropped_total`) and reports failed exports through `log` (and so
//! Python `logging`), rate-limited. Data operations only ever `try_send` into the queue:
//! a slow or unreachable collector costs them nothing and memory stays bounded.
//! Settings follow the SDK's `OTEL_BSP_*` environment variables.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use opentelemetry::Context;
use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::trace::{Span, SpanData, SpanExporter, SpanProcessor};

use crate::runtime::{fork, runtime};

/// Spans dropped because the queue was full, over the life of the process.
pub(crate) static DROPPED_SPANS: AtomicU64 = AtomicU64::new(0);

/// Between two "export failed" warnings; the first failure is always reported.
const WARN_EVERY: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, Debug)]
pub(crate) struct QueueConfig {
    pub(crate) max_queue_size: usize,
    pub(crate) schedule_delay: Duration,
    pub(crate) max_batch_size: usize,
    pub(crate) export_timeout: Duration,
}

impl QueueConfig {
    /// The SDK's defaults, overridden by `OTEL_BSP_*` where set and valid.
    pub(crate) fn from_env() -> Self {
        let ms = |name: &str, default: u64| Duration::from_millis(env_number(name).unwrap_or(default));
        let max_queue_size = env_number("OTEL_BSP_MAX_QUEUE_SIZE").unwrap_or(2048).max(1) as usize;
        Self {
            max_queue_size,
            schedule_delay: ms("OTEL_BSP_SCHEDULE_DELAY", 5_000),
            max_batch_size: (env_number("OTEL_BSP_MAX_EXPORT_BATCH_SIZE").unwrap_or(512).max(1) as usize)
                .min(max_queue_size),
            export_timeout: ms("OTEL_BSP_EXPORT_TIMEOUT", 30_000),
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

enum Message {
    Span(Box<SpanData>),
    /// Export everything queued so far, then acknowledge.
    Flush(SyncSender<()>),
    Shutdown(SyncSender<()>),
}

#[derive(Debug)]
pub(crate) struct QueueProcessor {
    sender: SyncSender<Message>,
    worker: Mutex<Option<JoinHandle<()>>>,
    /// The fork generation the worker thread runs in: a fork child has no worker, so
    /// there the queue is never sent to nor waited on (init_tracing() again to export).
    generation: u64,
}

impl QueueProcessor {
    pub(crate) fn start<E: SpanExporter + 'static>(exporter: E, config: QueueConfig, endpoint: String) -> Self {
        let (sender, receiver) = mpsc::sync_channel(config.max_queue_size);
        let worker = std::thread::Builder::new()
            .name("aerospike-py-span-export".into())
            .spawn(move || Worker { exporter, config, endpoint, failing_since: None, last_warning: None }.run(receiver))
            .expect("cannot start the span export thread");
        Self { sender, worker: Mutex::new(Some(worker)), generation: fork::generation() }
    }

    fn orphaned(&self) -> bool {
        self.generation != fork::generation()
    }

    /// Sends a control message and waits (bounded) for the worker to acknowledge it.
    fn request(&self, make: impl FnOnce(SyncSender<()>) -> Message, timeout: Duration) -> OTelSdkResult {
        if self.orphaned() {
            return Err(OTelSdkError::AlreadyShutdown);
        }
        let (ack, acked) = mpsc::sync_channel(1);
        self.sender.send(make(ack)).map_err(|_| OTelSdkError::AlreadyShutdown)?;
        acked.recv_timeout(timeout).map_err(|_| OTelSdkError::Timeout(timeout))
    }
}

impl SpanProcessor for QueueProcessor {
    fn on_start(&self, _span: &mut Span, _cx: &Context) {}

    fn on_end(&self, span: SpanData) {
        if !span.span_context.is_sampled() || self.orphaned() {
            return;
        }
        if let Err(TrySendError::Full(_)) = self.sender.try_send(Message::Span(Box::new(span))) {
            if DROPPED_SPANS.fetch_add(1, Ordering::Relaxed) == 0 {
                log::warn!(target: "aerospike_py.tracing", "span queue full: dropping spans (counted in aerospike_py_spans_dropped_total)");
            }
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.request(Message::Flush, Duration::from_secs(30))
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        let result = self.request(Message::Shutdown, timeout);
        if let Some(worker) = self.worker.lock().unwrap_or_else(|p| p.into_inner()).take() {
            if result.is_ok() && !self.orphaned() {
                let _ = worker.join();
            }
        }
        result
    }
}

struct Worker<E> {
    exporter: E,
    config: QueueConfig,
    endpoint: String,
    failing_since: Option<Instant>,
    last_warning: Option<Instant>,
}

impl<E: SpanExporter> Worker<E> {
    fn run(mut self, receiver: Receiver<Message>) {
        let mut batch = Vec::with_capacity(self.config.max_batch_size);
        let mut deadline = Instant::now() + self.config.schedule_delay;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match receiver.recv_timeout(wait) {
                Ok(Message::Span(span)) => {
                    batch.push(*span);
                    if batch.len() >= self.config.max_batch_size {
                        self.export(&mut batch);
                    }
                }
                Ok(Message::Flush(ack)) => {
                    self.drain(&receiver, &mut batch);
                    let _ = ack.send(());
                }
                Ok(Message::Shutdown(ack)) => {
                    self.drain(&receiver, &mut batch);
                    let _ = self.exporter.shutdown();
                    let _ = ack.send(());
                    return;
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.export(&mut batch);
                    deadline = Instant::now() + self.config.schedule_delay;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.export(&mut batch);
                    return;
                }
            }
        }
    }

    /// Exports what is queued right now, in batches.
    fn drain(&mut self, receiver: &Receiver<Message>, batch: &mut Vec<SpanData>) {
        while let Ok(message) = receiver.try_recv() {
            match message {
                Message::Span(span) => {
                    batch.push(*span);
                    if batch.len() >= self.config.max_batch_size {
                        self.export(batch);
                    }
                }
                Message::Flush(ack) | Message::Shutdown(ack) => {
                    let _ = ack.send(());
                }
            }
        }
        self.export(batch);
    }

    fn export(&mut self, batch: &mut Vec<SpanData>) {
        if batch.is_empty() {
            return;
        }
        let spans = std::mem::replace(batch, Vec::with_capacity(self.config.max_batch_size));
        let count = spans.len();
        let timeout = self.config.export_timeout;
        let outcome = runtime().block_on(async { tokio::time::timeout(timeout, self.exporter.export(spans)).await });
        match outcome {
            Ok(Ok(())) => {
                if self.failing_since.take().is_some() {
                    log::info!(target: "aerospike_py.tracing", "span export to {} recovered", self.endpoint);
                }
            }
            Ok(Err(e)) => self.report_failure(count, &e.to_string()),
            Err(_) => self.report_failure(count, &format!("timed out after {timeout:?}")),
        }
    }

    fn report_failure(&mut self, count: usize, reason: &str) {
        let now = Instant::now();
        self.failing_since.get_or_insert(now);
        if self.last_warning.is_none_or(|at| now.duration_since(at) >= WARN_EVERY) {
            self.last_warning = Some(now);
            log::warn!(
                target: "aerospike_py.tracing",
                "span export to {} failed ({count} spans lost): {reason}; data operations are unaffected",
                self.endpoint
            );
        }
    }
}
