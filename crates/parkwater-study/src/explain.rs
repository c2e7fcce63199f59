//! Shadow prices as sentences a manager can act on, each checked.
//!
//! Every binding requirement a park can relax (a treatment capacity, an
//! intake permit, a sink's, unit inlet's or outfall's concentration limit, a
//! load cap, the reuse target, the park caps, a user constraint) has a dual:
//! the change of the objective per unit of its right-hand side. Here that
//! dual becomes the rate per unit of the *scenario's* figure (a capacity in
//! t/h, a limit in mg/L, the reuse rate in percentage points), a natural step
//! is chosen (1 flow unit; about a tenth of a limit; one percentage point)
//! in the direction that helps, and the sentence states the effect of that
//! step, largest first. Each sentence is then checked by re-solving with the
//! scenario changed by the step (through its path). A dual is a one-sided
//! rate: when the step crosses a breakpoint the re-solve differs, and the
//! check says so, re-solving a step 100 (then 10 000) times smaller to show
//! the rate holds at the margin.
//!
//! Rates from quality rows: relaxing a limit Cmax by d turns the row
//! `sum f (C - Cmax) <= 0` into `... <= d * inflow`, so the rate per mg/L is
//! the dual times the inflow at the optimum; the reuse row's rate per unit of
//! the target is the dual times (repeated use + intake).

use crate::units::{exact, fmt, nice, objective_unit};
use parkwater_core::model::Objective;
use parkwater_core::report::{DualEntry, Duals};
use parkwater_core::scenario::path::ScenarioPath;
use parkwater_core::{Model, Report, Scenario, SolveOptions, Status};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// What kind of requirement a sentence is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// `treatment[T].max_flow`.
    Capacity,
    /// `intake[I].max_flow`.
    Permit,
    /// `sink[S].max_conc.C`.
    SinkLimit,
    /// `treatment[T].max_inlet_conc.C`.
    InletLimit,
    /// `discharge[D].max_conc.C`.
    OutfallLimit,
    /// `discharge[D].max_load.C`.
    LoadCap,
    /// `policy.min_reuse_rate`.
    ReuseTarget,
    /// `policy.max_intake`.
    IntakeCap,
    /// `policy.max_discharge`.
    DischargeCap,
    /// `constraint[label].rhs`.
    Constraint,
}

/// The re-solve that checks a sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Objective change the re-solve found for the step (negative: saves).
    pub actual: f64,
    /// Relative difference from the dual's prediction.
    pub rel_error: f64,
    /// Within 1 %.
    pub agrees: bool,
    /// The step crosses a breakpoint: the step disagrees, a step 100 (or
    /// 10 000) times smaller agrees.
    pub breakpoint: bool,
    /// Objective change for the smallest step re-solved (when one was).
    pub small_step_actual: Option<f64>,
    /// The check in words.
    pub text: String,
}

/// One sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    /// What it is about.
    pub lever: Lever,
    /// The scenario path of the figure (`treatment[RO].max_flow`).
    pub path: String,
    /// The figure now, in `unit`.
    pub current: f64,
    /// Unit of the figure (`t/h`, `mg/L`, `kg/h`, `fraction`).
    pub unit: String,
    /// The row's dual, as reported.
    pub dual: f64,
    /// Objective change per unit increase of the figure.
    pub rate: f64,
    /// The step stated, signed (in the direction that helps).
    pub step: f64,
    /// Predicted objective change for the step (rate x step; negative saves).
    pub effect: f64,
    /// The sentence.
    pub text: String,
    /// The re-solve (absent when not checked).
    pub check: Option<Check>,
}

/// Sentences for one objective.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The objective explained.
    pub objective: String,
    /// Its unit (`CNY/yr`, `t/h of freshwater`).
    pub unit: String,
    /// The objective's value.
    pub value: f64,
    /// Largest effect first.
    pub sentences: Vec<Sentence>,
    /// Binding requirements left out by the limit.
    pub omitted: usize,
}

