//! Record and single-bin operations (`aerospike_py.operations`).

use aerospike::operations::{self as ops, Operation};
use aerospike::Bin;

use super::fields::Fields;
use super::Answer;
use crate::convert::value::{number_operand, text_operand};
use crate::errors::Result;

pub(super) const FIRST: i64 = 0;
pub(super) const LAST: i64 = 14;

const READ: i64 = 0;
const WRITE: i64 = 1;
const READ_HEADER: i64 = 2;
const INCR: i64 = 6;
const APPEND: i64 = 9;
const PREPEND: i64 = 10;
pub(super) const TOUCH: i64 = 11;
const DELETE: i64 = 14;

/// The operation, what it answers, and whether it writes.
pub(super) fn convert(code: i64, f: &mut Fields<'_>) -> Result<(Operation, Answer, bool)> {
    Ok(match code {
        READ => match f.opt_bin()? {
            Some(bin) => (ops::get_bin(bin.clone()), Answer::Bin(bin), false),
            None => (ops::get(), Answer::AllBins, false),
        },
        READ_HEADER => (ops::get_header(), Answer::Silent(None), false),
        WRITE => {
            let bin = f.bin()?;
            // `val=None` writes nil: it removes the bin, as `put` does.
            let value = f.bound("val")?;
            (ops::put(&Bin::new(bin.clone(), value)), Answer::Silent(Some(bin)), true)
        }
        INCR | APPEND | PREPEND => {
            let bin = f.bin()?;
            let operand = f.required("val")?;
            let op = match code {
                INCR => ops::add(&Bin::new(bin.clone(), number_operand(&operand)?)),
                APPEND => ops::append(&Bin::new(bin.clone(), text_operand(&operand)?)),
                _ => ops::prepend(&Bin::new(bin.clone(), text_operand(&operand)?)),
            };
            (op, Answer::Silent(Some(bin)), true)
        }
        TOUCH => (ops::touch(), Answer::Silent(None), true),
        DELETE => (ops::delete(), Answer::Silent(None), true),
        _ => return Err(f.unknown_code(code)),
    })
}
