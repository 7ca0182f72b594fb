//! Per-operation policies: defaults from the client config's `policies`, overridden
//! per call by a `policy` dict. Keys follow the official client's names.

use std::sync::Arc;

use aerospike::{BasePolicy, CommitLevel, GenerationPolicy, ReadPolicy, RecordExistsAction, WritePolicy};
use pyo3::prelude::*;

use super::fields::{boolean, choice, for_each_field, uint};
use super::meta::expiration;
use crate::errors::Result;

const EXISTS: &[(u32, RecordExistsAction)] = &[
    (0, RecordExistsAction::Update),      // POLICY_EXISTS_IGNORE
    (1, RecordExistsAction::CreateOnly),  // POLICY_EXISTS_CREATE
    (2, RecordExistsAction::UpdateOnly),  // POLICY_EXISTS_UPDATE
    (3, RecordExistsAction::ReplaceOnly), // POLICY_EXISTS_REPLACE
    (4, RecordExistsAction::Replace),     // POLICY_EXISTS_CREATE_OR_REPLACE
];
const GEN: &[(u32, GenerationPolicy)] = &[
    (0, GenerationPolicy::None),             // POLICY_GEN_IGNORE
    (1, GenerationPolicy::ExpectGenEqual),   // POLICY_GEN_EQ
    (2, GenerationPolicy::ExpectGenGreater), // POLICY_GEN_GT
];
const KEY: &[(u32, bool)] = &[(0, false), (1, true)]; // POLICY_KEY_DIGEST, POLICY_KEY_SEND
const COMMIT: &[(u32, CommitLevel)] = &[(0, CommitLevel::CommitAll), (1, CommitLevel::CommitMaster)];

/// Which operations a policy dict applies to; names are the keys of config `policies`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Read,
    Write,
    Remove,
    Operate,
}

impl Kind {
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "read" => Self::Read,
            "write" => Self::Write,
            "remove" => Self::Remove,
            "operate" => Self::Operate,
            _ => return None,
        })
    }

    const fn context(self) -> &'static str {
        match self {
            Self::Read => "read policy",
            Self::Write => "write policy",
            Self::Remove => "remove policy",
            Self::Operate => "operate policy",
        }
    }
}

/// The defaults every call starts from; shared, so a call without overrides costs an `Arc` clone.
#[derive(Clone, Debug, Default)]
pub(crate) struct Policies {
    read: Arc<ReadPolicy>,
    write: Arc<WritePolicy>,
    remove: Arc<WritePolicy>,
    operate: Arc<WritePolicy>,
}

impl Policies {
    /// Applies one entry of the config's `policies` dict.
    pub(crate) fn set_default(&mut self, kind: Kind, dict: &Bound<'_, PyAny>) -> Result<()> {
        match kind {
            Kind::Read => self.read = self.read(Some(dict))?,
            Kind::Write => self.write = self.write(kind, Some(dict))?,
            Kind::Remove => self.remove = self.write(kind, Some(dict))?,
            Kind::Operate => self.operate = self.write(kind, Some(dict))?,
        }
        Ok(())
    }

    pub(crate) fn read(&self, overrides: Option<&Bound<'_, PyAny>>) -> Result<Arc<ReadPolicy>> {
        let Some(dict) = overrides.filter(|d| !d.is_none()) else { return Ok(self.read.clone()) };
        let mut policy = ReadPolicy::clone(&self.read);
        let context = Kind::Read.context();
        for_each_field(dict, context, |name, value| {
            // `key` is accepted for symmetry with the official client; reads never send the key.
            if name == "key" {
                choice(value, context, name, KEY)?;
                return Ok(true);
            }
            apply_base(&mut policy.base_policy, context, name, value)
        })?;
        Ok(Arc::new(policy))
    }

    /// The write-family policy (`write`, `remove`, `operate`) for `kind`.
    pub(crate) fn write(&self, kind: Kind, overrides: Option<&Bound<'_, PyAny>>) -> Result<Arc<WritePolicy>> {
        let defaults = match kind {
            Kind::Remove => &self.remove,
            Kind::Operate => &self.operate,
            Kind::Read | Kind::Write => &self.write,
        };
        let Some(dict) = overrides.filter(|d| !d.is_none()) else { return Ok(defaults.clone()) };
        let mut policy = WritePolicy::clone(defaults);
        let context = kind.context();
        for_each_field(dict, context, |name, value| {
            match name {
                "key" => policy.send_key = choice(value, context, name, KEY)?,
                "gen" => policy.generation_policy = choice(value, context, name, GEN)?,
                "durable_delete" => policy.durable_delete = boolean(value, context, name)?,
                "commit_level" => policy.commit_level = choice(value, context, name, COMMIT)?,
                "exists" if kind != Kind::Remove => {
                    policy.record_exists_action = choice(value, context, name, EXISTS)?;
                }
                "ttl" if kind != Kind::Remove => {
                    if let Some(exp) = expiration(value)? {
                        policy.expiration = exp;
                    }
                }
                _ => return apply_base(&mut policy.base_policy, context, name, value),
            }
            Ok(true)
        })?;
        Ok(Arc::new(policy))
    }
}

/// Settings every policy kind shares (milliseconds and counts).
fn apply_base(base: &mut BasePolicy, context: &str, name: &str, value: &Bound<'_, PyAny>) -> Result<bool> {
    match name {
        "total_timeout" => base.total_timeout = uint(value, context, name)?,
        "socket_timeout" => base.socket_timeout = uint(value, context, name)?,
        "max_retries" => base.max_retries = uint(value, context, name)?,
        "sleep_between_retries" => base.sleep_between_retries = uint(value, context, name)?,
        _ => return Ok(false),
    }
    Ok(true)
}
