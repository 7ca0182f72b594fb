//! Truncate info commands: `truncate:namespace=NS;set=SET[;lut=NANOS]`
//! and `truncate-namespace:namespace=NS[;lut=NANOS]`.
//!
//! Contract: deletes the records of the set (or whole namespace) whose
//! last-update time is at or before `lut` (nanoseconds since the Unix
//! epoch; default: now). Records written afterwards are untouched. As on
//! the real server, the reply comes first: the records go a little later
//! (`store::TRUNCATE_DELAY`). Replies `ok`, or `ERROR:...` for a bad request
//! as the server does.

use crate::store::Store;

fn params(p: &str) -> Vec<(&str, &str)> {
    p.split(';').filter(|s| !s.is_empty()).filter_map(|kv| kv.split_once('=')).collect()
}

pub fn now_nanos() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
}

pub fn truncate(store: &Store, p: &str, whole_namespace: bool) -> String {
    let ps = params(p);
    let get = |k: &str| ps.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    let Some(ns) = get("namespace").or_else(|| get("ns")) else {
        return "ERROR::missing namespace".into();
    };
    let Some(ns) = store.namespace(ns.as_bytes()) else {
        return "ERROR::namespace not found".into();
    };
    let set = if whole_namespace { None } else { get("set").filter(|s| !s.is_empty()) };
    if !whole_namespace && set.is_none() {
        return "ERROR::missing set".into();
    }
    let now = now_nanos();
    let lut = match get("lut").map(str::parse::<u64>) {
        None => now,
        Some(Ok(l)) if l <= now => l,
        Some(Ok(_)) => return "ERROR::lut is in the future".into(),
        Some(Err(_)) => return "ERROR::bad lut".into(),
    };
    ns.truncate_later(set.map(str::as_bytes), lut);
    "ok".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Namespace, Record};

    #[test]
    fn truncates_set_before_lut() {
        let s = Store::new(vec![Namespace::new("test", 0)]);
        {
            let mut r = s.namespace(b"test").unwrap().lock();
            r.insert([1; 20], Record { set: b"a".to_vec(), last_update: 10, ..Record::default() });
            r.insert([2; 20], Record { set: b"a".to_vec(), last_update: 30, ..Record::default() });
            r.insert([3; 20], Record { set: b"b".to_vec(), last_update: 10, ..Record::default() });
        }
        assert_eq!(truncate(&s, "namespace=test;set=a;lut=20", false), "ok");
        // Asked for, not done yet: the reply comes before the deletion.
        assert_eq!(s.namespace(b"test").unwrap().lock().live_count(0), 3);
        std::thread::sleep(crate::store::TRUNCATE_DELAY);
        assert_eq!(s.namespace(b"test").unwrap().lock().live_count(0), 2);
        assert!(truncate(&s, "namespace=nope;set=a", false).starts_with("ERROR"));
        assert!(truncate(&s, "namespace=test;set=a;lut=99999999999999999999", false).starts_with("ERROR"));
        assert_eq!(truncate(&s, "namespace=test", true), "ok");
        std::thread::sleep(crate::store::TRUNCATE_DELAY);
        assert_eq!(s.namespace(b"test").unwrap().lock().live_count(0), 0);
    }
}
