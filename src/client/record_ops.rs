//! Single-record operations, written once for both clients: parse arguments under
//! the GIL, then hand one future to [`execute`].

use std::sync::Arc;

use aerospike::{Bin, Bins, ErrorKind, Key, ResultCode, Value, WritePolicy};
use pyo3::prelude::*;

use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::{execute, Mode};
use super::replies::{ExistsReply, RecordReply};
use crate::convert::key::to_key;
use crate::convert::record::{bin_name, bin_names_from_py, bins_from_py};
use crate::convert::value::{number_operand, text_operand, to_int};
use crate::errors::{Failure, Result};
use crate::instrument::Op;
use crate::policy::kinds::{Operate, Read, Remove, Write};
use crate::policy::meta::{apply_meta, expiration};
use crate::policy::Kind;

pub(super) type Arg<'a, 'py> = &'a Bound<'py, PyAny>;
pub(super) type OptArg<'a, 'py> = Option<&'a Bound<'py, PyAny>>;

pub(crate) fn put(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    key: Arg,
    bins: Arg,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let bins = bins_from_py(bins)?;
    write(core, py, mode, Op::Put, key, bins, meta, policy)
}

pub(crate) fn get(core: &Core, py: Python<'_>, mode: Mode, key: Arg, policy: OptArg) -> PyResult<Py<PyAny>> {
    read(core, py, mode, Op::Get, key, Bins::All, policy)
}

pub(crate) fn select(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    key: Arg,
    bins: Arg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let names = bin_names_from_py(bins)?;
    read(core, py, mode, Op::Select, key, Bins::Some(names), policy)
}

fn read(core: &Core, py: Python<'_>, mode: Mode, op: Op, key: Arg, bins: Bins, policy: OptArg) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let policy = core.settings.policies.get::<Read>(policy)?;
    let cluster = core.cluster()?;
    execute(py, mode, core, op, key, move |key| async move {
        let record = cluster.get(&policy, &key, bins).await?;
        Ok(RecordReply { key, record })
    })
}

pub(crate) fn exists(core: &Core, py: Python<'_>, mode: Mode, key: Arg, policy: OptArg) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let policy = core.settings.policies.get::<Read>(policy)?;
    let cluster = core.cluster()?;
    execute(py, mode, core, Op::Exists, key, move |key| async move {
        // A header-only read: existence plus the generation and TTL users expect in meta.
        let record = match cluster.get(&policy, &key, Bins::None).await {
            Ok(record) => Some(record),
            Err(e) if is_not_found(&e) => None,
            Err(e) => return Err(e.into()),
        };
        Ok(ExistsReply { key, record })
    })
}

pub(crate) fn remove(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    key: Arg,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let policy = write_policy::<Remove>(core, meta, policy)?;
    let cluster = core.cluster()?;
    execute(py, mode, core, Op::Remove, key, move |key| async move {
        if cluster.delete(&policy, &key).await? {
            Ok(())
        } else {
            Err(Failure::RecordNotFound.into())
        }
    })
}

pub(crate) fn touch(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    key: Arg,
    val: Arg,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let mut policy = write_policy::<Operate>(core, meta, policy)?;
    // A non-zero `val` is the new TTL (as in the official client); 0 leaves it to `meta`.
    if to_int(val)? != 0 {
        if let Some(exp) = expiration(val)? {
            Arc::make_mut(&mut policy).expiration = exp;
        }
    }
    let cluster = core.cluster()?;
    execute(py, mode, core, Op::Touch, key, move |key| async move { Ok(cluster.touch(&policy, &key).await?) })
}

#[allow(clippy::too_many_arguments)] // the Python signature, plus core, py and mode
pub(crate) fn append(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    key: Arg,
    bin: Arg,
    val: Arg,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    modify(core, py, mode, Op::Append, key, bin, val, meta, policy)
}

#[allow(clippy::too_many_arguments)] // the Python signature, plus core, py and mode
pub(crate) fn prepend(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    key: Arg,
    bin: Arg,
    val: Arg,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    modify(core, py, mode, Op::Prepend, key, bin, val, meta, policy)
}

#[allow(clippy::too_many_arguments)] // the Python signature, plus core, py and mode
pub(crate) fn increment(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    key: Arg,
    bin: Arg,
    offset: Arg,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    modify(core, py, mode, Op::Increment, key, bin, offset, meta, policy)
}

pub(crate) fn remove_bin(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    key: Arg,
    bins: Arg,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let bins = bin_names_from_py(bins)?.into_iter().map(|name| Bin::new(name, Value::Nil)).collect();
    write(core, py, mode, Op::RemoveBin, key, bins, meta, policy)
}

#[allow(clippy::too_many_arguments)]
fn write(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    op: Op,
    key: Key,
    bins: Vec<Bin>,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let policy = write_policy::<Write>(core, meta, policy)?;
    let cluster = core.cluster()?;
    execute(py, mode, core, op, key, move |key| async move { Ok(cluster.put(&policy, &key, &bins).await?) })
}

