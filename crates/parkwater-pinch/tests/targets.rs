//! Published and hand-calculated targets, through the public API.

mod common;

use common::{lp_targets, polley, wang_smith};
use parkwater_pinch::{
    cascade_feasible, cascade_table, composite_curves, target, target_regeneration, target_with,
    FreshPriority, FreshSupply, PinchError, RegenMode, Stream, TargetProblem,
};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

#[track_caller]
fn assert_targets(p: &TargetProblem, fresh: f64, waste: f64, pinches: &[f64], threshold: bool) {
    let t = target(p).unwrap();
    assert!(
        close(t.freshwater, fresh),
        "freshwater {} != {fresh}",
        t.freshwater
    );
    assert!(
        close(t.wastewater, waste),
        "wastewater {} != {waste}",
        t.wastewater
    );
    assert_eq!(t.pinches.len(), pinches.len(), "pinches {:?}", t.pinches);
    for (a, b) in t.pinches.iter().zip(pinches) {
        assert!(close(*a, *b), "pinches {:?} != {pinches:?}", t.pinches);
    }
    assert_eq!(t.threshold, threshold);
    assert!(cascade_feasible(&t.cascade, 1e-9));
    // the independent LP agrees
    let (lp_fresh, _) = lp_targets(p, None).unwrap();
    assert!((lp_fresh - fresh).abs() < 1e-6, "LP {lp_fresh} != {fresh}");
}

#[test]
fn polley_polley_2000() {
    // Published: 70 / 50 t/h, pinch 150 mg/L (Polley & Polley 2000; Manan, Tan &
    // Foo 2004, Example 1).
    assert_targets(&polley(), 70.0, 50.0, &[150.0], false);
}

#[test]
fn wang_smith_1994_example_1_limiting_flows() {
    // Published: 90 / 90 t/h, pinch 100 mg/L (Wang & Smith 1994).
    assert_targets(&wang_smith(), 90.0, 90.0, &[100.0], false);
    // The limiting composite curve is Wang & Smith's: 41 kg/h in total at
    // 800 mg/L, 9 kg/h at 100 mg/L where the 90 t/h supply line touches it.
    let c = composite_curves(&wang_smith()).unwrap();
    let at = |conc: f64| c.limiting.iter().find(|p| p.conc == conc).unwrap().load;
    assert!(close(at(800.0), 41.0));
    assert!(close(at(100.0), 9.0));
    let line = c.supply_line.iter().find(|p| p.conc == 100.0).unwrap().load;
    assert!(close(line, 9.0));
}

#[test]
fn threshold_without_freshwater() {
    // 80 t/h of 20 mg/L water for a 50 t/h demand that accepts 100 mg/L: no fresh
    // water, 30 t/h to the drain.
    let p = TargetProblem::new(
        vec![Stream::new("S", 80.0, 20.0)],
        vec![Stream::new("K", 50.0, 100.0)],
        vec![FreshSupply::new("FW", 0.0)],
    );
    assert_targets(&p, 0.0, 30.0, &[], true);
}

#[test]
fn threshold_without_wastewater() {
    // Sinks 50 t/h at 20 and 100 t/h at 100 mg/L; sources 40 t/h at 50 and 30 t/h
    // at 150 mg/L. The loads alone need max(1500/50, 2000/100, 7500/150) = 50 t/h,
    // but the flow balance needs 150 - 70 = 80 t/h: zero discharge, no pinch.
    let p = TargetProblem::new(
        vec![
            Stream::new("S1", 40.0, 50.0),
            Stream::new("S2", 30.0, 150.0),
        ],
        vec![
            Stream::new("K1", 50.0, 20.0),
            Stream::new("K2", 100.0, 100.0),
        ],
        vec![FreshSupply::new("FW", 0.0)],
    );
    assert_targets(&p, 80.0, 0.0, &[], true);
}

