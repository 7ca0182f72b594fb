//! The security admin API of both clients (`admin_*`): users, roles and
//! privileges on a server with security enabled, with the official client's
//! names, arguments and result shapes. Not traced (not data operations); the
//! `policy` dict is the admin policy (`timeout`, in ms).
//!
//! Privileges are dicts `{"code": PRIV_*, "ns": str, "set": str}` (`ns` and
//! `set` optional, for data privileges only), read by one key table.
//! Passwords are hashed by the crate before they leave the process and never
//! appear in an error.

use aerospike::{Privilege, PrivilegeCode, Role, User};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::admin_ops::prepare;
use super::classes::{for_each_client, AsyncClient, Client};
use super::core::Core;
use super::dispatch::Mode;
use super::record_ops::OptArg;
use crate::errors::{Error, Result};
use crate::policy::fields::{find, for_each_field, Field, Value};
use crate::runtime::IntoPython;

const CONTEXT: &str = "privilege";

/// The keys of a privilege dict.
const PRIVILEGE_KEYS: &[Field<Draft>] = &[
    Field::set("code", "the privilege (PRIV_*)", |d, v| {
        d.code = Some(privilege_code(v)?);
        Ok(())
    }),
    Field::set("ns", "namespace scope (data privileges; '' = all)", |d, v| {
        d.ns = v.string()?;
        Ok(())
    }),
    Field::set("set", "set scope within 'ns' ('' = all)", |d, v| {
        d.set = v.string()?;
        Ok(())
    }),
];

#[derive(Default)]
struct Draft {
    code: Option<PrivilegeCode>,
    ns: String,
    set: String,
}

fn privilege_code(v: &Value) -> Result<PrivilegeCode> {
    let n: u8 = v.uint()?;
    match PrivilegeCode::try_from(n) {
        Ok(PrivilegeCode::Unknown(_)) | Err(_) => {
            Err(v.invalid(&format!("has no privilege {n} (use a PRIV_* constant)")))
        }
        Ok(code) => Ok(code),
    }
}

fn privileges(obj: &Bound<'_, PyAny>, argument: &str) -> Result<Vec<Privilege>> {
    let list =
        obj.cast::<PyList>().map_err(|_| Error::param(format!("{argument} must be a list of privilege dicts")))?;
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            let mut draft = Draft::default();
            let context = format!("{argument}[{i}]");
            for_each_field(&item, &context, |name, value| {
                let Some(field) = find(PRIVILEGE_KEYS, name) else { return Ok(false) };
                field.apply(&mut draft, &Value { obj: value, context: &context, name })?;
                Ok(true)
            })?;
            let code =
                draft.code.ok_or_else(|| Error::param(format!("{context} needs a 'code' ({CONTEXT} PRIV_*)")))?;
            let scope = |s: String| if s.is_empty() { None } else { Some(s) };
            Ok(Privilege::new(code, scope(draft.ns), scope(draft.set)))
        })
        .collect()
}

fn strings(obj: &Bound<'_, PyAny>, argument: &str) -> Result<Vec<String>> {
    let bad = || Error::param(format!("{argument} must be a list of str"));
    let list = obj.cast::<PyList>().map_err(|_| bad())?;
    list.iter().map(|item| item.extract::<String>().map_err(|_| bad())).collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Runs one admin call on the cluster.
macro_rules! admin_call {
    ($core:expr, $py:expr, $mode:expr, $policy:expr, |$cluster:ident, $admin:ident| $body:expr) => {{
        let ($cluster, $admin) = prepare($core, $policy)?;
        $mode.run($py, async move { $body })
    }};
}

fn privilege_dict<'py>(py: Python<'py>, p: &Privilege) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", u8::from(&p.code))?;
    d.set_item("ns", p.namespace.as_deref().unwrap_or(""))?;
    d.set_item("set", p.set_name.as_deref().unwrap_or(""))?;
    Ok(d)
}

fn privilege_list<'py>(py: Python<'py>, role: &Role) -> PyResult<Bound<'py, PyList>> {
    let items = role.privileges.iter().map(|p| privilege_dict(py, p)).collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// `admin_get_role`'s shape: privileges, whitelist and quotas.
fn role_dict<'py>(py: Python<'py>, role: &Role) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("privileges", privilege_list(py, role)?)?;
    d.set_item("whitelist", &role.allowlist)?;
    d.set_item("read_quota", role.read_quota)?;
    d.set_item("write_quota", role.write_quota)?;
    Ok(d)
}

fn user_dict<'py>(py: Python<'py>, user: &User) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("roles", &user.roles)?;
    d.set_item("read_info", &user.read_info)?;
    d.set_item("write_info", &user.write_info)?;
    d.set_item("conns_in_use", user.conns_in_use)?;
    Ok(d)
}

