//! Operation dicts (built by `aerospike_py.operations`, `list_operations` and
//! `map_operations`) → `aerospike::operations::Operation`: the one place that
//! conversion is spelled out.
//!
//! An op dict is `{"op": code, "bin": name, ...fields}`; list and map ops may carry
//! a `ctx` path (`context.rs`) to act on a nested list or map. Unknown codes, missing or
//! ill-typed fields and fields the op does not take are a `ParamError` naming the
//! op's position, before anything is sent. Cost: one pass over the list, a few
//! dict lookups per op.

mod bit;
pub(crate) mod context;
mod expression;
mod fields;
mod hll;
mod list;
mod map;
pub(crate) mod results;
mod scalar;

use aerospike::operations::Operation;
use aerospike::Expiration;
use pyo3::prelude::*;
use pyo3::types::PyString;

use self::fields::Fields;
use crate::errors::{Error, Result};
use crate::policy::meta::expiration;

/// What each op answers in the reply, so results can be matched to bins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// The op's result is reported under this bin.
    Bin(String),
    /// Reads every bin: the reply is the record's bins, not one result per op.
    AllBins,
    /// The op answers nothing the caller sees (writes, touch, header reads); the bin
    /// it acts on, if any, still gets a (nil) slot in a batch reply.
    Silent(Option<String>),
}

/// A converted op list.
#[derive(Clone, Debug)]
pub(crate) struct Ops {
    pub(crate) ops: Vec<Operation>,
    pub(crate) answers: Vec<Answer>,
    /// Whether any op modifies the record (decides batch write vs batch read).
    pub(crate) writes: bool,
    /// The TTL a `touch(ttl)` op carries (the official helpers put it in the op, not
    /// in `meta`): it overrides the policy's for this call.
    pub(crate) ttl: Option<Expiration>,
}

/// One op of a family table: its code, whether it modifies the record, whether its
/// result is reported under its bin, and how its dict becomes the op (given the bin).
/// A family is then a list of rows, so an op cannot be missing from one of several lists.
pub(super) struct Spec {
    code: i64,
    writes: bool,
    answers: bool,
    convert: fn(&mut Fields<'_>, String) -> Result<Operation>,
}

impl Spec {
    /// A read op: answers under its bin.
    const fn read(code: i64, convert: fn(&mut Fields<'_>, String) -> Result<Operation>) -> Self {
        Self { code, writes: false, answers: true, convert }
    }

    /// A modifying op that answers nothing.
    const fn write(code: i64, convert: fn(&mut Fields<'_>, String) -> Result<Operation>) -> Self {
        Self { code, writes: true, answers: false, convert }
    }

    /// A modifying op that also answers (e.g. how many HLL registers changed).
    const fn answering_write(code: i64, convert: fn(&mut Fields<'_>, String) -> Result<Operation>) -> Self {
        Self { code, writes: true, answers: true, convert }
    }
}

fn from_table(specs: &[Spec], code: i64, fields: &mut Fields<'_>) -> Result<(Operation, Answer, bool)> {
    let spec = specs.iter().find(|s| s.code == code).ok_or_else(|| fields.unknown_code(code))?;
    let bin = fields.bin()?;
    let op = (spec.convert)(fields, bin.clone())?;
    let answer = if spec.answers { Answer::Bin(bin) } else { Answer::Silent(Some(bin)) };
    Ok((op, answer, spec.writes))
}

/// Converts a list of op dicts.
pub(crate) fn ops_from_py(obj: &Bound<'_, PyAny>) -> Result<Ops> {
    if obj.is_instance_of::<PyString>() {
        return Err(Error::param("ops must be a list of operation dicts"));
    }
    let items = obj.try_iter().map_err(|_| Error::param("ops must be a list of operation dicts"))?;
    let mut out = Ops { ops: Vec::new(), answers: Vec::new(), writes: false, ttl: None };
    for (position, item) in items.enumerate() {
        let item = item?;
        let mut fields = Fields::new(&item, position)?;
        let code = fields.int("op")?;
        let (op, answer, writes) = match code {
            scalar::TOUCH => {
                if let Some(ttl) = fields.get("val")? {
                    // The same TTL rules as `meta["ttl"]` (specials, range).
                    out.ttl = expiration(&ttl)?;
                }
                scalar::convert(code, &mut fields)?
            }
            scalar::FIRST..=scalar::LAST => scalar::convert(code, &mut fields)?,
            list::FIRST..=list::LAST | map::FIRST..=map::LAST => {
                // Every list and map op can act on a nested list or map.
                let ctx = context::read(&mut fields)?;
                fields.set_context(ctx.clone());
                let specs = if code <= list::LAST { list::SPECS } else { map::SPECS };
                let (op, answer, writes) = from_table(specs, code, &mut fields)?;
                let op = if ctx.is_empty() { op } else { op.context(ctx) };
                (op, answer, writes)
            }
            bit::FIRST..=bit::LAST => from_table(bit::SPECS, code, &mut fields)?,
            hll::FIRST..=hll::LAST => from_table(hll::SPECS, code, &mut fields)?,
            expression::FIRST..=expression::LAST => from_table(expression::SPECS, code, &mut fields)?,
            _ => return Err(fields.unknown_code(code)),
        };
        fields.finish()?;
        out.ops.push(op);
        out.answers.push(answer);
        out.writes |= writes;
    }
    if out.ops.is_empty() {
        return Err(Error::param("ops must not be empty"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_holds_its_own_codes_once() {
        let families: [(&str, &[Spec], i64, i64); 5] = [
            ("list", list::SPECS, list::FIRST, list::LAST),
            ("map", map::SPECS, map::FIRST, map::LAST),
            ("bit", bit::SPECS, bit::FIRST, bit::LAST),
            ("hll", hll::SPECS, hll::FIRST, hll::LAST),
            ("expression", expression::SPECS, expression::FIRST, expression::LAST),
        ];
        for (name, specs, first, last) in families {
            let mut codes: Vec<i64> = specs.iter().map(|s| s.code).collect();
            assert!(codes.iter().all(|c| (first..=last).contains(c)), "{name}: a code outside {first}..={last}");
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), specs.len(), "{name}: a code has two rows");
        }
    }
}