#[test]
fn polley_with_impure_freshwater_at_10_ppm() {
    // The cascade loads without fresh water (t/h x mg/L) are 0 at 20, -1500 at 50,
    // -6500 at 100, -10500 at 150, -11000 at 200, -15000 at 250. Fresh water at
    // 10 mg/L lifts the load at c by F (c - 10), so F = max(1500/40, 6500/90,
    // 10500/140, 11000/190, 15000/240) = 10500/140 = 75 t/h, still pinched at 150;
    // wastewater 280 + 75 - 300 = 55 t/h.
    let mut p = polley();
    p.fresh = vec![FreshSupply::new("FW", 10.0)];
    assert_targets(&p, 75.0, 55.0, &[150.0], false);
}

#[test]
fn two_fresh_supplies() {
    // FW1 at 0 mg/L capped at 40 t/h, FW2 at 20 mg/L unlimited.
    let mut p = polley();
    p.fresh = vec![
        FreshSupply::new("FW1", 0.0).with_max_flow(40.0),
        FreshSupply::new("FW2", 20.0),
    ];
    // MinTotal: FW1 at its cap lifts the loads by 40c: -500 at 50, -2500 at 100,
    // -4500 at 150, -3000 at 200, -5000 at 250; FW2 lifts them by F2 (c - 20):
    // F2 = max(2500/80, 4500/130, 3000/180, 5000/230) = 4500/130 = 34.615 t/h.
    let f2 = 4500.0 / 130.0;
    // Wastewater 280 + 40 + F2 - 300 = 20 + F2; the pinch stays at 150 mg/L.
    assert_targets(&p, 40.0 + f2, 20.0 + f2, &[150.0], false);
    let t = target(&p).unwrap();
    assert_eq!(t.fresh_by_supply[0], ("FW1".to_string(), 40.0));
    assert!(close(t.fresh_by_supply[1].1, f2));

    // SpareThePurest: FW2 can serve everything (no demand is cleaner than 20 mg/L),
    // so FW1 gives nothing and FW2 alone needs max(1500/30, 6500/80, 10500/130,
    // 11000/180, 15000/230) = 81.25 t/h, pinched at 100 mg/L.
    let t = target_with(&p, FreshPriority::SpareThePurest).unwrap();
    assert_eq!(t.fresh_by_supply[0].1, 0.0);
    assert!(close(t.fresh_by_supply[1].1, 81.25));
    assert!(close(t.wastewater, 61.25));
    assert_eq!(t.pinches, vec![100.0]);
    assert!(cascade_feasible(&t.cascade, 1e-9));
    let lp = common::lp_spare_the_purest(&p).unwrap();
    assert!(
        (lp[0] - 0.0).abs() < 1e-6 && (lp[1] - 81.25).abs() < 1e-6,
        "{lp:?}"
    );

    // Uncapped, the pure supply alone is used: 70 t/h, FW2 none.
    p.fresh[0].max_flow = None;
    let t = target(&p).unwrap();
    assert_eq!(t.fresh_by_supply[0].1, 70.0);
    assert_eq!(t.fresh_by_supply[1].1, 0.0);
}

#[test]
fn two_pinches() {
    // Sinks 50 t/h at 10 and 100 t/h at 100 mg/L; sources 60 t/h at 50 and 80 t/h
    // at 150 mg/L. With 40 t/h of pure water the cumulative loads are 400 at 10,
    // 0 at 50, 2500 at 100 and 0 at 150 (t/h x mg/L): two pinches.
    let p = TargetProblem::new(
        vec![
            Stream::new("S1", 60.0, 50.0),
            Stream::new("S2", 80.0, 150.0),
        ],
        vec![
            Stream::new("K1", 50.0, 10.0),
            Stream::new("K2", 100.0, 100.0),
        ],
        vec![FreshSupply::new("FW", 0.0)],
    );
    assert_targets(&p, 40.0, 30.0, &[50.0, 150.0], false);
}

