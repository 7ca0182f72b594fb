//! Python `str`s for the names every reply repeats (namespaces, sets, bin names), made
//! once per process and shared. A batch of 100 records of 4 bins otherwise builds, and
//! hashes again on each dict insertion, 600 identical strings; a shared one carries its
//! cached hash.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{LazyLock, Mutex};

use pyo3::prelude::*;
use pyo3::types::PyString;

/// Applications use a bounded set of names; past this many, new ones are built per use
/// instead of kept, so a workload of ever-new names cannot grow the table for ever.
const MAX_NAMES: usize = 4096;

/// Only ever locked with the GIL held, so it is uncontended.
static NAMES: LazyLock<Mutex<Names>> = LazyLock::new(Default::default);

type Names = HashMap<Box<str>, Py<PyString>, BuildHasherDefault<NameHasher>>;

/// A multiply-rotate hash over 8-byte words: names are short, and SipHash cost more than
/// the lookup saved. (Flooding is bounded: the table stops growing at `MAX_NAMES`.)
#[derive(Default)]
struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The shared Python `str` for `name`.
pub(crate) fn name<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyString> {
    let mut names = NAMES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(shared) = names.get(name) {
        return shared.bind(py).clone();
    }
    let made = PyString::new(py, name);
    if names.len() < MAX_NAMES {
        names.insert(name.into(), made.clone().unbind());
    }
    made
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_built_once_and_shared() {
        Python::attach(|py| {
            let (first, second) = (name(py, "bin-a"), name(py, "bin-a"));
            assert!(first.is(&second));
            assert_eq!(first.to_str().unwrap(), "bin-a");
            assert!(!name(py, "bin-b").is(&first));
        });
    }
}
