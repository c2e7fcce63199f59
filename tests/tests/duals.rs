//! Shadow prices: signs checked against hand-solved parks, and every arc
//! re-priced with the duals has a non-negative reduced cost.

use parkwater_core::formulate::RowIndex;
use parkwater_core::model::Objective;
use parkwater_core::pricing::Pricer;
use parkwater_core::report::DualEntry;
use parkwater_core::solve::{solve_lp, Status};
use parkwater_core::{Model, Network, Scenario, SolveOptions};
use parkwater_tests::root;

fn model(text: &str) -> Model {
    Scenario::from_toml(text).unwrap().validate().unwrap()
}

fn dual(
    report: &parkwater_core::Report,
    family: &str,
    entity: &str,
    contaminant: Option<&str>,
) -> f64 {
    match (&report.duals.as_ref().unwrap()[family][entity], contaminant) {
        (DualEntry::Value(y), None) => *y,
        (DualEntry::PerContaminant(m), Some(c)) => m[c],
        (e, c) => panic!("{family}.{entity}.{c:?}: {e:?}"),
    }
}

/// Reduced costs of every allowed arc are >= -tol at the optimum.
fn assert_certificate(m: &Model) {
    let network = Network::build(m);
    let outcome = solve_lp(m, &network, &SolveOptions::default()).unwrap();
    assert_eq!(outcome.status, Status::Optimal);
    let rows = RowIndex::new(m);
    let pricer = Pricer::new(m, &rows, &outcome.row_keys, &outcome.row_duals);
    let rc = pricer.all(&network);
    let worst = rc.iter().cloned().fold(f64::INFINITY, f64::min);
    assert!(
        worst >= -1e-7,
        "{}: most negative reduced cost {worst}",
        m.name
    );
    // Arcs carrying flow are basic or degenerate: reduced cost ~ 0.
    for (a, &f) in outcome.flows.iter().enumerate() {
        if f > 1e-6 {
            assert!(
                rc[a].abs() < 1e-6,
                "arc {a} carries {f} with reduced cost {}",
                rc[a]
            );
        }
    }
}

const MIX: &str = r#"contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "tap"
conc = { COD = 0 }
price = 1
[[source]]
id = "S"
flow = 50
conc = { COD = 50 }
[[sink]]
id = "D"
flow = 80
max_conc = { COD = 20 }
[[discharge]]
id = "WW"
"#;

#[test]
fn hand_solved_mixing_duals() {
    // F + x = 80, 50 x <= 20 * 80: x = 32, F = 48. One more t/h of demand costs
    // 0.6 t/h of fresh water; one more unit of allowed excess mass saves 1/50.
    let m = model(&format!("{MIX}[objective]\nminimize = \"freshwater\"\n"));
    let r = parkwater_core::solve(&m, &SolveOptions::default()).unwrap();
    assert!((r.kpis.freshwater - 48.0).abs() < 1e-9);
    assert!((dual(&r, "sink_flow", "D", None) - 0.6).abs() < 1e-9);
    assert!((dual(&r, "sink_quality", "D", Some("COD")) + 0.02).abs() < 1e-9);
    assert!(dual(&r, "source_balance", "S", None).abs() < 1e-9);
    assert_certificate(&m);
}

#[test]
fn hand_solved_capacity_dual_is_the_saving() {
    // 50 t/h of S regenerated to 5 mg/L: F + p + s = 100, -10F - 5p + 90s <= 0.
    // One more t/h of capacity saves 0.95 t/h of fresh water: dual -0.95.
    let text = r#"contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 0 }
[[source]]
id = "S"
flow = 100
conc = { COD = 100 }
[[sink]]
id = "D"
flow = 100
max_conc = { COD = 10 }
[[treatment]]
id = "RG"
outlet_conc = { COD = 5 }
max_flow = 50
[[discharge]]
id = "WW"
[objective]
minimize = "freshwater"
"#;
    let m = model(text);
    let r = parkwater_core::solve(&m, &SolveOptions::default()).unwrap();
    assert!(
        (r.kpis.freshwater - 42.5).abs() < 1e-9,
        "{}",
        r.kpis.freshwater
    );
    assert!((dual(&r, "treatment_capacity", "RG", None) + 0.95).abs() < 1e-9);
    assert_certificate(&m);
}

