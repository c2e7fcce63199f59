//! Targets with one regenerator of fixed outlet concentration.
//!
//! The regenerator takes a flow `R` from the sources (recovery 1: no reject water)
//! and returns it at `c_out` mg/L, to the sinks or the drain. Two targets, in
//! order: the least freshwater, then the least `R` that still achieves it (the
//! regeneration targets of Ng, Foo & Tan 2007, "Targeting for total water network",
//! Ind. Eng. Chem. Res. 46:9107 and 9114, and of Feng, Bai & Zheng 2007, Chem. Eng.
//! Sci. 62:2127, carried over to fixed-flowrate sources and sinks).
//!
//! The rule, and why it is exact: moving a flow `r` of source water at `Cs` into the
//! regenerator changes the cumulative load at each level `c` by
//! `r * (max(0, c - c_out) - max(0, c - Cs))` and leaves every flow balance alone.
//! That change is never negative when `Cs > c_out`, and is larger the dirtier the
//! source. So (1) the least freshwater is reached by regenerating every source
//! dirtier than `c_out`, and (2) for any regenerated flow the best feed is the
//! dirtiest water: the least `R` takes the sources dirtiest first, and since the
//! cascade is then monotone in `R` it is found by bisection over the sources and one
//! exact linear step inside the last one. Sources no dirtier than `c_out` are never
//! fed (it would lower the loads). Cost: O(n log n).
//!
//! Regeneration-reuse versus regeneration-recycling: the two differ in whether
//! regenerated water may return to the *operations* whose effluent was regenerated
//! (Wang & Smith 1994; Feng, Bai & Zheng 2007; Bai, Feng & Deng 2007). A
//! fixed-flowrate problem ties no sink to a source: a source's flow and quality do
//! not depend on what its operation is fed, and no water path leads from a sink back
//! to a source. Both restrictions therefore allow the same networks, and
//! [`RegenMode::Reuse`] and [`RegenMode::Recycling`] give the same targets here, as
//! the engine's LP (which has no arc from a sink to a source either) does. The
//! distinction matters for fixed-contaminant-load operations, which this crate only
//! sees through their limiting flows.

use serde::{Deserialize, Serialize};

use crate::cascade::{is_threshold, pinches, rows, wastewater, CascadeRow, KG_PER_T_PPM};
use crate::error::PinchError;
use crate::levels::{cascade, feasible, Model};
use crate::problem::{TargetProblem, TOP_CONC};
use crate::supply::{allocate, FreshPriority};

/// Whether regenerated water may go back to the operations it came from. On
/// fixed-flowrate data both give the same targets (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegenMode {
    /// Regeneration-reuse: regenerated water goes to other operations only.
    Reuse,
    /// Regeneration-recycling: regenerated water may re-enter any operation.
    Recycling,
}

/// Targets with a regenerator of fixed outlet concentration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegenTargets {
    /// The mode asked for.
    pub mode: RegenMode,
    /// Regenerator outlet concentration, mg/L.
    pub c_out: f64,
    /// Least total freshwater with regeneration, t/h.
    pub freshwater: f64,
    /// Wastewater, t/h: sources + freshwater - sinks.
    pub wastewater: f64,
    /// Least regenerated flow at that freshwater, t/h.
    pub regenerated_flow: f64,
    /// Flow-weighted concentration of the regenerator feed, mg/L; `None` when
    /// nothing is regenerated.
    pub regenerator_inlet_conc: Option<f64>,
    /// Flow taken from each source into the regenerator, t/h (sources that give
    /// nothing are left out; sources at one concentration share pro rata).
    pub regenerator_feed: Vec<(String, f64)>,
    /// Contaminant the regenerator removes, kg/h.
    pub removed_load: f64,
    /// Fresh flow of each supply, t/h, in the order of the problem's `fresh`.
    pub fresh_by_supply: Vec<(String, f64)>,
    /// Pinch concentrations of the cascade with regeneration, mg/L.
    pub pinches: Vec<f64>,
    /// The feasible cascade with regeneration: the regenerated water enters at
    /// `c_out`, the feed leaves at its sources' levels.
    pub cascade: Vec<CascadeRow>,
    /// No freshwater or no wastewater at the target.
    pub threshold: bool,
    /// The freshwater target without regeneration, t/h; `None` when the problem is
    /// infeasible without it (regenerated water can serve demands cleaner than
    /// every supply).
    pub freshwater_without_regeneration: Option<f64>,
}

