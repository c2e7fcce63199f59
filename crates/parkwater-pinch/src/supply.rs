//! How the freshwater target is shared among several supplies.
//!
//! Adding a flow `F` of fresh water at concentration `Cf` raises the cumulative load
//! at every level `c` by `F * max(0, c - Cf)` and the final flow by `F`. A cascade is
//! feasible when every cumulative load and the final flow are non-negative, so a
//! supply's least flow is `max( -L(c) / (c - Cf) over c > Cf,  -final flow )`, and the
//! problem is infeasible if some `L(c) < 0` at `c <= Cf` (that demand is cleaner
//! than the supply). This is the cascade of Manan, Tan & Foo (2004) with the load of
//! an impure supply taken relative to its own concentration (Foo 2007, "Water
//! cascade analysis for single and multiple impure fresh water feed", Chem. Eng.
//! Res. Des. 85:1169).
//!
//! With several supplies the targets are found one supply at a time, purest first
//! (ties: list order); [`FreshPriority`] says what the later supplies are assumed to
//! give while one is being targeted.

use serde::{Deserialize, Serialize};

use crate::error::PinchError;
use crate::levels::{cascade, Model};
use crate::problem::FreshSupply;

/// The rule that shares the freshwater target among several supplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FreshPriority {
    /// Least total intake (the engine LP's `freshwater` objective). Supplies are used
    /// purest first, each up to its cap before the next is touched: the target of a
    /// supply is its least flow with every purer supply at its cap and the dirtier
    /// ones unused. Shifting flow from a dirtier supply to a purer one never breaks
    /// feasibility (it raises every cumulative load and keeps the total), so some
    /// least-total solution has this form, and the sequence finds it.
    #[default]
    MinTotal,
    /// Spare the purest water (the cost rule of Foo 2007 and of the review by Foo
    /// 2009, Ind. Eng. Chem. Res. 48:5125, when purer water is dearer): minimise the
    /// purest supply first, assuming every dirtier supply may give up to its cap
    /// (unlimited when uncapped), then the next purest with the purer ones fixed, and
    /// so on. The total may exceed the [`FreshPriority::MinTotal`] target.
    SpareThePurest,
}

/// Fresh flow of each supply, in the order of `fresh`, making `net` (sources minus
/// sinks, plus anything else already in the cascade) feasible.
pub(crate) fn allocate(
    model: &Model,
    net: &[f64],
    fresh: &[FreshSupply],
    priority: FreshPriority,
) -> Result<Vec<f64>, PinchError> {
    match priority {
        FreshPriority::MinTotal => min_total(model, net, fresh),
        // Both rules share one feasible set: when the second fails, the first
        // explains why (and its error is preferred as it names the binding cap).
        FreshPriority::SpareThePurest => spare_the_purest(model, net, fresh)
            .map_err(|e| min_total(model, net, fresh).err().unwrap_or(e)),
    }
}

/// Supply indices, purest first; ties keep list order.
fn purest_first(fresh: &[FreshSupply]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..fresh.len()).collect();
    order.sort_by(|&a, &b| fresh[a].conc.total_cmp(&fresh[b].conc));
    order
}

/// What one supply must give at least.
enum Need {
    Flow(f64),
    /// Some load at or below the supply's concentration is negative.
    TooClean(f64),
}

/// Least flow of a supply at `cf` so that `load + extra` and `final_flow` become
/// non-negative; levels above `free_above` (an uncapped dirtier supply) are ignored.
fn need(model: &Model, load: &[f64], cf: f64, final_flow: f64, free_above: f64) -> Need {
    let mut f: f64 = 0.0;
    for (&c, &l) in model.conc.iter().zip(load) {
        if c > free_above {
            break;
        }
        if l >= -model.eps_load {
            continue;
        }
        let lever = c - cf;
        if lever <= 0.0 {
            return Need::TooClean(c);
        }
        f = f.max(-l / lever);
    }
    if final_flow < -model.eps_flow {
        f = f.max(-final_flow);
    }
    Need::Flow(f)
}

fn add_supply(model: &Model, load: &mut [f64], cf: f64, flow: f64) {
    for (&c, l) in model.conc.iter().zip(load.iter_mut()) {
        if c > cf {
            *l += flow * (c - cf);
        }
    }
}

fn exceeds(flow: f64, cap: Option<f64>) -> bool {
    cap.is_some_and(|cap| flow > cap + 1e-9 * cap.max(1.0))
}

fn min_total(model: &Model, net: &[f64], fresh: &[FreshSupply]) -> Result<Vec<f64>, PinchError> {
    let (cum_flow, mut load) = cascade(&model.conc, net);
    let mut final_flow = cum_flow.last().copied().unwrap_or(0.0);
    let mut flows = vec![0.0; fresh.len()];
    // The last supply that had to be capped, with what it would have needed.
    let mut capped: Option<(usize, f64)> = None;
    let order = purest_first(fresh);
    for (k, &s) in order.iter().enumerate() {
        let supply = &fresh[s];
        let f = match need(model, &load, supply.conc, final_flow, f64::INFINITY) {
            Need::Flow(f) => f,
            Need::TooClean(conc) => {
                return Err(match capped {
                    Some((j, needed)) => cap_error(&fresh[j], needed),
                    None => PinchError::TooCleanDemand { conc },
                });
            }
        };
        let f = if exceeds(f, supply.max_flow) {
            if k + 1 == order.len() {
                return Err(cap_error(supply, f));
            }
            capped = Some((s, f));
            supply.max_flow.unwrap_or(f)
        } else {
            f
        };
        flows[s] = f;
        add_supply(model, &mut load, supply.conc, f);
        final_flow += f;
    }
    Ok(flows)
}

