//! The client classes and the operation code they share.
//!
//! `classes` declares `Client` and `AsyncClient`; `record_ops` and `lifecycle` hold
//! each operation once; `dispatch` decides how a future is waited on and is the
//! single `traced_op!` call site.

mod classes;
mod core;
mod dispatch;
mod lifecycle;
mod record_ops;
mod replies;

pub(crate) use classes::{AsyncClient, Client};
