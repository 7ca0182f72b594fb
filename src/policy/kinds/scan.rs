//! `scan`: a query without a predicate.

use std::sync::Arc;

use aerospike::{BasePolicy, QueryPolicy};

use super::query::{
    INCLUDE_BIN_DATA, MAX_CONCURRENT_NODES, MAX_RECORDS, PARTITION_FILTER, RECORDS_PER_SECOND, RECORD_QUEUE_SIZE,
};
use crate::policy::base::{COMMON, READS};
use crate::policy::fields::Field;
use crate::policy::kind::Kind;
use crate::policy::Policies;

pub(crate) struct Scan;

const BACKGROUND: &str = "it applies to background scans (execute_background), which this client does not run yet";

impl Kind for Scan {
    type Policy = QueryPolicy;
    const NAME: &'static str = "scan";
    const CONTEXT: &'static str = "scan policy";
    const OWN: &'static [Field<QueryPolicy>] = &[
        MAX_RECORDS,
        RECORDS_PER_SECOND,
        INCLUDE_BIN_DATA,
        MAX_CONCURRENT_NODES,
        RECORD_QUEUE_SIZE,
        PARTITION_FILTER,
        Field::refused("durable_delete", BACKGROUND),
        Field::refused("ttl", BACKGROUND),
    ];
    const BASE: &'static [&'static [Field<BasePolicy>]] = &[COMMON, READS];

    fn base(policy: &mut QueryPolicy) -> Option<&mut BasePolicy> {
        Some(&mut policy.base_policy)
    }

    fn defaults(policies: &Policies) -> &Arc<QueryPolicy> {
        &policies.scan
    }
}
