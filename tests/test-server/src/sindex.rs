//! Secondary indexes: the registry, the info commands that manage them,
//! and matching records against a query's INDEX_RANGE filter.
//!
//! Contract: indexes are definitions only; a query evaluates its filter
//! against the live records, so an index is "built" (load_pct=100) the
//! moment it is created. Info commands accept both parameter spellings
//! clients send: `ns=`/`indexdata=bin,TYPE` (before server 8.1) and
//! `namespace=`/`bin=`/`type=` (8.1+). Replies follow the server:
//! `ok`; re-creating an identical index is `ok`; the same name with another
//! definition, or the same definition under another name, is
//! `FAIL:200:...`; an unknown index is `FAIL:201:...`.

use crate::cdt::{self, value::V};
use crate::geo;
use crate::info::base64_decode;
use crate::particle::{self, Value};
use crate::result;
use crate::store::{Digest, Record, Store};
use std::sync::Mutex;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    Numeric,
    String,
    Blob,
    Geo,
}

impl KeyType {
    fn parse(s: &str) -> Option<KeyType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "numeric" => KeyType::Numeric,
            "string" => KeyType::String,
            "blob" => KeyType::Blob,
            "geo2dsphere" => KeyType::Geo,
            _ => return None,
        })
    }
    fn name(self) -> &'static str {
        match self {
            KeyType::Numeric => "numeric",
            KeyType::String => "string",
            KeyType::Blob => "blob",
            KeyType::Geo => "geo2dsphere",
        }
    }
    fn particle(self) -> u8 {
        match self {
            KeyType::Numeric => particle::INTEGER,
            KeyType::String => particle::STRING,
            KeyType::Blob => particle::BLOB,
            KeyType::Geo => particle::GEOJSON,
        }
    }
}

/// Collection index type, numbered as in the INDEX_TYPE query field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collection {
    Default = 0,
    List = 1,
    MapKeys = 2,
    MapValues = 3,
}

impl Collection {
    fn parse(s: &str) -> Option<Collection> {
        Some(match s.to_ascii_lowercase().as_str() {
            "default" | "none" => Collection::Default,
            "list" => Collection::List,
            "mapkeys" => Collection::MapKeys,
            "mapvalues" => Collection::MapValues,
            _ => return None,
        })
    }
    fn name(self) -> &'static str {
        match self {
            Collection::Default => "default",
            Collection::List => "list",
            Collection::MapKeys => "mapkeys",
            Collection::MapValues => "mapvalues",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    pub ns: String,
    pub set: Option<String>,
    pub name: String,
    pub bin: String,
    pub ktype: KeyType,
    pub itype: Collection,
    /// The CDT context path to the indexed values (canonical msgpack), if any.
    pub ctx: Option<Vec<u8>>,
    /// The packed expression of an expression index (8.1 `exp=`); `bin` is empty then.
    pub exp: Option<Vec<u8>>,
}

impl Index {
    fn same_target(&self, o: &Index) -> bool {
        self.ns == o.ns
            && self.set == o.set
            && self.bin == o.bin
            && self.ktype == o.ktype
            && self.itype == o.itype
            && self.ctx == o.ctx
            && self.exp == o.exp
    }

    /// The value this index takes from a record: its bin, or its expression's
    /// value (none when the expression is unknown for the record).
    pub fn value_of(&self, rec: &Record, digest: &Digest) -> Option<Value> {
        match &self.exp {
            Some(e) => crate::exp::index_value(e, rec, digest),
            None => rec.bin(self.bin.as_bytes()).cloned(),
        }
    }