#[test]
fn regeneration_polley_to_10_ppm() {
    // Hand calculation in src/regeneration.rs: 20 t/h fresh (the water loss),
    // 7500/140 = 53.571 t/h regenerated, all from SR4.
    let r = target_regeneration(&polley(), 10.0, RegenMode::Recycling).unwrap();
    assert!(close(r.freshwater, 20.0));
    assert!(close(r.regenerated_flow, 7500.0 / 140.0));
    let (f, g) = lp_targets(&polley(), Some(10.0)).unwrap();
    assert!(
        (f - 20.0).abs() < 1e-6 && (g - 7500.0 / 140.0).abs() < 1e-6,
        "LP {f} {g}"
    );
}

#[test]
fn regeneration_wang_smith_limiting_flows_to_5_ppm() {
    // Fresh water is needed only for SK1 (0 mg/L): 20 t/h. Then, with the 800 mg/L
    // sources (50 t/h) regenerated first and part of the 100 mg/L ones after, the
    // load at 100 mg/L is 95 R - 140 x 50, so R = 7000/95 = 73.684 t/h. The cascade
    // has no load left at 5 mg/L (the fresh water exactly feeds SK1) and at 100.
    // (Published fixed-load figures for this example are not comparable: limiting
    // flows are a fixed-flowrate reading of fixed-load operations.)
    let r = target_regeneration(&wang_smith(), 5.0, RegenMode::Reuse).unwrap();
    assert!(close(r.freshwater, 20.0));
    assert!(close(r.wastewater, 20.0));
    assert!(close(r.regenerated_flow, 7000.0 / 95.0));
    assert_eq!(r.pinches, vec![5.0, 100.0]);
    let feed: f64 = r
        .regenerator_feed
        .iter()
        .filter(|(id, _)| id == "SR3" || id == "SR4")
        .map(|(_, f)| f)
        .sum();
    assert!(close(feed, 50.0));
    let (f, g) = lp_targets(&wang_smith(), Some(5.0)).unwrap();
    assert!(
        (f - 20.0).abs() < 1e-6 && (g - 7000.0 / 95.0).abs() < 1e-6,
        "LP {f} {g}"
    );
}

#[test]
fn each_error() {
    let mut p = polley();
    p.fresh.clear();
    assert_eq!(target(&p).unwrap_err(), PinchError::NoFreshSupply);

    let mut p = polley();
    p.sources[1].flow = -3.0;
    assert_eq!(
        target(&p).unwrap_err(),
        PinchError::Negative {
            path: "sources[SR2].flow".into(),
            value: -3.0
        }
    );

    let mut p = polley();
    p.sinks[0].conc = f64::INFINITY;
    assert_eq!(target(&p).unwrap_err().code(), "non_finite");

    let mut p = polley();
    p.sources[0].conc = 2e6;
    assert_eq!(target(&p).unwrap_err().code(), "conc_too_high");

    let mut p = polley();
    p.fresh.push(FreshSupply::new("FW", 5.0));
    assert_eq!(target(&p).unwrap_err().code(), "duplicate_id");

    let mut p = polley();
    p.fresh[0].conc = 30.0; // SK1 accepts 20 mg/L at most
    assert_eq!(
        target(&p).unwrap_err(),
        PinchError::TooCleanDemand { conc: 30.0 }
    );

    let mut p = polley();
    p.fresh[0].max_flow = Some(50.0);
    assert_eq!(
        target(&p).unwrap_err(),
        PinchError::FreshCapExceeded {
            supply: "FW".into(),
            needed: 70.0,
            cap: 50.0
        }
    );

    assert_eq!(
        cascade_table(&polley(), &[1.0, 2.0]).unwrap_err().code(),
        "fresh_flow_count"
    );
    assert_eq!(
        target_regeneration(&polley(), f64::NAN, RegenMode::Reuse)
            .unwrap_err()
            .code(),
        "invalid_regen_conc"
    );
}
