//! The security (admin) protocol, proto type 2: login, session
//! authentication and user/role administration.
//!
//! Request body: a 16-byte header (`[1]` unused, `[2]` command, `[3]`
//! field count) then fields, each `u32 length (id included) | u8 id |
//! bytes`. A reply is the same header with the result code in `[1]`; a
//! login reply carries the session token and TTL as fields; a query
//! reply is a run of such records ended by a header with result 50
//! (QUERY_END).

use super::model::{Model, Need, Privilege, Role, User};
use super::{Conn, Security};
use crate::result::ResultCode;

// Commands.
const AUTHENTICATE: u8 = 0;
const CREATE_USER: u8 = 1;
const DROP_USER: u8 = 2;
const SET_PASSWORD: u8 = 3;
const CHANGE_PASSWORD: u8 = 4;
const GRANT_ROLES: u8 = 5;
const REVOKE_ROLES: u8 = 6;
const QUERY_USERS: u8 = 9;
const CREATE_ROLE: u8 = 10;
const DROP_ROLE: u8 = 11;
const GRANT_PRIVILEGES: u8 = 12;
const REVOKE_PRIVILEGES: u8 = 13;
const SET_ALLOWLIST: u8 = 14;
const SET_QUOTAS: u8 = 15;
const QUERY_ROLES: u8 = 16;
const LOGIN: u8 = 20;

// Field ids.
const USER: u8 = 0;
const PASSWORD: u8 = 1;
const OLD_PASSWORD: u8 = 2;
const CREDENTIAL: u8 = 3;
const SESSION_TOKEN: u8 = 5;
const SESSION_TTL: u8 = 6;
const ROLES: u8 = 10;
const ROLE: u8 = 11;
const PRIVILEGES: u8 = 12;
const ALLOWLIST: u8 = 13;
const READ_QUOTA: u8 = 14;
const WRITE_QUOTA: u8 = 15;
const READ_INFO: u8 = 16;
const WRITE_INFO: u8 = 17;
const CONNECTIONS: u8 = 18;

// Result codes of the security subsystem.
pub const OK: ResultCode = 0;
pub const SECURITY_NOT_SUPPORTED: ResultCode = 51;
pub const INVALID_COMMAND: ResultCode = 54;
pub const INVALID_FIELD: ResultCode = 55;
pub const INVALID_USER: ResultCode = 60;
pub const USER_ALREADY_EXISTS: ResultCode = 61;
pub const INVALID_PASSWORD: ResultCode = 62;
pub const INVALID_CREDENTIAL: ResultCode = 65;
pub const EXPIRED_SESSION: ResultCode = 66;
pub const INVALID_ROLE: ResultCode = 70;
pub const ROLE_ALREADY_EXISTS: ResultCode = 71;
pub const INVALID_PRIVILEGE: ResultCode = 72;
pub const INVALID_ALLOWLIST: ResultCode = 73;
pub const NOT_AUTHENTICATED: ResultCode = 80;
pub const ROLE_VIOLATION: ResultCode = 81;
const QUERY_END: ResultCode = 50;

struct Request {
    command: u8,
    fields: Vec<(u8, Vec<u8>)>,
}

impl Request {
    fn parse(body: &[u8]) -> Option<Request> {
        let header = body.get(..16)?;
        let (command, count) = (header[2], header[3]);
        let mut fields = Vec::with_capacity(count as usize);
        let mut at = 16;
        for _ in 0..count {
            // The length counts the id byte.
            let len = u32::from_be_bytes(body.get(at..at + 4)?.try_into().ok()?) as usize;
            if len == 0 {
                return None;
            }
            let id = *body.get(at + 4)?;
            let data = body.get(at + 5..at + 4 + len)?;
            fields.push((id, data.to_vec()));
            at += 4 + len;
        }
        Some(Request { command, fields })
    }

    fn field(&self, id: u8) -> Option<&[u8]> {
        self.fields.iter().find(|(i, _)| *i == id).map(|(_, d)| d.as_slice())
    }

    fn text(&self, id: u8) -> Result<String, ResultCode> {
        let raw = self.field(id).ok_or(INVALID_FIELD)?;
        String::from_utf8(raw.to_vec()).map_err(|_| INVALID_FIELD)
    }

    fn u32(&self, id: u8) -> Result<u32, ResultCode> {
        let raw = self.field(id).ok_or(INVALID_FIELD)?;
        Ok(u32::from_be_bytes(raw.try_into().map_err(|_| INVALID_FIELD)?))
    }