    /// Values of `bin` this index would hold.
    /// A geojson bin's own value is normalised to its text (as geojson inside lists
    /// and maps is), so every geo key is `Bytes([GEOJSON, text...])`.
    fn keys(&self, bin: &Value) -> Vec<V> {
        let want = self.ktype.particle();
        let scalar = |v: &V| match cdt::to_particle(v) {
            p if p.ptype == want => Some(v.clone()),
            _ => None,
        };
        let value = match (&self.ctx, bin.ptype) {
            (Some(ctx), _) => cdt::from_particle(bin).and_then(|v| cdt::lookup(&v, ctx)),
            (None, particle::GEOJSON) => geo::particle_text(&bin.data).map(|text| {
                let mut b = vec![particle::GEOJSON];
                b.extend_from_slice(text.as_bytes());
                V::Bytes(b, true)
            }),
            (None, _) => cdt::from_particle(bin),
        };
        match (self.itype, value) {
            (Collection::Default, Some(v)) => scalar(&v).into_iter().collect(),
            (Collection::List, Some(V::List(l))) => l.items.iter().filter_map(scalar).collect(),
            (Collection::MapKeys, Some(V::Map(m))) => m.entries.iter().filter_map(|e| scalar(&e.0)).collect(),
            (Collection::MapValues, Some(V::Map(m))) => m.entries.iter().filter_map(|e| scalar(&e.1)).collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Default)]
pub struct Registry {
    indexes: Mutex<Vec<Index>>,
}

impl Registry {
    pub fn lock_all(&self) -> std::sync::MutexGuard<'_, Vec<Index>> {
        self.indexes.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn find(&self, ns: &str, name: &str) -> Option<Index> {
        self.lock_all().iter().find(|i| i.ns == ns && i.name == name).cloned()
    }

