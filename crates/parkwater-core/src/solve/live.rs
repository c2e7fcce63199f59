//! [`Live`]: the one type through which the engine drives a HiGHS model —
//! hand it an LP, edit it (columns, rows, bounds, costs, basis,
//! integrality), run it with the retry rule, and read back a [`Status`]
//! from the one translation (`status.rs`) and the one residual check
//! (`residual.rs`).
//!
//! Every client (the full LP, the pricing master, the diagnosis's checks
//! and elastic LP, MIP solves) owns one `Live` per model; none of them
//! touches HiGHS otherwise.

use super::options::SolveOptions;
use super::residual::Residuals;
use super::status::{translate, undecided, Outcome, Status};
use super::SolveError;
use parkwater_highs::{
    Algorithm as HighsAlgorithm, Basis, Highs, HighsError, Options, RunInfo, Solution, SparseLp,
};

/// How a warm re-solve runs: no presolve (it would drop the basis), with
/// the dual simplex or interior point + crossover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Warm {
    /// Dual simplex from the current basis.
    DualSimplex,
    /// Interior point followed by crossover (a vertex and a basis).
    InteriorPoint,
    /// Primal simplex from the current basis (it stays primal feasible
    /// when columns are only added, nonbasic at zero).
    PrimalSimplex,
    /// Dual simplex from the current basis, stopped after this many
    /// iterations (status `TimeLimit`; its duals stay dual feasible).
    DualSimplexCapped(u32),
}

/// Counters over every run of one live model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counters {
    /// Simplex iterations (crossover included).
    pub simplex_iterations: i64,
    /// Interior-point iterations.
    pub ipm_iterations: i64,
    /// HiGHS runs, retries included.
    pub solves: usize,
}

/// A HiGHS model alive between solves (see the module docs).
#[derive(Debug)]
pub(crate) struct Live {
    highs: Highs,
    /// The options last applied (a retry with the other algorithm
    /// restores them afterwards).
    pub(super) options: Options,
    /// Whether every column cost is zero (a feasibility test).
    zero_cost: bool,
    /// Largest |cost|, the scale of the dual residual.
    cost_scale: f64,
    counters: Counters,
    /// Worst residuals over the checked optimal solves.
    residuals: Option<Residuals>,
    /// Whether any column was made integer (the model is a MIP).
    pub(super) mip: bool,
}

impl Live {
    /// An empty model with the solve's options (threads, time limit,
    /// verbosity) and the LP algorithm `options` picks for `arcs` columns.
    pub(crate) fn new(options: &SolveOptions, arcs: usize) -> Result<Live, SolveError> {
        Live::with_options(options.highs(arcs))
    }

    /// An empty model with explicit HiGHS options.
    pub(crate) fn with_options(options: Options) -> Result<Live, SolveError> {
        Ok(Live {
            highs: Highs::new(&options)?,
            options,
            zero_cost: true,
            cost_scale: 0.0,
            counters: Counters::default(),
            residuals: None,
            mip: false,
        })
    }

    /// Replaces the model with `lp` (minimized).
    pub(crate) fn pass(&mut self, lp: &SparseLp<'_>) -> Result<(), SolveError> {
        self.highs.pass_lp(lp)?;
        self.mip = false;
        self.track_costs(lp.col_cost, true);
        Ok(())
    }

    fn track_costs(&mut self, cost: &[f64], replace: bool) {
        let scale = cost.iter().fold(0.0_f64, |m, c| m.max(c.abs()));
        if replace {
            self.cost_scale = scale;
            self.zero_cost = scale == 0.0;
        } else {
            self.cost_scale = self.cost_scale.max(scale);
            self.zero_cost &= scale == 0.0;
        }
    }

    /// Applies the solve's options again with a warm algorithm, no presolve.
    pub(crate) fn set_warm(
        &mut self,
        options: &SolveOptions,
        warm: Warm,
    ) -> Result<(), SolveError> {
        let algorithm = match warm {
            Warm::DualSimplex | Warm::DualSimplexCapped(_) => HighsAlgorithm::DualSimplex,
            Warm::InteriorPoint => HighsAlgorithm::InteriorPoint,
            Warm::PrimalSimplex => HighsAlgorithm::PrimalSimplex,
        };
        self.set_options(
            options
                .highs(0)
                .with_algorithm(algorithm)
                .with_presolve(false),
        )?;
        let cap = match warm {
            Warm::DualSimplexCapped(n) => i32::try_from(n).unwrap_or(i32::MAX),
            _ => i32::MAX,
        };
        self.highs.set_option_i32("simplex_iteration_limit", cap)?;
        Ok(())
    }

