//! Time-to-live handling.
//!
//! Contract: a record's expiry is kept as a *void time*, whole seconds since
//! the Citrusleaf epoch (2010-01-01T00:00:00Z), with 0 meaning "never
//! expires". That is also exactly what replies carry in the `record_ttl`
//! header field; clients subtract "now" to show a TTL.

use crate::result::{self, ResultCode};
use std::time::{SystemTime, UNIX_EPOCH};

/// 2010-01-01T00:00:00Z as Unix seconds.
pub const CITRUSLEAF_EPOCH_UNIX: u64 = 1_262_304_000;

/// `record_ttl` sentinel: never expire (-1 as i32).
pub const TTL_NEVER_EXPIRE: u32 = 0xFFFF_FFFF;
/// `record_ttl` sentinel: keep the record's current expiry (-2 as i32).
pub const TTL_DONT_UPDATE: u32 = 0xFFFF_FFFE;
/// The server's default `max-ttl` bound: ten years.
pub const MAX_TTL: u32 = 10 * 365 * 24 * 60 * 60;

/// Current time in seconds since the Citrusleaf epoch.
pub fn now() -> u32 {
    let unix = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    unix.saturating_sub(CITRUSLEAF_EPOCH_UNIX) as u32
}

/// A record is gone once its void time has passed. Comparing with `<`
/// means a record written with TTL n lives at least n whole seconds.
pub fn is_expired(void_time: u32, now: u32) -> bool {
    void_time != 0 && void_time < now
}

/// Void time a write or touch leaves on the record.
///
/// `record_ttl` is the header field the client sent, `default_ttl` the
/// namespace default (0 = never expire) and `current` the record's present
/// void time when it already exists.
pub fn void_time_for_write(
    record_ttl: u32,
    default_ttl: u32,
    current: Option<u32>,
    now: u32,
) -> Result<u32, ResultCode> {
    let ttl = match record_ttl {
        TTL_NEVER_EXPIRE => return Ok(0),
        TTL_DONT_UPDATE => match current {
            Some(v) => return Ok(v),
            None => default_ttl,
        },
        0 => default_ttl,
        t => t,
    };
    if ttl == 0 {
        return Ok(0);
    }
    if ttl > MAX_TTL {
        return Err(result::PARAMETER_ERROR);
    }
    Ok(now.saturating_add(ttl))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentinels() {
        assert_eq!(void_time_for_write(TTL_NEVER_EXPIRE, 100, Some(5), 1000), Ok(0));
        assert_eq!(void_time_for_write(TTL_DONT_UPDATE, 100, Some(1234), 1000), Ok(1234));
        assert_eq!(void_time_for_write(TTL_DONT_UPDATE, 100, None, 1000), Ok(1100));
        assert_eq!(void_time_for_write(TTL_DONT_UPDATE, 0, None, 1000), Ok(0));
    }

    #[test]
    fn default_and_explicit() {
        assert_eq!(void_time_for_write(0, 0, None, 1000), Ok(0));
        assert_eq!(void_time_for_write(0, 60, Some(3), 1000), Ok(1060));
        assert_eq!(void_time_for_write(10, 0, Some(3), 1000), Ok(1010));
        assert_eq!(void_time_for_write(MAX_TTL + 1, 0, None, 1000), Err(result::PARAMETER_ERROR));
    }

    #[test]
    fn expiry() {
        assert!(!is_expired(0, u32::MAX));
        assert!(!is_expired(1001, 1001));
        assert!(is_expired(1001, 1002));
    }

    #[test]
    fn now_is_after_2020() {
        assert!(now() > 10 * 365 * 86400);
    }
}