    /// The index a query without an index name uses: same namespace, bin,
    /// key type and collection type, on the query's set or namespace-wide.
    pub fn for_query(
        &self,
        ns: &str,
        set: Option<&str>,
        bin: &str,
        ktype: KeyType,
        itype: Collection,
        ctx: Option<&[u8]>,
    ) -> Option<Index> {
        let all = self.lock_all();
        let fits =
            |i: &&Index| i.ns == ns && i.bin == bin && i.ktype == ktype && i.itype == itype && i.ctx.as_deref() == ctx;
        all.iter()
            .filter(fits)
            .find(|i| i.set.as_deref() == set)
            .or_else(|| all.iter().filter(fits).find(|i| i.set.is_none()))
            .cloned()
    }
}

impl Registry {
    /// The expression index a query names by its expression's bytes, on the
    /// query's set or namespace-wide.
    pub fn for_expression(&self, ns: &str, set: Option<&str>, exp: &[u8]) -> Option<Index> {
        let all = self.lock_all();
        let fits = |i: &&Index| i.ns == ns && i.exp.as_deref() == Some(exp);
        all.iter()
            .filter(fits)
            .find(|i| i.set.as_deref() == set)
            .or_else(|| all.iter().filter(fits).find(|i| i.set.is_none()))
            .cloned()
    }
}

/// `key=value;key=value` parameters.
fn params(p: &str) -> Vec<(&str, &str)> {
    p.split(';').filter(|s| !s.is_empty()).filter_map(|kv| kv.split_once('=')).collect()
}

fn get<'a>(ps: &[(&'a str, &'a str)], names: &[&str]) -> Option<&'a str> {
    ps.iter().find(|(k, _)| names.contains(k)).map(|(_, v)| *v).filter(|v| !v.is_empty())
}

pub fn create(store: &Store, p: &str) -> String {
    let ps = params(p);
    let Some(ns) = get(&ps, &["namespace", "ns"]) else { return "FAIL:4:missing namespace".into() };
    if store.namespace(ns.as_bytes()).is_none() {
        return "FAIL:20:namespace not found".into();
    }
    let Some(name) = get(&ps, &["indexname"]) else { return "FAIL:4:missing indexname".into() };
    let exp = match get(&ps, &["exp"]) {
        Some(b64) => match base64_decode(b64).filter(|e| crate::exp::decode(e).is_ok()) {
            Some(e) => Some(e),
            None => return "FAIL:4:bad expression".into(),
        },
        None => None,
    };
    let ctx = match get(&ps, &["context"]).map(|c| base64_decode(c).and_then(|raw| cdt::canonical_ctx(&raw))) {
        None => None,
        Some(Some(ctx)) => Some(ctx),
        Some(None) => return "FAIL:4:bad context".into(),
    };
    let (bin, ktype) = match (get(&ps, &["indexdata"]), get(&ps, &["bin"]), get(&ps, &["type"])) {
        (Some(data), _, _) => match data.split_once(',') {
            Some((b, t)) => (b, t),
            None => return "FAIL:4:bad indexdata".into(),
        },
        (None, Some(b), Some(t)) => (b, t),
        (None, None, Some(t)) if exp.is_some() => ("", t),
        _ => return "FAIL:4:missing bin or type".into(),
    };
    let Some(ktype) = KeyType::parse(ktype) else { return "FAIL:4:bad type".into() };
    let Some(itype) = Collection::parse(get(&ps, &["indextype"]).unwrap_or("default")) else {
        return "FAIL:4:bad indextype".into();
    };
    let idx = Index {
        ns: ns.into(),
        set: get(&ps, &["set"]).map(String::from),
        name: name.into(),
        bin: bin.into(),
        ktype,
        itype,
        ctx,
        exp,
    };
    let mut all = store.sindexes.lock_all();
    if all.contains(&idx) {
        return "ok".into();
    }
    if all.iter().any(|i| (i.ns == idx.ns && i.name == idx.name) || i.same_target(&idx)) {
        return format!(
            "FAIL:{}:Index with the same name already exists or this bin has already been indexed.",
            result::INDEX_FOUND
        );
    }
    all.push(idx);
    "ok".into()
}

pub fn delete(store: &Store, p: &str) -> String {
    let ps = params(p);
    let (Some(ns), Some(name)) = (get(&ps, &["namespace", "ns"]), get(&ps, &["indexname"])) else {
        return "FAIL:4:missing namespace or indexname".into();
    };
    let mut all = store.sindexes.lock_all();
    match all.iter().position(|i| i.ns == ns && i.name == name) {
        Some(pos) => {
            all.remove(pos);
            "ok".into()
        }
        // A real 8.1 server acknowledges dropping an index it does not have.
        None => "ok".into(),
    }
}

pub fn exists(store: &Store, p: &str) -> String {
    let ps = params(p);
    match (get(&ps, &["namespace", "ns"]), get(&ps, &["indexname"])) {
        (Some(ns), Some(name)) => store.sindexes.find(ns, name).is_some().to_string(),
        _ => "FAIL:4:missing namespace or indexname".into(),
    }
}

fn describe(i: &Index) -> String {
    format!(
        "ns={}:indexname={}:set={}:bin={}:type={}:indextype={}:context={}:exp={}:state=RW",
        i.ns,
        i.name,
        i.set.as_deref().unwrap_or("NULL"),
        i.bin,
        i.ktype.name(),
        i.itype.name(),
        i.ctx.as_deref().map_or_else(|| "NULL".to_owned(), crate::info::base64),
        i.exp.as_deref().map_or_else(|| "NULL".to_owned(), crate::info::base64),
    )
}

/// `sindex-list[:ns=NS]` (also `sindex` with no parameters).
pub fn list(store: &Store, p: &str) -> String {
    let ps = params(p);
    let ns = get(&ps, &["namespace", "ns"]);
    let all = store.sindexes.lock_all();
    all.iter().filter(|i| ns.is_none_or(|n| n == i.ns)).map(describe).collect::<Vec<_>>().join(";")
}

/// Index statistics: `sindex/NS/NAME` and `sindex-stat:namespace=NS;indexname=NAME`.
pub fn stat(store: &Store, ns: &str, name: &str) -> String {
    let Some(idx) = store.sindexes.find(ns, name) else {
        return format!("FAIL:{}:Index does not exist on the system.", result::INDEX_NOTFOUND);
    };
    let entries = store.namespace(ns.as_bytes()).map_or(0, |n| {
        let recs = n.lock();
        recs.live(crate::clock::now())
            .filter(|(_, r)| idx.set.as_deref().is_none_or(|s| s.as_bytes() == r.set))
            .map(|(d, r)| idx.value_of(r, d).map_or(0, |b| idx.keys(&b).len()))
            .sum::<usize>()
    });
    format!("keys={entries};entries={entries};load_pct=100;loadtime=0;stat_gc_recs=0")
}

pub fn stat_params(store: &Store, p: &str) -> String {
    let ps = params(p);
    match (get(&ps, &["namespace", "ns"]), get(&ps, &["indexname"])) {
        (Some(ns), Some(name)) => stat(store, ns, name),
        _ => "FAIL:4:missing namespace or indexname".into(),
    }
}

/// One filter from the INDEX_RANGE field: `count(1)` then `bin_len(1) bin
/// particle_type(1) begin_len(4) begin end_len(4) end`.
#[derive(Debug, PartialEq)]
pub struct Filter {
    pub bin: String,
    pub ptype: u8,
    pub begin: Vec<u8>,
    pub end: Vec<u8>,
}

pub fn parse_range(data: &[u8]) -> Option<Filter> {
    let mut c = crate::msg::Cursor { buf: data, pos: 0 };
    if c.u8("").ok()? != 1 {
        return None;
    }
    let n = c.u8("").ok()? as usize;
    let bin = String::from_utf8(c.bytes(n, "").ok()?.to_vec()).ok()?;
    let ptype = c.u8("").ok()?;
    let bl = c.u32("").ok()? as usize;
    let begin = c.bytes(bl, "").ok()?.to_vec();
    let el = c.u32("").ok()? as usize;
    let end = c.bytes(el, "").ok()?.to_vec();
    Some(Filter { bin, ptype, begin, end })
}

impl Filter {
    pub fn key_type(&self) -> Option<KeyType> {
        match self.ptype {
            particle::INTEGER => Some(KeyType::Numeric),
            particle::STRING => Some(KeyType::String),
            particle::BLOB => Some(KeyType::Blob),
            particle::GEOJSON => Some(KeyType::Geo),
            _ => None,
        }
    }

