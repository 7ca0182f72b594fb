//! Record metadata a write carries: `{"gen": int, "ttl": int}` (plus aerospike-py 0.14.4's
//! write-policy keys), and the TTL specials.

use aerospike::{Expiration, WritePolicy};
use pyo3::prelude::*;

use super::fields::{find, for_each_field, Field, Value};
use super::write_keys::*;
use crate::errors::{Error, Result};

/// TTL values with special meaning, as the official clients number them.
pub(crate) mod ttl {
    pub const NAMESPACE_DEFAULT: i64 = 0;
    pub const NEVER_EXPIRE: i64 = 0xFFFF_FFFF;
    pub const DONT_UPDATE: i64 = 0xFFFF_FFFE;
    pub const CLIENT_DEFAULT: i64 = 0xFFFF_FFFD;
}

/// The keys of a write's `meta` dict: the official `gen` and `ttl`, and the write-policy
/// keys aerospike-py 0.14.4 also took there (they do not clash with the official ones).
const META: &[Field<WritePolicy>] = &[
    Field::set("gen", "the generation a POLICY_GEN_* check compares with", |p, v| Ok(p.generation = v.uint()?)),
    Field::set("ttl", "the record's TTL in seconds (TTL_* specials accepted)", |p, v| {
        Ok(p.expiration = ttl(p.expiration, v)?)
    }),
    Field::set("key", KEY_DOC, |p, v| Ok(p.send_key = v.choice(KEY)?)),
    Field::set("exists", EXISTS_DOC, |p, v| Ok(p.record_exists_action = v.choice(EXISTS)?)),
    Field::set("commit_level", COMMIT_DOC, |p, v| Ok(p.commit_level = v.choice(COMMIT)?)),
    Field::set("durable_delete", DURABLE_DOC, |p, v| Ok(p.durable_delete = v.boolean()?)),
];

/// Applies `meta` (may be `None`) to a write policy.
pub(crate) fn apply_meta(policy: &mut WritePolicy, meta: Option<&Bound<'_, PyAny>>) -> Result<()> {
    let Some(meta) = meta.filter(|m| !m.is_none()) else { return Ok(()) };
    for_each_field(meta, "meta", |name, obj| {
        let Some(field) = find(META, name) else { return Ok(false) };
        field.apply(policy, &Value { obj, context: "meta", name })?;
        Ok(true)
    })
}

/// `None` means "keep the policy's default" (`TTL_CLIENT_DEFAULT`).
pub(crate) fn expiration(value: &Bound<'_, PyAny>) -> Result<Option<Expiration>> {
    // A bool is an int to Python: `ttl=True` would silently mean one second.
    let not_seconds = || Error::param("meta 'ttl' must be an integer number of seconds");
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(not_seconds());
    }
    let secs: i64 = value.extract().map_err(|_| not_seconds())?;
    ttl_seconds(secs)
}

/// A TTL in seconds, or a `TTL_*` special; `None` means "keep the policy's default".
pub(crate) fn ttl_seconds(secs: i64) -> Result<Option<Expiration>> {
    Ok(Some(match secs {
        ttl::NAMESPACE_DEFAULT => Expiration::NamespaceDefault,
        -1 | ttl::NEVER_EXPIRE => Expiration::Never,
        -2 | ttl::DONT_UPDATE => Expiration::DontUpdate,
        -3 | ttl::CLIENT_DEFAULT => return Ok(None),
        1..ttl::CLIENT_DEFAULT => Expiration::Seconds(secs as u32),
        _ => return Err(Error::param(format!("meta 'ttl' {secs} is out of range"))),
    }))
}
