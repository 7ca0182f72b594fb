//! `read`: get, select, exists.

use std::sync::Arc;

use aerospike::{BasePolicy, ReadPolicy};

use crate::policy::base::{COMMON, READS};
use crate::policy::fields::Field;
use crate::policy::kind::Kind;
use crate::policy::write_keys::KEY;
use crate::policy::Policies;

pub(crate) struct Read;

impl Kind for Read {
    type Policy = ReadPolicy;
    const NAME: &'static str = "read";
    const CONTEXT: &'static str = "read policy";
    const OWN: &'static [Field<ReadPolicy>] =
        &[Field::no_op("key", "accepted for symmetry with writes: a read never sends the key", |v| {
            v.choice(KEY).map(drop)
        })];
    const BASE: &'static [&'static [Field<BasePolicy>]] = &[COMMON, READS];

    fn base(policy: &mut ReadPolicy) -> Option<&mut BasePolicy> {
        Some(&mut policy.base_policy)
    }

    fn defaults(policies: &Policies) -> &Arc<ReadPolicy> {
        &policies.read
    }
}
