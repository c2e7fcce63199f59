//! `[[constraint]]`: user linear constraints over arc selectors, with known
//! optima on a hand-solved park, in the full LP and under arc pricing; and
//! the verifier re-checks every constraint row (the user's and a plugin's)
//! in the answer, catching a plan that breaks one.

use parkwater_core::report::DualEntry;
use parkwater_core::verify::{verify_plan, Plan};
use parkwater_core::{Model, Pricing, Scenario, SolveOptions, Status};

/// 80 t/h at <= 20 mg/L from fresh water and a 50 t/h effluent at 50 mg/L:
/// 32 t/h of effluent and 48 t/h of fresh water without constraints.
const MIX: &str = r#"contaminants = ["COD"]
[[enterprise]]
id = "E1"
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
enterprise = "E1"
flow = 80
max_conc = { COD = 20 }
[[discharge]]
id = "WW"
[objective]
minimize = "freshwater"
"#;

fn solve(extra: &str, pricing: Pricing) -> parkwater_core::Report {
    let model = Scenario::from_toml(&format!("{MIX}{extra}"))
        .unwrap()
        .validate()
        .unwrap();
    parkwater_core::solve(&model, &SolveOptions::default().with_pricing(pricing)).unwrap()
}

fn freshwater(extra: &str) -> f64 {
    let full = solve(extra, Pricing::Off);
    let priced = solve(extra, Pricing::On);
    assert_eq!(full.status, Status::Optimal);
    assert_eq!(priced.status, Status::Optimal);
    assert!(full.verification.passed());
    // The constraint holds in both answers, re-checked from their flows.
    let model = Scenario::from_toml(&format!("{MIX}{extra}"))
        .unwrap()
        .validate()
        .unwrap();
    for r in [&full, &priced] {
        let checked = verify_plan(&model, &Plan::of_report_flows(r)).unwrap();
        assert!(checked.passed(), "{:?}", checked.verification);
    }
    assert!(
        (full.kpis.freshwater - priced.kpis.freshwater).abs() < 1e-9,
        "pricing disagrees"
    );
    full.kpis.freshwater
}

#[test]
fn flow_cap_on_an_arc() {
    let extra = "[[constraint]]\nlabel = \"S to D at most 20\"\nsense = \"<=\"\nrhs = 20\n[[constraint.term]]\nfrom = \"S\"\nto = \"D\"\ncoef = 1\n";
    assert!((freshwater("") - 48.0).abs() < 1e-9);
    assert!((freshwater(extra) - 60.0).abs() < 1e-9);
    // One more t/h allowed saves one t/h of fresh water.
    let r = solve(extra, Pricing::Off);
    match &r.duals.as_ref().unwrap()["constraint"]["S to D at most 20"] {
        DualEntry::Value(y) => assert!((y + 1.0).abs() < 1e-9, "{y}"),
        e => panic!("{e:?}"),
    }
}

#[test]
fn mass_term_weighs_kilograms_per_hour() {
    // 50 mg/L x f t/h x 1e-3 <= 0.5 kg/h  ->  f <= 10.
    let extra = "[[constraint]]\nlabel = \"COD into D\"\nsense = \"<=\"\nrhs = 0.5\n[[constraint.term]]\nto = \"D\"\ncoef = 1\ncontaminant = \"COD\"\n";
    assert!((freshwater(extra) - 70.0).abs() < 1e-9);
}

#[test]
fn at_least_and_kind_and_enterprise_selectors() {
    // At least 40 t/h of effluent to the outfall: only 10 t/h left for D.
    let extra = "[[constraint]]\nlabel = \"keep 40 for the wetland\"\nsense = \">=\"\nrhs = 40\n[[constraint.term]]\nfrom_kind = \"source\"\nto_kind = \"discharge\"\ncoef = 1\n";
    assert!((freshwater(extra) - 70.0).abs() < 1e-9);
    // Fresh water into enterprise E1 at least 75 t/h.
    let extra = "[[constraint]]\nlabel = \"E1 fresh\"\nsense = \">=\"\nrhs = 75\n[[constraint.term]]\nfrom_kind = \"intake\"\nto_enterprise = \"E1\"\ncoef = 1\n";
    assert!((freshwater(extra) - 75.0).abs() < 1e-9);
}

#[test]
fn conflicting_constraint_is_diagnosed() {
    let extra = "[[constraint]]\nlabel = \"no fresh water for E1\"\nsense = \"=\"\nrhs = 0\n[[constraint.term]]\nfrom = \"FW\"\ncoef = 1\n";
    let r = solve(extra, Pricing::Off);
    assert_eq!(r.status, Status::Infeasible);
    let d = r.diagnosis.unwrap();
    assert!(
        d.conflicting.iter().any(|c| c.family == "constraint"),
        "{d:?}"
    );
}

