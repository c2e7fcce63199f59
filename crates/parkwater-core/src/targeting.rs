//! Water pinch targets of a park, one contaminant at a time, before any network
//! is designed: least freshwater, wastewater, the pinches and the cascade table
//! (water cascade analysis, `parkwater-pinch`), and with a regenerator the least
//! regenerated flow at that freshwater.
//!
//! What the cascade sees of a [`Model`], for contaminant `k`:
//!
//! * every source as a stream (its flow, its concentration of `k`); operations
//!   appear through the sink and source validation made of them;
//! * every sink at its **minimum** flow (`min_flow`; equal to `max_flow` for a
//!   fixed demand), with its limit on `k`. Least demand is least freshwater:
//!   scaling a sink's inflows down to its minimum keeps its mix and only frees
//!   water, so the freshwater target is exact; the wastewater is then counted with
//!   every sink at its minimum, and the LP may discharge less by filling ranges. A
//!   sink with no limit on `k` (or one at or above 10^6 mg/L) is given the
//!   concentration of the dirtiest supply, which no mix can exceed: the same
//!   constraint;
//! * every intake as a supply (its concentration of `k`, its `max_flow` cap);
//! * of the treatment units, the regenerators (recovery 1) only: the one with the
//!   cleanest outlet for `k` gives the regeneration target (it dominates the
//!   others for freshwater). With one, the headline freshwater, wastewater, pinches
//!   and cascade are those **with** regeneration, which is what the LP can reach.
//!
//! Ignored, each listed in [`ContaminantTargets::notes`] when present: treatment
//! units with recovery below 1, regenerator capacities and inlet limits, sinks'
//! `accepts` lists, `[[forbid]]` rules, discharge limits, `[policy]`, and the
//! other contaminants. The regenerator is fed effluent only, while the LP may
//! also pass an intake dirtier than its outlet through it. Except for the lossy
//! treatment units and that, these are all restrictions, so a target is then a
//! lower bound of the LP's minimum freshwater; without any of them the two are
//! equal for one contaminant. For several
//! contaminants each target is a lower bound and the largest one names the
//! contaminant that limits the freshwater ([`target_all`]); the LP optimum is the
//! true multi-contaminant target.
//!
//! Flows are reported in the scenario's flow unit, concentrations in mg/L, loads
//! in kg/h.

use crate::model::{FlowUnit, Model};
use crate::scenario::Scenario;
use crate::validate::operations::{inlet_id, outlet_id};
use parkwater_pinch::{
    composite_curves, composite_svg, target_regeneration, CascadeRow, FreshSupply, PinchError,
    RegenMode, RegenTargets, Stream, TargetProblem, Targets, TOP_CONC,
};
use serde::Serialize;
use std::collections::BTreeMap;

pub use parkwater_pinch as pinch;

/// Why a contaminant could not be targeted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TargetingError {
    /// The contaminant is not declared in the scenario.
    #[error("no contaminant '{name}' in the scenario (declared: {known})")]
    UnknownContaminant {
        /// The name asked for.
        name: String,
        /// The declared names, comma-separated.
        known: String,
    },
    /// The cascade has no feasible fresh flow, or its data are out of range.
    #[error("{contaminant}: {source}")]
    Pinch {
        /// The contaminant.
        contaminant: String,
        /// What the cascade found.
        #[source]
        source: PinchError,
    },
}

impl TargetingError {
    /// A stable code: `contaminant.unknown`, or the cascade's own code
    /// (`too_clean_demand`, `fresh_cap_exceeded`, `no_fresh_supply`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            TargetingError::UnknownContaminant { .. } => "contaminant.unknown",
            TargetingError::Pinch { source, .. } => source.code(),
        }
    }

    /// The contaminant asked for.
    pub fn contaminant(&self) -> &str {
        match self {
            TargetingError::UnknownContaminant { name, .. } => name,
            TargetingError::Pinch { contaminant, .. } => contaminant,
        }
    }

    /// Whether no flow can meet the demands (as opposed to bad input).
    pub fn is_infeasible(&self) -> bool {
        matches!(
            self,
            TargetingError::Pinch {
                source: PinchError::TooCleanDemand { .. }
                    | PinchError::FreshCapExceeded { .. }
                    | PinchError::NoFreshSupply,
                ..
            }
        )
    }
}

