//! aerospike-py's native core. This file is the table of contents: modules, and
//! the one `#[pymodule]` that exports the Python-facing items.

mod client;
mod convert;
mod errors;
mod instrument;
mod policy;
mod runtime;

use pyo3::prelude::*;

#[pymodule]
mod _native {
    #[pymodule_export]
    use crate::client::{AsyncClient, Client};
}