#[test]
fn cost_duals_are_annual_and_per_flow_unit() {
    // Cost objective: one more t/h of demand costs 0.6 t/h of fresh at 1 CNY/t for 8000 h.
    let m = model(&format!("{MIX}[objective]\nminimize = \"cost\"\n"));
    let r = parkwater_core::solve(&m, &SolveOptions::default()).unwrap();
    assert!((dual(&r, "sink_flow", "D", None) - 0.6 * 8000.0).abs() < 1e-6);
    // The same park in t/d: the demand row is per t/d, so the dual is 24x smaller.
    let daily = MIX.replace(
        "contaminants = [\"COD\"]",
        "contaminants = [\"COD\"]\n[park]\nflow_unit = \"t/d\"",
    );
    let m = model(&format!("{daily}[objective]\nminimize = \"cost\"\n"));
    let r = parkwater_core::solve(&m, &SolveOptions::default()).unwrap();
    assert!((dual(&r, "sink_flow", "D", None) - 0.6 * 8000.0 / 24.0).abs() < 1e-6);
}

#[test]
fn bundled_scenarios_have_nonnegative_reduced_costs() {
    for name in [
        "polley-polley-2000.toml",
        "wang-smith-1994-ex1.toml",
        "lianyungang-demo.toml",
    ] {
        let m = Scenario::from_path(root().join("scenarios").join(name))
            .unwrap()
            .validate()
            .unwrap();
        assert_certificate(&m);
        // Each objective alone too.
        for o in Objective::ALL {
            let mut single = m.clone();
            single.objectives = vec![o];
            assert_certificate(&single);
        }
    }
}

/// Seawater desalinated by RO before use: 160 t/h of intake feed the unit,
/// more than all effluent plus all demand (140 t/h).
const RO_PARK: &str = r#"contaminants = ["TDS"]
[[intake]]
id = "SEA"
kind = "seawater"
conc = { TDS = 3000 }
price = 0.5
[[source]]
id = "S"
flow = 40
conc = { TDS = 500 }
[[sink]]
id = "D"
flow = 100
max_conc = { TDS = 100 }
[[treatment]]
id = "RO"
outlet_conc = { TDS = 50 }
recovery = 0.5
opex = 1
reject_to = "WW"
[[discharge]]
id = "WW"
[policy]
min_reuse_rate = 0.3
[objective]
minimize = "cost"
"#;

#[test]
fn intake_treated_before_use_counts_as_fresh_in_the_reuse_rate() {
    // Desalinated seawater is still fresh intake: the LP's reuse row must
    // count it as verification and the KPIs do (a fuzz finding).
    let m = model(RO_PARK);
    for pricing in [parkwater_core::Pricing::Off, parkwater_core::Pricing::On] {
        let r = parkwater_core::solve(&m, &SolveOptions::default().with_pricing(pricing)).unwrap();
        assert_eq!(
            r.status,
            Status::Optimal,
            "{pricing:?}: {:?}",
            r.verification
        );
        assert!(r.kpis.reuse_rate >= 0.3 - 1e-9, "{}", r.kpis.reuse_rate);
    }
    assert_certificate(&m);
}

#[test]
fn arcs_beyond_the_pricing_boxes_stay_feasible_in_every_objective() {
    // Pricing caps arc columns while it searches (all effluent plus all
    // demand for an arc neither end bounds); the RO feed exceeds that cap,
    // so feasibility must be decided unboxed, also for a second objective.
    let text = RO_PARK.replace(
        "minimize = \"cost\"",
        "minimize = [\"freshwater\", \"cost\"]",
    );
    let m = model(&text);
    let solve = |pricing| {
        parkwater_core::solve(&m, &SolveOptions::default().with_pricing(pricing)).unwrap()
    };
    let full = solve(parkwater_core::Pricing::Off);
    let priced = solve(parkwater_core::Pricing::On);
    assert_eq!(full.status, Status::Optimal);
    assert_eq!(priced.status, Status::Optimal, "{:?}", priced.verification);
    let (a, b) = (full.kpis.cost_per_year, priced.kpis.cost_per_year);
    assert!((a - b).abs() <= 1e-7 * a, "{a} vs {b}");
    assert!((full.kpis.freshwater - priced.kpis.freshwater).abs() <= 1e-7 * full.kpis.freshwater);
}
