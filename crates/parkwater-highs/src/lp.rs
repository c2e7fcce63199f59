//! The borrowed sparse LP handed to [`Highs::pass_lp`](crate::Highs::pass_lp),
//! and the validation/conversion of compressed sparse matrices shared by
//! `pass_lp`, `add_cols` and `add_rows`.
//!
//! # Model form
//!
//! ```text
//! minimize    col_cost · x
//! subject to  row_lower <= A x <= row_upper
//!             col_lower <=  x  <= col_upper
//! ```
//!
//! The sense is always *minimize*: callers wanting to maximize negate the
//! costs (and then the duals they read back).
//!
//! # Infinite bounds
//!
//! Use `f64::INFINITY` / `f64::NEG_INFINITY`. HiGHS's `kHighsInf` *is*
//! `std::numeric_limits<double>::infinity()` (checked by a test in
//! `session.rs`), so infinite bounds are passed through unchanged. Note
//! that HiGHS also treats any finite bound with magnitude `>= 1e20` (option
//! `infinite_bound`) as infinite.

use highs_sys::HighsInt;

use crate::convert::{check_len, check_no_nan, to_highs_int};
use crate::error::HighsError;

/// The owned data behind a [`SparseLp`]: what a caller builds before the
/// one-call hand-over (same fields, same rules).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedLp {
    /// Objective coefficient of each column.
    pub col_cost: Vec<f64>,
    /// Lower bound of each column.
    pub col_lower: Vec<f64>,
    /// Upper bound of each column.
    pub col_upper: Vec<f64>,
    /// Lower bound of each row.
    pub row_lower: Vec<f64>,
    /// Upper bound of each row.
    pub row_upper: Vec<f64>,
    /// Column start offsets (len = columns + 1).
    pub a_start: Vec<usize>,
    /// Row of each entry.
    pub a_index: Vec<u32>,
    /// Value of each entry.
    pub a_value: Vec<f64>,
}

impl OwnedLp {
    /// The LP as [`Highs::pass_lp`](crate::Highs::pass_lp) borrows it.
    pub fn as_sparse(&self) -> SparseLp<'_> {
        SparseLp {
            col_cost: &self.col_cost,
            col_lower: &self.col_lower,
            col_upper: &self.col_upper,
            row_lower: &self.row_lower,
            row_upper: &self.row_upper,
            a_start: &self.a_start,
            a_index: &self.a_index,
            a_value: &self.a_value,
        }
    }
}

/// A linear program in column-wise (CSC) form, borrowed, always MINIMIZED.
///
/// Dimensions are implied by the slices: `num_col = col_cost.len()`,
/// `num_row = row_lower.len()`, `num_nz = a_value.len()`. Every other slice
/// must agree; [`SparseLp::validate`] (called by `pass_lp`) checks this
/// before anything reaches HiGHS.
#[derive(Debug, Clone, Copy)]
pub struct SparseLp<'a> {
    /// Objective coefficient of each column (length `num_col`).
    pub col_cost: &'a [f64],
    /// Lower bound of each column (length `num_col`; may be `-inf`).
    pub col_lower: &'a [f64],
    /// Upper bound of each column (length `num_col`; may be `+inf`).
    pub col_upper: &'a [f64],
    /// Lower bound of each row activity `(A x)_i` (length `num_row`).
    pub row_lower: &'a [f64],
    /// Upper bound of each row activity `(A x)_i` (length `num_row`).
    pub row_upper: &'a [f64],
    /// CSC: column j's entries are `a_index[a_start[j]..a_start[j+1]]`; `a_start` has num_col+1 entries.
    ///
    /// `a_start[0]` must be 0, the array must be non-decreasing, and
    /// `a_start[num_col]` must equal `a_index.len()`.
    pub a_start: &'a [usize],
    /// Row index of each nonzero (each `< num_row`). Duplicate row indices
    /// within one column are rejected by HiGHS.
    pub a_index: &'a [u32],
    /// Value of each nonzero (same length as `a_index`).
    pub a_value: &'a [f64],
}

impl SparseLp<'_> {
    /// Number of columns (variables), `col_cost.len()`.
    pub fn num_col(&self) -> usize {
        self.col_cost.len()
    }

    /// Number of rows (constraints), `row_lower.len()`.
    pub fn num_row(&self) -> usize {
        self.row_lower.len()
    }

    /// Number of matrix nonzeros, `a_value.len()`.
    pub fn num_nz(&self) -> usize {
        self.a_value.len()
    }

    /// Check lengths, the start array, index ranges and NaNs.
    ///
    /// Returns the first problem found; `Ok(())` means the LP can be handed
    /// to HiGHS without the wrapper reading out of bounds.
    pub fn validate(&self) -> Result<(), HighsError> {
        let n = self.num_col();
        let m = self.num_row();
        check_len("col_lower", n, self.col_lower.len())?;
        check_len("col_upper", n, self.col_upper.len())?;
        check_len("row_upper", m, self.row_upper.len())?;
        check_no_nan("col_cost", self.col_cost)?;
        check_no_nan("col_lower", self.col_lower)?;
        check_no_nan("col_upper", self.col_upper)?;
        check_no_nan("row_lower", self.row_lower)?;
        check_no_nan("row_upper", self.row_upper)?;
        validate_compressed(
            MatrixNames::CSC,
            n,
            m,
            self.a_start,
            self.a_index,
            self.a_value,
        )
    }
}

/// Argument names used in error messages for one compressed matrix.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MatrixNames {
    pub start: &'static str,
    pub index: &'static str,
    pub value: &'static str,
}

