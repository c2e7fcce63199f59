//! Warm starts across variants of one park (a sweep over prices, limits or
//! capacities): the previous variant's final arcs seed the next first
//! master, and its optimal master basis, kept by meaning rather than by
//! position, starts the first solve.
//!
//! A basis is stored per arc (supply, demand), per row key and per
//! artificial (by its row), so it can be laid onto a master whose columns
//! come in another order and include other arcs. It is used only when the
//! next model has the same shape: the same supplies, demands and row keys
//! (only figures changed). Correctness never rests on it: the master is
//! still priced to optimality and certified; a bad basis only costs
//! iterations.

use crate::formulate::{RowIndex, RowKey};
use crate::model::{DemandId, Model, SupplyId};
use crate::solve::{Basis, BasisStatus};

/// An arc by its ends.
pub type Arc = (SupplyId, DemandId);

/// What one priced solve leaves for the next variant of the same park.
#[derive(Debug, Clone, Default)]
pub struct WarmStart {
    /// Arcs for the first master besides the usual ones (the final master's
    /// arcs of the previous variant).
    pub arcs: Vec<Arc>,
    /// The optimal master basis of the previous variant's first objective,
    /// or `None` (cold first solve). Of an infeasible park, its phase
    /// one's final basis: its diagnosis starts the elastic LP from it.
    pub basis: Option<MasterBasis>,
}

/// A master basis keyed by meaning: row statuses under the row layout they
/// belong to, and the status of every arc and artificial that is not at its
/// lower bound.
#[derive(Debug, Clone, PartialEq)]
pub struct MasterBasis {
    supplies: usize,
    demands: usize,
    /// The row layout the statuses belong to.
    keys: Vec<RowKey>,
    /// Status of each row, in layout order.
    rows: Vec<BasisStatus>,
    /// Status of the artificial column of each row (`Lower` where none).
    artificials: Vec<BasisStatus>,
    /// Arcs not at their lower bound, sorted by arc.
    arcs: Vec<(Arc, BasisStatus)>,
}

/// The columns of a master in HiGHS order, with their bounds: what a stored
/// basis is laid onto.
pub(crate) struct MasterColumns<'a> {
    /// Row of each artificial column (they come first).
    pub artificials: &'a [u32],
    /// Arc of each following column.
    pub arcs: &'a [Arc],
    /// Upper bound of each arc column (lower bounds are 0).
    pub arc_upper: &'a [f64],
}

impl MasterBasis {
    /// Keeps `basis` of a master whose columns are the artificials of rows
    /// `artificials`, then `arcs`, over `rows` (model rows only:
    /// objective-bound rows are not part of a variant's shape). `None` when
    /// the sizes do not match that layout.
    pub(crate) fn capture(
        model: &Model,
        rows: &RowIndex,
        artificials: &[u32],
        arcs: &[Arc],
        basis: &Basis,
    ) -> Option<MasterBasis> {
        let na = artificials.len();
        if basis.row_status.len() != rows.len() as usize
            || basis.col_status.len() != na + arcs.len()
        {
            return None;
        }
        let mut by_row = vec![BasisStatus::Lower; rows.len() as usize];
        for (&row, &status) in artificials.iter().zip(&basis.col_status) {
            by_row[row as usize] = status;
        }
        let mut arcs: Vec<(Arc, BasisStatus)> = arcs
            .iter()
            .zip(&basis.col_status[na..])
            .filter(|(_, &s)| s != BasisStatus::Lower)
            .map(|(&arc, &s)| (arc, s))
            .collect();
        arcs.sort_unstable_by_key(|&(arc, _)| arc);
        Some(MasterBasis {
            supplies: model.num_supplies(),
            demands: model.num_demands(),
            keys: rows.keys.clone(),
            rows: basis.row_status.clone(),
            artificials: by_row,
            arcs,
        })
    }

