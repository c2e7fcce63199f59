//! Network design (MILP): hand-solved small parks, each failing when its
//! rule is dropped; validation of the design tables; infeasible designs
//! explained in design terms.
//!
//! The parks share one layout: enterprises A and B own effluents, C (and D)
//! demands; fresh water costs 4 CNY/t, the outfall 1 CNY/t, 8000 h/yr;
//! capital is recovered over 10 years at r = 0 (annual = capex / 10).

use parkwater_core::report::Report;
use parkwater_core::{Model, Scenario, SolveOptions, Status};
use parkwater_tests::design_park as park;

fn model(text: &str) -> Model {
    Scenario::from_toml(text).unwrap().validate().unwrap()
}

fn solve(text: &str) -> Report {
    let r = parkwater_core::solve(&model(text), &SolveOptions::default()).unwrap();
    assert!(r.verification.passed(), "{:?}", r.verification);
    r
}

const DESIGN: &str = "[design]\ndiscount_rate = 0.0\nlifetime_years = 10\n";

/// Two effluents at 30 mg/L, one demand of 40 t/h at <= 20: at most
/// 26.67 t/h of effluent, so the LP takes 20 from one and 6.67 from the other.
fn blend(extra: &str) -> String {
    park(
        &[("A.S", "A", 20.0, 30.0), ("B.S", "B", 20.0, 30.0)],
        &[("C.D", "C", 40.0, 20.0)],
        extra,
    )
}

fn pipes_into(r: &Report, sink: &str) -> Vec<(String, f64)> {
    let d = r.design.as_ref().unwrap();
    d.pipes
        .iter()
        .filter(|p| p.to == sink && !p.existing)
        .map(|p| (p.from.clone(), p.flow))
        .collect()
}

fn reuse_flows(r: &Report, sink: &str) -> usize {
    r.flows
        .iter()
        .filter(|f| f.to == sink && f.from != "FW")
        .count()
}

#[test]
fn a_fixed_pipe_cost_builds_fewer_pipes_than_the_lp_uses() {
    let lp = solve(&blend(""));
    assert_eq!(reuse_flows(&lp, "C.D"), 2, "{:?}", lp.flows);
    // 4 M CNY a pipe (0.4 M/yr): the 20 t/h pipe saves 20 x 5 x 8000 = 0.8 M/yr,
    // the 6.67 t/h one only 0.27 M/yr.
    let r = solve(&blend(&format!("{DESIGN}pipe_capex_fixed = 4.0e6\n")));
    assert_eq!(r.status, Status::Optimal);
    let pipes = pipes_into(&r, "C.D");
    assert_eq!(pipes.len(), 1, "{pipes:?}");
    assert!((pipes[0].1 - 20.0).abs() < 1e-6);
    // Fresh 20 t/h x 4 + discharge 20 t/h x 1, x 8000 h, + 0.4 M capital.
    let cost = r.objective["cost"];
    assert!(
        (cost - (20.0 * 4.0 + 20.0) * 8000.0 - 4.0e5).abs() < 1e-3,
        "{cost}"
    );
    assert_eq!(r.kpis.design.as_ref().unwrap().pipes_built, 1);
    // Free pipes: the design takes both, as the LP does.
    let free = solve(&blend(DESIGN));
    assert_eq!(pipes_into(&free, "C.D").len(), 2);
}

#[test]
fn minimum_flow_consolidates() {
    let r = solve(&blend(&format!("{DESIGN}min_pipe_flow = 15\n")));
    let pipes = pipes_into(&r, "C.D");
    assert_eq!(pipes.len(), 1, "{pipes:?}");
    assert!(r
        .design
        .unwrap()
        .pipes
        .iter()
        .all(|p| p.flow >= 15.0 - 1e-6));
}

#[test]
fn a_pipe_count_limit_binds() {
    let r = solve(&blend(&format!("{DESIGN}max_pipes_in = 1\n")));
    assert_eq!(pipes_into(&r, "C.D").len(), 1);
    let two = solve(&blend(&format!("{DESIGN}max_pipes_in = 2\n")));
    assert_eq!(pipes_into(&two, "C.D").len(), 2);
}

