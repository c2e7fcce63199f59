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
mod run;

use pyo3::prelude::*;
use run::{Job, RunOptions};
use std::path::PathBuf;

use parkwater_core::Scenario;

/// Reads a scenario file (TOML, or JSON for `.json`) and returns it as JSON text.
#[pyfunction]
fn load(py: Python<'_>, path: PathBuf) -> PyResult<String> {
    let scenario = py
        .detach(|| errors::guard(|| Scenario::from_path(&path)))
        .map_err(|e| e.into_py(py))?
        .map_err(|e| errors::parse_error(py, e))?;
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

/// Validates scenario JSON text; raises `ValidationError` listing every problem.
#[pyfunction]
fn validate(py: Python<'_>, json: &str) -> PyResult<()> {
    let scenario = Scenario::from_json(json).map_err(|e| errors::parse_error(py, e))?;
    scenario
        .validate()
        .map(|_| ())
        .map_err(|e| errors::validation_error(py, &e))
}

/// Validates and solves scenario JSON text with the GIL released; returns the
/// report as JSON text (whatever its status: the caller decides what an
/// infeasible park means).
#[pyfunction]
#[pyo3(signature = (json, time_limit=None, threads=1, algorithm="auto", pricing="auto", verbose=false))]
fn solve(
    py: Python<'_>,
    json: String,
    time_limit: Option<f64>,
    threads: usize,
    algorithm: &str,
    pricing: &str,
    verbose: bool,
) -> PyResult<String> {
    let options = RunOptions::new(time_limit, threads, algorithm, pricing, verbose)?;
    let outcome = py.detach(|| Job::run(&json, &options));
    outcome.into_result(py)
}

/// Solves many scenarios in parallel on the rayon pool (GIL released),
/// in order. Each item is the report's JSON text, or the exception instance
/// (not raised) that [`solve`] would have raised for that scenario.
#[pyfunction]
#[pyo3(signature = (jsons, time_limit=None, threads=1, algorithm="auto", pricing="auto", max_workers=None))]
fn solve_many(
    py: Python<'_>,
    jsons: Vec<String>,
    time_limit: Option<f64>,
    threads: usize,
    algorithm: &str,
    pricing: &str,
    max_workers: Option<usize>,
) -> PyResult<Vec<Py<PyAny>>> {
    let options = RunOptions::new(time_limit, threads, algorithm, pricing, false)?;
    let outcomes = py.detach(|| run::run_many(&jsons, &options, max_workers))?;
    outcomes
        .into_iter()
        .map(|o| match o.into_result(py) {
            Ok(text) => Ok(text.into_pyobject(py)?.into_any().unbind()),
            Err(err) => Ok(err.into_value(py).into_any()),
        })
        .collect()
}

/// The versions of the engine and of HiGHS, e.g. `("0.1.0", "HiGHS 1.16.0")`.
#[pyfunction]
fn versions() -> (String, String) {
    (
        env!("CARGO_PKG_VERSION").to_string(),
        run::solver_name().to_string(),
    )
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
    m.add_function(wrap_pyfunction!(versions, m)?)?;
    Ok(())
}
