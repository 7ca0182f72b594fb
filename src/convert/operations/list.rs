//! List operations (`aerospike_py.list_operations`), codes as the official client numbers them.

use aerospike::operations::lists::{self, ListOrderType, ListPolicy, ListReturnType, ListSortFlags, ListWriteFlags};
use aerospike::operations::Operation;
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyString};

use super::fields::Fields;
use super::Answer;
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

/// The op (the caller attaches its context), what it answers, and whether it writes.
pub(super) fn convert(code: i64, f: &mut Fields<'_>) -> Result<(Operation, Answer, bool)> {
    let bin = f.bin()?;
    let name = bin.clone();
    let writes = !matches!(
        code,
        GET | GET_RANGE
            | SIZE
            | GET_BY_INDEX
            | GET_BY_INDEX_RANGE
            | GET_BY_RANK
            | GET_BY_RANK_RANGE
            | GET_BY_VALUE
            | GET_BY_VALUE_LIST
            | GET_BY_VALUE_RANGE
            | GET_BY_VALUE_RANK_RANGE_REL
            | JOIN
    );
    let rt = |f: &mut Fields<'_>| f.return_type(RETURN_TYPES).map(ListReturnType::from_bits);
    let op = match code {
        APPEND => lists::append(&policy(f)?, bin, f.value("val")?),
        APPEND_ITEMS => lists::append_items(&policy(f)?, bin, f.values("val")?),
        INSERT => lists::insert(&policy(f)?, bin, f.int("index")?, f.value("val")?),
        INSERT_ITEMS => lists::insert_items(&policy(f)?, bin, f.int("index")?, f.values("val")?),
        POP => lists::pop(bin, f.int("index")?),
        // The official helpers send a range op's count as `val` (None: to the end).
        POP_RANGE => match (f.int("index")?, f.opt_int("val")?) {
            (index, Some(count)) => lists::pop_range(bin, index, count),
            (index, None) => lists::pop_range_from(bin, index),
        },
        REMOVE => lists::remove(bin, f.int("index")?),
        REMOVE_RANGE => match (f.int("index")?, f.opt_int("val")?) {
            (index, Some(count)) => lists::remove_range(bin, index, count),
            (index, None) => lists::remove_range_from(bin, index),
        },
        CLEAR => lists::clear(bin),
        SET => lists::set_with_policy(&policy(f)?, bin, f.int("index")?, f.bound("val")?),
        GET => lists::get(bin, f.int("index")?),
        GET_RANGE => match (f.int("index")?, f.opt_int("val")?) {
            (index, Some(count)) => lists::get_range(bin, index, count),
            (index, None) => lists::get_range_from(bin, index),
        },
        TRIM => lists::trim(bin, f.int("index")?, f.int("val")?),
        SIZE => lists::size(bin),
        INCREMENT => {
            let (policy, index) = (policy(f)?, f.int("index")?);
            if f.required("val")?.is_instance_of::<PyFloat>() {
                // The crate's `lists::increment` carries an i64 and its op type is sealed.
                return Err(f.error("float list increments are not supported yet (int only)"));
            }
            lists::increment(&policy, bin, index, f.int("val")?)
        }
        SET_ORDER => lists::set_order(bin, order(f)?),
        CREATE => {
            let (order, pad) = (order(f)?, f.flag("pad")?);
            lists::create_persistent(bin, order, pad, f.flag("persist_index")?)
        }
        SORT => {
            let flags = f.opt_int("sort_flags")?.unwrap_or(0);
            if !(0..=SORT_FLAGS_MAX).contains(&flags) {
                return Err(f.error(format!("field 'sort_flags' has no value {flags}")));
            }
            lists::sort(bin, ListSortFlags::from_bits(flags as u8))
        }
        GET_BY_INDEX => lists::get_by_index(bin, f.int("index")?, rt(f)?),
        REMOVE_BY_INDEX => lists::remove_by_index(bin, f.int("index")?, rt(f)?),
        GET_BY_RANK => lists::get_by_rank(bin, f.int("rank")?, rt(f)?),
        REMOVE_BY_RANK => lists::remove_by_rank(bin, f.int("rank")?, rt(f)?),
        GET_BY_INDEX_RANGE => match (f.int("index")?, f.opt_int("count")?, rt(f)?) {
            (index, Some(count), rt) => lists::get_by_index_range_count(bin, index, count, rt),
            (index, None, rt) => lists::get_by_index_range(bin, index, rt),
        },
        REMOVE_BY_INDEX_RANGE => match (f.int("index")?, f.opt_int("count")?, rt(f)?) {
            (index, Some(count), rt) => lists::remove_by_index_range_count(bin, index, count, rt),
            (index, None, rt) => lists::remove_by_index_range(bin, index, rt),
        },
        GET_BY_RANK_RANGE => match (f.int("rank")?, f.opt_int("count")?, rt(f)?) {
            (rank, Some(count), rt) => lists::get_by_rank_range_count(bin, rank, count, rt),
            (rank, None, rt) => lists::get_by_rank_range(bin, rank, rt),
        },
        REMOVE_BY_RANK_RANGE => match (f.int("rank")?, f.opt_int("count")?, rt(f)?) {
            (rank, Some(count), rt) => lists::remove_by_rank_range_count(bin, rank, count, rt),
            (rank, None, rt) => lists::remove_by_rank_range(bin, rank, rt),
        },
        GET_BY_VALUE => lists::get_by_value(bin, f.value("val")?, rt(f)?),
        REMOVE_BY_VALUE => lists::remove_by_value(bin, f.value("val")?, rt(f)?),
        GET_BY_VALUE_LIST => lists::get_by_value_list(bin, f.values("value_list")?, rt(f)?),
        REMOVE_BY_VALUE_LIST => lists::remove_by_value_list(bin, f.values("value_list")?, rt(f)?),
        GET_BY_VALUE_RANGE => {
            let (begin, end, rt) = (f.bound("value_begin")?, f.bound("value_end")?, rt(f)?);
            lists::get_by_value_range(bin, begin, end, rt)
        }
        REMOVE_BY_VALUE_RANGE => {
            let (begin, end, rt) = (f.bound("value_begin")?, f.bound("value_end")?, rt(f)?);
            lists::remove_by_value_range(bin, rt, begin, end)
        }
        GET_BY_VALUE_RANK_RANGE_REL => f.relative(
            ("val", "rank"),
            rt,
            |v, r, rt| lists::get_by_value_relative_rank_range(&bin, v, r, rt),
            |v, r, n, rt| lists::get_by_value_relative_rank_range_count(&bin, v, r, n, rt),
        )?,
        REMOVE_BY_VALUE_RANK_RANGE_REL => f.relative(
            ("val", "rank"),
            rt,
            |v, r, rt| lists::remove_by_value_relative_rank_range(&bin, rt, v, r),
            |v, r, n, rt| lists::remove_by_value_relative_rank_range_count(&bin, rt, v, r, n),
        )?,
        JOIN => match f.get("separator")? {
            None => lists::join(bin),
            Some(separator) => match separator.cast::<PyString>() {
                Ok(separator) => lists::join_by_separator(bin, separator.to_str()?),
                Err(_) => return Err(f.error("field 'separator' must be a str")),
            },
        },
        _ => return Err(f.unknown_code(code)),
    };
    // set, clear, sort, set-order and create answer nothing; every other list op
    // answers under its bin.
    let answer = if matches!(code, SET | CLEAR | SORT | SET_ORDER | CREATE) {
        Answer::Silent(Some(name))
    } else {
        Answer::Bin(name)
    };
    Ok((op, answer, writes))
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
