//! The OTLP/gRPC exporter's transport: HTTP/2 (RFC 9113) over cleartext TCP ("prior
//! knowledge", `http://`) or TLS (`https://`, ALPN `h2`; transport.rs), blocking, on the
//! export thread.
//!
//! Why not an async HTTP/2 stack: with one, a 512-span batch took three `writev`s,
//! three `epoll_wait`s and a wake-up of another task per frame; here it is one
//! vectored write of every frame the peer's flow-control window allows, then one
//! blocking read for the answer. Request headers are HPACK literals (no table state);
//! the response is decoded in full (`hpack.rs`). One connection is kept open between
//! exports; it is replaced after any failure, and a request on a kept connection that
//! the server had closed meanwhile is sent again once on a new one.
//!
//! The answer may be collected later ([`Client::send`], then [`Client::complete`]): the
//! export thread sends a batch and goes back to waiting for the next one, and by then
//! the answer has arrived and is read without blocking. Waiting for it at once put the
//! thread to sleep and woke it again for every batch, which on this VM cost more CPU
//! than encoding the batch (perf/README.md). Several requests may be outstanding, as
//! many as the server's SETTINGS_MAX_CONCURRENT_STREAMS allows; answers are matched to
//! them by stream.

use std::collections::VecDeque;
use std::io::IoSlice;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use super::hpack;
use super::transport::{Tls, Transport};

const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

const DATA: u8 = 0x0;
const HEADERS: u8 = 0x1;
const RST_STREAM: u8 = 0x3;
const SETTINGS: u8 = 0x4;
const PUSH_PROMISE: u8 = 0x5;
const PING: u8 = 0x6;
const GOAWAY: u8 = 0x7;
const WINDOW_UPDATE: u8 = 0x8;
const CONTINUATION: u8 = 0x9;

/// RST_STREAM error code: the stream was refused before any processing.
const REFUSED_STREAM: u32 = 0x7;

const END_STREAM: u8 = 0x1;
const ACK: u8 = 0x1;
const END_HEADERS: u8 = 0x4;
const PADDED: u8 = 0x8;
const PRIORITY: u8 = 0x20;

const SETTINGS_HEADER_TABLE_SIZE: u16 = 0x1;
const SETTINGS_ENABLE_PUSH: u16 = 0x2;
const SETTINGS_INITIAL_WINDOW_SIZE: u16 = 0x4;
const SETTINGS_MAX_CONCURRENT_STREAMS: u16 = 0x3;
const SETTINGS_MAX_FRAME_SIZE: u16 = 0x5;

/// RFC 9113 §6.5.2 / §6.9.2 defaults.
const DEFAULT_WINDOW: i64 = 65_535;
const DEFAULT_MAX_FRAME: usize = 16_384;
/// What this client lets the server send before it acknowledges (responses are tiny).
const RECEIVE_WINDOW: u32 = 1 << 20;
/// The response-header table this client keeps for the server's encoder.
const HEADER_TABLE: u32 = 4096;
/// One socket read at most (responses are a few hundred bytes).
const READ_CHUNK: usize = 16 * 1024;

/// One failed call: why, and whether the request may be sent again because the server
/// cannot have acted on it (the kept connection was found closed first, a GOAWAY left
/// it out, or the stream was refused).
pub(super) struct Failure {
    pub(super) reason: String,
    retry: bool,
}

fn fail(reason: impl Into<String>) -> Failure {
    Failure { reason: reason.into(), retry: false }
}

/// A unary gRPC caller for one endpoint (`http://host:port` or `https://host:port`).
pub(super) struct Client {
    address: String,
    /// `https://`: the TLS settings every connection uses.
    tls: Option<Tls>,
    /// Messages are gzip-compressed (gRPC's per-message flag; `grpc-encoding` says how).
    compressed: bool,
    /// HPACK block of the request headers, the same for every call.
    header_block: Vec<u8>,
    connection: Option<Connection>,
    /// Requests sent so far (each one's ticket).
    tickets: u64,
}

