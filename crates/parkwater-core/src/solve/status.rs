//! The one translation of a HiGHS outcome into a [`Status`]: the full LP,
//! the pricing masters, the diagnosis checks and MIP solves all read their
//! status here, so the same HiGHS outcome means the same thing everywhere.

use parkwater_highs::ModelStatus;
use serde::Serialize;

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal (for a MIP: within its relative gap; in a report,
    /// also verified).
    Optimal,
    /// No flow meets every requirement.
    Infeasible,
    /// The objective has no lower bound (cannot happen with non-negative costs).
    Unbounded,
    /// The time limit (or another limit) ran out first; a MIP may still
    /// carry its best incumbent, with its gap and bound.
    TimeLimit,
    /// The solver stopped without an answer.
    SolverFailure,
    /// The solver's answer failed independent verification.
    VerificationFailed,
    /// The solver called its answer optimal but its own residuals (primal
    /// or dual infeasibility) exceed `RESIDUAL_TOLERANCE`,
    /// or it stopped with status "unknown", or its run failed outright
    /// (even after the retry with the other algorithm): no answer is
    /// trusted or returned as optimal.
    NumericalTrouble,
}

/// HiGHS's `kHighsModelStatusUnknown`: it stopped without a proven outcome,
/// which on an LP means its numerics broke down.
pub(crate) const MODEL_STATUS_UNKNOWN: i32 = 15;
/// `kHighsModelStatusSolutionLimit`.
const MODEL_STATUS_SOLUTION_LIMIT: i32 = 16;
/// `kHighsModelStatusInterrupt`: stopped by the caller's progress closure.
const MODEL_STATUS_INTERRUPT: i32 = 17;

/// What one run of HiGHS ended with: its model status, or `None` when the
/// run itself failed (`kHighsStatusError`; on a validated LP its numerics
/// broke down).
pub(crate) type Outcome = Option<ModelStatus>;

/// Whether HiGHS ended without a proven outcome: the run failed or its
/// status is "unknown". Such a run is retried once with the other algorithm
/// ([`super::live::Live::run`]).
pub(crate) fn undecided(outcome: Outcome) -> bool {
    matches!(
        outcome,
        None | Some(ModelStatus::Other(MODEL_STATUS_UNKNOWN))
    )
}

/// THE translation. `zero_cost`: the objective is identically zero (a
/// feasibility test), so "unbounded or infeasible" can only be infeasible.
///
/// | HiGHS | Status |
/// | --- | --- |
/// | optimal | `Optimal` (before the residual check) |
/// | infeasible | `Infeasible` |
/// | unbounded or infeasible, zero objective | `Infeasible` |
/// | unbounded, unbounded or infeasible | `Unbounded` |
/// | time, iteration or solution limit, interrupted by the caller | `TimeLimit` |
/// | unknown, run failed | `NumericalTrouble` |
/// | anything else (load, presolve, memory errors ...) | `SolverFailure` |
pub(crate) fn translate(outcome: Outcome, zero_cost: bool) -> Status {
    let Some(status) = outcome else {
        return Status::NumericalTrouble;
    };
    match status {
        ModelStatus::Optimal => Status::Optimal,
        ModelStatus::Infeasible => Status::Infeasible,
        ModelStatus::UnboundedOrInfeasible if zero_cost => Status::Infeasible,
        ModelStatus::Unbounded | ModelStatus::UnboundedOrInfeasible => Status::Unbounded,
        ModelStatus::TimeLimit | ModelStatus::IterationLimit => Status::TimeLimit,
        ModelStatus::Other(MODEL_STATUS_SOLUTION_LIMIT | MODEL_STATUS_INTERRUPT) => {
            Status::TimeLimit
        }
        ModelStatus::Other(MODEL_STATUS_UNKNOWN) => Status::NumericalTrouble,
        ModelStatus::NotSet | ModelStatus::Other(_) => Status::SolverFailure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_highs_outcome_has_one_status() {
        let table = [
            (Some(ModelStatus::Optimal), false, Status::Optimal),
            (Some(ModelStatus::Infeasible), false, Status::Infeasible),
            (
                Some(ModelStatus::UnboundedOrInfeasible),
                true,
                Status::Infeasible,
            ),
            (
                Some(ModelStatus::UnboundedOrInfeasible),
                false,
                Status::Unbounded,
            ),
            (Some(ModelStatus::Unbounded), true, Status::Unbounded),
            (Some(ModelStatus::TimeLimit), false, Status::TimeLimit),
            (Some(ModelStatus::IterationLimit), false, Status::TimeLimit),
            (Some(ModelStatus::Other(16)), false, Status::TimeLimit),
            (Some(ModelStatus::Other(17)), false, Status::TimeLimit),
            (
                Some(ModelStatus::Other(15)),
                false,
                Status::NumericalTrouble,
            ),
            (None, false, Status::NumericalTrouble),
            (Some(ModelStatus::NotSet), false, Status::SolverFailure),
            (Some(ModelStatus::Other(4)), false, Status::SolverFailure),
            (Some(ModelStatus::Other(18)), false, Status::SolverFailure),
        ];
        for (outcome, zero_cost, expected) in table {
            assert_eq!(translate(outcome, zero_cost), expected, "{outcome:?}");
        }
        // Every raw code maps without panicking, and only "unknown" (and
        // a failed run) is undecided.
        for code in -2..25 {
            let outcome = Some(ModelStatus::from_code(code));
            let _ = translate(outcome, false);
            assert_eq!(undecided(outcome), code == 15, "{code}");
        }
        assert!(undecided(None));
    }
}
