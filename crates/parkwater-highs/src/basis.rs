//! Simplex basis: which columns and rows (row slacks) are basic, and at
//! which bound the nonbasic ones sit.
//!
//! A basis read with [`Highs::basis`](crate::Highs::basis) can be stored and
//! handed back with [`Highs::set_basis`](crate::Highs::set_basis) to warm
//! start a later solve of the same (or a slightly modified) model.

use highs_sys::HighsInt;

use crate::convert::{check, check_len, STATUS_ERROR};
use crate::error::HighsError;
use crate::session::Highs;

/// Basis status of one column or row (`kHighsBasisStatus*`).
///
/// For a *row*, the status describes the row activity `(A x)_i` relative
/// to `row_lower`/`row_upper` (HiGHS's logical variable for row `i`), so a
/// tight `>=` row is `Lower` and a tight `<=` row is `Upper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BasisStatus {
    /// Nonbasic at its lower bound (`kHighsBasisStatusLower`, 0).
    Lower,
    /// Basic (`kHighsBasisStatusBasic`, 1).
    Basic,
    /// Nonbasic at its upper bound (`kHighsBasisStatusUpper`, 2).
    Upper,
    /// Nonbasic free variable at zero (`kHighsBasisStatusZero`, 3).
    Zero,
    /// Nonbasic, bound not specified (`kHighsBasisStatusNonbasic`, 4).
    /// HiGHS picks the bound when the basis is set; useful for new
    /// columns/rows of a warm start.
    Nonbasic,
}

impl BasisStatus {
    /// Map a raw `kHighsBasisStatus` code; `None` for an unknown code.
    pub(crate) fn from_raw(raw: HighsInt) -> Option<Self> {
        Some(match raw {
            highs_sys::kHighsBasisStatusLower => Self::Lower,
            highs_sys::kHighsBasisStatusBasic => Self::Basic,
            highs_sys::kHighsBasisStatusUpper => Self::Upper,
            highs_sys::kHighsBasisStatusZero => Self::Zero,
            highs_sys::kHighsBasisStatusNonbasic => Self::Nonbasic,
            _ => return None,
        })
    }

    /// The raw `kHighsBasisStatus` code.
    pub(crate) fn to_raw(self) -> HighsInt {
        match self {
            Self::Lower => highs_sys::kHighsBasisStatusLower,
            Self::Basic => highs_sys::kHighsBasisStatusBasic,
            Self::Upper => highs_sys::kHighsBasisStatusUpper,
            Self::Zero => highs_sys::kHighsBasisStatusZero,
            Self::Nonbasic => highs_sys::kHighsBasisStatusNonbasic,
        }
    }
}

/// A complete simplex basis: one status per column and one per row.
///
/// A valid basis has exactly `num_rows` entries equal to
/// [`BasisStatus::Basic`] across both vectors.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Basis {
    /// Status of each column (length `num_cols`).
    pub col_status: Vec<BasisStatus>,
    /// Status of each row (length `num_rows`).
    pub row_status: Vec<BasisStatus>,
}

impl Basis {
    /// Number of basic entries (columns plus rows).
    pub fn num_basic(&self) -> usize {
        self.col_status
            .iter()
            .chain(&self.row_status)
            .filter(|s| **s == BasisStatus::Basic)
            .count()
    }
}

impl Highs {
    /// The current basis, or `None` when HiGHS has no valid basis (no
    /// simplex/crossover solve yet, model replaced, or IPM without
    /// crossover).
    pub fn basis(&self) -> Option<Basis> {
        let n = self.num_cols();
        let m = self.num_rows();
        let mut col: Vec<HighsInt> = vec![-1; n];
        let mut row: Vec<HighsInt> = vec![-1; m];
        // SAFETY: live instance. HiGHS returns an error without writing if
        // its basis is invalid; a valid basis has exactly num_col/num_row
        // entries, matching the buffers.
        let status =
            unsafe { highs_sys::Highs_getBasis(self.raw(), col.as_mut_ptr(), row.as_mut_ptr()) };
        if status == STATUS_ERROR {
            return None;
        }
        let col_status = col
            .into_iter()
            .map(BasisStatus::from_raw)
            .collect::<Option<Vec<_>>>()?;
        let row_status = row
            .into_iter()
            .map(BasisStatus::from_raw)
            .collect::<Option<Vec<_>>>()?;
        Some(Basis {
            col_status,
            row_status,
        })
    }

