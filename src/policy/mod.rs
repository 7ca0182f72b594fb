//! Config and policy dicts → the `aerospike` crate's policy types, strictly validated.
//!
//! Every policy kind is one file in `kinds/` (a name, the crate policy it fills, its
//! key table); `kind.rs` applies a dict for all of them; `base.rs` holds the keys
//! they share, including the one place the filter expression is read. The kinds are
//! listed once, in [`kinds!`] below: that list makes the defaults struct, the config
//! `policies` dispatch and the docs listing.

// Table rows read `|p, v| Ok(p.field = v.uint()?)`: one assignment that succeeds. The
// lint wants the assignment on its own line, which would double every row.
#![allow(clippy::unit_arg)]

mod base;
pub(crate) mod config;
pub(crate) mod describe;
pub(crate) mod fields;
mod kind;
pub(crate) mod kinds;
pub(crate) mod meta;
pub(crate) mod tls;
mod write_keys;

use std::sync::Arc;

use pyo3::prelude::*;

pub(crate) use config::Settings;
pub(crate) use kind::{resolve, resolve_batch, Kind};

use crate::errors::Result;

/// Keys the official client accepts at the top of config `policies`, applied to every
/// kind that has them before that kind's own dict.
pub(crate) const SHARED_DEFAULT_KEYS: &[&str] =
    &["total_timeout", "socket_timeout", "max_retries", "key", "exists", "replica", "commit_level", "read_mode_ap"];

macro_rules! kinds {
    ($($field:ident: $kind:ident),* $(,)?) => {
        /// The defaults every call starts from, one per kind; shared, so a call
        /// without overrides costs an `Arc` clone.
        #[derive(Clone, Debug, Default)]
        pub(crate) struct Policies {
            $(pub(crate) $field: Arc<<kinds::$kind as Kind>::Policy>,)*
        }

        impl Policies {
            /// Builds the defaults from config `policies`: the shared keys first, then
            /// each kind's dict. `kind_dicts` names must be kind names (checked here).
            pub(crate) fn from_config(
                shared: &[(String, Bound<'_, PyAny>)],
                kind_dicts: &[(String, Bound<'_, PyAny>)],
            ) -> Result<Self> {
                let mut policies = Self::default();
                $(
                    let mut policy = <kinds::$kind as Kind>::Policy::default();
                    for (name, value) in shared {
                        kind::apply_key::<kinds::$kind>(&mut policy, name, value)?;
                    }
                    for (_, dict) in kind_dicts.iter().filter(|(n, _)| n == <kinds::$kind as Kind>::NAME) {
                        kind::apply_dict::<kinds::$kind>(&mut policy, dict)?;
                    }
                    policies.$field = Arc::new(policy);
                )*
                Ok(policies)
            }
        }

        /// Every kind's name in config `policies`.
        pub(crate) const KIND_NAMES: &[&str] = &[$(<kinds::$kind as Kind>::NAME),*];

        /// Every kind with its keys: `(kind, [(key, status, doc)])`, for the docs tables.
        pub(crate) fn describe() -> Vec<(&'static str, Vec<(&'static str, &'static str, &'static str)>)> {
            vec![$((<kinds::$kind as Kind>::NAME, kind::describe::<kinds::$kind>())),*]
        }
    };
}

kinds! {
    read: Read,
    write: Write,
    operate: Operate,
    remove: Remove,
    apply: Apply,
    batch: Batch,
    batch_read: BatchRead,
    batch_write: BatchWrite,
    batch_remove: BatchRemove,
    batch_apply: BatchApply,
    query: Query,
    scan: Scan,
    info: Info,
    admin: Admin,
}

impl Policies {
    /// The `K` policy for one call: defaults, then the call's `policy` dict.
    pub(crate) fn get<K: Kind>(&self, overrides: Option<&Bound<'_, PyAny>>) -> Result<Arc<K::Policy>> {
        resolve::<K>(self, overrides)
    }

    /// A batch call's parent (`P`) and per-record (`R`) policies; see [`resolve_batch`].
    pub(crate) fn get_batch<P: Kind, R: Kind>(
        &self,
        parent: Option<&Bound<'_, PyAny>>,
        row: Option<&Bound<'_, PyAny>>,
    ) -> Result<kind::BatchPolicies<P, R>> {
        resolve_batch::<P, R>(self, parent, row)
    }
}
