//! The Python types results come back as: the shapes both the official client and
//! aerospike-py 0.14.4 code read.
//!
//! - `Record(key, meta, bins)`, `ExistsResult(key, meta)`, `AerospikeKey(namespace,
//!   set_name, user_key, digest)` and `BatchRecord(key, result, record, in_doubt)`
//!   are named tuples: unpacking and indexing work as on plain tuples (and compare
//!   equal to them), the fields work as attributes.
//! - `RecordMetadata` is a `dict` (`meta["gen"]`, as the official client) whose
//!   `gen` / `ttl` are also attributes (`meta.gen`, as aerospike-py 0.14.4).
//! - `BatchRecords` holds `batch_records` (rows in key order) and `result`.
//!
//! Cost: each class is built once per interpreter from the standard library (no
//! import of the package, so the benches' bare interpreter has them too). An
//! instance is filled in place, or made by `tuple.__new__` from CPython 3.14 (see
//! `TupleType::make`): no Python-level `__new__` runs.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};

/// The module the result types say they belong to: they are exported there, so
/// `pickle` and `repr` find them by that name.
const MODULE: &str = "aerospike_py";

/// One named-tuple result type: its name, fields and docstring.
struct TupleType {
    name: &'static str,
    fields: &'static [&'static str],
    doc: &'static str,
    cell: PyOnceLock<Py<PyType>>,
}

impl TupleType {
    const fn new(name: &'static str, fields: &'static [&'static str], doc: &'static str) -> Self {
        Self { name, fields, doc, cell: PyOnceLock::new() }
    }

    fn get<'py>(&'static self, py: Python<'py>) -> PyResult<&'py Bound<'py, PyType>> {
        self.cell
            .get_or_try_init(py, || {
                let namedtuple = py.import("collections")?.getattr("namedtuple")?;
                let kwargs = PyDict::new(py);
                kwargs.set_item("module", MODULE)?;
                let cls = namedtuple.call((self.name, self.fields.to_vec()), Some(&kwargs))?;
                cls.setattr("__doc__", self.doc)?;
                Ok(cls.cast_into::<PyType>()?.unbind())
            })
            .map(|cls| cls.bind(py))
    }

    /// An instance holding `items` (as many as the type has fields). Before CPython
    /// 3.14: allocated by the type and filled in place, as `tuple.__new__` does for a
    /// subclass (~150 instructions against ~1,000 for calling it). From 3.14, whose
    /// tuples cache their hash in a field that allocation leaves zero, through
    /// `tuple.__new__(cls, items)`: what the named tuple's own `__new__` ends in,
    /// without its Python frame.
    fn make<'py, const N: usize>(
        &'static self,
        py: Python<'py>,
        items: [Bound<'py, PyAny>; N],
    ) -> PyResult<Bound<'py, PyTuple>> {
        debug_assert_eq!(N, self.fields.len());
        let cls = self.get(py)?;
        if *FILL_IN_PLACE.get_or_init(py, || py.version_info() < (3, 14)) {
            // SAFETY: `cls` is a tuple subclass of our making with no fields of its own;
            // `PyType_GenericAlloc` gives a new, zeroed instance of length N (refcount 1),
            // and `PyTuple_SetItem` steals one reference per slot, each filled once.
            unsafe {
                let made = pyo3::ffi::PyType_GenericAlloc(cls.as_ptr().cast(), N as pyo3::ffi::Py_ssize_t);
                if made.is_null() {
                    return Err(PyErr::fetch(py));
                }
                let made = Bound::from_owned_ptr(py, made);
                for (index, item) in items.into_iter().enumerate() {
                    if pyo3::ffi::PyTuple_SetItem(made.as_ptr(), index as pyo3::ffi::Py_ssize_t, item.into_ptr()) < 0 {
                        return Err(PyErr::fetch(py));
                    }
                }
                return Ok(made.cast_into_unchecked());
            }
        }
        let tuple_new = TUPLE_NEW
            .get_or_try_init(py, || -> PyResult<_> { Ok(py.get_type::<PyTuple>().getattr("__new__")?.unbind()) })?;
        let made = tuple_new.bind(py).call1((cls, PyTuple::new(py, items)?))?;
        Ok(made.cast_into::<PyTuple>()?)
    }
}

/// Whether this interpreter's tuples can be filled in place (CPython before 3.14).
static FILL_IN_PLACE: PyOnceLock<bool> = PyOnceLock::new();

/// `tuple.__new__`, looked up once.
static TUPLE_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

static RECORD: TupleType = TupleType::new(
    "Record",
    &["key", "meta", "bins"],
    "A record: ``(key, meta, bins)``; unpacks as a tuple, fields as attributes.",
);
static EXISTS_RESULT: TupleType = TupleType::new(
    "ExistsResult",
    &["key", "meta"],
    "What ``exists`` returns: ``(key, meta)``, ``meta`` None when the record does not exist.",
);
static KEY: TupleType = TupleType::new(
    "AerospikeKey",
    &["namespace", "set_name", "user_key", "digest"],
    "A returned key: ``(namespace, set, user_key_or_None, digest)``.",
);
static BATCH_RECORD: TupleType = TupleType::new(
    "BatchRecord",
    &["key", "result", "record", "in_doubt"],
    "One row of a batch: ``key``, ``result`` (0 ok, 2 record not found, ...), \
     ``record`` (a Record, or None unless the row succeeded) and ``in_doubt``.",
);

