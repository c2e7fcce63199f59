//! Forbid rules at any scale: the compiled rules (exact pairs, prefixes,
//! wildcards anywhere, `*` sides) give exactly the network of the
//! definition (every arc tested against every rule with a plain glob
//! matcher written here), with tens of thousands of rules; pricing stays
//! exact and certified with them. Speed is measured by
//! `cargo run --release -p parkwater-core --example forbid`, not here.

use parkwater_core::network::ArcRules;
use parkwater_core::scenario::schema::Forbid;
use parkwater_core::solve::{Pricing, Status};
use parkwater_core::synth::{Family, SyntheticPark};
use parkwater_core::{Model, Network, Scenario, SolveOptions};
use parkwater_tests::rel;
use proptest::prelude::*;

/// `*` any run, `?` any one character, everything else literally.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|i| glob(rest, &text[i..])),
        Some((&c, rest)) => match text.split_first() {
            Some((&t, more)) if c == b'?' || c == t => glob(rest, more),
            _ => false,
        },
    }
}

/// The definition: physics from the model, then the first rule matching both ends.
fn naive_rule(model: &Model, u: u32, v: u32) -> Option<usize> {
    let (from, to) = (
        model.supply_name(parkwater_core::model::SupplyId(u)),
        model.demand_name(parkwater_core::model::DemandId(v)),
    );
    model.forbid_rules().iter().position(|r| {
        glob(r.from.as_bytes(), from.as_bytes()) && glob(r.to.as_bytes(), to.as_bytes())
    })
}

/// Checks the built network and `forbidding_rule` against the definition.
fn assert_like_naive(model: &Model) {
    let free = model.without_forbid_rules();
    let physical = Network::build(&free);
    let net = Network::build(model);
    let rules = ArcRules::new(model);
    let mut expected = Network::default();
    for a in 0..physical.len() {
        let (u, v) = physical.arc(a);
        let want = naive_rule(model, u.0, v.0);
        assert_eq!(
            rules.forbidding_rule(u, v),
            want,
            "{} -> {}",
            model.supply_name(u),
            model.demand_name(v)
        );
        if want.is_none() {
            expected.from.push(u);
            expected.to.push(v);
        }
    }
    assert_eq!(net, expected);
}

fn park(sources: usize, sinks: usize, seed: u64) -> Scenario {
    SyntheticPark::size(sources, sinks, 2)
        .with_family(Family::HeavyReuse)
        .with_seed(seed)
        .scenario()
}

/// Node ids of the two sides of a scenario.
fn ids(s: &Scenario) -> (Vec<String>, Vec<String>) {
    let supplies = (s.intakes.iter().map(|x| x.id.clone()))
        .chain(s.sources.iter().map(|x| x.id.clone()))
        .chain(s.treatments.iter().map(|x| x.id.clone()))
        .collect();
    let demands = (s.sinks.iter().map(|x| x.id.clone()))
        .chain(s.treatments.iter().map(|x| x.id.clone()))
        .chain(s.discharges.iter().map(|x| x.id.clone()))
        .collect();
    (supplies, demands)
}

/// A pattern for `id` of shape `shape`: exact, prefix*, ?-masked, *suffix,
/// *inner*, or `*`.
fn pattern(id: &str, shape: u8, cut: usize) -> String {
    let cut = cut % (id.len() + 1);
    match shape % 6 {
        0 => id.to_string(),
        1 => format!("{}*", &id[..cut]),
        2 => {
            let mut b = id.as_bytes().to_vec();
            let n = b.len();
            if n > 0 {
                b[cut % n] = b'?';
            }
            String::from_utf8(b).unwrap()
        }
        3 => format!("*{}", &id[cut..]),
        4 => format!("*{}*", &id[cut / 2..cut.max(cut / 2)]),
        _ => "*".to_string(),
    }
}

