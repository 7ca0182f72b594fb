//! List operations (`aerospike_py.list_operations`), codes as the official client numbers
//! them: one table row per op.

use aerospike::operations::lists::{self, ListOrderType, ListPolicy, ListReturnType, ListSortFlags, ListWriteFlags};
use aerospike::operations::Operation;
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyString};

use super::fields::Fields;
use super::Spec;
use crate::errors::Result;

pub(super) const FIRST: i64 = 1001;
pub(super) const LAST: i64 = 1042;

const APPEND: i64 = 1001;
const APPEND_ITEMS: i64 = 1002;
const INSERT: i64 = 1003;
const INSERT_ITEMS: i64 = 1004;
const POP: i64 = 1005;
const POP_RANGE: i64 = 1006;
const REMOVE: i64 = 1007;
const REMOVE_RANGE: i64 = 1008;
const CLEAR: i64 = 1009;
const SET: i64 = 1010;
const GET: i64 = 1011;
const GET_RANGE: i64 = 1012;
const TRIM: i64 = 1013;
const SIZE: i64 = 1014;
const INCREMENT: i64 = 1015;
const GET_BY_INDEX: i64 = 1016;
const GET_BY_INDEX_RANGE: i64 = 1017;
const GET_BY_RANK: i64 = 1018;
const GET_BY_RANK_RANGE: i64 = 1019;
const GET_BY_VALUE: i64 = 1020;
const GET_BY_VALUE_LIST: i64 = 1021;
const GET_BY_VALUE_RANGE: i64 = 1022;
const REMOVE_BY_INDEX: i64 = 1023;
const REMOVE_BY_INDEX_RANGE: i64 = 1024;
const REMOVE_BY_RANK: i64 = 1025;
const REMOVE_BY_RANK_RANGE: i64 = 1026;
const REMOVE_BY_VALUE: i64 = 1027;
const REMOVE_BY_VALUE_LIST: i64 = 1028;
const REMOVE_BY_VALUE_RANGE: i64 = 1029;
const SET_ORDER: i64 = 1030;
const SORT: i64 = 1031;
const REMOVE_BY_VALUE_RANK_RANGE_REL: i64 = 1032;
const GET_BY_VALUE_RANK_RANGE_REL: i64 = 1033;
const CREATE: i64 = 1041;
/// The official client's private `_OP_LIST_JOIN` (server 8.2+).
const JOIN: i64 = 1042;

/// `LIST_RETURN_*` values.
const RETURN_TYPES: &[i64] = &[0, 1, 2, 3, 4, 5, 7, 13];
/// `LIST_SORT_DEFAULT`, `LIST_SORT_DROP_DUPLICATES` (and descending, 1).
const SORT_FLAGS_MAX: i64 = 3;
/// All `LIST_WRITE_*` bits.
const WRITE_FLAGS_MAX: i64 = 15;

