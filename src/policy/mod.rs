//! Config and policy dicts → the `aerospike` crate's policy types, strictly validated.

pub(crate) mod config;
mod fields;
pub(crate) mod meta;
pub(crate) mod operation;

pub(crate) use config::Settings;
pub(crate) use operation::Kind;
