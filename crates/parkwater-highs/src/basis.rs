//! Simplex basis: which columns and rows (row slacks) are basic, and at
//! which bound the nonbasic ones sit.
//!
//! A basis read with [`Highs::basis`](crate::Highs::basis) can be stored and
//! handed back with [`Highs::set_basis`](crate::Highs::set_basis) to warm
//! start a later solve of the same (or a slightly modified) model.

use highs_sys::HighsInt;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
