//! The Lua 5.4 engine that runs record UDFs: a sandboxed state per command
//! with Aerospike's UDF globals (`aerospike`, `record`, `list`, `map`,
//! `bytes`, `info`/`warn`/`debug`/`trace`) and the user's module loaded.
//!
//! Sandbox: only the base, table, string, math, utf8 and coroutine
//! libraries are opened (no io, package/require, debug), `os` keeps only its
//! clock functions, `dofile` and `loadfile` are removed, `print` goes to
//! stderr, memory is capped and a run is stopped after
//! `TIME_LIMIT`, so a UDF cannot reach the file system or the network,
//! nor hang the server. Values cross as `cdt::V`: strings as Lua strings,
//! blobs as `bytes`, lists and maps as tables marked by the prelude's
//! metatables.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use mlua::{
    HookTriggers, Lua, LuaOptions, MetaMethod, MultiValue, StdLib, Table, UserData, UserDataMethods, UserDataRef,
    Value as Lua_, VmState,
};

use super::record::UdfRecord;
use crate::cdt::value::{List, Map, V};
use crate::particle;

const PRELUDE: &str = include_str!("prelude.lua");
/// Where a real server keeps its modules; error messages name the file there.
pub const MODULE_DIR: &str = "/opt/aerospike/usr/udf/lua";
const MEMORY_LIMIT: usize = 64 << 20;
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// The `os` functions a UDF may call: clocks only.
const OS_KEPT: [&str; 4] = ["time", "clock", "date", "difftime"];
/// Nesting limit for values crossing the boundary (and cyclic tables).
const MAX_DEPTH: usize = 64;

/// The metatables marking list, map and bytes tables.
#[derive(Clone)]
struct Marks {
    list: Table,
    map: Table,
    bytes: Table,
}

pub struct Engine {
    lua: Lua,
}

/// The record a UDF receives: shared with the command, which reads the
/// outcome after the call.
#[derive(Clone)]
pub struct RecHandle(pub Rc<RefCell<UdfRecord>>);

impl UserData for RecHandle {
    fn add_methods<M: UserDataMethods<Self>>(methods: &mut M) {
        methods.add_meta_method(MetaMethod::Index, |lua, this, name: mlua::String| {
            let v = this.0.borrow().bin(&name.as_bytes());
            match v {
                Some(v) => to_lua(lua, &v, 0),
                None => Ok(Lua_::Nil),
            }
        });
        methods.add_meta_method(MetaMethod::NewIndex, |lua, this, (name, value): (mlua::String, Lua_)| {
            let v = from_lua(lua, &value, 0).map_err(mlua::Error::RuntimeError)?;
            this.0.borrow_mut().set_bin(&name.as_bytes(), v).map_err(mlua::Error::RuntimeError)
        });
        methods.add_meta_method(MetaMethod::ToString, |_, this, ()| {
            Ok(format!("Record({})", this.0.borrow().bin_names().len()))
        });
    }
}

/// Compiles `source` alone: the `udf-put` check. Err is (line, message).
pub fn check(file: &str, source: &[u8]) -> Result<(), (u32, String)> {
    let lua = Lua::new();
    match lua.load(source).set_name(format!("@{MODULE_DIR}/{file}")).into_function() {
        Ok(_) => Ok(()),
        Err(e) => {
            let text = message(&e);
            // "path:LINE: message"
            let line = text.split(':').nth(1).and_then(|l| l.trim().parse().ok()).unwrap_or(0);
            Err((line, text))
        }
    }
}

impl Engine {
    /// A fresh sandboxed state with the globals and `file` (module source) loaded.
    pub fn new(file: &str, source: &[u8]) -> Result<Engine, String> {
        let libs = StdLib::TABLE | StdLib::STRING | StdLib::MATH | StdLib::UTF8 | StdLib::COROUTINE;
        let lua = Lua::new_with(libs, LuaOptions::default()).map_err(|e| message(&e))?;
        lua.set_memory_limit(MEMORY_LIMIT).map_err(|e| message(&e))?;
        let started = Instant::now();
        lua.set_hook(HookTriggers::new().every_nth_instruction(10_000), move |_, _| {
            if started.elapsed() > TIME_LIMIT {
                Err(mlua::Error::RuntimeError("UDF execution timed out".into()))
            } else {
                Ok(VmState::Continue)
            }
        })
        .map_err(|e| message(&e))?;
        install(&lua).map_err(|e| message(&e))?;
        lua.load(source).set_name(format!("@{MODULE_DIR}/{file}")).exec().map_err(|e| message(&e))?;
        Ok(Engine { lua })
    }

    /// Calls `function(rec, args...)`; the result as a value, or the UDF's error text.
    pub fn call(&self, function: &str, rec: &RecHandle, args: &[V]) -> Result<V, String> {
        let f: Lua_ = self.lua.globals().raw_get(function).map_err(|e| message(&e))?;
        let Lua_::Function(f) = f else {
            return Err("function not found".into());
        };
        let mut params = MultiValue::new();
        params.push_back(Lua_::UserData(self.lua.create_userdata(rec.clone()).map_err(|e| message(&e))?));
        for a in args {
            params.push_back(to_lua(&self.lua, a, 0).map_err(|e| message(&e))?);
        }
        let out: MultiValue = f.call(params).map_err(|e| message(&e))?;
        match out.into_iter().next() {
            None => Ok(V::Nil),
            Some(v) => from_lua(&self.lua, &v, 0),
        }
    }
}

