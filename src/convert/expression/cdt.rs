//! List and map expressions (reads and modifies): node code (the official client's op
//! code) → the crate's builder, operands in the order the compiled form lists them,
//! the bin last. A modify carries its policy in a marker node just before the bin.

use aerospike::expressions::{lists, maps, Expression};
use aerospike::operations::cdt_context::CdtContext;
use aerospike::operations::lists::{ListOrderType, ListPolicy, ListSortFlags, ListWriteFlags};
use aerospike::operations::maps::{MapOrder, MapPolicy, MapWriteFlags};
use aerospike::{ListReturnType, MapReturnType};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use super::base::exp_type;
use super::node::Node;
use crate::convert::operations::context;
use crate::errors::Result;

pub(super) const FIRST: i64 = 1001;
pub(super) const LAST: i64 = 1199;

/// A node's reading: its built operands, `ctx` and `return_type`.
struct Call {
    args: Vec<Expression>,
    ctx: Vec<CdtContext>,
    rt: i64,
}

/// The policy marker nodes of list and map modifies.
const LIST_MARKERS: [i64; 2] = [140, 141];
const MAP_MARKERS: [i64; 3] = [142, 143, 144];

impl Call {
    fn read(n: &Node<'_>, arity: usize) -> Result<Self> {
        // A modify's policy marker (just before the bin) is not an operand.
        let markers = LIST_MARKERS.iter().chain(&MAP_MARKERS);
        let children: Vec<&Node<'_>> = n
            .children
            .iter()
            .enumerate()
            .filter(|(i, c)| !(*i + 2 == n.children.len() && markers.clone().any(|m| *m == c.op)))
            .map(|(_, c)| c)
            .collect();
        if children.len() != arity + 1 {
            return Err(n.error(format!("takes {arity} operand(s) and a bin, got {} node(s)", children.len())));
        }
        let args = children.into_iter().map(super::build).collect::<Result<Vec<_>>>()?;
        let ctx = match n.field("ctx")? {
            Some(ctx) => context::path(&ctx, &|msg| n.error(msg))?,
            None => Vec::new(),
        };
        let rt = if n.field("return_type")?.is_some() { n.int("return_type")? } else { 0 };
        Ok(Self { args, ctx, rt })
    }

    fn take<const N: usize>(self) -> ([Expression; N], Vec<CdtContext>, i64) {
        let Ok(args) = self.args.try_into() else { unreachable!("arity checked in read") };
        (args, self.ctx, self.rt)
    }
}

