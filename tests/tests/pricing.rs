//! Arc pricing is exact: it reaches the full LP's optimum on every bundled
//! scenario and on synthetic parks of both families, with a certificate,
//! and its fast reduced costs equal the column-by-column definition.

use parkwater_core::formulate::RowIndex;
use parkwater_core::model::Objective;
use parkwater_core::pricing::{ArcPrices, ObjectiveWeights, Pricer};
use parkwater_core::solve::{solve_lp, Pricing, Status};
use parkwater_core::synth::{Family, SyntheticPark};
use parkwater_core::{Model, Network, Scenario, SolveOptions};
use parkwater_tests::{rel, root};

fn both(m: &Model) -> (parkwater_core::Report, parkwater_core::Report) {
    let full =
        parkwater_core::solve(m, &SolveOptions::default().with_pricing(Pricing::Off)).unwrap();
    let priced =
        parkwater_core::solve(m, &SolveOptions::default().with_pricing(Pricing::On)).unwrap();
    (full, priced)
}

fn assert_same_optimum(m: &Model) {
    let (full, priced) = both(m);
    assert_eq!(full.status, Status::Optimal, "{}", m.name);
    assert_eq!(
        priced.status,
        Status::Optimal,
        "{}: {:?}",
        m.name,
        priced.verification
    );
    assert_eq!(priced.solver.method, "pricing");
    for (name, z) in &full.objective {
        let zp = priced.objective[name];
        assert!(
            rel(zp, *z) <= 1e-7,
            "{}: {name} full {z} priced {zp}",
            m.name
        );
    }
    let stats = priced.solver.stats.pricing.as_ref().unwrap();
    assert!(
        stats.certificate >= -1e-7,
        "{}: certificate {}",
        m.name,
        stats.certificate
    );
    assert!(priced.verification.passed());
}

#[test]
fn bundled_scenarios_price_to_the_full_optimum() {
    for name in [
        "polley-polley-2000.toml",
        "wang-smith-1994-ex1.toml",
        "lianyungang-demo.toml",
    ] {
        let m = Scenario::from_path(root().join("scenarios").join(name))
            .unwrap()
            .validate()
            .unwrap();
        assert_same_optimum(&m);
        for o in Objective::ALL {
            let mut single = m.clone();
            single.objectives = vec![o];
            assert_same_optimum(&single);
        }
    }
}

#[test]
fn synthetic_parks_price_to_the_full_optimum() {
    for family in [Family::SparseReuse, Family::HeavyReuse] {
        for seed in 1..=3 {
            let park = SyntheticPark::size(60, 60, 3)
                .with_family(family)
                .with_seed(seed);
            let m = park.scenario().validate().unwrap();
            assert_same_optimum(&m);
        }
    }
}

#[test]
fn fast_reduced_costs_equal_the_definition() {
    for name in ["lianyungang-demo.toml", "polley-polley-2000.toml"] {
        let mut m = Scenario::from_path(root().join("scenarios").join(name))
            .unwrap()
            .validate()
            .unwrap();
        m.objectives = vec![Objective::Cost];
        let network = Network::build(&m);
        let outcome = solve_lp(&m, &network, &SolveOptions::default()).unwrap();
        assert_eq!(outcome.status, Status::Optimal);
        let rows = RowIndex::new(&m);
        // Perturbed duals exercise every term, not only the optimal ones.
        let y: Vec<f64> = outcome
            .row_duals
            .iter()
            .enumerate()
            .map(|(i, d)| d + 0.01 * (i % 7) as f64 - 0.03)
            .collect();
        let reference = Pricer::new(&m, &rows, &outcome.row_keys, &y).all(&network);
        let fast = ArcPrices::new(
            &m,
            &rows,
            &y[..rows.len() as usize],
            &ObjectiveWeights::single(Objective::Cost),
        );
        for a in 0..network.len() {
            let (u, v) = network.arc(a);
            let (r, f) = (reference[a], fast.reduced_cost(u, v));
            assert!(
                (r - f).abs() <= 1e-9 * r.abs().max(1.0),
                "{name} arc {a}: {r} vs {f}"
            );
        }
    }
}