/// The LP's status and minimum freshwater (flow unit) with every contaminant
/// at once: the true multi-contaminant target, which single-contaminant
/// cascades can only bound from below.
pub fn lp_freshwater(
    model: &Model,
) -> Result<(crate::Status, Option<f64>), crate::solve::SolveError> {
    let mut m = model.clone();
    m.objectives = vec![crate::model::Objective::Freshwater];
    let report = crate::solve(&m, &crate::SolveOptions::default())?;
    let freshwater = (report.status == crate::Status::Optimal).then_some(report.kpis.freshwater);
    Ok((report.status, freshwater))
}

/// What `parkwater target` reports, from the command line and Python alike:
/// one contaminant's targets, or every contaminant's with the LP's minimum
/// freshwater beside them when there are several.
#[derive(Debug, Clone)]
pub enum TargetReport {
    /// The contaminant asked for, or the scenario's only one.
    One(Box<ContaminantTargets>),
    /// Every contaminant (none asked for, several declared).
    All {
        /// Each contaminant's targets and failures.
        targets: AllTargets,
        /// The LP's status and minimum freshwater with every contaminant at
        /// once (only with several contaminants).
        lp: Option<(crate::Status, Option<f64>)>,
    },
}

/// Why a [`TargetReport`] could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TargetReportError {
    /// The contaminant asked for cannot be targeted.
    #[error(transparent)]
    Targeting(#[from] TargetingError),
    /// The multi-contaminant LP broke.
    #[error(transparent)]
    Solve(#[from] crate::solve::SolveError),
}

impl TargetReport {
    /// Targets `contaminant`, or the only one; every one of them when the
    /// scenario has several and none is named.
    pub fn new(
        model: &Model,
        contaminant: Option<&str>,
    ) -> Result<TargetReport, TargetReportError> {
        let single = contaminant.or(match model.contaminants.as_slice() {
            [only] => Some(only.as_str()),
            _ => None,
        });
        if let Some(c) = single {
            return Ok(TargetReport::One(Box::new(target(model, c)?)));
        }
        let targets = target_all(model);
        let lp = (model.contaminants.len() > 1)
            .then(|| lp_freshwater(model))
            .transpose()?;
        Ok(TargetReport::All { targets, lp })
    }

    /// The contaminants targeted.
    pub fn targeted(&self) -> &[ContaminantTargets] {
        match self {
            TargetReport::One(t) => std::slice::from_ref(t.as_ref()),
            TargetReport::All { targets, .. } => &targets.contaminants,
        }
    }

    /// The JSON document (`parkwater target --format json`): the targets
    /// with `status: "ok"`; for all contaminants also `flow_unit`,
    /// `lp_status` and `lp_freshwater`; `operations` when there are any.
    pub fn document(
        &self,
        model: &Model,
        operations: &[OperationReport],
    ) -> Result<serde_json::Value, serde_json::Error> {
        use serde_json::to_value;
        let mut doc = match self {
            TargetReport::One(t) => to_value(t.as_ref())?,
            TargetReport::All { targets, lp } => {
                let mut doc = to_value(targets)?;
                doc["flow_unit"] = model.flow_unit.name().into();
                if let Some((status, freshwater)) = lp {
                    doc["lp_status"] = to_value(status)?;
                    doc["lp_freshwater"] = to_value(freshwater)?;
                }
                doc
            }
        };
        doc["status"] = "ok".into();
        if !operations.is_empty() {
            doc["operations"] = to_value(operations)?;
        }
        Ok(doc)
    }
}

/// Targets for one contaminant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContaminantTargets {
    /// The contaminant.
    pub contaminant: String,
    /// Unit of every flow below.
    pub flow_unit: FlowUnit,
    /// Least total freshwater (with regeneration when there is a regenerator).
    pub freshwater: f64,
    /// Wastewater at that freshwater: sources + freshwater - sinks.
    pub wastewater: f64,
    /// Pinch concentrations, ascending, mg/L.
    pub pinches: Vec<f64>,
    /// No freshwater or no wastewater at the target: the flow balance, not a
    /// load pinch, decides it.
    pub threshold: bool,
    /// Freshwater of each intake at the target (purest first, each to its cap).
    pub fresh_by_intake: BTreeMap<String, f64>,
    /// The feasible cascade at the target: flows in the flow unit, loads in kg/h.
    pub cascade: Vec<CascadeRow>,
    /// Least regenerated flow at the freshwater target, when a regenerator is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regenerated: Option<f64>,
    /// Details of the regeneration target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regeneration: Option<Regeneration>,
    /// What the targets ignore (see the module docs).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The fixed-flowrate problem at the target, t/h: with regeneration, the
    /// regenerator feed is taken off its sources and the regenerated water added
    /// as a source, so its composite curves are those of the network at the target.
    #[serde(skip)]
    pub problem: TargetProblem,
}