fn cap_error(supply: &FreshSupply, needed: f64) -> PinchError {
    PinchError::FreshCapExceeded {
        supply: supply.id.clone(),
        needed,
        cap: supply.max_flow.unwrap_or(f64::INFINITY),
    }
}

fn spare_the_purest(
    model: &Model,
    net: &[f64],
    fresh: &[FreshSupply],
) -> Result<Vec<f64>, PinchError> {
    let (cum_flow, mut load) = cascade(&model.conc, net);
    let mut final_flow = cum_flow.last().copied().unwrap_or(0.0);
    let mut flows = vec![0.0; fresh.len()];
    let order = purest_first(fresh);
    for (k, &s) in order.iter().enumerate() {
        let supply = &fresh[s];
        // The dirtier supplies at their caps; an uncapped one makes every level above
        // its concentration feasible, and the flow balance too.
        let mut trial = load.clone();
        let mut trial_final = final_flow;
        let mut free_above = f64::INFINITY;
        for &j in &order[k + 1..] {
            match fresh[j].max_flow {
                Some(cap) => {
                    add_supply(model, &mut trial, fresh[j].conc, cap);
                    trial_final += cap;
                }
                None => free_above = free_above.min(fresh[j].conc),
            }
        }
        if free_above.is_finite() {
            trial_final = trial_final.max(0.0);
        }
        let f = match need(model, &trial, supply.conc, trial_final, free_above) {
            Need::Flow(f) if !exceeds(f, supply.max_flow) => f,
            Need::Flow(f) => return Err(cap_error(supply, f)),
            Need::TooClean(conc) => return Err(PinchError::TooCleanDemand { conc }),
        };
        flows[s] = f;
        add_supply(model, &mut load, supply.conc, f);
        final_flow += f;
    }
    Ok(flows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Stream, TargetProblem};

    fn polley(fresh: Vec<FreshSupply>) -> TargetProblem {
        TargetProblem {
            fresh,
            ..crate::examples::polley_polley_2000()
        }
    }

    fn run(p: &TargetProblem, rule: FreshPriority) -> Result<Vec<f64>, PinchError> {
        let m = Model::new(p, &[]);
        allocate(&m, &m.base_net, &p.fresh, rule)
    }

    #[test]
    fn single_pure_supply_gives_polley_target() {
        let p = polley(vec![FreshSupply::new("FW", 0.0)]);
        assert_eq!(run(&p, FreshPriority::MinTotal).unwrap(), vec![70.0]);
        assert_eq!(run(&p, FreshPriority::SpareThePurest).unwrap(), vec![70.0]);
    }

    #[test]
    fn capped_pure_supply_then_impure() {
        // FW1 0 mg/L capped at 40 t/h, FW2 20 mg/L unlimited (hand calculation in
        // tests/targets.rs): MinTotal takes 40 + 4500/130 t/h.
        let p = polley(vec![
            FreshSupply::new("FW2", 20.0),
            FreshSupply::new("FW1", 0.0).with_max_flow(40.0),
        ]);
        let f = run(&p, FreshPriority::MinTotal).unwrap();
        assert_eq!(f[1], 40.0);
        assert!((f[0] - 4500.0 / 130.0).abs() < 1e-12);
        // Sparing the pure water: FW1 is not needed at all (no demand below 20 mg/L
        // lacks water), FW2 alone needs 6500/80 t/h.
        let f = run(&p, FreshPriority::SpareThePurest).unwrap();
        assert_eq!(f[1], 0.0);
        assert!((f[0] - 81.25).abs() < 1e-12);
    }

    #[test]
    fn caps_too_small_name_the_supply() {
        let p = polley(vec![FreshSupply::new("FW", 0.0).with_max_flow(60.0)]);
        let e = run(&p, FreshPriority::MinTotal).unwrap_err();
        assert_eq!(
            e,
            PinchError::FreshCapExceeded {
                supply: "FW".into(),
                needed: 70.0,
                cap: 60.0
            }
        );
        assert_eq!(run(&p, FreshPriority::SpareThePurest).unwrap_err(), e);
    }

    #[test]
    fn capped_pure_supply_and_too_impure_second_supply() {
        // A new demand at 10 mg/L can only be met by the pure supply (the other
        // is at 30 mg/L), whose cap of 0 t/h then binds: the error names it.
        let mut p = polley(vec![
            FreshSupply::new("PURE", 0.0).with_max_flow(0.0),
            FreshSupply::new("DIRTY", 30.0),
        ]);
        p.sinks.push(Stream::new("SK0", 10.0, 10.0));
        let e = run(&p, FreshPriority::MinTotal).unwrap_err();
        assert_eq!(e.code(), "fresh_cap_exceeded");
        let e = run(&p, FreshPriority::SpareThePurest).unwrap_err();
        assert_eq!(e.code(), "fresh_cap_exceeded");
    }

    #[test]
    fn too_clean_demand_without_caps() {
        let p = polley(vec![FreshSupply::new("FW", 30.0)]);
        assert_eq!(
            run(&p, FreshPriority::MinTotal).unwrap_err(),
            PinchError::TooCleanDemand { conc: 30.0 }
        );
    }
}