    /// Applies `options` (every field; see `parkwater_highs::Options`).
    pub(crate) fn set_options(&mut self, options: Options) -> Result<(), SolveError> {
        self.highs.set_options(&options)?;
        self.options = options;
        Ok(())
    }

    /// Tightens HiGHS's dual feasibility tolerance until the next
    /// [`Live::set_warm`] or [`Live::set_options`].
    pub(crate) fn tighten_dual_tolerance(&mut self, tolerance: f64) -> Result<(), SolveError> {
        let options = self.options.with_dual_feasibility_tolerance(tolerance);
        self.set_options(options)
    }

    /// Limits every later run to `seconds` on this instance's HiGHS clock,
    /// which runs on across runs (`None` removes the limit). Network
    /// design's MIPs (issue 15) use it; the LP clients take the limit from
    /// their `SolveOptions`.
    #[allow(dead_code)]
    pub(crate) fn set_time_limit(&mut self, seconds: Option<f64>) -> Result<(), SolveError> {
        let mut o = self.options;
        o.time_limit = seconds;
        self.set_options(o)
    }

    // ---- edits (see `parkwater_highs::Highs` for the basis rules) ----

    /// Appends columns in CSC form over the existing rows.
    pub(crate) fn add_cols(
        &mut self,
        cost: &[f64],
        lower: &[f64],
        upper: &[f64],
        start: &[usize],
        index: &[u32],
        value: &[f64],
    ) -> Result<(), SolveError> {
        self.highs
            .add_cols(cost, lower, upper, start, index, value)?;
        self.track_costs(cost, false);
        Ok(())
    }

    /// Appends rows in CSR form over the existing columns.
    pub(crate) fn add_rows(
        &mut self,
        lower: &[f64],
        upper: &[f64],
        start: &[usize],
        index: &[u32],
        value: &[f64],
    ) -> Result<(), SolveError> {
        Ok(self.highs.add_rows(lower, upper, start, index, value)?)
    }

    /// Deletes the columns marked `true`.
    pub(crate) fn delete_cols(&mut self, delete: &[bool]) -> Result<(), SolveError> {
        Ok(self.highs.delete_cols(delete)?)
    }

    /// Replaces every column cost.
    pub(crate) fn change_costs(&mut self, cost: &[f64]) -> Result<(), SolveError> {
        self.highs.change_costs(cost)?;
        self.track_costs(cost, true);
        Ok(())
    }

    /// Changes one column's bounds.
    pub(crate) fn change_col_bounds(
        &mut self,
        col: usize,
        lower: f64,
        upper: f64,
    ) -> Result<(), SolveError> {
        Ok(self.highs.change_col_bounds(col, lower, upper)?)
    }

    /// Fixes the columns `cols` at zero, in one call.
    pub(crate) fn fix_cols_at_zero(&mut self, cols: &[usize]) -> Result<(), SolveError> {
        Ok(self.highs.fix_cols_at_zero(cols)?)
    }

    /// Changes one row's bounds.
    pub(crate) fn change_row_bounds(
        &mut self,
        row: usize,
        lower: f64,
        upper: f64,
    ) -> Result<(), SolveError> {
        Ok(self.highs.change_row_bounds(row, lower, upper)?)
    }

    /// Installs a basis for the next run.
    pub(crate) fn set_basis(&mut self, basis: &Basis) -> Result<(), SolveError> {
        Ok(self.highs.set_basis(basis)?)
    }

    // ---- running ----

    /// Runs HiGHS and translates its outcome. When HiGHS ends without a
    /// proven outcome (status "unknown", or a failed run) it is run once
    /// more with the other algorithm for this run only — dual simplex and
    /// interior point break down on different LPs. Measured on a 120 x 120
    /// x 3 heavy-reuse park capped 5 % below its least intake: dual simplex
    /// ended "unknown" after 81 s, interior point proved it infeasible in 30
    /// iterations. The abandoned run counts in [`Live::counters`].
    ///
    /// The solver's state is dropped before the retry, and after a retry
    /// without an outcome. A simplex run that ends without one can leave
    /// HiGHS's simplex with a basis that disagrees with its row-wise matrix;
    /// HiGHS 1.16 reuses that state in the next simplex run, which then
    /// writes out of bounds (valgrind: `HighsSparseMatrix::update` in dual
    /// phase one of the re-solve after an interior-point retry; the memory
    /// it overwrote failed the three-objective pricing test in CI).
    ///
    /// No residual check: see [`Live::run_checked`] for answers that are used.
    pub(crate) fn run(&mut self) -> Result<Status, SolveError> {
        let first = self.run_once()?;
        if !undecided(first) || self.mip {
            return Ok(translate(first, self.zero_cost));
        }
        let other = if self.highs.info().ipm_iterations > 0 {
            "simplex"
        } else {
            "ipm"
        };
        tracing::warn!(
            other,
            "HiGHS stopped without an outcome; trying the other algorithm"
        );
        self.highs.clear_solver()?;
        self.highs.set_option_str("solver", other)?;
        let second = self.run_once();
        self.highs.set_options(&self.options)?;
        let second = second?;
        if undecided(second) {
            // Neither algorithm decided: no later run may reuse this state.
            self.highs.clear_solver()?;
        }
        Ok(translate(second, self.zero_cost))
    }