pub(super) fn build(n: &Node<'_>) -> Result<Expression> {
    let lrt = ListReturnType::from_bits;
    let mrt = MapReturnType::from_bits;
    let vt = |n: &Node<'_>| exp_type(n, n.int("value_type")?);
    macro_rules! call {
        ($n:literal, |$args:pat_param, $ctx:ident, $rt:ident| $body:expr) => {{
            let ($args, $ctx, $rt) = Call::read(n, $n)?.take::<{ $n + 1 }>();
            let _ = (&$ctx, $rt);
            $body
        }};
    }
    Ok(match n.op {
        // lists
        1014 => call!(0, |[bin], ctx, rt| lists::size(bin, &ctx)),
        1016 => call!(1, |[i, bin], ctx, rt| lists::get_by_index(lrt(rt), vt(n)?, i, bin, &ctx)),
        1017 => call!(2, |[i, c, bin], ctx, rt| lists::get_by_index_range_count(lrt(rt), i, c, bin, &ctx)),
        1035 => call!(1, |[i, bin], ctx, rt| lists::get_by_index_range(lrt(rt), i, bin, &ctx)),
        1018 => call!(1, |[r, bin], ctx, rt| lists::get_by_rank(lrt(rt), vt(n)?, r, bin, &ctx)),
        1019 => call!(2, |[r, c, bin], ctx, rt| lists::get_by_rank_range_count(lrt(rt), r, c, bin, &ctx)),
        1036 => call!(1, |[r, bin], ctx, rt| lists::get_by_rank_range(lrt(rt), r, bin, &ctx)),
        1020 => call!(1, |[v, bin], ctx, rt| lists::get_by_value(lrt(rt), v, bin, &ctx)),
        1021 => call!(1, |[v, bin], ctx, rt| lists::get_by_value_list(lrt(rt), v, bin, &ctx)),
        1022 => call!(2, |[b, e, bin], ctx, rt| lists::get_by_value_range(lrt(rt), Some(b), Some(e), bin, &ctx)),
        1033 => call!(3, |[v, r, c, bin], ctx, rt| {
            lists::get_by_value_relative_rank_range_count(lrt(rt), v, r, c, bin, &ctx)
        }),
        1034 => call!(2, |[v, r, bin], ctx, rt| lists::get_by_value_relative_rank_range(lrt(rt), v, r, bin, &ctx)),
        // list modifies
        1001 => call!(1, |[v, bin], ctx, rt| lists::append(list_policy(n)?, v, bin, &ctx)),
        1002 => call!(1, |[v, bin], ctx, rt| lists::append_items(list_policy(n)?, v, bin, &ctx)),
        1003 => call!(2, |[i, v, bin], ctx, rt| lists::insert(list_policy(n)?, i, v, bin, &ctx)),
        1004 => call!(2, |[i, v, bin], ctx, rt| lists::insert_items(list_policy(n)?, i, v, bin, &ctx)),
        1015 => call!(2, |[i, v, bin], ctx, rt| lists::increment(list_policy(n)?, i, v, bin, &ctx)),
        1010 => call!(2, |[i, v, bin], ctx, rt| lists::set(list_policy(n)?, i, v, bin, &ctx)),
        1009 => call!(0, |[bin], ctx, rt| lists::clear(bin, &ctx)),
        1031 => {
            let order = u8::try_from(n.int("list_order")?).map_err(|_| n.error("'list_order' out of range"))?;
            call!(0, |[bin], ctx, rt| lists::sort(ListSortFlags::from_bits(order), bin, &ctx))
        }
        1027 => call!(1, |[v, bin], ctx, rt| lists::remove_by_value(lrt(rt), v, bin, &ctx)),
        1028 => call!(1, |[v, bin], ctx, rt| lists::remove_by_value_list(lrt(rt), v, bin, &ctx)),
        1029 => call!(2, |[b, e, bin], ctx, rt| lists::remove_by_value_range(lrt(rt), Some(b), Some(e), bin, &ctx)),
        1037 => call!(2, |[v, r, bin], ctx, rt| lists::remove_by_value_relative_rank_range(lrt(rt), v, r, bin, &ctx)),
        1038 => call!(3, |[v, r, c, bin], ctx, rt| {
            lists::remove_by_value_relative_rank_range_count(lrt(rt), v, r, c, bin, &ctx)
        }),
        1023 => call!(1, |[i, bin], ctx, rt| lists::remove_by_index(lrt(rt), i, bin, &ctx)),
        1039 => call!(1, |[i, bin], ctx, rt| lists::remove_by_index_range(lrt(rt), i, bin, &ctx)),
        1024 => call!(2, |[i, c, bin], ctx, rt| lists::remove_by_index_range_count(lrt(rt), i, c, bin, &ctx)),
        1025 => call!(1, |[r, bin], ctx, rt| lists::remove_by_rank(lrt(rt), r, bin, &ctx)),
        1040 => call!(1, |[r, bin], ctx, rt| lists::remove_by_rank_range(lrt(rt), r, bin, &ctx)),
        1026 => call!(2, |[r, c, bin], ctx, rt| lists::remove_by_rank_range_count(lrt(rt), r, c, bin, &ctx)),
        // map modifies
        1102 => call!(2, |[k, v, bin], ctx, rt| maps::put(&map_policy(n)?, k, v, bin, &ctx)),
        1103 => call!(1, |[m, bin], ctx, rt| maps::put_items(&map_policy(n)?, m, bin, &ctx)),
        1104 => call!(2, |[k, v, bin], ctx, rt| maps::increment(&map_policy(n)?, k, v, bin, &ctx)),
        1107 => call!(0, |[bin], ctx, rt| maps::clear(bin, &ctx)),
        1108 => call!(1, |[k, bin], ctx, rt| maps::remove_by_key(mrt(rt), k, bin, &ctx)),
        1109 => call!(1, |[k, bin], ctx, rt| maps::remove_by_key_list(mrt(rt), k, bin, &ctx)),
        1110 => call!(2, |[b, e, bin], ctx, rt| maps::remove_by_key_range(mrt(rt), Some(b), Some(e), bin, &ctx)),
        1132 => call!(2, |[k, i, bin], ctx, rt| maps::remove_by_key_relative_index_range(mrt(rt), k, i, bin, &ctx)),
        1137 => call!(3, |[k, i, c, bin], ctx, rt| {
            maps::remove_by_key_relative_index_range_count(mrt(rt), k, i, c, bin, &ctx)
        }),
        1111 => call!(1, |[v, bin], ctx, rt| maps::remove_by_value(mrt(rt), v, bin, &ctx)),
        1112 => call!(1, |[v, bin], ctx, rt| maps::remove_by_value_list(mrt(rt), v, bin, &ctx)),
        1113 => call!(2, |[b, e, bin], ctx, rt| maps::remove_by_value_range(mrt(rt), Some(b), Some(e), bin, &ctx)),
        1133 => call!(2, |[v, r, bin], ctx, rt| maps::remove_by_value_relative_rank_range(mrt(rt), v, r, bin, &ctx)),
        1139 => call!(3, |[v, r, c, bin], ctx, rt| {
            maps::remove_by_value_relative_rank_range_count(mrt(rt), v, r, c, bin, &ctx)
        }),
        1114 => call!(1, |[i, bin], ctx, rt| maps::remove_by_index(mrt(rt), i, bin, &ctx)),
        1134 => call!(1, |[i, bin], ctx, rt| maps::remove_by_index_range(mrt(rt), i, bin, &ctx)),
        1115 => call!(2, |[i, c, bin], ctx, rt| maps::remove_by_index_range_count(mrt(rt), i, c, bin, &ctx)),
        1116 => call!(1, |[r, bin], ctx, rt| maps::remove_by_rank(mrt(rt), r, bin, &ctx)),
        1135 => call!(1, |[r, bin], ctx, rt| maps::remove_by_rank_range(mrt(rt), r, bin, &ctx)),
        1117 => call!(2, |[r, c, bin], ctx, rt| maps::remove_by_rank_range_count(mrt(rt), r, c, bin, &ctx)),
        // maps
        1106 => call!(0, |[bin], ctx, rt| maps::size(bin, &ctx)),
        1118 => call!(1, |[k, bin], ctx, rt| maps::get_by_key(mrt(rt), vt(n)?, k, bin, &ctx)),
        1119 => call!(2, |[b, e, bin], ctx, rt| maps::get_by_key_range(mrt(rt), Some(b), Some(e), bin, &ctx)),
        1127 => call!(1, |[k, bin], ctx, rt| maps::get_by_key_list(mrt(rt), k, bin, &ctx)),
        1136 => call!(2, |[k, i, bin], ctx, rt| maps::get_by_key_relative_index_range(mrt(rt), k, i, bin, &ctx)),
        1140 => call!(3, |[k, i, c, bin], ctx, rt| {
            maps::get_by_key_relative_index_range_count(mrt(rt), k, i, c, bin, &ctx)
        }),
        1120 => call!(1, |[v, bin], ctx, rt| maps::get_by_value(mrt(rt), v, bin, &ctx)),
        1121 => call!(2, |[b, e, bin], ctx, rt| maps::get_by_value_range(mrt(rt), Some(b), Some(e), bin, &ctx)),
        1126 => call!(1, |[v, bin], ctx, rt| maps::get_by_value_list(mrt(rt), v, bin, &ctx)),
        1141 => call!(2, |[v, r, bin], ctx, rt| maps::get_by_value_relative_rank_range(mrt(rt), v, r, bin, &ctx)),
        1130 => call!(3, |[v, r, c, bin], ctx, rt| {
            maps::get_by_value_relative_rank_range_count(mrt(rt), v, r, c, bin, &ctx)
        }),
        1122 => call!(1, |[i, bin], ctx, rt| maps::get_by_index(mrt(rt), vt(n)?, i, bin, &ctx)),
        1123 => call!(2, |[i, c, bin], ctx, rt| maps::get_by_index_range_count(mrt(rt), i, c, bin, &ctx)),
        1142 => call!(1, |[i, bin], ctx, rt| maps::get_by_index_range(mrt(rt), i, bin, &ctx)),
        1124 => call!(1, |[r, bin], ctx, rt| maps::get_by_rank(mrt(rt), vt(n)?, r, bin, &ctx)),
        1125 => call!(2, |[r, c, bin], ctx, rt| maps::get_by_rank_range_count(mrt(rt), r, c, bin, &ctx)),
        1143 => call!(1, |[r, bin], ctx, rt| maps::get_by_rank_range(mrt(rt), r, bin, &ctx)),
        code => return Err(n.error(format!("unknown list/map expression code {code}"))),
    })
}