impl Client {
    /// `path`: the gRPC method (`/package.Service/Method`); `metadata`: extra headers
    /// (lowercase names, visible ASCII values); `compressed`: the messages given to
    /// [`Self::send`] are gzip (the caller compresses them and says so in `metadata`).
    /// An endpoint without a scheme uses TLS unless `insecure`
    /// (`OTEL_EXPORTER_OTLP_INSECURE`, which the spec gives that meaning).
    pub(super) fn new(
        endpoint: &str,
        path: &str,
        metadata: &[(String, String)],
        compressed: bool,
        insecure: bool,
    ) -> Result<Self, String> {
        let (secure, rest) = match endpoint.split_once("://") {
            Some(("http", rest)) => (false, rest),
            Some(("https", rest)) => (true, rest),
            Some((scheme, _)) => {
                return Err(format!("endpoint {endpoint:?}: the scheme must be http or https, not {scheme:?}"))
            }
            None => (!insecure, endpoint),
        };
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() {
            return Err(format!("no host in endpoint {endpoint:?}"));
        }
        // `host` or `host:port` (IPv6 in brackets); 4317 is the OTLP/gRPC port.
        let has_port = authority.rsplit_once(':').is_some_and(|(host, port)| {
            !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && (!host.contains(':') || host.ends_with(']'))
        });
        let address = if has_port { authority.to_owned() } else { format!("{authority}:4317") };
        let tls = if secure {
            let host =
                if has_port { authority.rsplit_once(':').map_or(authority, |(host, _)| host) } else { authority };
            Some(Tls::from_env(host)?)
        } else {
            None
        };
        let mut header_block = Vec::new();
        hpack::put_indexed(&mut header_block, hpack::STATIC_METHOD_POST);
        hpack::put_indexed(
            &mut header_block,
            if secure { hpack::STATIC_SCHEME_HTTPS } else { hpack::STATIC_SCHEME_HTTP },
        );
        hpack::put_literal_indexed_name(&mut header_block, hpack::STATIC_PATH, path.as_bytes());
        hpack::put_literal_indexed_name(&mut header_block, hpack::STATIC_AUTHORITY, authority.as_bytes());
        hpack::put_literal_indexed_name(&mut header_block, hpack::STATIC_CONTENT_TYPE, b"application/grpc");
        hpack::put_literal(&mut header_block, b"te", b"trailers");
        let agent = concat!("aerospike-py/", env!("CARGO_PKG_VERSION"));
        hpack::put_literal_indexed_name(&mut header_block, hpack::STATIC_USER_AGENT, agent.as_bytes());
        for (name, value) in metadata {
            hpack::put_literal(&mut header_block, name.as_bytes(), value.as_bytes());
        }
        if header_block.len() > DEFAULT_MAX_FRAME {
            return Err(format!("request headers take {} bytes, more than one frame holds", header_block.len()));
        }
        Ok(Self { address, tls, compressed, header_block, connection: None, tickets: 0 })
    }

    /// True when the messages given to [`Self::send`] are gzip-compressed.
    pub(super) fn compressed(&self) -> bool {
        self.compressed
    }

    /// Sends `message` (one protobuf-encoded gRPC request) without waiting for its
    /// answer; the ticket to collect it with ([`Self::complete`]). A failure here means
    /// the request was not sent (it was tried again once on a new connection when the
    /// kept one turned out closed).
    pub(super) fn send(&mut self, message: &[u8], deadline: Instant) -> Result<u64, String> {
        self.tickets += 1;
        let ticket = self.tickets;
        let reused = self.connection.is_some();
        match self.attempt(ticket, message, deadline) {
            Ok(()) => Ok(ticket),
            Err(failure) if failure.retry && reused => {
                self.connection = None;
                self.attempt(ticket, message, deadline).map(|()| ticket).map_err(|f| f.reason)
            }
            Err(failure) => Err(failure.reason),
        }
    }

    /// Waits for the answer to the request `ticket` (`message`: its body, sent again once
    /// if the server shows it never acted on it: a GOAWAY that left it out, or
    /// REFUSED_STREAM) and judges it: HTTP 200 and `grpc-status: 0` succeed.
    pub(super) fn complete(&mut self, ticket: u64, message: &[u8]) -> Result<(), String> {
        let deadline = match self.collect(ticket) {
            Collected::Judged(outcome) => return outcome,
            Collected::Refused(deadline) => deadline,
        };
        // The server did not act on it: once more, on this connection if it is still up.
        self.attempt(ticket, message, deadline).map_err(|f| f.reason)?;
        match self.collect(ticket) {
            Collected::Judged(outcome) => outcome,
            Collected::Refused(_) => Err("the server refused the request twice".to_owned()),
        }
    }

