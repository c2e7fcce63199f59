//! Every exit code of `parkwater`, in one place. The engine knows nothing
//! of them: a solve ends with a [`Status`], and this module says what the
//! shell sees.

use parkwater_core::Status;

/// The run did what was asked (optimal, checks passed).
pub(crate) const OK: u8 = 0;
/// Invalid input: a scenario, plan, table or command line that cannot be read
/// or does not validate (never clap's usual 2, which here means infeasible).
pub(crate) const INVALID: u8 = 1;
/// The park (or its targets) is infeasible.
pub(crate) const INFEASIBLE: u8 = 2;
/// No trusted optimum (time limit, solver failure, numerical trouble,
/// failed verification), or the run itself broke.
pub(crate) const FAILURE: u8 = 3;
/// `parkwater verify`: a plan violates a requirement.
pub(crate) const VIOLATED: u8 = 3;
/// A plugin failed (wrong ABI, missing symbol, error, panic, malformed JSON).
pub(crate) const PLUGIN: u8 = 4;
/// Interrupted by Ctrl-C (128 + SIGINT), once the finished rows are written.
pub(crate) const INTERRUPTED: u8 = 130;

/// The exit code of a solve that ended with `status`: 0 optimal,
/// 2 infeasible, 3 anything else.
pub(crate) fn of_status(status: Status) -> u8 {
    match status {
        Status::Optimal => OK,
        Status::Infeasible => INFEASIBLE,
        Status::Unbounded
        | Status::TimeLimit
        | Status::SolverFailure
        | Status::VerificationFailed
        | Status::NumericalTrouble => FAILURE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimal_is_0_infeasible_2_every_other_status_3() {
        assert_eq!(of_status(Status::Optimal), 0);
        assert_eq!(of_status(Status::Infeasible), 2);
        for s in [
            Status::Unbounded,
            Status::TimeLimit,
            Status::SolverFailure,
            Status::VerificationFailed,
            Status::NumericalTrouble,
        ] {
            assert_eq!(of_status(s), 3, "{s:?}");
        }
    }
}