#[test]
fn a_dedicated_enterprise_sends_each_source_to_one_place() {
    // 40 t/h at 30 mg/L: 26.67 t/h could be reused, the rest discharged;
    // dedicated, the source goes whole to one place: the outfall.
    let text = |dedicated: &str| {
        park(
            &[("A.S", "A", 40.0, 30.0)],
            &[("C.D", "C", 40.0, 20.0)],
            DESIGN,
        )
        .replace("id = \"A\"\n", &format!("id = \"A\"\n{dedicated}"))
    };
    let split = solve(&text(""));
    assert_eq!(split.flows.iter().filter(|f| f.from == "A.S").count(), 2);
    let r = solve(&text("dedicated = true\n"));
    let out: Vec<_> = r.flows.iter().filter(|f| f.from == "A.S").collect();
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0].to, "WW");
}

#[test]
fn max_capex_binds() {
    let text = |budget: &str| {
        park(
            &[("A.S", "A", 20.0, 10.0), ("B.S", "B", 20.0, 10.0)],
            &[("C.D", "C", 20.0, 20.0), ("D.D", "D", 20.0, 20.0)],
            &format!("{DESIGN}pipe_capex_fixed = 1.0e6\n{budget}"),
        )
    };
    let free = solve(&text(""));
    assert_eq!(free.kpis.design.as_ref().unwrap().pipes_built, 2);
    let r = solve(&text("max_capex = 1.5e6\n"));
    let d = r.kpis.design.as_ref().unwrap();
    assert_eq!(d.pipes_built, 1);
    assert!(d.capex <= 1.5e6);
}

/// One enterprise: an effluent of 40 t/h at 100 mg/L and a demand of 40 t/h
/// at <= 20. Without treatment 8 t/h is reused (1.28 M CNY/yr); with an RO
/// at 10 mg/L and 0.5 CNY/t, 320/9 t/h is treated and 40/9 t/h of raw
/// effluent blends in (100 x + 10 (40 - x) <= 800): opex 0.142 M/yr, a
/// saving of 1.138 M/yr.
fn retrofit(capex: f64) -> String {
    park(
        &[("C.S", "C", 40.0, 100.0)],
        &[("C.D", "C", 40.0, 20.0)],
        &format!(
            "{DESIGN}[[treatment]]\nid = \"RO\"\nenterprise = \"C\"\noutlet_conc = {{ COD = 10 }}\n\
             opex = 0.5\nmax_flow = 50\ncandidate = true\ncapex = {capex}\n"
        ),
    )
}

#[test]
fn a_candidate_ro_is_built_exactly_when_its_annual_capital_is_below_its_saving() {
    let built = solve(&retrofit(10.0e6));
    let unit = &built.design.as_ref().unwrap().units[0];
    assert!(unit.built);
    let opex = 0.5 * 320.0 / 9.0 * 8000.0;
    assert!(
        (built.objective["cost"] - (opex + 1.0e6)).abs() < 1e-3,
        "{}",
        built.objective["cost"]
    );
    let not = solve(&retrofit(12.0e6));
    assert!(!not.design.as_ref().unwrap().units[0].built);
    assert!(
        (not.objective["cost"] - 1.28e6).abs() < 1e-3,
        "{}",
        not.objective["cost"]
    );
    assert_eq!(not.kpis.treated, 0.0);
}

#[test]
fn corridor_lengths_match_a_hand_computed_path() {
    // A at (0, 0.5) joins J1 (0, 0) after 0.5 km; C at (3, 4.2) joins J3
    // (3, 4) after 0.2 km; J1-J2-J3 is 3 + 4 km: 7.7 km (the straight line is 5.0).
    let text = park(
        &[("A.S", "A", 20.0, 10.0)],
        &[("C.D", "C", 20.0, 20.0)],
        &format!(
            "{DESIGN}[[junction]]\nid = \"J1\"\nlocation = [0.0, 0.0]\n\
             [[junction]]\nid = \"J2\"\nlocation = [3.0, 0.0]\n\
             [[junction]]\nid = \"J3\"\nlocation = [3.0, 4.0]\n\
             [[corridor]]\nfrom = \"J1\"\nto = \"J2\"\n[[corridor]]\nfrom = \"J2\"\nto = \"J3\"\n"
        ),
    )
    .replace("location = [0, 0]", "location = [0.0, 0.5]")
    .replace("location = [0, 1]", "location = [3.0, 4.2]");
    let r = solve(&text);
    let pipe = &r.design.as_ref().unwrap().pipes[0];
    assert!((pipe.length_km - 7.7).abs() < 1e-9, "{pipe:?}");
}

