//! One solve from JSON text to JSON text, without the GIL, and many in
//! parallel on rayon.

use crate::errors::{self, guard};
use crate::rules::{self, PluginArgs};
use parkwater_core::plugins::{Applied, ApplyError, PluginError, ReportWithPlugins};
use parkwater_core::{
    Algorithm, Model, ParseError, Pricing, Scenario, SolveOptions, Sweep, ValidationError,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rayon::prelude::*;

/// Solve options as given from Python, checked.
#[derive(Debug, Clone)]
pub struct RunOptions(SolveOptions);

impl RunOptions {
    /// Checks the arguments; a bad one is a `ValueError`.
    pub fn new(
        time_limit: Option<f64>,
        threads: usize,
        algorithm: &str,
        pricing: &str,
        verbose: bool,
    ) -> PyResult<RunOptions> {
        let pricing = Pricing::parse(pricing).ok_or_else(|| {
            PyValueError::new_err(format!(
                "pricing must be 'auto', 'on' or 'off', not {pricing:?}"
            ))
        })?;
        let algorithm = Algorithm::parse(algorithm).ok_or_else(|| {
            PyValueError::new_err(format!(
                "algorithm must be 'auto', 'simplex' or 'ipm', not {algorithm:?}"
            ))
        })?;
        let mut options = SolveOptions::default()
            .with_threads(threads)
            .with_verbose(verbose)
            .with_algorithm(algorithm)
            .with_pricing(pricing);
        if let Some(t) = time_limit {
            if !(t.is_finite() && t > 0.0) {
                return Err(PyValueError::new_err(format!(
                    "time_limit must be a positive number of seconds, not {t}"
                )));
            }
            options = options.with_time_limit(t);
        }
        Ok(RunOptions(options))
    }

    /// The engine's options.
    pub fn solve_options(&self) -> &SolveOptions {
        &self.0
    }
}

/// How one solve ended, before it meets Python.
#[derive(Debug)]
pub enum Job {
    /// The report as JSON text (any status).
    Report(String),
    /// The JSON did not match the schema.
    Parse(ParseError),
    /// The scenario is invalid.
    Invalid(ValidationError),
    /// A plugin is missing or failed.
    Plugin(PluginError),
    /// The solver refused a call.
    Solver(String),
    /// The engine panicked.
    Panic(errors::Caught),
}

impl Job {
    /// Parses, applies plugins, validates and solves `json`. Needs no GIL
    /// (Python plugins take it for their hooks).
    pub fn run(json: &str, options: &RunOptions, plugins: &PluginArgs) -> Job {
        Job::run_in(&mut Sweep::default(), json, options, plugins)
    }

    /// [`Job::run`] as the next variant of a sweep (arc pricing starts from
    /// the previous variant's columns).
    fn run_in(sweep: &mut Sweep, json: &str, options: &RunOptions, plugins: &PluginArgs) -> Job {
        let outcome = guard(|| {
            let (applied, model) = match prepare(json, plugins) {
                Ok(ready) => ready,
                Err(job) => return job,
            };
            let report = match sweep.solve(&model, &options.0) {
                Ok(report) => report,
                Err(e) => return Job::Solver(e.to_string()),
            };
            let text = if applied.plugins.is_empty() {
                serde_json::to_string(&report)
            } else {
                match applied.report(&report) {
                    Ok(extras) => serde_json::to_string(&ReportWithPlugins {
                        report: &report,
                        plugins: &extras,
                    }),
                    Err(e) => return Job::Plugin(e),
                }
            };
            match text {
                Ok(text) => Job::Report(text),
                Err(e) => Job::Solver(format!("cannot serialize the report: {e}")),
            }
        });
        outcome.unwrap_or_else(Job::Panic)
    }

    /// The report text, or the Python exception for this outcome.
    pub fn into_result(self, py: Python<'_>) -> PyResult<String> {
        match self {
            Job::Report(text) => Ok(text),
            Job::Parse(e) => Err(errors::parse_error(py, e)),
            Job::Invalid(e) => Err(errors::validation_error(py, &e)),
            Job::Plugin(e) => Err(rules::plugin_error(py, &e)),
            Job::Solver(message) => Err(errors::solver_error(py, &message)),
            Job::Panic(caught) => Err(caught.into_py(py)),
        }
    }
}

/// Runs every job on rayon, in input order; `max_workers` bounds the pool
/// (the global pool, one thread per core, when `None`).
pub fn run_many(
    jsons: &[String],
    options: &RunOptions,
    plugins: &PluginArgs,
    max_workers: Option<usize>,
) -> PyResult<Vec<Job>> {
    // Contiguous runs of the list per worker, each solved as a sweep, so
    // neighbouring variants of one park share pricing work.
    let work = || -> Vec<Job> {
        let chunk = jsons
            .len()
            .div_ceil(rayon::current_num_threads().max(1))
            .max(1);
        jsons
            .par_chunks(chunk)
            .flat_map_iter(|run| {
                let mut sweep = Sweep::default();
                run.iter()
                    .map(|json| Job::run_in(&mut sweep, json, options, plugins))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    match max_workers {
        None => Ok(work()),
        Some(0) => Err(PyValueError::new_err("max_workers must be at least 1")),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(work))
            .map_err(|e| PyValueError::new_err(format!("cannot start {n} workers: {e}"))),
    }
}

/// Parses scenario JSON, applies its plugins and validates it: the scenario
/// as solved (plugins applied) and its model, or the failed job.
pub fn prepare(json: &str, plugins: &PluginArgs) -> Result<(Applied, Model), Job> {
    let scenario = Scenario::from_json(json).map_err(Job::Parse)?;
    let applied = plugins.apply(&scenario).map_err(|e| match e {
        ApplyError::Invalid(e) => Job::Invalid(e),
        ApplyError::Plugin(e) => Job::Plugin(e),
    })?;
    let model = applied.scenario.validate().map_err(Job::Invalid)?;
    Ok((applied, model))
}

/// `HiGHS x.y.z`: the solver core runs (core says which).
pub fn solver_name() -> String {
    parkwater_core::solve::solver_name()
}