/// Solves the scenario for one objective and explains its duals.
pub fn explain(
    scenario: &Scenario,
    objective: Option<Objective>,
    options: &SolveOptions,
    limit: usize,
) -> Result<Explanation, String> {
    let mut model = scenario.validate().map_err(|e| e.to_string())?;
    if let Some(o) = objective {
        model.objectives = vec![o];
    } else {
        model.objectives.truncate(1);
    }
    let report = parkwater_core::solve(&model, options).map_err(|e| e.to_string())?;
    explain_report(scenario, &model, &report, options, limit)
}

/// Explains a single-objective report of `model` (made from `scenario`),
/// checking the `limit` largest sentences by re-solving.
pub fn explain_report(
    scenario: &Scenario,
    model: &Model,
    report: &Report,
    options: &SolveOptions,
    limit: usize,
) -> Result<Explanation, String> {
    let objective = *model
        .objectives
        .last()
        .ok_or("the model has no objective")?;
    if model.objectives.len() != 1 {
        return Err("explain takes a single objective (the duals of a lexicographic list price the last one with the others held)".into());
    }
    if report.status != Status::Optimal {
        return Err(format!(
            "no optimal solution to explain ({})",
            serde_json::to_value(report.status).unwrap_or_default()
        ));
    }
    let duals = report.duals.as_ref().ok_or("the report has no duals")?;
    let value = report
        .objective
        .get(objective.name())
        .copied()
        .unwrap_or(f64::NAN);
    let base = serde_json::to_value(scenario).map_err(|e| e.to_string())?;
    let flow_unit = report.units.flow;
    let obj_unit = objective_unit(objective, flow_unit);
    let mut sentences = levers(model, report, duals, &base);
    let tiny = 1e-9 * value.abs().max(1.0);
    sentences.retain(|s| s.effect.abs() > tiny);
    sentences.sort_by(|a, b| b.effect.abs().total_cmp(&a.effect.abs()));
    let omitted = sentences.len().saturating_sub(limit);
    sentences.truncate(limit);
    for s in &mut sentences {
        s.text = sentence(s, flow_unit, &obj_unit);
    }
    sentences.par_iter_mut().for_each(|s| {
        s.check = Some(check(&base, model, objective, value, s, options, &obj_unit));
    });
    Ok(Explanation {
        objective: objective.name().to_string(),
        unit: obj_unit,
        value,
        sentences,
        omitted,
    })
}

/// Inflow per demand id (flow unit), rejects included.
fn inflows(report: &Report) -> HashMap<&str, f64> {
    let mut m: HashMap<&str, f64> = HashMap::new();
    for f in report.flows.iter().chain(&report.rejects) {
        *m.entry(f.to.as_str()).or_default() += f.flow;
    }
    m
}

