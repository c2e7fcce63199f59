//! The checked model: ids resolved to indices, units converted to t/h, limits
//! dense per contaminant (`f64::INFINITY` where a limit is absent).
//!
//! Nothing downstream re-reads the scenario file; everything downstream may
//! trust what is here (validation guarantees it).

mod design;
mod ids;
mod kinds;
mod streams;
mod units;

pub use design::Design;
pub(crate) use design::{CandidateUnit, Corridor, Junction, PipeRule};
pub use ids::{DemandId, DemandRef, SupplyId, SupplyRef};
pub(crate) use kinds::{AcceptSet, SupplyKind};
pub use kinds::{IntakeKind, Objective};
pub(crate) use streams::Consumption;
#[cfg_attr(feature = "dev", visibility::make(pub))] // tests read it
pub(crate) use streams::StreamRules;
pub(crate) use streams::{ClassFilter, ClassId, DemandRules, BUILTIN_CLASSES};
pub use units::FlowUnit;

use serde::Serialize;

/// A validated park, ready to be turned into a network and an LP.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// Display name.
    pub name: String,
    /// The unit flows are reported in.
    pub flow_unit: FlowUnit,
    /// Operating hours per year, for annual figures.
    pub hours_per_year: f64,
    /// CNY per tonne per km of straight-line distance.
    pub pipe_cost: f64,
    /// Contaminant ids; index `k` everywhere below.
    pub contaminants: Vec<String>,
    /// Enterprises.
    pub enterprises: Vec<Enterprise>,
    /// Freshwater supplies.
    pub intakes: Vec<Intake>,
    /// Effluents.
    pub sources: Vec<Source>,
    /// Demands.
    pub sinks: Vec<Sink>,
    /// Regeneration units.
    pub treatments: Vec<Treatment>,
    /// Outfalls.
    pub discharges: Vec<Discharge>,
    /// Arcs that may not exist.
    pub(crate) forbid: Vec<ForbidRule>,
    /// User linear constraints (scenario `[[constraint]]`, plugins).
    pub(crate) constraints: Vec<Constraint>,
    /// Park-level requirements.
    pub policy: Policy,
    /// Objectives in lexicographic order (at least one).
    pub objectives: Vec<Objective>,
    /// Relative slack kept on earlier objectives of a lexicographic list.
    pub objective_tolerance: f64,
    /// Stream classes, per-supply limits, pass-through contaminants, blend
    /// limits, consumption (left out of the canonical JSON when unused).
    #[serde(skip_serializing_if = "StreamRules::is_empty")]
    pub(crate) streams: StreamRules,
    /// Network design (a `[design]` table): what may be built, and at what cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub design: Option<Design>,
}

/// An enterprise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enterprise {
    /// Unique id.
    pub id: String,
    /// Free text.
    pub industry: String,
    /// km.
    pub location: Option<[f64; 2]>,
    /// Internal recirculation, t/h.
    pub recirculation: f64,
}

/// A freshwater supply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intake {
    /// Unique id.
    pub id: String,
    /// What kind of water.
    pub kind: IntakeKind,
    /// mg/L per contaminant.
    pub conc: Vec<f64>,
    /// CNY/t.
    pub price: f64,
    /// t/h.
    pub max_flow: Option<f64>,
    /// km.
    pub location: Option<[f64; 2]>,
}

/// An effluent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Unique id.
    pub id: String,
    /// Owning enterprise index.
    pub enterprise: Option<usize>,
    /// t/h.
    pub flow: f64,
    /// mg/L per contaminant.
    pub conc: Vec<f64>,
    /// km, its own (its enterprise's is used when absent).
    pub location: Option<[f64; 2]>,
}

/// A demand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sink {
    /// Unique id.
    pub id: String,
    /// Owning enterprise index.
    pub enterprise: Option<usize>,
    /// t/h.
    pub min_flow: f64,
    /// t/h (equal to `min_flow` for a fixed demand).
    pub max_flow: f64,
    /// mg/L per contaminant, `INFINITY` where unconstrained.
    pub max_conc: Vec<f64>,
    /// Supply kinds it may take.
    pub(crate) accepts: AcceptSet,
    /// km, its own (its enterprise's is used when absent).
    pub location: Option<[f64; 2]>,
}

/// A regeneration unit with fixed outlet concentrations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Treatment {
    /// Unique id.
    pub id: String,
    /// Owning enterprise index.
    pub enterprise: Option<usize>,
    /// Free text.
    pub kind: String,
    /// mg/L per contaminant.
    pub outlet_conc: Vec<f64>,
    /// Product / inflow, in (0, 1].
    pub recovery: f64,
    /// Inflow capacity, t/h.
    pub max_flow: Option<f64>,
    /// CNY per tonne of inflow.
    pub opex: f64,
    /// mg/L per contaminant, `INFINITY` where unconstrained.
    pub max_inlet_conc: Vec<f64>,
    /// Discharge index receiving the reject (present when recovery < 1).
    pub(crate) reject_to: Option<usize>,
    /// km.
    pub location: Option<[f64; 2]>,
}

