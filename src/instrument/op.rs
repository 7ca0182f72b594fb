//! The data operations that are instrumented, with their static names.

/// One variant per traced data operation; `name()` is `db.operation.name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    Put,
    Get,
    Select,
    Exists,
    Remove,
    Touch,
    Append,
    Prepend,
    Increment,
    RemoveBin,
    Operate,
    BatchRead,
    BatchOperate,
    BatchRemove,
    Query,
    Apply,
    BatchWrite,
    BatchApply,
}

#[allow(dead_code)] // read by the measuring tiers; `none` only passes `Op` around
impl Op {
    pub(crate) const COUNT: usize = 18;
    /// Every operation, in discriminant order (`ALL[op as usize] == op`).
    pub(crate) const ALL: [Op; Self::COUNT] = [
        Op::Put,
        Op::Get,
        Op::Select,
        Op::Exists,
        Op::Remove,
        Op::Touch,
        Op::Append,
        Op::Prepend,
        Op::Increment,
        Op::RemoveBin,
        Op::Operate,
        Op::BatchRead,
        Op::BatchOperate,
        Op::BatchRemove,
        Op::Query,
        Op::Apply,
        Op::BatchWrite,
        Op::BatchApply,
    ];

    /// Upper case, as the database-client semantic conventions write operation names.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Op::Put => "PUT",
            Op::Get => "GET",
            Op::Select => "SELECT",
            Op::Exists => "EXISTS",
            Op::Remove => "REMOVE",
            Op::Touch => "TOUCH",
            Op::Append => "APPEND",
            Op::Prepend => "PREPEND",
            Op::Increment => "INCREMENT",
            Op::RemoveBin => "REMOVE_BIN",
            Op::Operate => "OPERATE",
            Op::BatchRead => "BATCH_READ",
            Op::BatchOperate => "BATCH_OPERATE",
            Op::BatchRemove => "BATCH_REMOVE",
            Op::Query => "QUERY",
            Op::Apply => "APPLY",
            Op::BatchWrite => "BATCH_WRITE",
            Op::BatchApply => "BATCH_APPLY",
        }
    }
}

/// Where an operation goes: what spans and metric labels describe. Borrowed, so
/// building one costs nothing when the tier records nothing.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)] // the `none` tier never reads it
pub(crate) struct Target<'a> {
    pub(crate) namespace: &'a str,
    pub(crate) set: &'a str,
    pub(crate) server: &'a aerospike::Host,
}