#[test]
fn existing_pipes_cost_nothing_and_forbidden_ones_are_not_candidates() {
    let text = blend(&format!(
        "{DESIGN}pipe_capex_fixed = 4.0e6\n[[pipe]]\nfrom = \"B.S\"\nto = \"C.D\"\nexisting = true\n\
         [[pipe]]\nfrom = \"A.S\"\nto = \"C.D\"\nbuild = false\n"
    ));
    let r = solve(&text);
    let d = r.design.as_ref().unwrap();
    assert_eq!(d.candidates.dropped_forbidden, 1);
    assert_eq!(d.candidates.existing, 1);
    assert_eq!(d.capex, 0.0);
    assert!(d
        .pipes
        .iter()
        .any(|p| p.existing && p.from == "B.S" && (p.flow - 20.0).abs() < 1e-6));
}

#[test]
fn a_budget_below_the_pipe_a_demand_needs_is_infeasible_with_the_amount() {
    // C.D accepts only effluent: one pipe (1.5 M CNY) is needed, the budget is 1 M.
    let text = park(
        &[("A.S", "A", 20.0, 10.0)],
        &[("C.D", "C", 20.0, 20.0)],
        &format!("{DESIGN}pipe_capex_fixed = 1.5e6\nmax_capex = 1.0e6\n"),
    )
    .replace(
        "max_conc = { COD = 20 }\n",
        "max_conc = { COD = 20 }\naccepts = [\"source\"]\n",
    );
    let r = parkwater_core::solve(&model(&text), &SolveOptions::default()).unwrap();
    assert_eq!(r.status, Status::Infeasible);
    let d = r.design.unwrap();
    let budget = d
        .diagnosis
        .iter()
        .find(|c| c.rule == "max_capex")
        .expect("a budget conflict");
    assert!((budget.needed.unwrap() - 1.5e6).abs() < 1e-3, "{budget:?}");
}

#[test]
fn design_tables_are_validated_all_at_once() {
    let text = park(
        &[("A.S", "A", 20.0, 10.0)],
        &[("C.D", "C", 20.0, 20.0), ("X.D", "X", 5.0, 20.0)],
        "[design]\npipe_capex_fixed = -1\n\
         [[pipe]]\nfrom = \"NOPE\"\nto = \"C.D\"\nexisting = true\n\
         [[junction]]\nid = \"J1\"\nlocation = [0.0, 0.0]\n[[junction]]\nid = \"J2\"\nlocation = [1.0, 0.0]\n\
         [[junction]]\nid = \"J3\"\nlocation = [5.0, 5.0]\n\
         [[corridor]]\nfrom = \"J1\"\nto = \"J2\"\n[[corridor]]\nfrom = \"J2\"\nto = \"J9\"\n\
         [[treatment]]\nid = \"RO\"\noutlet_conc = { COD = 1 }\ncandidate = true\n",
    )
    .replace("[[sink]]\nid = \"X.D\"\nenterprise = \"X\"\n", "[[enterprise]]\nid = \"X\"\n[[sink]]\nid = \"X.D\"\nenterprise = \"X\"\n");
    let err = Scenario::from_toml(&text).unwrap().validate().unwrap_err();
    let found: Vec<(String, &str)> = err
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.code))
        .collect();
    for (path, code) in [
        ("design.pipe_capex_fixed", "number.negative"),
        ("pipe[0].from", "pipe.no_match"),
        ("corridor[1].to", "junction.unknown"),
        ("junction[J3]", "junction.unreachable"),
        ("treatment[RO].max_flow", "candidate.max_flow_required"),
        ("treatment[RO].capex", "candidate.capex_required"),
        ("sink[X.D].location", "location.required"),
    ] {
        assert!(
            found.iter().any(|(p, c)| p == path && *c == code),
            "{path} {code} not in {found:?}"
        );
    }
}

#[test]
fn design_fields_without_a_design_table_are_refused() {
    let text = park(
        &[("A.S", "A", 20.0, 10.0)],
        &[("C.D", "C", 20.0, 20.0)],
        "[[pipe]]\nfrom = \"*\"\nto = \"WW\"\nexisting = true\n",
    );
    let err = Scenario::from_toml(&text).unwrap().validate().unwrap_err();
    assert_eq!(err.codes(), vec!["design.required"]);
}