    /// `u8 count, (u8 len, name)...`
    fn roles(&self) -> Result<Vec<String>, ResultCode> {
        let raw = self.field(ROLES).ok_or(INVALID_FIELD)?;
        let mut c = Cursor(raw);
        (0..c.u8()?).map(|_| c.short_text()).collect()
    }

    /// `u8 count, (u8 code [, u8 len, ns, u8 len, set])...`
    fn privileges(&self) -> Result<Vec<Privilege>, ResultCode> {
        let raw = self.field(PRIVILEGES).ok_or(INVALID_FIELD)?;
        let mut c = Cursor(raw);
        let mut out = Vec::new();
        for _ in 0..c.u8()? {
            let code = c.u8()?;
            let (namespace, set) =
                if code >= super::model::READ { (c.short_text()?, c.short_text()?) } else { Default::default() };
            out.push(Privilege { code, namespace, set });
        }
        Ok(out)
    }
}

struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn u8(&mut self) -> Result<u8, ResultCode> {
        let (&b, rest) = self.0.split_first().ok_or(INVALID_FIELD)?;
        self.0 = rest;
        Ok(b)
    }

    fn short_text(&mut self) -> Result<String, ResultCode> {
        let n = self.u8()? as usize;
        if self.0.len() < n {
            return Err(INVALID_FIELD);
        }
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8(s.to_vec()).map_err(|_| INVALID_FIELD)
    }
}

/// One reply record: header plus fields.
fn record(result: ResultCode, fields: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = vec![0u8; 16];
    out[1] = result;
    out[3] = fields.len() as u8;
    for (id, data) in fields {
        out.extend_from_slice(&(data.len() as u32 + 1).to_be_bytes());
        out.push(*id);
        out.extend_from_slice(data);
    }
    out
}

fn short_list<'a>(items: impl ExactSizeIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = vec![items.len() as u8];
    for i in items {
        out.push(i.len() as u8);
        out.extend_from_slice(i);
    }
    out
}

fn user_record(name: &str, user: &User, conns: u32) -> Vec<u8> {
    let roles = short_list(user.roles.iter().map(|r| r.as_bytes()));
    // Read/write statistics (quota, tps, rps, rps-limited): none counted.
    let info = {
        let mut v = vec![4u8];
        v.extend_from_slice(&[0u8; 16]);
        v
    };
    record(
        OK,
        &[
            (USER, name.as_bytes().to_vec()),
            (ROLES, roles),
            (READ_INFO, info.clone()),
            (WRITE_INFO, info),
            (CONNECTIONS, conns.to_be_bytes().to_vec()),
        ],
    )
}

fn role_record(name: &str, role: &Role) -> Vec<u8> {
    let mut privs = vec![role.privileges.len() as u8];
    for p in &role.privileges {
        privs.push(p.code);
        if p.code >= super::model::READ {
            for s in [&p.namespace, &p.set] {
                privs.push(s.len() as u8);
                privs.extend_from_slice(s.as_bytes());
            }
        }
    }
    let mut fields = vec![(ROLE, name.as_bytes().to_vec()), (PRIVILEGES, privs)];
    if !role.allowlist.is_empty() {
        fields.push((ALLOWLIST, role.allowlist.join(",").into_bytes()));
    }
    fields.push((READ_QUOTA, role.read_quota.to_be_bytes().to_vec()));
    fields.push((WRITE_QUOTA, role.write_quota.to_be_bytes().to_vec()));
    record(OK, &fields)
}

/// Handles one admin frame; the reply body (one frame).
pub fn handle(sec: Option<&Security>, conn: &mut Conn, body: &[u8]) -> Vec<u8> {
    let Some(sec) = sec else {
        // Community Edition: no security subsystem at all.
        return record(SECURITY_NOT_SUPPORTED, &[]);
    };
    let Some(req) = Request::parse(body) else {
        return record(INVALID_COMMAND, &[]);
    };
    match run(sec, conn, &req) {
        Ok(reply) => reply,
        Err(code) => record(code, &[]),
    }
}