pub(crate) fn record<'py>(
    py: Python<'py>,
    key: Bound<'py, PyAny>,
    meta: Bound<'py, PyAny>,
    bins: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    RECORD.make(py, [key, meta, bins])
}

pub(crate) fn exists_result<'py>(
    py: Python<'py>,
    key: Bound<'py, PyAny>,
    meta: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    EXISTS_RESULT.make(py, [key, meta])
}

pub(crate) fn key<'py>(py: Python<'py>, items: [Bound<'py, PyAny>; 4]) -> PyResult<Bound<'py, PyTuple>> {
    KEY.make(py, items)
}

pub(crate) fn batch_record<'py>(
    py: Python<'py>,
    key: Bound<'py, PyAny>,
    result: i32,
    record: Bound<'py, PyAny>,
    in_doubt: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let result = result.into_pyobject(py)?.into_any();
    let in_doubt = pyo3::types::PyBool::new(py, in_doubt).to_owned().into_any();
    BATCH_RECORD.make(py, [key, result, record, in_doubt])
}

static META: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `RecordMetadata`: a `dict` subclass whose `gen` and `ttl` items are also read-only
/// attributes (C-level `itemgetter`s, so `meta.gen` costs what `meta["gen"]` does).
fn meta_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    META.get_or_try_init(py, || {
        let builtins = py.import("builtins")?;
        let itemgetter = py.import("operator")?.getattr("itemgetter")?;
        let property = builtins.getattr("property")?;
        let namespace = PyDict::new(py);
        namespace.set_item("__slots__", PyTuple::empty(py))?;
        namespace.set_item("__module__", MODULE)?;
        namespace.set_item(
            "__doc__",
            "Record metadata: ``{'gen': generation, 'ttl': seconds_left}``, readable as \
             ``meta['gen']`` and as ``meta.gen``.",
        )?;
        for (name, doc) in [("gen", "The record's generation."), ("ttl", "Seconds until the record expires.")] {
            namespace.set_item(name, property.call1((itemgetter.call1((name,))?, py.None(), py.None(), doc))?)?;
        }
        let dict_type = builtins.getattr("dict")?;
        let cls = builtins.getattr("type")?.call1(("RecordMetadata", (dict_type,), namespace))?;
        Ok(cls.cast_into::<PyType>()?.unbind())
    })
    .map(|cls| cls.bind(py))
}

/// `{"gen": generation, "ttl": ttl}` as a `RecordMetadata`.
pub(crate) fn meta(py: Python<'_>, generation: u32, ttl: u64) -> PyResult<Bound<'_, PyDict>> {
    // Calling the type with no arguments is `dict.__new__` + `dict.__init__`: the
    // subclass defines neither, so no Python code runs.
    let meta = meta_type(py)?.call0()?.cast_into::<PyDict>()?;
    meta.set_item(intern!(py, "gen"), generation)?;
    meta.set_item(intern!(py, "ttl"), ttl)?;
    Ok(meta)
}

/// The result of a batch call: `batch_records`, one `BatchRecord` per key in key
/// order, and `result` (0 when the batch itself ran; a row's own failure is in its
/// `result`). The same container the official client's
/// `aerospike_helpers.batch.records.BatchRecords` is.
#[pyclass(module = "aerospike_py", get_all, set_all)]
pub(crate) struct BatchRecords {
    /// The rows, in key order.
    batch_records: Py<PyList>,
    /// The batch's own result code: 0 when it ran (each row has its own).
    result: i32,
}

#[pymethods]
impl BatchRecords {
    #[new]
    #[pyo3(signature = (batch_records=None))]
    fn py_new(py: Python<'_>, batch_records: Option<Bound<'_, PyList>>) -> Self {
        let batch_records = batch_records.unwrap_or_else(|| PyList::empty(py)).unbind();
        Self { batch_records, result: 0 }
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("BatchRecords(result={}, batch_records=<{} rows>)", self.result, self.batch_records.bind(py).len())
    }
}

pub(crate) fn batch_records<'py>(py: Python<'py>, rows: Bound<'py, PyList>) -> PyResult<Bound<'py, BatchRecords>> {
    Bound::new(py, BatchRecords { batch_records: rows.unbind(), result: 0 })
}

/// Sets the Python-built result types on the native module (the package re-exports
/// them). `setattr`, not `add`: the module's other exports are not in an `__all__`.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    for cls in [RECORD.get(py)?, EXISTS_RESULT.get(py)?, KEY.get(py)?, BATCH_RECORD.get(py)?, meta_type(py)?] {
        module.setattr(cls.name()?, cls)?;
    }
    Ok(())
}