    /// Install a basis for the next run (warm start). Lengths must match
    /// the current model (else [`HighsError::SizeMismatch`]).
    ///
    /// HiGHS treats a basis passed through the C API as "alien": it
    /// factorizes it immediately and *repairs* it if it is incomplete or
    /// singular (replacing deficient columns by basic slacks), so any
    /// right-sized basis is accepted; read [`Highs::basis`] to see what was
    /// actually installed. `Err` means HiGHS could not form a basis at all.
    pub fn set_basis(&mut self, basis: &Basis) -> Result<(), HighsError> {
        check_len("col_status", self.num_cols(), basis.col_status.len())?;
        check_len("row_status", self.num_rows(), basis.row_status.len())?;
        let col: Vec<HighsInt> = basis.col_status.iter().map(|s| s.to_raw()).collect();
        let row: Vec<HighsInt> = basis.row_status.iter().map(|s| s.to_raw()).collect();
        // SAFETY: live instance; buffers of exactly num_col/num_row entries
        // (checked above), which is what HiGHS reads. HiGHS copies them.
        let status = unsafe { highs_sys::Highs_setBasis(self.raw(), col.as_ptr(), row.as_ptr()) };
        check("Highs_setBasis", status)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::ModelStatus;

    #[test]
    fn raw_codes_round_trip() {
        for s in [
            BasisStatus::Lower,
            BasisStatus::Basic,
            BasisStatus::Upper,
            BasisStatus::Zero,
            BasisStatus::Nonbasic,
        ] {
            assert_eq!(BasisStatus::from_raw(s.to_raw()), Some(s));
        }
        assert_eq!(BasisStatus::from_raw(0), Some(BasisStatus::Lower));
        assert_eq!(BasisStatus::from_raw(1), Some(BasisStatus::Basic));
        assert_eq!(BasisStatus::from_raw(4), Some(BasisStatus::Nonbasic));
        assert_eq!(BasisStatus::from_raw(5), None);
    }

    #[test]
    fn set_basis_and_basis_round_trip() {
        let owned = transport(6);
        let first = solved(&owned, &quiet());
        let basis = first.basis().unwrap();
        assert_eq!(basis.num_basic(), first.num_rows());
        assert!(first.info().simplex_iterations > 0);

        let mut second = Highs::new(&quiet()).unwrap();
        second.pass_lp(&owned.as_sparse()).unwrap();
        second.set_basis(&basis).unwrap();
        assert_eq!(second.basis().as_ref(), Some(&basis));
        assert_eq!(second.run().unwrap(), ModelStatus::Optimal);
        assert_eq!(second.info().simplex_iterations, 0);
        assert_eq!(second.basis().as_ref(), Some(&basis));
        assert_close(
            second.objective_value(),
            first.objective_value(),
            "objective",
        );

        // Wrong length is caught here.
        let mut short = basis.clone();
        short.row_status.pop();
        assert!(matches!(
            second.set_basis(&short),
            Err(HighsError::SizeMismatch {
                what: "row_status",
                ..
            })
        ));
        // HiGHS treats a user basis as "alien": an incomplete one (here:
        // nothing basic) is completed with basic slacks, not rejected.
        let mut all_nonbasic = basis.clone();
        all_nonbasic.col_status.fill(BasisStatus::Lower);
        all_nonbasic.row_status.fill(BasisStatus::Lower);
        second.set_basis(&all_nonbasic).unwrap();
        let repaired = second.basis().unwrap();
        assert_eq!(repaired.num_basic(), second.num_rows());
        assert_eq!(second.run().unwrap(), ModelStatus::Optimal);
        assert_close(
            second.objective_value(),
            first.objective_value(),
            "objective",
        );
    }
}