/// One row per op: reads answer under their bin; set, clear, sort, set-order and
/// create answer nothing; every other modifying op answers (a size, a count, the
/// removed items). The caller reads and attaches the op's context.
pub(super) const SPECS: &[Spec] = &[
    Spec::answering_write(APPEND, |f, bin| Ok(lists::append(&policy(f)?, bin, f.value("val")?))),
    Spec::answering_write(APPEND_ITEMS, |f, bin| Ok(lists::append_items(&policy(f)?, bin, f.values("val")?))),
    Spec::answering_write(INSERT, |f, bin| Ok(lists::insert(&policy(f)?, bin, f.int("index")?, f.value("val")?))),
    Spec::answering_write(INSERT_ITEMS, |f, bin| {
        Ok(lists::insert_items(&policy(f)?, bin, f.int("index")?, f.values("val")?))
    }),
    Spec::answering_write(POP, |f, bin| Ok(lists::pop(bin, f.int("index")?))),
    // The official helpers send a range op's count as `val` (None: to the end).
    Spec::answering_write(POP_RANGE, |f, bin| {
        Ok(match (f.int("index")?, f.opt_int("val")?) {
            (index, Some(count)) => lists::pop_range(bin, index, count),
            (index, None) => lists::pop_range_from(bin, index),
        })
    }),
    Spec::answering_write(REMOVE, |f, bin| Ok(lists::remove(bin, f.int("index")?))),
    Spec::answering_write(REMOVE_RANGE, |f, bin| {
        Ok(match (f.int("index")?, f.opt_int("val")?) {
            (index, Some(count)) => lists::remove_range(bin, index, count),
            (index, None) => lists::remove_range_from(bin, index),
        })
    }),
    Spec::write(CLEAR, |_, bin| Ok(lists::clear(bin))),
    Spec::write(SET, |f, bin| Ok(lists::set_with_policy(&policy(f)?, bin, f.int("index")?, f.bound("val")?))),
    Spec::read(GET, |f, bin| Ok(lists::get(bin, f.int("index")?))),
    Spec::read(GET_RANGE, |f, bin| {
        Ok(match (f.int("index")?, f.opt_int("val")?) {
            (index, Some(count)) => lists::get_range(bin, index, count),
            (index, None) => lists::get_range_from(bin, index),
        })
    }),
    Spec::answering_write(TRIM, |f, bin| Ok(lists::trim(bin, f.int("index")?, f.int("val")?))),
    Spec::read(SIZE, |_, bin| Ok(lists::size(bin))),
    Spec::answering_write(INCREMENT, increment),
    Spec::read(GET_BY_INDEX, |f, bin| Ok(lists::get_by_index(bin, f.int("index")?, rt(f)?))),
    Spec::read(GET_BY_INDEX_RANGE, |f, bin| {
        Ok(match (f.int("index")?, f.opt_int("count")?, rt(f)?) {
            (index, Some(count), rt) => lists::get_by_index_range_count(bin, index, count, rt),
            (index, None, rt) => lists::get_by_index_range(bin, index, rt),
        })
    }),
    Spec::read(GET_BY_RANK, |f, bin| Ok(lists::get_by_rank(bin, f.int("rank")?, rt(f)?))),
    Spec::read(GET_BY_RANK_RANGE, |f, bin| {
        Ok(match (f.int("rank")?, f.opt_int("count")?, rt(f)?) {
            (rank, Some(count), rt) => lists::get_by_rank_range_count(bin, rank, count, rt),
            (rank, None, rt) => lists::get_by_rank_range(bin, rank, rt),
        })
    }),
    Spec::read(GET_BY_VALUE, |f, bin| Ok(lists::get_by_value(bin, f.value("val")?, rt(f)?))),
    Spec::read(GET_BY_VALUE_LIST, |f, bin| Ok(lists::get_by_value_list(bin, f.values("value_list")?, rt(f)?))),
    Spec::read(GET_BY_VALUE_RANGE, |f, bin| {
        let (begin, end, rt) = (f.bound("value_begin")?, f.bound("value_end")?, rt(f)?);
        Ok(lists::get_by_value_range(bin, begin, end, rt))
    }),
    Spec::answering_write(REMOVE_BY_INDEX, |f, bin| Ok(lists::remove_by_index(bin, f.int("index")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_INDEX_RANGE, |f, bin| {
        Ok(match (f.int("index")?, f.opt_int("count")?, rt(f)?) {
            (index, Some(count), rt) => lists::remove_by_index_range_count(bin, index, count, rt),
            (index, None, rt) => lists::remove_by_index_range(bin, index, rt),
        })
    }),
    Spec::answering_write(REMOVE_BY_RANK, |f, bin| Ok(lists::remove_by_rank(bin, f.int("rank")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_RANK_RANGE, |f, bin| {
        Ok(match (f.int("rank")?, f.opt_int("count")?, rt(f)?) {
            (rank, Some(count), rt) => lists::remove_by_rank_range_count(bin, rank, count, rt),
            (rank, None, rt) => lists::remove_by_rank_range(bin, rank, rt),
        })
    }),
    Spec::answering_write(REMOVE_BY_VALUE, |f, bin| Ok(lists::remove_by_value(bin, f.value("val")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_VALUE_LIST, |f, bin| {
        Ok(lists::remove_by_value_list(bin, f.values("value_list")?, rt(f)?))
    }),
    Spec::answering_write(REMOVE_BY_VALUE_RANGE, |f, bin| {
        let (begin, end, rt) = (f.bound("value_begin")?, f.bound("value_end")?, rt(f)?);
        Ok(lists::remove_by_value_range(bin, rt, begin, end))
    }),
    Spec::write(SET_ORDER, |f, bin| Ok(lists::set_order(bin, order(f)?))),
    Spec::write(SORT, sort),
    Spec::answering_write(REMOVE_BY_VALUE_RANK_RANGE_REL, |f, bin| {
        f.relative(
            ("val", "rank"),
            rt,
            |v, r, rt| lists::remove_by_value_relative_rank_range(&bin, rt, v, r),
            |v, r, n, rt| lists::remove_by_value_relative_rank_range_count(&bin, rt, v, r, n),
        )
    }),
    Spec::read(GET_BY_VALUE_RANK_RANGE_REL, |f, bin| {
        f.relative(
            ("val", "rank"),
            rt,
            |v, r, rt| lists::get_by_value_relative_rank_range(&bin, v, r, rt),
            |v, r, n, rt| lists::get_by_value_relative_rank_range_count(&bin, v, r, n, rt),
        )
    }),
    Spec::write(CREATE, |f, bin| {
        let (order, pad) = (order(f)?, f.flag("pad")?);
        Ok(lists::create_persistent(bin, order, pad, f.flag("persist_index")?))
    }),
    Spec::read(JOIN, |f, bin| match f.get("separator")? {
        None => Ok(lists::join(bin)),
        Some(separator) => match separator.cast::<PyString>() {
            Ok(separator) => Ok(lists::join_by_separator(bin, separator.to_str()?)),
            Err(_) => Err(f.error("field 'separator' must be a str")),
        },
    }),
];

fn rt(f: &mut Fields<'_>) -> Result<ListReturnType> {
    f.return_type(RETURN_TYPES).map(ListReturnType::from_bits)
}

fn increment(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (policy, index) = (policy(f)?, f.int("index")?);
    if f.required("val")?.is_instance_of::<PyFloat>() {
        // The crate's `lists::increment` carries an i64 and its op type is sealed.
        return Err(f.error("float list increments are not supported yet (int only)"));
    }
    Ok(lists::increment(&policy, bin, index, f.int("val")?))
}

fn sort(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let flags = f.opt_int("sort_flags")?.unwrap_or(0);
    if !(0..=SORT_FLAGS_MAX).contains(&flags) {
        return Err(f.error(format!("field 'sort_flags' has no value {flags}")));
    }
    Ok(lists::sort(bin, ListSortFlags::from_bits(flags as u8)))
}

/// The op's `list_order` (`LIST_UNORDERED` or `LIST_ORDERED`).
fn order(f: &mut Fields<'_>) -> Result<ListOrderType> {
    match f.int("list_order")? {
        0 => Ok(ListOrderType::Unordered),
        1 => Ok(ListOrderType::Ordered),
        n => Err(f.error(format!("field 'list_order' has no value {n}"))),
    }
}

/// The op's `list_policy` dict (`list_order`, `write_flags`), or the default policy.
fn policy(f: &mut Fields<'_>) -> Result<ListPolicy> {
    let mut policy = ListPolicy::default();
    f.policy("list_policy", |key, n| match key {
        "list_order" => {
            policy.attributes = match n {
                0 => ListOrderType::Unordered,
                1 => ListOrderType::Ordered,
                _ => return Some(false),
            };
            Some(true)
        }
        "write_flags" => {
            policy.flags = ListWriteFlags::from_bits(n as u8);
            Some((0..=WRITE_FLAGS_MAX).contains(&n))
        }
        _ => None,
    })?;
    Ok(policy)
}