    /// Waits for the answer to `ticket` and takes it out of the outstanding ones.
    fn collect(&mut self, ticket: u64) -> Collected {
        let lost = || Collected::Judged(Err("the connection closed before the answer came".to_owned()));
        let Some(connection) = &mut self.connection else { return lost() };
        let Some(index) = connection.in_flight.iter().position(|a| a.ticket == ticket) else { return lost() };
        let deadline = connection.in_flight[index].deadline;
        match connection.wait_for(index) {
            Ok(outcome) => {
                connection.in_flight.remove(index);
                match outcome {
                    Err(failure) if failure.retry => Collected::Refused(deadline),
                    outcome => Collected::Judged(outcome.map_err(|f| f.reason)),
                }
            }
            Err(failure) => {
                // The connection is given up, and with it every answer still outstanding.
                self.connection = None;
                if failure.retry {
                    Collected::Refused(deadline)
                } else {
                    Collected::Judged(Err(failure.reason))
                }
            }
        }
    }

    fn attempt(&mut self, ticket: u64, message: &[u8], deadline: Instant) -> Result<(), Failure> {
        if self.connection.as_mut().is_some_and(|c| !c.usable()) {
            self.connection = None;
        }
        let connection = match &mut self.connection {
            Some(connection) => connection,
            None => self.connection.insert(Connection::open(&self.address, self.tls.as_ref(), deadline)?),
        };
        // As many streams open as the server allows: the oldest answer is read (and kept
        // for `complete`) before another is opened. If the connection fails meanwhile,
        // this request was not sent, and may go on a new one.
        while let Some(oldest) = connection.oldest_open(connection.max_streams.max(1)) {
            if let Err(failure) = connection.await_answer(oldest) {
                self.connection = None;
                return Err(Failure { retry: true, ..failure });
            }
        }
        let outcome = connection.unary(ticket, &self.header_block, message, self.compressed, deadline);
        if outcome.is_err() {
            self.connection = None;
        }
        outcome
    }
}

enum Collected {
    Judged(Result<(), String>),
    /// Not acted on by the server (GOAWAY left it out, or REFUSED_STREAM): may be sent
    /// again, within its deadline.
    Refused(Instant),
}

/// A request sent, and its answer as far as it has arrived.
struct Answer {
    ticket: u64,
    stream: u32,
    deadline: Instant,
    status: Option<Vec<u8>>,
    grpc_status: Option<Vec<u8>>,
    grpc_message: Option<Vec<u8>>,
    /// A header block split over CONTINUATION frames, so far.
    block: Vec<u8>,
    /// END_STREAM came on a HEADERS frame whose block is not complete yet.
    ending: bool,
    /// The judgement, once the stream ended.
    outcome: Option<Result<(), Failure>>,
}

impl Answer {
    fn judge(&self) -> Result<(), Failure> {
        let text = |v: &Option<Vec<u8>>| v.as_deref().map(|b| String::from_utf8_lossy(b).into_owned());
        if self.status.as_deref() != Some(b"200") {
            return Err(fail(format!("HTTP status {}", text(&self.status).unwrap_or_else(|| "missing".into()))));
        }
        match self.grpc_status.as_deref() {
            Some(b"0") => Ok(()),
            Some(code) => Err(fail(format!(
                "gRPC status {}{}",
                String::from_utf8_lossy(code),
                text(&self.grpc_message).map_or(String::new(), |m| format!(": {m}"))
            ))),
            None => Err(fail("the answer has no gRPC status")),
        }
    }
}

struct Frame {
    kind: u8,
    flags: u8,
    stream: u32,
    payload: Vec<u8>,
}

