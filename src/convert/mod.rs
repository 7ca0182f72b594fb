//! The one conversion layer between Python objects and Aerospike values, keys and records.

pub(crate) mod batch;
pub(crate) mod expression;
pub(crate) mod geo;
pub(crate) mod hll;
pub(crate) mod interned;
pub(crate) mod key;
pub(crate) mod name;
pub(crate) mod operations;
pub(crate) mod partition;
pub(crate) mod predicate;
pub(crate) mod record;
pub(crate) mod shapes;
pub(crate) mod value;
