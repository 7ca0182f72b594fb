//! Security mode (`--security`): users, roles, login sessions and
//! privilege checks, as an Enterprise server with internal authentication
//! enforces them.
//!
//! Contract: a connection starts unauthenticated; a LOGIN (credential)
//! or AUTHENTICATE (session token) admin command binds it to a user. In
//! security mode every data command on an unauthenticated connection is
//! answered NOT_AUTHENTICATED (80), and one the user's roles do not allow
//! ROLE_VIOLATION (81); info commands that change data or indexes check
//! their admin privilege the same way. Without `--security` the server is
//! Community Edition: every admin command is answered
//! SECURITY_NOT_SUPPORTED (51), and nothing is checked.
//!
//! The default user is `admin` / `admin` with the `user-admin` role only,
//! as on a fresh server: it administers users but reads no data.

pub mod admin;
pub mod model;

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::msg::{self, Msg};
use crate::result::ResultCode;
use model::{Model, Need};

pub use admin::{NOT_AUTHENTICATED, ROLE_VIOLATION};

/// Per-connection security state.
#[derive(Default)]
pub struct Conn {
    pub user: Option<String>,
    /// The verified TLS client certificate's subject name, if any: the
    /// user a PKI login authenticates as.
    pub certificate_user: Option<String>,
}

struct Session {
    user: String,
    expires: Instant,
}

pub struct Security {
    model: Mutex<Model>,
    sessions: Mutex<HashMap<Vec<u8>, Session>>,
    /// Seconds a login session lasts (sent to the client at login).
    pub session_ttl: u32,
    next_token: Mutex<u64>,
}

impl Security {
    pub fn new(session_ttl: u32) -> Security {
        Security {
            model: Mutex::new(Model::default()),
            sessions: Mutex::new(HashMap::new()),
            session_ttl,
            next_token: Mutex::new(0x5eed_0000_0000_0000 ^ std::process::id() as u64),
        }
    }

    pub fn model(&self) -> MutexGuard<'_, Model> {
        self.model.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn sessions(&self) -> MutexGuard<'_, HashMap<Vec<u8>, Session>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A fresh, unguessable-enough token for a test server (not a secret).
    fn new_session(&self, user: &str) -> Vec<u8> {
        let mut n = self.next_token.lock().unwrap_or_else(|e| e.into_inner());
        *n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let stamp = Instant::now().elapsed().as_nanos() as u64;
        let mut token = Vec::with_capacity(32);
        for word in [*n, *n ^ stamp, n.rotate_left(17), n.rotate_right(9)] {
            token.extend_from_slice(&word.to_be_bytes());
        }
        let expires = Instant::now() + Duration::from_secs(self.session_ttl as u64);
        self.sessions().insert(token.clone(), Session { user: user.to_string(), expires });
        token
    }

    fn session_user(&self, token: &[u8]) -> Result<String, ResultCode> {
        let mut sessions = self.sessions();
        let s = sessions.get(token).ok_or(admin::INVALID_CREDENTIAL)?;
        if Instant::now() >= s.expires {
            sessions.remove(token);
            return Err(admin::EXPIRED_SESSION);
        }
        Ok(s.user.clone())
    }

    fn end_sessions(&self, user: &str) {
        self.sessions().retain(|_, s| s.user != user);
    }

    fn connections_of(&self, user: &str) -> u32 {
        let now = Instant::now();
        self.sessions().values().filter(|s| s.user == user && s.expires > now).count() as u32
    }

    fn check(&self, conn: &Conn, need: Need, namespace: &str, set: &str) -> Result<(), ResultCode> {
        let user = conn.user.as_deref().ok_or(NOT_AUTHENTICATED)?;
        let model = self.model();
        if !model.users.contains_key(user) {
            // Dropped while connected.
            return Err(NOT_AUTHENTICATED);
        }
        if model.allows(user, need, namespace, set) {
            Ok(())
        } else {
            Err(ROLE_VIOLATION)
        }
    }

    /// May this connection run this AS_MSG? For a batch, only whether the
    /// connection is authenticated: each row is checked as it runs, and a
    /// refused row gets its own result code.
    pub fn check_msg(&self, conn: &Conn, m: &Msg) -> Result<(), ResultCode> {
        if m.info1 & msg::INFO1_BATCH != 0 {
            conn.user.as_ref().ok_or(NOT_AUTHENTICATED)?;
            return Ok(());
        }
        let need = if m.field(msg::FIELD_UDF_FUNCTION).is_some() {
            Need::Udf
        } else if m.info2 & msg::INFO2_WRITE != 0 {
            Need::Write
        } else {
            Need::Read
        };
        let text = |f| m.field(f).map(String::from_utf8_lossy).unwrap_or_default();
        self.check(conn, need, &text(msg::FIELD_NAMESPACE), &text(msg::FIELD_SET))
    }

    /// `None` if this connection may run info command `name`, else the
    /// error answer.
    pub fn check_info(&self, conn: &Conn, name: &str, params: &str) -> Option<String> {
        let need = match name {
            "sindex-create" | "sindex-delete" => Need::SindexAdmin,
            "truncate" | "truncate-namespace" => Need::Truncate,
            "udf-put" | "udf-remove" => Need::UdfAdmin,
            _ => return None,
        };
        let param = |key: &str| {
            params.split(';').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v.to_string()))
        };
        let ns = param("ns").or_else(|| param("namespace")).unwrap_or_default();
        let set = param("set").unwrap_or_default();
        match self.check(conn, need, &ns, &set) {
            Ok(()) => None,
            Err(NOT_AUTHENTICATED) => Some("ERROR:80:not authenticated".into()),
            Err(code) => Some(format!("ERROR:{code}:role violation")),
        }
    }
}
