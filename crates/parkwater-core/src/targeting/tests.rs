//! Targets of the published problems and of hand-made parks, checked against the LP.

use super::*;
use crate::model::Objective;
use crate::Scenario;
use crate::SolveOptions;

const POLLEY: &str = r#"contaminants = ["C"]
[[intake]]
id = "FW"
kind = "tap"
conc = { C = 0 }
[[source]]
id = "SR1"
flow = 50
conc = { C = 50 }
[[source]]
id = "SR2"
flow = 100
conc = { C = 100 }
[[source]]
id = "SR3"
flow = 70
conc = { C = 150 }
[[source]]
id = "SR4"
flow = 60
conc = { C = 250 }
[[sink]]
id = "SK1"
flow = 50
max_conc = { C = 20 }
[[sink]]
id = "SK2"
flow = 100
max_conc = { C = 50 }
[[sink]]
id = "SK3"
flow = 80
max_conc = { C = 100 }
[[sink]]
id = "SK4"
flow = 70
max_conc = { C = 200 }
[[discharge]]
id = "WW"
"#;

fn model(text: &str) -> Model {
    Scenario::from_toml(text).unwrap().validate().unwrap()
}

fn lp_freshwater(m: &Model) -> f64 {
    let mut m = m.clone();
    m.objectives = vec![Objective::Freshwater];
    let r = crate::solve(&m, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, crate::Status::Optimal);
    r.kpis.freshwater
}

#[test]
fn polley_targets_in_the_flow_unit() {
    let t = target(&model(POLLEY), "C").unwrap();
    assert_eq!((t.freshwater, t.wastewater), (70.0, 50.0));
    assert_eq!(t.pinches, vec![150.0]);
    assert_eq!(t.fresh_by_intake["FW"], 70.0);
    assert!(t.notes.is_empty(), "{:?}", t.notes);
    assert!(t.regenerated.is_none());

    let daily = model(&POLLEY.replace("[[intake]]", "[park]\nflow_unit = \"t/d\"\n[[intake]]"));
    let d = target(&daily, "C").unwrap();
    assert!((d.freshwater - 70.0).abs() < 1e-9);
    assert!((d.cascade[0].cumulative_flow - 70.0).abs() < 1e-9);
    let svg = d.composite_svg().unwrap();
    assert!(svg.contains("(t/d)") && svg.contains("(kg/d)") && !svg.contains("t/h"));
    assert!(svg.contains("pinch 150 mg/L"));
}

#[test]
fn unknown_contaminant_is_an_error() {
    let e = target(&model(POLLEY), "COD").unwrap_err();
    assert_eq!(e.code(), "contaminant.unknown");
    assert!(!e.is_infeasible());
}

#[test]
fn regenerator_gives_regeneration_targets_equal_to_the_lp() {
    let text =
        format!("{POLLEY}[[treatment]]\nid = \"RG\"\noutlet_conc = {{ C = 10 }}\nrecovery = 1.0\n");
    let m = model(&text);
    let t = target(&m, "C").unwrap();
    assert_eq!(t.freshwater, 20.0);
    assert!((t.regenerated.unwrap() - 7500.0 / 140.0).abs() < 1e-9);
    let r = t.regeneration.as_ref().unwrap();
    assert_eq!(r.treatment, "RG");
    assert_eq!(r.without_regeneration.as_ref().unwrap().freshwater, 70.0);
    assert!((lp_freshwater(&m) - 20.0).abs() < 1e-6);
    // the curves at the target: the regenerated water is a source
    assert!(t.problem.sources.iter().any(|s| s.id == "RG (regenerated)"));
    assert!(t.composite_svg().unwrap().contains("freshwater 20 t/h"));
}

#[test]
fn unlimited_sink_and_ignored_features_are_noted() {
    let text = POLLEY.replace("max_conc = { C = 200 }", "")
        + "[[treatment]]\nid = \"RO\"\noutlet_conc = { C = 1 }\nrecovery = 0.5\nreject_to = \"WW\"\n";
    let m = model(&text);
    let t = target(&m, "C").unwrap();
    // SK4 takes the dirtiest source (250 mg/L)
    assert_eq!(t.problem.sinks[3].conc, 250.0);
    assert!(t.notes.iter().any(|n| n.contains("RO")));
    assert!(t.regenerated.is_none());
}

#[test]
fn target_all_names_the_limiting_contaminant() {
    let text = r#"contaminants = ["A", "B"]
[[intake]]
id = "FW"
kind = "tap"
conc = { A = 0, B = 0 }
[[source]]
id = "S1"
flow = 100
conc = { A = 100, B = 20 }
[[sink]]
id = "D1"
flow = 100
max_conc = { A = 50, B = 5 }
[[discharge]]
id = "WW"
"#;
    let m = model(text);
    let all = target_all(&m);
    // A: 50 t/h fresh; B: 75 t/h fresh
    assert_eq!(all.contaminants[0].freshwater, 50.0);
    assert_eq!(all.contaminants[1].freshwater, 75.0);
    assert_eq!(all.limiting.as_deref(), Some("B"));
    assert!(all.failed.is_empty());
    assert!((lp_freshwater(&m) - 75.0).abs() < 1e-6);
}

#[test]
fn infeasible_contaminant_is_listed_as_failed() {
    let text = POLLEY.replace("conc = { C = 0 }", "conc = { C = 30 }");
    let all = target_all(&model(&text));
    assert!(all.contaminants.is_empty());
    assert_eq!(all.failed[0].code, "too_clean_demand");
    assert!(all.failed[0].infeasible);
    assert_eq!(all.limiting, None);
}

#[test]
fn operations_are_reported_with_their_limiting_flows() {
    let text = r#"contaminants = ["C"]
[[intake]]
id = "FW"
kind = "tap"
conc = { C = 0 }
[[operation]]
id = "OP1"
load = { C = 2.0 }
max_inlet_conc = { C = 0 }
max_outlet_conc = { C = 100 }
[[operation]]
id = "OP2"
load = { C = 5.0 }
max_inlet_conc = { C = 50 }
max_outlet_conc = { C = 100 }
[[operation]]
id = "OP3"
load = { C = 30.0 }
max_inlet_conc = { C = 50 }
max_outlet_conc = { C = 800 }
[[operation]]
id = "OP4"
load = { C = 4.0 }
max_inlet_conc = { C = 400 }
max_outlet_conc = { C = 800 }
[[discharge]]
id = "WW"
"#;
    let s = Scenario::from_toml(text).unwrap();
    let m = s.validate().unwrap();
    let ops = operations(&s, &m);
    let flows: Vec<f64> = ops.iter().map(|o| o.limiting_flow).collect();
    assert_eq!(flows, vec![20.0, 100.0, 40.0, 10.0]);
    assert_eq!(ops[2].outlet_conc["C"], 800.0);
    assert_eq!(ops[0].limited_by.as_deref(), Some("C"));
    let t = target(&m, "C").unwrap();
    assert_eq!(
        (t.freshwater, t.wastewater, t.pinches.clone()),
        (90.0, 90.0, vec![100.0])
    );
    assert!((lp_freshwater(&m) - 90.0).abs() < 1e-6);
}
