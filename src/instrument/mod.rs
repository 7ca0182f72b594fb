//! Instrumentation of data operations: the single place that decides what a
//! `traced_op!` costs. (Tiers arrive with the observability work; today every
//! build is the bare operation.)

mod op;

pub(crate) use op::{Op, Target};

/// Wraps one data operation's future. Expands the future exactly once.
macro_rules! traced_op {
    ($op:expr, $target:expr, $fut:expr) => {{
        let _ = (&$op, &$target);
        $fut
    }};
}
pub(crate) use traced_op;