#[test]
fn the_cli_returns_the_best_design_at_the_time_limit_with_exit_3() {
    let run = parkwater_tests::parkwater(&[
        "solve",
        "scenarios/lianyungang-design.toml",
        "--time-limit",
        "0.5",
        "--format",
        "json",
    ]);
    let r = run.json();
    // Within half a second the heuristic's design stands, unproven.
    match r["status"].as_str().unwrap() {
        "time_limit" => assert_eq!(run.code, 3, "{}", run.stderr),
        "optimal" => assert_eq!(run.code, 0),
        other => panic!("{other}: {}", run.stderr),
    }
    let d = &r["design"];
    assert!(!d["pipes"].as_array().unwrap().is_empty(), "{d}");
    assert!(
        d["objective_bound"].as_f64().unwrap() <= r["objective"]["cost"].as_f64().unwrap() + 1e-6
    );
    assert!(r["verification"]["max_violation"].as_f64().unwrap() <= 1e-7);
    assert!(r["kpis"]["pipes_built"].as_u64().unwrap() > 0);
    let check = parkwater_tests::parkwater(&["check", "scenarios/lianyungang-design.toml"]);
    assert!(check.stdout.contains("candidate pipes"), "{}", check.stdout);
    assert!(
        check.stdout.contains("longer than max_pipe_km"),
        "{}",
        check.stdout
    );
}

fn solve_with(text: &str, pricing: parkwater_core::Pricing) -> Report {
    let options = SolveOptions::default().with_pricing(pricing);
    let r = parkwater_core::solve(&model(text), &options).unwrap();
    assert!(r.verification.passed(), "{:?}", r.verification);
    r
}

/// Price-and-branch forced on: the plain MILP's optimum on every
/// hand-solved park, its method named, and a bound no higher than the
/// optimum (the bound is certified for the whole park).
#[test]
fn price_and_branch_finds_the_plain_optimum_with_a_bound_below_it() {
    use parkwater_core::design::Method;
    use parkwater_core::Pricing;
    let parks = [
        blend(&format!("{DESIGN}pipe_capex_fixed = 4.0e6\n")),
        blend(&format!("{DESIGN}min_pipe_flow = 15\n")),
        blend(&format!("{DESIGN}max_pipes_in = 1\n")),
        park(
            &[("A.S", "A", 20.0, 10.0), ("B.S", "B", 20.0, 10.0)],
            &[("C.D", "C", 20.0, 20.0), ("D.D", "D", 20.0, 20.0)],
            &format!("{DESIGN}pipe_capex_fixed = 1.0e6\nmax_capex = 1.5e6\n"),
        ),
        retrofit(10.0e6),
        retrofit(12.0e6),
    ];
    for text in &parks {
        let plain = solve_with(text, Pricing::Off);
        let priced = solve_with(text, Pricing::On);
        assert_eq!(plain.status, Status::Optimal);
        assert_eq!(priced.status, Status::Optimal, "{text}");
        let (d0, d1) = (
            plain.design.as_ref().unwrap(),
            priced.design.as_ref().unwrap(),
        );
        assert_eq!(d0.method, Method::Milp);
        assert_eq!(d1.method, Method::PriceAndBranch);
        assert_eq!(d1.bound_scope, "whole_park");
        let (z0, z1) = (plain.objective["cost"], priced.objective["cost"]);
        assert!(
            (z0 - z1).abs() <= 1e-6 * z0.abs().max(1.0),
            "{z0} vs {z1}\n{text}"
        );
        let bound = d1.objective_bound.unwrap();
        assert!(
            bound <= z0 * (1.0 + 1e-9) + 1e-6,
            "bound {bound} above {z0}"
        );
        assert!(d1.pricing.is_some());
    }
}

/// On a synthetic design park the pricing generates pipes over rounds
/// (fewer than all), its relaxation bound equals the plain relaxation over
/// every candidate, and the design it finds matches the plain MILP's
/// optimum within both gaps.
#[test]
fn price_and_branch_on_a_synthetic_park_prices_the_whole_relaxation() {
    use parkwater_core::design::{self, synth::design_park, DesignOptions};
    use parkwater_core::Pricing;
    let model = design_park(60, 1).validate().unwrap();
    let run = |pricing: Pricing| {
        let options = DesignOptions {
            solve: SolveOptions::default()
                .with_pricing(pricing)
                .with_time_limit(120.0),
            ..Default::default()
        };
        design::solve_design(&model, &options).unwrap()
    };
    let plain = run(Pricing::Off);
    let priced = run(Pricing::On);
    assert_eq!(plain.status, Status::Optimal);
    assert_eq!(priced.status, Status::Optimal);
    assert!(priced.verification.passed(), "{:?}", priced.verification);
    let (d0, d1) = (plain.design.unwrap(), priced.design.unwrap());
    let p = d1.pricing.as_ref().unwrap();
    assert!(p.rounds >= 2, "pricing added pipes: {p:?}");
    assert!(p.generated_pipes < p.candidate_pipes, "{p:?}");
    let (r0, r1) = (d0.relaxation_bound.unwrap(), d1.relaxation_bound.unwrap());
    assert!(
        (r0 - r1).abs() <= 1e-6 * r0,
        "priced relaxation {r1} vs full {r0}"
    );
    let (z0, z1) = (plain.objective["cost"], priced.objective["cost"]);
    assert!((z0 - z1).abs() <= 2e-4 * z0, "{z0} vs {z1}");
    assert!(d1.objective_bound.unwrap() <= z0 * (1.0 + 1e-9));
    assert!(d0.objective_bound.unwrap() <= z1 * (1.0 + 1e-9));
}