/// The regeneration target of one contaminant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regeneration {
    /// The regenerator (a treatment unit with recovery 1).
    pub treatment: String,
    /// Its outlet concentration, mg/L.
    pub outlet_conc: f64,
    /// Least regenerated flow at the freshwater target.
    pub regenerated: f64,
    /// Flow-weighted inlet concentration, mg/L (none when nothing is regenerated).
    pub inlet_conc: Option<f64>,
    /// Flow taken from each source into the regenerator.
    pub feed: BTreeMap<String, f64>,
    /// Contaminant removed, kg/h.
    pub removed_load: f64,
    /// The targets without regeneration; none when the park is infeasible without it.
    pub without_regeneration: Option<Baseline>,
}

/// Targets without regeneration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// Least freshwater.
    pub freshwater: f64,
    /// Wastewater at that freshwater.
    pub wastewater: f64,
    /// Pinch concentrations, mg/L.
    pub pinches: Vec<f64>,
}

impl ContaminantTargets {
    /// The source and sink composite curves at the target as an SVG document,
    /// flows in the scenario's flow unit (loads in kg/h, or kg/d for a daily unit).
    pub fn composite_svg(&self) -> Result<String, PinchError> {
        let scale = self.flow_unit.per_tonne_per_hour();
        let mut p = self.problem.clone();
        for s in p.sources.iter_mut().chain(p.sinks.iter_mut()) {
            s.flow *= scale;
        }
        for f in &mut p.fresh {
            f.max_flow = f.max_flow.map(|m| m * scale);
        }
        let svg = composite_svg(&composite_curves(&p)?);
        if self.flow_unit == FlowUnit::TonnePerHour {
            return Ok(svg);
        }
        let unit = self.flow_unit.name();
        let load = if scale == 1.0 { "kg/h" } else { "kg/d" };
        Ok(svg
            .replace(" t/h)", &format!(" {unit})"))
            .replace("(t/h)", &format!("({unit})"))
            .replace("(kg/h)", &format!("({load})")))
    }
}

/// Targets for every contaminant of a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllTargets {
    /// The contaminants that could be targeted, in declaration order.
    pub contaminants: Vec<ContaminantTargets>,
    /// The contaminants that could not, with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<TargetFailure>,
    /// The contaminant with the largest freshwater target: the one that limits
    /// the freshwater, as far as single-contaminant targets can tell.
    pub limiting: Option<String>,
}

