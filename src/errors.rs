//! The crate's one error type and its single conversion to a Python exception.
//!
//! Every fallible path returns [`Result`]; the boundary (`impl From<Error> for PyErr`)
//! looks the Aerospike result code up in `aerospike_py.exception`, which declares the
//! exception hierarchy once, so Rust never names an exception class itself.

use std::borrow::Cow;

use aerospike::ErrorKind;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

/// Client-side result codes, as the official clients number them.
pub(crate) mod code {
    pub const CLIENT_ERROR: i32 = -1;
    pub const PARAM_ERROR: i32 = -2;
    pub const NO_MORE_CONNECTIONS: i32 = -7;
    pub const INVALID_NODE: i32 = -8;
    pub const CONNECTION: i32 = -10;
    pub const MAX_ERROR_RATE: i32 = -14;
    pub const SERVER_ERROR: i32 = 1;
    pub const KEY_NOT_FOUND: i32 = 2;
    pub const TIMEOUT: i32 = 9;
    pub const NAMESPACE_NOT_FOUND: i32 = 20;
    pub const BIN_NAME_TOO_LONG: i32 = 21;
    pub const UDF_BAD_RESPONSE: i32 = 100;
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug)]
pub(crate) enum Error {
    /// Anything the `aerospike` crate reports: server result codes, timeouts, network.
    Aerospike(aerospike::Error),
    /// The server reported the record missing where the `aerospike` crate returns `false`.
    RecordNotFound,
    /// A bin name the server would refuse (longer than 15 bytes); caught before sending.
    BinName(String),
    /// The caller passed something we cannot use; nothing was sent.
    Param(String),
    /// A client-side failure that is not about the arguments (e.g. not connected).
    Client(String),
    /// The server refused a UDF management call (a module that does not compile or
    /// does not exist): `UDFError`, as the official client reports it.
    Udf(String),
    /// An info command the server answered with `ERROR[:code][:message]`: the exception
    /// for that code (1, `ServerError`, without one), as the official client raises it.
    Info { code: i32, message: String },
    /// A panic caught at the boundary; surfaces as `ClientError`, never aborts Python.
    Panic(String),
    /// An exception raised by Python code we called (e.g. a failing `__eq__`).
    Python(PyErr),
}

impl Error {
    pub(crate) fn param(msg: impl Into<String>) -> Self {
        Self::Param(msg.into())
    }

    pub(crate) fn client(msg: impl Into<String>) -> Self {
        Self::Client(msg.into())
    }

    /// The Aerospike result code this error is reported under.
    pub(crate) fn code(&self) -> i32 {
        match self {
            Self::Aerospike(e) => aerospike_code(e),
            Self::RecordNotFound => code::KEY_NOT_FOUND,
            Self::BinName(_) => code::BIN_NAME_TOO_LONG,
            Self::Param(_) => code::PARAM_ERROR,
            Self::Udf(_) => code::UDF_BAD_RESPONSE,
            Self::Info { code, .. } => *code,
            Self::Client(_) | Self::Panic(_) | Self::Python(_) => code::CLIENT_ERROR,
        }
    }

