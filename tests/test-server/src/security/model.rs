//! Users, roles and privileges, and what each privilege allows.
//!
//! Privilege codes, predefined role names and result codes are Aerospike's
//! published ones. A privilege is global (empty namespace) or scoped to a
//! namespace, or a namespace and set; admin privileges (codes below 10) are
//! global only.

use std::collections::HashMap;

pub const USER_ADMIN: u8 = 0;
pub const SYS_ADMIN: u8 = 1;
pub const DATA_ADMIN: u8 = 2;
pub const UDF_ADMIN: u8 = 3;
pub const SINDEX_ADMIN: u8 = 4;
pub const READ: u8 = 10;
pub const READ_WRITE: u8 = 11;
pub const READ_WRITE_UDF: u8 = 12;
pub const WRITE: u8 = 13;
pub const TRUNCATE: u8 = 14;

/// Predefined roles: each carries the one global privilege of its name.
/// They cannot be created, dropped or changed.
pub const PREDEFINED: &[(&str, u8)] = &[
    ("user-admin", USER_ADMIN),
    ("sys-admin", SYS_ADMIN),
    ("data-admin", DATA_ADMIN),
    ("udf-admin", UDF_ADMIN),
    ("sindex-admin", SINDEX_ADMIN),
    ("read", READ),
    ("read-write", READ_WRITE),
    ("read-write-udf", READ_WRITE_UDF),
    ("write", WRITE),
    ("truncate", TRUNCATE),
];

/// What a command needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Need {
    Read,
    Write,
    Udf,
    Truncate,
    SindexAdmin,
    UdfAdmin,
    UserAdmin,
}

impl Need {
    /// The privilege codes that grant it.
    fn granted_by(self) -> &'static [u8] {
        match self {
            Need::Read => &[READ, READ_WRITE, READ_WRITE_UDF],
            Need::Write => &[READ_WRITE, READ_WRITE_UDF, WRITE],
            Need::Udf => &[READ_WRITE_UDF],
            Need::Truncate => &[TRUNCATE, DATA_ADMIN],
            Need::SindexAdmin => &[SINDEX_ADMIN, DATA_ADMIN],
            Need::UdfAdmin => &[UDF_ADMIN, DATA_ADMIN],
            Need::UserAdmin => &[USER_ADMIN],
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Privilege {
    pub code: u8,
    pub namespace: String,
    pub set: String,
}

impl Privilege {
    pub fn global(code: u8) -> Privilege {
        Privilege { code, namespace: String::new(), set: String::new() }
    }

    pub fn valid(&self) -> bool {
        let known = PREDEFINED.iter().any(|(_, c)| *c == self.code);
        let scoped = !self.namespace.is_empty() || !self.set.is_empty();
        // A set scope needs its namespace.
        let set_without_namespace = self.namespace.is_empty() && !self.set.is_empty();
        known && !(self.code < READ && scoped) && !set_without_namespace
    }

    fn covers(&self, need: Need, namespace: &str, set: &str) -> bool {
        need.granted_by().contains(&self.code)
            && (self.namespace.is_empty() || self.namespace == namespace)
            && (self.set.is_empty() || self.set == set)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Role {
    pub privileges: Vec<Privilege>,
    pub allowlist: Vec<String>,
    pub read_quota: u32,
    pub write_quota: u32,
}

#[derive(Clone, Debug)]
pub struct User {
    /// The bcrypt hash the client sends (clients hash with a fixed salt),
    /// compared as sent.
    pub credential: Vec<u8>,
    pub roles: Vec<String>,
}

pub struct Model {
    pub users: HashMap<String, User>,
    pub roles: HashMap<String, Role>,
}

/// bcrypt("admin") with the salt every Aerospike client hashes with: the
/// default `admin` user's password, as on a fresh Enterprise server.
pub const ADMIN_CREDENTIAL: &[u8] = b"$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa";

impl Default for Model {
    fn default() -> Model {
        let roles = PREDEFINED
            .iter()
            .map(|(name, code)| {
                (name.to_string(), Role { privileges: vec![Privilege::global(*code)], ..Role::default() })
            })
            .collect();
        let admin = User { credential: ADMIN_CREDENTIAL.to_vec(), roles: vec!["user-admin".into()] };
        Model { users: HashMap::from([("admin".to_string(), admin)]), roles }
    }
}

impl Model {
    pub fn allows(&self, user: &str, need: Need, namespace: &str, set: &str) -> bool {
        let Some(u) = self.users.get(user) else { return false };
        u.roles
            .iter()
            .filter_map(|r| self.roles.get(r))
            .flat_map(|r| &r.privileges)
            .any(|p| p.covers(need, namespace, set))
    }

    pub fn is_predefined(role: &str) -> bool {
        PREDEFINED.iter().any(|(n, _)| *n == role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn privileges_by_scope() {
        let mut m = Model::default();
        m.roles.insert(
            "demo-reader".into(),
            Role {
                privileges: vec![Privilege { code: READ, namespace: "test".into(), set: "demo".into() }],
                ..Role::default()
            },
        );
        m.users.insert("r".into(), User { credential: vec![], roles: vec!["demo-reader".into()] });
        m.users.insert("rw".into(), User { credential: vec![], roles: vec!["read-write".into()] });
        assert!(m.allows("r", Need::Read, "test", "demo"));
        assert!(!m.allows("r", Need::Read, "test", "other"));
        assert!(!m.allows("r", Need::Write, "test", "demo"));
        assert!(m.allows("rw", Need::Write, "bar", ""));
        assert!(!m.allows("rw", Need::Udf, "bar", ""));
        assert!(m.allows("admin", Need::UserAdmin, "", ""));
        assert!(!m.allows("admin", Need::Read, "test", ""));
        assert!(!m.allows("nobody", Need::Read, "test", ""));
        assert!(!Privilege { code: USER_ADMIN, namespace: "test".into(), set: String::new() }.valid());
        assert!(!Privilege::global(99).valid());
        assert!(!Privilege { code: READ, namespace: String::new(), set: "s".into() }.valid());
    }
}
