//! User-defined functions: the module registry behind the `udf-put`,
//! `udf-get`, `udf-list` and `udf-remove` info commands, and record UDFs
//! run by a real Lua 5.4 (`lua`, `record`).
//!
//! Contract (info replies as a real server gives them):
//! - `udf-put:filename=F;content=B64;content-len=N;udf-type=LUA;` stores the
//!   module after checking it compiles; a module that does not compile is
//!   refused with `error=compile_error;file=F;line=L;message=B64(text)`.
//!   Replies empty on success.
//! - `udf-list` → `filename=F,hash=SHA1HEX,type=LUA;` per module.
//! - `udf-get:filename=F;` → `gen=SHA1HEX;type=LUA;content=B64;`, or
//!   `error=not_found`.
//! - `udf-remove:filename=F;` → `ok`, or `error=file_not_found`.
//!
//! Modules live in memory for the life of the process, like records.

mod lua;
pub mod record;
mod sha1;

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::info::{base64, base64_decode};

struct Module {
    content: Vec<u8>,
    hash: String,
}

#[derive(Default)]
pub struct Registry {
    modules: Mutex<BTreeMap<String, Module>>,
}

fn params(p: &str) -> Vec<(&str, &str)> {
    p.split(';').filter(|s| !s.is_empty()).filter_map(|kv| kv.split_once('=')).collect()
}

fn param<'a>(ps: &[(&str, &'a str)], name: &str) -> Option<&'a str> {
    ps.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Module>> {
        self.modules.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The source of module file `file` (e.g. `"counter.lua"`).
    pub fn source(&self, file: &str) -> Option<Vec<u8>> {
        self.lock().get(file).map(|m| m.content.clone())
    }

    pub fn put(&self, p: &str) -> String {
        let ps = params(p);
        let Some(file) = param(&ps, "filename").filter(|f| !f.is_empty() && !f.contains('/')) else {
            return "error=invalid_filename".into();
        };
        if param(&ps, "udf-type").is_some_and(|t| !t.eq_ignore_ascii_case("LUA")) {
            return "error=invalid_udf_type".into();
        }
        let Some(content) = param(&ps, "content").and_then(base64_decode) else {
            return "error=invalid_content".into();
        };
        if let Err((line, text)) = lua::check(file, &content) {
            return format!("error=compile_error;file={file};line={line};message={}", base64(text.as_bytes()));
        }
        let hash = sha1::hex(&content);
        self.lock().insert(file.to_string(), Module { content, hash });
        String::new()
    }

    pub fn get(&self, p: &str) -> String {
        let ps = params(p);
        let modules = self.lock();
        match param(&ps, "filename").and_then(|f| modules.get(f)) {
            Some(m) => format!("gen={};type=LUA;content={};", m.hash, base64(&m.content)),
            None => "error=not_found".into(),
        }
    }

    pub fn list(&self, _: &str) -> String {
        let modules = self.lock();
        modules.iter().map(|(f, m)| format!("filename={f},hash={},type=LUA;", m.hash)).collect()
    }

    pub fn remove(&self, p: &str) -> String {
        let ps = params(p);
        let removed = param(&ps, "filename").and_then(|f| self.lock().remove(f));
        match removed {
            Some(_) => "ok".into(),
            None => "error=file_not_found".into(),
        }
    }
}

#[cfg(test)]
mod tests;
