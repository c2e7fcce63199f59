//! Parameter sweeps: a full grid over several paths, or a Latin hypercube,
//! every point solved in parallel (rayon), one row per point.
//!
//! Points go to the workers in contiguous runs, each run solved as an engine
//! [`Sweep`] so that neighbouring points reuse each other's arcs and basis
//! under arc pricing. A point that cannot be built (an invalid value), that
//! the solver fails on, or that panics is recorded in its row with its
//! status and error; the sweep goes on. A [`Control`] can stop the sweep
//! (Ctrl-C): the rows finished so far are kept.

use crate::table::{Cell, Table};
use parkwater_core::scenario::path::ScenarioPath;
use parkwater_core::{Report, Scenario, SolveOptions, Status, Sweep};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// One varied path and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The path, e.g. `intake[SW].price`.
    pub path: ScenarioPath,
    /// The values of a grid.
    pub values: Vec<f64>,
    /// `lo:hi` when given as a range (a Latin hypercube samples within it;
    /// for a list it samples between the smallest and largest value).
    pub range: Option<(f64, f64)>,
}

impl Axis {
    /// Parses `PATH=a,b,c` or `PATH=lo:hi:n` (n points, ends included).
    pub fn parse(spec: &str) -> Result<Axis, String> {
        let (path, values) = spec
            .split_once('=')
            .ok_or_else(|| format!("'{spec}': expected PATH=VALUES (a,b,c or lo:hi:n)"))?;
        let path = ScenarioPath::parse(path).map_err(|e| e.to_string())?;
        let number = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("{path}: '{t}' is not a finite number"))
        };
        let parts: Vec<&str> = values.split(':').collect();
        match parts.as_slice() {
            [lo, hi, n] => {
                let (lo, hi) = (number(lo)?, number(hi)?);
                let n: usize = n
                    .trim()
                    .parse()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| format!("{path}: '{n}' is not a number of points >= 1"))?;
                let values = if n == 1 {
                    vec![lo]
                } else {
                    (0..n)
                        .map(|i| {
                            if i == n - 1 {
                                hi
                            } else {
                                lo + (hi - lo) * i as f64 / (n - 1) as f64
                            }
                        })
                        .collect()
                };
                Ok(Axis {
                    path,
                    values,
                    range: Some((lo, hi)),
                })
            }
            [list] => {
                let values = list.split(',').map(number).collect::<Result<Vec<_>, _>>()?;
                Ok(Axis {
                    path,
                    values,
                    range: None,
                })
            }
            _ => Err(format!(
                "{path}: '{values}' is neither a list a,b,c nor a range lo:hi:n"
            )),
        }
    }

    fn bounds(&self) -> (f64, f64) {
        self.range.unwrap_or_else(|| {
            let lo = self.values.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = self
                .values
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max);
            (lo, hi)
        })
    }
}

/// How points are chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// Every combination of the axes' values, the last axis varying fastest.
    Grid,
    /// A Latin hypercube: `points` points, each axis's range cut into
    /// `points` strata and each stratum used once, reproducible from `seed`.
    Lhs {
        /// Number of points.
        points: usize,
        /// Random seed.
        seed: u64,
    },
    /// These points exactly (one value per axis each), e.g. a chunk of a
    /// larger sweep sent to another machine.
    Points(Vec<Vec<f64>>),
}

/// The axes and how to sample them.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// Varied paths.
    pub axes: Vec<Axis>,
    /// Grid, hypercube or explicit points.
    pub sample: Sample,
}

impl Design {
    /// A full grid.
    pub fn grid(axes: Vec<Axis>) -> Design {
        Design {
            axes,
            sample: Sample::Grid,
        }
    }

    /// A Latin hypercube of `points` points.
    pub fn lhs(axes: Vec<Axis>, points: usize, seed: u64) -> Design {
        Design {
            axes,
            sample: Sample::Lhs { points, seed },
        }
    }

    /// The varied paths, as column names.
    pub fn paths(&self) -> Vec<String> {
        self.axes.iter().map(|a| a.path.to_string()).collect()
    }

