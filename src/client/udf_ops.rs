//! Record UDFs, written once for both clients: `apply` (traced as APPLY) and the
//! module management calls `udf_put` / `udf_remove` / `udf_list` / `udf_get`, which
//! are not data operations and are not traced. `udf_put` and `udf_remove` wait
//! until every node shows the change, as the official client's do, and return 0.
//! A UDF that fails on the server raises `UDFError` carrying the server's message.

use std::path::Path;
use std::time::Duration;

use aerospike::{AdminPolicy, Client as Cluster, Task, UdfLang, Value};
use base64::Engine as _;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyDict, PyList, PyString, PyTuple};

use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::{execute, Mode};
use super::record_ops::{Arg, OptArg};
use crate::convert::key::to_key;
use crate::convert::value::{to_py, to_value};
use crate::errors::{Error, Failure, Result};
use crate::instrument::Op;
use crate::policy::kinds::{Apply, Info};
use crate::runtime::IntoPython;

/// `UDF_TYPE_LUA`: the only UDF language the server runs.
pub(crate) const UDF_TYPE_LUA: i64 = 0;
/// How often a registration is polled, and for how long at most.
const POLL: Duration = Duration::from_millis(20);
const WAIT_LIMIT: Duration = Duration::from_secs(30);

/// A UDF's argument list: a list or tuple of values (None: no arguments).
pub(crate) fn udf_args(args: OptArg) -> Result<Vec<Value>> {
    let Some(args) = args.filter(|a| !a.is_none()) else { return Ok(Vec::new()) };
    if !(args.is_instance_of::<PyList>() || args.is_instance_of::<PyTuple>()) {
        return Err(Error::param("UDF args must be a list"));
    }
    args.try_iter()?.map(|a| to_value(&a?)).collect()
}

fn check_type(udf_type: i64) -> Result<()> {
    if udf_type == UDF_TYPE_LUA {
        Ok(())
    } else {
        Err(Error::param(format!("udf_type {udf_type} is not supported: only UDF_TYPE_LUA (0)")))
    }
}

fn admin(core: &Core, policy: OptArg) -> Result<(std::sync::Arc<Cluster>, AdminPolicy)> {
    let info = core.settings.policies.get::<Info>(policy)?;
    Ok((core.cluster()?, AdminPolicy { timeout: info.timeout }))
}

/// Polls `task` until every node reports it done.
async fn wait_for(task: impl Task, what: &str) -> Result<()> {
    let deadline = tokio::time::Instant::now() + WAIT_LIMIT;
    loop {
        if task.query_status().await? == aerospike::task::Status::Complete {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(Error::client(format!("{what} still not on every node after 30 s")));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A refused registration or removal (the server's `error=...` answer) as `UDFError`,
/// with a compile error's base64 `message=` decoded; other failures stay as they are.
fn management_error(e: aerospike::Error) -> Error {
    if !matches!(e.kind(), aerospike::ErrorKind::Server { .. }) {
        return e.into();
    }
    let text = e.to_string();
    match text.split_once("message=") {
        Some((head, encoded)) => match base64::engine::general_purpose::STANDARD.decode(encoded.trim()) {
            Ok(message) => Failure::Udf(format!("{head}message={}", String::from_utf8_lossy(&message))).into(),
            Err(_) => Failure::Udf(text).into(),
        },
        None => Failure::Udf(text).into(),
    }
}

/// The text of one info command's answer from a random node.
async fn info_text(cluster: &Cluster, policy: &AdminPolicy, command: &str) -> Result<String> {
    let node = cluster.random_node()?;
    let mut response = node.info(policy, &[command]).await?;
    Ok(response.swap_remove(command).unwrap_or_default())
}

/// Registers the Lua file at `path` under its file name and waits until every node has it.
pub(crate) fn udf_put(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    path: String,
    udf_type: i64,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    check_type(udf_type)?;
    let file = Path::new(&path)
        .file_name()
        .and_then(|f| f.to_str())
        .ok_or_else(|| Error::param(format!("udf_put path {path:?} names no file")))?
        .to_owned();
    let content = std::fs::read(&path).map_err(|e| Error::param(format!("udf_put cannot read {path:?}: {e}")))?;
    let (cluster, policy) = admin(core, policy)?;
    mode.run(py, async move {
        let task = cluster.register_udf(&policy, &content, &file, UdfLang::Lua).await.map_err(management_error)?;
        wait_for(task, "the UDF module").await?;
        Ok(Status)
    })
}

/// Removes the module `module` (its file name, e.g. `"counter.lua"`) and waits until it is gone.
pub(crate) fn udf_remove(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    module: String,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let (cluster, policy) = admin(core, policy)?;
    mode.run(py, async move {
        let task = cluster.remove_udf(&policy, &module).await.map_err(management_error)?;
        wait_for(task, "the UDF module removal").await?;
        Ok(Status)
    })
}

/// The 0 the official client's management calls return.
struct Status;

impl IntoPython for Status {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(0i64.into_pyobject(py)?.into_any().unbind())
    }
}

/// `[{"name", "hash", "type", "content"}, ...]` of the registered modules.
pub(crate) fn udf_list(core: &Core, py: Python<'_>, mode: Mode, policy: OptArg) -> PyResult<Py<PyAny>> {
    let (cluster, policy) = admin(core, policy)?;
    mode.run(py, async move { Ok(ModuleList(info_text(&cluster, &policy, "udf-list").await?)) })
}

struct ModuleList(String);

impl IntoPython for ModuleList {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let list = PyList::empty(py);
        // `filename=F,hash=H,type=LUA;` per module.
        for entry in self.0.split(';').filter(|e| !e.trim().is_empty()) {
            let field = |name: &str| {
                entry.split(',').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v))
            };
            let Some(name) = field("filename") else { continue };
            let module = PyDict::new(py);
            module.set_item("name", name)?;
            module.set_item("hash", PyByteArray::new(py, field("hash").unwrap_or_default().as_bytes()))?;
            module.set_item("type", UDF_TYPE_LUA)?;
            module.set_item("content", PyByteArray::new(py, b""))?;
            list.append(module)?;
        }
        Ok(list.into_any().unbind())
    }
}

