//! Water pinch targets from Python: the same document as
//! `parkwater target --format json`, plus the composite curves as SVG.

use crate::errors;
use crate::rules::PluginArgs;
use crate::run::{self, Job};
use parkwater_core::targeting::{
    self, ContaminantTargets, TargetReport, TargetReportError, TargetingError,
};
use pyo3::prelude::*;
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
    let report = match TargetReport::new(&model, contaminant) {
        Ok(report) => report,
        Err(TargetReportError::Targeting(e)) => return Outcome::Targeting(e),
        Err(TargetReportError::Solve(e)) => return Outcome::Failed(Job::Solver(e.to_string())),
    };
    let operations = targeting::operations(&applied.scenario, &model);
    match report.document(&model, &operations) {
        Ok(doc) => Outcome::Done(doc.to_string(), curves(report.targeted())),
        Err(e) => Outcome::Failed(Job::Solver(format!("cannot encode the targets: {e}"))),
    }
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
