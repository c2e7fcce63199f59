//! Properties on random problems: the target is feasible and minimal (in the
//! cascade's own terms, and against an independent LP), and it scales.

mod common;

use std::time::Instant;

use common::{lp_spare_the_purest, lp_targets};
use parkwater_pinch::{
    cascade_feasible, cascade_table, target, target_regeneration, target_with, FreshPriority,
    FreshSupply, PinchError, RegenMode, Stream, TargetProblem,
};
use proptest::prelude::*;

fn streams(prefix: &'static str, max: usize) -> impl Strategy<Value = Vec<Stream>> {
    prop::collection::vec((1.0..100.0f64, 0.0..1000.0f64), 0..=max).prop_map(move |v| {
        v.into_iter()
            .enumerate()
            // round concentrations to 1 mg/L so that ties and pinches at equal
            // concentrations happen
            .map(|(i, (f, c))| Stream::new(format!("{prefix}{i}"), f, c.round()))
            .collect()
    })
}

fn supplies(max: usize, capped: bool) -> impl Strategy<Value = Vec<FreshSupply>> {
    prop::collection::vec((0.0..50.0f64, prop::option::of(0.0..300.0f64)), 1..=max).prop_map(
        move |v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (c, cap))| FreshSupply {
                    id: format!("FW{i}"),
                    // the first supply is pure, so that most problems are feasible
                    conc: if i == 0 { 0.0 } else { c.round() },
                    max_flow: if capped { cap } else { None },
                })
                .collect()
        },
    )
}

fn problem(
    max_streams: usize,
    max_fresh: usize,
    capped: bool,
) -> impl Strategy<Value = TargetProblem> {
    (
        streams("S", max_streams),
        streams("K", max_streams),
        supplies(max_fresh, capped),
    )
        .prop_map(|(sources, sinks, fresh)| TargetProblem::new(sources, sinks, fresh))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The target makes every cumulative load non-negative; 1 % less fresh water
    /// (every supply cut by 1 %) leaves some load or the final flow negative.
    #[test]
    fn target_is_feasible_and_minimal(p in problem(8, 3, false)) {
        let t = target(&p).unwrap();
        prop_assert!(cascade_feasible(&t.cascade, 1e-9), "{:?}", t.cascade);
        let flows: Vec<f64> = t.fresh_by_supply.iter().map(|(_, f)| *f).collect();
        prop_assert!((flows.iter().sum::<f64>() - t.freshwater).abs() < 1e-9);
        let w = p.total_sources() + t.freshwater - p.total_sinks();
        prop_assert!((t.wastewater - w.max(0.0)).abs() < 1e-9);
        prop_assert!(t.freshwater + 1e-9 >= p.total_sinks() - p.total_sources());
        for pinch in &t.pinches {
            let row = t.cascade.iter().find(|r| r.conc_high == *pinch).unwrap();
            prop_assert!(row.cumulative_load.abs() < 1e-6);
        }
        if t.freshwater > 1e-6 {
            let less: Vec<f64> = flows.iter().map(|f| 0.99 * f).collect();
            let rows = cascade_table(&p, &less).unwrap();
            prop_assert!(!cascade_feasible(&rows, 1e-9));
        }
    }

    /// Regeneration never needs more fresh water, and its cascade is feasible.
    #[test]
    fn regeneration_is_feasible_and_never_worse(p in problem(6, 2, false), c_out in 0.0..200.0f64) {
        let t = target(&p).unwrap();
        let r = target_regeneration(&p, c_out, RegenMode::Recycling).unwrap();
        prop_assert!(r.freshwater <= t.freshwater + 1e-9);
        prop_assert!(cascade_feasible(&r.cascade, 1e-9));
        prop_assert!(r.regenerated_flow >= 0.0);
        let feedable: f64 = p.sources.iter().filter(|s| s.conc > c_out).map(|s| s.flow).sum();
        prop_assert!(r.regenerated_flow <= feedable + 1e-9);
        if let Some(c) = r.regenerator_inlet_conc {
            prop_assert!(c >= c_out);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The cascade target equals the LP optimum (least total intake), and both agree
    /// on infeasibility, with caps, impure supplies and water gain or loss.
    #[test]
    fn target_equals_lp(p in problem(4, 2, true)) {
        let lp = lp_targets(&p, None);
        match (target(&p), lp) {
            (Ok(t), Some((f, _))) => prop_assert!((t.freshwater - f).abs() < 1e-6 * (1.0 + f), "{} vs LP {f}", t.freshwater),
            (Err(PinchError::TooCleanDemand { .. } | PinchError::FreshCapExceeded { .. }), None) => {}
            (t, lp) => prop_assert!(false, "target {t:?} but LP {lp:?}"),
        }
    }

    /// Sparing the purest water equals the LP's lexicographic optimum.
    #[test]
    fn spare_the_purest_equals_lp(p in problem(4, 2, true)) {
        let mut p = p;
        p.fresh.sort_by(|a, b| a.conc.total_cmp(&b.conc));
        let lp = lp_spare_the_purest(&p);
        match (target_with(&p, FreshPriority::SpareThePurest), lp) {
            (Ok(t), Some(v)) => {
                for ((_, f), l) in t.fresh_by_supply.iter().zip(&v) {
                    prop_assert!((f - l).abs() < 1e-6 * (1.0 + l), "{:?} vs LP {v:?}", t.fresh_by_supply);
                }
            }
            (Err(_), None) => {}
            (t, lp) => prop_assert!(false, "target {t:?} but LP {lp:?}"),
        }
    }

    /// Least fresh water, then least regenerated flow, equal the LP's.
    #[test]
    fn regeneration_equals_lp(p in problem(4, 1, false), c_out in 0.0..200.0f64) {
        let c_out = c_out.round();
        let lp = lp_targets(&p, Some(c_out));
        match (target_regeneration(&p, c_out, RegenMode::Reuse), lp) {
            (Ok(r), Some((f, g))) => {
                prop_assert!((r.freshwater - f).abs() < 1e-6 * (1.0 + f), "fresh {} vs LP {f}", r.freshwater);
                prop_assert!((r.regenerated_flow - g).abs() < 1e-5 * (1.0 + g), "regen {} vs LP {g}", r.regenerated_flow);
            }
            (t, lp) => prop_assert!(false, "target {t:?} but LP {lp:?}"),
        }
    }
}

/// Deterministic pseudo-random numbers in [0, 1).
fn lcg(state: &mut u64) -> f64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

#[test]
fn two_thousand_streams_target_quickly() {
    let mut s = 42;
    let mut gen = |prefix: &str| -> Vec<Stream> {
        (0..1000)
            .map(|i| {
                Stream::new(
                    format!("{prefix}{i}"),
                    1.0 + 99.0 * lcg(&mut s),
                    1000.0 * lcg(&mut s),
                )
            })
            .collect()
    };
    let p = TargetProblem::new(gen("S"), gen("K"), vec![FreshSupply::new("FW", 0.0)]);
    let start = Instant::now();
    let t = target(&p).unwrap();
    let r = target_regeneration(&p, 5.0, RegenMode::Recycling).unwrap();
    let took = start.elapsed();
    eprintln!("2000 streams: target + regeneration target in {took:?}");
    assert!(cascade_feasible(&t.cascade, 1e-6));
    assert!(cascade_feasible(&r.cascade, 1e-6));
    // generous: the debug build on a loaded machine; release is well under 10 ms
    assert!(took.as_secs_f64() < 2.0);
}
