//! Model and solution statuses reported by HiGHS.

use std::fmt;

use highs_sys::HighsInt;

use crate::convert::{highs_int_from_i32, raw_status};

/// What HiGHS concluded about the model (`kHighsModelStatus*`).
///
/// The common outcomes have their own variants; every other HiGHS code
/// (load/model/presolve/solve/postsolve errors, empty model, objective
/// bound/target, unknown, solution/memory limits, interrupts) is kept as
/// [`ModelStatus::Other`] with the raw code so nothing is lost. Use
/// [`ModelStatus::code`] to get the raw code back and [`fmt::Display`] for
/// HiGHS's name of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelStatus {
    /// `kHighsModelStatusOptimal` (7): an optimal solution was found.
    Optimal,
    /// `kHighsModelStatusInfeasible` (8): the model is primal infeasible.
    Infeasible,
    /// `kHighsModelStatusUnbounded` (10): the objective is unbounded below.
    Unbounded,
    /// `kHighsModelStatusUnboundedOrInfeasible` (9): presolve or the
    /// solver found the model dual infeasible but did not decide primal
    /// feasibility.
    UnboundedOrInfeasible,
    /// `kHighsModelStatusTimeLimit` (13): stopped by `time_limit`.
    TimeLimit,
    /// `kHighsModelStatusIterationLimit` (14): stopped by an iteration limit.
    IterationLimit,
    /// `kHighsModelStatusNotset` (0): no solve has been run since the model
    /// last changed.
    NotSet,
    /// Any other `kHighsModelStatus` code, kept raw.
    Other(i32),
}

impl ModelStatus {
    /// Map a raw `kHighsModelStatus` code.
    pub fn from_code(code: i32) -> Self {
        // Compare against the C API's constants, not literals, so a
        // renumbering in a future HiGHS would be caught by the tests below.
        match highs_int_from_i32(code) {
            highs_sys::kHighsModelStatusOptimal => Self::Optimal,
            highs_sys::kHighsModelStatusInfeasible => Self::Infeasible,
            highs_sys::kHighsModelStatusUnbounded => Self::Unbounded,
            highs_sys::kHighsModelStatusUnboundedOrInfeasible => Self::UnboundedOrInfeasible,
            highs_sys::kHighsModelStatusTimeLimit => Self::TimeLimit,
            highs_sys::kHighsModelStatusIterationLimit => Self::IterationLimit,
            highs_sys::kHighsModelStatusNotset => Self::NotSet,
            _ => Self::Other(code),
        }
    }

    /// The raw `kHighsModelStatus` code.
    pub fn code(self) -> i32 {
        let c: HighsInt = match self {
            Self::Optimal => highs_sys::kHighsModelStatusOptimal,
            Self::Infeasible => highs_sys::kHighsModelStatusInfeasible,
            Self::Unbounded => highs_sys::kHighsModelStatusUnbounded,
            Self::UnboundedOrInfeasible => highs_sys::kHighsModelStatusUnboundedOrInfeasible,
            Self::TimeLimit => highs_sys::kHighsModelStatusTimeLimit,
            Self::IterationLimit => highs_sys::kHighsModelStatusIterationLimit,
            Self::NotSet => highs_sys::kHighsModelStatusNotset,
            Self::Other(code) => return code,
        };
        raw_status(c)
    }

    /// True for [`ModelStatus::Optimal`].
    pub fn is_optimal(self) -> bool {
        self == Self::Optimal
    }

    /// HiGHS's own wording for the status (as in its log).
    pub fn name(self) -> &'static str {
        match highs_int_from_i32(self.code()) {
            highs_sys::kHighsModelStatusNotset => "Not Set",
            highs_sys::kHighsModelStatusLoadError => "Load error",
            highs_sys::kHighsModelStatusModelError => "Model error",
            highs_sys::kHighsModelStatusPresolveError => "Presolve error",
            highs_sys::kHighsModelStatusSolveError => "Solve error",
            highs_sys::kHighsModelStatusPostsolveError => "Postsolve error",
            highs_sys::kHighsModelStatusModelEmpty => "Empty",
            highs_sys::kHighsModelStatusOptimal => "Optimal",
            highs_sys::kHighsModelStatusInfeasible => "Infeasible",
            highs_sys::kHighsModelStatusUnboundedOrInfeasible => "Primal infeasible or unbounded",
            highs_sys::kHighsModelStatusUnbounded => "Unbounded",
            highs_sys::kHighsModelStatusObjectiveBound => "Bound on objective reached",
            highs_sys::kHighsModelStatusObjectiveTarget => "Target for objective reached",
            highs_sys::kHighsModelStatusTimeLimit => "Time limit reached",
            highs_sys::kHighsModelStatusIterationLimit => "Iteration limit reached",
            highs_sys::kHighsModelStatusUnknown => "Unknown",
            highs_sys::kHighsModelStatusSolutionLimit => "Solution limit reached",
            highs_sys::kHighsModelStatusInterrupt => "Interrupted by user",
            highs_sys::kHighsModelStatusMemoryLimit => "Memory limit reached",
            highs_sys::kHighsModelStatusHighsInterrupt => "Interrupted by HiGHS",
            _ => "Unrecognised HiGHS model status",
        }
    }
}

impl fmt::Display for ModelStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Other(code) => write!(f, "{} ({code})", self.name()),
            _ => f.write_str(self.name()),
        }
    }
}

/// Status of a primal or dual solution (`kHighsSolutionStatus*`), as read
/// from HiGHS's `primal_solution_status` / `dual_solution_status` info.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SolutionStatus {
    /// No solution values are available.
    None,
    /// Values are available but violate the feasibility tolerance.
    Infeasible,
    /// Values are available and feasible within tolerance.
    Feasible,
}

impl SolutionStatus {
    /// Map a raw `kHighsSolutionStatus` code (unknown codes become `None`).
    pub(crate) fn from_raw(raw: HighsInt) -> Self {
        match raw {
            highs_sys::kHighsSolutionStatusFeasible => Self::Feasible,
            highs_sys::kHighsSolutionStatusInfeasible => Self::Infeasible,
            _ => Self::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_highs_code_round_trips() {
        for code in 0..=19 {
            let status = ModelStatus::from_code(code);
            assert_eq!(status.code(), code, "{status:?}");
            assert_ne!(status.name(), "Unrecognised HiGHS model status");
        }
        assert_eq!(ModelStatus::from_code(7), ModelStatus::Optimal);
        assert_eq!(ModelStatus::from_code(8), ModelStatus::Infeasible);
        assert_eq!(
            ModelStatus::from_code(9),
            ModelStatus::UnboundedOrInfeasible
        );
        assert_eq!(ModelStatus::from_code(10), ModelStatus::Unbounded);
        assert_eq!(ModelStatus::from_code(13), ModelStatus::TimeLimit);
        assert_eq!(ModelStatus::from_code(14), ModelStatus::IterationLimit);
        assert_eq!(ModelStatus::from_code(0), ModelStatus::NotSet);
        assert_eq!(ModelStatus::from_code(15), ModelStatus::Other(15));
        assert_eq!(ModelStatus::from_code(99_999), ModelStatus::Other(99_999));
    }

    #[test]
    fn display() {
        assert_eq!(ModelStatus::Optimal.to_string(), "Optimal");
        assert_eq!(ModelStatus::Other(15).to_string(), "Unknown (15)");
        assert_eq!(
            ModelStatus::Other(-3).to_string(),
            "Unrecognised HiGHS model status (-3)"
        );
    }
}
