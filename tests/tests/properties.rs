//! Invariants of the engine on random small parks (proptest): every optimal
//! solution verifies; relaxing a sink's limit never raises minimum
//! freshwater; adding an intake never raises cost; scaling every flow by k
//! scales the optimum by k; the order of entities in the file changes nothing.

mod common;

use parkwater_core::scenario::schema::{Discharge, Intake, ObjectiveSpec, OneOrMany, Treatment};
use parkwater_core::{Scenario, SolveOptions, Status};
use proptest::prelude::*;

/// A random park: 1-2 pure intakes, sources, sinks, maybe a regenerator.
fn park() -> impl Strategy<Value = Scenario> {
    let nc = 1..=2usize;
    nc.prop_flat_map(|nc| {
        let stream = move || (1.0..100.0f64, prop::collection::vec(0.0..500.0f64, nc));
        (
            Just(nc),
            prop::collection::vec(stream(), 1..6),
            prop::collection::vec(stream(), 1..6),
            prop::option::of((prop::collection::vec(0.0..20.0f64, nc), 0.5..1.0f64)),
            1.0..5.0f64,
        )
    })
    .prop_map(|(nc, sources, sinks, regen, price)| {
        let mut s = Scenario {
            contaminants: (0..nc).map(|k| format!("C{k}")).collect(),
            ..Default::default()
        };
        s.intakes.push(Intake {
            id: "FW".into(),
            kind: "surface".into(),
            conc: common::conc(&vec![0.0; nc]),
            price: Some(price),
            ..Default::default()
        });
        (s.sources, s.sinks) = common::streams(&sources, &sinks);
        s.discharges.push(Discharge {
            id: "WW".into(),
            fee: Some(0.5),
            ..Default::default()
        });
        if let Some((out, recovery)) = regen {
            s.treatments.push(Treatment {
                id: "RG".into(),
                outlet_conc: common::conc(&out),
                recovery: Some(recovery),
                opex: Some(0.3),
                reject_to: (recovery < 1.0).then(|| "WW".to_string()),
                ..Default::default()
            });
        }
        s.objective = Some(ObjectiveSpec {
            minimize: OneOrMany::Many(vec!["freshwater".into(), "cost".into()]),
            tolerance: None,
        });
        s
    })
}

fn solve(s: &Scenario) -> parkwater_core::Report {
    let model = s.validate().expect("generated parks are valid");
    parkwater_core::solve(&model, &SolveOptions::default()).expect("solver runs")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn optimal_solutions_verify(s in park()) {
        let r = solve(&s);
        // Pure freshwater can always meet every sink, so the park is feasible.
        prop_assert_eq!(r.status, Status::Optimal);
        prop_assert!(r.verification.max_violation <= 1e-7, "{:?}", r.verification);
    }

    #[test]
    fn relaxing_a_limit_never_raises_freshwater(s in park(), which in 0usize..6, factor in 1.0..3.0f64) {
        let base = solve(&s).kpis.freshwater;
        let mut relaxed = s.clone();
        let k = which % relaxed.sinks.len();
        for v in relaxed.sinks[k].max_conc.values_mut() {
            *v *= factor;
        }
        let after = solve(&relaxed).kpis.freshwater;
        prop_assert!(after <= base + 1e-6 * base.max(1.0), "{} -> {}", base, after);
    }

    #[test]
    fn adding_an_intake_never_raises_cost(s in park(), price in 0.1..10.0f64, c in 0.0..50.0f64) {
        let mut cost_only = s.clone();
        cost_only.objective = Some(ObjectiveSpec { minimize: OneOrMany::One("cost".into()), tolerance: None });
        let base = solve(&cost_only).objective["cost"];
        let mut more = cost_only.clone();
        let nc = more.contaminants.len();
        more.intakes.push(Intake {
            id: "FW2".into(),
            kind: "reclaimed".into(),
            conc: common::conc(&vec![c; nc]),
            price: Some(price),
            ..Default::default()
        });
        let after = solve(&more).objective["cost"];
        prop_assert!(after <= base + 1e-6 * base.max(1.0), "{} -> {}", base, after);
    }

    #[test]
    fn scaling_flows_scales_the_optimum(s in park(), k in 0.1..10.0f64) {
        let base = solve(&s);
        let mut scaled = s.clone();
        for x in &mut scaled.sources { x.flow *= k; }
        for x in &mut scaled.sinks { x.flow = x.flow.map(|f| f * k); }
        let r = solve(&scaled);
        prop_assert!(close(r.kpis.freshwater, k * base.kpis.freshwater), "{} vs {}", r.kpis.freshwater, k * base.kpis.freshwater);
        prop_assert!(close(r.kpis.cost_per_year, k * base.kpis.cost_per_year));
    }

    #[test]
    fn entity_order_changes_nothing(s in park()) {
        let base = solve(&s);
        let mut shuffled = s.clone();
        shuffled.sources.reverse();
        shuffled.sinks.reverse();
        let r = solve(&shuffled);
        for (name, z) in &base.objective {
            prop_assert!(close(r.objective[name], *z), "{}: {} vs {}", name, r.objective[name], z);
        }
    }
}
