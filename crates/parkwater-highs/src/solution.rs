//! Primal/dual solution values and run statistics.
//!
//! # Sign convention of the duals (minimization)
//!
//! HiGHS reports duals such that, for the minimization
//! `min c·x  s.t.  L <= A x <= U,  l <= x <= u`:
//!
//! * `row_dual[i] = d(objective) / d(rhs_i)`: the change of the optimal
//!   objective per unit increase of the active bound of row `i`.
//!   A tight `<=` row (activity at `row_upper`) therefore has
//!   `row_dual <= 0` (loosening it can only lower the cost); a tight `>=`
//!   row (activity at `row_lower`) has `row_dual >= 0`; a row strictly
//!   between its bounds has `row_dual == 0`. For an equality row the sign
//!   is free.
//! * `col_dual = c - Aᵀ row_dual` (the reduced cost). A column at its lower
//!   bound has `col_dual >= 0`, at its upper bound `col_dual <= 0`, and a
//!   basic column `col_dual == 0`.
//!
//! Both are checked by hand-computed tests in `session.rs`.

/// Primal and dual values of the last solve.
///
/// Lengths are always `num_cols` / `num_rows` of the current model. Entries
/// HiGHS has no value for (no primal solution yet, or no dual solution,
/// e.g. after an infeasible solve) are `f64::NAN`; check
/// [`Highs::primal_solution_status`](crate::Highs::primal_solution_status)
/// and [`Highs::dual_solution_status`](crate::Highs::dual_solution_status)
/// to know up front.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Primal value of each column, `x_j`.
    pub col_value: Vec<f64>,
    /// Reduced cost of each column, `c_j - (Aᵀ y)_j` (see module docs).
    pub col_dual: Vec<f64>,
    /// Row activity `(A x)_i`.
    pub row_value: Vec<f64>,
    /// Row dual `y_i = d(objective)/d(rhs_i)` (see module docs for signs).
    pub row_dual: Vec<f64>,
}

/// Statistics and quality measures of the last run, read from HiGHS's info
/// record (plus its run clock).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunInfo {
    /// Simplex iterations of the last run (`simplex_iteration_count`).
    /// HiGHS zeroes the counts at the start of every run, so after a warm
    /// start this counts only the re-solve's iterations.
    pub simplex_iterations: i64,
    /// Interior-point iterations (`ipm_iteration_count`).
    pub ipm_iterations: i64,
    /// Crossover iterations after IPM (`crossover_iteration_count`).
    pub crossover_iterations: i64,
    /// Wall-clock seconds on this instance's run clock (`Highs_getRunTime`).
    /// HiGHS accumulates it over runs; `pass_lp` (and `iis`) reset it.
    pub run_time: f64,
    /// Largest primal bound/row violation of the solution
    /// (`max_primal_infeasibility`); `-1` or `inf` when HiGHS has not
    /// computed it.
    pub max_primal_infeasibility: f64,
    /// Largest dual (reduced cost sign) violation
    /// (`max_dual_infeasibility`); `-1` or `inf` when not computed.
    pub max_dual_infeasibility: f64,
    /// Objective value `c·x` of the current solution
    /// (`objective_function_value`).
    pub objective_value: f64,
}