impl Treatment {
    /// Whether a liquid reject stream leaves the unit.
    pub(crate) fn has_reject(&self) -> bool {
        self.recovery < 1.0
    }
}

/// An outfall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discharge {
    /// Unique id.
    pub id: String,
    /// Free text.
    pub kind: String,
    /// mg/L per contaminant, `INFINITY` where unconstrained.
    pub max_conc: Vec<f64>,
    /// kg/h per contaminant, `INFINITY` where unconstrained.
    pub max_load: Vec<f64>,
    /// CNY/t.
    pub fee: f64,
    /// km.
    pub location: Option<[f64; 2]>,
}

/// No arc from a supply matching `from` to a demand matching `to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "dev", visibility::make(pub))] // tests and examples read it
pub(crate) struct ForbidRule {
    /// Supply id pattern (`*` wildcard).
    pub from: String,
    /// Demand id pattern.
    pub to: String,
    /// Why.
    pub(crate) reason: Option<String>,
}

/// A user linear constraint: sum over terms of coef x (flow in t/h, or mass
/// in kg/h of a contaminant) on the arcs each term selects, against `rhs`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "dev", visibility::make(pub))] // tests and examples read it
pub(crate) struct Constraint {
    /// Names the row.
    pub label: String,
    /// Row lower bound (internal units; -inf for `<=`).
    pub lower: f64,
    /// Row upper bound (internal units; +inf for `>=`).
    pub upper: f64,
    /// Terms.
    pub terms: Vec<ConstraintTerm>,
}

/// Which arcs a constraint term selects, and its weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "dev", visibility::make(pub))] // tests and examples read it
pub(crate) struct ConstraintTerm {
    /// Supply id pattern.
    pub from: String,
    /// Demand id pattern.
    pub to: String,
    /// Supply kind: `intake`, `source`, `treatment`, or any.
    pub from_kind: Option<String>,
    /// Demand kind: `sink`, `treatment`, `discharge`, or any.
    pub to_kind: Option<String>,
    /// Owning enterprise pattern of the supply.
    pub from_enterprise: Option<String>,
    /// Owning enterprise pattern of the demand.
    pub to_enterprise: Option<String>,
    /// Weight per t/h (or per kg/h with a contaminant).
    pub coef: f64,
    /// Contaminant index whose mass is weighed.
    pub contaminant: Option<usize>,
}

/// Park-level requirements, flows in t/h.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Policy {
    /// Minimum reuse rate in [0, 1).
    pub min_reuse_rate: Option<f64>,
    /// Maximum total intake, t/h.
    pub max_intake: Option<f64>,
    /// Maximum total discharge, t/h.
    pub max_discharge: Option<f64>,
}

impl Model {
    /// Total declared internal recirculation, t/h: enterprises' figures and
    /// the cooling circulation declared on make-up sinks.
    pub(crate) fn recirculation(&self) -> f64 {
        self.enterprises
            .iter()
            .map(|e| e.recirculation)
            .sum::<f64>()
            + self.streams.circulation_total()
    }

    /// Forbid rules (tests and examples).
    #[cfg(feature = "dev")]
    pub fn forbid_rules(&self) -> &[ForbidRule] {
        &self.forbid
    }

    /// The same park without its forbid rules (tests and examples).
    #[cfg(feature = "dev")]
    pub fn without_forbid_rules(&self) -> Model {
        Model {
            forbid: Vec::new(),
            ..self.clone()
        }
    }

    /// User and plugin constraints (tests).
    #[cfg(feature = "dev")]
    pub fn constraint_rows(&self) -> &[Constraint] {
        &self.constraints
    }

    /// User and plugin constraints, to replace (tests).
    #[cfg(feature = "dev")]
    pub fn constraints_mut(&mut self) -> &mut Vec<Constraint> {
        &mut self.constraints
    }

    /// Stream classes and their rules (tests).
    #[cfg(feature = "dev")]
    pub fn stream_rules(&self) -> &StreamRules {
        &self.streams
    }

    /// Number of contaminants.
    pub fn num_contaminants(&self) -> usize {
        self.contaminants.len()
    }

    /// `sha256:<hex>` of the model's canonical JSON: the validated,
    /// normalized scenario (ids resolved, flows in t/h, grades expanded,
    /// defaults filled, operations turned into sinks and sources; compact
    /// serde JSON, fields in declaration order, numbers in shortest
    /// round-trip form, absent limits as `null`). Comments, layout, TOML vs
    /// JSON and the order of keys in the file do not change it; any figure
    /// that reaches the LP, the objective list included, does.
    /// (Reports carry it as `scenario_hash`; tests compute it directly.)
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn canonical_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_vec(self).expect("a model always serializes");
        let digest = Sha256::digest(&json);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
}
