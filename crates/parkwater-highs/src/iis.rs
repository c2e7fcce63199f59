//! Irreducible infeasible subsystems (IIS) as reported by `Highs_getIis`.
//!
//! An IIS is a set of rows and column bounds that is infeasible on its own
//! but becomes feasible if any one member is dropped. For a water network
//! it names the few balance/capacity constraints that cannot hold together.
//!
//! # How HiGHS 1.16 computes it
//!
//! `Highs_getIis` honours the `iis_strategy` option (a bit set):
//!
//! * `0` (`kHighsIisStrategyLight`, HiGHS's default) only finds *trivial*
//!   IISs: a row or column with `lower > upper`, an empty row that cannot
//!   be zero, or a single row whose activity bounds (from the column
//!   bounds) cannot meet its bounds. Anything else gives an empty result.
//! * `6` (`kHighsIisStrategyFromLpRowPriority`) solves an elastic LP to
//!   find an infeasible subset of rows, then runs a deletion filter to make
//!   it irreducible, preferring to keep rows in the IIS. This is what
//!   [`Highs::iis`](crate::Highs::iis) uses.
//! * `14` (`kHighsIisStrategyFromLpColPriority`) is the same but prefers
//!   to keep column bounds.
//!
//! If the model has not been solved yet (or stopped on a limit), HiGHS
//! first re-solves it to establish infeasibility. If the model turns out
//! feasible, the IIS is empty.
//!
//! # What it returns in practice (checked by the tests below)
//!
//! * `x + y <= 1` (row 0) and `x + y >= 3` (row 1) among four rows:
//!   `rows = [0, 1]`, `row_bounds = [Upper, Lower]`, `cols = [0, 1]` (x and
//!   y, the columns with entries in those rows) with `col_bounds = [Free,
//!   Free]` (their bounds play no part), `irreducible = true`. The light
//!   strategy returns an empty set for this model.
//! * `x + y >= 3` with `x <= 1`, `y <= 1`: `rows = [0]` (`Lower`),
//!   `cols = [0, 1]` (both `Upper`), `irreducible = true`; every strategy,
//!   including light, finds this one.
//! * A feasible model: everything empty.
//!
//! Afterwards the model status is `Infeasible`, and [`Highs::info`]
//! describes the auxiliary solves (iteration counts can be `-1`).
//!
//! The C header documents `row_index`/`row_bound` as `[iis_num_col]` long;
//! that is a typo, they hold `iis_num_row` entries. The size is not known
//! before the call, so buffers of `num_col` / `num_row` entries (an IIS
//! never repeats a row or column) are passed.
//!
//! See [`Iis`] for the field meanings.

use std::ptr;

use highs_sys::HighsInt;

use crate::convert::{check, count_from_highs};
use crate::error::HighsError;
use crate::scheduler;
use crate::session::Highs;
use crate::settings::OptionValue;

/// Which of a row's or column's bounds take part in the conflict
/// (HiGHS's `IisBoundStatus`; C API `kHighsIisBound*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IisBound {
    /// Neither bound matters: a column that is in the IIS only because it
    /// links IIS rows (`kHighsIisBoundFree`, 1).
    Free,
    /// Only the lower bound (`row_lower` / `col_lower`) is in conflict
    /// (`kHighsIisBoundLower`, 2).
    Lower,
    /// Only the upper bound is in conflict (`kHighsIisBoundUpper`, 3).
    Upper,
    /// Both bounds (or an equality/fixed value) are in conflict
    /// (`kHighsIisBoundBoxed`, 4).
    Boxed,
    /// Any other code HiGHS might report (kept raw).
    Other(i32),
}

impl IisBound {
    pub(crate) fn from_raw(raw: HighsInt) -> Self {
        match raw {
            highs_sys::kHighsIisBoundFree => Self::Free,
            highs_sys::kHighsIisBoundLower => Self::Lower,
            highs_sys::kHighsIisBoundUpper => Self::Upper,
            highs_sys::kHighsIisBoundBoxed => Self::Boxed,
            other => Self::Other(crate::convert::raw_status(other)),
        }
    }
}