    /// The server's result code, when the server answered with an error.
    #[allow(dead_code)] // unused by the `none` tier
    pub(crate) fn server_code(&self) -> Option<i32> {
        match self {
            Self::Aerospike(e) if matches!(e.kind(), ErrorKind::Server { .. }) => Some(e.result_code()),
            Self::RecordNotFound => Some(code::KEY_NOT_FOUND),
            Self::Info { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// `error.type` for spans and the `error_type` metric label: the server's result-code
    /// name (e.g. `KeyNotFoundError`) or the client-side failure kind (e.g. `Timeout`).
    /// Only called on failures, so the allocation for server codes is off the hot path.
    #[cold]
    #[allow(dead_code)] // unused by the `none` tier
    pub(crate) fn error_type(&self) -> Cow<'static, str> {
        match self {
            Self::Aerospike(e) => match e.server_result_code() {
                Some(rc) => Cow::Owned(format!("{rc:?}")),
                None => Cow::Borrowed(real_cause(e).kind().name()),
            },
            Self::RecordNotFound => Cow::Borrowed("KeyNotFoundError"),
            Self::BinName(_) => Cow::Borrowed("BinNameTooLong"),
            Self::Param(_) => Cow::Borrowed("InvalidArgument"),
            Self::Client(_) => Cow::Borrowed("Client"),
            Self::Udf(_) => Cow::Borrowed("UdfBadResponse"),
            Self::Info { .. } => Cow::Borrowed("InfoCommandError"),
            Self::Panic(_) => Cow::Borrowed("Panic"),
            Self::Python(_) => Cow::Borrowed("Python"),
        }
    }

    /// A write may have been applied: the crate says so (some attempt reached the
    /// wire), and at least one attempt ended without a definite answer. Attempts the
    /// server refused (e.g. partition unavailable) or that were never sent (the
    /// error-rate breaker, an empty pool) applied nothing.
    fn in_doubt(&self) -> bool {
        match self {
            Self::Aerospike(e) => {
                e.in_doubt()
                    && std::iter::once(e).chain(e.sub_errors()).any(|attempt| outcome_unknown(real_cause(attempt)))
            }
            _ => false,
        }
    }

    pub(crate) fn message(&self) -> String {
        match self {
            Self::Aerospike(e) => e.to_string(),
            Self::RecordNotFound => "record not found".to_owned(),
            Self::Param(m) | Self::Client(m) | Self::BinName(m) | Self::Udf(m) => m.clone(),
            Self::Info { message, .. } => message.clone(),
            Self::Panic(m) => format!("internal error (Rust panic): {m}"),
            Self::Python(e) => e.to_string(),
        }
    }
}

/// The failure behind the crate's retry decoration: a command that gave up (deadline
/// or retries exhausted) is a `Timeout` whose cause is its last attempt's error, and
/// that says what happened (the partition was unavailable, the node's error-rate
/// breaker tripped, the connection failed). A timeout without a cause is a timeout.
fn real_cause(e: &aerospike::Error) -> &aerospike::Error {
    let mut current = e;
    while let (ErrorKind::Timeout, Some(cause)) = (current.kind(), current.cause()) {
        current = cause;
    }
    current
}

/// Whether an attempt that failed this way may still have been applied.
fn outcome_unknown(attempt: &aerospike::Error) -> bool {
    match attempt.kind() {
        ErrorKind::Server { rc, .. } => *rc == aerospike::ResultCode::Timeout,
        ErrorKind::MaxErrorRate
        | ErrorKind::ConnectionPoolEmpty
        | ErrorKind::NoMoreConnections
        | ErrorKind::InvalidNode
        | ErrorKind::InvalidNamespace
        | ErrorKind::InvalidArgument => false,
        // A failing UDF is the server's answer (its FAILURE text), not an unknown outcome.
        ErrorKind::UdfBadResponse => false,
        _ => true,
    }
}

fn aerospike_code(e: &aerospike::Error) -> i32 {
    let e = real_cause(e);
    match e.kind() {
        ErrorKind::Server { .. } => e.result_code(),
        ErrorKind::Timeout => code::TIMEOUT,
        ErrorKind::Connection | ErrorKind::Io(_) => code::CONNECTION,
        ErrorKind::ConnectionPoolEmpty | ErrorKind::NoMoreConnections => code::NO_MORE_CONNECTIONS,
        ErrorKind::MaxErrorRate => code::MAX_ERROR_RATE,
        ErrorKind::InvalidNode => code::INVALID_NODE,
        ErrorKind::InvalidNamespace => code::NAMESPACE_NOT_FOUND,
        ErrorKind::InvalidArgument => code::PARAM_ERROR,
        // A record UDF failed on the server (its FAILURE text is the message): UDFError.
        ErrorKind::UdfBadResponse => code::UDF_BAD_RESPONSE,
        _ => code::CLIENT_ERROR,
    }
}

impl From<aerospike::Error> for Error {
    fn from(e: aerospike::Error) -> Self {
        Self::Aerospike(e)
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Self::Python(e)
    }
}

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        if let Error::Python(e) = err {
            return e;
        }
        Python::attach(|py| match exception_class(py, err.code()) {
            Ok(cls) => match cls.call1((err.code(), err.message(), err.in_doubt())) {
                Ok(instance) => PyErr::from_value(instance),
                Err(e) => e,
            },
            Err(e) => PyRuntimeError::new_err(format!("{} ({e})", err.message())),
        })
    }
}

/// The class `aerospike_py.exception` registers for `code` (falling back by sign).
fn exception_class(py: Python<'_>, code: i32) -> PyResult<Bound<'_, PyAny>> {
    static CLASS_FOR_CODE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let lookup = CLASS_FOR_CODE.get_or_try_init(py, || -> PyResult<_> {
        Ok(py.import("aerospike_py.exception")?.getattr("class_for_code")?.unbind())
    })?;
    lookup.bind(py).call1((code,))
}

/// Panics never write to stderr: every one is caught at the boundary and raised as
/// `ClientError` (sync and async calls alike), and this hook only hands its text to
/// logging (`aerospike_py`, ERROR) instead of the default hook's dump.
pub(crate) fn route_panics_to_logging() {
    std::panic::set_hook(Box::new(|info| {
        log::error!(target: "aerospike_py", "internal error (Rust panic): {info}");
    }));
}

/// The text of a caught panic's payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}
