//! Water cascade analysis: the freshwater, wastewater and pinch targets and the
//! cascade table (Manan, Tan & Foo 2004, AIChE J 50(12):3169; the material recovery
//! pinch of El-Halwagi, Gabriel & Harell 2003, Ind. Eng. Chem. Res. 42:4319).
//!
//! Levels are every source, sink and supply concentration plus 0 and the top
//! (10^6 mg/L). Walking up from the cleanest level, the net flow of each level
//! (sources + fresh - sinks) is accumulated into the cumulative flow that passes
//! down each interval, and the cumulative flow times the interval's width into the
//! cumulative load. A network exists exactly when every cumulative load is
//! non-negative and the final cumulative flow (the wastewater) is too; the least
//! fresh flow achieving that is the target, and the levels where the cumulative load
//! is zero are the pinches.

use serde::{Deserialize, Serialize};

use crate::error::PinchError;
use crate::levels::{cascade, Model};
use crate::problem::TargetProblem;
use crate::supply::{allocate, FreshPriority};

/// kg/h per (t/h x mg/L).
pub(crate) const KG_PER_T_PPM: f64 = 1e-3;

/// One interval of the cascade table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CascadeRow {
    /// Lower concentration of the interval, mg/L.
    pub conc_low: f64,
    /// Upper concentration of the interval, mg/L (the last row ends at 10^6 mg/L).
    pub conc_high: f64,
    /// Net flow entering at `conc_low`: sources + fresh (+ regenerated water) -
    /// sinks (- regenerator feed), t/h.
    pub net_flow: f64,
    /// Flow passing down this interval: the sum of the net flows up to `conc_low`,
    /// t/h. In the last row it is the wastewater.
    pub cumulative_flow: f64,
    /// Load surplus (+) or deficit (-) of the interval:
    /// `cumulative_flow * (conc_high - conc_low) * 1e-3`, kg/h.
    pub load: f64,
    /// Cumulative load at `conc_high`, kg/h; never negative in a feasible cascade.
    pub cumulative_load: f64,
}

/// Freshwater, wastewater and pinch targets with the cascade that proves them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Targets {
    /// Least total freshwater, t/h.
    pub freshwater: f64,
    /// Wastewater, t/h: sources + freshwater - sinks.
    pub wastewater: f64,
    /// Every pinch concentration (cumulative load zero), ascending, mg/L. Empty when
    /// only the flow balance binds.
    pub pinches: Vec<f64>,
    /// The feasible cascade at the target.
    pub cascade: Vec<CascadeRow>,
    /// Fresh flow of each supply, t/h, in the order of the problem's `fresh`.
    pub fresh_by_supply: Vec<(String, f64)>,
    /// A threshold problem: no freshwater or no wastewater at the target, so the
    /// flow balance (`freshwater >= total sinks - total sources`) or the absence of
    /// any deficit decides the target rather than a load pinch.
    pub threshold: bool,
}

/// Targets with the default rule for several supplies ([`FreshPriority::MinTotal`]:
/// least total intake, purest supply first).
///
/// ```
/// use parkwater_pinch::{target, FreshSupply, Stream, TargetProblem};
/// let p = TargetProblem::new(
///     vec![Stream::new("SR1", 50.0, 50.0), Stream::new("SR2", 100.0, 100.0),
///          Stream::new("SR3", 70.0, 150.0), Stream::new("SR4", 60.0, 250.0)],
///     vec![Stream::new("SK1", 50.0, 20.0), Stream::new("SK2", 100.0, 50.0),
///          Stream::new("SK3", 80.0, 100.0), Stream::new("SK4", 70.0, 200.0)],
///     vec![FreshSupply::new("FW", 0.0)],
/// );
/// let t = target(&p).unwrap();
/// assert_eq!((t.freshwater, t.wastewater, t.pinches.clone()), (70.0, 50.0, vec![150.0]));
/// ```
pub fn target(problem: &TargetProblem) -> Result<Targets, PinchError> {
    target_with(problem, FreshPriority::MinTotal)
}

/// Targets with a chosen rule for sharing the freshwater among several supplies.
///
/// Errors: the input problems of [`TargetProblem::problems`], or
/// [`PinchError::TooCleanDemand`] / [`PinchError::FreshCapExceeded`] when no fresh
/// flow makes the cascade feasible. Runs in O(n log n) for n streams (one sort) plus
/// O(n) per supply.
pub fn target_with(
    problem: &TargetProblem,
    priority: FreshPriority,
) -> Result<Targets, PinchError> {
    problem.validate()?;
    let model = Model::new(problem, &[]);
    let flows = allocate(&model, &model.base_net, &problem.fresh, priority)?;
    let mut net = model.base_net.clone();
    let mut gross = model.gross.clone();
    for (supply, &f) in problem.fresh.iter().zip(&flows) {
        let i = model.level(supply.conc);
        net[i] += f;
        gross[i] += f;
    }
    let freshwater: f64 = flows.iter().sum();
    let wastewater = wastewater(problem.total_sources() + freshwater - problem.total_sinks());
    Ok(Targets {
        freshwater,
        wastewater,
        pinches: pinches(&model, &net, &gross),
        cascade: rows(&model.conc, &net),
        fresh_by_supply: problem
            .fresh
            .iter()
            .zip(&flows)
            .map(|(s, &f)| (s.id.clone(), f))
            .collect(),
        threshold: is_threshold(&model, freshwater, wastewater),
    })
}

