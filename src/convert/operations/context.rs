//! An op's `ctx` field → the crate's `CdtContext` path, so a list or map op acts on
//! a list or map nested inside the bin.
//!
//! An entry is what `aerospike_py.cdt_ctx` builds, `{"id": CDT_CTX_*, "value": v}`
//! plus `order` (and `pad`, for lists) on the create variants and `filter_expr` on
//! the filter variants, or what the official `aerospike_helpers.cdt_ctx` builds: an
//! object with `id`, `value` and `extra_args` (`order_key`, `pad_key`,
//! `filter_expr`). Ids are the official client's numbers. Anything else is a
//! `ParamError` naming the op and the entry. Cost: nothing when the op has no
//! `ctx`; a few lookups per entry otherwise.

use aerospike::operations::cdt_context::{
    ctx_all_children, ctx_all_children_with_filter, ctx_and_filter, ctx_list_index, ctx_list_index_create,
    ctx_list_rank, ctx_list_value, ctx_map_index, ctx_map_key, ctx_map_key_create, ctx_map_keys_in, ctx_map_rank,
    ctx_map_value, CdtContext,
};
use aerospike::operations::lists::ListOrderType;
use aerospike::operations::MapOrder;
use aerospike::Value;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple};

use super::fields::Fields;
use crate::convert::expression;
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
/// Every child of the current level, optionally filtered (`_AS_CDT_CTX_EXP`).
const ALL_CHILDREN: i64 = 0x04;
/// A filter AND-ed with the previous entry (`_AS_CDT_CTX_AND | _AS_CDT_CTX_EXP`).
const AND_FILTER: i64 = 0x204;
/// The map entries whose keys are listed (`_AS_CDT_CTX_MAP_KEYS_IN`).
const MAP_KEYS_IN: i64 = 0x2a;

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

/// The parts of one entry, read from either shape.
struct Parts<'py> {
    id: i64,
    value: Option<Bound<'py, PyAny>>,
    order: Option<Bound<'py, PyAny>>,
    pad: Option<Bound<'py, PyAny>>,
    filter: Option<Bound<'py, PyAny>>,
}

/// Which optional parts an id takes: (order, pad, filter).
fn takes(id: i64) -> (bool, bool, bool) {
    match id {
        LIST_INDEX_CREATE => (true, true, false),
        MAP_KEY_CREATE => (true, false, false),
        ALL_CHILDREN | AND_FILTER => (false, false, true),
        _ => (false, false, false),
    }
}

fn int_of(value: &Bound<'_, PyAny>, name: &str, err: &dyn Fn(String) -> Error) -> Result<i64> {
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        to_int(value)
    } else {
        Err(err(format!("field '{name}' must be an int")))
    }
}

/// `{"id", "value", "order", "pad", "filter_expr"}` (aerospike_py.cdt_ctx).
fn dict_parts<'py>(dict: &Bound<'py, PyDict>, err: &dyn Fn(String) -> Error) -> Result<Parts<'py>> {
    let field = |name: &str| -> Result<Option<Bound<'py, PyAny>>> { Ok(dict.get_item(name)?.filter(|v| !v.is_none())) };
    let id = int_of(&field("id")?.ok_or_else(|| err("has no 'id'".into()))?, "id", err)?;
    let (order, pad, filter) = takes(id);
    for key in dict.keys() {
        let known = key.cast::<PyString>().ok().is_some_and(|k| {
            let k = k.to_str().unwrap_or("");
            matches!(k, "id" | "value")
                || (k == "order" && order)
                || (k == "pad" && pad)
                || (k == "filter_expr" && filter)
        });
        if !known {
            return Err(err(format!("(id {id}) has unexpected field {}", key.repr()?)));
        }
    }
    Ok(Parts { id, value: field("value")?, order: field("order")?, pad: field("pad")?, filter: field("filter_expr")? })
}

/// An official `aerospike_helpers.cdt_ctx._cdt_ctx`: `id`, `value`, `extra_args`.
fn object_parts<'py>(item: &Bound<'py, PyAny>, err: &dyn Fn(String) -> Error) -> Result<Parts<'py>> {
    let attr =
        |name: &str| -> Result<Option<Bound<'py, PyAny>>> { Ok(item.getattr(name).ok().filter(|v| !v.is_none())) };
    let id = int_of(&attr("id")?.ok_or_else(|| err("has no 'id'".into()))?, "id", err)?;
    let mut parts = Parts { id, value: attr("value")?, order: None, pad: None, filter: None };
    if let Some(extra) = attr("extra_args")? {
        let extra = extra.cast::<PyDict>().map_err(|_| err("field 'extra_args' must be a dict".into()))?;
        let (order, pad, filter) = takes(id);
        for (key, value) in extra.iter() {
            let slot = match key.cast::<PyString>().ok().map(|k| k.to_string()).as_deref() {
                Some("order_key") if order => &mut parts.order,
                Some("pad_key") if pad => &mut parts.pad,
                Some("filter_expr") if filter => &mut parts.filter,
                _ => return Err(err(format!("(id {id}) has unexpected extra_args key {}", key.repr()?))),
            };
            *slot = Some(value).filter(|v| !v.is_none());
        }
    }
    Ok(parts)
}

/// One context entry; `err` turns a message into the op's `ParamError`.
fn entry(item: &Bound<'_, PyAny>, err: &dyn Fn(String) -> Error) -> Result<CdtContext> {
    let parts = match item.cast::<PyDict>() {
        Ok(dict) => dict_parts(dict, err)?,
        Err(_) if item.hasattr("id")? => object_parts(item, err)?,
        Err(_) => return Err(err("must be a dict from aerospike_py.cdt_ctx".into())),
    };
    let id = parts.id;
    let filter = || -> Result<_> {
        let expr = parts.filter.as_ref().ok_or_else(|| err(format!("(id {id}) has no 'filter_expr'")))?;
        expression::from_py(expr).map_err(|e| e.reword_param(|m| err(format!("filter_expr: {m}"))))
    };
    match id {
        ALL_CHILDREN if parts.filter.is_none() => return Ok(ctx_all_children()),
        ALL_CHILDREN => return Ok(ctx_all_children_with_filter(filter()?)),
        AND_FILTER => return Ok(ctx_and_filter(filter()?)),
        _ => {}
    }
    let value = parts.value.clone().ok_or_else(|| err(format!("(id {id}) has no 'value'")))?;
    let order = match &parts.order {
        Some(order) => int_of(order, "order", err)?,
        None => 0,
    };
    let index = || int_of(&value, "value", err);
    let any = || to_value(&value).map_err(|e| e.reword_param(|m| err(format!("value: {m}"))));
    Ok(match id {
        LIST_INDEX => ctx_list_index(index()?),
        LIST_RANK => ctx_list_rank(index()?),
        LIST_VALUE => ctx_list_value(any()?),
        MAP_INDEX => ctx_map_index(index()?),
        MAP_RANK => ctx_map_rank(index()?),
        MAP_KEY => ctx_map_key(any()?),
        MAP_VALUE => ctx_map_value(any()?),
        MAP_KEYS_IN => match any()? {
            Value::List(keys) => ctx_map_keys_in(keys),
            _ => return Err(err("(map_keys_in) field 'value' must be a list of keys".into())),
        },
        LIST_INDEX_CREATE => {
            let order = match order {
                0 => ListOrderType::Unordered,
                1 => ListOrderType::Ordered,
                _ => return Err(err(format!("has no list 'order' {order}"))),
            };
            let pad = match &parts.pad {
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
