//! `[[constraint]]`: user linear constraints over arc selectors, with known
//! optima on a hand-solved park, in the full LP and under arc pricing.

use parkwater_core::report::DualEntry;
use parkwater_core::{Pricing, Scenario, SolveOptions, Status};

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
    use parkwater_core::scenario::{Constraint, ConstraintTerm};
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