fn run(sec: &Security, conn: &mut Conn, req: &Request) -> Result<Vec<u8>, ResultCode> {
    match req.command {
        LOGIN => return login(sec, conn, req),
        AUTHENTICATE => return authenticate(sec, conn, req),
        _ => {}
    }
    let me = conn.user.clone().ok_or(NOT_AUTHENTICATED)?;
    let mut model = sec.model();
    let admin = model.allows(&me, Need::UserAdmin, "", "");
    let require_admin = || if admin { Ok(()) } else { Err(ROLE_VIOLATION) };
    match req.command {
        CREATE_USER => {
            require_admin()?;
            let name = req.text(USER)?;
            let roles = req.roles()?;
            if model.users.contains_key(&name) {
                return Err(USER_ALREADY_EXISTS);
            }
            check_roles(&model, &roles)?;
            let credential = req.field(PASSWORD).ok_or(INVALID_PASSWORD)?.to_vec();
            model.users.insert(name, User { credential, roles: dedup(roles) });
        }
        DROP_USER => {
            require_admin()?;
            let name = req.text(USER)?;
            model.users.remove(&name).ok_or(INVALID_USER)?;
            drop(model);
            sec.end_sessions(&name);
        }
        SET_PASSWORD => {
            require_admin()?;
            let name = req.text(USER)?;
            let credential = req.field(PASSWORD).ok_or(INVALID_PASSWORD)?.to_vec();
            model.users.get_mut(&name).ok_or(INVALID_USER)?.credential = credential;
        }
        CHANGE_PASSWORD => {
            let name = req.text(USER)?;
            if name != me {
                require_admin()?;
            }
            let user = model.users.get_mut(&name).ok_or(INVALID_USER)?;
            if name == me && req.field(OLD_PASSWORD) != Some(user.credential.as_slice()) {
                return Err(INVALID_CREDENTIAL);
            }
            user.credential = req.field(PASSWORD).ok_or(INVALID_PASSWORD)?.to_vec();
        }
        GRANT_ROLES | REVOKE_ROLES => {
            require_admin()?;
            let name = req.text(USER)?;
            let roles = req.roles()?;
            check_roles(&model, &roles)?;
            let user = model.users.get_mut(&name).ok_or(INVALID_USER)?;
            if req.command == GRANT_ROLES {
                user.roles.extend(roles);
                user.roles = dedup(std::mem::take(&mut user.roles));
            } else {
                user.roles.retain(|r| !roles.contains(r));
            }
        }
        QUERY_USERS => {
            let only = req.field(USER).map(|_| req.text(USER)).transpose()?;
            if only.as_deref() != Some(me.as_str()) {
                require_admin()?;
            }
            let mut names: Vec<&String> =
                model.users.keys().filter(|n| only.as_ref().is_none_or(|o| o == *n)).collect();
            if names.is_empty() && only.is_some() {
                return Err(INVALID_USER);
            }
            names.sort();
            let mut out = Vec::new();
            for n in names {
                out.extend(user_record(n, &model.users[n], sec.connections_of(n)));
            }
            out.extend(record(QUERY_END, &[]));
            return Ok(out);
        }
        CREATE_ROLE => {
            require_admin()?;
            let name = req.text(ROLE)?;
            if model.roles.contains_key(&name) {
                return Err(ROLE_ALREADY_EXISTS);
            }
            let privileges = if req.field(PRIVILEGES).is_some() { req.privileges()? } else { Vec::new() };
            check_privileges(&privileges)?;
            let allowlist = allowlist(req)?;
            let quota = |id| if req.field(id).is_some() { req.u32(id) } else { Ok(0) };
            let role = Role { privileges, allowlist, read_quota: quota(READ_QUOTA)?, write_quota: quota(WRITE_QUOTA)? };
            model.roles.insert(name, role);
        }
        DROP_ROLE => {
            require_admin()?;
            let name = mutable_role(&model, req)?;
            model.roles.remove(&name);
            for u in model.users.values_mut() {
                u.roles.retain(|r| *r != name);
            }
        }
        GRANT_PRIVILEGES | REVOKE_PRIVILEGES => {
            require_admin()?;
            let name = mutable_role(&model, req)?;
            let privileges = req.privileges()?;
            check_privileges(&privileges)?;
            let role = model.roles.get_mut(&name).ok_or(INVALID_ROLE)?;
            if req.command == GRANT_PRIVILEGES {
                for p in privileges {
                    if !role.privileges.contains(&p) {
                        role.privileges.push(p);
                    }
                }
            } else {
                role.privileges.retain(|p| !privileges.contains(p));
            }
        }
        SET_ALLOWLIST => {
            require_admin()?;
            let name = mutable_role(&model, req)?;
            let list = allowlist(req)?;
            model.roles.get_mut(&name).ok_or(INVALID_ROLE)?.allowlist = list;
        }
        SET_QUOTAS => {
            require_admin()?;
            let name = mutable_role(&model, req)?;
            let (read, write) = (req.u32(READ_QUOTA)?, req.u32(WRITE_QUOTA)?);
            let role = model.roles.get_mut(&name).ok_or(INVALID_ROLE)?;
            (role.read_quota, role.write_quota) = (read, write);
        }
        QUERY_ROLES => {
            let only = req.field(ROLE).map(|_| req.text(ROLE)).transpose()?;
            let own = only.as_ref().is_some_and(|r| model.users.get(&me).is_some_and(|u| u.roles.contains(r)));
            if !own {
                require_admin()?;
            }
            let mut names: Vec<&String> =
                model.roles.keys().filter(|n| only.as_ref().is_none_or(|o| o == *n)).collect();
            if names.is_empty() && only.is_some() {
                return Err(INVALID_ROLE);
            }
            names.sort();
            let mut out = Vec::new();
            for n in names {
                out.extend(role_record(n, &model.roles[n]));
            }
            out.extend(record(QUERY_END, &[]));
            return Ok(out);
        }
        other => {
            eprintln!("test-server: unsupported security command {other}");
            return Err(INVALID_COMMAND);
        }
    }
    Ok(record(OK, &[]))
}

