//! An op's `ctx` field (built by `aerospike_py.cdt_ctx`) → the crate's `CdtContext`
//! path, so a list or map op acts on a list or map nested inside the bin.
//!
//! A context entry is `{"id": CDT_CTX_*, "value": v}`, plus `order` (and `pad`, for
//! lists) on the create variants; ids are the official client's `CDT_CTX_*` numbers.
//! Anything else is a `ParamError` naming the op and the entry. Cost: nothing when
//! the op has no `ctx`; a few dict lookups per entry otherwise.

use aerospike::operations::cdt_context::{
    ctx_list_index, ctx_list_index_create, ctx_list_rank, ctx_list_value, ctx_map_index, ctx_map_key,
    ctx_map_key_create, ctx_map_rank, ctx_map_value, CdtContext,
};
use aerospike::operations::lists::ListOrderType;
use aerospike::operations::MapOrder;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple};

use super::fields::Fields;
use crate::convert::value::{to_int, to_value};
use crate::errors::{Error, Result};

const LIST_INDEX: i64 = 0x10;
const LIST_RANK: i64 = 0x11;
const LIST_VALUE: i64 = 0x13;
const LIST_INDEX_CREATE: i64 = 0x14;
const MAP_INDEX: i64 = 0x20;
const MAP_RANK: i64 = 0x21;
const MAP_KEY: i64 = 0x22;
const MAP_VALUE: i64 = 0x23;
const MAP_KEY_CREATE: i64 = 0x24;

/// The op's `ctx` path; empty when the field is absent or `None`.
pub(super) fn read(f: &mut Fields<'_>) -> Result<Vec<CdtContext>> {
    let Some(ctx) = f.get("ctx")? else {
        return Ok(Vec::new());
    };
    if !(ctx.is_instance_of::<PyList>() || ctx.is_instance_of::<PyTuple>()) {
        return Err(f.error("field 'ctx' must be a list of aerospike_py.cdt_ctx entries"));
    }
    let mut path = Vec::new();
    for (i, item) in ctx.try_iter()?.enumerate() {
        let err = |msg: String| f.error(format!("ctx[{i}] {msg}"));
        path.push(entry(&item?, &err)?);
    }
    Ok(path)
}

/// A context path given on its own (an expression's `ctx` field); `err` names where.
pub(crate) fn path(ctx: &Bound<'_, PyAny>, err: &dyn Fn(String) -> Error) -> Result<Vec<CdtContext>> {
    if !(ctx.is_instance_of::<PyList>() || ctx.is_instance_of::<PyTuple>()) {
        return Err(err("field 'ctx' must be a list of aerospike_py.cdt_ctx entries".into()));
    }
    let mut path = Vec::new();
    for (i, item) in ctx.try_iter()?.enumerate() {
        path.push(entry(&item?, &|msg| err(format!("ctx[{i}] {msg}")))?);
    }
    Ok(path)
}

/// One context entry; `err` turns a message into the op's `ParamError`.
fn entry(item: &Bound<'_, PyAny>, err: &dyn Fn(String) -> Error) -> Result<CdtContext> {
    let dict = item.cast::<PyDict>().map_err(|_| err("must be a dict from aerospike_py.cdt_ctx".into()))?;
    let field = |name: &str| -> Result<Option<Bound<'_, PyAny>>> { Ok(dict.get_item(name)?.filter(|v| !v.is_none())) };
    let int = |value: &Bound<'_, PyAny>, name: &str| -> Result<i64> {
        if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
            to_int(value)
        } else {
            Err(err(format!("field '{name}' must be an int")))
        }
    };
    let id = int(&field("id")?.ok_or_else(|| err("has no 'id'".into()))?, "id")?;
    let (takes_order, takes_pad) = match id {
        LIST_INDEX_CREATE => (true, true),
        MAP_KEY_CREATE => (true, false),
        _ => (false, false),
    };
    for key in dict.keys() {
        let known = key.cast::<PyString>().ok().is_some_and(|k| {
            let k = k.to_str().unwrap_or("");
            matches!(k, "id" | "value") || (k == "order" && takes_order) || (k == "pad" && takes_pad)
        });
        if !known {
            return Err(err(format!("(id {id}) has unexpected field {}", key.repr()?)));
        }
    }
    let value = field("value")?.ok_or_else(|| err(format!("(id {id}) has no 'value'")))?;
    let order = match field("order")? {
        Some(order) => int(&order, "order")?,
        None => 0,
    };
    let index = || int(&value, "value");
    let any = || {
        to_value(&value).map_err(|e| match e {
            Error::Param(m) => err(format!("value: {m}")),
            e => e,
        })
    };
    Ok(match id {
        LIST_INDEX => ctx_list_index(index()?),
        LIST_RANK => ctx_list_rank(index()?),
        LIST_VALUE => ctx_list_value(any()?),
        MAP_INDEX => ctx_map_index(index()?),
        MAP_RANK => ctx_map_rank(index()?),
        MAP_KEY => ctx_map_key(any()?),
        MAP_VALUE => ctx_map_value(any()?),
        LIST_INDEX_CREATE => {
            let order = match order {
                0 => ListOrderType::Unordered,
                1 => ListOrderType::Ordered,
                _ => return Err(err(format!("has no list 'order' {order}"))),
            };
            let pad = match field("pad")? {
                Some(pad) if pad.is_instance_of::<PyBool>() => pad.is_truthy()?,
                Some(_) => return Err(err("field 'pad' must be a bool".into())),
                None => false,
            };
            ctx_list_index_create(index()?, order, pad)
        }
        MAP_KEY_CREATE => {
            let order = match order {
                0 => MapOrder::Unordered,
                1 => MapOrder::KeyOrdered,
                3 => MapOrder::KeyValueOrdered,
                _ => return Err(err(format!("has no map 'order' {order}"))),
            };
            ctx_map_key_create(any()?, order)
        }
        _ => return Err(err(format!("has unknown id {id}"))),
    })
}
