//! `parkwater._parkwater`: the compiled half of the Python package.
//!
//! Thin on purpose. Scenarios cross the boundary as JSON text (the file
//! format's JSON encoding, same field names as the TOML) and reports come back
//! as JSON text; the pure-Python `parkwater` package turns them into
//! `Scenario` and `Result` objects. So the pickled form of both is plain
//! Python data, editing happens on dicts, and every rule of the model stays in
//! `parkwater-core`.
//!
//! Every solve releases the GIL. Domain errors are raised as the exception
//! classes of `parkwater._errors` (`ValidationError`, `SolverError`, ...);
//! a panic inside the engine is caught and raised as `SolverError`, never as
//! pyo3's `PanicException`.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod errors;
mod report;
mod rules;
mod run;
mod study;
mod targets;
mod verify;

use pyo3::prelude::*;
use rules::PluginArgs;
use run::{Job, RunOptions};
use std::path::PathBuf;

use parkwater_core::Scenario;

/// Reads a scenario file (TOML, JSON for `.json`, an `.xlsx` workbook or a
/// folder of CSV files) and returns it as JSON text.
#[pyfunction]
fn load(py: Python<'_>, path: PathBuf) -> PyResult<String> {
    let scenario = py
        .detach(|| errors::guard(|| parkwater_xlsx::read_scenario(&path)))
        .map_err(|e| e.into_py(py))?
        .map_err(|e| errors::read_error(py, e))?;
    Ok(scenario.to_json())
}

/// Parses TOML scenario text and returns it as JSON text.
#[pyfunction]
fn toml_to_json(py: Python<'_>, text: &str) -> PyResult<String> {
    Scenario::from_toml(text)
        .map(|s| s.to_json())
        .map_err(|e| errors::parse_error(py, e))
}

/// Checks the structure of scenario JSON text (field names, types) and
/// returns it in canonical form: defaults left out, numbers as floats.
#[pyfunction]
fn normalize(py: Python<'_>, json: &str) -> PyResult<String> {
    Scenario::from_json(json)
        .map(|s| s.to_json())
        .map_err(|e| errors::parse_error(py, e))
}

/// Scenario JSON text to TOML text.
#[pyfunction]
fn json_to_toml(py: Python<'_>, json: &str) -> PyResult<String> {
    let scenario = Scenario::from_json(json).map_err(|e| errors::parse_error(py, e))?;
    errors::guard(|| scenario.to_toml()).map_err(|e| e.into_py(py))
}

/// Applies the scenario's plugins and validates it; raises `ValidationError`
/// listing every problem (or `PluginError`).
#[pyfunction]
#[pyo3(signature = (json, plugin_dirs=Vec::new(), plugins=Vec::new()))]
fn validate(
    py: Python<'_>,
    json: String,
    plugin_dirs: Vec<PathBuf>,
    plugins: Vec<Py<PyAny>>,
) -> PyResult<()> {
    let plugins = PluginArgs::new(py, plugin_dirs, plugins)?;
    let prepared = py.detach(|| errors::guard(|| run::prepare(&json, &plugins).map(|_| ())));
    match prepared.map_err(|e| e.into_py(py))? {
        Ok(()) => Ok(()),
        Err(job) => job.into_result(py).map(|_| ()),
    }
}

/// Validates and solves scenario JSON text with the GIL released; returns the
/// report as JSON text (whatever its status: the caller decides what an
/// infeasible park means). Plugins come from `plugin_dirs` (then
/// `PARKWATER_PLUGIN_PATH`) and from the Python objects in `plugins`.
#[pyfunction]
#[pyo3(signature = (json, time_limit=None, threads=1, algorithm="auto", pricing="auto", verbose=false, plugin_dirs=Vec::new(), plugins=Vec::new()))]
#[allow(clippy::too_many_arguments)]
fn solve(
    py: Python<'_>,
    json: String,
    time_limit: Option<f64>,
    threads: usize,
    algorithm: &str,
    pricing: &str,
    verbose: bool,
    plugin_dirs: Vec<PathBuf>,
    plugins: Vec<Py<PyAny>>,
) -> PyResult<String> {
    let options = RunOptions::new(time_limit, threads, algorithm, pricing, verbose)?;
    let plugins = PluginArgs::new(py, plugin_dirs, plugins)?;
    let outcome = py.detach(|| Job::run(&json, &options, &plugins));
    outcome.into_result(py)
}