struct Connection {
    transport: Transport,
    /// Read but not yet parsed.
    pending: Vec<u8>,
    /// Where the socket is read into: zeroed once, not per read.
    read_buffer: Box<[u8; READ_CHUNK]>,
    /// The socket's send and receive timeouts as last set: see `arm`.
    write_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    next_stream: u32,
    /// Send windows: the connection's, and what each new stream starts with.
    connection_window: i64,
    stream_window_initial: i64,
    /// The send window of the stream being sent. A SETTINGS change of the initial window
    /// size moves it by the difference (RFC 9113 §6.9.2); the server then sends no
    /// WINDOW_UPDATE for it, and waiting for one would hang until the timeout.
    stream_window: i64,
    max_frame: usize,
    /// The server's SETTINGS_MAX_CONCURRENT_STREAMS (unlimited until it says).
    max_streams: usize,
    /// Received DATA not yet given back to the server's connection window.
    unacknowledged: u32,
    decoder: hpack::Decoder,
    /// The server sent GOAWAY: no new streams.
    going_away: bool,
    /// GOAWAY's last stream id: streams above it were not and will not be processed.
    last_processed: u32,
    /// Requests sent whose answer was not collected yet, oldest first.
    in_flight: VecDeque<Answer>,
}

fn frame_header(len: usize, kind: u8, flags: u8, stream: u32) -> [u8; 9] {
    let len = len as u32;
    let s = stream.to_be_bytes();
    [(len >> 16) as u8, (len >> 8) as u8, len as u8, kind, flags, s[0] & 0x7f, s[1], s[2], s[3]]
}

fn timed_out() -> Failure {
    fail("timed out")
}

