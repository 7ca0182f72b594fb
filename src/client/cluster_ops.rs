//! Cluster calls, shared by both clients: info commands (to one, a named or every
//! node), the node list, and key → digest → partition arithmetic. Not traced: they are
//! not data operations. The node list and partition calls do no I/O and return plain
//! values on both clients, as `is_connected` does.

use aerospike::{AdminPolicy, Key};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString, PyTuple};

use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::Mode;
use super::record_ops::OptArg;
use crate::convert::key::to_key;
use crate::errors::{Error, Failure, Result};
use crate::policy::kinds::Info;
use crate::runtime::IntoPython;

/// Which nodes an info command goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Nodes {
    Random,
    Named(String),
    All,
}

/// What the caller gets back, as each call's peer client shapes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `info()` (aerospike-py 0.14.4): the value after the command's echo (for several
    /// commands, the response without its first echo).
    Value,
    /// `info_random_node` / `info_single_node` (official): the raw response,
    /// `"command\tvalue\n"`.
    Raw,
    /// `info_all` (official): `{node_name: (None, response)}`, the response without its
    /// first echo (`"value\n"` for one command).
    PerNode,
}

/// Sends `command` to `nodes` and shapes the answers.
pub(crate) fn info(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    nodes: Nodes,
    shape: Shape,
    command: String,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let policy: AdminPolicy = *core.settings.policies.get::<Info>(policy)?;
    let cluster = core.cluster()?;
    let targets = match &nodes {
        Nodes::Random => vec![cluster.random_node().map_err(Error::from)?],
        Nodes::Named(name) => vec![cluster
            .get_node(name)
            .map_err(|_| Error::param(format!("info_single_node: no node named '{name}' in the cluster")))?],
        Nodes::All => cluster.nodes(),
    };
    mode.run(py, async move {
        // Several commands may be sent at once, one per line, as the official client allows.
        let commands: Vec<&str> = command.split('\n').filter(|c| !c.is_empty()).collect();
        let mut answers = Vec::with_capacity(targets.len());
        for node in targets {
            let entries: Vec<(String, String)> = node.info(&policy, &commands).await?.into_iter().collect();
            if let Some(error) = entries.iter().find_map(|(_, value)| info_failure(value, node.address())) {
                return Err(error);
            }
            answers.push((node.name().to_owned(), entries));
        }
        Ok(InfoReply { answers, shape })
    })
}

/// A value the server sent as `ERROR[:code][:message]` (or `FAIL...`): the error the
/// official client raises for it, its message naming the node (`"... from host:port"`).
fn info_failure(value: &str, address: &str) -> Option<Error> {
    let head = value.get(..5).unwrap_or(value);
    let rest = if head.eq_ignore_ascii_case("error") {
        &value[5..]
    } else if value.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("fail")) {
        &value[4..]
    } else {
        return None;
    };
    let rest = match rest.chars().next() {
        None => "",
        Some(':' | '=') => &rest[1..],
        Some(_) => return None,
    };
    let (code, message) = match rest.split_once([':', '=']) {
        Some((code, message)) => (code, message),
        None if rest.chars().all(|c| c.is_ascii_digit()) => (rest, ""),
        None => ("", rest),
    };
    let code = code.parse().unwrap_or(crate::errors::code::SERVER_ERROR);
    let message = if message.is_empty() { value } else { message };
    Some(Failure::Info { code, message: format!("{message} from {address}") }.into())
}

/// Each node's `(echoed command, value)` entries, in the server's order.
struct InfoReply {
    answers: Vec<(String, Vec<(String, String)>)>,
    shape: Shape,
}

/// The response as the server sent it: `"command\tvalue\n"` per command.
fn raw(entries: &[(String, String)]) -> String {
    entries.iter().map(|(command, value)| format!("{command}\t{value}\n")).collect()
}

/// The response without its first echo, as the official `info_all` gives it.
fn without_echo(entries: &[(String, String)]) -> String {
    let text = raw(entries);
    let echo = entries.first().map_or(0, |(command, _)| command.len() + 1);
    text[echo.min(text.len())..].to_owned()
}

impl IntoPython for InfoReply {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let first = self.answers.first().map(|(_, entries)| entries.as_slice()).unwrap_or_default();
        Ok(match self.shape {
            Shape::Value if first.len() == 1 => first[0].1.clone().into_pyobject(py)?.into_any().unbind(),
            Shape::Value => without_echo(first).into_pyobject(py)?.into_any().unbind(),
            Shape::Raw => raw(first).into_pyobject(py)?.into_any().unbind(),
            Shape::PerNode => {
                let dict = PyDict::new(py);
                for (name, entries) in &self.answers {
                    dict.set_item(name, (py.None(), without_echo(entries)))?;
                }
                dict.into_any().unbind()
            }
        })
    }
}

/// `[{"address": str, "port": int, "node_name": str}, ...]` (official shape).
fn node_names<'py>(core: &Core, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
    core.cluster()?
        .nodes()
        .iter()
        .map(|node| {
            let host = node.host();
            let entry = PyDict::new(py);
            entry.set_item("address", host.name)?;
            entry.set_item("port", host.port)?;
            entry.set_item("node_name", node.name())?;
            Ok(entry)
        })
        .collect()
}

