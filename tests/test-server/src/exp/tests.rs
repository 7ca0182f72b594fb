//! The evaluator on hand-built records, expressions written as the wire form
//! the clients pack (msgpack arrays of op codes).

use super::*;
use crate::cdt::value::{encode, List, Map};
use crate::particle::Value;

fn s(text: &str) -> V {
    let mut b = vec![3u8];
    b.extend_from_slice(text.as_bytes());
    V::Bytes(b, false)
}

fn raw(text: &str) -> V {
    V::Bytes(text.as_bytes().to_vec(), false)
}

fn op(code: i64, args: Vec<V>) -> V {
    let mut items = vec![V::Int(code)];
    items.extend(args);
    V::list(items)
}

fn int_bin(name: &str) -> V {
    op(81, vec![V::Int(2), raw(name)])
}

fn rec() -> Record {
    let list = V::List(List { flags: 0, items: vec![V::Int(3), V::Int(1), V::Int(2)] });
    Record {
        set: b"s".to_vec(),
        key: Some(vec![3, b'k']),
        bins: vec![
            (b"a".to_vec(), Value::int(5)),
            (b"f".to_vec(), Value::float(2.5)),
            (b"s".to_vec(), Value::new(3, b"xyz".to_vec())),
            (b"l".to_vec(), Value::new(crate::particle::LIST, encode(&list))),
        ],
        generation: 1,
        void_time: 0,
        last_update: 1,
    }
}

fn run(e: &V) -> Result<Val, ResultCode> {
    let r = rec();
    eval(e, &mut Env::new(&r, &[7; 20]))
}

#[test]
fn comparisons_and_unknown() {
    assert_eq!(run(&op(1, vec![int_bin("a"), V::Int(5)])), Ok(Some(V::Bool(true))));
    assert_eq!(run(&op(3, vec![int_bin("a"), V::Int(5)])), Ok(Some(V::Bool(false))));
    // missing bin and a bin of another type are unknown
    assert_eq!(run(&op(1, vec![int_bin("zz"), V::Int(5)])), Ok(None));
    assert_eq!(run(&op(1, vec![int_bin("s"), V::Int(5)])), Ok(None));
    // and/or with unknown: false and true decide, otherwise unknown
    let unknown = op(1, vec![int_bin("zz"), V::Int(5)]);
    assert_eq!(run(&op(16, vec![unknown.clone(), V::Bool(false)])), Ok(Some(V::Bool(false))));
    assert_eq!(run(&op(16, vec![unknown.clone(), V::Bool(true)])), Ok(None));
    assert_eq!(run(&op(17, vec![unknown.clone(), V::Bool(true)])), Ok(Some(V::Bool(true))));
    assert_eq!(run(&op(18, vec![unknown])), Ok(None));
    // operands of different types are refused, statically (an int bin and a string)
    // or when the values meet
    assert_eq!(run(&op(5, vec![V::Int(99), s("a")])), Err(result::PARAMETER_ERROR));
    assert_eq!(run(&op(1, vec![int_bin("zz"), V::Float(1.0)])), Err(result::PARAMETER_ERROR));
    let hll_bin = op(81, vec![V::Int(9), raw("h")]);
    assert_eq!(run(&op(1, vec![hll_bin.clone(), hll_bin])), Err(result::PARAMETER_ERROR));
    let var = op(125, vec![raw("x"), s("a"), op(1, vec![op(124, vec![raw("x")]), V::Int(1)])]);
    assert_eq!(run(&var), Err(result::PARAMETER_ERROR));
}

#[test]
fn arithmetic_rules() {
    assert_eq!(run(&op(20, vec![int_bin("a"), V::Int(2), V::Int(3)])), Ok(Some(V::Int(10))));
    assert_eq!(run(&op(21, vec![int_bin("a")])), Ok(Some(V::Int(-5))));
    assert_eq!(run(&op(20, vec![V::Int(i64::MAX), V::Int(1)])), Ok(Some(V::Int(i64::MIN))));
    assert_eq!(run(&op(23, vec![V::Int(1), V::Int(0)])), Ok(None));
    assert_eq!(run(&op(20, vec![V::Int(1), V::Float(1.0)])), Err(result::PARAMETER_ERROR));
    assert_eq!(run(&op(28, vec![V::Float(2.7)])), Ok(Some(V::Float(2.0))));
    assert_eq!(run(&op(30, vec![V::Float(f64::NAN)])), Ok(None));
    assert_eq!(run(&op(40, vec![V::Int(1), V::Bool(true)])), Ok(Some(V::Int(63))));
    assert_eq!(run(&op(41, vec![V::Int(0), V::Bool(true)])), Ok(Some(V::Int(-1))));
}

