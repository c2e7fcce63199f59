//! `parkwater verify` on a scenario with a `[design]`: the plan's `design`
//! section (pipes built, units built, capital) is checked against every
//! design rule, by the code that checks the engine's own designs. Each
//! broken plan below breaks one rule and is caught by name; the engine's
//! own answer passes.

use parkwater_core::verify::{verify_plan, Plan};
use parkwater_core::{Model, Scenario, SolveOptions, Status};
use serde_json::{json, Value};
use std::path::Path;

/// Two effluents of 20 t/h at 10 mg/L (enterprises A, B) and two demands of
/// 20 t/h at <= 20 mg/L (C, D), 1 km apart; fresh water 4 CNY/t.
fn park(design: &str) -> String {
    parkwater_tests::design_park(
        &[("A.S", "A", 20.0, 10.0), ("B.S", "B", 20.0, 10.0)],
        &[("C.D", "C", 20.0, 20.0), ("D.D", "D", 20.0, 20.0)],
        &format!("[design]\ndiscount_rate = 0.0\nlifetime_years = 10\n{design}"),
    )
}

fn model(design: &str) -> Model {
    Scenario::from_toml(&park(design))
        .unwrap()
        .validate()
        .unwrap()
}

/// The engine's answer as `solve --format json` writes it.
fn answer(model: &Model) -> Value {
    let r = parkwater_core::solve(model, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, Status::Optimal);
    serde_json::to_value(&r).unwrap()
}

fn check(model: &Model, plan: &Value) -> Vec<String> {
    let plan = Plan::from_json(&plan.to_string(), Path::new("plan.json")).unwrap();
    let v = verify_plan(model, &plan).unwrap().verification;
    v.violations.into_iter().map(|v| v.check).collect()
}

#[test]
fn the_engines_own_design_passes() {
    let m = model("pipe_capex_fixed = 1.0e6\nmin_pipe_flow = 5\nmax_pipes_in = 1\n");
    let plan = answer(&m);
    assert!(plan["design"]["pipes"].as_array().unwrap().len() >= 2);
    assert_eq!(check(&m, &plan), Vec::<String>::new());
}

#[test]
fn a_flow_without_its_pipe_is_caught() {
    let m = model("pipe_capex_fixed = 1.0e6\n");
    let mut plan = answer(&m);
    let pipes = plan["design"]["pipes"].as_array_mut().unwrap();
    let dropped = pipes.remove(0);
    let found = check(&m, &plan);
    let want = format!(
        "no pipe from {} -> {}, yet it carries flow",
        dropped["from"].as_str().unwrap(),
        dropped["to"].as_str().unwrap()
    );
    assert!(found.contains(&want), "{found:?}");
}

#[test]
fn a_stated_capital_that_does_not_add_up_is_caught() {
    let m = model("pipe_capex_fixed = 1.0e6\n");
    let mut plan = answer(&m);
    let capex = plan["design"]["capex"].as_f64().unwrap();
    assert!(capex > 0.0);
    plan["design"]["capex"] = json!(capex / 2.0);
    let found = check(&m, &plan);
    assert!(
        found.iter().any(|c| c.starts_with("capital stated")),
        "{found:?}"
    );
}

#[test]
fn max_capex_is_checked_on_the_pipes_the_plan_builds() {
    // Budget for one pipe; the plan builds two (each with 20 t/h of reuse).
    let m = model("pipe_capex_fixed = 1.0e6\nmax_capex = 1.5e6\n");
    let plan = json!({
        "flows": [
            {"from": "A.S", "to": "C.D", "flow": 20.0},
            {"from": "B.S", "to": "D.D", "flow": 20.0},
        ],
        "design": {"pipes": [
            {"from": "A.S", "to": "C.D", "existing": false},
            {"from": "B.S", "to": "D.D", "existing": false},
        ]},
    });
    let found = check(&m, &plan);
    assert!(
        found.iter().any(|c| c.contains("within max_capex")),
        "{found:?}"
    );
}