/// A policy dict's int entries, each checked by `visit` (false: a bad value).
fn policy_entries(n: &Node<'_>, key: &str, mut visit: impl FnMut(&str, i64) -> Option<bool>) -> Result<()> {
    let Some(policy) = n.field(key)? else { return Ok(()) };
    let dict = policy.cast::<PyDict>().map_err(|_| n.error(format!("'{key}' must be a dict")))?;
    for (k, v) in dict.iter() {
        let k = k.cast::<PyString>().map_err(|_| n.error(format!("'{key}' keys must be str")))?.to_str()?.to_owned();
        let v: i64 = v.extract().map_err(|_| n.error(format!("'{key}' value of '{k}' must be an int")))?;
        match visit(&k, v) {
            Some(true) => {}
            Some(false) => return Err(n.error(format!("'{key}' has no '{k}' value {v}"))),
            None => return Err(n.error(format!("unknown '{key}' key '{k}'"))),
        }
    }
    Ok(())
}

/// `list_policy`: `list_order`, `write_flags` (the list operations' keys).
fn list_policy(n: &Node<'_>) -> Result<ListPolicy> {
    let mut policy = ListPolicy::default();
    policy_entries(n, "list_policy", |k, v| match k {
        "list_order" => {
            policy.attributes = match v {
                0 => ListOrderType::Unordered,
                1 => ListOrderType::Ordered,
                _ => return Some(false),
            };
            Some(true)
        }
        "write_flags" => {
            policy.flags = ListWriteFlags::from_bits(v as u8);
            Some((0..=0xff).contains(&v))
        }
        _ => None,
    })?;
    Ok(policy)
}

/// `map_policy`: `map_order`, `map_write_flags` (the map operations' keys).
fn map_policy(n: &Node<'_>) -> Result<MapPolicy> {
    let (mut order, mut flags) = (MapOrder::Unordered, MapWriteFlags::DEFAULT);
    policy_entries(n, "map_policy", |k, v| match k {
        "map_order" => {
            order = match v {
                0 => MapOrder::Unordered,
                1 => MapOrder::KeyOrdered,
                3 => MapOrder::KeyValueOrdered,
                _ => return Some(false),
            };
            Some(true)
        }
        "map_write_flags" => {
            flags = MapWriteFlags::from_bits(v as u8);
            Some((0..=0xff).contains(&v))
        }
        _ => None,
    })?;
    Ok(MapPolicy::new(order, flags))
}
