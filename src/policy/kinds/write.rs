//! `write`: put, remove_bin, touch.

use std::sync::Arc;

use aerospike::{BasePolicy, WritePolicy};

use crate::policy::base::{read_touch_ttl, COMMON};
use crate::policy::fields::Field;
use crate::policy::kind::Kind;
#[allow(unused_imports)] // each write-family kind takes its own subset
use crate::policy::write_keys::*;
use crate::policy::Policies;

pub(crate) struct Write;

impl Kind for Write {
    type Policy = WritePolicy;
    const NAME: &'static str = "write";
    const CONTEXT: &'static str = "write policy";
    const OWN: &'static [Field<WritePolicy>] = &[
        Field::set("key", KEY_DOC, |p, v| Ok(p.send_key = v.choice(KEY)?)),
        Field::set("exists", EXISTS_DOC, |p, v| Ok(p.record_exists_action = v.choice(EXISTS)?)),
        Field::set("gen", GEN_DOC, |p, v| Ok(p.generation_policy = v.choice(GEN)?)),
        Field::set("commit_level", COMMIT_DOC, |p, v| Ok(p.commit_level = v.choice(COMMIT)?)),
        Field::set("durable_delete", DURABLE_DOC, |p, v| Ok(p.durable_delete = v.boolean()?)),
        Field::set("ttl", TTL_DOC, |p, v| Ok(p.expiration = ttl(p.expiration, v)?)),
        Field::set("on_locking_only", LOCKING_DOC, |p, v| Ok(p.on_locking_only = v.boolean()?)),
        // aerospike-py 0.14.4 took these on write policies; a put reads nothing, so they
        // have nothing to act on.
        Field::no_op("read_mode_ap", "accepted (aerospike-py 0.14.4): these calls read nothing", |v| {
            v.uint::<u32>().map(drop)
        }),
        Field::no_op("read_touch_ttl_percent", "accepted (aerospike-py 0.14.4): these calls read nothing", |v| {
            read_touch_ttl(v).map(drop)
        }),
    ];
    const BASE: &'static [&'static [Field<BasePolicy>]] = &[COMMON];

    fn base(policy: &mut WritePolicy) -> Option<&mut BasePolicy> {
        Some(&mut policy.base_policy)
    }

    fn defaults(policies: &Policies) -> &Arc<WritePolicy> {
        &policies.write
    }
}