/// Strategy for [`Highs::iis_with_strategy`](crate::Highs::iis_with_strategy);
/// the values the C API documents for the `iis_strategy` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IisStrategy {
    /// Cheap checks for trivial infeasibility only (`iis_strategy = 0`).
    Light,
    /// Elastic LP + deletion filter, prefer keeping rows
    /// (`iis_strategy = 6`).
    #[default]
    FromLpRowPriority,
    /// Elastic LP + deletion filter, prefer keeping column bounds
    /// (`iis_strategy = 14`).
    FromLpColPriority,
}

impl IisStrategy {
    pub(crate) fn to_raw(self) -> HighsInt {
        match self {
            Self::Light => highs_sys::kHighsIisStrategyLight,
            Self::FromLpRowPriority => highs_sys::kHighsIisStrategyFromLpRowPriority,
            Self::FromLpColPriority => highs_sys::kHighsIisStrategyFromLpColPriority,
        }
    }
}

/// An (irreducible) infeasible subsystem of the current model.
///
/// `rows[k]` takes part with bound `row_bounds[k]`; `cols[k]` with
/// `col_bounds[k]`. Indices refer to the model as passed (not presolved).
/// Both lists are empty when HiGHS found the model feasible or, with
/// [`IisStrategy::Light`], found no trivial conflict.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Iis {
    /// Rows in the subsystem, in HiGHS's order.
    pub rows: Vec<usize>,
    /// Columns in the subsystem (columns whose bounds take part, or that
    /// link IIS rows; see [`IisBound::Free`]).
    pub cols: Vec<usize>,
    /// Bound of each IIS row that is in conflict (parallel to `rows`).
    pub row_bounds: Vec<IisBound>,
    /// Bound of each IIS column that is in conflict (parallel to `cols`).
    pub col_bounds: Vec<IisBound>,
    /// `true` when HiGHS marks the members as *in conflict*
    /// (`kHighsIisStatusInConflict`): the set is proven irreducible.
    /// `false` when they are only *maybe in conflict*: infeasible, but
    /// possibly not minimal (or empty).
    pub irreducible: bool,
}

impl Iis {
    /// True when no rows or columns were reported.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.cols.is_empty()
    }
}

impl Highs {
    /// Compute an irreducible infeasible subsystem with
    /// [`IisStrategy::FromLpRowPriority`] (elastic LP + deletion filter).
    /// See [`Highs::iis_with_strategy`].
    pub fn iis(&mut self) -> Result<Iis, HighsError> {
        self.iis_with_strategy(IisStrategy::FromLpRowPriority)
    }

    /// Compute an IIS with the given strategy (see [`crate::iis`]).
    ///
    /// The `iis_strategy` option is set for the call and restored after.
    /// HiGHS may re-solve the model and solves auxiliary LPs on it, so
    /// afterwards the model status is `Infeasible` (if an IIS was found),
    /// and the solution/basis are not those of the last [`Highs::run`];
    /// run again if you need them. The model itself is left unchanged.
    ///
    /// Implementation note: `Highs_getIis` is called first *without* the
    /// per-row/column status arrays, because HiGHS copies those from
    /// vectors that can be empty on some non-error paths. Only when that
    /// call returns `kHighsStatusOk` (which implies HiGHS validated the
    /// status vectors' sizes) is it called again, now cheaply returning the
    /// cached IIS, to read the statuses that give [`Iis::irreducible`].
    pub fn iis_with_strategy(&mut self, strategy: IisStrategy) -> Result<Iis, HighsError> {
        let previous = self.int_option(c"iis_strategy")?;
        self.set_option("iis_strategy", OptionValue::Int(strategy.to_raw()))?;
        // HiGHS solves LPs inside `Highs_getIis` (`optimizeModel`), which
        // initializes the thread's scheduler just like `Highs_run`.
        let threads = self.int_option(c"threads")?;
        scheduler::before_run(threads);
        let result = self.compute_iis();
        scheduler::after_run(threads);
        let restore = self.set_option("iis_strategy", OptionValue::Int(previous));
        let iis = result?;
        restore?;
        Ok(iis)
    }

