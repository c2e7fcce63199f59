//! The one check of the solver's own residuals, run after every solve that
//! claims optimality (full LP, the pricing master's final solve, the
//! diagnosis's checks and elastic LP, MIP incumbents): an answer whose
//! residuals exceed the tolerance is numerical trouble, never optimal.

use parkwater_highs::RunInfo;
use serde::Serialize;

/// Largest solver residual accepted in an optimal answer (HiGHS is asked for
/// 1e-9; a thousandfold miss means its scaling or the data broke down).
pub(crate) const RESIDUAL_TOLERANCE: f64 = 1e-6;

/// Largest [`activity_drift`] accepted before an answer is recomputed
/// (HiGHS's feasibility tolerance on the scaled rows).
pub(crate) const DRIFT_TOLERANCE: f64 = 1e-9;

/// How far the row activities HiGHS reports (`row_value`) are from those
/// its column values `x` make through the matrix (CSC `start`, `index`,
/// `value`): the largest difference over the rows, relative to the row's
/// magnitude (the larger of its activity and the sum of its terms' sizes,
/// at least 1). HiGHS measures its residuals on its own row activities;
/// when those drift from the columns, its residuals can read 0 while the
/// flows break a row (see `pricing::Master::settle`).
pub(crate) fn activity_drift(
    start: &[usize],
    index: &[u32],
    value: &[f64],
    x: &[f64],
    row_value: &[f64],
) -> f64 {
    let mut activity = vec![0.0; row_value.len()];
    let mut size = vec![0.0; row_value.len()];
    for (j, &xj) in x.iter().enumerate().filter(|&(_, &xj)| xj != 0.0) {
        for k in start[j]..start[j + 1] {
            let r = index[k] as usize;
            activity[r] += value[k] * xj;
            size[r] += (value[k] * xj).abs();
        }
    }
    (activity.iter().zip(&size).zip(row_value))
        .map(|((a, s), rv)| (a - rv).abs() / s.max(rv.abs()).max(1.0))
        .fold(0.0, f64::max)
}

/// The solver's own measure of how exactly its answer holds, in the scaled
/// LP it was given (rows scaled by powers of two, flows by the park's flow scale).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Residuals {
    /// Largest violation of a row or column bound.
    pub primal: f64,
    /// Largest violation of a reduced cost's sign (optimality); 0 for a
    /// MIP incumbent, which has no duals.
    pub dual: f64,
    /// Largest distance of an integer column from an integer (MIP only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integrality: Option<f64>,
}

impl Residuals {
    /// HiGHS's residuals of the last LP solve.
    pub(crate) fn of_lp(info: &RunInfo) -> Residuals {
        Residuals {
            primal: info.max_primal_infeasibility,
            dual: info.max_dual_infeasibility,
            integrality: None,
        }
    }

    /// HiGHS's residuals of a MIP incumbent.
    #[allow(dead_code)]
    pub(crate) fn of_mip(info: &RunInfo, integrality: f64) -> Residuals {
        Residuals {
            primal: info.max_primal_infeasibility,
            dual: 0.0,
            integrality: Some(integrality),
        }
    }

    /// Whether the residuals are small enough to trust the answer: primal
    /// and integrality within [`RESIDUAL_TOLERANCE`], dual within it
    /// relative to the largest objective coefficient. NaN (no measure)
    /// counts as trouble; a negative value (HiGHS's "not computed") does not.
    pub(crate) fn acceptable(&self, cost_scale: f64) -> bool {
        let ok = |x: f64, scale: f64| !x.is_nan() && x <= RESIDUAL_TOLERANCE * scale.max(1.0);
        ok(self.primal, 1.0)
            && ok(self.dual, cost_scale)
            && self.integrality.is_none_or(|x| ok(x, 1.0))
    }

    /// The worse of two measures, entry by entry (NaN wins).
    pub(crate) fn worst(self, other: Residuals) -> Residuals {
        let max = |a: f64, b: f64| {
            if a.is_nan() || b.is_nan() {
                f64::NAN
            } else {
                a.max(b)
            }
        };
        Residuals {
            primal: max(self.primal, other.primal),
            dual: max(self.dual, other.dual),
            integrality: match (self.integrality, other.integrality) {
                (Some(a), Some(b)) => Some(max(a, b)),
                (a, b) => a.or(b),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(primal: f64, dual: f64) -> Residuals {
        Residuals {
            primal,
            dual,
            integrality: None,
        }
    }

    #[test]
    fn residuals_within_tolerance_are_trusted() {
        let ok = r(1e-10, 1e-9);
        assert!(ok.acceptable(1.0));
        assert!(!r(1e-5, 0.0).acceptable(1.0));
        // The dual tolerance is relative to the largest cost coefficient.
        assert!(!r(0.0, 1e-5).acceptable(1.0));
        assert!(r(0.0, 1e-5).acceptable(100.0));
        // No measure at all is not trusted; HiGHS's -1 (not computed) is.
        assert!(!r(f64::NAN, 0.0).acceptable(1.0));
        assert!(r(-1.0, -1.0).acceptable(1.0));
        assert_eq!(ok.worst(r(1e-3, 0.0)).primal, 1e-3);
        assert!(ok.worst(r(f64::NAN, 0.0)).primal.is_nan());
    }

    /// Two rows, x0 + x1 = 8.8 and 1000 x0 - 1000 x1 <= 0, the second
    /// with terms of size 1000 that cancel.
    #[test]
    fn activity_drift_compares_row_activities_with_the_columns() {
        let (start, index, value) = ([0, 2, 4], [0, 1, 0, 1], [1.0, 1000.0, 1.0, -1000.0]);
        let x = [4.4, 4.4];
        assert_eq!(activity_drift(&start, &index, &value, &x, &[8.8, 0.0]), 0.0);
        // HiGHS reporting 8.8 where the columns make 8.800029 (the soak park).
        let drifted = [4.400_029, 4.4];
        let d = activity_drift(&start, &index, &value, &drifted, &[8.8, 0.0]);
        assert!((d - 0.029 / 8800.029).abs() < 1e-12, "{d}");
        assert!(
            (activity_drift(&start, &index, &value, &drifted, &[8.800_029, 0.029]) - 0.0).abs()
                < 1e-15
        );
        // Relative to the terms' size where they cancel: 1e-3 off a row
        // whose terms are 4400 each.
        let d = activity_drift(&start, &index, &value, &x, &[8.8, 1e-3]);
        assert!((d - 1e-3 / 8800.0).abs() < 1e-15, "{d}");
        assert!(d > DRIFT_TOLERANCE);
    }

    #[test]
    fn a_fractional_incumbent_is_not_trusted() {
        let mut mip = r(0.0, 0.0);
        mip.integrality = Some(1e-9);
        assert!(mip.acceptable(1.0));
        mip.integrality = Some(1e-3);
        assert!(!mip.acceptable(1.0));
        assert_eq!(r(0.0, 0.0).worst(mip).integrality, Some(1e-3));
    }
}