/// A contaminant that could not be targeted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetFailure {
    /// The contaminant.
    pub contaminant: String,
    /// [`TargetingError::code`].
    pub code: &'static str,
    /// [`TargetingError::is_infeasible`].
    pub infeasible: bool,
    /// For a person.
    pub message: String,
}

/// Targets for one contaminant of a model.
pub fn target(model: &Model, contaminant: &str) -> Result<ContaminantTargets, TargetingError> {
    let k = model
        .contaminants
        .iter()
        .position(|c| c == contaminant)
        .ok_or_else(|| TargetingError::UnknownContaminant {
            name: contaminant.to_string(),
            known: model.contaminants.join(", "),
        })?;
    let err = |source| TargetingError::Pinch {
        contaminant: contaminant.to_string(),
        source,
    };
    let problem = problem(model, k);
    let unit = model.flow_unit;
    let flow = |f: f64| unit.from_internal(f);
    let mut notes = notes(model, k);
    let base = parkwater_pinch::target(&problem);

    let Some(r) = regenerator(model, k) else {
        let t = base.map_err(err)?;
        return Ok(ContaminantTargets {
            contaminant: contaminant.to_string(),
            flow_unit: unit,
            freshwater: flow(t.freshwater),
            wastewater: flow(t.wastewater),
            pinches: t.pinches,
            threshold: t.threshold,
            fresh_by_intake: by_id(&t.fresh_by_supply, unit),
            cascade: rows(t.cascade, unit),
            regenerated: None,
            regeneration: None,
            notes,
            problem,
        });
    };

    let treatment = &model.treatments[r];
    let c_out = treatment.outlet_conc[k];
    let rt = target_regeneration(&problem, c_out, RegenMode::Recycling).map_err(err)?;
    if let Some(cap) = treatment.max_flow {
        if rt.regenerated_flow > cap * (1.0 + 1e-9) {
            notes.push(format!(
                "regenerator {} needs {} {} but its capacity is {} {}: the LP needs more freshwater",
                treatment.id,
                flow(rt.regenerated_flow),
                unit.name(),
                flow(cap),
                unit.name()
            ));
        }
    }
    let baseline = base.ok().map(|t: Targets| Baseline {
        freshwater: flow(t.freshwater),
        wastewater: flow(t.wastewater),
        pinches: t.pinches,
    });
    let at_target = with_regeneration(&problem, &rt, &treatment.id);
    Ok(ContaminantTargets {
        contaminant: contaminant.to_string(),
        flow_unit: unit,
        freshwater: flow(rt.freshwater),
        wastewater: flow(rt.wastewater),
        pinches: rt.pinches.clone(),
        threshold: rt.threshold,
        fresh_by_intake: by_id(&rt.fresh_by_supply, unit),
        cascade: rows(rt.cascade.clone(), unit),
        regenerated: Some(flow(rt.regenerated_flow)),
        regeneration: Some(Regeneration {
            treatment: treatment.id.clone(),
            outlet_conc: c_out,
            regenerated: flow(rt.regenerated_flow),
            inlet_conc: rt.regenerator_inlet_conc,
            feed: by_id(&rt.regenerator_feed, unit),
            removed_load: rt.removed_load,
            without_regeneration: baseline,
        }),
        notes,
        problem: at_target,
    })
}

/// Targets for every contaminant; the one with the largest freshwater target
/// (first on ties) is named `limiting`.
pub fn target_all(model: &Model) -> AllTargets {
    let mut all = AllTargets {
        contaminants: Vec::new(),
        failed: Vec::new(),
        limiting: None,
    };
    for c in &model.contaminants {
        match target(model, c) {
            Ok(t) => all.contaminants.push(t),
            Err(e) => all.failed.push(TargetFailure {
                contaminant: c.clone(),
                code: e.code(),
                infeasible: e.is_infeasible(),
                message: e.to_string(),
            }),
        }
    }
    let mut best: Option<&ContaminantTargets> = None;
    for t in &all.contaminants {
        if best.is_none_or(|b| t.freshwater > b.freshwater) {
            best = Some(t);
        }
    }
    all.limiting = best.map(|t| t.contaminant.clone());
    all
}

