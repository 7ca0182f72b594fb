//! OTLP protobuf, written directly: an `ExportTraceServiceRequest` from compact span
//! records, with the resource and scope encoded once at start-up.
//!
//! Why not the SDK's `SpanData` → `opentelemetry-proto` → prost path: it clones every
//! span, allocates a `String` per attribute key and value and a `Vec` per id, then
//! encodes that tree. Here a batch is two passes over the records: lengths first (a
//! span's is known without encoding it), then every byte written once, in place, into
//! the request's buffer; what every span of one target, operation and server repeats
//! (name, kind, attributes) is encoded once and copied. Field numbers are those of
//! `opentelemetry/proto/{collector/trace,trace,common,resource}/v1/*.proto`.

use std::collections::HashMap;

use opentelemetry::{Array, Value};

use super::span::SpanRecord;
use crate::instrument::op::Op;
use crate::instrument::semconv;

const WIRE_VARINT: u32 = 0;
const WIRE_FIXED64: u32 = 1;
const WIRE_LEN: u32 = 2;
const WIRE_FIXED32: u32 = 5;

/// `Span.SpanKind.SPAN_KIND_CLIENT`.
const SPAN_KIND_CLIENT: u64 = 3;
/// `Status.StatusCode.STATUS_CODE_ERROR`.
const STATUS_CODE_ERROR: u64 = 2;
/// `SpanFlags`: the parent's is-remote bit is known (bit 8) and set (bit 9).
const FLAG_HAS_IS_REMOTE: u32 = 0x100;
const FLAG_IS_REMOTE: u32 = 0x200;

/// Appends protobuf fields to a byte buffer.
pub(super) struct Writer<'a>(pub(super) &'a mut Vec<u8>);

