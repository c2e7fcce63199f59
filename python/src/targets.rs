//! Water pinch targets from Python: the same document as
//! `parkwater target --format json`, plus the composite curves as SVG.

use crate::errors;
use crate::rules::PluginArgs;
use crate::run::{self, Job};
use parkwater_core::targeting::{self, ContaminantTargets, TargetingError};
use pyo3::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// How a targeting run ended, before it meets Python.
pub enum Outcome {
    /// The document (JSON text) and SVG curves by contaminant.
    Done(String, BTreeMap<String, String>),
    /// The scenario did not parse, validate or pass its plugins, or the LP broke.
    Failed(Job),
    /// The one contaminant asked for cannot be targeted.
    Targeting(TargetingError),
}

/// Targets `contaminant` (or the only one); with several contaminants and
/// none named, every one of them, the limiting one, and the LP's minimum
/// freshwater with all at once. Needs no GIL.
pub fn run(json: &str, contaminant: Option<&str>, plugins: &PluginArgs) -> Outcome {
    let (applied, model) = match run::prepare(json, plugins) {
        Ok(ready) => ready,
        Err(job) => return Outcome::Failed(job),
    };
    let operations = targeting::operations(&applied.scenario, &model);
    let single = contaminant
        .map(str::to_string)
        .or_else(|| match model.contaminants.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        });
    let (mut doc, targeted) = match single {
        Some(c) => match targeting::target(&model, &c) {
            Ok(t) => (to_value(&t), vec![t]),
            Err(e) => return Outcome::Targeting(e),
        },
        None => {
            let all = targeting::target_all(&model);
            let mut doc = to_value(&all);
            doc["flow_unit"] = json!(model.flow_unit.name());
            if model.contaminants.len() > 1 {
                match targeting::lp_freshwater(&model) {
                    Ok((status, freshwater)) => {
                        doc["lp_status"] = json!(status);
                        doc["lp_freshwater"] = json!(freshwater);
                    }
                    Err(e) => return Outcome::Failed(Job::Solver(e.to_string())),
                }
            }
            (doc, all.contaminants)
        }
    };
    doc["status"] = json!("ok");
    if !operations.is_empty() {
        doc["operations"] = json!(operations);
    }
    Outcome::Done(doc.to_string(), curves(&targeted))
}

fn to_value<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Each contaminant's composite curves; a contaminant whose curves cannot be
/// drawn is left out (its targets are still in the document).
fn curves(targeted: &[ContaminantTargets]) -> BTreeMap<String, String> {
    targeted
        .iter()
        .filter_map(|t| Some((t.contaminant.clone(), t.composite_svg().ok()?)))
        .collect()
}

impl Outcome {
    /// The document and curves, or the Python exception: an unknown
    /// contaminant or out-of-range data is a `ValidationError`, a cascade no
    /// flow can satisfy an `InfeasibleError`.
    pub fn into_result(self, py: Python<'_>) -> PyResult<(String, BTreeMap<String, String>)> {
        match self {
            Outcome::Done(doc, svg) => Ok((doc, svg)),
            Outcome::Failed(job) => job.into_result(py).map(|_| Default::default()),
            Outcome::Targeting(e) if e.is_infeasible() => {
                Err(errors::raise(py, "InfeasibleError", (e.to_string(),)))
            }
            Outcome::Targeting(e) => Err(errors::validation_problems(
                py,
                e.to_string(),
                [(
                    "contaminant".to_string(),
                    e.code().to_string(),
                    e.to_string(),
                )],
            )),
        }
    }
}
