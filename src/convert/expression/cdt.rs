//! List, map, bit and HLL read expressions: node code (the official client's op code)
//! → the crate's builder, operands in the order the compiled form lists them, the
//! bin last.

use aerospike::expressions::{bitwise, hll, lists, maps, Expression};
use aerospike::operations::cdt_context::CdtContext;
use aerospike::{ListReturnType, MapReturnType};

use super::base::exp_type;
use super::node::Node;
use crate::convert::operations::context;
use crate::errors::Result;

pub(super) const FIRST: i64 = 1001;
pub(super) const LAST: i64 = 2111;

/// A node's reading: its built operands, `ctx` and `return_type`.
struct Call {
    args: Vec<Expression>,
    ctx: Vec<CdtContext>,
    rt: i64,
}

impl Call {
    fn read(n: &Node<'_>, arity: usize) -> Result<Self> {
        if n.children.len() != arity + 1 {
            return Err(n.error(format!("takes {arity} operand(s) and a bin, got {} node(s)", n.children.len())));
        }
        let args = n.children.iter().map(super::build).collect::<Result<Vec<_>>>()?;
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
        // bits
        2014 => call!(2, |[o, s, bin], ctx, rt| bitwise::get(o, s, bin)),
        2015 => call!(2, |[o, s, bin], ctx, rt| bitwise::count(o, s, bin)),
        2016 => call!(3, |[o, s, v, bin], ctx, rt| bitwise::lscan(o, s, v, bin)),
        2017 => call!(3, |[o, s, v, bin], ctx, rt| bitwise::rscan(o, s, v, bin)),
        2012 => {
            let signed = match n.children.get(2).map(|c| c.literal()).transpose()? {
                Some(aerospike::Value::Int(v)) => v != 0,
                _ => return Err(n.error("the sign operand must be 0 or 1")),
            };
            call!(3, |[o, s, _sign, bin], ctx, rt| bitwise::get_int(o, s, signed, bin))
        }
        // hll
        2103 => call!(0, |[bin], ctx, rt| hll::get_count(bin)),
        2101 => call!(0, |[bin], ctx, rt| hll::describe(bin)),
        2106 => call!(1, |[l, bin], ctx, rt| hll::get_union(l, bin)),
        2107 => call!(1, |[l, bin], ctx, rt| hll::get_union_count(l, bin)),
        2104 => call!(1, |[l, bin], ctx, rt| hll::get_intersect_count(l, bin)),
        2105 => call!(1, |[l, bin], ctx, rt| hll::get_similarity(l, bin)),
        2111 => call!(1, |[l, bin], ctx, rt| hll::may_contain(l, bin)),
        code => {
            return Err(n.error(format!(
                "expression code {code} (a list/map/bit/HLL modify expression) is not supported by this client yet"
            )))
        }
    })
}
