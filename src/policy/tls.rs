//! The `tls` config key: the hook the TLS work (issue 15) fills in.

use aerospike::ClientPolicy;

use super::fields::Value;
use crate::errors::Result;

/// Fills `policy.tls_policy` from the config's `tls` dict.
pub(crate) fn apply(_policy: &mut ClientPolicy, value: &Value) -> Result<()> {
    Err(value.invalid("is not supported yet: TLS connections are not implemented"))
}
