//! Solves that drive HiGHS through its rarer warm-start paths, run by
//! `scripts/test.sh` under valgrind (any invalid read or write fails it).
//! Natively they are plain tests of the answer.
//!
//! HiGHS is C++: a bad write there corrupts the engine's memory silently and
//! surfaces later, elsewhere, if at all. Kept small so that valgrind (about
//! 30x slower) takes well under a minute.

use parkwater_core::solve::{Pricing, Status};
use parkwater_core::synth::found::found;
use parkwater_core::SolveOptions;

/// The pricing master's switch into discharge (third of freshwater, cost,
/// discharge) ends "unknown" in dual simplex and is retried by interior
/// point; the next dual simplex re-solve reused HiGHS's simplex state of
/// the abandoned run and wrote out of bounds in `HighsSparseMatrix::update`
/// (found in CI as a garbage arc index in the verification that followed).
#[test]
fn a_retry_after_a_run_without_outcome_starts_from_clean_solver_state() {
    let model = found("three-objective-forbid-heavy")
        .validate()
        .expect("a valid park");
    let report = parkwater_core::solve(&model, &SolveOptions::default().with_pricing(Pricing::On))
        .expect("a report");
    assert_eq!(report.status, Status::Optimal);
    assert!(report.verification.passed(), "{:?}", report.verification);
    let pricing = report.solver.stats.pricing.as_ref().expect("priced");
    assert!(pricing.certificate >= -1e-7, "{}", pricing.certificate);
}