/// append / prepend / increment: one bin, one operand, type-checked before sending.
#[allow(clippy::too_many_arguments)]
fn modify(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    op: Op,
    key: Arg,
    bin: Arg,
    operand: Arg,
    meta: OptArg,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let name = bin_name(bin)?;
    let value = match op {
        Op::Increment => number_operand(operand)?,
        _ => text_operand(operand)?,
    };
    let bins = [Bin::new(name, value)];
    let policy = write_policy::<Operate>(core, meta, policy)?;
    let cluster = core.cluster()?;
    execute(py, mode, core, op, key, move |key| async move {
        match op {
            Op::Append => cluster.append(&policy, &key, &bins).await?,
            Op::Prepend => cluster.prepend(&policy, &key, &bins).await?,
            _ => cluster.add(&policy, &key, &bins).await?,
        }
        Ok(())
    })
}

/// The policy for a write-family call: config defaults, then `policy`, then `meta`.
pub(super) fn write_policy<K: Kind<Policy = WritePolicy>>(
    core: &Core,
    meta: OptArg,
    policy: OptArg,
) -> Result<Arc<WritePolicy>> {
    let mut policy = core.settings.policies.get::<K>(policy)?;
    if meta.is_some_and(|m| !m.is_none()) {
        apply_meta(Arc::make_mut(&mut policy), meta)?;
    }
    Ok(policy)
}

fn is_not_found(e: &aerospike::Error) -> bool {
    matches!(e.kind(), ErrorKind::Server { rc: ResultCode::KeyNotFoundError, .. })
}

/// The single-record methods of both clients.
macro_rules! record_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Write `bins` (a dict) to the record at `key`; `meta` may carry `gen` and `ttl`.
            #[pyo3(signature = (key, bins, meta=None, policy=None))]
            fn put(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                bins: &Bound<'_, PyAny>,
                meta: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                put(&self.core, py, $mode, key, bins, meta, policy)
            }

            /// Read the whole record: `(key, meta, bins)`. Raises `RecordNotFound` if absent.
            #[pyo3(signature = (key, policy=None))]
            fn get(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                get(&self.core, py, $mode, key, policy)
            }

            /// Read only the named bins: `(key, meta, bins)`.
            #[pyo3(signature = (key, bins, policy=None))]
            fn select(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                bins: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                select(&self.core, py, $mode, key, bins, policy)
            }

            /// `(key, meta)` if the record exists, else `(key, None)`.
            #[pyo3(signature = (key, policy=None))]
            fn exists(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                exists(&self.core, py, $mode, key, policy)
            }

            /// Delete the record; `meta={"gen": n}` with a `gen` policy makes it conditional.
            #[pyo3(signature = (key, meta=None, policy=None))]
            fn remove(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                meta: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                remove(&self.core, py, $mode, key, meta, policy)
            }

            /// Reset the record's TTL to `val` seconds (and bump its generation).
            #[pyo3(signature = (key, val=None, meta=None, policy=None))]
            fn touch(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                val: Option<&Bound<'_, PyAny>>,
                meta: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let zero = 0i64.into_pyobject(py)?.into_any();
                touch(&self.core, py, $mode, key, val.unwrap_or(&zero), meta, policy)
            }

            /// Append a str (or bytes) to a bin.
            #[pyo3(signature = (key, bin, val, meta=None, policy=None))]
            fn append(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                bin: &Bound<'_, PyAny>,
                val: &Bound<'_, PyAny>,
                meta: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                append(&self.core, py, $mode, key, bin, val, meta, policy)
            }

            /// Prepend a str (or bytes) to a bin.
            #[pyo3(signature = (key, bin, val, meta=None, policy=None))]
            fn prepend(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                bin: &Bound<'_, PyAny>,
                val: &Bound<'_, PyAny>,
                meta: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                prepend(&self.core, py, $mode, key, bin, val, meta, policy)
            }

            /// Add an int or float `offset` to a numeric bin (created if missing).
            #[pyo3(signature = (key, bin, offset, meta=None, policy=None))]
            fn increment(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                bin: &Bound<'_, PyAny>,
                offset: &Bound<'_, PyAny>,
                meta: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                increment(&self.core, py, $mode, key, bin, offset, meta, policy)
            }

            /// Remove the named bins from the record.
            #[pyo3(signature = (key, bins, meta=None, policy=None))]
            fn remove_bin(
                &self,
                py: Python<'_>,
                key: &Bound<'_, PyAny>,
                bins: &Bound<'_, PyAny>,
                meta: Option<&Bound<'_, PyAny>>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                remove_bin(&self.core, py, $mode, key, bins, meta, policy)
            }
        }
    };
}

for_each_client!(record_methods);