    /// [`Live::run`] from scratch: the solver's state dropped, by the dual
    /// simplex. A warm re-solve in numerical trouble (the retry by
    /// the other algorithm included) often solves cleanly from a fresh
    /// factorization and scaling.
    pub(crate) fn run_cold(&mut self, options: &SolveOptions) -> Result<Status, SolveError> {
        self.set_warm(options, Warm::DualSimplex)?;
        self.highs.clear_solver()?;
        self.run()
    }

    /// Runs again from the basis the last run ended at: HiGHS refactors
    /// it and recomputes every value from it, taking no iteration when the
    /// basis is still optimal. HiGHS's answer can disagree with itself: its
    /// column values and its row activities differed by 3e-5 t/h on two
    /// parks of `synth::found` ("full-optimum-refused",
    /// "priced-values-drift-from-rows"), its residuals 0 (it measures them
    /// on its own activities), so the flows broke rows the LP held and
    /// verification refused them. From the same basis, refactored, both
    /// came out consistent and verified, with no iteration. See
    /// [`super::residual::activity_drift`].
    ///
    /// By dual simplex whatever the algorithm of the last run (interior
    /// point would start over and ignore the basis), without an iteration
    /// cap, then the options of before. The LP was optimal: anything else
    /// from the re-run, or a basis HiGHS will not take, is numerical
    /// trouble, never the park's verdict.
    pub(crate) fn refresh(&mut self) -> Result<Status, SolveError> {
        let Some(basis) = self.basis() else {
            return Ok(Status::NumericalTrouble);
        };
        let before = self.options;
        let mut again = || -> Result<Status, SolveError> {
            self.set_options(
                before
                    .with_algorithm(HighsAlgorithm::DualSimplex)
                    .with_presolve(false),
            )?;
            self.highs
                .set_option_i32("simplex_iteration_limit", i32::MAX)?;
            if self.set_basis(&basis).is_err() {
                return Ok(Status::NumericalTrouble);
            }
            self.run()
        };
        let status = again();
        self.set_options(before)?;
        Ok(match status? {
            Status::Optimal => Status::Optimal,
            _ => Status::NumericalTrouble,
        })
    }

    /// [`Live::run`], then the residual check on an optimal answer: an
    /// answer HiGHS calls optimal whose residuals exceed the tolerance is
    /// [`Status::NumericalTrouble`].
    pub(crate) fn run_checked(&mut self) -> Result<Status, SolveError> {
        let status = self.run()?;
        Ok(self.check(status))
    }

    /// The residual check of the last run, applied to the `status` it was
    /// given: `Optimal` stays so only when HiGHS's own residuals are within
    /// tolerance (recorded in [`Live::residuals`]); other statuses pass.
    pub(crate) fn check(&mut self, status: Status) -> Status {
        if status != Status::Optimal {
            return status;
        }
        let residuals = Residuals::of_lp(&self.highs.info());
        self.accept(residuals)
    }

    pub(super) fn accept(&mut self, residuals: Residuals) -> Status {
        self.residuals = Some(self.residuals.map_or(residuals, |r| r.worst(residuals)));
        if residuals.acceptable(self.cost_scale) {
            Status::Optimal
        } else {
            tracing::warn!(
                primal = residuals.primal,
                dual = residuals.dual,
                integrality = residuals.integrality,
                "numerical trouble: the solver's residuals exceed their tolerance"
            );
            Status::NumericalTrouble
        }
    }