/// The source text of the registered module `module`.
pub(crate) fn udf_get(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    module: String,
    udf_type: i64,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    check_type(udf_type)?;
    let (cluster, policy) = admin(core, policy)?;
    mode.run(py, async move {
        let command = format!("udf-get:filename={module};");
        let text = info_text(&cluster, &policy, &command).await?;
        // `gen=H;type=LUA;content=B64;`, or `error=not_found`.
        let content = text.split(';').find_map(|kv| kv.strip_prefix("content="));
        let Some(content) = content else {
            return Err(Failure::Udf(format!("udf_get {module:?}: {}", text.trim())).into());
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(content.trim())
            .map_err(|e| Error::client(format!("udf_get {module:?}: the server sent bad base64: {e}")))?;
        Ok(Source(String::from_utf8_lossy(&bytes).into_owned()))
    })
}

struct Source(String);

impl IntoPython for Source {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(PyString::new(py, &self.0).into_any().unbind())
    }
}

/// Calls `module.function(record, *args)` on the record at `key`; the function's
/// return value (None when it returns nothing).
#[allow(clippy::too_many_arguments)]
pub(crate) fn apply(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    key: Arg,
    module: String,
    function: String,
    args: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let args = udf_args(args)?;
    let policy = core.settings.policies.get::<Apply>(policy)?;
    let cluster = core.cluster()?;
    execute(py, mode, core, Op::Apply, key, move |key| async move {
        Ok(Returned(cluster.execute_udf(&policy, &key, &module, &function, &args).await?))
    })
}

struct Returned(Option<Value>);

impl IntoPython for Returned {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(to_py(py, self.0.unwrap_or(Value::Nil))?.unbind())
    }
}

/// The UDF methods of both clients.
macro_rules! udf_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Register the Lua module at `filename` (a local path) and wait until every node has it.
            #[pyo3(signature = (filename, udf_type=0, policy=None))]
            fn udf_put(
                &self,
                py: Python<'_>,
                filename: String,
                udf_type: i64,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                udf_put(&self.core, py, $mode, filename, udf_type, policy)
            }

            /// Remove the registered module `module` (e.g. `"counter.lua"`) from every node.
            #[pyo3(signature = (module, policy=None))]
            fn udf_remove(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = crate::convert::name::module_arg)] module: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                udf_remove(&self.core, py, $mode, module, policy)
            }

            /// The registered modules: `[{"name", "hash", "type", "content"}, ...]`.
            #[pyo3(signature = (policy=None))]
            fn udf_list(&self, py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                udf_list(&self.core, py, $mode, policy)
            }

            /// The source of the registered module `module`.
            #[pyo3(signature = (module, language=0, policy=None))]
            fn udf_get(
                &self,
                py: Python<'_>,
                #[pyo3(from_py_with = crate::convert::name::module_arg)] module: String,
                language: i64,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                udf_get(&self.core, py, $mode, module, language, policy)
            }

            /// Call the record UDF `module.function(record, *args)` on `key`; returns its value.
            #[pyo3(signature = (key, module, function, args, policy=None))]
            #[allow(clippy::too_many_arguments)]
            fn apply(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                module: String,
                function: String,
                args: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                apply(&self.core, py, $mode, key, module, function, args, policy)
            }
        }
    };
}

for_each_client!(udf_methods);