fn login(sec: &Security, conn: &mut Conn, req: &Request) -> Result<Vec<u8>, ResultCode> {
    let name = match req.field(USER) {
        Some(_) => {
            let name = req.text(USER)?;
            let credential = req.field(CREDENTIAL).ok_or(INVALID_CREDENTIAL)?;
            let model = sec.model();
            let user = model.users.get(&name).ok_or(INVALID_USER)?;
            if user.credential != credential {
                return Err(INVALID_CREDENTIAL);
            }
            name
        }
        // PKI: the user is the verified client certificate's subject.
        None => {
            let name = conn.certificate_user.clone().ok_or(INVALID_CREDENTIAL)?;
            if !sec.model().users.contains_key(&name) {
                return Err(INVALID_USER);
            }
            name
        }
    };
    let token = sec.new_session(&name);
    conn.user = Some(name);
    Ok(record(OK, &[(SESSION_TOKEN, token), (SESSION_TTL, sec.session_ttl.to_be_bytes().to_vec())]))
}

fn authenticate(sec: &Security, conn: &mut Conn, req: &Request) -> Result<Vec<u8>, ResultCode> {
    let token = req.field(SESSION_TOKEN).ok_or(INVALID_FIELD)?;
    let user = sec.session_user(token)?;
    if req.field(USER).is_some_and(|u| u != user.as_bytes()) {
        return Err(INVALID_CREDENTIAL);
    }
    conn.user = Some(user);
    Ok(record(OK, &[]))
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    v.retain(|r| {
        let fresh = !seen.contains(r);
        seen.push(r.clone());
        fresh
    });
    v
}

fn check_roles(model: &Model, roles: &[String]) -> Result<(), ResultCode> {
    if roles.iter().all(|r| model.roles.contains_key(r)) {
        Ok(())
    } else {
        Err(INVALID_ROLE)
    }
}

fn check_privileges(privileges: &[Privilege]) -> Result<(), ResultCode> {
    if privileges.iter().all(Privilege::valid) {
        Ok(())
    } else {
        Err(INVALID_PRIVILEGE)
    }
}

/// A user-defined role named by the request (predefined roles are fixed).
fn mutable_role(model: &Model, req: &Request) -> Result<String, ResultCode> {
    let name = req.text(ROLE)?;
    if Model::is_predefined(&name) || !model.roles.contains_key(&name) {
        return Err(INVALID_ROLE);
    }
    Ok(name)
}

