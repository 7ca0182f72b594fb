//! An operate reply → what Python sees: each answering op's `(bin, value)` in op
//! order (`operate_ordered`), or a dict where a bin's last answer wins (`operate`).
//!
//! Single-record operate replies carry one result per op (`Record::results`). Batch
//! replies only carry the bin view, where a bin answered by several ops holds a
//! `MultiResult` in op order (nil for silent writes), so the per-op results are
//! rebuilt from it. An op list that reads all bins answers with the record's bins.

use std::collections::{HashMap, VecDeque};

use aerospike::{Record, Value};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::Answer;
use crate::convert::value::to_py;

/// The answering ops' results, in op order.
pub(crate) fn answered(record: &mut Record, answers: &[Answer]) -> Vec<(String, Value)> {
    let bins = std::mem::take(&mut record.bins);
    if answers.contains(&Answer::AllBins) {
        return bins
            .into_iter()
            .flat_map(|(name, value)| expand(value).into_iter().map(move |v| (name.clone(), v)))
            .collect();
    }
    if let Some(results) = record.results.take().filter(|r| r.len() == answers.len()) {
        return answers
            .iter()
            .zip(results)
            .filter_map(|(answer, value)| match answer {
                Answer::Bin(name) => Some((name.clone(), value)),
                _ => None,
            })
            .collect();
    }
    let mut queues: HashMap<String, VecDeque<Value>> =
        bins.into_iter().map(|(name, value)| (name, expand(value).into())).collect();
    let mut out = Vec::new();
    for answer in answers {
        match answer {
            Answer::Bin(name) => {
                let value = queues.get_mut(name).and_then(VecDeque::pop_front).unwrap_or(Value::Nil);
                out.push((name.clone(), value));
            }
            Answer::Silent(Some(name)) => {
                // A silent op's nil slot is only there when another op shares the bin.
                if let Some(queue) = queues.get_mut(name).filter(|q| q.len() > 1 && q[0].is_nil()) {
                    queue.pop_front();
                }
            }
            Answer::Silent(None) | Answer::AllBins => {}
        }
    }
    out
}

fn expand(value: Value) -> Vec<Value> {
    match value {
        Value::MultiResult(values) => values,
        value => vec![value],
    }
}

/// `{bin: value}`; a bin answered by several ops holds the last answer.
pub(crate) fn bins_to_py<'py>(
    py: Python<'py>,
    results: impl IntoIterator<Item = (String, Value)>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in results {
        dict.set_item(crate::convert::interned::name(py, &name), to_py(py, value)?)?;
    }
    Ok(dict)
}

/// `[(bin, value), ...]` in op order.
pub(crate) fn ordered_to_py<'py>(py: Python<'py>, results: Vec<(String, Value)>) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for (name, value) in results {
        list.append(PyTuple::new(py, [crate::convert::interned::name(py, &name).into_any(), to_py(py, value)?])?)?;
    }
    Ok(list)
}
