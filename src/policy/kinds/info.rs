//! `info`: info commands, index and truncate calls.

use std::sync::Arc;

use aerospike::AdminPolicy;

use crate::policy::fields::Field;
use crate::policy::kind::Kind;
use crate::policy::Policies;

pub(crate) struct Info;

impl Kind for Info {
    type Policy = AdminPolicy;
    const NAME: &'static str = "info";
    const CONTEXT: &'static str = "info policy";
    const OWN: &'static [Field<AdminPolicy>] = &[
        Field::set("timeout", "time limit of the call, ms", |p, v| Ok(p.timeout = v.uint()?)),
        // aerospike-py 0.14.4 passed read-style policies to info calls.
        Field::set("total_timeout", "the same as 'timeout'", |p, v| Ok(p.timeout = v.uint()?)),
        Field::no_op("send_as_is", "only True: the command is always sent as given", |v| {
            v.only(true, "the command is always sent as given")
        }),
        Field::no_op("check_bounds", "accepted: responses are length-checked by the protocol reader", |v| {
            v.boolean().map(drop)
        }),
    ];

    fn defaults(policies: &Policies) -> &Arc<AdminPolicy> {
        &policies.info
    }
}