/// Comma-separated IPv4/IPv6 addresses or CIDR blocks.
fn allowlist(req: &Request) -> Result<Vec<String>, ResultCode> {
    let Some(raw) = req.field(ALLOWLIST) else { return Ok(Vec::new()) };
    let text = std::str::from_utf8(raw).map_err(|_| INVALID_ALLOWLIST)?;
    let items: Vec<String> = text.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
    for item in &items {
        let (addr, bits) = item.split_once('/').map_or((item.as_str(), None), |(a, b)| (a, Some(b)));
        let ip: std::net::IpAddr = addr.parse().map_err(|_| INVALID_ALLOWLIST)?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        if bits.is_some_and(|b| b.parse::<u8>().map_or(true, |b| b > max)) {
            return Err(INVALID_ALLOWLIST);
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(command: u8, fields: &[(u8, &[u8])]) -> Vec<u8> {
        let owned: Vec<(u8, Vec<u8>)> = fields.iter().map(|(i, d)| (*i, d.to_vec())).collect();
        let mut r = record(0, &owned);
        r[2] = command;
        r
    }

    fn result(reply: &[u8]) -> u8 {
        reply[1]
    }

    #[test]
    fn login_create_and_enforce() {
        let sec = Security::new(86400);
        let mut anon = Conn::default();
        let create = request(CREATE_USER, &[(USER, b"bob"), (PASSWORD, b"h"), (ROLES, b"\x01\x04read")]);
        assert_eq!(result(&handle(Some(&sec), &mut anon, &create)), NOT_AUTHENTICATED);
        let wrong = request(LOGIN, &[(USER, b"admin"), (CREDENTIAL, b"nope")]);
        assert_eq!(result(&handle(Some(&sec), &mut anon, &wrong)), INVALID_CREDENTIAL);
        let unknown = request(LOGIN, &[(USER, b"who"), (CREDENTIAL, b"nope")]);
        assert_eq!(result(&handle(Some(&sec), &mut anon, &unknown)), INVALID_USER);
        let mut admin = Conn::default();
        let ok = handle(
            Some(&sec),
            &mut admin,
            &request(LOGIN, &[(USER, b"admin"), (CREDENTIAL, super::super::model::ADMIN_CREDENTIAL)]),
        );
        assert_eq!((result(&ok), ok[3]), (OK, 2));
        assert_eq!(result(&handle(Some(&sec), &mut admin, &create)), OK);
        assert_eq!(result(&handle(Some(&sec), &mut admin, &create)), USER_ALREADY_EXISTS);
        let mut bob = Conn::default();
        assert_eq!(result(&handle(Some(&sec), &mut bob, &request(LOGIN, &[(USER, b"bob"), (CREDENTIAL, b"h")]))), OK);
        let drop_admin = request(DROP_USER, &[(USER, b"admin")]);
        assert_eq!(result(&handle(Some(&sec), &mut bob, &drop_admin)), ROLE_VIOLATION);
        assert!(sec.model().allows("bob", Need::Read, "test", ""));
        assert!(!sec.model().allows("bob", Need::Write, "test", ""));
        // Community Edition answers every security command "not supported".
        assert_eq!(result(&handle(None, &mut bob, &create)), SECURITY_NOT_SUPPORTED);
    }

    #[test]
    fn roles_and_queries() {
        let sec = Security::new(86400);
        let mut c = Conn { user: Some("admin".into()), ..Conn::default() };
        let privs: &[u8] = b"\x01\x0a\x04test\x04demo";
        let create = request(CREATE_ROLE, &[(ROLE, b"r1"), (PRIVILEGES, privs), (ALLOWLIST, b"10.0.0.0/8")]);
        assert_eq!(result(&handle(Some(&sec), &mut c, &create)), OK);
        assert_eq!(result(&handle(Some(&sec), &mut c, &create)), ROLE_ALREADY_EXISTS);
        let bad = request(CREATE_ROLE, &[(ROLE, b"r2"), (ALLOWLIST, b"not-an-ip")]);
        assert_eq!(result(&handle(Some(&sec), &mut c, &bad)), INVALID_ALLOWLIST);
        let q = handle(Some(&sec), &mut c, &request(QUERY_ROLES, &[(ROLE, b"r1")]));
        assert_eq!(q[1], OK);
        assert_eq!(q[q.len() - 16 + 1], QUERY_END);
        assert_eq!(result(&handle(Some(&sec), &mut c, &request(DROP_ROLE, &[(ROLE, b"read")]))), INVALID_ROLE);
        assert_eq!(result(&handle(Some(&sec), &mut c, &request(QUERY_USERS, &[(USER, b"ghost")]))), INVALID_USER);
        assert!(Request::parse(&[0, 0, 1]).is_none());
        assert!(Request::parse(&request(CREATE_USER, &[(USER, b"x")])[..18]).is_none());
    }
}
