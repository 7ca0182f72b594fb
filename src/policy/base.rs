//! Keys every command policy shares, on the crate's `BasePolicy`, and the one place
//! a policy's filter expression is read.

use aerospike::expressions::Expression;
use aerospike::{BasePolicy, ReadModeAp, ReadModeSc, ReadTouchTtl, Replica};

use super::fields::{Field, Value};
use crate::errors::Result;

// The official client's constant values (`POLICY_REPLICA_*`, `POLICY_READ_MODE_*`).
const REPLICA: &[(u32, Replica)] = &[
    (0, Replica::Master),       // POLICY_REPLICA_MASTER
    (1, Replica::MasterProles), // POLICY_REPLICA_ANY
    (2, Replica::Sequence),     // POLICY_REPLICA_SEQUENCE
    (3, Replica::PreferRack),   // POLICY_REPLICA_PREFER_RACK
    (4, Replica::Random),       // POLICY_REPLICA_RANDOM
];
const READ_MODE_AP: &[(u32, ReadModeAp)] = &[(0, ReadModeAp::One), (1, ReadModeAp::All)];
const READ_MODE_SC: &[(u32, ReadModeSc)] = &[
    (0, ReadModeSc::Session),
    (1, ReadModeSc::Linearize),
    (2, ReadModeSc::AllowReplica),
    (3, ReadModeSc::AllowUnavailable),
];

/// THE place where `expressions` (official) / `filter_expression` (aerospike-py) is
/// read, for every policy kind, base or batch sub-policy alike.
pub(crate) fn filter_expression(value: &Value) -> Result<Option<Expression>> {
    crate::convert::expression::filter_from_py(value.obj)
}

/// `read_touch_ttl_percent`: 0 server default, -1 never touch, 1..=100 a percentage.
pub(crate) fn read_touch_ttl(value: &Value) -> Result<ReadTouchTtl> {
    Ok(match value.int()? {
        0 => ReadTouchTtl::ServerDefault,
        -1 => ReadTouchTtl::DontReset,
        pct @ 1..=100 => ReadTouchTtl::Percent(pct as u8),
        _ => return Err(value.invalid("must be 0, -1 or 1..=100")),
    })
}

pub(crate) const DESERIALIZE_ONLY_TRUE: &str = "lists and maps always arrive as Python lists and dicts";

/// Timeouts, retries, compression, replica choice and the filter: on every command policy.
pub(crate) const COMMON: &[Field<BasePolicy>] = &[
    Field::set("total_timeout", "total command time limit, ms (0: none)", |p, v| Ok(p.total_timeout = v.uint()?)),
    Field::set(
        "socket_timeout",
        "socket idle limit per attempt, ms (0: none)",
        |p, v| Ok(p.socket_timeout = v.uint()?),
    ),
    Field::set("max_retries", "retries after the first attempt", |p, v| Ok(p.max_retries = v.uint()?)),
    Field::set("sleep_between_retries", "pause between retries, ms", |p, v| Ok(p.sleep_between_retries = v.uint()?)),
    Field::set("timeout_delay", "after a socket timeout, wait this long (ms) to drain the connection", |p, v| {
        Ok(p.timeout_delay = v.uint()?)
    }),
    Field::set("compress", "zlib-compress requests and ask for compressed responses", |p, v| {
        Ok(p.use_compression = v.boolean()?)
    }),
    Field::set("compression_threshold", "compress only requests larger than this many bytes", |p, v| {
        Ok(p.compression_threshold = v.uint()?)
    }),
    Field::set("replica", "which replica serves the command (POLICY_REPLICA_*)", |p, v| {
        Ok(p.replica = v.choice(REPLICA)?)
    }),
    Field::set("error_detail_verbosity", "how much detail the server adds to errors (0-2)", |p, v| {
        Ok(p.error_detail_verbosity = v.uint()?)
    }),
    Field::set("expressions", "filter expression (compiled aerospike_py.exp / aerospike_helpers)", |p, v| {
        Ok(p.filter_expression = filter_expression(v)?)
    }),
    Field::set("filter_expression", "aerospike-py's name for 'expressions'", |p, v| {
        Ok(p.filter_expression = filter_expression(v)?)
    }),
    Field::refused(
        "connect_timeout",
        "a per-command connect timeout cannot be expressed: set 'connect_timeout' in the client config",
    ),
    Field::refused("txn", "multi-record transactions are not supported by this client yet"),
];

/// Read consistency and touch-on-read: on policies of commands that read.
pub(crate) const READS: &[Field<BasePolicy>] = &[
    Field::set("read_mode_ap", "AP read consistency (POLICY_READ_MODE_AP_*)", |p, v| {
        Ok(p.read_mode_ap = v.choice(READ_MODE_AP)?)
    }),
    Field::set("read_mode_sc", "SC read consistency (POLICY_READ_MODE_SC_*)", |p, v| {
        Ok(p.read_mode_sc = v.choice(READ_MODE_SC)?)
    }),
    Field::set(
        "read_touch_ttl_percent",
        "reset TTL on reads near expiry: 0 server default, -1 never, 1-100",
        |p, v| Ok(p.read_touch_ttl = read_touch_ttl(v)?),
    ),
    Field::no_op("deserialize", "only True: lists and maps always arrive as Python lists and dicts", |v| {
        v.only(true, DESERIALIZE_ONLY_TRUE)
    }),
];