    /// The arcs not at their lower bound (basic or at their upper bound).
    pub(crate) fn arcs_off_lower(&self) -> impl Iterator<Item = Arc> + '_ {
        self.arcs.iter().map(|&(arc, _)| arc)
    }

    /// Whether the basis belongs to a model of this shape: same supplies,
    /// demands and row keys, so arcs and rows mean the same things.
    pub(crate) fn fits(&self, model: &Model, rows: &RowIndex) -> bool {
        self.supplies == model.num_supplies()
            && self.demands == model.num_demands()
            && self.keys == rows.keys
    }

    /// The basis laid onto a master of the same shape: stored statuses
    /// where the column or row is known, nonbasic at the lower bound for new
    /// arcs, and every nonbasic status moved to a bound that is finite in the
    /// new master (a column at an upper bound that is now infinite goes to
    /// its lower one). `None` when more variables would be basic than there
    /// are rows; fewer is left to HiGHS, which completes an incomplete basis
    /// with row slacks where the basic columns leave rows uncovered.
    /// A master that holds earlier objectives has bound rows after the
    /// model's rows: `bound_rows` are their statuses (none for a first
    /// master).
    pub(crate) fn lay_onto(
        &self,
        rows: &RowIndex,
        columns: &MasterColumns<'_>,
        bound_rows: &[BasisStatus],
    ) -> Option<Basis> {
        let mut col_status = Vec::with_capacity(columns.artificials.len() + columns.arcs.len());
        for &row in columns.artificials {
            // Artificials are fixed at zero in phase two.
            col_status.push(at_finite_bound(self.artificials[row as usize], 0.0, 0.0));
        }
        for (arc, &upper) in columns.arcs.iter().zip(columns.arc_upper) {
            col_status.push(at_finite_bound(self.arc_status(arc), 0.0, upper));
        }
        self.with_rows(rows, col_status, bound_rows)
    }

    /// The basis laid onto an elastic LP over the same rows (the
    /// diagnosis's, `diagnose::elastic`): columns `arcs` (unbounded above),
    /// then one slack per (row, whether it relaxes the lower side). A
    /// lower-side slack takes the status of its row's artificial, which
    /// made up the same shortfall; other slacks start at zero. `None` as
    /// for [`MasterBasis::lay_onto`].
    pub(crate) fn lay_onto_elastic(
        &self,
        rows: &RowIndex,
        arcs: &[Arc],
        slacks: &[(usize, bool)],
    ) -> Option<Basis> {
        let mut col_status = Vec::with_capacity(arcs.len() + slacks.len());
        for arc in arcs {
            col_status.push(at_finite_bound(self.arc_status(arc), 0.0, f64::INFINITY));
        }
        for &(row, lower_side) in slacks {
            let status = if lower_side {
                self.artificials[row]
            } else {
                BasisStatus::Lower
            };
            col_status.push(at_finite_bound(status, 0.0, f64::INFINITY));
        }
        self.with_rows(rows, col_status, &[])
    }

    /// The stored status of an arc (nonbasic at zero when not stored).
    fn arc_status(&self, arc: &Arc) -> BasisStatus {
        self.arcs
            .binary_search_by_key(arc, |&(a, _)| a)
            .map_or(BasisStatus::Lower, |i| self.arcs[i].1)
    }

    /// `col_status` with the stored row statuses (moved to finite bounds)
    /// and then `bound_rows`, unless more variables would be basic than
    /// there are rows.
    fn with_rows(
        &self,
        rows: &RowIndex,
        col_status: Vec<BasisStatus>,
        bound_rows: &[BasisStatus],
    ) -> Option<Basis> {
        let mut row_status: Vec<BasisStatus> = self
            .rows
            .iter()
            .zip(rows.lower.iter().zip(&rows.upper))
            .map(|(&s, (&lower, &upper))| at_finite_bound(s, lower, upper))
            .collect();
        row_status.extend_from_slice(bound_rows);
        let basis = Basis {
            col_status,
            row_status,
        };
        let (basic, rows) = (basis.num_basic(), basis.row_status.len());
        if basic > rows {
            tracing::debug!(basic, rows, "stored basis has too many basics");
            return None;
        }
        if basic < rows {
            tracing::debug!(
                missing = rows - basic,
                "stored basis incomplete: HiGHS completes it"
            );
        }
        Some(basis)
    }
}