fn levers(model: &Model, report: &Report, duals: &Duals, base: &Value) -> Vec<Sentence> {
    let unit = model.flow_unit;
    let flow_unit = unit.name().to_string();
    let out_flow = |x: f64| unit.from_internal(x);
    let inflow = inflows(report);
    let c_index = |c: &str| model.contaminants.iter().position(|x| x == c);
    let mut out = Vec::new();
    let mut push =
        |lever: Lever, path: String, current: f64, unit: &str, dual: f64, rate: f64, step: f64| {
            // Only figures the scenario file can hold (not e.g. an operation's sink).
            let Ok(p) = ScenarioPath::parse(&path) else {
                return;
            };
            if p.get(base).is_err() || !current.is_finite() || rate == 0.0 {
                return;
            }
            let step = -rate.signum() * step;
            out.push(Sentence {
                lever,
                path,
                current,
                unit: unit.to_string(),
                dual,
                rate,
                step,
                effect: rate * step,
                text: String::new(),
                check: None,
            });
        };
    let flow_step = |current: f64| {
        if current >= 10.0 {
            1.0
        } else {
            nice(current.max(1e-6) * 0.1)
        }
    };
    let conc_step = |current: f64| {
        if current > 0.0 {
            nice(current * 0.1)
        } else {
            1.0
        }
    };
    for (family, entries) in duals {
        for (id, entry) in entries {
            let values: Vec<(Option<&str>, f64)> = match entry {
                DualEntry::Value(v) => vec![(None, *v)],
                DualEntry::PerContaminant(m) => {
                    m.iter().map(|(c, v)| (Some(c.as_str()), *v)).collect()
                }
            };
            for (c, d) in values {
                if d == 0.0 {
                    continue;
                }
                let at = |i: Option<usize>| i.unwrap_or(0);
                match (*family, c) {
                    ("treatment_capacity", None) => {
                        let Some(t) = model.treatments.iter().find(|t| &t.id == id) else {
                            continue;
                        };
                        let cur = out_flow(t.max_flow.unwrap_or(f64::NAN));
                        push(
                            Lever::Capacity,
                            format!("treatment[{id}].max_flow"),
                            cur,
                            &flow_unit,
                            d,
                            d,
                            flow_step(cur),
                        );
                    }
                    ("intake_cap", None) => {
                        let Some(i) = model.intakes.iter().find(|i| &i.id == id) else {
                            continue;
                        };
                        let cur = out_flow(i.max_flow.unwrap_or(f64::NAN));
                        push(
                            Lever::Permit,
                            format!("intake[{id}].max_flow"),
                            cur,
                            &flow_unit,
                            d,
                            d,
                            flow_step(cur),
                        );
                    }
                    ("sink_quality", Some(c)) => {
                        let Some(s) = model.sinks.iter().find(|s| &s.id == id) else {
                            continue;
                        };
                        let cur = s.max_conc[at(c_index(c))];
                        let q = inflow.get(id.as_str()).copied().unwrap_or(0.0);
                        push(
                            Lever::SinkLimit,
                            format!("sink[{id}].max_conc.{c}"),
                            cur,
                            "mg/L",
                            d,
                            d * q,
                            conc_step(cur),
                        );
                    }
                    ("treatment_inlet_quality", Some(c)) => {
                        let Some(t) = model.treatments.iter().find(|t| &t.id == id) else {
                            continue;
                        };
                        let cur = t.max_inlet_conc[at(c_index(c))];
                        let q = inflow.get(id.as_str()).copied().unwrap_or(0.0);
                        push(
                            Lever::InletLimit,
                            format!("treatment[{id}].max_inlet_conc.{c}"),
                            cur,
                            "mg/L",
                            d,
                            d * q,
                            conc_step(cur),
                        );
                    }
                    ("discharge_quality", Some(c)) => {
                        let Some(o) = model.discharges.iter().find(|o| &o.id == id) else {
                            continue;
                        };
                        let cur = o.max_conc[at(c_index(c))];
                        let q = inflow.get(id.as_str()).copied().unwrap_or(0.0);
                        push(
                            Lever::OutfallLimit,
                            format!("discharge[{id}].max_conc.{c}"),
                            cur,
                            "mg/L",
                            d,
                            d * q,
                            conc_step(cur),
                        );
                    }
                    ("discharge_load", Some(c)) => {
                        let Some(o) = model.discharges.iter().find(|o| &o.id == id) else {
                            continue;
                        };
                        let cur = o.max_load[at(c_index(c))];
                        push(
                            Lever::LoadCap,
                            format!("discharge[{id}].max_load.{c}"),
                            cur,
                            "kg/h",
                            d,
                            d,
                            conc_step(cur),
                        );
                    }
                    ("policy", None) => match id.as_str() {
                        "min_reuse_rate" => {
                            let cur = model.policy.min_reuse_rate.unwrap_or(f64::NAN);
                            let k = &report.kpis;
                            let total = k.reused + k.recirculation + k.freshwater;
                            let step = if cur >= 0.02 { 0.01 } else { cur / 2.0 };
                            push(
                                Lever::ReuseTarget,
                                "policy.min_reuse_rate".into(),
                                cur,
                                "fraction",
                                d,
                                d * total,
                                step,
                            );
                        }
                        "max_intake" => {
                            let cur = out_flow(model.policy.max_intake.unwrap_or(f64::NAN));
                            push(
                                Lever::IntakeCap,
                                "policy.max_intake".into(),
                                cur,
                                &flow_unit,
                                d,
                                d,
                                flow_step(cur),
                            );
                        }
                        "max_discharge" => {
                            let cur = out_flow(model.policy.max_discharge.unwrap_or(f64::NAN));
                            push(
                                Lever::DischargeCap,
                                "policy.max_discharge".into(),
                                cur,
                                &flow_unit,
                                d,
                                d,
                                flow_step(cur),
                            );
                        }
                        _ => {}
                    },
                    ("constraint", None) => {
                        let path = format!("constraint[{id}].rhs");
                        let cur = ScenarioPath::parse(&path)
                            .ok()
                            .and_then(|p| p.get(base).ok().flatten().and_then(Value::as_f64))
                            .unwrap_or(f64::NAN);
                        let step = if cur.abs() >= 10.0 {
                            1.0
                        } else {
                            nice(cur.abs().max(1.0) * 0.1)
                        };
                        push(Lever::Constraint, path, cur, "", d, d, step);
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// A figure with its unit: `10 mg/L`, `1 percentage point`.
fn amount(x: f64, unit: &str) -> String {
    let x = x.abs();
    match unit {
        "fraction" => format!(
            "{} percentage point{}",
            fmt(x * 100.0),
            if (x * 100.0 - 1.0).abs() < 1e-12 {
                ""
            } else {
                "s"
            }
        ),
        "" => fmt(x),
        u => format!("{} {u}", fmt(x)),
    }
}

fn entity(path: &str) -> (&str, &str) {
    let open = path.find('[').unwrap_or(0);
    let close = path.find(']').unwrap_or(path.len());
    (&path[..open], path.get(open + 1..close).unwrap_or(""))
}

fn contaminant(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or("")
}

fn sentence(s: &Sentence, flow_unit: &str, obj_unit: &str) -> String {
    let saves = format!("saves {} {obj_unit}", fmt(-s.effect));
    let (_, id) = entity(&s.path);
    let c = contaminant(&s.path);
    let by = amount(s.step, &s.unit);
    let to = exact(s.current + s.step);
    let one = (s.step.abs() - 1.0).abs() < 1e-12;
    let more_or_less = if s.step > 0.0 { "more" } else { "less" };
    let step_flow = if one {
        format!("one {more_or_less} {flow_unit}")
    } else {
        format!("{by} {more_or_less}")
    };
    match s.lever {
        Lever::Capacity => format!("{step_flow} of capacity at treatment {id} {saves}"),
        Lever::Permit => format!("{step_flow} of permit at intake {id} {saves}"),
        Lever::SinkLimit => format!("relaxing sink {id}'s {c} limit by {by} (to {to} mg/L) {saves}"),
        Lever::InletLimit => format!("relaxing treatment {id}'s inlet {c} limit by {by} (to {to} mg/L) {saves}"),
        Lever::OutfallLimit => format!("relaxing outfall {id}'s {c} limit by {by} (to {to} mg/L) {saves}"),
        Lever::LoadCap => format!("raising outfall {id}'s {c} load cap by {by} (to {to} kg/h) {saves}"),
        Lever::ReuseTarget => format!(
            "the {} % reuse target costs {} {obj_unit} per percentage point at the margin (lowering it by {by} {saves})",
            fmt(s.current * 100.0),
            fmt(s.rate.abs() * 0.01),
        ),
        Lever::IntakeCap => format!("{step_flow} under the park's intake cap of {} {flow_unit} {saves}", exact(s.current)),
        Lever::DischargeCap => format!("{step_flow} under the park's discharge cap of {} {flow_unit} {saves}", exact(s.current)),
        Lever::Constraint => format!("relaxing constraint '{id}' by {by} (rhs {} -> {to}) {saves}", exact(s.current)),
    }
}

fn resolve_delta(
    base: &Value,
    model: &Model,
    objective: Objective,
    z0: f64,
    path: &str,
    value: f64,
    options: &SolveOptions,
) -> Result<f64, String> {
    let p = ScenarioPath::parse(path).map_err(|e| e.to_string())?;
    let (_, mut m) = crate::variant_model(base, &[(p, json!(value))])?;
    m.objectives = model.objectives.clone();
    let r = parkwater_core::solve(&m, options).map_err(|e| e.to_string())?;
    if r.status != Status::Optimal {
        return Err(format!(
            "the re-solve ended {}",
            serde_json::to_value(r.status).unwrap_or_default()
        ));
    }
    Ok(r.objective
        .get(objective.name())
        .copied()
        .unwrap_or(f64::NAN)
        - z0)
}

fn check(
    base: &Value,
    model: &Model,
    objective: Objective,
    z0: f64,
    s: &Sentence,
    options: &SolveOptions,
    obj_unit: &str,
) -> Check {
    let close = |actual: f64, predicted: f64| {
        let err = (actual - predicted).abs();
        let rel = err / predicted.abs().max(1e-300);
        (
            rel,
            err <= 0.01 * predicted.abs() + 1e-9 * z0.abs().max(1.0),
        )
    };
    let to = s.current + s.step;
    let shown = |x: f64| {
        if x <= 0.0 {
            format!("saves {} {obj_unit}", fmt(-x))
        } else {
            format!("costs {} {obj_unit}", fmt(x))
        }
    };
    let actual = match resolve_delta(base, model, objective, z0, &s.path, to, options) {
        Ok(a) => a,
        Err(e) => {
            return Check {
                actual: f64::NAN,
                rel_error: f64::NAN,
                agrees: false,
                breakpoint: false,
                small_step_actual: None,
                text: format!("not checked: {e}"),
            }
        }
    };
    let (rel, agrees) = close(actual, s.effect);
    if agrees {
        return Check {
            actual,
            rel_error: rel,
            agrees,
            breakpoint: false,
            small_step_actual: None,
            text: format!(
                "checked: re-solved with {} = {}: {} (agrees within {:.2} %)",
                s.path,
                exact(to),
                shown(actual),
                rel * 100.0
            ),
        };
    }
    // Smaller steps, until one stays on the dual's side of the breakpoint.
    let mut small_step = s.step / 100.0;
    let mut small_actual = None;
    let mut small_agrees = false;
    for divisor in [100.0, 10_000.0] {
        small_step = s.step / divisor;
        small_actual = resolve_delta(
            base,
            model,
            objective,
            z0,
            &s.path,
            s.current + small_step,
            options,
        )
        .ok();
        small_agrees = small_actual.is_some_and(|a| close(a, s.effect / divisor).1);
        if small_agrees {
            break;
        }
    }
    let text = if small_agrees {
        format!(
            "checked: re-solved with {} = {}: {}, not the dual's {}: the step crosses a breakpoint; the dual is the one-sided rate, and a step of {} agrees ({})",
            s.path,
            exact(to),
            shown(actual),
            fmt(-s.effect),
            amount(small_step, &s.unit),
            shown(small_actual.unwrap_or(f64::NAN)),
        )
    } else {
        format!(
            "re-solved with {} = {}: {}, not the dual's {}; a step of {} gives {}: the rate holds only for smaller changes (a breakpoint close by) or the vertex is degenerate (the dual is one of several one-sided rates)",
            s.path,
            exact(to),
            shown(actual),
            fmt(-s.effect),
            amount(small_step, &s.unit),
            small_actual.map_or_else(|| "no answer".into(), shown),
        )
    };
    Check {
        actual,
        rel_error: rel,
        agrees: false,
        breakpoint: small_agrees,
        small_step_actual: small_actual,
        text,
    }
}