    /// Integer filters are inclusive ranges; others are equality.
    pub fn matches(&self, idx: &Index, bin: &Value) -> bool {
        let int = |b: &[u8]| b.try_into().ok().map(i64::from_be_bytes);
        idx.keys(bin).iter().any(|k| match (k, self.ptype) {
            (V::Int(i), particle::INTEGER) => match (int(&self.begin), int(&self.end)) {
                (Some(lo), Some(hi)) => lo <= *i && *i <= hi,
                _ => false,
            },
            (V::Bytes(b, _), particle::GEOJSON) => geo_match(&self.begin, &b[1..]),
            (V::Bytes(b, _), _) => b.get(1..) == Some(self.begin.as_slice()),
            _ => false,
        })
    }
}

/// A geo query region (the filter's GeoJSON text) against a stored GeoJSON text.
fn geo_match(query: &[u8], stored: &[u8]) -> bool {
    let parse = |b: &[u8]| std::str::from_utf8(b).ok().and_then(geo::parse);
    match (parse(query), parse(stored)) {
        (Some(q), Some(s)) => geo::matches(&q, &s),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Namespace;

    #[test]
    fn create_delete_and_replies() {
        let s = Store::new(vec![Namespace::new("test", 0)]);
        assert_eq!(create(&s, "ns=test;set=s;indexname=i1;indexdata=age,NUMERIC"), "ok");
        assert_eq!(create(&s, "namespace=test;set=s;indexname=i1;bin=age;type=numeric;indextype=default"), "ok");
        assert!(create(&s, "ns=test;set=s;indexname=i1;indexdata=other,NUMERIC").starts_with("FAIL:200:"));
        assert!(create(&s, "ns=test;set=s;indexname=i2;indexdata=age,NUMERIC").starts_with("FAIL:200:"));
        assert!(create(&s, "ns=nope;indexname=i3;indexdata=a,STRING").starts_with("FAIL:20:"));
        assert_eq!(exists(&s, "namespace=test;indexname=i1"), "true");
        assert!(list(&s, "ns=test").contains("indexname=i1:set=s:bin=age:type=numeric"));
        assert!(stat(&s, "test", "i1").contains("load_pct=100"));
        assert_eq!(delete(&s, "ns=test;indexname=i1"), "ok");
        assert_eq!(delete(&s, "ns=test;indexname=i1"), "ok", "dropping a missing index is OK on 8.1");
        assert!(stat(&s, "test", "i1").starts_with("FAIL:201:"));
    }

    #[test]
    fn filters() {
        let mut f = vec![1, 3];
        f.extend_from_slice(b"age");
        f.push(particle::INTEGER);
        f.extend_from_slice(&8u32.to_be_bytes());
        f.extend_from_slice(&10i64.to_be_bytes());
        f.extend_from_slice(&8u32.to_be_bytes());
        f.extend_from_slice(&20i64.to_be_bytes());
        let flt = parse_range(&f).unwrap();
        let idx = Index {
            ns: "test".into(),
            set: None,
            name: "i".into(),
            bin: "age".into(),
            ktype: KeyType::Numeric,
            itype: Collection::Default,
            ctx: None,
            exp: None,
        };
        assert!(flt.matches(&idx, &Value::int(20)));
        assert!(!flt.matches(&idx, &Value::int(21)));
        assert!(!flt.matches(&idx, &Value::new(particle::STRING, b"15".to_vec())));
        assert!(parse_range(&f[..f.len() - 1]).is_none());
    }
}
