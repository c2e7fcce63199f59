//! The one check of the solver's own residuals, run after every solve that
//! claims optimality (full LP, the pricing master's final solve, the
//! diagnosis's checks and elastic LP, MIP incumbents): an answer whose
//! residuals exceed the tolerance is numerical trouble, never optimal.

use parkwater_highs::RunInfo;
use serde::Serialize;

/// Largest solver residual accepted in an optimal answer (HiGHS is asked for
/// 1e-9; a thousandfold miss means its scaling or the data broke down).
pub(crate) const RESIDUAL_TOLERANCE: f64 = 1e-6;

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