fn rule(from: String, to: String) -> Forbid {
    Forbid {
        from,
        to,
        reason: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn compiled_rules_build_the_naive_network(
        seed in 0u64..1000,
        picks in prop::collection::vec((any::<usize>(), any::<usize>(), 0u8..6, 0u8..6, any::<usize>()), 0..60),
    ) {
        let mut s = park(9, 8, seed);
        let (supplies, demands) = ids(&s);
        for (i, j, fs, ts, cut) in picks {
            // Mostly exact pairs, as a park's refusals are; `*` sides rarely.
            let (fs, ts) = if fs == 5 && ts == 5 { (0, 0) } else { (fs, ts) };
            s.forbid.push(rule(
                pattern(&supplies[i % supplies.len()], fs, cut),
                pattern(&demands[j % demands.len()], ts, cut / 7),
            ));
        }
        let model = s.validate().unwrap();
        assert_like_naive(&model);
    }
}

#[test]
fn tens_of_thousands_of_rules_build_the_naive_network() {
    let mut s = park(40, 36, 7);
    let (supplies, demands) = ids(&s);
    // 30 000 rules (repeats included: a rule listed twice changes nothing):
    // exact pairs on a quarter of the pairs, and patterns of every shape on
    // one side against one node on the other, on a third of the nodes, so
    // the park stays open.
    let mut n = 0usize;
    while s.forbid.len() < 30_000 {
        let (i, j) = (n * 7 % supplies.len(), n * 13 % demands.len());
        let shape = (n / 2 % 5) as u8;
        let r = match n % 3 {
            0 if (3 * i + j) % 4 == 0 => rule(supplies[i].clone(), demands[j].clone()),
            1 if j % 3 == 0 => rule(pattern(&supplies[i], shape, n), demands[j].clone()),
            2 if i % 3 == 0 => rule(supplies[i].clone(), pattern(&demands[j], shape, n)),
            _ => {
                n += 1;
                continue;
            }
        };
        s.forbid.push(r);
        n += 1;
    }
    let model = s.validate().unwrap();
    let net = Network::build(&model);
    assert!(net.len() > 100, "the rules leave {} arcs", net.len());
    assert_like_naive(&model);
}

#[test]
fn pricing_is_exact_and_certified_with_forbid_rules() {
    for family in [Family::SparseReuse, Family::HeavyReuse] {
        let mut s = SyntheticPark::size(60, 60, 3)
            .with_family(family)
            .with_seed(5)
            .scenario();
        // Each sink of every tenth enterprise refuses two others' effluents.
        for (k, sink) in s.sinks.iter().enumerate().filter(|(k, _)| k % 10 == 3) {
            for other in [k + 1, k + 7] {
                let from = &s.sources[other % s.sources.len()].id;
                s.forbid.push(rule(from.clone(), sink.id.clone()));
            }
        }
        s.forbid.push(rule("SR1*".into(), "SK2*".into()));
        s.forbid.push(rule("*".into(), "RIVER".into()));
        let model = s.validate().unwrap();
        let full =
            parkwater_core::solve(&model, &SolveOptions::default().with_pricing(Pricing::Off))
                .unwrap();
        let priced =
            parkwater_core::solve(&model, &SolveOptions::default().with_pricing(Pricing::On))
                .unwrap();
        assert_eq!(full.status, Status::Optimal);
        assert_eq!(priced.status, Status::Optimal);
        assert!(priced.verification.passed(), "{:?}", priced.verification);
        for (name, z) in &full.objective {
            assert!(rel(priced.objective[name], *z) <= 1e-7, "{family}: {name}");
        }
        let stats = priced.solver.stats.pricing.as_ref().unwrap();
        assert!(stats.certificate >= -1e-7, "{}", stats.certificate);
        // The rules cost something here: the open park does better.
        let open = model.without_forbid_rules();
        let free = parkwater_core::solve(&open, &SolveOptions::default()).unwrap();
        assert!(free.objective["cost"] <= full.objective["cost"] + 1e-6);
        assert!(
            Network::build(&model).len() < Network::build(&open).len(),
            "{family}"
        );
    }
}
