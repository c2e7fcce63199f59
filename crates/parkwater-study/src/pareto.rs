//! Trade-off curves by the epsilon-constraint method: freshwater (or
//! discharge) against cost, or any other objective.
//!
//! The two ends are the lexicographic optima `[x, y]` (least x, then least
//! y) and `[y, x]`; between them the x range is cut into equal steps and
//! each point minimizes y under the park cap `policy.max_intake` (or
//! `policy.max_discharge`) = that step, all points solved in parallel. Each
//! point is an optimal, verified solution of its own LP. The dual of the cap
//! row is the marginal cost of one more unit of x saved at that point (a
//! one-sided rate); the secant between neighbouring points is the average
//! over the step. A scenario's own cap stays in force (the range starts
//! below it).

use crate::table::{Cell, Table};
use parkwater_core::model::Objective;
use parkwater_core::scenario::path::ScenarioPath;
use parkwater_core::{Model, Report, Scenario, SolveOptions, Status};
use serde::Serialize;
use serde_json::{json, Value};

/// What the x axis measures (and caps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Total intake, capped by `policy.max_intake`.
    Freshwater,
    /// Total discharge, capped by `policy.max_discharge`.
    Discharge,
}

impl Measure {
    /// `freshwater` or `discharge`.
    pub fn parse(text: &str) -> Option<Measure> {
        match text {
            "freshwater" => Some(Measure::Freshwater),
            "discharge" => Some(Measure::Discharge),
            _ => None,
        }
    }

    fn objective(self) -> Objective {
        match self {
            Measure::Freshwater => Objective::Freshwater,
            Measure::Discharge => Objective::Discharge,
        }
    }

    fn cap(self) -> &'static str {
        match self {
            Measure::Freshwater => "max_intake",
            Measure::Discharge => "max_discharge",
        }
    }

    fn value(self, report: &Report) -> f64 {
        match self {
            Measure::Freshwater => report.kpis.freshwater,
            Measure::Discharge => report.kpis.discharge,
        }
    }
}

/// One point of the front.
#[derive(Debug, Clone, Serialize)]
pub struct FrontPoint {
    /// The cap imposed (none at the y-optimal end).
    pub cap: Option<f64>,
    /// x of the solution (flow unit).
    pub x: f64,
    /// y of the solution (its objective's unit).
    pub y: f64,
    /// Status word (`optimal` when verified).
    pub status: String,
    /// Verification's largest relative violation.
    pub max_violation: f64,
    /// y per unit of x saved at this point, from the cap row's dual
    /// (one-sided: the rate for a little more saving).
    pub marginal: Option<f64>,
    /// y per unit of x saved from the previous point to this one.
    pub secant: Option<f64>,
    /// Why a point is not optimal.
    pub note: String,
}

/// A trade-off front.
#[derive(Debug, Clone, Serialize)]
pub struct Front {
    /// x measure.
    pub x: Measure,
    /// y objective name.
    pub y: String,
    /// Flow unit (x).
    pub x_unit: String,
    /// y unit (`CNY/yr` or the flow unit).
    pub y_unit: String,
    /// From least saving (least y) to most saving (least x).
    pub points: Vec<FrontPoint>,
}

impl Front {
    /// The front as a table (the CSV's columns).
    pub fn table(&self) -> Table {
        let x = match self.x {
            Measure::Freshwater => "freshwater",
            Measure::Discharge => "discharge",
        };
        let columns = vec![
            "cap".to_string(),
            x.to_string(),
            self.y.clone(),
            "status".into(),
            "max_violation".into(),
            "marginal".into(),
            "secant".into(),
            "note".into(),
        ];
        let num = |v: Option<f64>| v.map_or(Cell::Empty, Cell::Num);
        let rows = self
            .points
            .iter()
            .map(|p| {
                vec![
                    num(p.cap),
                    Cell::Num(p.x),
                    Cell::Num(p.y),
                    Cell::Text(p.status.clone()),
                    Cell::Num(p.max_violation),
                    num(p.marginal),
                    num(p.secant),
                    Cell::Text(p.note.clone()),
                ]
            })
            .collect();
        Table { columns, rows }
    }

    /// The front as an SVG plot (points, the line through them, axes in units).
    pub fn svg(&self) -> Result<String, String> {
        crate::plot::front_svg(self)
    }
}

fn model(
    base: &Value,
    cap: Option<(Measure, f64)>,
    objectives: Vec<Objective>,
) -> Result<Model, String> {
    let sets: Vec<(ScenarioPath, Value)> = cap
        .into_iter()
        .map(|(m, c)| {
            let path = ScenarioPath::parse(&format!("policy.{}", m.cap())).expect("a valid path");
            (path, json!(c))
        })
        .collect();
    let (_, mut model) = crate::variant_model(base, &sets)?;
    model.objectives = objectives;
    Ok(model)
}