    /// Every point, one value per axis.
    pub fn points(&self) -> Vec<Vec<f64>> {
        match &self.sample {
            Sample::Points(points) => points.clone(),
            Sample::Grid => {
                let mut points = vec![Vec::new()];
                for axis in &self.axes {
                    points = points
                        .into_iter()
                        .flat_map(|p| {
                            axis.values.iter().map(move |&v| {
                                let mut q = p.clone();
                                q.push(v);
                                q
                            })
                        })
                        .collect();
                }
                if self.axes.is_empty() {
                    Vec::new()
                } else {
                    points
                }
            }
            Sample::Lhs { points, seed } => {
                let n = *points;
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(*seed);
                let mut out = vec![Vec::with_capacity(self.axes.len()); n];
                for axis in &self.axes {
                    let (lo, hi) = axis.bounds();
                    let mut strata: Vec<usize> = (0..n).collect();
                    strata.shuffle(&mut rng);
                    for (point, &s) in out.iter_mut().zip(&strata) {
                        let u: f64 = rng.random();
                        point.push(lo + (hi - lo) * (s as f64 + u) / n as f64);
                    }
                }
                out
            }
        }
    }
}

/// Stops a sweep and reports progress.
#[derive(Clone, Default)]
pub struct Control {
    /// Set to stop: points not yet started are skipped.
    pub cancel: Arc<AtomicBool>,
    /// Called after each point (from the worker threads).
    pub on_point: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("cancel", &self.cancel)
            .finish_non_exhaustive()
    }
}

/// One solved (or failed) point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    /// The varied values, one per axis.
    pub values: Vec<f64>,
    /// The JSON's status word (`optimal`, `infeasible`, ...), or `invalid`
    /// (the point is not a valid scenario) or `error` (the run broke).
    pub status: String,
    /// `objective.<name>` and `kpis.<name>` figures (optimal points only).
    pub figures: Vec<(String, Option<f64>)>,
    /// Empty when none; the diagnosis summary of an infeasible point.
    pub error: String,
}

/// The rows of a sweep, in point order.
#[derive(Debug, Clone)]
pub struct SweepResult {
    /// The varied paths.
    pub paths: Vec<String>,
    /// Finished points, in point order (all of them unless cancelled).
    pub points: Vec<PointResult>,
    /// Points the design has.
    pub total: usize,
    /// Whether the sweep was stopped before the end.
    pub cancelled: bool,
}

impl SweepResult {
    /// One row per point: the varied values, `status`, `objective.*`,
    /// `kpis.*`, `error`. Columns are the union over the rows, in order of
    /// first appearance; a figure a row lacks is empty.
    pub fn table(&self) -> Table {
        let mut figure_names: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for p in &self.points {
            for (name, _) in &p.figures {
                if seen.insert(name.clone()) {
                    figure_names.push(name.clone());
                }
            }
        }
        // Objectives first, then KPIs (stable within each).
        figure_names.sort_by_key(|n| !n.starts_with("objective."));
        let mut columns = self.paths.clone();
        columns.push("status".into());
        columns.extend(figure_names.iter().cloned());
        columns.push("error".into());
        let index: std::collections::HashMap<&str, usize> = figure_names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let rows = self
            .points
            .iter()
            .map(|p| {
                let mut row: Vec<Cell> = p.values.iter().map(|&v| Cell::Num(v)).collect();
                row.push(Cell::Text(p.status.clone()));
                let mut figures = vec![Cell::Empty; figure_names.len()];
                for (name, value) in &p.figures {
                    if let Some(x) = value {
                        figures[index[name.as_str()]] = Cell::Num(*x);
                    }
                }
                row.extend(figures);
                row.push(Cell::Text(p.error.clone()));
                row
            })
            .collect();
        Table { columns, rows }
    }
}

/// The row figures of a report: its status word and, when optimal, every
/// objective value and every numeric KPI (nested maps flattened with dots:
/// `kpis.cost.total`, `kpis.freshwater_by_intake.SW`), read from the
/// report's JSON so that KPIs added to the engine appear with no change here.
pub fn report_figures(report: &Report) -> (String, Vec<(String, Option<f64>)>, String) {
    let json = serde_json::to_value(report).unwrap_or(Value::Null);
    let status = json["status"].as_str().unwrap_or("error").to_string();
    let mut figures = Vec::new();
    if report.status == Status::Optimal {
        flatten("objective", &json["objective"], &mut figures);
        flatten("kpis", &json["kpis"], &mut figures);
    }
    let error = match (&report.diagnosis, report.status) {
        (Some(d), _) => d.summary.clone(),
        (None, Status::Optimal) => String::new(),
        (None, _) => format!("no optimal solution: {status}"),
    };
    (status, figures, error)
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, Option<f64>)>) {
    match value {
        Value::Number(n) => out.push((prefix.to_string(), n.as_f64())),
        Value::Null => out.push((prefix.to_string(), None)),
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{prefix}.{k}"), v, out);
            }
        }
        _ => {}
    }
}

