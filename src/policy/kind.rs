//! What a policy kind is: its name in config `policies`, the crate policy it fills and
//! its key table. Applying a dict is written once here for every kind.

use std::sync::Arc;

use aerospike::BasePolicy;
use pyo3::prelude::*;

use super::fields::{find, for_each_field, Field, Value};
use super::Policies;
use crate::errors::Result;

pub(crate) trait Kind: 'static {
    /// The crate policy this kind fills.
    type Policy: Clone + Default + Send + Sync + 'static;
    /// Its key in the config's `policies` dict.
    const NAME: &'static str;
    /// How errors name a dict of this kind ("read policy").
    const CONTEXT: &'static str;
    /// The keys of this kind on its own policy struct.
    const OWN: &'static [Field<Self::Policy>];
    /// Groups of shared base keys this kind also takes (see `base.rs`).
    const BASE: &'static [&'static [Field<BasePolicy>]] = &[];

    /// The policy's `BasePolicy`, for kinds that have one.
    fn base(_policy: &mut Self::Policy) -> Option<&mut BasePolicy> {
        None
    }

    /// This kind's client-wide defaults.
    fn defaults(policies: &Policies) -> &Arc<Self::Policy>;
}

/// Applies one key to `policy`; `Ok(false)` when this kind does not know it.
pub(crate) fn apply_key<K: Kind>(policy: &mut K::Policy, name: &str, obj: &Bound<'_, PyAny>) -> Result<bool> {
    let value = Value { obj, context: K::CONTEXT, name };
    if let Some(field) = find(K::OWN, name) {
        field.apply(policy, &value)?;
        return Ok(true);
    }
    if let Some(field) = K::BASE.iter().find_map(|group| find(group, name)) {
        if let Some(base) = K::base(policy) {
            field.apply(base, &value)?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// Applies a whole dict: every key must be known to the kind.
pub(crate) fn apply_dict<K: Kind>(policy: &mut K::Policy, dict: &Bound<'_, PyAny>) -> Result<()> {
    for_each_field(dict, K::CONTEXT, |name, value| apply_key::<K>(policy, name, value))
}

/// The policy for one call: the defaults, or a copy with `overrides` applied. A call
/// without overrides costs an `Arc` clone.
pub(crate) fn resolve<K: Kind>(policies: &Policies, overrides: Option<&Bound<'_, PyAny>>) -> Result<Arc<K::Policy>> {
    let defaults = K::defaults(policies);
    let Some(dict) = overrides.filter(|d| !d.is_none()) else { return Ok(defaults.clone()) };
    let mut policy = K::Policy::clone(defaults);
    apply_dict::<K>(&mut policy, dict)?;
    Ok(Arc::new(policy))
}

/// Every key of a kind with its status and doc, for the generated docs tables.
pub(crate) fn describe<K: Kind>() -> Vec<(&'static str, &'static str, &'static str)> {
    let own = K::OWN.iter().map(|f| (f.name, f.status(), f.doc));
    let base = K::BASE.iter().flat_map(|group| group.iter().map(|f| (f.name, f.status(), f.doc)));
    own.chain(base).collect()
}

/// A batch call's parent and per-record policies.
pub(crate) type BatchPolicies<P, R> = (Arc<<P as Kind>::Policy>, Arc<<R as Kind>::Policy>);

/// Resolves a batch call's parent and per-record policies. aerospike-py 0.14.4 took the records'
/// keys (`key`, `exists`, `gen`, `ttl`, ...) in the batch policy itself, so a key the
/// parent kind `P` does not have but the record kind `R` has applies to every record;
/// the record dict (`policy_batch_write`, ...) applies last.
pub(crate) fn resolve_batch<P: Kind, R: Kind>(
    policies: &Policies,
    parent: Option<&Bound<'_, PyAny>>,
    row: Option<&Bound<'_, PyAny>>,
) -> Result<BatchPolicies<P, R>> {
    let Some(dict) = parent.filter(|d| !d.is_none()) else {
        return Ok((resolve::<P>(policies, None)?, resolve::<R>(policies, row)?));
    };
    let mut parent = P::Policy::clone(P::defaults(policies));
    let mut record = R::Policy::clone(R::defaults(policies));
    for_each_field(dict, P::CONTEXT, |name, value| {
        Ok(apply_key::<P>(&mut parent, name, value)? || apply_key::<R>(&mut record, name, value)?)
    })?;
    if let Some(row) = row.filter(|d| !d.is_none()) {
        apply_dict::<R>(&mut record, row)?;
    }
    Ok((Arc::new(parent), Arc::new(record)))
}
