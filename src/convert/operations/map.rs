//! Map operations (`aerospike_py.map_operations`), codes as the official client numbers them.

use aerospike::operations::maps::{self, MapOrder, MapPolicy, MapReturnType, MapWriteFlags};
use aerospike::operations::{CdtContext, Operation};
use aerospike::Value;

use super::fields::Fields;
use super::Answer;
use crate::errors::Result;

pub(super) const FIRST: i64 = 1101;
pub(super) const LAST: i64 = 1199;

const SET_POLICY: i64 = 1101;
const PUT: i64 = 1102;
const PUT_ITEMS: i64 = 1103;
const INCREMENT: i64 = 1104;
const DECREMENT: i64 = 1105;
const SIZE: i64 = 1106;
const CLEAR: i64 = 1107;
const REMOVE_BY_KEY: i64 = 1108;
const REMOVE_BY_KEY_LIST: i64 = 1109;
const REMOVE_BY_KEY_RANGE: i64 = 1110;
const REMOVE_BY_VALUE: i64 = 1111;
const REMOVE_BY_VALUE_LIST: i64 = 1112;
const REMOVE_BY_VALUE_RANGE: i64 = 1113;
const REMOVE_BY_INDEX: i64 = 1114;
const REMOVE_BY_INDEX_RANGE: i64 = 1115;
const REMOVE_BY_RANK: i64 = 1116;
const REMOVE_BY_RANK_RANGE: i64 = 1117;
const GET_BY_KEY: i64 = 1118;
const GET_BY_KEY_RANGE: i64 = 1119;
const GET_BY_VALUE: i64 = 1120;
const GET_BY_VALUE_RANGE: i64 = 1121;
const GET_BY_INDEX: i64 = 1122;
const GET_BY_INDEX_RANGE: i64 = 1123;
const GET_BY_RANK: i64 = 1124;
const GET_BY_RANK_RANGE: i64 = 1125;
const GET_BY_VALUE_LIST: i64 = 1126;
const GET_BY_KEY_LIST: i64 = 1127;
const REMOVE_BY_VALUE_RANK_RANGE_REL: i64 = 1128;
const REMOVE_BY_KEY_INDEX_RANGE_REL: i64 = 1129;
const GET_BY_VALUE_RANK_RANGE_REL: i64 = 1130;
const GET_BY_KEY_INDEX_RANGE_REL: i64 = 1131;
const CREATE: i64 = 1144;

/// `MAP_RETURN_*` values.
const RETURN_TYPES: &[i64] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 13, 16, 17];
/// All `MAP_WRITE_FLAGS_*` bits.
const WRITE_FLAGS_MAX: i64 = 15;