impl Connection {
    fn open(address: &str, tls: Option<&Tls>, deadline: Instant) -> Result<Self, Failure> {
        let addresses: Vec<_> =
            address.to_socket_addrs().map_err(|e| fail(format!("cannot resolve {address}: {e}")))?.collect();
        let mut last = None;
        let mut socket = None;
        for candidate in addresses {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(timed_out());
            }
            match TcpStream::connect_timeout(&candidate, left) {
                Ok(s) => {
                    socket = Some(s);
                    break;
                }
                Err(e) => last = Some(e),
            }
        }
        let socket = socket.ok_or_else(|| {
            fail(format!("cannot connect to {address}: {}", last.map_or("no address".into(), |e| e.to_string())))
        })?;
        let _ = socket.set_nodelay(true);
        // The TLS handshake, if any, is bounded by the same deadline.
        let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        let _ = socket.set_read_timeout(Some(left));
        let _ = socket.set_write_timeout(Some(left));
        let transport = Transport::new(socket, tls).map_err(|e| {
            let reason = match e.kind() {
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => "timed out".to_owned(),
                _ => e.to_string(),
            };
            fail(format!("TLS handshake with {address} failed: {reason}"))
        })?;
        let mut connection = Self {
            transport,
            pending: Vec::with_capacity(READ_CHUNK),
            read_buffer: Box::new([0; READ_CHUNK]),
            write_timeout: Some(left),
            read_timeout: Some(left),
            next_stream: 1,
            connection_window: DEFAULT_WINDOW,
            stream_window_initial: DEFAULT_WINDOW,
            stream_window: 0,
            max_frame: DEFAULT_MAX_FRAME,
            max_streams: usize::MAX,
            unacknowledged: 0,
            decoder: hpack::Decoder::new(HEADER_TABLE as usize),
            going_away: false,
            last_processed: u32::MAX,
            in_flight: VecDeque::new(),
        };
        let mut hello = PREFACE.to_vec();
        let settings = [
            (SETTINGS_HEADER_TABLE_SIZE, HEADER_TABLE),
            (SETTINGS_ENABLE_PUSH, 0),
            (SETTINGS_INITIAL_WINDOW_SIZE, RECEIVE_WINDOW),
        ];
        hello.extend_from_slice(&frame_header(6 * settings.len(), SETTINGS, 0, 0));
        for (id, value) in settings {
            hello.extend_from_slice(&id.to_be_bytes());
            hello.extend_from_slice(&value.to_be_bytes());
        }
        // The connection-level receive window only grows by WINDOW_UPDATE.
        hello.extend_from_slice(&frame_header(4, WINDOW_UPDATE, 0, 0));
        hello.extend_from_slice(&(RECEIVE_WINDOW - DEFAULT_WINDOW as u32).to_be_bytes());
        connection.write(&[IoSlice::new(&hello)], deadline)?;
        Ok(connection)
    }

    /// False when the server closed the connection or said GOAWAY while it sat idle
    /// (frames that arrived meanwhile, such as PING or SETTINGS, are answered). One
    /// `recv(MSG_DONTWAIT)` when nothing arrived: switching the socket to non-blocking
    /// and back around a read took two more system calls per export.
    fn usable(&mut self) -> bool {
        if self.going_away || !self.read_arrived() {
            return false;
        }
        while let Some(frame) = self.parse_frame() {
            if self.dispatch(frame, Instant::now() + Duration::from_secs(1)).is_err() {
                return false;
            }
        }
        !self.going_away && self.next_stream < (1 << 30)
    }

    /// Appends to `pending` what has arrived, without blocking; false once the server
    /// closed the connection or the socket failed.
    fn read_arrived(&mut self) -> bool {
        self.transport.read_arrived(&mut self.read_buffer[..], &mut self.pending)
    }

    /// Sends one request, whose answer is then awaited in `in_flight` (the server may
    /// answer before it has all of it, e.g. with an error: the rest is then not sent).
    fn unary(
        &mut self,
        ticket: u64,
        header_block: &[u8],
        message: &[u8],
        compressed: bool,
        deadline: Instant,
    ) -> Result<(), Failure> {
        let stream = self.next_stream;
        self.next_stream += 2;
        self.stream_window = self.stream_window_initial;
        self.in_flight.push_back(Answer {
            ticket,
            stream,
            deadline,
            status: None,
            grpc_status: None,
            grpc_message: None,
            block: Vec::new(),
            ending: false,
            outcome: None,
        });
        // gRPC framing: the compressed flag, then the message's length.
        let mut prefix = [u8::from(compressed), 0, 0, 0, 0];
        prefix[1..].copy_from_slice(&(message.len() as u32).to_be_bytes());
        let total = prefix.len() + message.len();
        let part = |from: usize, to: usize| -> [&[u8]; 2] {
            let (a, b) = (from.min(5), to.min(5));
            [&prefix[a..b], &message[from.max(5) - 5..to.max(5) - 5]]
        };
        // HEADERS, then DATA frames as far as the windows allow, in one vectored write.
        let headers = frame_header(header_block.len(), HEADERS, END_HEADERS, stream);
        let mut sent = 0;
        let mut first = true;
        loop {
            let mut heads: Vec<[u8; 9]> = Vec::new();
            let mut ranges: Vec<(usize, usize)> = Vec::new();
            while sent < total {
                let room = self.connection_window.min(self.stream_window);
                if room <= 0 {
                    break;
                }
                let len = (total - sent).min(self.max_frame).min(room as usize);
                let flags = if sent + len == total { END_STREAM } else { 0 };
                heads.push(frame_header(len, DATA, flags, stream));
                ranges.push((sent, sent + len));
                sent += len;
                self.connection_window -= len as i64;
                self.stream_window -= len as i64;
            }
            let mut slices: Vec<IoSlice<'_>> = Vec::with_capacity(2 + 3 * heads.len());
            if first {
                slices.push(IoSlice::new(&headers));
                slices.push(IoSlice::new(header_block));
            }
            for (head, &(from, to)) in heads.iter().zip(&ranges) {
                slices.push(IoSlice::new(head));
                for piece in part(from, to) {
                    if !piece.is_empty() {
                        slices.push(IoSlice::new(piece));
                    }
                }
            }
            // A failed write can be retried on a new connection: the server cannot have
            // acted on a request whose end it never received.
            self.write(&slices, deadline)?;
            first = false;
            if sent == total {
                break;
            }
            // Windows exhausted: wait for WINDOW_UPDATE (or the answer, if the server
            // replies before reading everything, e.g. with an error).
            while self.connection_window.min(self.stream_window) <= 0 {
                let frame = self.read_frame(deadline)?;
                self.dispatch(frame, deadline)?;
                if self.in_flight.back().is_some_and(|answer| answer.outcome.is_some()) {
                    return Ok(());
                }
                self.refused(stream)?;
            }
        }
        Ok(())
    }

    /// Reads frames until the answer `in_flight[index]` is complete: its judgement, or
    /// a failure of the connection (every answer outstanding on it is then lost).
    fn wait_for(&mut self, index: usize) -> Result<Result<(), Failure>, Failure> {
        self.await_answer(index)?;
        Ok(self.in_flight[index].outcome.take().unwrap_or(Ok(())))
    }

    /// Reads frames until the answer `in_flight[index]` is judged (it stays there).
    fn await_answer(&mut self, index: usize) -> Result<(), Failure> {
        let (stream, deadline) = (self.in_flight[index].stream, self.in_flight[index].deadline);
        while self.in_flight[index].outcome.is_none() {
            self.refused(stream)?;
            // Once the request was sent whole, a failure is final: the server may have
            // acted on it, and sending it again could duplicate its spans.
            let frame = self.read_frame(deadline).map_err(|f| Failure { retry: false, ..f })?;
            self.dispatch(frame, deadline).map_err(|f| Failure { retry: false, ..f })?;
        }
        Ok(())
    }

    /// The oldest request whose answer is still open, when `limit` streams or more are.
    fn oldest_open(&self, limit: usize) -> Option<usize> {
        let mut open = self.in_flight.iter().enumerate().filter(|(_, a)| a.outcome.is_none());
        let oldest = open.next()?.0;
        (1 + open.count() >= limit).then_some(oldest)
    }

    /// A frame of an outstanding answer goes to it (header blocks decoded in arrival
    /// order, as HPACK requires); any other frame is a connection-level one.
    fn dispatch(&mut self, frame: Frame, deadline: Instant) -> Result<(), Failure> {
        let Some(index) = self.in_flight.iter().position(|a| a.stream == frame.stream && a.outcome.is_none()) else {
            return self.control(&frame, deadline);
        };
        let end_stream = frame.flags & END_STREAM != 0;
        match frame.kind {
            HEADERS | CONTINUATION => {
                let fragment = header_fragment(&frame)?;
                let answer = &mut self.in_flight[index];
                answer.block.extend_from_slice(fragment);
                answer.ending |= frame.kind == HEADERS && end_stream;
                if frame.flags & END_HEADERS != 0 {
                    let fields = self.decoder.decode(&answer.block).map_err(fail)?;
                    answer.block.clear();
                    for (name, value) in fields {
                        match name.as_slice() {
                            b":status" => answer.status = Some(value),
                            b"grpc-status" => answer.grpc_status = Some(value),
                            b"grpc-message" => answer.grpc_message = Some(value),
                            _ => {}
                        }
                    }
                    if answer.ending {
                        answer.outcome = Some(answer.judge());
                    }
                }
            }
            DATA => {
                self.give_back(frame.payload.len(), deadline)?;
                if end_stream {
                    let answer = &mut self.in_flight[index];
                    answer.outcome = Some(answer.judge());
                }
            }
            RST_STREAM => {
                let code = leading_u32(&frame.payload).unwrap_or(0);
                let reason = format!("stream reset by the server (HTTP/2 error {code:#x})");
                // REFUSED_STREAM: not processed at all (RFC 9113 §8.7), so it may be sent again.
                self.in_flight[index].outcome = Some(Err(Failure { reason, retry: code == REFUSED_STREAM }));
            }
            // Only the stream being sent (the newest) still needs its window.
            WINDOW_UPDATE if index + 1 == self.in_flight.len() => {
                self.stream_window += window_increment(&frame)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// A GOAWAY that left `stream` out: the server never acted on it (RFC 9113 §6.8),
    /// so it may be sent again on a new connection.
    fn refused(&self, stream: u32) -> Result<(), Failure> {
        if stream > self.last_processed {
            return Err(Failure { reason: "the server is going away".into(), retry: true });
        }
        Ok(())
    }

    /// Connection-level frames, and frames of other (finished) streams.
    fn control(&mut self, frame: &Frame, deadline: Instant) -> Result<(), Failure> {
        match frame.kind {
            SETTINGS if frame.stream == 0 && frame.flags & ACK == 0 => {
                for setting in frame.payload.chunks_exact(6) {
                    let id = u16::from_be_bytes([setting[0], setting[1]]);
                    let value = u32::from_be_bytes([setting[2], setting[3], setting[4], setting[5]]);
                    match id {
                        SETTINGS_INITIAL_WINDOW_SIZE if value <= i32::MAX as u32 => {
                            self.stream_window += i64::from(value) - self.stream_window_initial;
                            self.stream_window_initial = i64::from(value);
                        }
                        SETTINGS_MAX_CONCURRENT_STREAMS => self.max_streams = value as usize,
                        SETTINGS_MAX_FRAME_SIZE if (16_384..=16_777_215).contains(&value) => {
                            self.max_frame = value as usize;
                        }
                        _ => {}
                    }
                }
                self.write(&[IoSlice::new(&frame_header(0, SETTINGS, ACK, 0))], deadline)
            }
            PING if frame.flags & ACK == 0 => {
                let head = frame_header(frame.payload.len(), PING, ACK, 0);
                self.write(&[IoSlice::new(&head), IoSlice::new(&frame.payload)], deadline)
            }
            WINDOW_UPDATE if frame.stream == 0 => {
                self.connection_window += window_increment(frame)?;
                Ok(())
            }
            GOAWAY => {
                self.going_away = true;
                if let Some(id) = leading_u32(&frame.payload) {
                    self.last_processed = id & 0x7fff_ffff;
                }
                Ok(())
            }
            DATA => self.give_back(frame.payload.len(), deadline),
            PUSH_PROMISE => Err(fail("server push, which this client disabled")),
            _ => Ok(()),
        }
    }

    /// Returns received DATA to the server's connection window in large steps.
    fn give_back(&mut self, len: usize, deadline: Instant) -> Result<(), Failure> {
        self.unacknowledged += len as u32;
        if self.unacknowledged >= RECEIVE_WINDOW / 2 {
            let increment = std::mem::take(&mut self.unacknowledged);
            let head = frame_header(4, WINDOW_UPDATE, 0, 0);
            self.write(&[IoSlice::new(&head), IoSlice::new(&increment.to_be_bytes())], deadline)?;
        }
        Ok(())
    }

    fn write(&mut self, slices: &[IoSlice<'_>], deadline: Instant) -> Result<(), Failure> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(timed_out());
        }
        if let Some(timeout) = arm(&mut self.write_timeout, left) {
            self.transport.set_write_timeout(timeout);
        }
        match self.transport.write_all(slices) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::WriteZero => {
                Err(Failure { reason: "connection closed".into(), retry: true })
            }
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                Err(timed_out())
            }
            Err(e) => Err(Failure { reason: format!("write failed: {e}"), retry: true }),
        }
    }

    /// One whole frame from `pending`, if it holds one.
    fn parse_frame(&mut self) -> Option<Frame> {
        if self.pending.len() < 9 {
            return None;
        }
        let len =
            (usize::from(self.pending[0]) << 16) | (usize::from(self.pending[1]) << 8) | usize::from(self.pending[2]);
        if self.pending.len() < 9 + len {
            return None;
        }
        let stream = u32::from_be_bytes([self.pending[5] & 0x7f, self.pending[6], self.pending[7], self.pending[8]]);
        let frame =
            Frame { kind: self.pending[3], flags: self.pending[4], stream, payload: self.pending[9..9 + len].to_vec() };
        self.pending.drain(..9 + len);
        Some(frame)
    }

    fn read_frame(&mut self, deadline: Instant) -> Result<Frame, Failure> {
        loop {
            if let Some(frame) = self.parse_frame() {
                // SETTINGS_MAX_FRAME_SIZE we never raised: the server may not exceed 16 KiB.
                if frame.payload.len() > DEFAULT_MAX_FRAME {
                    return Err(fail("frame larger than allowed"));
                }
                return Ok(frame);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                // An answer collected after its deadline may have arrived in time.
                let before = self.pending.len();
                if self.read_arrived() && self.pending.len() > before {
                    continue;
                }
                return Err(timed_out());
            }
            if let Some(timeout) = arm(&mut self.read_timeout, left) {
                self.transport.set_read_timeout(timeout);
            }
            match self.transport.read(&mut self.read_buffer[..]) {
                Ok(0) => return Err(Failure { reason: "connection closed by the server".into(), retry: true }),
                Ok(n) => self.pending.extend_from_slice(&self.read_buffer[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    return Err(timed_out())
                }
                Err(e) => return Err(Failure { reason: format!("read failed: {e}"), retry: true }),
            }
        }
    }
}

/// The timeout to set on the socket before a blocking call with `left` to its deadline,
/// or `None` when the one set (`current`) is within 1/64 of it: every export would
/// otherwise make two `setsockopt` calls, for a timeout that moved by microseconds. A
/// call may so end up to 1/64 of the export timeout early or late.
fn arm(current: &mut Option<Duration>, left: Duration) -> Option<Duration> {
    if current.is_some_and(|set| set.abs_diff(left) <= left / 64) {
        return None;
    }
    *current = Some(left);
    *current
}

fn window_increment(frame: &Frame) -> Result<i64, Failure> {
    let increment = leading_u32(&frame.payload).ok_or_else(|| fail("short WINDOW_UPDATE"))?;
    Ok(i64::from(increment & 0x7fff_ffff))
}

/// The big-endian `u32` a payload starts with (error codes, stream ids, increments).
fn leading_u32(payload: &[u8]) -> Option<u32> {
    Some(u32::from_be_bytes(payload.get(..4)?.try_into().ok()?))
}

/// A HEADERS or CONTINUATION frame's header-block fragment (padding and priority removed).
fn header_fragment(frame: &Frame) -> Result<&[u8], Failure> {
    let mut payload = frame.payload.as_slice();
    let mut pad = 0;
    if frame.kind == HEADERS {
        if frame.flags & PADDED != 0 {
            let (&len, rest) = payload.split_first().ok_or_else(|| fail("short HEADERS"))?;
            pad = usize::from(len);
            payload = rest;
        }
        if frame.flags & PRIORITY != 0 {
            payload = payload.get(5..).ok_or_else(|| fail("short HEADERS"))?;
        }
    }
    payload
        .get(..payload.len().checked_sub(pad).ok_or_else(|| fail("HEADERS padding too long"))?)
        .ok_or_else(|| fail("short HEADERS"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_name_host_and_port() {
        let client = |endpoint: &str, insecure| Client::new(endpoint, "/s/M", &[], false, insecure);
        let address = |endpoint: &str| client(endpoint, false).map(|c| (c.address, c.tls.is_some()));
        assert_eq!(address("http://127.0.0.1:4318").unwrap(), ("127.0.0.1:4318".into(), false));
        assert_eq!(address("http://collector/v1/traces").unwrap(), ("collector:4317".into(), false));
        assert_eq!(address("http://[::1]:9000").unwrap(), ("[::1]:9000".into(), false));
        assert_eq!(address("http://[::1]").unwrap(), ("[::1]:4317".into(), false));
        assert!(address("http://").is_err());
        assert!(address("grpc://collector:4317").is_err());
        // No scheme: TLS unless OTEL_EXPORTER_OTLP_INSECURE says otherwise.
        assert_eq!(client("collector:4317", true).map(|c| c.tls.is_some()).ok(), Some(false));
    }

    #[test]
    fn frame_headers_carry_length_type_flags_and_stream() {
        assert_eq!(frame_header(0x01_02_03, DATA, END_STREAM, 5), [1, 2, 3, 0, 1, 0, 0, 0, 5]);
        assert_eq!(frame_header(0, SETTINGS, ACK, 0)[3..5], [SETTINGS, ACK]);
    }

    #[test]
    fn a_socket_timeout_is_set_again_only_when_it_moved_by_more_than_a_64th() {
        let ms = Duration::from_millis;
        let mut set = None;
        assert_eq!(arm(&mut set, ms(10_000)), Some(ms(10_000)));
        assert_eq!(arm(&mut set, ms(9_999)), None, "the next export's deadline, microseconds on");
        assert_eq!(arm(&mut set, ms(10_100)), None);
        assert_eq!(arm(&mut set, ms(9_000)), Some(ms(9_000)), "a slow call: the deadline comes closer");
        assert_eq!(arm(&mut set, ms(20_000)), Some(ms(20_000)), "a longer timeout is not cut short");
        assert_eq!(set, Some(ms(20_000)));
    }
}