#[test]
fn bad_constraints_are_reported() {
    let cases = [
        ("sense = \"<\"", "constraint[0].sense", "constraint.sense"),
        (
            "from = \"NOPE\"",
            "constraint[0].term[0].from",
            "constraint.no_match",
        ),
        (
            "contaminant = \"TDS\"",
            "constraint[0].term[0].contaminant",
            "contaminant.undeclared",
        ),
        (
            "to_kind = \"pond\"",
            "constraint[0].term[0].to_kind",
            "kind.unknown",
        ),
    ];
    for (line, path, code) in cases {
        let (sense, term) = if line.starts_with("sense") {
            (line, "")
        } else {
            ("sense = \"<=\"", line)
        };
        let text = format!(
            "{MIX}[[constraint]]\nlabel = \"x\"\n{sense}\nrhs = 1\n[[constraint.term]]\ncoef = 1\n{term}\n"
        );
        let err = Scenario::from_toml(&text).unwrap().validate().unwrap_err();
        assert!(
            err.problems
                .iter()
                .any(|p| p.path == path && p.code == code),
            "{code}: {err}"
        );
    }
    let mixed = format!(
        "{MIX}[[constraint]]\nlabel = \"m\"\nsense = \"<=\"\nrhs = 1\n[[constraint.term]]\ncoef = 1\n[[constraint.term]]\ncoef = 1\ncontaminant = \"COD\"\n"
    );
    let err = Scenario::from_toml(&mixed).unwrap().validate().unwrap_err();
    assert!(err.codes().contains(&"constraint.mixed_units"));
    let empty = format!("{MIX}[[constraint]]\nlabel = \"e\"\nsense = \"<=\"\nrhs = 1\nterm = []\n");
    let err = Scenario::from_toml(&empty).unwrap().validate().unwrap_err();
    assert!(err.codes().contains(&"constraint.empty"));
}

#[test]
fn pricing_honours_constraint_duals_on_a_synthetic_park() {
    use parkwater_core::scenario::schema::{Constraint, Term as ConstraintTerm};
    use parkwater_core::synth::{Family, SyntheticPark};
    for family in [Family::SparseReuse, Family::HeavyReuse] {
        let mut s = SyntheticPark::size(40, 40, 3)
            .with_family(family)
            .scenario();
        let base = parkwater_core::solve(&s.validate().unwrap(), &SolveOptions::default()).unwrap();
        // Cap direct reuse (effluent -> sink) at half of what the optimum uses.
        let reused = base.kpis.reused - base.kpis.regenerated;
        s.constraints.push(Constraint {
            label: "direct reuse cap".into(),
            sense: "<=".into(),
            rhs: 0.5 * reused,
            terms: vec![ConstraintTerm {
                from_kind: Some("source".into()),
                to_kind: Some("sink".into()),
                coef: 1.0,
                ..Default::default()
            }],
        });
        let model = s.validate().unwrap();
        let full =
            parkwater_core::solve(&model, &SolveOptions::default().with_pricing(Pricing::Off))
                .unwrap();
        let priced =
            parkwater_core::solve(&model, &SolveOptions::default().with_pricing(Pricing::On))
                .unwrap();
        assert_eq!(full.status, Status::Optimal);
        for (name, z) in &full.objective {
            let zp = priced.objective[name];
            assert!(
                (zp - z).abs() <= 1e-7 * z.abs().max(1.0),
                "{family}: {name} full {z} priced {zp}"
            );
        }
        let stats = priced.solver.stats.pricing.as_ref().unwrap();
        assert!(stats.certificate >= -1e-7);
    }
}

/// The violations of `plan` against `model`, as (check, value, limit, unit).
fn violations(model: &Model, plan: &Plan) -> Vec<(String, f64, f64, String)> {
    let checked = verify_plan(model, plan).unwrap();
    assert_eq!(
        checked.passed(),
        checked.verification.violations.is_empty(),
        "{checked:?}"
    );
    checked
        .verification
        .violations
        .iter()
        .map(|v| {
            (
                v.check.clone(),
                v.value.unwrap(),
                v.limit.unwrap(),
                v.unit.clone().unwrap(),
            )
        })
        .collect()
}