    /// One HiGHS run; `None` when the run itself failed.
    pub(super) fn run_once(&mut self) -> Result<Outcome, SolveError> {
        let outcome = match self.highs.run() {
            Ok(status) => Some(status),
            Err(HighsError::Status {
                call: "Highs_run",
                status,
            }) => {
                tracing::warn!(status, "numerical trouble: HiGHS's run failed");
                None
            }
            Err(e) => return Err(e.into()),
        };
        self.count();
        Ok(outcome)
    }

    pub(super) fn count(&mut self) {
        let info = self.highs.info();
        self.counters.simplex_iterations += info.simplex_iterations.max(0);
        self.counters.ipm_iterations += info.ipm_iterations.max(0);
        self.counters.solves += 1;
    }

    // ---- reading ----

    /// Primal and dual values of the last run (NaN where HiGHS has none).
    pub(crate) fn solution(&self) -> Solution {
        self.highs.solution()
    }

    /// Iterations, time, residuals and objective of the last run.
    pub(crate) fn info(&self) -> RunInfo {
        self.highs.info()
    }

    /// A dual ray of the last run, when it proved the LP infeasible
    /// ([`parkwater_highs::Highs::dual_ray`]).
    pub(crate) fn dual_ray(&mut self) -> Result<Option<Vec<f64>>, SolveError> {
        Ok(self.highs.dual_ray()?)
    }

    /// The basis of the last run, if HiGHS has a valid one.
    pub(crate) fn basis(&self) -> Option<Basis> {
        self.highs.basis()
    }

    /// Rows of the model.
    pub(crate) fn num_rows(&self) -> usize {
        self.highs.num_rows()
    }

    /// Columns of the model.
    #[allow(dead_code)]
    pub(crate) fn num_cols(&self) -> usize {
        self.highs.num_cols()
    }

    /// Counters over every run so far.
    pub(crate) fn counters(&self) -> Counters {
        self.counters
    }

    /// Worst residuals over the checked optimal solves, if any.
    pub(crate) fn residuals(&self) -> Option<Residuals> {
        self.residuals
    }

    #[allow(dead_code)]
    pub(super) fn highs(&mut self) -> &mut Highs {
        &mut self.highs
    }

    pub(super) fn into_highs(self) -> Highs {
        self.highs
    }
}

