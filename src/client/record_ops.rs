//! Single-record operations, written once for both clients: parse arguments under
//! the GIL, then hand one future to [`execute`].

use std::sync::Arc;

use aerospike::{Bin, Bins, ErrorKind, Key, ResultCode, Value, WritePolicy};
use pyo3::prelude::*;

use super::core::Core;
use super::dispatch::{execute, Mode};
use super::replies::{ExistsReply, RecordReply};
use crate::convert::key::to_key;
use crate::convert::record::{bin_name, bin_names_from_py, bins_from_py};
use crate::convert::value::{number_operand, text_operand, to_int};
use crate::errors::{Error, Result};
use crate::instrument::Op;
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
    let policy = core.settings.policies.read(policy)?;
    let cluster = core.cluster()?;
    execute(py, mode, core, op, key, move |key| async move {
        let record = cluster.get(&policy, &key, bins).await?;
        Ok(RecordReply { key, record })
    })
}

pub(crate) fn exists(core: &Core, py: Python<'_>, mode: Mode, key: Arg, policy: OptArg) -> PyResult<Py<PyAny>> {
    let key = to_key(key)?;
    let policy = core.settings.policies.read(policy)?;
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
    let policy = write_policy(core, Kind::Remove, meta, policy)?;
    let cluster = core.cluster()?;
    execute(py, mode, core, Op::Remove, key, move |key| async move {
        if cluster.delete(&policy, &key).await? {
            Ok(())
        } else {
            Err(Error::RecordNotFound)
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
    let mut policy = write_policy(core, Kind::Write, meta, policy)?;
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
    let policy = write_policy(core, Kind::Write, meta, policy)?;
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
    let policy = write_policy(core, Kind::Write, meta, policy)?;
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
pub(super) fn write_policy(core: &Core, kind: Kind, meta: OptArg, policy: OptArg) -> Result<Arc<WritePolicy>> {
    let mut policy = core.settings.policies.write(kind, policy)?;
    if meta.is_some_and(|m| !m.is_none()) {
        apply_meta(Arc::make_mut(&mut policy), meta)?;
    }
    Ok(policy)
}

fn is_not_found(e: &aerospike::Error) -> bool {
    matches!(e.kind(), ErrorKind::Server { rc: ResultCode::KeyNotFoundError, .. })
}
