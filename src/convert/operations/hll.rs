//! HyperLogLog operations (`aerospike_py.hll_operations`), one table row per op:
//! codes and dict fields as the official client's `hll_operations` builds them,
//! encoding by the crate's `operations::hll` builders.

use aerospike::operations::hll::{self, HllPolicy, HllWriteFlags};
use aerospike::operations::Operation;
use aerospike::Value;

use super::fields::Fields;
use super::Spec;
use crate::errors::Result;

pub(super) const FIRST: i64 = 2100;
pub(super) const LAST: i64 = 2199;

/// All `HLL_WRITE_*` bits.
const WRITE_FLAGS_MAX: i64 = 15;

pub(super) const SPECS: &[Spec] = &[
    Spec::answering_write(2100, add),
    Spec::read(2101, |_, bin| Ok(hll::describe(bin))),
    Spec::write(2102, |f, bin| Ok(hll::fold(bin, f.int("index_bit_count")?))),
    Spec::read(2103, |_, bin| Ok(hll::get_count(bin))),
    Spec::read(2104, |f, bin| Ok(hll::get_intersect_count(bin, hlls(f)?))),
    Spec::read(2105, |f, bin| Ok(hll::get_similarity(bin, hlls(f)?))),
    Spec::read(2106, |f, bin| Ok(hll::get_union(bin, hlls(f)?))),
    Spec::read(2107, |f, bin| Ok(hll::get_union_count(bin, hlls(f)?))),
    Spec::write(2108, init),
    Spec::answering_write(2109, |_, bin| Ok(hll::refresh_count(bin))),
    Spec::write(2110, |f, bin| {
        let (list, policy) = (hlls(f)?, policy(f)?);
        Ok(hll::set_union(&policy, bin, list))
    }),
];

fn init(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (index_bits, minhash_bits) = bit_counts(f)?;
    Ok(hll::init_with_min_hash(&policy(f)?, bin, index_bits, minhash_bits))
}

fn add(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let values = f.values("value_list")?;
    if values.is_empty() {
        return Err(f.error("field 'value_list' must not be empty"));
    }
    let (index_bits, minhash_bits) = bit_counts(f)?;
    Ok(hll::add_with_index_and_min_hash(&policy(f)?, bin, values, index_bits, minhash_bits))
}

/// `index_bit_count` and `mh_bit_count`; -1 (the helpers' "not given") keeps the bin's.
fn bit_counts(f: &mut Fields<'_>) -> Result<(i64, i64)> {
    let index = f.opt_int("index_bit_count")?.unwrap_or(-1);
    let minhash = f.opt_int("mh_bit_count")?.unwrap_or(-1);
    Ok((index, minhash))
}

/// `value_list` of HLL values (read from HLL bins), sent as bytes: the server
/// reads each one's bytes whatever its type byte.
fn hlls(f: &mut Fields<'_>) -> Result<Vec<Value>> {
    let values = f.values("value_list")?;
    if values.is_empty() {
        return Err(f.error("field 'value_list' must not be empty"));
    }
    if let Some(i) = values.iter().position(|v| !matches!(v, Value::Blob(_) | Value::Hll(_))) {
        return Err(f.error(format!("value_list[{i}] must be an HLL value (bytes read from an HLL bin)")));
    }
    Ok(values)
}

/// The op's `hll_policy` dict (`flags`), or the default policy.
fn policy(f: &mut Fields<'_>) -> Result<HllPolicy> {
    let mut policy = HllPolicy::default();
    f.policy("hll_policy", |key, n| match key {
        "flags" => {
            policy.flags = HllWriteFlags::from_bits(n as u8);
            Some((0..=WRITE_FLAGS_MAX).contains(&n))
        }
        _ => None,
    })?;
    Ok(policy)
}