/// The fixed-flowrate problem of contaminant `k`, t/h (see the module docs).
pub fn problem(model: &Model, k: usize) -> TargetProblem {
    let dirtiest = model
        .sources
        .iter()
        .map(|s| s.conc[k])
        .chain(model.intakes.iter().map(|i| i.conc[k]))
        .chain(
            model
                .treatments
                .iter()
                .filter(|t| !t.has_reject())
                .map(|t| t.outlet_conc[k]),
        )
        .fold(0.0, f64::max);
    TargetProblem {
        sources: model
            .sources
            .iter()
            .map(|s| Stream::new(&s.id, s.flow, s.conc[k]))
            .collect(),
        sinks: model
            .sinks
            .iter()
            .map(|s| {
                let limit = s.max_conc[k];
                let limit = if limit >= TOP_CONC { dirtiest } else { limit };
                Stream::new(&s.id, s.min_flow, limit)
            })
            .collect(),
        fresh: model
            .intakes
            .iter()
            .map(|i| FreshSupply {
                id: i.id.clone(),
                conc: i.conc[k],
                max_flow: i.max_flow,
            })
            .collect(),
    }
}

/// The regenerator used for contaminant `k`: recovery 1, cleanest outlet, first
/// on ties.
fn regenerator(model: &Model, k: usize) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, t) in model.treatments.iter().enumerate() {
        if t.has_reject() {
            continue;
        }
        if best.is_none_or(|b| t.outlet_conc[k] < model.treatments[b].outlet_conc[k]) {
            best = Some(i);
        }
    }
    best
}

/// What the targets of contaminant `k` leave out.
fn notes(model: &Model, k: usize) -> Vec<String> {
    let mut notes = Vec::new();
    let regen = regenerator(model, k);
    for (i, t) in model.treatments.iter().enumerate() {
        if t.has_reject() {
            notes.push(format!(
                "treatment {} (recovery {}) is left out: only regenerators with recovery 1 are targeted, so the LP may need less freshwater",
                t.id, t.recovery
            ));
        } else if Some(i) != regen {
            notes.push(format!(
                "regenerator {} is left out: {} has a cleaner outlet and serves the freshwater target alone",
                t.id,
                model.treatments[regen.unwrap_or(i)].id
            ));
        } else {
            if t.max_inlet_conc.iter().any(|c| c.is_finite()) {
                notes.push(format!(
                    "regenerator {}: its inlet limits are ignored",
                    t.id
                ));
            }
            for intake in model
                .intakes
                .iter()
                .filter(|x| x.conc[k] > t.outlet_conc[k])
            {
                notes.push(format!(
                    "regenerator {} could also clean intake {} ({} > {} mg/L); the target feeds it effluent only, so the LP may need less freshwater",
                    t.id, intake.id, intake.conc[k], t.outlet_conc[k]
                ));
            }
        }
    }
    for s in &model.sinks {
        if s.max_flow > s.min_flow {
            notes.push(format!(
                "sink {} has a flow range; targeted at its minimum {} {}",
                s.id,
                model.flow_unit.from_internal(s.min_flow),
                model.flow_unit.name()
            ));
        }
    }
    if model
        .sinks
        .iter()
        .any(|s| s.accepts != crate::model::AcceptSet::ALL)
    {
        notes.push("sinks' `accepts` lists are ignored".to_string());
    }
    if !model.forbid.is_empty() {
        notes.push(format!("{} forbid rule(s) ignored", model.forbid.len()));
    }
    if model
        .discharges
        .iter()
        .any(|d| d.max_conc[k].is_finite() || d.max_load[k].is_finite())
    {
        notes.push("discharge limits are ignored".to_string());
    }
    if model.discharges.is_empty() {
        notes.push("the park has no discharge: the LP allows no wastewater".to_string());
    }
    let p = &model.policy;
    if p.min_reuse_rate.is_some() || p.max_intake.is_some() || p.max_discharge.is_some() {
        notes.push("[policy] is ignored".to_string());
    }
    notes
}

