//! `batch_remove`: the per-record policy of batch removes.

use std::sync::Arc;

use aerospike::BatchDeletePolicy;

use crate::policy::base::filter_expression;
use crate::policy::fields::Field;
use crate::policy::kind::Kind;
use crate::policy::write_keys::*;
use crate::policy::Policies;

pub(crate) struct BatchRemove;

impl Kind for BatchRemove {
    type Policy = BatchDeletePolicy;
    const NAME: &'static str = "batch_remove";
    const CONTEXT: &'static str = "batch remove policy";
    const OWN: &'static [Field<BatchDeletePolicy>] = &[
        Field::set("key", KEY_DOC, |p, v| Ok(p.send_key = v.choice(KEY)?)),
        Field::set("gen", GEN_DOC, |p, v| Ok(p.generation_policy = v.choice(GEN)?)),
        Field::set("generation", GENERATION_DOC, |p, v| Ok(p.generation = v.uint()?)),
        Field::set("commit_level", COMMIT_DOC, |p, v| Ok(p.commit_level = v.choice(COMMIT)?)),
        Field::set("durable_delete", DURABLE_DOC, |p, v| Ok(p.durable_delete = v.boolean()?)),
        Field::set("expressions", "filter expression for each row", |p, v| {
            Ok(p.filter_expression = filter_expression(v)?)
        }),
        Field::set("filter_expression", "aerospike-py's name for 'expressions'", |p, v| {
            Ok(p.filter_expression = filter_expression(v)?)
        }),
    ];

    fn defaults(policies: &Policies) -> &Arc<BatchDeletePolicy> {
        &policies.batch_remove
    }
}