/// The error text a client sees: Lua's message without mlua's decorations
/// and traceback.
fn message(e: &mlua::Error) -> String {
    let inner = match e {
        mlua::Error::CallbackError { cause, .. } => return message(cause),
        mlua::Error::RuntimeError(m) => m.clone(),
        mlua::Error::SyntaxError { message, .. } => message.clone(),
        mlua::Error::MemoryError(m) => m.clone(),
        other => other.to_string(),
    };
    inner.lines().next().unwrap_or_default().trim_start_matches("runtime error: ").to_string()
}

fn install(lua: &Lua) -> mlua::Result<()> {
    let g = lua.globals();
    for name in ["dofile", "loadfile"] {
        g.raw_set(name, Lua_::Nil)?;
    }
    // UDFs stamp records with `os.time()`; only the clock functions are kept (no
    // execute, remove, rename, getenv, exit, tmpname).
    lua.load_std_libs(StdLib::OS)?;
    let full: Table = g.get("os")?;
    let os = lua.create_table()?;
    for name in OS_KEPT {
        os.raw_set(name, full.raw_get::<Lua_>(name)?)?;
    }
    g.set("os", os)?;
    // `print` would write to the server's stdout, which carries only the READY line.
    g.set(
        "print",
        lua.create_function(|_, args: MultiValue| {
            let text: Vec<String> = args.iter().map(|v| v.to_string().unwrap_or_else(|_| "?".into())).collect();
            eprintln!("test-server: udf print: {}", text.join("\t"));
            Ok(())
        })?,
    )?;
    let marks: Table = lua.load(PRELUDE).set_name("=prelude").eval()?;
    lua.set_app_data(Marks { list: marks.get("list")?, map: marks.get("map")?, bytes: marks.get("bytes")? });

    let aerospike = lua.create_table()?;
    aerospike.set(
        "create",
        lua.create_function(|_, (_, r): (Lua_, UserDataRef<RecHandle>)| Ok(r.0.borrow_mut().create()))?,
    )?;
    aerospike.set(
        "update",
        lua.create_function(|_, (_, r): (Lua_, UserDataRef<RecHandle>)| Ok(r.0.borrow_mut().update()))?,
    )?;
    aerospike
        .set("exists", lua.create_function(|_, (_, r): (Lua_, UserDataRef<RecHandle>)| Ok(r.0.borrow().exists()))?)?;
    aerospike.set(
        "remove",
        lua.create_function(|_, (_, r): (Lua_, UserDataRef<RecHandle>)| Ok(r.0.borrow_mut().remove()))?,
    )?;
    g.set("aerospike", aerospike)?;

    let record = lua.create_table()?;
    record.set("ttl", lua.create_function(|_, r: UserDataRef<RecHandle>| Ok(r.0.borrow().ttl()))?)?;
    record.set("gen", lua.create_function(|_, r: UserDataRef<RecHandle>| Ok(r.0.borrow().generation()))?)?;
    record.set("setname", lua.create_function(|_, r: UserDataRef<RecHandle>| Ok(r.0.borrow().set_name()))?)?;
    record.set(
        "last_update_time",
        lua.create_function(|_, r: UserDataRef<RecHandle>| Ok(r.0.borrow().last_update_ms()))?,
    )?;
    record.set(
        "digest",
        lua.create_function(|lua, r: UserDataRef<RecHandle>| {
            let d = r.0.borrow().digest.to_vec();
            bytes_table(lua, &d, particle::BLOB)
        })?,
    )?;
    record.set(
        "key",
        lua.create_function(|lua, r: UserDataRef<RecHandle>| match r.0.borrow().user_key() {
            Some(k) => to_lua(lua, &k, 0),
            None => Ok(Lua_::Nil),
        })?,
    )?;
    record.set(
        "set_ttl",
        lua.create_function(|_, (r, ttl): (UserDataRef<RecHandle>, i64)| {
            r.0.borrow_mut().ttl_override = Some(ttl.clamp(-2, u32::MAX as i64) as i32 as u32);
            Ok(())
        })?,
    )?;
    record.set(
        "drop_key",
        lua.create_function(|_, r: UserDataRef<RecHandle>| {
            r.0.borrow_mut().drop_key = true;
            Ok(())
        })?,
    )?;
    record.set(
        "bin_names",
        lua.create_function(|lua, r: UserDataRef<RecHandle>| {
            let names = r.0.borrow().bin_names();
            let items = names.into_iter().map(|n| V::Bytes([&[particle::STRING][..], &n].concat(), false)).collect();
            to_lua(lua, &V::list(items), 0)
        })?,
    )?;
    record.set("numbins", lua.create_function(|_, r: UserDataRef<RecHandle>| Ok(r.0.borrow().bin_names().len()))?)?;
    g.set("record", record)?;

    for (name, shown) in [("info", true), ("warn", true), ("debug", false), ("trace", false)] {
        let log = lua.create_function(move |lua, args: MultiValue| {
            if shown {
                let format: mlua::Function = lua.globals().get::<Table>("string")?.get("format")?;
                let text: String = format.call(args)?;
                eprintln!("test-server: udf {name}: {text}");
            }
            Ok(())
        })?;
        g.set(name, log)?;
    }
    Ok(())
}

