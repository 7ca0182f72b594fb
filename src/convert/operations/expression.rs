//! Expression operations (`aerospike_py.expression_operations`): `expression_read`
//! answers an expression's value under its name, `expression_write` stores it in a
//! bin. The dict is the official client's: `{"op", "bin", "expr", "expr_flags"}`.

use aerospike::operations::exp::{read_exp, write_exp, ExpReadFlags, ExpWriteFlags};
use aerospike::operations::Operation;

use super::fields::Fields;
use super::Spec;
use crate::convert::expression;
use crate::errors::Result;

pub(super) const FIRST: i64 = 2200;
pub(super) const LAST: i64 = 2201;

/// The official `EXP_READ_*` / `EXP_WRITE_*` bits each op takes.
const READ_FLAGS: i64 = 16; // EVAL_NO_FAIL
const WRITE_FLAGS: i64 = 1 | 2 | 4 | 8 | 16; // CREATE_ONLY UPDATE_ONLY ALLOW_DELETE POLICY_NO_FAIL EVAL_NO_FAIL

pub(super) const SPECS: &[Spec] = &[Spec::read(2200, read), Spec::write(2201, write)];

fn parts(f: &mut Fields<'_>, allowed: i64) -> Result<(aerospike::expressions::Expression, i64)> {
    let exp = f.required("expr")?;
    let exp = expression::from_py(&exp).map_err(|e| f.error(format!("field 'expr': {}", e.message())))?;
    let flags = f.opt_int("expr_flags")?.unwrap_or(0);
    if flags & !allowed != 0 {
        return Err(f.error(format!("field 'expr_flags' has unknown bits {:#x}", flags & !allowed)));
    }
    Ok((exp, flags))
}

fn read(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (exp, flags) = parts(f, READ_FLAGS)?;
    Ok(read_exp(bin, exp, ExpReadFlags::from_bits(flags)))
}

fn write(f: &mut Fields<'_>, bin: String) -> Result<Operation> {
    let (exp, flags) = parts(f, WRITE_FLAGS)?;
    Ok(write_exp(bin, exp, ExpWriteFlags::from_bits(flags)))
}