/// The cascade table for given fresh flows (t/h, one per supply, in the order of
/// `problem.fresh`), feasible or not: the infeasible cascade of the WCA is
/// `cascade_table(problem, &[0.0; n])`.
pub fn cascade_table(
    problem: &TargetProblem,
    fresh_flows: &[f64],
) -> Result<Vec<CascadeRow>, PinchError> {
    problem.validate()?;
    if fresh_flows.len() != problem.fresh.len() {
        return Err(PinchError::FreshFlowCount {
            expected: problem.fresh.len(),
            got: fresh_flows.len(),
        });
    }
    let model = Model::new(problem, &[]);
    let mut net = model.base_net.clone();
    for (i, (supply, &f)) in problem.fresh.iter().zip(fresh_flows).enumerate() {
        let path = || format!("fresh_flows[{i}]");
        if !f.is_finite() {
            return Err(PinchError::NonFinite {
                path: path(),
                value: f,
            });
        }
        if f < 0.0 {
            return Err(PinchError::Negative {
                path: path(),
                value: f,
            });
        }
        net[model.level(supply.conc)] += f;
    }
    Ok(rows(&model.conc, &net))
}

/// Whether a cascade table is feasible: every cumulative load is at least `-tol`
/// kg/h and the final cumulative flow (the wastewater) at least `-tol` t/h.
pub fn cascade_feasible(rows: &[CascadeRow], tol: f64) -> bool {
    rows.iter().all(|r| r.cumulative_load >= -tol)
        && rows.last().is_none_or(|r| r.cumulative_flow >= -tol)
}

/// The rows of a cascade from its net flows.
pub(crate) fn rows(conc: &[f64], net: &[f64]) -> Vec<CascadeRow> {
    let (cum_flow, load) = cascade(conc, net);
    (0..conc.len().saturating_sub(1))
        .map(|i| CascadeRow {
            conc_low: conc[i],
            conc_high: conc[i + 1],
            net_flow: net[i],
            cumulative_flow: cum_flow[i],
            load: (load[i + 1] - load[i]) * KG_PER_T_PPM,
            cumulative_load: load[i + 1] * KG_PER_T_PPM,
        })
        .collect()
}

/// Levels with zero cumulative load, above the first level that carries any flow
/// (below it the load is zero trivially) and below the artificial top.
pub(crate) fn pinches(model: &Model, net: &[f64], gross: &[f64]) -> Vec<f64> {
    let (_, load) = cascade(&model.conc, net);
    let Some(first) = gross.iter().position(|&g| g > 0.0) else {
        return Vec::new();
    };
    let top = model.len() - 1;
    ((first + 1)..top)
        .filter(|&i| load[i].abs() <= model.eps_load)
        .map(|i| model.conc[i])
        .collect()
}

/// Clamp rounding noise: a wastewater within the tolerance of zero is zero.
pub(crate) fn wastewater(w: f64) -> f64 {
    w.max(0.0)
}

pub(crate) fn is_threshold(model: &Model, freshwater: f64, wastewater: f64) -> bool {
    freshwater <= model.eps_flow || wastewater <= model.eps_flow
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::FreshSupply;

    use crate::examples::polley_polley_2000 as polley;

    #[test]
    fn polley_cascade_table_by_hand() {
        // Polley & Polley data (Example 1 of Manan, Tan & Foo 2004), feasible
        // cascade with 70 t/h of fresh water. Cumulative loads by hand (kg/h):
        // 1.4 at 20, 2.0 at 50, 0.5 at 100, 0 at 150 (pinch), 3.0 at 200, 2.5 at 250.
        let t = target(&polley()).unwrap();
        let got: Vec<(f64, f64, f64)> = t
            .cascade
            .iter()
            .map(|r| (r.conc_high, r.cumulative_flow, r.cumulative_load))
            .collect();
        let want = [
            (20.0, 70.0, 1.4),
            (50.0, 20.0, 2.0),
            (100.0, -30.0, 0.5),
            (150.0, -10.0, 0.0),
            (200.0, 60.0, 3.0),
            (250.0, -10.0, 2.5),
            (1e6, 50.0, 2.5 + 50.0 * (1e6 - 250.0) * 1e-3),
        ];
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.0, w.0);
            assert!((g.1 - w.1).abs() < 1e-9, "{g:?} vs {w:?}");
            assert!((g.2 - w.2).abs() < 1e-9, "{g:?} vs {w:?}");
        }
        assert_eq!(t.cascade.last().unwrap().cumulative_flow, t.wastewater);
        assert!(cascade_feasible(&t.cascade, 1e-9));
        assert!(!t.threshold);
    }

    #[test]
    fn infeasible_cascade_has_negative_loads() {
        let rows = cascade_table(&polley(), &[0.0]).unwrap();
        assert!(!cascade_feasible(&rows, 1e-9));
        // the most negative ratio load / conc sets the target: -10.5 kg/h at 150
        let at150 = rows.iter().find(|r| r.conc_high == 150.0).unwrap();
        assert!((at150.cumulative_load + 10.5).abs() < 1e-12);
    }

    #[test]
    fn cascade_table_rejects_bad_flows() {
        let p = polley();
        assert_eq!(
            cascade_table(&p, &[]).unwrap_err(),
            PinchError::FreshFlowCount {
                expected: 1,
                got: 0
            }
        );
        assert_eq!(cascade_table(&p, &[-1.0]).unwrap_err().code(), "negative");
        assert_eq!(
            cascade_table(&p, &[f64::NAN]).unwrap_err().code(),
            "non_finite"
        );
    }

    #[test]
    fn empty_problem_needs_nothing() {
        let p = TargetProblem::new(vec![], vec![], vec![FreshSupply::new("FW", 0.0)]);
        let t = target(&p).unwrap();
        assert_eq!((t.freshwater, t.wastewater), (0.0, 0.0));
        assert!(t.pinches.is_empty());
        assert!(t.threshold);
    }
}
