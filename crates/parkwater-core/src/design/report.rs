//! The JSON `design` section (MODEL.md): pipes that carry flow, candidate
//! units, capital, the bound and gap, and what the bound bounds.

use super::candidates::{ArcClass, Candidates};
use super::verify::Built;
use crate::model::Model;
use serde::Serialize;

/// A pipe that carries flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipeReport {
    /// Supply id.
    pub from: String,
    /// Demand id.
    pub to: String,
    /// Route length, km.
    pub length_km: f64,
    /// Flow, in the scenario's flow unit.
    pub flow: f64,
    /// Already there (no capital).
    pub existing: bool,
    /// Capital, CNY (0 for an existing pipe).
    pub capex: f64,
    /// Capital x recovery factor, CNY/yr.
    pub annual_capex: f64,
}

/// A candidate unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitReport {
    /// Unit id.
    pub id: String,
    /// `treatment` or `intake`.
    pub kind: &'static str,
    /// Whether the design builds it.
    pub built: bool,
    /// Capital, CNY (when built; the candidate's capex otherwise shown as 0).
    pub capex: f64,
    /// CNY/yr.
    pub annual_capex: f64,
}

/// How many arcs of each kind the design had to choose from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CandidateCounts {
    /// Arcs that need a pipe built (binaries).
    pub pipes: usize,
    /// Binary columns of the MILP: candidate pipes, the one-destination
    /// choices of dedicated sources, candidate units.
    pub binaries: usize,
    /// Arcs that need no pipe (intake, discharge, same enterprise).
    pub free: usize,
    /// Arcs covered by an existing pipe.
    pub existing: usize,
    /// Arcs longer than `max_pipe_km`.
    pub dropped_too_long: usize,
    /// Arcs a `[[pipe]] build = false` forbids.
    pub dropped_forbidden: usize,
    /// Pipes the data let carry less than `min_pipe_flow` (their tightest
    /// flow bound: end capacities, quality share): never buildable.
    pub dropped_below_min_flow: usize,
}

impl CandidateCounts {
    /// Counts of a candidate set whose MILP has `binaries` binary columns.
    pub(crate) fn new(arcs: &Candidates, binaries: usize) -> CandidateCounts {
        let count = |k: ArcClass| arcs.class.iter().filter(|&&c| c == k).count();
        CandidateCounts {
            pipes: count(ArcClass::Piped),
            binaries,
            free: count(ArcClass::Free),
            existing: count(ArcClass::Existing),
            dropped_too_long: arcs.dropped.too_long,
            dropped_forbidden: arcs.dropped.forbidden,
            dropped_below_min_flow: arcs.dropped.below_min_flow,
        }
    }
}

/// One rule of an infeasible design and how much it must give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignConflict {
    /// `max_capex`, `max_pipes_out`, `max_pipes_in`, `dedicated`,
    /// `min_pipe_flow`, `max_pipe_km`, `pipe.build`, `candidate.build`, or `park`.
    pub rule: String,
    /// The limit as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<f64>,
    /// The least value of the limit that admits a design, when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed: Option<f64>,
    /// For a person.
    pub message: String,
}

/// The JSON `design` section.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DesignReport {
    /// Every pipe that carries flow (existing or built).
    pub pipes: Vec<PipeReport>,
    /// Every candidate unit, built or not.
    pub units: Vec<UnitReport>,
    /// Capital of everything built, CNY.
    pub capex: f64,
    /// Annualized capital, CNY/yr (included in `objective.cost`).
    pub annual_capex: f64,
    /// Proven lower bound of the last objective (reported units).
    pub objective_bound: Option<f64>,
    /// Relative gap between the design and `objective_bound`.
    pub gap: Option<f64>,
    /// What `objective_bound` bounds.
    pub bound_of: String,
    /// `whole_park`: `objective_bound` bounds every design of the park
    /// (all candidate pipes and units), whichever `method` found it.
    pub bound_scope: &'static str,
    /// `milp` (branch and cut on every candidate) or `price_and_branch`
    /// (arc pricing on the relaxation, then branch and cut on the generated
    /// pipes; see `pricing`).
    pub method: super::Method,
    /// Price-and-branch's rounds, generated pipes and the bounds it
    /// combines (`restricted_bound` bounds only designs within the
    /// generated pipes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing: Option<super::price::PricedStats>,
    /// The LP relaxation's optimum of the last objective (reported units).
    pub relaxation_bound: Option<f64>,
    /// The first design's objective (rounding + slope scaling), reported units.
    pub heuristic_objective: Option<f64>,
    /// What the design chose from.
    pub candidates: CandidateCounts,
    /// Branch-and-bound nodes.
    pub nodes: i64,
    /// Seconds in the MILP solver (heuristic included).
    pub seconds: f64,
    /// How to read `duals`.
    pub duals: &'static str,
    /// Why no design exists, in design terms (infeasible designs only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnosis: Vec<DesignConflict>,
    /// Value of each built pipe: the cost increase when it is forbidden
    /// (`--pipe-values`), CNY/yr.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipe_values: Option<Vec<PipeValue>>,
}

