//! Aerospike result codes as sent in the `result_code` byte of an AS_MSG
//! reply. Values are the server's own numbering; only codes this server can
//! produce are listed.

/// A result code byte. A plain alias keeps `Result<T, ResultCode>` cheap and
/// lets codes be written straight into the reply header.
pub type ResultCode = u8;

pub const OK: ResultCode = 0;
pub const KEY_NOT_FOUND: ResultCode = 2;
pub const GENERATION_ERROR: ResultCode = 3;
pub const PARAMETER_ERROR: ResultCode = 4;
pub const KEY_EXISTS: ResultCode = 5;
pub const BIN_EXISTS: ResultCode = 6;
pub const BIN_TYPE_ERROR: ResultCode = 12;
pub const RECORD_TOO_BIG: ResultCode = 13;
pub const BIN_NOT_FOUND: ResultCode = 17;
pub const KEY_MISMATCH: ResultCode = 19;
pub const INVALID_NAMESPACE: ResultCode = 20;
pub const BIN_NAME_TOO_LONG: ResultCode = 21;
pub const ELEMENT_NOT_FOUND: ResultCode = 23;
pub const ELEMENT_EXISTS: ResultCode = 24;
pub const OP_NOT_APPLICABLE: ResultCode = 26;
pub const UDF_BAD_RESPONSE: ResultCode = 100;
pub const INDEX_FOUND: ResultCode = 200;
pub const INDEX_NOTFOUND: ResultCode = 201;