/// `[(address, port), ...]` (official shape).
fn nodes(core: &Core) -> PyResult<Vec<(String, u16)>> {
    Ok(core.cluster()?.nodes().iter().map(|node| (node.host().name, node.host().port)).collect())
}

fn key_of(py: Python<'_>, namespace: &str, set: &str, key: &Bound<'_, PyAny>) -> Result<Key> {
    let items = [PyString::new(py, namespace).into_any(), PyString::new(py, set).into_any(), key.clone()];
    to_key(PyTuple::new(py, items)?.as_any())
}

/// The record digest the server addresses `(namespace, set, key)` by: the same 20
/// bytes as the official client's `aerospike.calc_digest`.
#[pyfunction]
pub(crate) fn calc_digest<'py>(
    py: Python<'py>,
    ns: &str,
    set: &str,
    key: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyByteArray>> {
    Ok(PyByteArray::new(py, &key_of(py, ns, set, key)?.digest()))
}

/// The partition (0..4095) a 20-byte digest belongs to. Unlike the official
/// function of this name (which takes a `str`), this takes the digest itself.
#[pyfunction]
pub(crate) fn get_partition_id(digest: &Bound<'_, PyAny>) -> PyResult<usize> {
    let bytes: Vec<u8> = if let Ok(b) = digest.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = digest.cast::<PyByteArray>() {
        b.to_vec()
    } else {
        return Err(Error::param("get_partition_id: digest must be bytes or bytearray").into());
    };
    let digest: [u8; 20] =
        bytes.try_into().map_err(|_| Error::param("get_partition_id: digest must be exactly 20 bytes"))?;
    Ok(Key::with_digest("", "", None, digest).partition_id())
}

/// The cluster methods of both clients.
macro_rules! cluster_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Send an info command to one node; returns the value after the command's echo.
            #[pyo3(signature = (command, policy=None))]
            fn info(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = crate::convert::name::info_command_arg)] command: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                info(&self.core, py, $mode, Nodes::Random, Shape::Value, command, policy)
            }

            /// Send an info command to a random node; returns the raw response
            /// (`"command\tvalue\n"`).
            #[pyo3(signature = (command, policy=None))]
            fn info_random_node(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = crate::convert::name::info_command_arg)] command: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                info(&self.core, py, $mode, Nodes::Random, Shape::Raw, command, policy)
            }

            /// Send an info command to the node named `host` (a name from `get_node_names`);
            /// returns the raw response (`"command\tvalue\n"`).
            #[pyo3(signature = (command, host, policy=None))]
            fn info_single_node(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = crate::convert::name::info_command_arg)] command: String,
                host: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                info(&self.core, py, $mode, Nodes::Named(host), Shape::Raw, command, policy)
            }

            /// Send an info command to every node: `{node_name: (None, "value\n")}`.
            #[pyo3(signature = (command, policy=None))]
            fn info_all(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = crate::convert::name::info_command_arg)] command: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                info(&self.core, py, $mode, Nodes::All, Shape::PerNode, command, policy)
            }

            /// The cluster's nodes: `[{"address": str, "port": int, "node_name": str}, ...]`.
            fn get_node_names<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
                node_names(&self.core, py)
            }

            /// The cluster's nodes: `[(address, port), ...]`.
            fn get_nodes(&self) -> PyResult<Vec<(String, u16)>> {
                nodes(&self.core)
            }

            /// The partition (0..4095) that holds `(ns, set, key)`.
            fn get_key_partition_id(
                &self,
                py: Python<'_>,
                ns: &str,
                set: &str,
                key: &Bound<'_, PyAny>,
            ) -> PyResult<usize> {
                Ok(key_of(py, ns, set, key)?.partition_id())
            }
        }
    };
}

for_each_client!(cluster_methods);

#[cfg(test)]
mod tests {
    use super::info_failure;

    fn failure(value: &str) -> Option<(i32, String)> {
        info_failure(value, "h:3000").map(|e| (e.code(), e.message()))
    }

    #[test]
    fn error_responses_become_the_code_s_error() {
        assert_eq!(failure("ERROR::unrecognized command"), Some((1, "unrecognized command from h:3000".into())));
        assert_eq!(failure("ERROR:4:missing bin or type"), Some((4, "missing bin or type from h:3000".into())));
        assert_eq!(failure("FAIL:201:no index"), Some((201, "no index from h:3000".into())));
        assert_eq!(failure("error=4"), Some((4, "error=4 from h:3000".into())));
        assert_eq!(failure("ERROR"), Some((1, "ERROR from h:3000".into())));
    }

    #[test]
    fn other_responses_are_answers() {
        assert_eq!(failure("test;bar"), None);
        assert_eq!(failure("errors=0;fails=1"), None);
        assert_eq!(failure(""), None);
        assert_eq!(failure("failover=ok"), None);
    }
}