#[test]
fn minimum_flow_counts_and_dedicated_sources_are_checked() {
    let m = model("min_pipe_flow = 15\nmax_pipes_in = 1\n");
    let plan = json!({
        "flows": [
            {"from": "A.S", "to": "C.D", "flow": 10.0},
            {"from": "B.S", "to": "C.D", "flow": 10.0},
            {"from": "A.S", "to": "WW", "flow": 10.0},
            {"from": "B.S", "to": "WW", "flow": 10.0},
            {"from": "FW", "to": "D.D", "flow": 20.0},
        ],
        "design": {"pipes": [
            {"from": "A.S", "to": "C.D"},
            {"from": "B.S", "to": "C.D"},
        ]},
    });
    let found = check(&m, &plan);
    for want in [
        "built pipe A.S -> C.D carries at least min_pipe_flow",
        "at most 1 pipes enter C.D",
    ] {
        assert!(found.iter().any(|c| c == want), "{want} not in {found:?}");
    }
    let dedicated =
        Scenario::from_toml(&park("").replace("id = \"A\"\n", "id = \"A\"\ndedicated = true\n"))
            .unwrap()
            .validate()
            .unwrap();
    let found = check(&dedicated, &plan);
    assert!(
        found
            .iter()
            .any(|c| c == "dedicated source A.S sends its flow to one place"),
        "{found:?}"
    );
}

#[test]
fn without_a_design_section_pipes_are_where_the_flow_is() {
    let m = model("max_pipes_in = 1\n");
    let plan = json!({"flows": [
        {"from": "A.S", "to": "C.D", "flow": 10.0},
        {"from": "B.S", "to": "C.D", "flow": 10.0},
        {"from": "A.S", "to": "WW", "flow": 10.0},
        {"from": "B.S", "to": "WW", "flow": 10.0},
        {"from": "FW", "to": "D.D", "flow": 20.0},
    ]});
    let parsed = Plan::from_json(&plan.to_string(), Path::new("plan.json")).unwrap();
    let out = verify_plan(&m, &parsed).unwrap();
    assert!(
        out.notes.iter().any(|n| n.contains("no design section")),
        "{:?}",
        out.notes
    );
    let found: Vec<_> = out
        .verification
        .violations
        .iter()
        .map(|v| &v.check)
        .collect();
    assert!(
        found.iter().any(|c| *c == "at most 1 pipes enter C.D"),
        "{found:?}"
    );
    // One pipe per demand: the same flows through one pipe each pass.
    let one = json!({"flows": [
        {"from": "A.S", "to": "C.D", "flow": 20.0},
        {"from": "B.S", "to": "D.D", "flow": 20.0},
    ]});
    assert_eq!(check(&m, &one), Vec::<String>::new());
}

#[test]
fn a_pipe_that_is_not_a_candidate_and_a_broken_section_are_reported() {
    let m = model("max_pipe_km = 1.2\n");
    // A -> D is sqrt(2) km x route factor: longer than max_pipe_km.
    let plan = json!({
        "flows": [
            {"from": "A.S", "to": "D.D", "flow": 20.0},
            {"from": "B.S", "to": "C.D", "flow": 20.0},
        ],
        "design": {"pipes": [
            {"from": "A.S", "to": "D.D"},
            {"from": "B.S", "to": "C.D"},
        ]},
    });
    let found = check(&m, &plan);
    assert!(
        found
            .iter()
            .any(|c| c.starts_with("pipe A.S -> D.D is not a candidate")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|c| c.starts_with("flow on A.S -> D.D, which no pipe")),
        "{found:?}"
    );
    let broken = json!({"flows": [], "design": {"pipes": "many"}});
    let parsed = Plan::from_json(&broken.to_string(), Path::new("plan.json")).unwrap();
    let err = verify_plan(&m, &parsed).unwrap_err();
    assert_eq!(err.problems[0].code, "plan.design");
    assert_eq!(err.problems[0].path, "design");
}

#[test]
fn a_design_section_on_a_scenario_without_design_is_noted() {
    let text = park("");
    let text = &text[..text.find("[design]").unwrap()];
    let m = Scenario::from_toml(text).unwrap().validate().unwrap();
    let plan = json!({
        "flows": [{"from": "A.S", "to": "C.D", "flow": 20.0}],
        "design": {"pipes": []},
    });
    let parsed = Plan::from_json(&plan.to_string(), Path::new("plan.json")).unwrap();
    let out = verify_plan(&m, &parsed).unwrap();
    assert!(
        out.notes.iter().any(|n| n.contains("has no [design]")),
        "{:?}",
        out.notes
    );
}
