//! Rows shared by the write-family kinds (write, operate, remove, apply and the
//! batch write sub-policies): one definition per key, listed by each kind's table.

use aerospike::{CommitLevel, Expiration, GenerationPolicy, RecordExistsAction};

use super::fields::Value;
use super::meta::expiration;
use crate::errors::Result;

// The official client's constant values (`POLICY_EXISTS_*`, `POLICY_GEN_*`, ...).
pub(crate) const EXISTS: &[(u32, RecordExistsAction)] = &[
    (0, RecordExistsAction::Update),      // POLICY_EXISTS_IGNORE
    (1, RecordExistsAction::CreateOnly),  // POLICY_EXISTS_CREATE
    (2, RecordExistsAction::UpdateOnly),  // POLICY_EXISTS_UPDATE
    (3, RecordExistsAction::ReplaceOnly), // POLICY_EXISTS_REPLACE
    (4, RecordExistsAction::Replace),     // POLICY_EXISTS_CREATE_OR_REPLACE
];
pub(crate) const GEN: &[(u32, GenerationPolicy)] = &[
    (0, GenerationPolicy::None),             // POLICY_GEN_IGNORE
    (1, GenerationPolicy::ExpectGenEqual),   // POLICY_GEN_EQ
    (2, GenerationPolicy::ExpectGenGreater), // POLICY_GEN_GT
];
pub(crate) const KEY: &[(u32, bool)] = &[(0, false), (1, true)]; // POLICY_KEY_DIGEST, POLICY_KEY_SEND
pub(crate) const COMMIT: &[(u32, CommitLevel)] = &[(0, CommitLevel::CommitAll), (1, CommitLevel::CommitMaster)];

pub(crate) const KEY_DOC: &str = "store the user key with the record (POLICY_KEY_SEND) or only its digest";
pub(crate) const EXISTS_DOC: &str = "what to do when the record exists or not (POLICY_EXISTS_*)";
pub(crate) const GEN_DOC: &str = "generation check against meta 'gen' (POLICY_GEN_*)";
pub(crate) const GENERATION_DOC: &str = "the generation the gen policy compares with (meta 'gen' overrides)";
pub(crate) const COMMIT_DOC: &str = "wait for all replicas or the master only (POLICY_COMMIT_LEVEL_*)";
pub(crate) const DURABLE_DOC: &str = "leave a tombstone when the command deletes the record";
pub(crate) const TTL_DOC: &str = "default TTL in seconds when meta has none (TTL_* specials accepted)";
pub(crate) const LOCKING_DOC: &str = "with exists CREATE: fail only when the record is being written";

/// `ttl`: `None` keeps the current default (`TTL_CLIENT_DEFAULT`).
pub(crate) fn ttl(current: Expiration, value: &Value) -> Result<Expiration> {
    let exp = expiration(value.obj).map_err(|_| value.invalid("must be a TTL in seconds or a TTL_* constant"))?;
    Ok(exp.unwrap_or(current))
}
