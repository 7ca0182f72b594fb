//! One file per policy kind: its name, the crate policy it fills and its keys.

mod admin;
mod apply;
mod batch;
mod batch_apply;
mod batch_read;
mod batch_remove;
mod batch_write;
mod info;
mod operate;
mod query;
mod read;
mod remove;
mod scan;
mod write;

pub(crate) use admin::Admin;
pub(crate) use apply::Apply;
pub(crate) use batch::Batch;
pub(crate) use batch_apply::BatchApply;
pub(crate) use batch_read::BatchRead;
pub(crate) use batch_remove::BatchRemove;
pub(crate) use batch_write::BatchWrite;
pub(crate) use info::Info;
pub(crate) use operate::Operate;
pub(crate) use query::Query;
pub(crate) use read::Read;
pub(crate) use remove::Remove;
pub(crate) use scan::Scan;
pub(crate) use write::Write;