/// What a built pipe is worth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipeValue {
    /// Supply id.
    pub from: String,
    /// Demand id.
    pub to: String,
    /// Cost increase when the pipe is forbidden, CNY/yr (`null` when the
    /// park has no design without it).
    pub value: Option<f64>,
    /// Status of the re-solve without it.
    pub status: crate::solve::Status,
}

/// Design KPIs added to `kpis`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DesignKpis {
    /// Pipes built (existing ones not counted).
    pub pipes_built: usize,
    /// Capital, CNY.
    pub capex: f64,
    /// Annualized capital, CNY/yr.
    pub annual_capex: f64,
}

/// Note on `duals` in a design report.
pub(crate) const DUALS_NOTE: &str =
    "duals of the LP with every binary fixed at its value in this design";

/// Pipes, units and capital of a design.
pub(crate) fn describe(
    model: &Model,
    arcs: &Candidates,
    built: &Built,
    flows: &[f64],
    binaries: usize,
) -> (DesignReport, DesignKpis) {
    let design = model.design.as_ref().expect("a design model");
    let crf = design.capital_recovery_factor();
    let unit = model.flow_unit;
    let net = &arcs.network;
    let mut pipes = Vec::new();
    for a in 0..net.len() {
        let existing = arcs.class[a] == ArcClass::Existing;
        let carries = flows[a] > 0.0 && (existing || built.pipes[a]);
        if !(carries || built.pipes[a]) {
            continue;
        }
        let (u, v) = net.arc(a);
        let capex = if built.pipes[a] {
            design.pipe_capex(arcs.length_km[a])
        } else {
            0.0
        };
        pipes.push(PipeReport {
            from: model.supply_name(u).to_string(),
            to: model.demand_name(v).to_string(),
            length_km: arcs.length_km[a],
            flow: unit.from_internal(flows[a]),
            existing,
            capex,
            annual_capex: capex * crf,
        });
    }
    let mut units = Vec::new();
    for (i, u) in design.intake_units.iter().enumerate() {
        if let Some(u) = u {
            let b = built.intakes[i];
            let capex = if b { u.capex } else { 0.0 };
            units.push(UnitReport {
                id: model.intakes[i].id.clone(),
                kind: "intake",
                built: b,
                capex,
                annual_capex: capex * crf,
            });
        }
    }
    for (t, u) in design.treatment_units.iter().enumerate() {
        if let Some(u) = u {
            let b = built.treatments[t];
            let capex = if b { u.capex } else { 0.0 };
            units.push(UnitReport {
                id: model.treatments[t].id.clone(),
                kind: "treatment",
                built: b,
                capex,
                annual_capex: capex * crf,
            });
        }
    }
    let capex = built.capex(model, arcs);
    let kpis = DesignKpis {
        pipes_built: built.pipes.iter().filter(|&&b| b).count(),
        capex,
        annual_capex: capex * crf,
    };
    let report = DesignReport {
        pipes,
        units,
        capex,
        annual_capex: capex * crf,
        candidates: CandidateCounts::new(arcs, binaries),
        duals: DUALS_NOTE,
        ..Default::default()
    };
    (report, kpis)
}
