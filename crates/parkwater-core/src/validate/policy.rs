//! Park policy (reuse rate, intake and discharge caps) and the objective list.

use super::checker::{Checker, Range};
use super::DEFAULT_OBJECTIVE_TOLERANCE;
use crate::model::{FlowUnit, Objective, Policy};
use crate::scenario as file;

pub(super) fn policy(c: &mut Checker, p: Option<&file::Policy>, unit: FlowUnit) -> Policy {
    let Some(p) = p else { return Policy::default() };
    Policy {
        min_reuse_rate: c.optional("policy.min_reuse_rate", p.min_reuse_rate, Range::Rate),
        max_intake: c
            .optional("policy.max_intake", p.max_intake, Range::NonNegative)
            .map(|v| unit.to_internal(v)),
        max_discharge: c
            .optional("policy.max_discharge", p.max_discharge, Range::NonNegative)
            .map(|v| unit.to_internal(v)),
    }
}

/// Defaults to `["freshwater", "cost"]`: least water first, then cheapest.
pub(super) fn objectives(
    c: &mut Checker,
    spec: Option<&file::ObjectiveSpec>,
) -> (Vec<Objective>, f64) {
    let Some(spec) = spec else {
        return (
            vec![Objective::Freshwater, Objective::Cost],
            DEFAULT_OBJECTIVE_TOLERANCE,
        );
    };
    let mut list = Vec::new();
    for (i, name) in spec.minimize.names().into_iter().enumerate() {
        match Objective::parse(name) {
            Some(o) if list.contains(&o) => c.push(
                format!("objective.minimize[{i}]"),
                "objective.duplicate",
                format!("'{name}' is listed twice"),
            ),
            Some(o) => list.push(o),
            None => c.push(
                format!("objective.minimize[{i}]"),
                "objective.unknown",
                format!("'{name}' is not one of freshwater, cost, discharge"),
            ),
        }
    }
    if list.is_empty() && c.problems.iter().all(|p| !p.path.starts_with("objective")) {
        c.push(
            "objective.minimize",
            "objective.unknown",
            "name at least one objective",
        );
    }
    let tolerance = c
        .optional("objective.tolerance", spec.tolerance, Range::NonNegative)
        .unwrap_or(DEFAULT_OBJECTIVE_TOLERANCE);
    (list, tolerance)
}
