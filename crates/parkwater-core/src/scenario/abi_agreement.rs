//! The file format and the plugin ABI must agree: what a plugin answers is
//! read as the scenario tables a user writes, field for field, and the other
//! way round. These tests fail when either side changes alone.

use super::schema::{Constraint, Forbid, Term as ConstraintTerm};
use super::Scenario;
use parkwater_plugin::types as abi;

fn rules_answer() -> abi::Rules {
    abi::Rules {
        forbid: vec![Forbid {
            from: "E1.*".into(),
            to: "CT?".into(),
            reason: Some("oily effluent".into()),
        }],
        dedicate: vec![],
    }
}

fn constraint_answer() -> abi::Constraint {
    abi::Constraint {
        label: "quota E1".into(),
        sense: abi::Sense::AtMost,
        rhs: 12.5,
        terms: vec![ConstraintTerm {
            from_kind: Some("intake".into()),
            to_enterprise: Some("E1".into()),
            coef: 1.0,
            ..ConstraintTerm::default()
        }],
    }
}

#[test]
fn a_plugins_answers_parse_as_scenario_tables() {
    let rules = serde_json::to_value(rules_answer()).unwrap();
    let constraint = serde_json::to_value(constraint_answer()).unwrap();
    let scenario = serde_json::json!({
        "contaminants": ["COD"],
        "forbid": rules["forbid"],
        "constraint": [constraint],
    });
    let parsed: Scenario = serde_json::from_value(scenario).unwrap();
    assert_eq!(parsed.forbid, rules_answer().forbid);
    let expected: Constraint = super::constraint_of(constraint_answer());
    assert_eq!(parsed.constraints, vec![expected]);
}

#[test]
fn scenario_tables_parse_as_a_plugins_answers() {
    let text = r#"
contaminants = ["COD"]
[[forbid]]
from = "E1.*"
to = "CT?"
reason = "oily effluent"
[[constraint]]
label = "quota E1"
sense = "<="
rhs = 12.5
[[constraint.term]]
from_kind = "intake"
to_enterprise = "E1"
coef = 1.0
"#;
    let scenario: Scenario = toml::from_str(text).unwrap();
    let as_json = serde_json::to_value(&scenario).unwrap();
    let rules: abi::Rules =
        serde_json::from_value(serde_json::json!({ "forbid": as_json["forbid"] })).unwrap();
    assert_eq!(rules, rules_answer());
    let constraint: abi::Constraint =
        serde_json::from_value(as_json["constraint"][0].clone()).unwrap();
    assert_eq!(constraint, constraint_answer());
}