/// Whether optima are solved again from their basis ([`Live::refresh`]):
/// always, but in the tests that reach the pipeline's fallbacks as their
/// parks were found.
pub(crate) fn refresh_optima() -> bool {
    #[cfg(test)]
    if super::lexicographic::NO_REFRESH.get() {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::{Algorithm, ColumnLp};

    /// `(cost, lower, upper, [(row, value)])`.
    type Col<'a> = (f64, f64, f64, &'a [(u32, f64)]);

    fn lp(rows: &[(f64, f64)], cols: &[Col<'_>]) -> ColumnLp {
        let mut lp = ColumnLp {
            row_lower: rows.iter().map(|r| r.0).collect(),
            row_upper: rows.iter().map(|r| r.1).collect(),
            a_start: vec![0],
            ..Default::default()
        };
        for &(c, l, u, entries) in cols {
            lp.col_cost.push(c);
            lp.col_lower.push(l);
            lp.col_upper.push(u);
            for &(r, v) in entries {
                lp.a_index.push(r);
                lp.a_value.push(v);
            }
            lp.a_start.push(lp.a_index.len());
        }
        lp
    }

    #[test]
    fn a_run_without_an_outcome_is_retried_with_the_other_algorithm() {
        // Dual simplex fails on this LP (a fuzz finding); the retry runs
        // interior point, counted as a second solve, and the options are
        // restored afterwards.
        let lp = super::super::plain::tests::ratio_test_failure();
        let options = SolveOptions::default().with_algorithm(Algorithm::Simplex);
        let mut live = Live::new(&options, lp.col_cost.len()).unwrap();
        live.pass(&lp.as_sparse()).unwrap();
        let status = live.run().unwrap();
        assert_eq!(live.counters().solves, 2, "the abandoned run is counted");
        assert!(
            live.info().ipm_iterations > 0,
            "the retry ran interior point"
        );
        assert_ne!(status, Status::SolverFailure);
        eprintln!("after the retry: {status:?}");
        assert_eq!(live.highs().option_i32("simplex_strategy").unwrap(), 1);
    }

    /// min x + 2y + 3z with x + y + z >= 3, x <= 1, y <= 1 (optimum 6).
    fn three_columns() -> ColumnLp {
        let cols: [Col<'_>; 3] = [
            (1.0, 0.0, 1.0, &[(0, 1.0)]),
            (2.0, 0.0, 1.0, &[(0, 1.0)]),
            (3.0, 0.0, f64::INFINITY, &[(0, 1.0)]),
        ];
        lp(&[(3.0, f64::INFINITY)], &cols)
    }

    /// A cold run drops the warm basis: the same optimum, reached again by
    /// simplex iterations where a warm re-run takes none.
    #[test]
    fn a_cold_run_starts_from_scratch() {
        let lp = three_columns();
        let options = SolveOptions::default();
        let mut live = Live::new(&options, 3).unwrap();
        live.pass(&lp.as_sparse()).unwrap();
        assert_eq!(live.run().unwrap(), Status::Optimal);
        live.set_warm(&options, Warm::DualSimplex).unwrap();
        assert_eq!(live.run().unwrap(), Status::Optimal);
        assert_eq!(live.info().simplex_iterations, 0, "warm");
        assert_eq!(live.run_cold(&options).unwrap(), Status::Optimal);
        assert!(live.info().simplex_iterations > 0, "cold");
        assert_eq!(live.info().objective_value, 6.0);
        assert!(live.basis().is_some(), "the next re-solve is warm again");
    }

    /// A refresh re-runs the optimal basis by simplex, whatever the
    /// algorithm: no iteration of either kind, the same optimum, and the
    /// options of before (interior point here) for the next run.
    #[test]
    fn a_refresh_re_runs_the_basis_by_simplex_and_keeps_the_options() {
        let lp = three_columns();
        let options = SolveOptions::default().with_algorithm(Algorithm::InteriorPoint);
        let mut live = Live::new(&options, 3).unwrap();
        // Presolve would answer this LP alone.
        live.set_options(live.options.with_presolve(false)).unwrap();
        live.pass(&lp.as_sparse()).unwrap();
        assert_eq!(live.run().unwrap(), Status::Optimal);
        assert!(live.info().ipm_iterations > 0);
        let before = live.options;
        assert_eq!(live.refresh().unwrap(), Status::Optimal);
        let info = live.info();
        assert_eq!((info.ipm_iterations, info.simplex_iterations), (0, 0));
        assert!((info.objective_value - 6.0).abs() < 1e-9);
        assert_eq!(live.counters().solves, 2);
        assert_eq!(live.options, before);
        assert_eq!(live.run().unwrap(), Status::Optimal);
        assert!(live.info().ipm_iterations > 0, "interior point again");
    }

    #[test]
    fn zero_costs_make_unbounded_or_infeasible_infeasible() {
        // x - y >= 1 and x - y <= 0: infeasible; with zero costs presolve
        // may answer "unbounded or infeasible", which must read infeasible.
        let rows = [(1.0, f64::INFINITY), (f64::NEG_INFINITY, 0.0)];
        let cols: [Col<'_>; 2] = [
            (0.0, 0.0, f64::INFINITY, &[(0, 1.0), (1, 1.0)]),
            (0.0, 0.0, f64::INFINITY, &[(0, -1.0), (1, -1.0)]),
        ];
        let lp = lp(&rows, &cols);
        let mut live = Live::new(&SolveOptions::default(), 2).unwrap();
        live.pass(&lp.as_sparse()).unwrap();
        assert_eq!(live.run_checked().unwrap(), Status::Infeasible);
        // Costs make it an optimization: unboundedness is possible again.
        live.change_costs(&[-1.0, 0.0]).unwrap();
        assert!(!live.zero_cost);
        assert_eq!(live.cost_scale, 1.0);
    }

    #[test]
    fn optimal_answers_are_checked_and_recorded() {
        let cols: [Col<'_>; 2] = [
            (1.0, 0.0, f64::INFINITY, &[(0, 1.0)]),
            (2.0, 0.0, f64::INFINITY, &[(0, 1.0)]),
        ];
        let lp = lp(&[(3.0, f64::INFINITY)], &cols);
        let mut live = Live::new(&SolveOptions::default(), 2).unwrap();
        live.pass(&lp.as_sparse()).unwrap();
        assert_eq!(live.run_checked().unwrap(), Status::Optimal);
        let r = live.residuals().expect("recorded");
        assert!(r.acceptable(2.0), "{r:?}");
        // A residual beyond tolerance turns an optimum into trouble.
        let bad = Residuals {
            primal: 1e-3,
            dual: 0.0,
            integrality: None,
        };
        assert_eq!(live.accept(bad), Status::NumericalTrouble);
        assert_eq!(live.residuals().unwrap().primal, 1e-3, "worst kept");
        // Statuses other than optimal pass the check unchanged.
        assert_eq!(live.check(Status::Infeasible), Status::Infeasible);
    }
}