/// Regeneration targets with the default rule for several supplies
/// ([`FreshPriority::MinTotal`]).
///
/// ```
/// use parkwater_pinch::{target_regeneration, FreshSupply, RegenMode, Stream, TargetProblem};
/// let p = TargetProblem::new(
///     vec![Stream::new("SR1", 50.0, 50.0), Stream::new("SR2", 100.0, 100.0),
///          Stream::new("SR3", 70.0, 150.0), Stream::new("SR4", 60.0, 250.0)],
///     vec![Stream::new("SK1", 50.0, 20.0), Stream::new("SK2", 100.0, 50.0),
///          Stream::new("SK3", 80.0, 100.0), Stream::new("SK4", 70.0, 200.0)],
///     vec![FreshSupply::new("FW", 0.0)],
/// );
/// let r = target_regeneration(&p, 10.0, RegenMode::Recycling).unwrap();
/// assert_eq!(r.freshwater, 20.0); // only the water loss is left
/// assert!((r.regenerated_flow - 7500.0 / 140.0).abs() < 1e-9);
/// ```
pub fn target_regeneration(
    problem: &TargetProblem,
    c_out: f64,
    mode: RegenMode,
) -> Result<RegenTargets, PinchError> {
    target_regeneration_with(problem, c_out, mode, FreshPriority::MinTotal)
}