/// The problem at the regeneration target: feed off its sources, product added.
fn with_regeneration(problem: &TargetProblem, rt: &RegenTargets, id: &str) -> TargetProblem {
    let mut p = problem.clone();
    for (source, feed) in &rt.regenerator_feed {
        if let Some(s) = p.sources.iter_mut().find(|s| &s.id == source) {
            s.flow = (s.flow - feed).max(0.0);
        }
    }
    if rt.regenerated_flow > 0.0 {
        p.sources.push(Stream::new(
            format!("{id} (regenerated)"),
            rt.regenerated_flow,
            rt.c_out,
        ));
    }
    p
}

fn by_id(list: &[(String, f64)], unit: FlowUnit) -> BTreeMap<String, f64> {
    list.iter()
        .map(|(id, f)| (id.clone(), unit.from_internal(*f)))
        .collect()
}

fn rows(rows: Vec<CascadeRow>, unit: FlowUnit) -> Vec<CascadeRow> {
    rows.into_iter()
        .map(|r| CascadeRow {
            net_flow: unit.from_internal(r.net_flow),
            cumulative_flow: unit.from_internal(r.cumulative_flow),
            ..r
        })
        .collect()
}

/// An operation as the scenario gives it and as validation converted it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationReport {
    /// Operation id.
    pub id: String,
    /// Owning enterprise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    /// The sink it became.
    pub sink: String,
    /// The source it became.
    pub source: String,
    /// Its flow in the LP and the targets, in the flow unit.
    pub limiting_flow: f64,
    /// Whether the file gave the flow (else it was computed from the loads).
    pub flow_given: bool,
    /// The contaminant needing the largest flow, `load / (max outlet - max
    /// inlet)`; none when no contaminant with a load has an outlet limit.
    pub limited_by: Option<String>,
    /// Mass load, kg/h.
    pub load: BTreeMap<String, f64>,
    /// Inlet concentration limit (the sink's `max_conc`), mg/L.
    pub max_inlet_conc: BTreeMap<String, f64>,
    /// Outlet concentration at the limiting flow with the inlet at its limit
    /// (the source's `conc`), mg/L.
    pub outlet_conc: BTreeMap<String, f64>,
}

