//! What an infeasible park's report says: the requirements that cannot all
//! hold, the smallest relaxation that restores feasibility, and sentences
//! that explain both in park terms. Only the types of the JSON contract
//! live here; `crate::diagnose` builds them (and nothing else does).

use serde::Serialize;

/// Why a park is infeasible: requirements that cannot all hold together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    /// One sentence for a person.
    pub summary: String,
    /// The conflicting requirements (an irreducible infeasible subsystem
    /// when `minimal`), in park terms, sorted by family, entity, contaminant.
    pub conflicting: Vec<Conflict>,
    /// How `conflicting` was found: `iis` (HiGHS's irreducible infeasible
    /// subsystem, confirmed by a deletion filter), `dual_ray` (the rows of
    /// HiGHS's Farkas certificate, reduced by the deletion filter) or
    /// `elastic_filter` (the fallback when HiGHS gives neither).
    pub method: &'static str,
    /// Whether every member of `conflicting` is proven necessary.
    pub minimal: bool,
    /// The smallest weighted relaxation that restores feasibility: each
    /// requirement to relax and by how much (together, not each alone).
    pub relaxation: Vec<Relaxation>,
    /// Sentences that explain the conflict and the fix with numbers.
    pub explanations: Vec<String>,
}

/// One requirement in a conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// Constraint family (as in `duals`).
    pub family: &'static str,
    /// Entity id.
    pub entity: String,
    /// Contaminant, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contaminant: Option<String>,
    /// A sentence naming it.
    pub label: String,
}

/// One requirement relaxed by the elastic LP.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relaxation {
    /// A sentence naming the requirement (the row label).
    pub label: String,
    /// Constraint family (as in `duals`).
    pub family: &'static str,
    /// Entity id (the policy name for park policies).
    pub entity: String,
    /// Contaminant, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contaminant: Option<String>,
    /// By how much, in `unit` (always > 0).
    pub amount: f64,
    /// The requirement's figure now (demand, limit, cap, target).
    pub current: f64,
    /// The figure it would have to become.
    pub relaxed: f64,
    /// Unit of the three figures: the flow unit, `mg/L`, `kg/h`, or
    /// `fraction` (reuse rate).
    pub unit: &'static str,
}
