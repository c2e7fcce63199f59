//! Counters of a solve, for reports and benchmarks: [`SolveStats`] for
//! every solve, [`PricingStats`] for arc pricing. They live here, below
//! both `solve` and `pricing`, so neither points up at the other.

use super::residual::Residuals;
use serde::Serialize;

/// Solver counters, deterministic for a given scenario and thread count.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SolveStats {
    /// Columns of the LP (arcs).
    pub columns: usize,
    /// Rows of the LP.
    pub rows: usize,
    /// Non-zeros of the matrix.
    pub nonzeros: usize,
    /// Simplex iterations over all objectives.
    pub simplex_iterations: i64,
    /// Interior-point iterations over all objectives.
    pub ipm_iterations: i64,
    /// LP solves (one per objective, or one per pricing round; a retry
    /// with the other algorithm counts as one more).
    pub solves: usize,
    /// What arc pricing did, when it was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing: Option<PricingStats>,
    /// HiGHS's largest residuals over the checked optimal solves (every
    /// objective of the full LP; the final master under pricing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residuals: Option<Residuals>,
}

/// What arc pricing did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PricingStats {
    /// Pricing rounds (master solves) over all phases and objectives.
    pub rounds: usize,
    /// Rounds spent in phase one.
    pub phase_one_rounds: usize,
    /// Rounds spent pricing an objective of a list with the later ones as
    /// its tie-break (`BatchLimits::tie_break`).
    pub tie_break_rounds: usize,
    /// Columns (arcs) in the final master.
    pub columns: usize,
    /// Columns deleted from the master along the way.
    pub purged: usize,
    /// Optimal masters solved again from their own basis because HiGHS's
    /// values had drifted from its rows (`Master::settle`).
    pub refreshed: usize,
    /// Allowed arcs of the full LP.
    pub candidates: usize,
    /// Smallest reduced cost over all candidate arcs at the end (>= -tolerance
    /// proves optimality of the full LP), in internal units.
    pub certificate: f64,
    /// Whether the first master started from the previous variant's basis
    /// (a sweep over variants of one park with the same rows); false when
    /// solved cold.
    pub basis_reused: bool,
}
