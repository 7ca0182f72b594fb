use super::*;
use crate::command::{self, Limits};
use crate::msg::{self, Field, Msg};
use crate::particle::{self, Value};
use crate::result;
use crate::store::{Namespace, Store};

const LIMITS: Limits = Limits { max_record_size: 1 << 20 };

const MODULE: &str = r#"
function add(rec, bin, n)
  if aerospike:exists(rec) then
    rec[bin] = rec[bin] + n
    aerospike:update(rec)
  else
    rec[bin] = n
    aerospike:create(rec)
  end
  return rec[bin]
end
function fail(rec) error("boom") end
function escape(rec) return tostring(io) .. tostring(os.execute) .. tostring(require) .. tostring(dofile) end
function clock(rec) print("now", os.time()) return os.time() > 1700000000 and os.getenv == nil end
function blob(rec)
  local b = bytes(2)
  b[1] = 7
  bytes.append_string(b, "hi")
  bytes.set_int16(b, 5, 258)
  return b
end
function drop(rec) return aerospike:remove(rec) end
function spin(rec) while true do end end
function give_function(rec) return print end
function cycle(rec) local t = {} t[1] = t return t end
function hog(rec) return string.rep("x", 1 << 30) end
"#;

fn put_module(s: &Store, file: &str, source: &str) -> String {
    s.udfs.put(&format!("filename={file};content={};content-len=1;udf-type=LUA;", base64(source.as_bytes())))
}

fn call(s: &Store, function: &str, args: &[u8]) -> crate::msg::Reply {
    let m = Msg {
        info2: msg::INFO2_WRITE,
        fields: vec![
            Field { ftype: msg::FIELD_NAMESPACE, data: b"test".to_vec() },
            Field { ftype: msg::FIELD_DIGEST, data: vec![9; 20] },
            Field { ftype: msg::FIELD_UDF_PACKAGE_NAME, data: b"m".to_vec() },
            Field { ftype: msg::FIELD_UDF_FUNCTION, data: function.as_bytes().to_vec() },
            Field { ftype: msg::FIELD_UDF_ARGLIST, data: args.to_vec() },
        ],
        ..Msg::default()
    };
    command::execute(s, &LIMITS, &m)
}

fn store() -> Store {
    let s = Store::new(vec![Namespace::new("test", 0)]);
    assert_eq!(put_module(&s, "m.lua", MODULE), "");
    s
}

#[test]
fn registry_info_commands() {
    let s = store();
    let hash = sha1::hex(MODULE.as_bytes());
    assert_eq!(s.udfs.list(""), format!("filename=m.lua,hash={hash},type=LUA;"));
    assert_eq!(s.udfs.get("filename=m.lua;"), format!("gen={hash};type=LUA;content={};", base64(MODULE.as_bytes())));
    assert_eq!(s.udfs.get("filename=x.lua;"), "error=not_found");
    let bad = put_module(&s, "bad.lua", "function f(\n  return 1\nend");
    assert!(bad.starts_with("error=compile_error;file=bad.lua;line=2;message="), "{bad}");
    assert_eq!(s.udfs.remove("filename=m.lua;"), "ok");
    assert_eq!(s.udfs.remove("filename=m.lua;"), "error=file_not_found");
    assert_eq!(s.udfs.list(""), "");
}

#[test]
fn counter_creates_then_updates() {
    let s = store();
    // ["n", 5] and ["n", 2] as msgpack arrays.
    let r = call(&s, "add", &[0x92, 0xa2, 3, b'n', 5]);
    assert_eq!((r.result_code, r.generation), (0, 1));
    assert_eq!(r.ops, vec![(b"SUCCESS".to_vec(), Value::int(5))]);
    let r = call(&s, "add", &[0x92, 0xa2, 3, b'n', 2]);
    assert_eq!((r.generation, r.ops[0].1.as_int()), (2, Some(7)));
    let r = call(&s, "drop", &[0x90]);
    assert_eq!(r.ops[0].1.as_int(), Some(0));
    assert_eq!(call(&s, "drop", &[0x90]).ops[0].1.as_int(), Some(-2));
}

#[test]
fn errors_are_failure_bins_and_change_nothing() {
    let s = store();
    let r = call(&s, "fail", &[0x90]);
    assert_eq!(r.result_code, result::UDF_BAD_RESPONSE);
    let text = String::from_utf8(r.ops[0].1.data.clone()).unwrap();
    assert_eq!((r.ops[0].0.as_slice(), text.as_str()), (&b"FAILURE"[..], "/opt/aerospike/usr/udf/lua/m.lua:12: boom"));
    assert_eq!(call(&s, "nope", &[0x90]).result_code, result::UDF_BAD_RESPONSE);
    // Adding a string fails after the bin was set: nothing is stored.
    assert_eq!(call(&s, "add", &[0x92, 0xa2, 3, b'n', 1]).generation, 1);
    let r = call(&s, "add", &[0x92, 0xa2, 3, b'n', 0xa2, 3, b'x']);
    assert_eq!(r.result_code, result::UDF_BAD_RESPONSE);
    let r = call(&s, "add", &[0x92, 0xa2, 3, b'n', 1]);
    assert_eq!((r.generation, r.ops[0].1.as_int()), (2, Some(2)));
}

#[test]
fn sandbox_and_bytes() {
    let s = store();
    let r = call(&s, "escape", &[0x90]);
    assert_eq!(r.ops[0].1, Value::new(particle::STRING, b"nilnilnilnil".to_vec()));
    assert_eq!(call(&s, "clock", &[0x90]).ops[0].1, Value::new(particle::BOOL, vec![1]));
    let r = call(&s, "blob", &[0x90]);
    assert_eq!(r.ops[0].1, Value::new(particle::BLOB, vec![7, 0, b'h', b'i', 1, 2]));
}

#[test]
fn unconvertible_results_and_hogs_fail_cleanly() {
    let s = store();
    for f in ["give_function", "cycle", "hog"] {
        let r = call(&s, f, &[0x90]);
        assert_eq!(r.result_code, result::UDF_BAD_RESPONSE, "{f}");
        assert_eq!(r.ops[0].0, b"FAILURE".to_vec(), "{f}");
    }
}