/// `status` for a variable bounded by [lower, upper]: basic stays basic; a
/// nonbasic one goes to the bound it names if that bound is finite, else to
/// the other one, else it is free at zero.
fn at_finite_bound(status: BasisStatus, lower: f64, upper: f64) -> BasisStatus {
    let prefer_upper = status == BasisStatus::Upper;
    match status {
        BasisStatus::Basic => BasisStatus::Basic,
        _ if prefer_upper && upper.is_finite() => BasisStatus::Upper,
        _ if lower.is_finite() => BasisStatus::Lower,
        _ if upper.is_finite() => BasisStatus::Upper,
        _ => BasisStatus::Zero,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::SyntheticPark;

    /// Captured under one column order, laid onto another: arcs keep their
    /// status by name, a new arc is nonbasic at zero, a dropped basic arc
    /// leaves a deficit (for HiGHS to fill), rows and artificials keep theirs.
    #[test]
    fn statuses_follow_arcs_and_rows_not_positions() {
        use BasisStatus::*;
        let model = SyntheticPark::size(4, 4, 2).scenario().validate().unwrap();
        let rows = RowIndex::new(&model);
        let n = rows.len() as usize;
        let artificials: Vec<u32> = (0..rows.len())
            .filter(|&r| rows.lower[r as usize] > 0.0)
            .collect();
        let arc = |u, v| (SupplyId(u), DemandId(v));
        let arcs = [arc(0, 0), arc(1, 0), arc(2, 1)];
        let mut col_status = vec![Lower; artificials.len()];
        col_status.extend([Basic, Lower, Basic]);
        // Two basic arcs: rows 0 and 1 nonbasic (the first at its upper bound).
        let mut row_status = vec![Basic; n];
        row_status[0] = Upper;
        row_status[1] = Lower;
        let basis = Basis {
            col_status,
            row_status,
        };
        let kept = MasterBasis::capture(&model, &rows, &artificials, &arcs, &basis).unwrap();
        assert!(kept.fits(&model, &rows));

        let next = [arc(2, 1), arc(3, 3), arc(1, 0)];
        let upper = [5.0, 5.0, 5.0];
        let laid = kept
            .lay_onto(
                &rows,
                &MasterColumns {
                    artificials: &artificials,
                    arcs: &next,
                    arc_upper: &upper,
                },
                &[],
            )
            .unwrap();
        let na = artificials.len();
        assert_eq!(&laid.col_status[na..], [Basic, Lower, Lower]);
        assert_eq!(laid.num_basic(), n - 1);
        let expected = |r: usize, s| {
            let (lower, upper) = (rows.lower[r], rows.upper[r]);
            at_finite_bound(s, lower, upper)
        };
        assert_eq!(laid.row_status[0], expected(0, Upper));
        assert_eq!(laid.row_status[1], expected(1, Lower));

        let mut other = SyntheticPark::size(4, 4, 2).scenario();
        other.policy = Some(crate::scenario::Policy {
            max_intake: Some(1e6),
            ..Default::default()
        });
        let other = other.validate().unwrap();
        assert!(!kept.fits(&other, &RowIndex::new(&other)));
    }

    #[test]
    fn nonbasic_statuses_move_to_finite_bounds() {
        use BasisStatus::*;
        let inf = f64::INFINITY;
        assert_eq!(at_finite_bound(Basic, 0.0, inf), Basic);
        assert_eq!(at_finite_bound(Upper, 0.0, inf), Lower);
        assert_eq!(at_finite_bound(Upper, 0.0, 5.0), Upper);
        assert_eq!(at_finite_bound(Lower, -inf, 5.0), Upper);
        assert_eq!(at_finite_bound(Lower, -inf, inf), Zero);
        assert_eq!(at_finite_bound(Zero, 0.0, 0.0), Lower);
        assert_eq!(at_finite_bound(Nonbasic, -inf, 0.0), Upper);
    }
}
