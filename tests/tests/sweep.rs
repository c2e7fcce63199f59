//! Sweeps reuse work: variants of one park solved as a sweep start from the
//! previous variant's columns, need fewer pricing rounds in all, and give
//! exactly the answers of solving each alone.

use parkwater_core::synth::{Family, SyntheticPark};
use parkwater_core::{Model, Pricing, SolveOptions};

fn variants() -> Vec<Model> {
    let base = SyntheticPark::size(120, 120, 3)
        .with_family(Family::HeavyReuse)
        .scenario();
    (0..6)
        .map(|i| {
            let mut s = base.clone();
            for intake in &mut s.intakes {
                intake.price = intake.price.map(|p| p * (1.0 + 0.1 * i as f64));
            }
            s.validate().unwrap()
        })
        .collect()
}

fn rounds(r: &parkwater_core::Report) -> usize {
    r.solver.stats.pricing.as_ref().expect("priced").rounds
}

#[test]
fn a_sweep_reuses_columns_and_keeps_every_optimum() {
    let models = variants();
    let options = SolveOptions::default().with_pricing(Pricing::On);
    let alone: Vec<_> = models
        .iter()
        .map(|m| parkwater_core::solve(m, &options).unwrap())
        .collect();
    let sweep: Vec<_> = parkwater_core::solve_sweep(&models, &options)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let many: Vec<_> = parkwater_core::solve_many(&models, &options)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    for ((a, s), m) in alone.iter().zip(&sweep).zip(&many) {
        let (za, zs, zm) = (
            a.objective["cost"],
            s.objective["cost"],
            m.objective["cost"],
        );
        assert!((za - zs).abs() <= 1e-7 * za.abs(), "{za} vs sweep {zs}");
        assert!((za - zm).abs() <= 1e-7 * za.abs(), "{za} vs many {zm}");
        assert!(s.verification.passed());
    }
    let cold: usize = alone.iter().map(rounds).sum();
    let warm: usize = sweep.iter().map(rounds).sum();
    eprintln!("pricing rounds over 6 variants: {cold} alone, {warm} as a sweep");
    assert!(
        warm < cold,
        "a sweep should need fewer rounds: {warm} vs {cold}"
    );
}
