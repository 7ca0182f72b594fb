//! `batch_write`: the per-record policy of batch writes (batch_operate with writes).

use std::sync::Arc;

use aerospike::BatchWritePolicy;

use crate::policy::base::filter_expression;
use crate::policy::fields::Field;
use crate::policy::kind::Kind;
use crate::policy::write_keys::*;
use crate::policy::Policies;

pub(crate) struct BatchWrite;

impl Kind for BatchWrite {
    type Policy = BatchWritePolicy;
    const NAME: &'static str = "batch_write";
    const CONTEXT: &'static str = "batch write policy";
    const OWN: &'static [Field<BatchWritePolicy>] = &[
        Field::set("key", KEY_DOC, |p, v| Ok(p.send_key = v.choice(KEY)?)),
        Field::set("exists", EXISTS_DOC, |p, v| Ok(p.record_exists_action = v.choice(EXISTS)?)),
        Field::set("gen", GEN_DOC, |p, v| Ok(p.generation_policy = v.choice(GEN)?)),
        Field::set("commit_level", COMMIT_DOC, |p, v| Ok(p.commit_level = v.choice(COMMIT)?)),
        Field::set("durable_delete", DURABLE_DOC, |p, v| Ok(p.durable_delete = v.boolean()?)),
        Field::set("ttl", TTL_DOC, |p, v| Ok(p.expiration = ttl(p.expiration, v)?)),
        Field::set("on_locking_only", LOCKING_DOC, |p, v| Ok(p.on_locking_only = v.boolean()?)),
        Field::set("expressions", "filter expression for each row", |p, v| {
            Ok(p.filter_expression = filter_expression(v)?)
        }),
        Field::set("filter_expression", "aerospike-py's name for 'expressions'", |p, v| {
            Ok(p.filter_expression = filter_expression(v)?)
        }),
    ];

    fn defaults(policies: &Policies) -> &Arc<BatchWritePolicy> {
        &policies.batch_write
    }
}