/// The scenario's `[[operation]]`s with the flows and concentrations validation
/// gave them in `model` (which must come from `scenario`).
pub fn operations(scenario: &Scenario, model: &Model) -> Vec<OperationReport> {
    let names = &model.contaminants;
    let dense = |v: &[f64]| -> BTreeMap<String, f64> {
        names.iter().cloned().zip(v.iter().copied()).collect()
    };
    scenario
        .operations
        .iter()
        .filter_map(|op| {
            let (sink_id, source_id) = (inlet_id(&op.id), outlet_id(&op.id));
            let sink = model.sinks.iter().find(|s| s.id == sink_id)?;
            let source = model.sources.iter().find(|s| s.id == source_id)?;
            let mut limited_by: Option<(f64, &String)> = None;
            for c in names {
                let load = op.load.get(c).copied().unwrap_or(0.0);
                let (Some(&cin), Some(&cout)) =
                    (op.max_inlet_conc.get(c), op.max_outlet_conc.get(c))
                else {
                    continue;
                };
                if load > 0.0 && cout > cin {
                    let f = load / (cout - cin);
                    if limited_by.is_none_or(|(g, _)| f > g) {
                        limited_by = Some((f, c));
                    }
                }
            }
            Some(OperationReport {
                id: op.id.clone(),
                enterprise: op.enterprise.clone(),
                sink: sink_id,
                source: source_id,
                limiting_flow: model.flow_unit.from_internal(sink.min_flow),
                flow_given: op.limiting_flow.is_some(),
                limited_by: limited_by.map(|(_, c)| c.clone()),
                load: names
                    .iter()
                    .map(|c| (c.clone(), op.load.get(c).copied().unwrap_or(0.0)))
                    .collect(),
                max_inlet_conc: dense(&sink.max_conc),
                outlet_conc: dense(&source.conc),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Objective;
    use crate::SolveOptions;

    const POLLEY: &str = r#"contaminants = ["C"]
[[intake]]
id = "FW"
kind = "tap"
conc = { C = 0 }
[[source]]
id = "SR1"
flow = 50
conc = { C = 50 }
[[source]]
id = "SR2"
flow = 100
conc = { C = 100 }
[[source]]
id = "SR3"
flow = 70
conc = { C = 150 }
[[source]]
id = "SR4"
flow = 60
conc = { C = 250 }
[[sink]]
id = "SK1"
flow = 50
max_conc = { C = 20 }
[[sink]]
id = "SK2"
flow = 100
max_conc = { C = 50 }
[[sink]]
id = "SK3"
flow = 80
max_conc = { C = 100 }
[[sink]]
id = "SK4"
flow = 70
max_conc = { C = 200 }
[[discharge]]
id = "WW"
"#;

    fn model(text: &str) -> Model {
        Scenario::from_toml(text).unwrap().validate().unwrap()
    }

    fn lp_freshwater(m: &Model) -> f64 {
        let mut m = m.clone();
        m.objectives = vec![Objective::Freshwater];
        let r = crate::solve(&m, &SolveOptions::default()).unwrap();
        assert_eq!(r.status, crate::Status::Optimal);
        r.kpis.freshwater
    }

    #[test]
    fn polley_targets_in_the_flow_unit() {
        let t = target(&model(POLLEY), "C").unwrap();
        assert_eq!((t.freshwater, t.wastewater), (70.0, 50.0));
        assert_eq!(t.pinches, vec![150.0]);
        assert_eq!(t.fresh_by_intake["FW"], 70.0);
        assert!(t.notes.is_empty(), "{:?}", t.notes);
        assert!(t.regenerated.is_none());

        let daily = model(&POLLEY.replace("[[intake]]", "[park]\nflow_unit = \"t/d\"\n[[intake]]"));
        let d = target(&daily, "C").unwrap();
        assert!((d.freshwater - 70.0).abs() < 1e-9);
        assert!((d.cascade[0].cumulative_flow - 70.0).abs() < 1e-9);
        let svg = d.composite_svg().unwrap();
        assert!(svg.contains("(t/d)") && svg.contains("(kg/d)") && !svg.contains("t/h"));
        assert!(svg.contains("pinch 150 mg/L"));
    }

    #[test]
    fn unknown_contaminant_is_an_error() {
        let e = target(&model(POLLEY), "COD").unwrap_err();
        assert_eq!(e.code(), "contaminant.unknown");
        assert!(!e.is_infeasible());
    }

    #[test]
    fn regenerator_gives_regeneration_targets_equal_to_the_lp() {
        let text = format!(
            "{POLLEY}[[treatment]]\nid = \"RG\"\noutlet_conc = {{ C = 10 }}\nrecovery = 1.0\n"
        );
        let m = model(&text);
        let t = target(&m, "C").unwrap();
        assert_eq!(t.freshwater, 20.0);
        assert!((t.regenerated.unwrap() - 7500.0 / 140.0).abs() < 1e-9);
        let r = t.regeneration.as_ref().unwrap();
        assert_eq!(r.treatment, "RG");
        assert_eq!(r.without_regeneration.as_ref().unwrap().freshwater, 70.0);
        assert!((lp_freshwater(&m) - 20.0).abs() < 1e-6);
        // the curves at the target: the regenerated water is a source
        assert!(t.problem.sources.iter().any(|s| s.id == "RG (regenerated)"));
        assert!(t.composite_svg().unwrap().contains("freshwater 20 t/h"));
    }

    #[test]
    fn unlimited_sink_and_ignored_features_are_noted() {
        let text = POLLEY.replace("max_conc = { C = 200 }", "")
            + "[[treatment]]\nid = \"RO\"\noutlet_conc = { C = 1 }\nrecovery = 0.5\nreject_to = \"WW\"\n";
        let m = model(&text);
        let t = target(&m, "C").unwrap();
        // SK4 takes the dirtiest source (250 mg/L)
        assert_eq!(t.problem.sinks[3].conc, 250.0);
        assert!(t.notes.iter().any(|n| n.contains("RO")));
        assert!(t.regenerated.is_none());
    }

    #[test]
    fn target_all_names_the_limiting_contaminant() {
        let text = r#"contaminants = ["A", "B"]
[[intake]]
id = "FW"
kind = "tap"
conc = { A = 0, B = 0 }
[[source]]
id = "S1"
flow = 100
conc = { A = 100, B = 20 }
[[sink]]
id = "D1"
flow = 100
max_conc = { A = 50, B = 5 }
[[discharge]]
id = "WW"
"#;
        let m = model(text);
        let all = target_all(&m);
        // A: 50 t/h fresh; B: 75 t/h fresh
        assert_eq!(all.contaminants[0].freshwater, 50.0);
        assert_eq!(all.contaminants[1].freshwater, 75.0);
        assert_eq!(all.limiting.as_deref(), Some("B"));
        assert!(all.failed.is_empty());
        assert!((lp_freshwater(&m) - 75.0).abs() < 1e-6);
    }

    #[test]
    fn infeasible_contaminant_is_listed_as_failed() {
        let text = POLLEY.replace("conc = { C = 0 }", "conc = { C = 30 }");
        let all = target_all(&model(&text));
        assert!(all.contaminants.is_empty());
        assert_eq!(all.failed[0].code, "too_clean_demand");
        assert!(all.failed[0].infeasible);
        assert_eq!(all.limiting, None);
    }

    #[test]
    fn operations_are_reported_with_their_limiting_flows() {
        let text = r#"contaminants = ["C"]
[[intake]]
id = "FW"
kind = "tap"
conc = { C = 0 }
[[operation]]
id = "OP1"
load = { C = 2.0 }
max_inlet_conc = { C = 0 }
max_outlet_conc = { C = 100 }
[[operation]]
id = "OP2"
load = { C = 5.0 }
max_inlet_conc = { C = 50 }
max_outlet_conc = { C = 100 }
[[operation]]
id = "OP3"
load = { C = 30.0 }
max_inlet_conc = { C = 50 }
max_outlet_conc = { C = 800 }
[[operation]]
id = "OP4"
load = { C = 4.0 }
max_inlet_conc = { C = 400 }
max_outlet_conc = { C = 800 }
[[discharge]]
id = "WW"
"#;
        let s = Scenario::from_toml(text).unwrap();
        let m = s.validate().unwrap();
        let ops = operations(&s, &m);
        let flows: Vec<f64> = ops.iter().map(|o| o.limiting_flow).collect();
        assert_eq!(flows, vec![20.0, 100.0, 40.0, 10.0]);
        assert_eq!(ops[2].outlet_conc["C"], 800.0);
        assert_eq!(ops[0].limited_by.as_deref(), Some("C"));
        let t = target(&m, "C").unwrap();
        assert_eq!(
            (t.freshwater, t.wastewater, t.pinches.clone()),
            (90.0, 90.0, vec![100.0])
        );
        assert!((lp_freshwater(&m) - 90.0).abs() < 1e-6);
    }
}