fn status_word(report: &Report) -> String {
    serde_json::to_value(report.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The cap row's dual in the report, as reported (y per unit of cap).
fn cap_dual(report: &Report, m: Measure) -> Option<f64> {
    let json = serde_json::to_value(report.duals.as_ref()?).ok()?;
    json.get("policy")?.get(m.cap())?.as_f64()
}

/// Computes the front with `points` points (at least 2).
pub fn pareto(
    base: &Scenario,
    x: Measure,
    y: Objective,
    points: usize,
    options: &SolveOptions,
) -> Result<Front, String> {
    if y == x.objective() {
        return Err(format!("x and y are both {}", y.name()));
    }
    let points = points.max(2);
    let value = serde_json::to_value(base).map_err(|e| e.to_string())?;
    let ends = [
        model(&value, None, vec![x.objective(), y])?,
        model(&value, None, vec![y, x.objective()])?,
    ];
    let solved = parkwater_core::solve_many(&ends, options);
    let mut end_reports = Vec::new();
    for r in solved {
        let r = r.map_err(|e| e.to_string())?;
        if r.status != Status::Optimal {
            let why = r
                .diagnosis
                .as_ref()
                .map_or_else(|| status_word(&r), |d| d.summary.clone());
            return Err(format!("the scenario itself has no optimum: {why}"));
        }
        end_reports.push(r);
    }
    let (x_min, x_max) = (x.value(&end_reports[0]), x.value(&end_reports[1]));
    let span = (x_max - x_min).max(0.0);
    // The least-x end is capped a hair above its optimum so that its cap
    // row exists and its dual is the last step's rate.
    let caps: Vec<f64> = (0..points)
        .map(|i| {
            if i == points - 1 {
                x_min + 1e-7 * x_min.abs().max(1.0)
            } else {
                x_max - span * i as f64 / (points - 1) as f64
            }
        })
        .collect();
    let models: Vec<Result<Model, String>> = caps
        .iter()
        .map(|&c| model(&value, Some((x, c)), vec![y]))
        .collect();
    let ok: Vec<Model> = models
        .iter()
        .filter_map(|m| m.as_ref().ok().cloned())
        .collect();
    let mut reports = parkwater_core::solve_many(&ok, options).into_iter();
    let unit = end_reports[0].units.flow.to_string();
    let y_scale_name = y.name().to_string();
    let mut front = Vec::new();
    for (m, &cap) in models.iter().zip(&caps) {
        let point = match m {
            Err(e) => FrontPoint {
                cap: Some(cap),
                x: f64::NAN,
                y: f64::NAN,
                status: "invalid".into(),
                max_violation: f64::NAN,
                marginal: None,
                secant: None,
                note: e.clone(),
            },
            Ok(_) => match reports.next().expect("one report per model") {
                Err(e) => FrontPoint {
                    cap: Some(cap),
                    x: f64::NAN,
                    y: f64::NAN,
                    status: "error".into(),
                    max_violation: f64::NAN,
                    marginal: None,
                    secant: None,
                    note: e.to_string(),
                },
                Ok(r) => {
                    let xv = x.value(&r);
                    let mut note = r
                        .diagnosis
                        .as_ref()
                        .map(|d| d.summary.clone())
                        .unwrap_or_default();
                    // Independent of the solver: the point keeps its cap.
                    if r.status == Status::Optimal && xv > cap * (1.0 + 1e-7) + 1e-9 {
                        note = format!("x = {xv} exceeds the cap {cap}");
                    }
                    FrontPoint {
                        cap: Some(cap),
                        x: xv,
                        y: r.objective.get(y.name()).copied().unwrap_or(f64::NAN),
                        status: status_word(&r),
                        max_violation: r.verification.max_violation,
                        marginal: cap_dual(&r, x).map(|d| -d),
                        secant: None,
                        note,
                    }
                }
            },
        };
        front.push(point);
    }
    for i in 1..front.len() {
        let (a, b) = (&front[i - 1], &front[i]);
        let dx = a.x - b.x;
        if dx.abs() > 1e-9 * a.x.abs().max(1.0) {
            front[i].secant = Some((b.y - a.y) / dx);
        }
    }
    Ok(Front {
        x,
        y: y_scale_name,
        x_unit: unit.clone(),
        y_unit: crate::units::objective_unit(y, &unit),
        points: front,
    })
}