impl Writer<'_> {
    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.0.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    fn tag(&mut self, field: u32, wire: u32) {
        self.varint(u64::from(field << 3 | wire));
    }

    fn bytes(&mut self, field: u32, value: &[u8]) {
        self.tag(field, WIRE_LEN);
        self.varint(value.len() as u64);
        self.0.extend_from_slice(value);
    }

    fn string(&mut self, field: u32, value: &str) {
        self.bytes(field, value.as_bytes());
    }

    fn uint(&mut self, field: u32, value: u64) {
        self.tag(field, WIRE_VARINT);
        self.varint(value);
    }

    fn fixed64(&mut self, field: u32, value: u64) {
        self.tag(field, WIRE_FIXED64);
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn fixed32(&mut self, field: u32, value: u32) {
        self.tag(field, WIRE_FIXED32);
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    /// A nested message: written into `scratch`, then copied in behind its length.
    fn message(&mut self, field: u32, scratch: &mut Vec<u8>, body: impl FnOnce(&mut Writer<'_>)) {
        scratch.clear();
        body(&mut Writer(scratch));
        self.bytes(field, scratch);
    }

    /// `KeyValue { key = 1; AnyValue value = 2 }` with a string value.
    fn attribute_str(&mut self, key: &str, value: &str) {
        let inner = 1 + varint_len(value.len() as u64) + value.len();
        let body = 1 + varint_len(key.len() as u64) + key.len() + 1 + varint_len(inner as u64) + inner;
        self.tag(9, WIRE_LEN);
        self.varint(body as u64);
        self.string(1, key);
        self.tag(2, WIRE_LEN);
        self.varint(inner as u64);
        self.string(1, value);
    }

    /// `KeyValue` with an `int_value` (AnyValue field 3).
    fn attribute_int(&mut self, key: &str, value: i64) {
        let inner = 1 + varint_len(value as u64);
        let body = 1 + varint_len(key.len() as u64) + key.len() + 1 + varint_len(inner as u64) + inner;
        self.tag(9, WIRE_LEN);
        self.varint(body as u64);
        self.string(1, key);
        self.tag(2, WIRE_LEN);
        self.varint(inner as u64);
        self.uint(3, value as u64);
    }
}

fn varint_len(value: u64) -> usize {
    (64 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

/// The parts of every request that never change: the `Resource` and the
/// `InstrumentationScope` messages (bodies), and the resource's schema URL.
pub(super) struct Preamble {
    resource: Vec<u8>,
    scope: Vec<u8>,
    schema_url: String,
}

impl Preamble {
    pub(super) fn new(resource: &opentelemetry_sdk::Resource, scope_name: &str, scope_version: &str) -> Self {
        let mut body = Vec::new();
        let mut scratch = Vec::new();
        for (key, value) in resource.iter() {
            Writer(&mut body).message(1, &mut scratch, |kv| {
                kv.string(1, key.as_str());
                let mut inner = Vec::new();
                any_value(&mut Writer(&mut inner), value);
                kv.bytes(2, &inner);
            });
        }
        let mut scope = Vec::new();
        Writer(&mut scope).string(1, scope_name);
        Writer(&mut scope).string(2, scope_version);
        let schema_url = resource.schema_url().unwrap_or_default().to_owned();
        Self { resource: body, scope, schema_url }
    }
}

/// `AnyValue` fields for a resource attribute value.
fn any_value(out: &mut Writer<'_>, value: &Value) {
    match value {
        Value::Bool(b) => out.uint(2, u64::from(*b)),
        Value::I64(i) => out.uint(3, *i as u64),
        Value::F64(f) => out.fixed64(4, f.to_bits()),
        Value::String(s) => out.string(1, s.as_str()),
        Value::Array(array) => {
            // ArrayValue { repeated AnyValue values = 1 } inside AnyValue field 5.
            let mut list = Vec::new();
            let mut item = Vec::new();
            let mut push = |v: Value| {
                item.clear();
                any_value(&mut Writer(&mut item), &v);
                Writer(&mut list).bytes(1, &item);
            };
            match array {
                Array::Bool(v) => v.iter().for_each(|x| push(Value::Bool(*x))),
                Array::I64(v) => v.iter().for_each(|x| push(Value::I64(*x))),
                Array::F64(v) => v.iter().for_each(|x| push(Value::F64(*x))),
                Array::String(v) => v.iter().for_each(|x| push(Value::String(x.clone()))),
                _ => {}
            }
            out.bytes(5, &list);
        }
        other => out.string(1, &other.to_string()),
    }
}

/// What every span of one (target, operation, server) repeats, encoded once: its name
/// and kind (fields 5 and 6) and its attributes (field 9 entries).
struct Constant {
    head: Vec<u8>,
    attributes: Vec<u8>,
}

impl Constant {
    fn new(record: &SpanRecord) -> Self {
        let mut head = Vec::new();
        Writer(&mut head).string(5, record.stats.span_names[record.op as usize]);
        Writer(&mut head).uint(6, SPAN_KIND_CLIENT);
        let mut attributes = Vec::new();
        let mut out = Writer(&mut attributes);
        out.attribute_str(semconv::ATTR_DB_SYSTEM_NAME, semconv::DB_SYSTEM);
        out.attribute_str(semconv::ATTR_DB_NAMESPACE, record.stats.namespace);
        out.attribute_str(semconv::ATTR_DB_COLLECTION_NAME, record.stats.set);
        out.attribute_str(semconv::ATTR_DB_OPERATION_NAME, record.op.name());
        out.attribute_str(semconv::ATTR_SERVER_ADDRESS, record.server.0);
        out.attribute_int(semconv::ATTR_SERVER_PORT, i64::from(record.server.1));
        Self { head, attributes }
    }
}

/// A `Constant`'s identity: the interned target and server (their addresses) and the operation.
type ConstantKey = (usize, Op, usize);

fn constant_key(record: &SpanRecord) -> ConstantKey {
    (std::ptr::from_ref(record.stats) as usize, record.op, std::ptr::from_ref(record.server) as usize)
}

/// Reused buffers and the constants seen so far: after the first batches, encoding
/// allocates nothing, and a span without an error is written in one pass.
#[derive(Default)]
pub(super) struct Encoder {
    /// Buffers of requests sent, for the next ones (two: one may await its answer).
    bodies: Vec<Vec<u8>>,
    /// Per span of the batch: its constant's index and its encoded length.
    layout: Vec<(usize, usize)>,
    /// The batch's spans with an error, encoded in pass 1.
    errored: Vec<u8>,
    scratch: Vec<u8>,
    constants: Vec<Constant>,
    /// Index into `constants`; bounded by targets × operations × servers.
    constant_index: HashMap<ConstantKey, usize>,
    last: Option<(ConstantKey, usize)>,
}

impl Encoder {
    /// The constant part of `record`'s encoding (the last one is checked first: a batch
    /// is mostly one target and operation).
    fn constant(&mut self, record: &SpanRecord) -> usize {
        let key = constant_key(record);
        if let Some((last, index)) = self.last {
            if last == key {
                return index;
            }
        }
        let index = *self.constant_index.entry(key).or_insert_with(|| {
            self.constants.push(Constant::new(record));
            self.constants.len() - 1
        });
        self.last = Some((key, index));
        index
    }

    /// One `ExportTraceServiceRequest` holding `records`, in the buffer `recycle` gave
    /// back (a new one if it was not). Every enclosing length is computed before
    /// anything is written, so each span is written once, in place: the batch is never
    /// copied into its parents (four 100 KB-scale copies per batch before).
    pub(super) fn request<'r>(
        &mut self,
        preamble: &Preamble,
        records: impl Iterator<Item = &'r SpanRecord> + Clone,
    ) -> Vec<u8> {
        // Pass 1: each span's constant part and length; spans with an error (rare) are
        // encoded now, one after another into `errored`, since their length varies.
        self.layout.clear();
        self.errored.clear();
        let mut spans_len = 0;
        for record in records.clone() {
            let index = self.constant(record);
            let constant = &self.constants[index];
            let len = if record.error.is_none() {
                span_len(record, constant)
            } else {
                let before = self.errored.len();
                encode_span(&mut Writer(&mut self.errored), &mut self.scratch, record, constant);
                self.errored.len() - before
            };
            spans_len += 1 + varint_len(len as u64) + len;
            self.layout.push((index, len));
        }
        // ScopeSpans { scope = 1; spans = 2 } in ResourceSpans { resource = 1;
        // scope_spans = 2; schema_url = 3 } in the request { resource_spans = 1 }.
        let field = |len: usize| 1 + varint_len(len as u64) + len;
        let scope_spans_len = field(preamble.scope.len()) + spans_len;
        let schema_len = if preamble.schema_url.is_empty() { 0 } else { field(preamble.schema_url.len()) };
        let resource_spans_len = field(preamble.resource.len()) + field(scope_spans_len) + schema_len;
        let mut body = self.bodies.pop().unwrap_or_default();
        body.clear();
        body.reserve(field(resource_spans_len));
        let mut out = Writer(&mut body);
        out.tag(1, WIRE_LEN);
        out.varint(resource_spans_len as u64);
        out.bytes(1, &preamble.resource);
        out.tag(2, WIRE_LEN);
        out.varint(scope_spans_len as u64);
        out.bytes(1, &preamble.scope);
        // Pass 2: the spans, in place.
        let mut errored = 0;
        for (record, &(index, len)) in records.zip(&self.layout) {
            out.tag(2, WIRE_LEN);
            out.varint(len as u64);
            if record.error.is_none() {
                let start = out.0.len();
                encode_span(&mut out, &mut self.scratch, record, &self.constants[index]);
                debug_assert_eq!(out.0.len() - start, len, "span length computed up front");
            } else {
                out.0.extend_from_slice(&self.errored[errored..errored + len]);
                errored += len;
            }
        }
        if !preamble.schema_url.is_empty() {
            out.string(3, &preamble.schema_url);
        }
        debug_assert_eq!(body.len(), field(resource_spans_len), "request length computed up front");
        body
    }

    /// A buffer handed back earlier (or a new one), for a request's compressed form.
    pub(super) fn spare(&mut self) -> Vec<u8> {
        self.bodies.pop().unwrap_or_default()
    }

    /// Hands a sent request's buffer back for the next one (no allocation once warm).
    pub(super) fn recycle(&mut self, body: Vec<u8>) {
        self.bodies.push(body);
    }
}

/// The encoded length of a span without an error (what `encode_span` writes for it).
fn span_len(record: &SpanRecord, constant: &Constant) -> usize {
    let id = |bytes: usize| 1 + 1 + bytes;
    let state = record.trace_state.as_ref().map_or(0, |s| 1 + varint_len(s.len() as u64) + s.len());
    let parent = if record.parent_span_id != 0 { id(8) } else { 0 };
    // Field 16's tag takes two bytes (16 << 3 | 5 = 133).
    id(16) + id(8) + state + parent + constant.head.len() + 2 * (1 + 8) + constant.attributes.len() + (2 + 4)
}

fn encode_span(out: &mut Writer<'_>, scratch: &mut Vec<u8>, record: &SpanRecord, constant: &Constant) {
    out.bytes(1, &record.trace_id.to_be_bytes());
    out.bytes(2, &record.span_id.to_be_bytes());
    if let Some(state) = &record.trace_state {
        out.string(3, state);
    }
    if record.parent_span_id != 0 {
        out.bytes(4, &record.parent_span_id.to_be_bytes());
    }
    out.0.extend_from_slice(&constant.head);
    out.fixed64(7, record.start_unix_ns);
    out.fixed64(8, record.end_unix_ns);
    out.0.extend_from_slice(&constant.attributes);
    if let Some(error) = &record.error {
        out.attribute_str(semconv::ATTR_ERROR_TYPE, &error.error_type);
        if let Some(code) = &error.status_code {
            out.attribute_str(semconv::ATTR_DB_RESPONSE_STATUS_CODE, code);
        }
        out.message(15, scratch, |status| {
            status.string(2, &error.message);
            status.uint(3, STATUS_CODE_ERROR);
        });
    }
    let remote = if record.parent_span_id != 0 { FLAG_IS_REMOTE } else { 0 };
    out.fixed32(16, u32::from(record.trace_flags) | FLAG_HAS_IS_REMOTE | remote);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_length_computed_up_front_is_what_a_span_encodes_to() {
        let host = aerospike::Host::new("127.0.0.1", 3000);
        let target = crate::instrument::op::Target { namespace: "test", set: "lengths", server: &host };
        let stats = crate::instrument::metrics::stats_for(&target);
        for (parent, state) in [(0, None), (7, Some("vendor=value".into())), (u64::MAX, Some("x".repeat(300).into()))] {
            let mut record = SpanRecord::start(Op::Get, stats, &host, 42, 9, None, crate::instrument::metrics::now());
            record.end(1_000);
            record.parent_span_id = parent;
            record.trace_state = state;
            let mut encoder = Encoder::default();
            let index = encoder.constant(&record);
            let mut span = Vec::new();
            encode_span(&mut Writer(&mut span), &mut Vec::new(), &record, &encoder.constants[index]);
            assert_eq!(span.len(), span_len(&record, &encoder.constants[index]));
        }
    }

    #[test]
    fn a_request_with_spans_in_error_is_as_long_as_its_lengths_say() {
        use super::super::span::SpanError;
        let host = aerospike::Host::new("127.0.0.1", 3000);
        let target = crate::instrument::op::Target { namespace: "test", set: "request", server: &host };
        let stats = crate::instrument::metrics::stats_for(&target);
        let records: Vec<SpanRecord> = (0..5u64)
            .map(|i| {
                let mut record =
                    SpanRecord::start(Op::Put, stats, &host, 42, i + 1, None, crate::instrument::metrics::now());
                record.end(1_000);
                if i % 2 == 1 {
                    record.error = Some(Box::new(SpanError {
                        error_type: "RecordNotFound".into(),
                        status_code: Some("2".into()),
                        message: "x".repeat(200 * i as usize),
                    }));
                }
                record
            })
            .collect();
        let resource = opentelemetry_sdk::Resource::builder().with_service_name("lengths").build();
        let preamble = Preamble::new(&resource, "scope", "1");
        let mut encoder = Encoder::default();
        // The debug assertions in `request` compare every length with what was written.
        let first = encoder.request(&preamble, records.iter());
        let (front, back) = records.split_at(2);
        let second = encoder.request(&preamble, front.iter().chain(back));
        assert_eq!(first, second);
        assert!(first.windows(600).any(|w| w.iter().all(|&b| b == b'x')), "the long message is in the request");
    }

    #[test]
    fn varint_lengths_match_what_is_written() {
        for value in [0u64, 1, 127, 128, 300, 16_383, 16_384, u32::MAX as u64, u64::MAX] {
            let mut buf = Vec::new();
            Writer(&mut buf).varint(value);
            assert_eq!(buf.len(), varint_len(value), "{value}");
        }
    }

    #[test]
    fn precomputed_attribute_lengths_match_a_nested_encoding() {
        for (key, value) in [("db.namespace", "test"), ("k", &"v".repeat(200) as &str)] {
            let mut direct = Vec::new();
            Writer(&mut direct).attribute_str(key, value);
            let mut nested = Vec::new();
            let mut scratch = Vec::new();
            Writer(&mut nested).message(9, &mut scratch, |kv| {
                kv.string(1, key);
                let mut inner = Vec::new();
                Writer(&mut inner).string(1, value);
                kv.bytes(2, &inner);
            });
            assert_eq!(direct, nested);
        }
        let mut direct = Vec::new();
        Writer(&mut direct).attribute_int("server.port", 3000);
        let mut nested = Vec::new();
        let mut scratch = Vec::new();
        Writer(&mut nested).message(9, &mut scratch, |kv| {
            kv.string(1, "server.port");
            let mut inner = Vec::new();
            Writer(&mut inner).uint(3, 3000);
            kv.bytes(2, &inner);
        });
        assert_eq!(direct, nested);
    }
}