#[test]
fn let_cond_and_vars() {
    let e = op(125, vec![raw("x"), int_bin("a"), op(20, vec![op(124, vec![raw("x")]), V::Int(1)])]);
    assert_eq!(run(&e), Ok(Some(V::Int(6))));
    let c = op(123, vec![op(3, vec![int_bin("a"), V::Int(9)]), V::Int(1), V::Int(2)]);
    assert_eq!(run(&c), Ok(Some(V::Int(2))));
    assert_eq!(run(&op(124, vec![raw("nope")])), Err(result::PARAMETER_ERROR));
    assert_eq!(run(&op(123, vec![V::Int(1), V::Int(2)])), Err(result::PARAMETER_ERROR));
}

#[test]
fn metadata() {
    assert_eq!(run(&op(69, vec![])), Ok(Some(V::Int(-1))));
    assert_eq!(run(&op(70, vec![])), Ok(Some(s("s"))));
    assert_eq!(run(&op(71, vec![])), Ok(Some(V::Bool(true))));
    assert_eq!(run(&op(80, vec![V::Int(3)])), Ok(Some(s("k"))));
    assert_eq!(run(&op(80, vec![V::Int(2)])), Ok(None));
    assert_eq!(run(&op(82, vec![raw("s")])), Ok(Some(V::Int(3))));
    assert_eq!(run(&op(64, vec![V::Int(1)])), Ok(Some(V::Int(0))));
    assert_eq!(run(&op(64, vec![V::Int(0)])), Err(result::PARAMETER_ERROR));
}

#[test]
fn regex_flags() {
    let re = |flags: i64, pattern: &str| op(7, vec![V::Int(flags), raw(pattern), op(81, vec![V::Int(3), raw("s")])]);
    assert_eq!(run(&re(0, "^x.z$")), Ok(Some(V::Bool(true))));
    assert_eq!(run(&re(0, "^XY")), Ok(Some(V::Bool(false))));
    assert_eq!(run(&re(2, "^XY")), Ok(Some(V::Bool(true))));
    assert_eq!(run(&re(0, "(")), Err(result::PARAMETER_ERROR));
}

#[test]
fn list_calls_through_the_cdt_code() {
    let list_bin = op(81, vec![V::Int(4), raw("l")]);
    // [127, INT, 0, [GET_BY_INDEX(19), VALUE(7), 0], bin]
    let first = op(127, vec![V::Int(2), V::Int(0), V::list(vec![V::Int(19), V::Int(7), V::Int(0)]), list_bin.clone()]);
    assert_eq!(run(&first), Ok(Some(V::Int(3))));
    // the declared type is checked: asking for a string is unknown
    let as_str = op(127, vec![V::Int(3), V::Int(0), V::list(vec![V::Int(19), V::Int(7), V::Int(0)]), list_bin.clone()]);
    assert_eq!(run(&as_str), Ok(None));
    // a list call on a map value is unknown
    let on_map = V::Map(Map { flags: 0, entries: vec![] });
    let m = op(127, vec![V::Int(2), V::Int(0), V::list(vec![V::Int(19), V::Int(7), V::Int(0)]), on_map]);
    assert_eq!(run(&m), Ok(None));
    // operands are expressions: the index comes from a bin (a - 4 = 1)
    let idx = op(21, vec![int_bin("a"), V::Int(4)]);
    let second = op(127, vec![V::Int(2), V::Int(0), V::list(vec![V::Int(19), V::Int(7), idx]), list_bin]);
    assert_eq!(run(&second), Ok(Some(V::Int(1))));
}

#[test]
fn filters() {
    let r = rec();
    let d = [7; 20];
    assert_eq!(check(Some(&op(1, vec![int_bin("a"), V::Int(5)])), &r, &d), Ok(()));
    assert_eq!(check(Some(&op(1, vec![int_bin("a"), V::Int(4)])), &r, &d), Err(FILTERED_OUT));
    assert_eq!(check(Some(&op(1, vec![int_bin("zz"), V::Int(4)])), &r, &d), Err(FILTERED_OUT));
    assert_eq!(check(Some(&int_bin("a")), &r, &d), Err(result::PARAMETER_ERROR));
    assert_eq!(check(None, &r, &d), Ok(()));
    assert_eq!(decode(&[0xc1]), Err(result::PARAMETER_ERROR));
    assert_eq!(run(&op(999, vec![])), Err(result::PARAMETER_ERROR));
    // an empty array is not an expression, also where a type is looked for
    assert_eq!(run(&V::list(vec![])), Err(result::PARAMETER_ERROR));
    assert_eq!(run(&op(1, vec![V::list(vec![]), V::Int(1)])), Err(result::PARAMETER_ERROR));
}
