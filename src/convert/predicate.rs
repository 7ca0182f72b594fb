//! Query predicates (`aerospike_py.predicates`) → `aerospike::query::Filter`.
//!
//! A predicate is `{"predicate": kind, "bin": name, ...}`; each kind reads exactly
//! its fields (an extra or missing field is a `ParamError` naming it):
//! `equals` (`val`: int, str or bytes), `between` (`min`, `max`), `contains`
//! (`index_type`, `val`), `range` (`index_type`, `min`, `max`), `geo_within`
//! (`region`, `index_type`) and `geo_contains` (`point`, `index_type`).
//! `index_type` is an `INDEX_TYPE_*` value (the bin itself, list elements, map keys
//! or map values). The tuples the official client's `aerospike.predicates` builds are
//! accepted too, so code that builds predicates with it runs unchanged. Cost: a few
//! dict lookups. `filter_by_index_from_py` builds the same filters aimed at one index by
//! name (`Query.where_with_index_name`): the predicate's bin is checked, not sent.

use aerospike::query::{CollectionIndexType, EqFilterValue, Filter, RangeFilterValue};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyString, PyTuple};

use super::record::bin_name;
use super::value::to_int;
use crate::errors::{Error, Result};

const KINDS: &str = "equals, between, contains, range, geo_within or geo_contains";

pub(crate) fn filter_from_py(obj: &Bound<'_, PyAny>) -> Result<Filter> {
    filter_on(obj, None)
}

/// The filter `obj` describes, aimed at the secondary index named `index_name` (a name
/// `convert::name` has checked).
pub(crate) fn filter_by_index_from_py(index_name: &str, obj: &Bound<'_, PyAny>) -> Result<Filter> {
    filter_on(obj, Some(index_name))
}

fn filter_on(obj: &Bound<'_, PyAny>, index: Option<&str>) -> Result<Filter> {
    let bad = || Error::param(format!("predicate must come from aerospike_py.predicates ({KINDS})"));
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return official_tuple(tuple, index).ok_or_else(bad)?;
    }
    let dict = obj.cast::<PyDict>().map_err(|_| bad())?;
    let mut p = Fields { dict, read: 0 };
    let kind = p.required("predicate")?;
    let kind = kind.cast::<PyString>().map_err(|_| bad())?.to_str()?.to_owned();
    let on = Target { bin: bin_name(&p.required("bin")?)?, index };
    let filter = match kind.as_str() {
        "equals" => on.equal(&p.required("val")?)?,
        "between" => on.range(p.int("min")?, p.int("max")?),
        "contains" => {
            let (collection, value) = (p.collection()?, p.required("val")?);
            on.equal(&value)?.collection_type(collection)
        }
        "range" => {
            let collection = p.collection()?;
            on.range(p.int("min")?, p.int("max")?).collection_type(collection)
        }
        "geo_within" => {
            let (collection, region) = (p.collection()?, p.text("region")?);
            on.geo_within(&region).collection_type(collection)
        }
        "geo_contains" => {
            let (collection, point) = (p.collection()?, p.text("point")?);
            on.geo_contains(&point).collection_type(collection)
        }
        _ => return Err(bad()),
    };
    if p.read != dict.len() {
        return Err(Error::param(format!("'{kind}' predicate has unexpected fields")));
    }
    Ok(filter)
}

/// The predicate dict, counting the fields read so extras can be refused.
struct Fields<'a, 'py> {
    dict: &'a Bound<'py, PyDict>,
    read: usize,
}

impl<'py> Fields<'_, 'py> {
    fn required(&mut self, name: &str) -> Result<Bound<'py, PyAny>> {
        let value = self.dict.get_item(name)?.ok_or_else(|| Error::param(format!("predicate is missing '{name}'")))?;
        self.read += 1;
        Ok(value)
    }

    fn int(&mut self, name: &str) -> Result<i64> {
        let value = self.required(name)?;
        if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
            to_int(&value)
        } else {
            Err(super::value::unsupported(&value, &format!("predicate '{name}' (expected int)")))
        }
    }

    fn text(&mut self, name: &str) -> Result<String> {
        let value = self.required(name)?;
        let text = value.cast::<PyString>().map_err(|_| Error::param(format!("predicate '{name}' must be a str")))?;
        Ok(text.to_str()?.to_owned())
    }

    fn collection(&mut self) -> Result<CollectionIndexType> {
        Ok(match self.int("index_type")? {
            0 => CollectionIndexType::Default,
            1 => CollectionIndexType::List,
            2 => CollectionIndexType::MapKeys,
            3 => CollectionIndexType::MapValues,
            n => return Err(Error::param(format!("predicate 'index_type' has no value {n} (use INDEX_TYPE_*)"))),
        })
    }
}

