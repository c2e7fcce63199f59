//! `parkwater.verify(scenario, result)`: a plan checked against a scenario
//! by the engine's own verifier (`parkwater_core::verify::verify_plan`), the
//! same as `parkwater verify`.

use crate::errors::guard;
use crate::rules::PluginArgs;
use crate::run::{prepare, Job};
use parkwater_core::verify::{verify_plan, Plan};
use pyo3::prelude::*;
use std::path::PathBuf;

/// Checks `plan` (JSON text: at least `flows`) against the scenario JSON
/// (its plugins applied); returns the verification document as JSON text.
/// An invalid scenario or plan raises `ValidationError`.
#[pyfunction]
#[pyo3(signature = (json, plan, plugin_dirs=Vec::new(), plugins=Vec::new()))]
pub fn verify(
    py: Python<'_>,
    json: String,
    plan: String,
    plugin_dirs: Vec<PathBuf>,
    plugins: Vec<Py<PyAny>>,
) -> PyResult<String> {
    let plugins = PluginArgs::new(py, plugin_dirs, plugins)?;
    let outcome = py.detach(|| {
        guard(|| {
            let (_, model) = prepare(&json, &plugins)?;
            let plan =
                Plan::from_json(&plan, std::path::Path::new("<result>")).map_err(Job::Invalid)?;
            let checked = verify_plan(&model, &plan).map_err(Job::Invalid)?;
            Ok::<String, Job>(checked.to_json().to_string())
        })
    });
    match outcome.map_err(|e| e.into_py(py))? {
        Ok(text) => Ok(text),
        Err(job) => job.into_result(py),
    }
}
