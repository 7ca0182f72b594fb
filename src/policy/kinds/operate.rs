//! `operate`: operate, operate_ordered, append, prepend, increment.

use std::sync::Arc;

use aerospike::{BasePolicy, WritePolicy};

use crate::policy::base::{COMMON, READS};
use crate::policy::fields::Field;
use crate::policy::kind::Kind;
#[allow(unused_imports)] // each write-family kind takes its own subset
use crate::policy::write_keys::*;
use crate::policy::Policies;

pub(crate) struct Operate;

impl Kind for Operate {
    type Policy = WritePolicy;
    const NAME: &'static str = "operate";
    const CONTEXT: &'static str = "operate policy";
    const OWN: &'static [Field<WritePolicy>] = &[
        Field::set("key", KEY_DOC, |p, v| Ok(p.send_key = v.choice(KEY)?)),
        Field::set("exists", EXISTS_DOC, |p, v| Ok(p.record_exists_action = v.choice(EXISTS)?)),
        Field::set("gen", GEN_DOC, |p, v| Ok(p.generation_policy = v.choice(GEN)?)),
        Field::set("commit_level", COMMIT_DOC, |p, v| Ok(p.commit_level = v.choice(COMMIT)?)),
        Field::set("durable_delete", DURABLE_DOC, |p, v| Ok(p.durable_delete = v.boolean()?)),
        Field::set("ttl", TTL_DOC, |p, v| Ok(p.expiration = ttl(p.expiration, v)?)),
        Field::set("on_locking_only", LOCKING_DOC, |p, v| Ok(p.on_locking_only = v.boolean()?)),
    ];
    const BASE: &'static [&'static [Field<BasePolicy>]] = &[COMMON, READS];

    fn base(policy: &mut WritePolicy) -> Option<&mut BasePolicy> {
        Some(&mut policy.base_policy)
    }

    fn defaults(policies: &Policies) -> &Arc<WritePolicy> {
        &policies.operate
    }
}
