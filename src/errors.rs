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

/// One failure, boxed: every `Result<T>` stays one pointer wider than `T` (a `PyErr`
/// alone is 64 bytes), so futures and results move in registers on the success path,
/// and only a failure pays an allocation.
pub(crate) struct Error(Box<Failure>);

#[derive(Debug)]
pub(crate) enum Failure {
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

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What failed: an error's questions (`code`, `message`, ...) are `Failure`'s methods.
impl std::ops::Deref for Error {
    type Target = Failure;

    fn deref(&self) -> &Failure {
        &self.0
    }
}

impl From<Failure> for Error {
    #[cold]
    fn from(failure: Failure) -> Self {
        Self(Box::new(failure))
    }
}

impl Error {
    pub(crate) fn param(msg: impl Into<String>) -> Self {
        Failure::Param(msg.into()).into()
    }

    pub(crate) fn client(msg: impl Into<String>) -> Self {
        Failure::Client(msg.into()).into()
    }

    /// A `Param` error's message handed to `reword` (which adds where it happened); any
    /// other error unchanged.
    pub(crate) fn reword_param(self, reword: impl FnOnce(&str) -> Error) -> Self {
        match &*self.0 {
            Failure::Param(message) => reword(message),
            _ => self,
        }
    }
}

impl Failure {
    /// The Aerospike result code this error is reported under.
    pub(crate) fn code(&self) -> i32 {
        match self {
            Failure::Aerospike(e) => aerospike_code(e),
            Failure::RecordNotFound => code::KEY_NOT_FOUND,
            Failure::BinName(_) => code::BIN_NAME_TOO_LONG,
            Failure::Param(_) => code::PARAM_ERROR,
            Failure::Udf(_) => code::UDF_BAD_RESPONSE,
            Failure::Info { code, .. } => *code,
            Failure::Client(_) | Failure::Panic(_) | Failure::Python(_) => code::CLIENT_ERROR,
        }
    }

    /// The server's result code, when the server answered with an error.
    #[allow(dead_code)] // unused by the `none` tier
    pub(crate) fn server_code(&self) -> Option<i32> {
        match self {
            Failure::Aerospike(e) if matches!(e.kind(), ErrorKind::Server { .. }) => Some(e.result_code()),
            Failure::RecordNotFound => Some(code::KEY_NOT_FOUND),
            Failure::Info { code, .. } => Some(*code),
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
            Failure::Aerospike(e) => match e.server_result_code() {
                Some(rc) => Cow::Owned(format!("{rc:?}")),
                None => Cow::Borrowed(real_cause(e).kind().name()),
            },
            Failure::RecordNotFound => Cow::Borrowed("KeyNotFoundError"),
            Failure::BinName(_) => Cow::Borrowed("BinNameTooLong"),
            Failure::Param(_) => Cow::Borrowed("InvalidArgument"),
            Failure::Client(_) => Cow::Borrowed("Client"),
            Failure::Udf(_) => Cow::Borrowed("UdfBadResponse"),
            Failure::Info { .. } => Cow::Borrowed("InfoCommandError"),
            Failure::Panic(_) => Cow::Borrowed("Panic"),
            Failure::Python(_) => Cow::Borrowed("Python"),
        }
    }

    /// A write may have been applied: the crate says so (some attempt reached the
    /// wire), and at least one attempt ended without a definite answer. Attempts the
    /// server refused (e.g. partition unavailable) or that were never sent (the
    /// error-rate breaker, an empty pool) applied nothing.
    fn in_doubt(&self) -> bool {
        match self {
            Failure::Aerospike(e) => {
                e.in_doubt()
                    && std::iter::once(e).chain(e.sub_errors()).any(|attempt| outcome_unknown(real_cause(attempt)))
            }
            _ => false,
        }
    }

    pub(crate) fn message(&self) -> String {
        match self {
            Failure::Aerospike(e) => e.to_string(),
            Failure::RecordNotFound => "record not found".to_owned(),
            Failure::Param(m) | Failure::Client(m) | Failure::BinName(m) | Failure::Udf(m) => m.clone(),
            Failure::Info { message, .. } => message.clone(),
            Failure::Panic(m) => format!("internal error (Rust panic): {m}"),
            Failure::Python(e) => e.to_string(),
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
        Failure::Aerospike(e).into()
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Failure::Python(e).into()
    }
}

impl From<Error> for PyErr {
    fn from(err: Error) -> PyErr {
        let err = match *err.0 {
            Failure::Python(e) => return e,
            failure => failure,
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_one_pointer_wider_than_its_value_at_most() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<Result<()>>(), std::mem::size_of::<usize>());
    }
}