/// What a query returns, shaped as the official method does.
enum Reply {
    /// `admin_query_user_info`: the user's dict.
    User(User),
    /// `admin_query_users_info`: `{name: user dict}`.
    Users(Vec<User>),
    /// `admin_query_role`: the role's privilege list.
    RolePrivileges(Role),
    /// `admin_query_roles`: `{name: privilege list}`.
    RolesPrivileges(Vec<Role>),
    /// `admin_get_role`: the role's dict.
    Role(Role),
    /// `admin_get_roles`: `{name: role dict}`.
    Roles(Vec<Role>),
}

impl IntoPython for Reply {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let out = match self {
            Reply::User(u) => user_dict(py, &u)?.into_any(),
            Reply::RolePrivileges(r) => privilege_list(py, &r)?.into_any(),
            Reply::Role(r) => role_dict(py, &r)?.into_any(),
            Reply::Users(users) => {
                let d = PyDict::new(py);
                for u in &users {
                    d.set_item(&u.user, user_dict(py, u)?)?;
                }
                d.into_any()
            }
            Reply::RolesPrivileges(roles) => {
                let d = PyDict::new(py);
                for r in &roles {
                    d.set_item(&r.name, privilege_list(py, r)?)?;
                }
                d.into_any()
            }
            Reply::Roles(roles) => {
                let d = PyDict::new(py);
                for r in &roles {
                    d.set_item(&r.name, role_dict(py, r)?)?;
                }
                d.into_any()
            }
        };
        Ok(out.unbind())
    }
}

/// The one user or role a by-name query asked for.
fn only<T>(mut found: Vec<T>, what: &str, name: &str) -> Result<T> {
    if found.is_empty() {
        return Err(Error::client(format!("the server returned no {what} named '{name}'")));
    }
    Ok(found.swap_remove(0))
}

pub(crate) fn query_user(core: &Core, py: Python<'_>, mode: Mode, user: String, policy: OptArg) -> PyResult<Py<PyAny>> {
    admin_call!(core, py, mode, policy, |cluster, admin| {
        let found = cluster.query_users(&admin, Some(&user)).await?;
        Ok(Reply::User(only(found, "user", &user)?))
    })
}

/// Queries one role (`Some`) or every role: privilege lists, or (`full`) role dicts.
pub(crate) fn query_roles(
    core: &Core,
    py: Python<'_>,
    mode: Mode,
    role: Option<String>,
    full: bool,
    policy: OptArg,
) -> PyResult<Py<PyAny>> {
    admin_call!(core, py, mode, policy, |cluster, admin| {
        let found = cluster.query_roles(&admin, role.as_deref()).await?;
        Ok(match (role, full) {
            (Some(name), false) => Reply::RolePrivileges(only(found, "role", &name)?),
            (Some(name), true) => Reply::Role(only(found, "role", &name)?),
            (None, false) => Reply::RolesPrivileges(found),
            (None, true) => Reply::Roles(found),
        })
    })
}