/// The op, what it answers, and whether it writes. The caller attaches `ctx`;
/// `create` and `set_policy` also take it, since their encoding depends on it.
pub(super) fn convert(code: i64, f: &mut Fields<'_>, ctx: &[CdtContext]) -> Result<(Operation, Answer, bool)> {
    let bin = f.bin()?;
    let name = bin.clone();
    let writes = !matches!(
        code,
        SIZE | GET_BY_KEY
            | GET_BY_KEY_RANGE
            | GET_BY_VALUE
            | GET_BY_VALUE_RANGE
            | GET_BY_INDEX
            | GET_BY_INDEX_RANGE
            | GET_BY_RANK
            | GET_BY_RANK_RANGE
            | GET_BY_VALUE_LIST
            | GET_BY_KEY_LIST
            | GET_BY_VALUE_RANK_RANGE_REL
            | GET_BY_KEY_INDEX_RANGE_REL
    );
    let rt = |f: &mut Fields<'_>| f.return_type(RETURN_TYPES).map(MapReturnType::from_bits);
    let op = match code {
        SET_POLICY => maps::set_policy(&policy(f)?, bin, ctx.to_vec()),
        CREATE => {
            let order = order(f)?;
            match (f.flag("persist_index")?, ctx.is_empty()) {
                // A persisted index is only kept for a top-level map.
                (true, true) => maps::create_with_index(bin, order),
                _ => maps::create(bin, order, ctx.to_vec()),
            }
        }
        PUT => maps::put(&policy(f)?, bin, f.value("key")?, f.bound("val")?),
        PUT_ITEMS => {
            let policy = policy(f)?;
            match f.value("val")? {
                Value::OrderedMap(items) => maps::put_items(&policy, bin, items),
                _ => return Err(f.error("field 'val' must be a dict")),
            }
        }
        INCREMENT => maps::increment_value(&policy(f)?, bin, f.value("key")?, f.value("val")?),
        DECREMENT => maps::decrement_value(&policy(f)?, bin, f.value("key")?, f.value("val")?),
        SIZE => maps::size(bin),
        CLEAR => maps::clear(bin),
        GET_BY_KEY => maps::get_by_key(bin, f.value("key")?, rt(f)?),
        REMOVE_BY_KEY => maps::remove_by_key(bin, f.value("key")?, rt(f)?),
        // Field names as the official helpers write them: a key list is `val`; a range's
        // end is `range` (`val` for remove-by-key-range); a rank is `index`; a count `val`.
        GET_BY_KEY_LIST => maps::get_by_key_list(bin, f.values("val")?, rt(f)?),
        REMOVE_BY_KEY_LIST => maps::remove_by_key_list(bin, f.values("val")?, rt(f)?),
        GET_BY_KEY_RANGE => maps::get_by_key_range(bin, f.bound("key")?, f.bound("range")?, rt(f)?),
        REMOVE_BY_KEY_RANGE => maps::remove_by_key_range(bin, f.bound("key")?, f.bound("val")?, rt(f)?),
        GET_BY_VALUE => maps::get_by_value(bin, f.value("val")?, rt(f)?),
        REMOVE_BY_VALUE => maps::remove_by_value(bin, f.value("val")?, rt(f)?),
        GET_BY_VALUE_LIST => maps::get_by_value_list(bin, f.values("val")?, rt(f)?),
        REMOVE_BY_VALUE_LIST => maps::remove_by_value_list(bin, f.values("val")?, rt(f)?),
        GET_BY_VALUE_RANGE => maps::get_by_value_range(bin, f.bound("val")?, f.bound("range")?, rt(f)?),
        REMOVE_BY_VALUE_RANGE => maps::remove_by_value_range(bin, f.bound("val")?, f.bound("range")?, rt(f)?),
        GET_BY_INDEX => maps::get_by_index(bin, f.int("index")?, rt(f)?),
        REMOVE_BY_INDEX => maps::remove_by_index(bin, f.int("index")?, rt(f)?),
        GET_BY_RANK => maps::get_by_rank(bin, f.int("index")?, rt(f)?),
        REMOVE_BY_RANK => maps::remove_by_rank(bin, f.int("index")?, rt(f)?),
        GET_BY_INDEX_RANGE => match (f.int("index")?, f.opt_int("val")?, rt(f)?) {
            (index, Some(count), rt) => maps::get_by_index_range(bin, index, count, rt),
            (index, None, rt) => maps::get_by_index_range_from(bin, index, rt),
        },
        REMOVE_BY_INDEX_RANGE => match (f.int("index")?, f.opt_int("val")?, rt(f)?) {
            (index, Some(count), rt) => maps::remove_by_index_range(bin, index, count, rt),
            (index, None, rt) => maps::remove_by_index_range_from(bin, index, rt),
        },
        GET_BY_RANK_RANGE => match (f.int("index")?, f.opt_int("val")?, rt(f)?) {
            (rank, Some(count), rt) => maps::get_by_rank_range(bin, rank, count, rt),
            (rank, None, rt) => maps::get_by_rank_range_from(bin, rank, rt),
        },
        REMOVE_BY_RANK_RANGE => match (f.int("index")?, f.opt_int("val")?, rt(f)?) {
            (rank, Some(count), rt) => maps::remove_by_rank_range(bin, rank, count, rt),
            (rank, None, rt) => maps::remove_by_rank_range_from(bin, rank, rt),
        },
        GET_BY_KEY_INDEX_RANGE_REL => f.relative(
            ("key", "index"),
            rt,
            |k, i, rt| maps::get_by_key_relative_index_range(&bin, k, i, rt),
            |k, i, n, rt| maps::get_by_key_relative_index_range_count(&bin, k, i, n, rt),
        )?,
        REMOVE_BY_KEY_INDEX_RANGE_REL => f.relative(
            ("key", "index"),
            rt,
            |k, i, rt| maps::remove_by_key_relative_index_range(&bin, k, i, rt),
            |k, i, n, rt| maps::remove_by_key_relative_index_range_count(&bin, k, i, n, rt),
        )?,
        GET_BY_VALUE_RANK_RANGE_REL => f.relative(
            ("val", "rank"),
            rt,
            |v, r, rt| maps::get_by_value_relative_rank_range(&bin, v, r, rt),
            |v, r, n, rt| maps::get_by_value_relative_rank_range_count(&bin, v, r, n, rt),
        )?,
        REMOVE_BY_VALUE_RANK_RANGE_REL => f.relative(
            ("val", "rank"),
            rt,
            |v, r, rt| maps::remove_by_value_relative_rank_range(&bin, v, r, rt),
            |v, r, n, rt| maps::remove_by_value_relative_rank_range_count(&bin, v, r, n, rt),
        )?,
        _ => return Err(f.unknown_code(code)),
    };
    // clear, set-policy and create answer nothing; every other map op answers under its bin.
    let answer =
        if matches!(code, CLEAR | SET_POLICY | CREATE) { Answer::Silent(Some(name)) } else { Answer::Bin(name) };
    Ok((op, answer, writes))
}

/// The op's `map_order` (`MAP_UNORDERED`, `MAP_KEY_ORDERED` or `MAP_KEY_VALUE_ORDERED`).
fn order(f: &mut Fields<'_>) -> Result<MapOrder> {
    match f.int("map_order")? {
        0 => Ok(MapOrder::Unordered),
        1 => Ok(MapOrder::KeyOrdered),
        3 => Ok(MapOrder::KeyValueOrdered),
        n => Err(f.error(format!("field 'map_order' has no value {n}"))),
    }
}

/// The op's `map_policy` dict (`map_order`, `map_write_flags`), or the default policy.
fn policy(f: &mut Fields<'_>) -> Result<MapPolicy> {
    let (mut order, mut flags) = (MapOrder::Unordered, MapWriteFlags::DEFAULT);
    f.policy("map_policy", |key, n| match key {
        "map_order" => {
            order = match n {
                0 => MapOrder::Unordered,
                1 => MapOrder::KeyOrdered,
                3 => MapOrder::KeyValueOrdered,
                _ => return Some(false),
            };
            Some(true)
        }
        "map_write_flags" => {
            flags = MapWriteFlags::from_bits(n as u8);
            Some((0..=WRITE_FLAGS_MAX).contains(&n))
        }
        _ => None,
    })?;
    Ok(MapPolicy::new(order, flags))
}
