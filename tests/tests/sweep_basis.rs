//! Sweeps reuse the basis: each priced variant of one park starts its first
//! master from the previous variant's optimal basis (keyed by arc and row,
//! not by position) on top of its columns, and still gives exactly the
//! optimum of its own full LP. A variant whose rows differ falls back to a
//! cold first master.

use parkwater_core::model::Objective;
use parkwater_core::scenario::schema::Policy;
use parkwater_core::scenario::Scenario;
use parkwater_core::synth::{Family, Knob, SyntheticPark};
use parkwater_core::{Model, Pricing, Report, SolveOptions, Status, Sweep};
use parkwater_tests::rel;

fn base(size: usize) -> Scenario {
    SyntheticPark::size(size, size, 3)
        .with_family(Family::HeavyReuse)
        .scenario()
}

fn variant(base: &Scenario, knob: Knob, i: usize) -> Scenario {
    knob.variant(base, i)
}

fn priced() -> SolveOptions {
    SolveOptions::default().with_pricing(Pricing::On)
}

fn sweep(models: &[Model], mut sweep: Sweep) -> Vec<Report> {
    models
        .iter()
        .map(|m| sweep.solve(m, &priced()).unwrap())
        .collect()
}

fn reused(r: &Report) -> bool {
    r.solver
        .stats
        .pricing
        .as_ref()
        .expect("priced")
        .basis_reused
}

/// Each report is optimal, certified, verified, and has the optimum of its
/// model's full LP (every objective, 1e-7 relative).
fn assert_full_optima(models: &[Model], reports: &[Report]) {
    let full = SolveOptions::default().with_pricing(Pricing::Off);
    for (i, (m, r)) in models.iter().zip(reports).enumerate() {
        let alone = parkwater_core::solve(m, &full).unwrap();
        assert_eq!(alone.status, Status::Optimal, "variant {i}");
        assert_eq!(r.status, Status::Optimal, "variant {i}");
        assert_eq!(r.solver.method, "pricing");
        for (name, z) in &alone.objective {
            let zs = r.objective[name];
            assert!(
                rel(zs, *z) <= 1e-7,
                "variant {i}: {name} full {z} sweep {zs}"
            );
        }
        let stats = r.solver.stats.pricing.as_ref().unwrap();
        assert!(stats.certificate >= -1e-7, "variant {i}: {stats:?}");
        assert!(r.verification.passed(), "variant {i}");
    }
}

fn assert_knob(knob: Knob) {
    let base = base(120);
    let models: Vec<Model> = (0..5)
        .map(|i| variant(&base, knob, i).validate().unwrap())
        .collect();
    let reports = sweep(&models, Sweep::default());
    assert_full_optima(&models, &reports);
    let flags: Vec<bool> = reports.iter().map(reused).collect();
    assert_eq!(flags, [false, true, true, true, true], "{knob:?}");
}

#[test]
fn price_variants_reuse_the_basis_and_keep_every_optimum() {
    assert_knob(Knob::Price);
}

#[test]
fn limit_variants_reuse_the_basis_and_keep_every_optimum() {
    assert_knob(Knob::Limit);
}

#[test]
fn capacity_variants_reuse_the_basis_and_keep_every_optimum() {
    assert_knob(Knob::Capacity);
}

/// A (binding) park cap on intake adds a policy row: that variant (and the next one,
/// back without the row) cannot use the stored basis and is solved cold,
/// with the same optima.
#[test]
fn a_variant_with_other_rows_falls_back_to_a_cold_first_master() {
    let base = base(120);
    let plain = |i| variant(&base, Knob::Price, i).validate().unwrap();
    let first = parkwater_core::solve(&plain(1), &priced()).unwrap();
    let mut capped = variant(&base, Knob::Price, 2);
    capped.policy = Some(Policy {
        max_intake: Some(0.995 * first.kpis.freshwater),
        ..Policy::default()
    });
    let models = vec![
        plain(0),
        plain(1),
        capped.validate().unwrap(),
        plain(3),
        plain(4),
    ];
    let reports = sweep(&models, Sweep::default());
    assert_full_optima(&models, &reports);
    let flags: Vec<bool> = reports.iter().map(reused).collect();
    assert_eq!(flags, [false, true, false, false, true]);
}

/// The same park solved twice: from the stored basis the second solve
/// needs strictly fewer simplex iterations than from its columns alone
/// (runs are deterministic with one HiGHS thread).
#[test]
fn the_basis_is_really_reused() {
    let m = base(120).validate().unwrap();
    let models = [m.clone(), m];
    let iterations = |r: &Report| r.solver.stats.simplex_iterations;
    let columns = sweep(&models, Sweep::default().with_basis_reuse(false));
    let basis = sweep(&models, Sweep::default());
    assert!(!reused(&columns[1]));
    assert!(reused(&basis[1]));
    let (cold, warm) = (iterations(&columns[1]), iterations(&basis[1]));
    eprintln!(
        "second solve of the same park: {cold} iterations from columns, {warm} from the basis"
    );
    assert!(warm < cold, "{warm} vs {cold}");
    let z = |r: &Report| r.objective["cost"];
    assert!(rel(z(&basis[1]), z(&columns[1])) <= 1e-9);
}

/// Lexicographic objectives: the stored basis is the first objective's
/// optimum (before any bound row), which fits the next variant's first
/// master.
#[test]
fn lexicographic_sweeps_reuse_the_first_objectives_basis() {
    let base = base(60);
    let models: Vec<Model> = (0..4)
        .map(|i| {
            let mut m = variant(&base, Knob::Price, i).validate().unwrap();
            m.objectives = vec![Objective::Cost, Objective::Freshwater];
            m
        })
        .collect();
    let reports = sweep(&models, Sweep::default());
    assert_full_optima(&models, &reports);
    let flags: Vec<bool> = reports.iter().map(reused).collect();
    assert_eq!(flags, [false, true, true, true]);
}
