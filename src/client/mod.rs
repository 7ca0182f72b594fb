//! The client classes and the operation code they share.
//!
//! `classes` declares `Client` and `AsyncClient`; `record_ops`, `operate_ops`,
//! `batch_ops`, `query`, `admin_ops` and `lifecycle` hold each operation once;
//! `dispatch` decides how a future is waited on and is the single `traced_op!`
//! call site.

mod admin_ops;
mod batch_ops;
mod batch_write;
mod classes;
mod cluster_ops;
mod core;
mod dispatch;
mod expression_ops;
mod index_ops;
mod jobs;
mod lifecycle;
mod operate_ops;
mod query;
mod record_ops;
mod replies;
mod security_ops;
mod udf_ops;

pub(crate) use classes::{AsyncClient, Client};
pub(crate) use cluster_ops::{calc_digest, get_partition_id};
#[allow(unused_imports)] // exported by `lib.rs` once it lists it
pub(crate) use query::Query;