#[test]
fn verifier_catches_a_broken_user_constraint() {
    let extra = "[[constraint]]\nlabel = \"S to D at most 20\"\nsense = \"<=\"\nrhs = 20\n[[constraint.term]]\nfrom = \"S\"\nto = \"D\"\ncoef = 1\n";
    let capped = Scenario::from_toml(&format!("{MIX}{extra}"))
        .unwrap()
        .validate()
        .unwrap();
    for pricing in [Pricing::Off, Pricing::On] {
        // The optimum without the cap sends 32 t/h from S to D: it breaks it.
        let free = solve("", pricing);
        assert_eq!(free.status, Status::Optimal);
        let found = violations(&capped, &Plan::of_report_flows(&free));
        assert_eq!(found.len(), 1, "{pricing:?}: {found:?}");
        let (check, value, limit, unit) = &found[0];
        assert!(check.contains("\"S to D at most 20\""), "{check}");
        assert!((value - 32.0).abs() < 1e-9 && *limit == 20.0 && unit == "t/h");
        // The engine's own answer under the cap passes the same checks.
        let held = solve(extra, pricing);
        assert!(violations(&capped, &Plan::of_report_flows(&held)).is_empty());
        // And the engine's verification of its own flows catches the same
        // breach when the cap's answer is swapped for the free one.
        let network = parkwater_core::Network::build(&capped);
        let mut flows = vec![0.0; network.len()];
        for f in &free.flows {
            let a = (0..network.len())
                .find(|&a| {
                    let (u, v) = network.arc(a);
                    capped.supply_name(u) == f.from && capped.demand_name(v) == f.to
                })
                .unwrap();
            flows[a] = f.flow;
        }
        let v = parkwater_core::verify::verify(&capped, &network, &flows);
        assert!(!v.passed());
        assert!(v.violations[0].check.contains("S to D at most 20"), "{v:?}");
    }
    // A mass row and an `=` row are judged in their units.
    let mass = "[[constraint]]\nlabel = \"COD into D\"\nsense = \"<=\"\nrhs = 0.5\n[[constraint.term]]\nto = \"D\"\ncoef = 1\ncontaminant = \"COD\"\n";
    let model = Scenario::from_toml(&format!("{MIX}{mass}"))
        .unwrap()
        .validate()
        .unwrap();
    let found = violations(&model, &Plan::of_report_flows(&solve("", Pricing::Off)));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        (found[0].1 - 1.6).abs() < 1e-9 && found[0].3 == "kg/h",
        "{found:?}"
    );
    let exact = "[[constraint]]\nlabel = \"exactly 10 to the outfall\"\nsense = \"=\"\nrhs = 10\n[[constraint.term]]\nto_kind = \"discharge\"\ncoef = 1\n";
    let model = Scenario::from_toml(&format!("{MIX}{exact}"))
        .unwrap()
        .validate()
        .unwrap();
    let found = violations(&model, &Plan::of_report_flows(&solve("", Pricing::Off)));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].0.contains("= 10 t/h") && found[0].1 == 18.0,
        "{found:?}"
    );
}

/// A power plant PWR held to a water-withdrawal quota by the water-quota
/// plugin: 1 t per unit x 47 units/h = 47 t/h of intake. Cheap fresh water
/// and dear treatment: the cost optimum without the quota withdraws 48 t/h.
const QUOTA: &str = r#"contaminants = ["COD"]
plugins = ["water-quota"]
[[enterprise]]
id = "PWR"
industry = "power"
[[enterprise]]
id = "CHEM"
[[intake]]
id = "FW"
kind = "tap"
conc = { COD = 0 }
price = 1
[[source]]
id = "S"
enterprise = "CHEM"
flow = 50
conc = { COD = 50 }
[[sink]]
id = "D"
enterprise = "PWR"
flow = 80
max_conc = { COD = 20 }
[[treatment]]
id = "RG"
outlet_conc = { COD = 5 }
opex = 10
[[discharge]]
id = "WW"
[objective]
minimize = "cost"
[plugin.water-quota]
enforce = ENFORCE
[[plugin.water-quota.enterprise]]
id = "PWR"
quota = 1.0
unit = "t product"
source = "test figure"
output = 47.0
"#;

/// The water-quota plugin, from where cargo built it for this test run.
fn plugin_host() -> parkwater_core::plugins::PluginHost {
    use parkwater_core::plugins::PluginHost;
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let file = PluginHost::file_name("water-quota");
    let dir = [deps.clone(), deps.parent().unwrap().to_path_buf()]
        .into_iter()
        .find(|d| d.join(&file).is_file())
        .unwrap_or_else(|| panic!("{file} was not built (it is a dev-dependency)"));
    PluginHost::new([dir])
}

fn quota_model(enforce: bool) -> Model {
    let text = QUOTA.replace("ENFORCE", if enforce { "true" } else { "false" });
    let s = Scenario::from_toml(&text).unwrap();
    let host = plugin_host();
    let applied = parkwater_core::plugins::apply(Some(&host), &s).unwrap();
    applied.scenario.validate().unwrap()
}

#[test]
fn verifier_catches_a_broken_plugin_constraint() {
    let held = quota_model(true);
    let free = quota_model(false);
    assert_eq!(held.constraint_rows().len(), 1);
    assert!(held.constraint_rows()[0].label.starts_with("water-quota: "));
    assert!(free.constraint_rows().is_empty());
    for pricing in [Pricing::Off, Pricing::On] {
        let options = SolveOptions::default().with_pricing(pricing);
        let over = parkwater_core::solve(&free, &options).unwrap();
        assert_eq!(over.status, Status::Optimal);
        assert!((over.kpis.freshwater - 48.0).abs() < 1e-9);
        let found = violations(&held, &Plan::of_report_flows(&over));
        assert_eq!(found.len(), 1, "{pricing:?}: {found:?}");
        let (check, value, limit, unit) = &found[0];
        assert!(check.contains("water-quota: "), "{check}");
        assert!((value - 48.0).abs() < 1e-9 && (limit - 47.0).abs() < 1e-9 && unit == "t/h");
        let within = parkwater_core::solve(&held, &options).unwrap();
        assert_eq!(within.status, Status::Optimal);
        assert!(within.verification.passed());
        assert!((within.kpis.freshwater - 47.0).abs() < 1e-7);
        assert!(violations(&held, &Plan::of_report_flows(&within)).is_empty());
    }
}
