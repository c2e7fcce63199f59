//! The result a user reads: status, objective values, KPIs, flows, rejects,
//! verification, duals, and a diagnosis when the park is infeasible.

mod diagnosis;
mod duals;
mod graph;
mod kpis;

pub use diagnosis::{Conflict, Diagnosis, Relaxation};
pub(crate) use duals::group_duals;
pub use duals::{DualEntry, Duals};
pub(crate) use kpis::KPI_DEFINITIONS;
pub use kpis::{CostBreakdown, Kpis, NewWater, ReuseTarget, WaterBalance};

use crate::formulate::report_scale;
use crate::model::Model;
use crate::network::Network;
use crate::solve::{LpOutcome, SolveStats, Status};
use crate::verify::{Balances, Verification};
use serde::Serialize;
use std::collections::BTreeMap;

/// One arc with its flow, in the scenario's flow unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    /// Supply id.
    pub from: String,
    /// Demand id.
    pub to: String,
    /// Flow.
    pub flow: f64,
}

/// How the result was computed.
#[derive(Debug, Clone, Serialize)]
pub struct SolverInfo {
    /// parkwater version.
    pub engine: String,
    /// LP solver and version.
    pub solver: String,
    /// `full` LP or `pricing`.
    pub method: &'static str,
    /// Solves that gave no trusted answer before this one, earliest first
    /// (empty when the first solve was kept).
    pub fallbacks: Vec<Fallback>,
    /// Counters.
    pub stats: SolveStats,
}

/// A solve that gave no trusted answer, and what ran instead. The report's
/// figures are those of the last solve; this says why it ran.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fallback {
    /// The method of the solve not kept: `full` or `pricing`.
    pub method: &'static str,
    /// Why it was not kept: `numerical_trouble` (HiGHS broke down, every
    /// retry included) or `verification_failed` (the independent check
    /// refused its optimum).
    pub because: &'static str,
    /// The refused optimum's largest violation, in the check's units
    /// (`verification_failed` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_violation: Option<f64>,
    /// What ran instead: `full` (the full LP), `pricing` (arc pricing),
    /// `tightest_tolerance` (the same method at HiGHS's tightest
    /// feasibility tolerance) or `interior_point` (the full LP by
    /// interior point and crossover).
    pub then: &'static str,
}

/// Units of the reported figures.
#[derive(Debug, Clone, Serialize)]
pub struct Units {
    /// Flows.
    pub flow: &'static str,
    /// Concentrations.
    pub concentration: &'static str,
    /// Loads.
    pub load: &'static str,
    /// Costs.
    pub cost: &'static str,
}

impl Fallback {
    /// In words: which solve was not kept, why, and what ran instead.
    pub fn sentence(&self) -> String {
        fallback_sentence(self.method, self.because, self.max_violation, self.then)
    }
}

/// [`Fallback::sentence`] from its fields (as read back from a report's
/// JSON); unknown words are shown as they are.
pub fn fallback_sentence(
    method: &str,
    because: &str,
    max_violation: Option<f64>,
    then: &str,
) -> String {
    let solve = match method {
        "pricing" => "Arc pricing",
        "full" => "The full LP",
        other => other,
    };
    let why = match (because, max_violation) {
        ("verification_failed", Some(v)) => {
            format!("its optimum failed the independent check (largest violation {v:.1e})")
        }
        ("verification_failed", None) => "its optimum failed the independent check".into(),
        ("numerical_trouble", _) => "the solver ran into numerical trouble".into(),
        (other, _) => other.replace('_', " "),
    };
    let then = match then {
        "full" => "the full LP was solved instead",
        "pricing" => "the park was solved by arc pricing instead",
        "tightest_tolerance" => "it was solved again at the tightest feasibility tolerance",
        "interior_point" => "the full LP was solved again by interior point",
        other => other,
    };
    format!("{solve} gave no trusted answer: {why}; {then}.")
}

/// The full result of a solve.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Park name.
    pub park: String,
    /// Hash of the normalized scenario (see `Model::canonical_hash`): two
    /// reports with the same hash answer the same question.
    pub scenario_hash: String,
    /// How it ended.
    pub status: Status,
    /// Value of each objective solved, reported units.
    pub objective: BTreeMap<String, f64>,
    /// Key figures.
    pub kpis: Kpis,
    /// Arcs with a positive flow, in network order.
    pub flows: Vec<Flow>,
    /// Treatment rejects with a positive flow.
    pub rejects: Vec<Flow>,
    /// Independent re-check.
    pub verification: Verification,
    /// Row duals of the last objective (optimal results only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duals: Option<Duals>,
    /// Why the park is infeasible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
    /// Network design: what to build (scenarios with a `[design]` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub design: Option<crate::design::DesignReport>,
    /// Units of the figures above.
    pub units: Units,
    /// How it was computed.
    pub solver: SolverInfo,
    /// What each rate among the KPIs means (issue 13), by KPI name.
    pub kpi_definitions: BTreeMap<&'static str, &'static str>,
}

impl Report {
    /// Assembles the report of an LP outcome. An infeasible outcome's
    /// `diagnosis` is left to `crate::diagnose` (see `crate::pipeline`).
    pub(crate) fn new(
        model: &Model,
        network: &Network,
        outcome: &LpOutcome,
        verification: Verification,
        method: &'static str,
    ) -> Report {
        let optimal = outcome.status == Status::Optimal;
        let balances = Balances::new(model, network, &outcome.flows);
        let unit = model.flow_unit;
        let flows = (0..network.len())
            .filter(|&a| outcome.flows[a] > 0.0)
            .map(|a| {
                let (u, v) = network.arc(a);
                Flow {
                    from: model.supply_name(u).to_string(),
                    to: model.demand_name(v).to_string(),
                    flow: unit.from_internal(outcome.flows[a]),
                }
            })
            .collect();
        let rejects = model
            .treatments
            .iter()
            .zip(&balances.reject)
            .filter(|(_, &r)| r > 0.0)
            .filter_map(|(t, &r)| {
                Some(Flow {
                    from: t.id.clone(),
                    to: model.discharges[t.reject_to?].id.clone(),
                    flow: unit.from_internal(r),
                })
            })
            .collect();
        let status = if optimal && !verification.passed() {
            Status::VerificationFailed
        } else {
            outcome.status
        };
        Report {
            park: model.name.clone(),
            scenario_hash: model.canonical_hash(),
            status,
            objective: outcome
                .objective_values
                .iter()
                .map(|&(o, z)| (o.name().to_string(), z * report_scale(model, o)))
                .collect(),
            kpis: Kpis::new(model, network, &outcome.flows, &balances),
            flows,
            rejects,
            verification,
            duals: optimal.then(|| group_duals(model, &outcome.row_keys, &outcome.row_duals)),
            // Built by `crate::diagnose` (the pipeline sets it).
            diagnosis: None,
            design: None,
            units: Units {
                flow: unit.name(),
                concentration: "mg/L",
                load: "kg/h",
                cost: "CNY/yr",
            },
            solver: SolverInfo {
                engine: format!("parkwater {}", env!("CARGO_PKG_VERSION")),
                solver: crate::solve::solver_name(),
                method,
                // Set by the pipeline when an earlier solve was not kept.
                fallbacks: Vec::new(),
                stats: outcome.stats.clone(),
            },
            kpi_definitions: KPI_DEFINITIONS.into_iter().collect(),
        }
    }
}
