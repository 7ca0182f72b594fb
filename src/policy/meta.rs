//! Record metadata a write carries: `{"gen": int, "ttl": int}`.

use aerospike::{Expiration, WritePolicy};
use pyo3::prelude::*;

use super::fields::{for_each_field, uint};
use crate::errors::{Error, Result};

/// TTL values with special meaning, as the official clients number them.
pub(crate) mod ttl {
    pub const NAMESPACE_DEFAULT: i64 = 0;
    pub const NEVER_EXPIRE: i64 = 0xFFFF_FFFF;
    pub const DONT_UPDATE: i64 = 0xFFFF_FFFE;
    pub const CLIENT_DEFAULT: i64 = 0xFFFF_FFFD;
}

/// Applies `meta` (may be `None`) to a write policy.
pub(crate) fn apply_meta(policy: &mut WritePolicy, meta: Option<&Bound<'_, PyAny>>) -> Result<()> {
    let Some(meta) = meta.filter(|m| !m.is_none()) else { return Ok(()) };
    for_each_field(meta, "meta", |name, value| {
        match name {
            "gen" => policy.generation = uint(value, "meta", name)?,
            "ttl" => {
                if let Some(expiration) = expiration(value)? {
                    policy.expiration = expiration;
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    })
}

/// `None` means "keep the policy's default" (`TTL_CLIENT_DEFAULT`).
pub(crate) fn expiration(value: &Bound<'_, PyAny>) -> Result<Option<Expiration>> {
    let secs: i64 = value.extract().map_err(|_| Error::param("meta 'ttl' must be an integer number of seconds"))?;
    Ok(Some(match secs {
        ttl::NAMESPACE_DEFAULT => Expiration::NamespaceDefault,
        -1 | ttl::NEVER_EXPIRE => Expiration::Never,
        -2 | ttl::DONT_UPDATE => Expiration::DontUpdate,
        -3 | ttl::CLIENT_DEFAULT => return Ok(None),
        1..ttl::CLIENT_DEFAULT => Expiration::Seconds(secs as u32),
        _ => return Err(Error::param(format!("meta 'ttl' {secs} is out of range"))),
    }))
}
