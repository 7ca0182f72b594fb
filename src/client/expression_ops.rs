//! Expression helpers on both clients that need no server: `get_expression_base64`.
//! (Filters ride on policies, expression operations on `operate`.)

use pyo3::prelude::*;

use super::classes::{for_each_client, AsyncClient, Client};
use crate::convert::expression;

macro_rules! expression_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// The packed bytes of a compiled expression, base64-encoded (what the
            /// official client returns for the same expression). Synchronous on both clients.
            fn get_expression_base64(&self, compiled_expression: &Bound<'_, PyAny>) -> PyResult<String> {
                Ok(expression::base64(compiled_expression)?)
            }
        }
    };
}

for_each_client!(expression_methods);
