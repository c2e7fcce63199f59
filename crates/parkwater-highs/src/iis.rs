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
//! See [`Iis`] for what the returned arrays contain.

use highs_sys::HighsInt;

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
