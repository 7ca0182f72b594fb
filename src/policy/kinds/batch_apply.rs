//! `batch_apply`: the per-record policy of batch UDF calls.

use std::sync::Arc;

use aerospike::BatchUdfPolicy;

use crate::policy::base::filter_expression;
use crate::policy::fields::Field;
use crate::policy::kind::Kind;
use crate::policy::write_keys::*;
use crate::policy::Policies;

pub(crate) struct BatchApply;

impl Kind for BatchApply {
    type Policy = BatchUdfPolicy;
    const NAME: &'static str = "batch_apply";
    const CONTEXT: &'static str = "batch apply policy";
    const OWN: &'static [Field<BatchUdfPolicy>] = &[
        Field::set("key", KEY_DOC, |p, v| Ok(p.send_key = v.choice(KEY)?)),
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

    fn defaults(policies: &Policies) -> &Arc<BatchUdfPolicy> {
        &policies.batch_apply
    }
}
