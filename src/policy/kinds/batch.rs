//! `batch`: the parent policy of every batch call (how the batch is sent).

use std::sync::Arc;

use aerospike::{BasePolicy, BatchPolicy, Concurrency};

use crate::errors::Result;
use crate::policy::base::{COMMON, READS};
use crate::policy::fields::{Field, Value};
use crate::policy::kind::Kind;
use crate::policy::Policies;

pub(crate) struct Batch;

/// `concurrency` (aerospike-py): 1 node at a time, or 0 for all nodes at once; the
/// crate has no bounded pool in between.
fn concurrency(value: &Value) -> Result<Concurrency> {
    match value.uint::<u32>()? {
        0 => Ok(Concurrency::Parallel),
        1 => Ok(Concurrency::Sequential),
        _ => Err(value.invalid("must be 0 (all nodes in parallel) or 1 (one node at a time)")),
    }
}

impl Kind for Batch {
    type Policy = BatchPolicy;
    const NAME: &'static str = "batch";
    const CONTEXT: &'static str = "batch policy";
    const OWN: &'static [Field<BatchPolicy>] = &[
        Field::set(
            "allow_inline",
            "let the server run the batch in its receiving thread (memory namespaces)",
            |p, v| Ok(p.allow_inline = v.boolean()?),
        ),
        Field::set("allow_inline_ssd", "the same for SSD namespaces", |p, v| Ok(p.allow_inline_ssd = v.boolean()?)),
        Field::set("respond_all_keys", "attempt every key even after key-specific errors", |p, v| {
            Ok(p.respond_all_keys = v.boolean()?)
        }),
        Field::set("concurrent", "send to the nodes in parallel (True) or one after another", |p, v| {
            Ok(p.concurrency = if v.boolean()? { Concurrency::Parallel } else { Concurrency::Sequential })
        }),
        Field::set("concurrency", "0: all nodes in parallel, 1: one node at a time", |p, v| {
            Ok(p.concurrency = concurrency(v)?)
        }),
    ];
    const BASE: &'static [&'static [Field<BasePolicy>]] = &[COMMON, READS];

    fn base(policy: &mut BatchPolicy) -> Option<&mut BasePolicy> {
        Some(&mut policy.base_policy)
    }

    fn defaults(policies: &Policies) -> &Arc<BatchPolicy> {
        &policies.batch
    }
}