/// Pipes the data let carry less than min_pipe_flow are not candidates: a
/// 3 t/h effluent cannot fill a 5 t/h minimum.
#[test]
fn pipes_below_the_minimum_flow_are_dropped_and_counted() {
    let text = park(
        &[("A.S", "A", 3.0, 10.0), ("B.S", "B", 20.0, 10.0)],
        &[("C.D", "C", 40.0, 20.0)],
        &format!("{DESIGN}min_pipe_flow = 5\n"),
    );
    let r = solve(&text);
    let d = r.design.as_ref().unwrap();
    assert_eq!(d.candidates.dropped_below_min_flow, 1, "{:?}", d.candidates);
    assert_eq!(d.candidates.pipes, 1);
    assert_eq!(pipes_into(&r, "C.D").len(), 1);
}

/// A park of tiny flows (1e-8 of the blend park, capital too) gives the
/// same design and 1e-8 of its cost: flows reach HiGHS scaled, as in the LP.
#[test]
fn a_park_of_tiny_flows_is_designed_like_its_full_size_twin() {
    let full = blend(&format!(
        "{DESIGN}pipe_capex_fixed = 4.0e6\nmin_pipe_flow = 5\n"
    ));
    let tiny = park(
        &[("A.S", "A", 20.0e-8, 30.0), ("B.S", "B", 20.0e-8, 30.0)],
        &[("C.D", "C", 40.0e-8, 20.0)],
        &format!("{DESIGN}pipe_capex_fixed = 4.0e-2\nmin_pipe_flow = 5e-8\n"),
    );
    let (a, b) = (solve(&full), solve(&tiny));
    assert_eq!(b.status, Status::Optimal);
    assert_eq!(pipes_into(&a, "C.D").len(), 1);
    let tiny_pipes = pipes_into(&b, "C.D");
    assert_eq!(tiny_pipes.len(), 1, "{tiny_pipes:?}");
    assert!((tiny_pipes[0].1 - 20.0e-8).abs() < 1e-14, "{tiny_pipes:?}");
    let (za, zb) = (a.objective["cost"], b.objective["cost"]);
    assert!((zb - za * 1e-8).abs() <= 1e-7 * za * 1e-8, "{za} {zb}");
}

#[test]
fn a_pipe_value_is_the_cost_of_the_design_without_that_pipe() {
    // Two effluents, a fixed pipe cost: the design builds one pipe (or two);
    // each built pipe's value must equal the cost of the park re-solved with
    // that pipe forbidden, minus the design's cost.
    let text = blend(&format!("{DESIGN}pipe_capex_fixed = 1.0e6\n"));
    let m = model(&text);
    let r = solve(&text);
    let options = parkwater_core::design::DesignOptions::default();
    let values = parkwater_core::design::pipe_values(&m, &options, &r).unwrap();
    let built: Vec<_> = r
        .design
        .as_ref()
        .unwrap()
        .pipes
        .iter()
        .filter(|p| !p.existing)
        .map(|p| (p.from.clone(), p.to.clone()))
        .collect();
    assert!(!built.is_empty(), "the design builds a pipe");
    assert_eq!(values.len(), built.len());
    for v in &values {
        assert!(built.contains(&(v.from.clone(), v.to.clone())));
        let without = solve(&format!(
            "{text}[[pipe]]\nfrom = \"{}\"\nto = \"{}\"\nbuild = false\n",
            v.from, v.to
        ));
        let expected = without.objective["cost"] - r.objective["cost"];
        let value = v.value.expect("a design exists without the pipe");
        assert!(
            (value - expected).abs() <= 1e-6 * expected.abs().max(1.0),
            "{} -> {}: value {value}, re-solve says {expected}",
            v.from,
            v.to
        );
        assert!(value > 0.0, "a built pipe is worth something");
    }
}