/// Regeneration targets with a chosen rule for several supplies.
///
/// Errors: the input problems, [`PinchError::InvalidRegenConc`] for a `c_out`
/// outside `[0, 1e6)`, and the infeasibility errors of [`crate::target_with`] when
/// even full regeneration leaves the problem infeasible.
pub fn target_regeneration_with(
    problem: &TargetProblem,
    c_out: f64,
    mode: RegenMode,
    priority: FreshPriority,
) -> Result<RegenTargets, PinchError> {
    problem.validate()?;
    if !(0.0..TOP_CONC).contains(&c_out) {
        return Err(PinchError::InvalidRegenConc { value: c_out });
    }
    let model = Model::new(problem, &[c_out]);
    let out = model.level(c_out);
    let without = allocate(&model, &model.base_net, &problem.fresh, priority)
        .ok()
        .map(|f| f.iter().sum());

    // Source flow dirtier than c_out per level, dirtiest level first.
    let mut feedable = vec![0.0; model.len()];
    for s in problem.sources.iter().filter(|s| s.conc > c_out) {
        feedable[model.level(s.conc)] += s.flow;
    }
    let slices: Vec<(usize, f64)> = (0..model.len())
        .rev()
        .filter(|&i| feedable[i] > 0.0)
        .map(|i| (i, feedable[i]))
        .collect();
    // Net flows with the `full` dirtiest slices and `partial` t/h of the next one
    // regenerated.
    let regenerate = |net: &[f64], full: usize, partial: f64| -> Vec<f64> {
        let mut n = net.to_vec();
        let mut r = 0.0;
        for &(i, f) in &slices[..full] {
            n[i] -= f;
            r += f;
        }
        if let Some(&(i, _)) = slices.get(full) {
            n[i] -= partial;
            r += partial;
        }
        n[out] += r;
        n
    };

    // 1. least freshwater: everything feedable is regenerated.
    let all = regenerate(&model.base_net, slices.len(), 0.0);
    let flows = allocate(&model, &all, &problem.fresh, priority)?;
    let mut with_fresh = model.base_net.clone();
    let mut gross = model.gross.clone();
    for (supply, &f) in problem.fresh.iter().zip(&flows) {
        let i = model.level(supply.conc);
        with_fresh[i] += f;
        gross[i] += f;
    }

    // 2. least regenerated flow: the dirtiest slices first.
    let (full, partial) = if slices.is_empty() || feasible(&model, &with_fresh) {
        (0, 0.0)
    } else {
        // feasible with `hi` slices, not with `lo`.
        let (mut lo, mut hi) = (0, slices.len());
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if feasible(&model, &regenerate(&with_fresh, mid, 0.0)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        (
            lo,
            partial_slice(&model, &regenerate(&with_fresh, lo, 0.0), c_out, slices[lo]),
        )
    };
    let net = regenerate(&with_fresh, full, partial);

    // Feed per source: whole slices, then the partial one pro rata.
    let mut share = vec![0.0; model.len()];
    for &(i, _) in &slices[..full] {
        share[i] = 1.0;
    }
    if let Some(&(i, f)) = slices.get(full) {
        share[i] = partial / f;
    }
    let mut feed = Vec::new();
    let (mut r, mut mass) = (0.0, 0.0);
    for s in problem.sources.iter().filter(|s| s.conc > c_out) {
        let take = s.flow * share[model.level(s.conc)];
        if take > 0.0 {
            feed.push((s.id.clone(), take));
            r += take;
            mass += take * s.conc;
        }
    }
    gross[out] += r;

    let freshwater: f64 = flows.iter().sum();
    let wastewater = wastewater(problem.total_sources() + freshwater - problem.total_sinks());
    Ok(RegenTargets {
        mode,
        c_out,
        freshwater,
        wastewater,
        regenerated_flow: r,
        regenerator_inlet_conc: (r > 0.0).then(|| mass / r),
        regenerator_feed: feed,
        removed_load: ((mass - r * c_out) * KG_PER_T_PPM).max(0.0),
        fresh_by_supply: problem
            .fresh
            .iter()
            .zip(&flows)
            .map(|(s, &f)| (s.id.clone(), f))
            .collect(),
        pinches: pinches(&model, &net, &gross),
        cascade: rows(&model.conc, &net),
        threshold: is_threshold(&model, freshwater, wastewater),
        freshwater_without_regeneration: without,
    })
}

/// Least flow of the slice `(level, flow)` to regenerate on top of `net` (which is
/// infeasible without it and feasible with all of it).
fn partial_slice(model: &Model, net: &[f64], c_out: f64, (level, flow): (usize, f64)) -> f64 {
    let cs = model.conc[level];
    let (_, load) = cascade(&model.conc, net);
    let mut t: f64 = 0.0;
    for (&c, &l) in model.conc.iter().zip(&load) {
        if l >= -model.eps_load {
            continue;
        }
        let gain = (c - c_out).max(0.0) - (c - cs).max(0.0);
        if gain > 0.0 {
            t = t.max(-l / gain);
        }
    }
    t.min(flow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::FreshSupply;

    use crate::examples::polley_polley_2000 as polley;

    #[test]
    fn polley_regenerated_to_10_ppm() {
        // By hand: with every source regenerated to 10 mg/L the loads are all
        // positive, so only the water loss (300 - 280 = 20 t/h) needs fresh water.
        // With 20 t/h of fresh water and no regeneration the cumulative loads are
        // (t/h x mg/L) -500 at 50, -4500 at 100, -7500 at 150, -7000 at 200 and
        // -10000 from 250 up. Regenerating r t/h of SR4 (250 mg/L) adds
        // r * (c - 10) below 250 and 240 r above, so 150 binds: r = 7500 / 140
        // = 53.571 t/h < 60 t/h, all from SR4.
        let r = target_regeneration(&polley(), 10.0, RegenMode::Reuse).unwrap();
        assert_eq!(r.freshwater, 20.0);
        assert_eq!(r.wastewater, 0.0);
        assert!(r.threshold);
        assert_eq!(r.freshwater_without_regeneration, Some(70.0));
        let want = 7500.0 / 140.0;
        assert!((r.regenerated_flow - want).abs() < 1e-9);
        assert_eq!(r.regenerator_feed.len(), 1);
        assert_eq!(r.regenerator_feed[0].0, "SR4");
        assert!((r.regenerator_inlet_conc.unwrap() - 250.0).abs() < 1e-9);
        assert!((r.removed_load - want * 240.0 * 1e-3).abs() < 1e-9);
        assert_eq!(r.pinches, vec![150.0]);
        assert!(crate::cascade_feasible(&r.cascade, 1e-9));
    }

    #[test]
    fn modes_agree_on_fixed_flowrate_data() {
        let a = target_regeneration(&polley(), 10.0, RegenMode::Reuse).unwrap();
        let b = target_regeneration(&polley(), 10.0, RegenMode::Recycling).unwrap();
        assert_eq!(a.freshwater, b.freshwater);
        assert_eq!(a.regenerated_flow, b.regenerated_flow);
        assert_eq!(a.cascade, b.cascade);
    }

    #[test]
    fn outlet_dirtier_than_every_source_changes_nothing() {
        let r = target_regeneration(&polley(), 300.0, RegenMode::Recycling).unwrap();
        assert_eq!(r.freshwater, 70.0);
        assert_eq!(r.regenerated_flow, 0.0);
        assert_eq!(r.regenerator_inlet_conc, None);
        assert!(r.regenerator_feed.is_empty());
        assert_eq!(r.pinches, vec![150.0]);
    }

    #[test]
    fn regeneration_can_serve_demands_cleaner_than_the_supply() {
        // Fresh water at 30 mg/L cannot serve SK1 (20 mg/L); water regenerated to
        // 5 mg/L can.
        let mut p = polley();
        p.fresh = vec![FreshSupply::new("FW", 30.0)];
        let r = target_regeneration(&p, 5.0, RegenMode::Recycling).unwrap();
        assert_eq!(r.freshwater_without_regeneration, None);
        assert!(r.freshwater >= 20.0 - 1e-9);
        assert!(crate::cascade_feasible(&r.cascade, 1e-9));
    }

    #[test]
    fn bad_outlet_concentration() {
        for c in [-1.0, f64::NAN, f64::INFINITY, 1e6] {
            assert_eq!(
                target_regeneration(&polley(), c, RegenMode::Reuse)
                    .unwrap_err()
                    .code(),
                "invalid_regen_conc"
            );
        }
    }
}
