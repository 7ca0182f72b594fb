//! `batch_read`: the per-record policy of batch reads.

use std::sync::Arc;

use aerospike::BatchReadPolicy;

use crate::policy::base::{filter_expression, read_touch_ttl};
use crate::policy::fields::Field;
use crate::policy::kind::Kind;
use crate::policy::Policies;

pub(crate) struct BatchRead;

const ON_PARENT: &str = "the crate reads every row with the batch policy's read mode: set it there";

impl Kind for BatchRead {
    type Policy = BatchReadPolicy;
    const NAME: &'static str = "batch_read";
    const CONTEXT: &'static str = "batch read policy";
    const OWN: &'static [Field<BatchReadPolicy>] = &[
        Field::set(
            "read_touch_ttl_percent",
            "reset TTL on reads near expiry: 0 server default, -1 never, 1-100",
            |p, v| Ok(p.read_touch_ttl = read_touch_ttl(v)?),
        ),
        Field::set("expressions", "filter expression for each row", |p, v| {
            Ok(p.filter_expression = filter_expression(v)?)
        }),
        Field::set("filter_expression", "aerospike-py's name for 'expressions'", |p, v| {
            Ok(p.filter_expression = filter_expression(v)?)
        }),
        Field::refused("read_mode_ap", ON_PARENT),
        Field::refused("read_mode_sc", ON_PARENT),
    ];

    fn defaults(policies: &Policies) -> &Arc<BatchReadPolicy> {
        &policies.batch_read
    }
}
