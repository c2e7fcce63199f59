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
//! contaminant that limits the freshwater (`target_all`); the LP optimum is the
//! true multi-contaminant target.
//!
//! Flows are reported in the scenario's flow unit, concentrations in mg/L, loads
//! in kg/h.

mod document;
mod error;
mod operations;
mod problem;
#[cfg(test)]
mod tests;

pub use document::{TargetReport, TargetReportError};
pub use error::TargetingError;
pub use operations::{operations, OperationReport};
pub(crate) use problem::problem;

use crate::model::{FlowUnit, Model};
use parkwater_pinch::{
    composite_curves, composite_svg, target_regeneration, CascadeRow, PinchError, RegenMode,
    TargetProblem, Targets,
};
use problem::{by_id, notes, regenerator, rows, with_regeneration};
use serde::Serialize;
use std::collections::BTreeMap;

#[cfg(feature = "dev")] // for the tests, benches and examples only
#[visibility::make(pub)]
pub(crate) use parkwater_pinch as pinch;

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
    pub(crate) problem: TargetProblem,
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
    pub(crate) inlet_conc: Option<f64>,
    /// Flow taken from each source into the regenerator.
    pub(crate) feed: BTreeMap<String, f64>,
    /// Contaminant removed, kg/h.
    pub(crate) removed_load: f64,
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
    pub(crate) code: &'static str,
    /// [`TargetingError::is_infeasible`].
    pub infeasible: bool,
    /// For a person.
    pub message: String,
}

/// Targets for one contaminant of a model.
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) fn target(
    model: &Model,
    contaminant: &str,
) -> Result<ContaminantTargets, TargetingError> {
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
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) fn target_all(model: &Model) -> AllTargets {
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