/// Solves one point: the base with the point's values set, validated, solved.
fn solve_point(
    base: &Value,
    axes: &[ScenarioPath],
    values: &[f64],
    options: &SolveOptions,
    sweep: &mut Sweep,
) -> PointResult {
    let sets: Vec<(ScenarioPath, Value)> = axes
        .iter()
        .zip(values)
        .map(|(p, &v)| (p.clone(), serde_json::json!(v)))
        .collect();
    let failed = |status: &str, error: String| PointResult {
        values: values.to_vec(),
        status: status.to_string(),
        figures: Vec::new(),
        error,
    };
    let (_, model) = match crate::variant_model(base, &sets) {
        Ok(pair) => pair,
        Err(e) => return failed("invalid", e),
    };
    match sweep.solve(&model, options) {
        Ok(report) => {
            let (status, figures, error) = report_figures(&report);
            PointResult {
                values: values.to_vec(),
                status,
                figures,
                error,
            }
        }
        Err(e) => failed("error", e.to_string()),
    }
}

/// Runs a sweep on the current rayon pool.
pub fn run(
    base: &Scenario,
    design: &Design,
    options: &SolveOptions,
    control: &Control,
) -> SweepResult {
    let points = design.points();
    let axes: Vec<ScenarioPath> = design.axes.iter().map(|a| a.path.clone()).collect();
    let base = serde_json::to_value(base).expect("a scenario serializes");
    let workers = rayon::current_num_threads().max(1);
    // Several runs per worker balance the load; each run shares work.
    let chunk = points.len().div_ceil(workers * 4).max(1);
    let done: Vec<Option<PointResult>> = points
        .par_chunks(chunk)
        .flat_map_iter(|run| {
            let mut sweep = Sweep::default();
            run.iter()
                .map(|values| {
                    if control.cancel.load(Ordering::Relaxed) {
                        return None;
                    }
                    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        solve_point(&base, &axes, values, options, &mut sweep)
                    }));
                    let result = attempt.unwrap_or_else(|panic| {
                        sweep = Sweep::default();
                        let what = panic
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| panic.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "unknown panic".into());
                        PointResult {
                            values: values.clone(),
                            status: "error".into(),
                            figures: Vec::new(),
                            error: format!("the engine panicked: {what}"),
                        }
                    });
                    if let Some(tick) = &control.on_point {
                        tick();
                    }
                    Some(result)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let cancelled = done.iter().any(Option::is_none);
    SweepResult {
        paths: design.paths(),
        points: done.into_iter().flatten().collect(),
        total: points.len(),
        cancelled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_parse() {
        let a = Axis::parse("intake[SW].price=1:3:5").unwrap();
        assert_eq!(a.values, [1.0, 1.5, 2.0, 2.5, 3.0]);
        let a = Axis::parse("policy.min_reuse_rate=0.9,0.92").unwrap();
        assert_eq!(a.values, [0.9, 0.92]);
        assert!(Axis::parse("intake[SW].price").is_err());
        assert!(Axis::parse("intake[SW].price=1:2").is_err());
        assert!(Axis::parse("intake[SW].price=1:2:0").is_err());
        assert!(Axis::parse("intake[SW].price=a,b").is_err());
        assert!(Axis::parse("intake[SW.price=1").is_err());
    }

    #[test]
    fn grid_and_lhs() {
        let a = Axis::parse("a=1,2").unwrap();
        let b = Axis::parse("b=10:30:3").unwrap();
        let grid = Design::grid(vec![a.clone(), b.clone()]).points();
        assert_eq!(grid.len(), 6);
        assert_eq!(grid[1], [1.0, 20.0]);
        let lhs = Design::lhs(vec![a, b], 10, 7);
        let points = lhs.points();
        assert_eq!(points, lhs.points(), "reproducible from the seed");
        // Each of the 10 strata of each axis holds exactly one point.
        for (axis, (lo, hi)) in [(0, (1.0, 2.0)), (1, (10.0, 30.0))] {
            let mut strata: Vec<usize> = points
                .iter()
                .map(|p| ((p[axis] - lo) / (hi - lo) * 10.0).floor() as usize)
                .collect();
            strata.sort();
            assert_eq!(strata, (0..10).collect::<Vec<_>>());
        }
    }
}
