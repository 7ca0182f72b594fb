//! `admin`: security (user and role) calls.

use std::sync::Arc;

use aerospike::AdminPolicy;

use crate::policy::fields::Field;
use crate::policy::kind::Kind;
use crate::policy::Policies;

pub(crate) struct Admin;

impl Kind for Admin {
    type Policy = AdminPolicy;
    const NAME: &'static str = "admin";
    const CONTEXT: &'static str = "admin policy";
    const OWN: &'static [Field<AdminPolicy>] =
        &[Field::set("timeout", "time limit of the call, ms", |p, v| Ok(p.timeout = v.uint()?))];

    fn defaults(policies: &Policies) -> &Arc<AdminPolicy> {
        &policies.admin
    }
}
