//! Map operations (`aerospike_py.map_operations`), codes as the official client numbers
//! them: one table row per op.

use aerospike::operations::maps::{self, MapOrder, MapPolicy, MapReturnType, MapWriteFlags};
use aerospike::Value;

use super::fields::Fields;
use super::Spec;
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

/// One row per op: reads answer under their bin; clear, set-policy and create answer
/// nothing; every other modifying op answers. The caller reads and attaches the op's
/// context (`Fields::context`); create and set-policy also encode it.
pub(super) const SPECS: &[Spec] = &[
    Spec::write(SET_POLICY, |f, bin| Ok(maps::set_policy(&policy(f)?, bin, f.context().to_vec()))),
    Spec::write(CREATE, |f, bin| {
        let order = order(f)?;
        Ok(match (f.flag("persist_index")?, f.context().is_empty()) {
            // A persisted index is only kept for a top-level map.
            (true, true) => maps::create_with_index(bin, order),
            _ => maps::create(bin, order, f.context().to_vec()),
        })
    }),
    Spec::answering_write(PUT, |f, bin| Ok(maps::put(&policy(f)?, bin, f.value("key")?, f.bound("val")?))),
    Spec::answering_write(PUT_ITEMS, |f, bin| {
        let policy = policy(f)?;
        match f.value("val")? {
            Value::OrderedMap(items) => Ok(maps::put_items(&policy, bin, items)),
            _ => Err(f.error("field 'val' must be a dict")),
        }
    }),
    Spec::answering_write(INCREMENT, |f, bin| {
        Ok(maps::increment_value(&policy(f)?, bin, f.value("key")?, f.value("val")?))
    }),
    Spec::answering_write(DECREMENT, |f, bin| {
        Ok(maps::decrement_value(&policy(f)?, bin, f.value("key")?, f.value("val")?))
    }),
    Spec::read(SIZE, |_, bin| Ok(maps::size(bin))),
    Spec::write(CLEAR, |_, bin| Ok(maps::clear(bin))),
    Spec::read(GET_BY_KEY, |f, bin| Ok(maps::get_by_key(bin, f.value("key")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_KEY, |f, bin| Ok(maps::remove_by_key(bin, f.value("key")?, rt(f)?))),
    // Field names as the official helpers write them: a key list is `val`; a range's
    // end is `range` (`val` for remove-by-key-range); a rank is `index`; a count `val`.
    Spec::read(GET_BY_KEY_LIST, |f, bin| Ok(maps::get_by_key_list(bin, f.values("val")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_KEY_LIST, |f, bin| Ok(maps::remove_by_key_list(bin, f.values("val")?, rt(f)?))),
    Spec::read(GET_BY_KEY_RANGE, |f, bin| Ok(maps::get_by_key_range(bin, f.bound("key")?, f.bound("range")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_KEY_RANGE, |f, bin| {
        Ok(maps::remove_by_key_range(bin, f.bound("key")?, f.bound("val")?, rt(f)?))
    }),
    Spec::read(GET_BY_VALUE, |f, bin| Ok(maps::get_by_value(bin, f.value("val")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_VALUE, |f, bin| Ok(maps::remove_by_value(bin, f.value("val")?, rt(f)?))),
    Spec::read(GET_BY_VALUE_LIST, |f, bin| Ok(maps::get_by_value_list(bin, f.values("val")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_VALUE_LIST, |f, bin| Ok(maps::remove_by_value_list(bin, f.values("val")?, rt(f)?))),
    Spec::read(GET_BY_VALUE_RANGE, |f, bin| {
        Ok(maps::get_by_value_range(bin, f.bound("val")?, f.bound("range")?, rt(f)?))
    }),
    Spec::answering_write(REMOVE_BY_VALUE_RANGE, |f, bin| {
        Ok(maps::remove_by_value_range(bin, f.bound("val")?, f.bound("range")?, rt(f)?))
    }),
    Spec::read(GET_BY_INDEX, |f, bin| Ok(maps::get_by_index(bin, f.int("index")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_INDEX, |f, bin| Ok(maps::remove_by_index(bin, f.int("index")?, rt(f)?))),
    Spec::read(GET_BY_RANK, |f, bin| Ok(maps::get_by_rank(bin, f.int("index")?, rt(f)?))),
    Spec::answering_write(REMOVE_BY_RANK, |f, bin| Ok(maps::remove_by_rank(bin, f.int("index")?, rt(f)?))),
    Spec::read(GET_BY_INDEX_RANGE, |f, bin| {
        Ok(match (f.int("index")?, f.opt_int("val")?, rt(f)?) {
            (index, Some(count), rt) => maps::get_by_index_range(bin, index, count, rt),
            (index, None, rt) => maps::get_by_index_range_from(bin, index, rt),
        })
    }),
    Spec::answering_write(REMOVE_BY_INDEX_RANGE, |f, bin| {
        Ok(match (f.int("index")?, f.opt_int("val")?, rt(f)?) {
            (index, Some(count), rt) => maps::remove_by_index_range(bin, index, count, rt),
            (index, None, rt) => maps::remove_by_index_range_from(bin, index, rt),
        })
    }),
    Spec::read(GET_BY_RANK_RANGE, |f, bin| {
        Ok(match (f.int("index")?, f.opt_int("val")?, rt(f)?) {
            (rank, Some(count), rt) => maps::get_by_rank_range(bin, rank, count, rt),
            (rank, None, rt) => maps::get_by_rank_range_from(bin, rank, rt),
        })
    }),
    Spec::answering_write(REMOVE_BY_RANK_RANGE, |f, bin| {
        Ok(match (f.int("index")?, f.opt_int("val")?, rt(f)?) {
            (rank, Some(count), rt) => maps::remove_by_rank_range(bin, rank, count, rt),
            (rank, None, rt) => maps::remove_by_rank_range_from(bin, rank, rt),
        })
    }),
    Spec::read(GET_BY_KEY_INDEX_RANGE_REL, |f, bin| {
        f.relative(
            ("key", "index"),
            rt,
            |k, i, rt| maps::get_by_key_relative_index_range(&bin, k, i, rt),
            |k, i, n, rt| maps::get_by_key_relative_index_range_count(&bin, k, i, n, rt),
        )
    }),
    Spec::answering_write(REMOVE_BY_KEY_INDEX_RANGE_REL, |f, bin| {
        f.relative(
            ("key", "index"),
            rt,
            |k, i, rt| maps::remove_by_key_relative_index_range(&bin, k, i, rt),
            |k, i, n, rt| maps::remove_by_key_relative_index_range_count(&bin, k, i, n, rt),
        )
    }),
    Spec::read(GET_BY_VALUE_RANK_RANGE_REL, |f, bin| {
        f.relative(
            ("val", "rank"),
            rt,
            |v, r, rt| maps::get_by_value_relative_rank_range(&bin, v, r, rt),
            |v, r, n, rt| maps::get_by_value_relative_rank_range_count(&bin, v, r, n, rt),
        )
    }),
    Spec::answering_write(REMOVE_BY_VALUE_RANK_RANGE_REL, |f, bin| {
        f.relative(
            ("val", "rank"),
            rt,
            |v, r, rt| maps::remove_by_value_relative_rank_range(&bin, v, r, rt),
            |v, r, n, rt| maps::remove_by_value_relative_rank_range_count(&bin, v, r, n, rt),
        )
    }),
];

fn rt(f: &mut Fields<'_>) -> Result<MapReturnType> {
    f.return_type(RETURN_TYPES).map(MapReturnType::from_bits)
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