    fn compute_iis(&mut self) -> Result<Iis, HighsError> {
        let n = self.num_cols();
        let m = self.num_rows();
        let mut num_col: HighsInt = 0;
        let mut num_row: HighsInt = 0;
        let mut col_index: Vec<HighsInt> = vec![0; n];
        let mut row_index: Vec<HighsInt> = vec![0; m];
        let mut col_bound: Vec<HighsInt> = vec![0; n];
        let mut row_bound: Vec<HighsInt> = vec![0; m];
        // SAFETY: live instance. The IIS consists of distinct columns and
        // rows of the model, so HiGHS writes at most num_col (num_row)
        // entries into the column (row) buffers, which have exactly that
        // many. The status arrays are null (HiGHS checks for null).
        let status = unsafe {
            highs_sys::Highs_getIis(
                self.raw(),
                &mut num_col,
                &mut num_row,
                col_index.as_mut_ptr(),
                row_index.as_mut_ptr(),
                col_bound.as_mut_ptr(),
                row_bound.as_mut_ptr(),
                ptr::null_mut(),
                ptr::null_mut(),
            )
        };
        check("Highs_getIis", status)?;
        let num_col = count_from_highs(num_col);
        let num_row = count_from_highs(num_row);
        assert!(
            num_col <= n && num_row <= m,
            "HiGHS reported an IIS larger than the model"
        );

        let mut irreducible = false;
        if status == highs_sys::kHighsStatusOk && (num_col + num_row) > 0 {
            let mut again_col: HighsInt = 0;
            let mut again_row: HighsInt = 0;
            let mut col_status: Vec<HighsInt> = vec![0; n];
            let mut row_status: Vec<HighsInt> = vec![0; m];
            // SAFETY: live instance. The previous call returned Ok, so HiGHS
            // holds a valid IIS whose status vectors passed its own size
            // check (num_col/num_row entries); they are copied into buffers
            // of exactly that size. Index/bound arrays are null.
            let status = unsafe {
                highs_sys::Highs_getIis(
                    self.raw(),
                    &mut again_col,
                    &mut again_row,
                    ptr::null_mut(),
                    ptr::null_mut(),
                    ptr::null_mut(),
                    ptr::null_mut(),
                    col_status.as_mut_ptr(),
                    row_status.as_mut_ptr(),
                )
            };
            check("Highs_getIis", status)?;
            let in_conflict = |s: &HighsInt| *s == highs_sys::kHighsIisStatusInConflict;
            irreducible = row_index[..num_row]
                .iter()
                .all(|&r| usize::try_from(r).is_ok_and(|r| r < m && in_conflict(&row_status[r])))
                && col_index[..num_col].iter().all(|&c| {
                    usize::try_from(c).is_ok_and(|c| c < n && in_conflict(&col_status[c]))
                });
        }

        let to_indices = |v: &[HighsInt]| v.iter().map(|&i| count_from_highs(i)).collect();
        let to_bounds = |v: &[HighsInt]| v.iter().map(|&b| IisBound::from_raw(b)).collect();
        Ok(Iis {
            rows: to_indices(&row_index[..num_row]),
            cols: to_indices(&col_index[..num_col]),
            row_bounds: to_bounds(&row_bound[..num_row]),
            col_bounds: to_bounds(&col_bound[..num_col]),
            irreducible,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::ModelStatus;

    #[test]
    fn infeasible_lp_and_iis_names_the_two_conflicting_rows() {
        // r0: x + y <= 1 and r1: x + y >= 3 conflict; r2, r3 are harmless.
        let owned = OwnedLp::new(
            &[(-INF, 1.0), (3.0, INF), (0.5, INF), (-INF, 10.0)],
            &[
                (1.0, 0.0, INF, &[(0, 1.0), (1, 1.0), (2, 1.0)]),
                (1.0, 0.0, INF, &[(0, 1.0), (1, 1.0)]),
                (1.0, 0.0, INF, &[(2, 1.0), (3, 1.0)]),
            ],
        );
        for presolve in [true, false] {
            let mut highs = Highs::new(&quiet().with_presolve(presolve)).unwrap();
            highs.pass_lp(&owned.as_sparse()).unwrap();
            assert_eq!(highs.run().unwrap(), ModelStatus::Infeasible);
            let before = highs.option_i32("iis_strategy").unwrap();
            let iis = highs.iis().unwrap();
            let mut rows = iis.rows.clone();
            rows.sort_unstable();
            assert_eq!(rows, [0, 1]);
            for (row, bound) in iis.rows.iter().zip(&iis.row_bounds) {
                let expected = if *row == 0 {
                    IisBound::Upper
                } else {
                    IisBound::Lower
                };
                assert_eq!(*bound, expected, "row {row}");
            }
            assert!(iis.irreducible);
            // The option is restored and the model is untouched.
            assert_eq!(highs.option_i32("iis_strategy").unwrap(), before);
            assert_eq!((highs.num_cols(), highs.num_rows()), (3, 4));
            assert_eq!(highs.model_status(), ModelStatus::Infeasible);
            assert_eq!(highs.run().unwrap(), ModelStatus::Infeasible);
            // Columns x, y link the two rows; their bounds play no part.
            let mut cols: Vec<_> = iis.cols.iter().zip(&iis.col_bounds).collect();
            cols.sort_unstable_by_key(|c| *c.0);
            assert_eq!(cols, [(&0, &IisBound::Free), (&1, &IisBound::Free)]);
            // The light strategy only detects trivial conflicts: none here.
            let light = highs.iis_with_strategy(IisStrategy::Light).unwrap();
            assert!(light.is_empty(), "{light:?}");
        }
    }

    #[test]
    fn iis_reports_column_bounds_and_runs_without_a_prior_solve() {
        // r0: x + y >= 3 with x <= 1, y <= 1 (column bounds) is infeasible;
        // r1: x - z <= 5 is harmless. No `run` before asking for the IIS.
        let owned = OwnedLp::new(
            &[(3.0, INF), (-INF, 5.0)],
            &[
                (0.0, 0.0, 1.0, &[(0, 1.0), (1, 1.0)]),
                (0.0, 0.0, 1.0, &[(0, 1.0)]),
                (0.0, 0.0, INF, &[(1, -1.0)]),
            ],
        );
        for strategy in [
            IisStrategy::Light,
            IisStrategy::FromLpRowPriority,
            IisStrategy::FromLpColPriority,
        ] {
            let mut highs = Highs::new(&quiet()).unwrap();
            highs.pass_lp(&owned.as_sparse()).unwrap();
            let iis = highs.iis_with_strategy(strategy).unwrap();
            assert_eq!(iis.rows, [0], "{strategy:?}");
            assert_eq!(iis.row_bounds, [IisBound::Lower], "{strategy:?}");
            let mut cols: Vec<_> = iis.cols.iter().zip(&iis.col_bounds).collect();
            cols.sort_unstable_by_key(|c| *c.0);
            assert_eq!(
                cols,
                [(&0, &IisBound::Upper), (&1, &IisBound::Upper)],
                "{strategy:?}"
            );
            assert!(iis.irreducible, "{strategy:?}");
            assert_eq!(highs.model_status(), ModelStatus::Infeasible);
        }
    }

    #[test]
    fn iis_of_a_feasible_lp_is_empty() {
        let owned = sign_lp();
        let mut highs = solved(&owned, &quiet());
        let iis = highs.iis().unwrap();
        assert!(iis.is_empty(), "{iis:?}");
    }
}
