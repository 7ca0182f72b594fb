//! Rust `log` records → Python's `logging`, under logger names like `aerospike_py.tracing`.
//!
//! Only records at or above `log::max_level()` (WARN by default) cross into Python, so
//! the `aerospike` crate's debug chatter costs one comparison. Records emitted while the
//! interpreter is shutting down are dropped rather than risking a hang.

use log::{Level, LevelFilter, Log, Metadata, Record};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

const ROOT: &str = "aerospike_py";

struct PythonLogger;

impl Log for PythonLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let name = logger_name(record.target());
        let level = match record.level() {
            Level::Error => 40,
            Level::Warn => 30,
            Level::Info => 20,
            Level::Debug | Level::Trace => 10,
        };
        let message = record.args().to_string();
        let _ = Python::try_attach(|py| -> PyResult<()> {
            get_logger(py)?.call1((name,))?.call_method1("log", (level, message))?;
            Ok(())
        });
    }

    fn flush(&self) {}
}

/// Our own targets keep their names; other crates' records nest under `aerospike_py.`.
fn logger_name(target: &str) -> String {
    if target == ROOT || target.starts_with("aerospike_py.") {
        target.to_owned()
    } else {
        let crate_name = target.split("::").next().unwrap_or(target);
        format!("{ROOT}.{crate_name}")
    }
}

fn get_logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static GET_LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    Ok(GET_LOGGER.get_or_try_init(py, || py.import("logging")?.getattr("getLogger").map(Bound::unbind))?.bind(py))
}

/// Installs the bridge once per process; an application that set its own `log`
/// logger (only possible when embedding) keeps it.
pub(crate) fn install() {
    if log::set_logger(&PythonLogger).is_ok() {
        log::set_max_level(LevelFilter::Warn);
    }
}

#[cfg(test)]
mod tests {
    use super::logger_name;

    #[test]
    fn records_nest_under_the_package_logger() {
        assert_eq!(logger_name("aerospike_py.tracing"), "aerospike_py.tracing");
        assert_eq!(logger_name("aerospike_core::cluster::node"), "aerospike_py.aerospike_core");
        assert_eq!(logger_name("tonic"), "aerospike_py.tonic");
    }
}