/// A predicate built by the official client's `aerospike.predicates`:
/// `(kind, index_datatype, bin, value[, value2[, index_type]])` with kind 0 (equality)
/// or 1 (integer range or geo region; a geo "contains" is a region that is a Point,
/// which the server tells apart by itself). None when the tuple has another shape.
fn official_tuple(t: &Bound<'_, PyTuple>, index: Option<&str>) -> Option<Result<Filter>> {
    if !(4..=6).contains(&t.len()) {
        return None;
    }
    let kind: i64 = t.get_item(0).ok()?.extract().ok()?;
    let datatype: i64 = t.get_item(1).ok()?.extract().ok()?;
    let bin = t.get_item(2).ok()?;
    let first = t.get_item(3).ok()?;
    let collection: i64 = match t.get_item(5) {
        Ok(v) => v.extract().ok()?,
        Err(_) => 0,
    };
    Some((|| -> Result<Filter> {
        let on = Target { bin: bin_name(&bin)?, index };
        let collection = match collection {
            0 => CollectionIndexType::Default,
            1 => CollectionIndexType::List,
            2 => CollectionIndexType::MapKeys,
            3 => CollectionIndexType::MapValues,
            n => return Err(Error::param(format!("predicate index_type has no value {n}"))),
        };
        let filter = match (kind, datatype) {
            (0, _) => on.equal(&first)?,
            (1, 2) => {
                let region =
                    first.cast::<PyString>().map_err(|_| Error::param("geo predicate region must be a str"))?;
                on.geo_within(region.to_str()?)
            }
            (1, _) => {
                let second = t.get_item(4)?;
                let int = |v: &Bound<'_, PyAny>| -> Result<i64> {
                    if v.is_instance_of::<PyInt>() && !v.is_instance_of::<PyBool>() {
                        to_int(v)
                    } else {
                        Err(super::value::unsupported(v, "range predicate bound (expected int)"))
                    }
                };
                on.range(int(&first)?, int(&second)?)
            }
            _ => return Err(Error::param(format!("official predicate kind {kind} is not supported"))),
        };
        Ok(filter.collection_type(collection))
    })())
}

/// What a filter is aimed at: the predicate's bin (the server finds its index), or the
/// index named by `where_with_index_name`.
struct Target<'a> {
    bin: String,
    index: Option<&'a str>,
}

impl Target<'_> {
    /// An equality filter on an int, str or bytes value.
    fn equal(self, value: &Bound<'_, PyAny>) -> Result<Filter> {
        if let Ok(s) = value.cast::<PyString>() {
            Ok(self.equal_to(s.to_str()?))
        } else if let Ok(b) = value.cast::<PyBytes>() {
            Ok(self.equal_to(b.as_bytes().to_vec()))
        } else if let Ok(b) = value.cast::<PyByteArray>() {
            Ok(self.equal_to(b.to_vec()))
        } else if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
            Ok(self.equal_to(to_int(value)?))
        } else {
            Err(super::value::unsupported(value, "predicate value (expected int, str or bytes)"))
        }
    }

    fn equal_to(self, value: impl EqFilterValue) -> Filter {
        match self.index {
            Some(index) => Filter::equal_by_index(index, value),
            None => Filter::equal(self.bin, value),
        }
    }

    fn range(self, begin: impl RangeFilterValue, end: impl RangeFilterValue) -> Filter {
        match self.index {
            Some(index) => Filter::range_by_index(index, begin, end),
            None => Filter::range(self.bin, begin, end),
        }
    }

    fn geo_within(self, region: &str) -> Filter {
        match self.index {
            Some(index) => Filter::geo_within_region_by_index(index, region),
            None => Filter::geo_within_region(self.bin, region),
        }
    }

    fn geo_contains(self, point: &str) -> Filter {
        match self.index {
            Some(index) => Filter::geo_contains_by_index(index, point),
            None => Filter::geo_contains(self.bin, point),
        }
    }
}