fn marks(lua: &Lua) -> mlua::Result<Marks> {
    lua.app_data_ref::<Marks>().map(|m| m.clone()).ok_or_else(|| mlua::Error::RuntimeError("no prelude".into()))
}

fn bytes_table(lua: &Lua, content: &[u8], ptype: u8) -> mlua::Result<Lua_> {
    let t = lua.create_table()?;
    t.raw_set("s", lua.create_string(content)?)?;
    t.raw_set("t", ptype)?;
    t.set_metatable(Some(marks(lua)?.bytes))?;
    Ok(Lua_::Table(t))
}

pub fn to_lua(lua: &Lua, v: &V, depth: usize) -> mlua::Result<Lua_> {
    if depth > MAX_DEPTH {
        return Err(mlua::Error::RuntimeError("value nested too deeply".into()));
    }
    Ok(match v {
        V::Nil | V::Ext(_) | V::Wildcard | V::Inf => Lua_::Nil,
        V::Bool(b) => Lua_::Boolean(*b),
        V::Int(i) => Lua_::Integer(*i),
        V::Float(f) => Lua_::Number(*f),
        V::Bytes(b, _) if b.first() == Some(&particle::STRING) => Lua_::String(lua.create_string(&b[1..])?),
        V::Bytes(b, _) => match b.split_first() {
            Some((t, rest)) => bytes_table(lua, rest, *t)?,
            None => bytes_table(lua, &[], particle::BLOB)?,
        },
        V::List(l) => {
            let t = lua.create_table_with_capacity(l.items.len(), 0)?;
            for (i, item) in l.items.iter().enumerate() {
                t.raw_set(i + 1, to_lua(lua, item, depth + 1)?)?;
            }
            t.set_metatable(Some(marks(lua)?.list))?;
            Lua_::Table(t)
        }
        V::Map(m) => {
            let t = lua.create_table_with_capacity(0, m.entries.len())?;
            for (k, val) in &m.entries {
                let k = to_lua(lua, k, depth + 1)?;
                if !k.is_nil() {
                    t.raw_set(k, to_lua(lua, val, depth + 1)?)?;
                }
            }
            t.set_metatable(Some(marks(lua)?.map))?;
            Lua_::Table(t)
        }
    })
}

pub fn from_lua(lua: &Lua, v: &Lua_, depth: usize) -> Result<V, String> {
    if depth > MAX_DEPTH {
        return Err("value nested too deeply (or cyclic)".into());
    }
    Ok(match v {
        Lua_::Nil => V::Nil,
        Lua_::Boolean(b) => V::Bool(*b),
        Lua_::Integer(i) => V::Int(*i),
        Lua_::Number(f) => V::Float(*f),
        Lua_::String(s) => V::Bytes([&[particle::STRING][..], &s.as_bytes()].concat(), false),
        Lua_::Table(t) => table_value(lua, t, depth)?,
        Lua_::UserData(u) if u.is::<RecHandle>() => return Err("a record cannot be returned or stored".into()),
        other => return Err(format!("cannot convert a Lua {} to a value", other.type_name())),
    })
}

fn table_value(lua: &Lua, t: &Table, depth: usize) -> Result<V, String> {
    let lua_err = |e: mlua::Error| message(&e);
    let mt = t.metatable();
    let m = marks(lua).map_err(lua_err)?;
    let is = |which: &Table| mt.as_ref() == Some(which);
    if is(&m.bytes) {
        let s: mlua::String = t.raw_get("s").map_err(lua_err)?;
        let ptype: u8 = t.raw_get::<Option<u8>>("t").map_err(lua_err)?.unwrap_or(particle::BLOB);
        return Ok(V::Bytes([&[ptype][..], &s.as_bytes()].concat(), true));
    }
    // Plain tables: a sequence is a list, anything else a map.
    if is(&m.list) || (!is(&m.map) && (t.raw_len() > 0 || t.is_empty())) {
        let mut items = Vec::with_capacity(t.raw_len());
        for i in 1..=t.raw_len() {
            let item: Lua_ = t.raw_get(i).map_err(lua_err)?;
            items.push(from_lua(lua, &item, depth + 1)?);
        }
        return Ok(V::List(List { flags: 0, items }));
    }
    let mut entries = Vec::new();
    for pair in t.pairs::<Lua_, Lua_>() {
        let (k, v) = pair.map_err(lua_err)?;
        entries.push((from_lua(lua, &k, depth + 1)?, from_lua(lua, &v, depth + 1)?));
    }
    Ok(V::Map(Map { flags: 0, entries }))
}
