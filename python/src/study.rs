//! Decisions from Python: scenario paths, compare and sweep (parkwater-study).
//! Scenarios cross as JSON text; results come back as JSON text (a table:
//! `{"columns": [...], "rows": [[...]]}`), which the Python side turns into
//! pandas DataFrames with the CLI's CSV columns.

use crate::errors;
use crate::run::RunOptions;
use parkwater_core::scenario::path::{apply_sets_value, ScenarioPath};
use parkwater_core::scenario::variant::VariantInfo;
use parkwater_core::Scenario;
use parkwater_study::sweep::{Axis, Control, Design, Sample};
use parkwater_study::{compare::Candidate, Table};
use pyo3::prelude::*;

fn scenario(py: Python<'_>, json: &str) -> PyResult<Scenario> {
    Scenario::from_json(json).map_err(|e| errors::parse_error(py, e))
}

fn pool<T: Send>(
    py: Python<'_>,
    workers: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    let out = py.detach(|| {
        errors::guard(|| match workers {
            None => Ok(f()),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build()
                .map(|p| p.install(f))
                .map_err(|e| e.to_string()),
        })
    });
    match out {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(errors::solver_error(py, &e)),
        Err(caught) => Err(caught.into_py(py)),
    }
}

fn table_json(t: &Table) -> String {
    serde_json::json!({"columns": t.columns, "rows": t.rows}).to_string()
}

/// Sets `path = value` (values as JSON text) on scenario JSON text; raises
/// `ValidationError` naming each bad path.
#[pyfunction]
pub fn apply_sets(py: Python<'_>, json: &str, sets: Vec<(String, String)>) -> PyResult<String> {
    let base: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| errors::solver_error(py, &format!("scenario JSON: {e}")))?;
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for (path, value) in sets {
        let value: serde_json::Value = serde_json::from_str(&value)
            .map_err(|e| errors::solver_error(py, &format!("{path}: {e}")))?;
        match ScenarioPath::parse(&path) {
            Ok(p) => parsed.push((p, value)),
            Err(e) => problems.push(e),
        }
    }
    let result = if problems.is_empty() {
        apply_sets_value::<Scenario>(base, &parsed)
    } else {
        Err(problems)
    };
    match result {
        Ok(s) => Ok(s.to_json()),
        Err(errors) => {
            let message = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            Err(errors::validation_problems(
                py,
                message,
                errors
                    .into_iter()
                    .map(|e| (e.path, e.code.to_string(), e.message)),
            ))
        }
    }
}

/// Compares scenarios (the first is the base): `(name, json, capex)` each.
/// Returns `{"comparison": ..., "columns": [...], "rows": [...]}` as JSON text.
#[pyfunction]
#[pyo3(signature = (items, time_limit=None, threads=1, algorithm="auto", pricing="auto", max_workers=None))]
#[allow(clippy::too_many_arguments)]
pub fn compare(
    py: Python<'_>,
    items: Vec<(String, String, Option<f64>)>,
    time_limit: Option<f64>,
    threads: usize,
    algorithm: &str,
    pricing: &str,
    max_workers: Option<usize>,
) -> PyResult<String> {
    let options = RunOptions::new(time_limit, threads, algorithm, pricing, false)?;
    let options = options.solve_options().clone();
    let mut candidates = Vec::new();
    for (name, json, capex) in items {
        candidates.push(Candidate {
            name,
            scenario: scenario(py, &json)?,
            info: VariantInfo {
                capex,
                ..VariantInfo::default()
            },
        });
    }
    let c = pool(py, max_workers, || {
        parkwater_study::compare(candidates, &options)
    })?;
    let t = c.table();
    Ok(serde_json::json!({"comparison": c, "columns": t.columns, "rows": t.rows}).to_string())
}

/// The points of a design: `axes` as `PATH=VALUES`, `sample` grid or lhs.
#[pyfunction]
pub fn sweep_points(
    axes: Vec<String>,
    sample: &str,
    points: usize,
    seed: u64,
) -> PyResult<Vec<Vec<f64>>> {
    Ok(design(axes, sample, points, seed, None)?.points())
}

fn design(
    axes: Vec<String>,
    sample: &str,
    points: usize,
    seed: u64,
    explicit: Option<Vec<Vec<f64>>>,
) -> PyResult<Design> {
    let axes = axes
        .iter()
        .map(|a| Axis::parse(a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(pyo3::exceptions::PyValueError::new_err)?;
    let sample = match (explicit, sample) {
        (Some(p), _) => Sample::Points(p),
        (None, "grid") => Sample::Grid,
        (None, "lhs") => Sample::Lhs { points, seed },
        (None, other) => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "sample '{other}' is not one of grid, lhs"
            )))
        }
    };
    Ok(Design { axes, sample })
}

/// Runs a sweep (GIL released, rayon); the table as JSON text.
#[pyfunction]
#[pyo3(signature = (json, axes, sample="grid", points=100, seed=1, explicit=None, time_limit=None, threads=1, algorithm="auto", pricing="auto", max_workers=None))]
#[allow(clippy::too_many_arguments)]
pub fn sweep(
    py: Python<'_>,
    json: &str,
    axes: Vec<String>,
    sample: &str,
    points: usize,
    seed: u64,
    explicit: Option<Vec<Vec<f64>>>,
    time_limit: Option<f64>,
    threads: usize,
    algorithm: &str,
    pricing: &str,
    max_workers: Option<usize>,
) -> PyResult<String> {
    let options = RunOptions::new(time_limit, threads, algorithm, pricing, false)?;
    let options = options.solve_options().clone();
    let base = scenario(py, json)?;
    let design = design(axes, sample, points, seed, explicit)?;
    let result = pool(py, max_workers, || {
        parkwater_study::sweep::run(&base, &design, &options, &Control::default())
    })?;
    Ok(table_json(&result.table()))
}