macro_rules! security_methods {
    ($class:ident, $mode:expr) => {
        #[pymethods]
        impl $class {
            /// Create a user with a password and roles.
            #[pyo3(signature = (username, password, roles, policy=None))]
            fn admin_create_user(
                &self,
                py: Python<'_>,
                username: String,
                password: String,
                roles: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let roles = strings(roles, "roles")?;
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.create_user(&admin, &username, &password, &refs(&roles)).await?)
                })
            }

            /// Create a user authenticated by its TLS certificate (PKI), with roles.
            #[pyo3(signature = (username, roles, policy=None))]
            fn admin_create_pki_user(
                &self,
                py: Python<'_>,
                username: String,
                roles: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let roles = strings(roles, "roles")?;
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.create_pki_user(&admin, &username, &refs(&roles)).await?)
                })
            }

            /// Drop a user.
            #[pyo3(signature = (username, policy=None))]
            fn admin_drop_user(
                &self,
                py: Python<'_>,
                username: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.drop_user(&admin, &username).await?)
                })
            }

            /// Change a user's password (this client's own user: its login password too).
            #[pyo3(signature = (username, password, policy=None))]
            fn admin_change_password(
                &self,
                py: Python<'_>,
                username: String,
                password: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.change_password(&admin, &username, &password).await?)
                })
            }

            /// Set a user's password (user administration).
            #[pyo3(signature = (username, password, policy=None))]
            fn admin_set_password(
                &self,
                py: Python<'_>,
                username: String,
                password: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                // The crate chooses: another user's password is set, this client's
                // own is changed (so its later logins use the new one).
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.change_password(&admin, &username, &password).await?)
                })
            }

            /// Add roles to a user.
            #[pyo3(signature = (username, roles, policy=None))]
            fn admin_grant_roles(
                &self,
                py: Python<'_>,
                username: String,
                roles: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let roles = strings(roles, "roles")?;
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.grant_roles(&admin, &username, &refs(&roles)).await?)
                })
            }

            /// Remove roles from a user.
            #[pyo3(signature = (username, roles, policy=None))]
            fn admin_revoke_roles(
                &self,
                py: Python<'_>,
                username: String,
                roles: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let roles = strings(roles, "roles")?;
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.revoke_roles(&admin, &username, &refs(&roles)).await?)
                })
            }

            /// One user: `{"roles", "read_info", "write_info", "conns_in_use"}`.
            #[pyo3(signature = (user, policy=None))]
            fn admin_query_user_info(
                &self,
                py: Python<'_>,
                user: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                query_user(&self.core, py, $mode, user, policy)
            }

            /// Every user: `{name: admin_query_user_info(name)}`.
            #[pyo3(signature = (policy=None))]
            fn admin_query_users_info(&self, py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(Reply::Users(cluster.query_users(&admin, None).await?))
                })
            }

            /// Create a role with privileges, an optional whitelist and quotas.
            #[pyo3(signature = (role, privileges, policy=None, whitelist=None, read_quota=0, write_quota=0))]
            #[allow(clippy::too_many_arguments)]
            fn admin_create_role(
                &self,
                py: Python<'_>,
                role: String,
                privileges: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
                whitelist: Option<&Bound<'_, PyAny>>,
                read_quota: u32,
                write_quota: u32,
            ) -> PyResult<Py<PyAny>> {
                let privileges = self::privileges(privileges, "privileges")?;
                let whitelist = whitelist.map(|w| strings(w, "whitelist")).transpose()?.unwrap_or_default();
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster
                        .create_role(&admin, &role, &privileges, &refs(&whitelist), read_quota, write_quota)
                        .await?)
                })
            }

            /// Drop a role.
            #[pyo3(signature = (role, policy=None))]
            fn admin_drop_role(
                &self,
                py: Python<'_>,
                role: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.drop_role(&admin, &role).await?)
                })
            }

            /// Add privileges to a role.
            #[pyo3(signature = (role, privileges, policy=None))]
            fn admin_grant_privileges(
                &self,
                py: Python<'_>,
                role: String,
                privileges: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let privileges = self::privileges(privileges, "privileges")?;
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.grant_privileges(&admin, &role, &privileges).await?)
                })
            }

            /// Remove privileges from a role.
            #[pyo3(signature = (role, privileges, policy=None))]
            fn admin_revoke_privileges(
                &self,
                py: Python<'_>,
                role: String,
                privileges: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let privileges = self::privileges(privileges, "privileges")?;
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.revoke_privileges(&admin, &role, &privileges).await?)
                })
            }

            /// Replace a role's whitelist of client addresses (an empty list clears it).
            #[pyo3(signature = (role, whitelist, policy=None))]
            fn admin_set_whitelist(
                &self,
                py: Python<'_>,
                role: String,
                whitelist: &Bound<'_, PyAny>,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let whitelist = strings(whitelist, "whitelist")?;
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.set_allowlist(&admin, &role, &refs(&whitelist)).await?)
                })
            }

            /// Set a role's read and write quotas (records per second; 0 = none).
            #[pyo3(signature = (role, read_quota=0, write_quota=0, policy=None))]
            fn admin_set_quotas(
                &self,
                py: Python<'_>,
                role: String,
                read_quota: u32,
                write_quota: u32,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                admin_call!(&self.core, py, $mode, policy, |cluster, admin| {
                    Ok(cluster.set_quotas(&admin, &role, read_quota, write_quota).await?)
                })
            }

            /// One role's privileges: `[{"code", "ns", "set"}, ...]`.
            #[pyo3(signature = (role, policy=None))]
            fn admin_query_role(
                &self,
                py: Python<'_>,
                role: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                query_roles(&self.core, py, $mode, Some(role), false, policy)
            }

            /// Every role's privileges: `{name: [{"code", "ns", "set"}, ...]}`.
            #[pyo3(signature = (policy=None))]
            fn admin_query_roles(&self, py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                query_roles(&self.core, py, $mode, None, false, policy)
            }

            /// One role: `{"privileges", "whitelist", "read_quota", "write_quota"}`.
            #[pyo3(signature = (role, policy=None))]
            fn admin_get_role(
                &self,
                py: Python<'_>,
                role: String,
                policy: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                query_roles(&self.core, py, $mode, Some(role), true, policy)
            }

            /// Every role: `{name: admin_get_role(name)}`.
            #[pyo3(signature = (policy=None))]
            fn admin_get_roles(&self, py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                query_roles(&self.core, py, $mode, None, true, policy)
            }
        }
    };
}

for_each_client!(security_methods);