/// Solves many scenarios in parallel on the rayon pool (GIL released),
/// in order. Each item is the report's JSON text, or the exception instance
/// (not raised) that [`solve`] would have raised for that scenario.
#[pyfunction]
#[pyo3(signature = (jsons, time_limit=None, threads=1, algorithm="auto", pricing="auto", max_workers=None, plugin_dirs=Vec::new(), plugins=Vec::new()))]
#[allow(clippy::too_many_arguments)]
fn solve_many(
    py: Python<'_>,
    jsons: Vec<String>,
    time_limit: Option<f64>,
    threads: usize,
    algorithm: &str,
    pricing: &str,
    max_workers: Option<usize>,
    plugin_dirs: Vec<PathBuf>,
    plugins: Vec<Py<PyAny>>,
) -> PyResult<Vec<Py<PyAny>>> {
    let options = RunOptions::new(time_limit, threads, algorithm, pricing, false)?;
    let plugins = PluginArgs::new(py, plugin_dirs, plugins)?;
    let outcomes = py.detach(|| run::run_many(&jsons, &options, &plugins, max_workers))?;
    outcomes
        .into_iter()
        .map(|o| match o.into_result(py) {
            Ok(text) => Ok(text.into_pyobject(py)?.into_any().unbind()),
            Err(err) => Ok(err.into_value(py).into_any()),
        })
        .collect()
}

/// Water pinch targets (GIL released): the targets document as JSON text and
/// each targeted contaminant's composite curves as SVG text, by contaminant.
#[pyfunction]
#[pyo3(signature = (json, contaminant=None, plugin_dirs=Vec::new(), plugins=Vec::new()))]
fn target(
    py: Python<'_>,
    json: String,
    contaminant: Option<String>,
    plugin_dirs: Vec<PathBuf>,
    plugins: Vec<Py<PyAny>>,
) -> PyResult<(String, std::collections::BTreeMap<String, String>)> {
    let plugins = PluginArgs::new(py, plugin_dirs, plugins)?;
    let outcome =
        py.detach(|| errors::guard(|| targets::run(&json, contaminant.as_deref(), &plugins)));
    outcome.map_err(|e| e.into_py(py))?.into_result(py)
}

/// The versions of the engine and of HiGHS, e.g. `("0.1.0", "HiGHS 1.16.0")`.
#[pyfunction]
fn versions() -> (String, String) {
    (
        env!("CARGO_PKG_VERSION").to_string(),
        run::solver_name().to_string(),
    )
}

/// The field names of each table of the scenario file, read off the
/// engine's schema: `{"sink": ["id", "enterprise", ...], ...}`.
#[pyfunction]
fn schema_fields() -> std::collections::BTreeMap<&'static str, Vec<&'static str>> {
    parkwater_core::scenario::table_fields()
        .into_iter()
        .map(|(table, fields)| (table, fields.to_vec()))
        .collect()
}

/// The extension module.
#[pymodule]
fn _parkwater(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(toml_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(json_to_toml, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(solve, m)?)?;
    m.add_function(wrap_pyfunction!(solve_many, m)?)?;
    m.add_function(wrap_pyfunction!(target, m)?)?;
    m.add_function(wrap_pyfunction!(versions, m)?)?;
    m.add_function(wrap_pyfunction!(schema_fields, m)?)?;
    m.add_function(wrap_pyfunction!(report::report_html, m)?)?;
    m.add_function(wrap_pyfunction!(report::report_kpis, m)?)?;
    m.add_function(wrap_pyfunction!(verify::verify, m)?)?;
    m.add_function(wrap_pyfunction!(study::apply_sets, m)?)?;
    m.add_function(wrap_pyfunction!(study::compare, m)?)?;
    m.add_function(wrap_pyfunction!(study::sweep_points, m)?)?;
    m.add_function(wrap_pyfunction!(study::sweep, m)?)?;
    Ok(())
}
