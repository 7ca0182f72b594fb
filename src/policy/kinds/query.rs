//! `query`: secondary-index queries (and, with `scan.rs`, the rows both share).

use std::sync::Arc;

use aerospike::{BasePolicy, QueryDuration, QueryPolicy};

use crate::policy::base::{COMMON, READS};
use crate::policy::fields::Field;
use crate::policy::kind::Kind;
use crate::policy::Policies;

pub(crate) struct Query;

// `QUERY_DURATION_*` as the official client numbers them.
const DURATION: &[(u32, QueryDuration)] =
    &[(0, QueryDuration::Long), (1, QueryDuration::Short), (2, QueryDuration::LongRelaxAp)];

pub(super) const MAX_RECORDS: Field<QueryPolicy> =
    Field::set("max_records", "stop after about this many records (0: all)", |p, v| Ok(p.max_records = v.uint()?));
pub(super) const RECORDS_PER_SECOND: Field<QueryPolicy> =
    Field::set("records_per_second", "limit the server's rate per node (0: none)", |p, v| {
        Ok(p.records_per_second = v.uint()?)
    });
pub(super) const INCLUDE_BIN_DATA: Field<QueryPolicy> = Field::set(
    "include_bin_data",
    "False: return keys and metadata only",
    |p, v| Ok(p.include_bin_data = v.boolean()?),
);
pub(super) const MAX_CONCURRENT_NODES: Field<QueryPolicy> =
    Field::set("max_concurrent_nodes", "nodes queried at once (0: all)", |p, v| Ok(p.max_concurrent_nodes = v.uint()?));
pub(super) const RECORD_QUEUE_SIZE: Field<QueryPolicy> =
    Field::set("record_queue_size", "records buffered between the nodes and the caller", |p, v| {
        Ok(p.record_queue_size = v.uint()?)
    });
pub(super) const PARTITION_FILTER: Field<QueryPolicy> =
    // Read by the query itself (convert::partition) from each call's policy: it is
    // where that one run goes, not a default for every query.
    Field::refused("partition_filter", "it is per call: query.results(policy={'partition_filter': ...})");

impl Kind for Query {
    type Policy = QueryPolicy;
    const NAME: &'static str = "query";
    const CONTEXT: &'static str = "query policy";
    const OWN: &'static [Field<QueryPolicy>] = &[
        Field::set("expected_duration", "QUERY_DURATION_LONG / SHORT / LONG_RELAX_AP", |p, v| {
            Ok(p.expected_duration = v.choice(DURATION)?)
        }),
        Field::set("short_query", "True: the same as expected_duration QUERY_DURATION_SHORT", |p, v| {
            if v.boolean()? {
                p.expected_duration = QueryDuration::Short;
            }
            Ok(())
        }),
        Field::refused("fail_on_cluster_change", "the server no longer supports it; the crate does not send it"),
        MAX_RECORDS,
        RECORDS_PER_SECOND,
        INCLUDE_BIN_DATA,
        MAX_CONCURRENT_NODES,
        RECORD_QUEUE_SIZE,
        PARTITION_FILTER,
    ];
    const BASE: &'static [&'static [Field<BasePolicy>]] = &[COMMON, READS];

    fn base(policy: &mut QueryPolicy) -> Option<&mut BasePolicy> {
        Some(&mut policy.base_policy)
    }

    fn defaults(policies: &Policies) -> &Arc<QueryPolicy> {
        &policies.query
    }
}