impl MatrixNames {
    /// Column-wise matrix (`pass_lp`, `add_cols`).
    pub(crate) const CSC: Self = Self {
        start: "a_start",
        index: "a_index",
        value: "a_value",
    };
    /// Row-wise matrix (`add_rows`).
    pub(crate) const CSR: Self = Self {
        start: "r_start",
        index: "r_index",
        value: "r_value",
    };
}

/// Validate a compressed sparse matrix with `num_vectors` columns (CSC) or
/// rows (CSR) whose minor indices must be `< index_bound`.
pub(crate) fn validate_compressed(
    names: MatrixNames,
    num_vectors: usize,
    index_bound: usize,
    start: &[usize],
    index: &[u32],
    value: &[f64],
) -> Result<(), HighsError> {
    check_len(names.start, num_vectors + 1, start.len())?;
    check_len(names.value, index.len(), value.len())?;
    if start[0] != 0 {
        return Err(HighsError::BadStarts {
            what: names.start,
            position: 0,
        });
    }
    if let Some(position) = start.windows(2).position(|w| w[1] < w[0]) {
        return Err(HighsError::BadStarts {
            what: names.start,
            position: position + 1,
        });
    }
    if start[num_vectors] != index.len() {
        return Err(HighsError::BadStarts {
            what: names.start,
            position: num_vectors,
        });
    }
    if let Some(&bad) = index.iter().find(|&&i| i as usize >= index_bound) {
        return Err(HighsError::IndexOutOfRange {
            what: names.index,
            index: bad as usize,
            bound: index_bound,
        });
    }
    check_no_nan(names.value, value)
}

/// A validated compressed matrix converted to HiGHS's integer type.
///
/// HiGHS wants only the `num_vectors` *start* offsets (not the final
/// end offset) plus an explicit nonzero count.
#[derive(Debug)]
pub(crate) struct HighsMatrix {
    /// `start[..num_vectors]` as `HighsInt`.
    pub start: Vec<HighsInt>,
    /// Minor indices as `HighsInt`.
    pub index: Vec<HighsInt>,
    /// Number of nonzeros as `HighsInt`.
    pub num_nz: HighsInt,
}

impl HighsMatrix {
    /// Validate and convert. `num_vectors`/`index_bound` as in
    /// [`validate_compressed`].
    pub(crate) fn new(
        names: MatrixNames,
        num_vectors: usize,
        index_bound: usize,
        start: &[usize],
        index: &[u32],
        value: &[f64],
    ) -> Result<Self, HighsError> {
        validate_compressed(names, num_vectors, index_bound, start, index, value)?;
        let num_nz = to_highs_int("num_nz", index.len())?;
        // All starts are <= num_nz (validated), so they fit once num_nz fits.
        let start = start[..num_vectors]
            .iter()
            .map(|&s| to_highs_int(names.start, s))
            .collect::<Result<Vec<_>, _>>()?;
        // All indices are < index_bound, which the caller has converted.
        let index = index
            .iter()
            .map(|&i| to_highs_int(names.index, i as usize))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            start,
            index,
            num_nz,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lp<'a>(start: &'a [usize], index: &'a [u32], value: &'a [f64]) -> SparseLp<'a> {
        SparseLp {
            col_cost: &[1.0, 1.0],
            col_lower: &[0.0, 0.0],
            col_upper: &[f64::INFINITY, f64::INFINITY],
            row_lower: &[1.0],
            row_upper: &[f64::INFINITY],
            a_start: start,
            a_index: index,
            a_value: value,
        }
    }

    #[test]
    fn valid_lp_passes() {
        assert_eq!(lp(&[0, 1, 2], &[0, 0], &[1.0, 1.0]).validate(), Ok(()));
    }

    #[test]
    fn start_must_have_num_col_plus_one_entries() {
        assert_eq!(
            lp(&[0, 2], &[0, 0], &[1.0, 1.0]).validate(),
            Err(HighsError::SizeMismatch {
                what: "a_start",
                expected: 3,
                actual: 2
            })
        );
    }

    #[test]
    fn malformed_starts_are_located() {
        assert_eq!(
            lp(&[1, 1, 2], &[0, 0], &[1.0, 1.0]).validate(),
            Err(HighsError::BadStarts {
                what: "a_start",
                position: 0
            })
        );
        assert_eq!(
            lp(&[0, 2, 1], &[0, 0], &[1.0, 1.0]).validate(),
            Err(HighsError::BadStarts {
                what: "a_start",
                position: 2
            })
        );
        assert_eq!(
            lp(&[0, 1, 1], &[0, 0], &[1.0, 1.0]).validate(),
            Err(HighsError::BadStarts {
                what: "a_start",
                position: 2
            })
        );
    }

    #[test]
    fn row_index_out_of_range() {
        assert_eq!(
            lp(&[0, 1, 2], &[0, 1], &[1.0, 1.0]).validate(),
            Err(HighsError::IndexOutOfRange {
                what: "a_index",
                index: 1,
                bound: 1
            })
        );
    }

    #[test]
    fn nan_coefficient_is_refused() {
        assert_eq!(
            lp(&[0, 1, 2], &[0, 0], &[1.0, f64::NAN]).validate(),
            Err(HighsError::NotANumber {
                what: "a_value",
                index: 1
            })
        );
    }

    #[test]
    fn conversion_drops_final_start() {
        let m = HighsMatrix::new(MatrixNames::CSC, 2, 1, &[0, 1, 2], &[0, 0], &[1.0, 2.0]).unwrap();
        assert_eq!(m.start, vec![0, 1]);
        assert_eq!(m.index, vec![0, 0]);
        assert_eq!(m.num_nz, 2);
    }
}
