//! Every validation code, one table row each, and a scenario with ten
//! different mistakes that must report all ten; parse problems (wrong types,
//! missing and unknown fields) name the entity and the field, all at once,
//! in TOML and JSON.

use parkwater_core::{Format, ParseError, Scenario};
use std::path::Path;

/// A valid base park; each case appends or replaces text to break one thing.
const BASE: &str = r#"contaminants = ["COD", "TDS"]
[park]
name = "base"
[[enterprise]]
id = "E1"
industry = "chemical"
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 0, TDS = 100 }
price = 1.0
[[source]]
id = "S1"
enterprise = "E1"
flow = 50
conc = { COD = 50, TDS = 500 }
[[sink]]
id = "D1"
enterprise = "E1"
flow = 80
max_conc = { COD = 20 }
[[treatment]]
id = "RO"
outlet_conc = { COD = 5, TDS = 50 }
recovery = 0.7
reject_to = "WW"
[[discharge]]
id = "WW"
max_conc = { COD = 500 }
"#;

fn codes(text: &str) -> Vec<(String, &'static str)> {
    match Scenario::from_toml(text).map(|s| s.validate()) {
        Ok(Ok(_)) => vec![],
        Ok(Err(e)) => e
            .problems
            .iter()
            .map(|p| (p.path.clone(), p.code))
            .collect(),
        Err(e) => e.problems().into_iter().map(|p| (p.path, p.code)).collect(),
    }
}

fn assert_code(text: &str, path: &str, code: &str) {
    let got = codes(text);
    assert!(
        got.iter().any(|(p, c)| p == path && *c == code),
        "expected {code} at {path}, got {got:?}"
    );
}

#[test]
fn base_is_valid() {
    assert_eq!(codes(BASE), vec![]);
}

#[test]
fn each_code_is_reported_at_its_path() {
    let cases: &[(&str, &str, &str, &str)] = &[
        ("id = \"S1\"", "id = \"\"", "source[#0].id", "id.empty"),
        ("id = \"D1\"", "id = \"S1\"", "sink[S1].id", "id.duplicate"),
        (
            "enterprise = \"E1\"\nflow = 50",
            "enterprise = \"E9\"\nflow = 50",
            "source[S1].enterprise",
            "ref.unknown_enterprise",
        ),
        (
            "reject_to = \"WW\"",
            "reject_to = \"XX\"",
            "treatment[RO].reject_to",
            "ref.unknown_discharge",
        ),
        (
            "reject_to = \"WW\"",
            "reject_to = \"D1\"",
            "treatment[RO].reject_to",
            "ref.unknown_discharge",
        ),
        (
            "reject_to = \"WW\"\n",
            "\n",
            "treatment[RO].reject_to",
            "reject_to.missing",
        ),
        (
            "recovery = 0.7",
            "recovery = 1.0",
            "treatment[RO].reject_to",
            "reject_to.unused",
        ),
        (
            "[\"COD\", \"TDS\"]",
            "[\"COD\", \"COD\"]",
            "contaminants[1]",
            "contaminant.duplicate",
        ),
        (
            "max_conc = { COD = 20 }",
            "max_conc = { BOD = 20 }",
            "sink[D1].max_conc.BOD",
            "contaminant.undeclared",
        ),
        (
            "conc = { COD = 50, TDS = 500 }",
            "conc = { COD = 50 }",
            "source[S1].conc.TDS",
            "conc.missing",
        ),
        (
            "flow = 50",
            "flow = nan",
            "source[S1].flow",
            "number.not_finite",
        ),
        (
            "flow = 50",
            "flow = inf",
            "source[S1].flow",
            "number.not_finite",
        ),
        (
            "flow = 50",
            "flow = -1",
            "source[S1].flow",
            "number.negative",
        ),
        (
            "price = 1.0",
            "price = -0.5",
            "intake[FW].price",
            "number.negative",
        ),
        (
            "recovery = 0.7",
            "recovery = 0.0",
            "treatment[RO].recovery",
            "number.out_of_range",
        ),
        (
            "recovery = 0.7",
            "recovery = 1.5",
            "treatment[RO].recovery",
            "number.out_of_range",
        ),
        (
            "name = \"base\"",
            "name = \"base\"\nhours_per_year = 0",
            "park.hours_per_year",
            "number.not_positive",
        ),
        (
            "name = \"base\"",
            "name = \"base\"\nflow_unit = \"l/s\"",
            "park.flow_unit",
            "unit.unknown",
        ),
        (
            "kind = \"surface\"",
            "kind = \"bottled\"",
            "intake[FW].kind",
            "kind.unknown",
        ),
        (
            "max_conc = { COD = 20 }",
            "max_conc = { COD = 20 }\naccepts = [\"pipe\"]",
            "sink[D1].accepts[0]",
            "kind.unknown",
        ),
        ("flow = 80\n", "\n", "sink[D1].flow", "sink.flow_spec"),
        (
            "flow = 80\n",
            "flow = 80\nmin_flow = 10\n",
            "sink[D1].flow",
            "sink.flow_spec",
        ),
        (
            "flow = 80\n",
            "min_flow = 90\nmax_flow = 80\n",
            "sink[D1].min_flow",
            "sink.flow_range",
        ),
        (
            "max_conc = { COD = 20 }",
            "max_conc = { COD = 20 }\ngrade = \"GB0/none\"",
            "sink[D1].grade",
            "grade.unknown",
        ),
        (
            "name = \"base\"",
            "name = \"base\"\npipe_cost = 0.1",
            "source[S1].location",
            "location.required",
        ),
    ];
    for &(from, to, path, code) in cases {
        assert!(BASE.contains(from), "case text {from:?} not in base");
        assert_code(&BASE.replacen(from, to, 1), path, code);
    }
    let appended: &[(&str, &str, &str)] = &[
        (
            "[[forbid]]\nfrom = \"NOPE*\"\nto = \"D1\"\n",
            "forbid[0].from",
            "forbid.no_match",
        ),
        (
            "[objective]\nminimize = \"water\"\n",
            "objective.minimize[0]",
            "objective.unknown",
        ),
        (
            "[objective]\nminimize = [\"cost\", \"cost\"]\n",
            "objective.minimize[1]",
            "objective.duplicate",
        ),
        (
            "[policy]\nmin_reuse_rate = 1.2\n",
            "policy.min_reuse_rate",
            "number.out_of_range",
        ),
    ];
    for &(extra, path, code) in appended {
        assert_code(&format!("{BASE}{extra}"), path, code);
    }
}

#[test]
fn file_level_errors_have_codes() {
    assert_eq!(
        codes("contaminants = [\"C\"]\n[[sink]]\nid = \"D\"\nflwo = 3\n"),
        vec![("sink[D].flwo".to_string(), "file.syntax")]
    );
    assert_eq!(codes("contaminants = \n")[0].1, "file.syntax");
    let err = Scenario::from_path("/definitely/missing.toml").unwrap_err();
    assert_eq!(err.code(), "file.unreadable");
}

#[test]
fn naming_a_plugin_without_its_host_is_an_error() {
    let text = format!("plugins = [\"cooling-tower\"]\n{BASE}");
    assert_code(&text, "plugins[0]", "plugin.not_loaded");
}

#[test]
fn too_many_entities_is_refused_before_solving() {
    let mut s = Scenario::from_toml(BASE).unwrap();
    let proto = s.sources[0].clone();
    s.sources = (0..=parkwater_core::validate::MAX_ENTITIES)
        .map(|i| {
            let mut x = proto.clone();
            x.id = format!("S{i}");
            x
        })
        .collect();
    let e = s.validate().unwrap_err();
    assert!(e.codes().contains(&"entities.too_many"));
}

#[test]
fn ten_mistakes_are_all_reported_sorted() {
    let broken = BASE
        .replacen("id = \"S1\"", "id = \"FW\"", 1) // 1 duplicate id
        .replacen("enterprise = \"E1\"\nflow = 50", "enterprise = \"E7\"\nflow = -50", 1) // 2 unknown enterprise, 3 negative
        .replacen("conc = { COD = 50, TDS = 500 }", "conc = { COD = 50, PH = 7 }", 1) // 4 undeclared, 5 missing TDS
        .replacen("kind = \"surface\"", "kind = \"lake\"", 1) // 6 unknown kind
        .replacen("recovery = 0.7", "recovery = 2", 1) // 7 out of range
        .replacen("flow = 80\n", "min_flow = 5\n", 1) // 8 range without max_flow
        .replacen("max_conc = { COD = 500 }", "max_conc = { COD = 500 }\ngrade = \"nope\"", 1) // 9 grade
        + "[objective]\nminimize = \"profit\"\n"; // 10 objective
    let got = codes(&broken);
    let distinct: std::collections::BTreeSet<_> = got.iter().collect();
    assert!(distinct.len() >= 10, "{got:#?}");
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(
        got.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        sorted.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
}

/// Problems of a scenario text that fails to parse: (path, code, message).
fn parse_problems(text: &str, format: Format) -> Vec<(String, &'static str, String)> {
    let e = Scenario::from_str_as(text, format, Path::new("park.toml")).unwrap_err();
    assert!(matches!(e, ParseError::Fields(_)), "{e}");
    e.problems()
        .into_iter()
        .map(|p| (p.path, p.code, p.message))
        .collect()
}

#[test]
fn a_wrong_type_names_entity_field_and_position_in_toml() {
    let text = BASE.replacen("flow = 80", "flow = \"five\"", 1);
    let got = parse_problems(&text, Format::Toml);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "sink[D1].flow");
    assert_eq!(got[0].1, "type.mismatch");
    assert_eq!(
        got[0].2,
        "expected a number, found the string \"five\" (park.toml:20:8)"
    );
    let e = Scenario::from_str_as(&text, Format::Toml, Path::new("park.toml")).unwrap_err();
    assert!(
        e.to_string().contains(
            "sink[D1].flow: expected a number, found the string \"five\" (park.toml:20:8) [type.mismatch]"
        ),
        "{e}"
    );
}

#[test]
fn a_wrong_type_names_entity_field_and_position_in_json() {
    let model = Scenario::from_toml(BASE).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&model.to_json()).unwrap();
    json["sink"][0]["flow"] = serde_json::json!("five");
    json["treatment"][0]["max_flow"] = serde_json::json!([1, 2]);
    let text = serde_json::to_string_pretty(&json).unwrap();
    let got = parse_problems(&text, Format::Json);
    let paths: Vec<(&str, &str)> = got.iter().map(|(p, c, _)| (p.as_str(), *c)).collect();
    assert_eq!(
        paths,
        vec![
            ("sink[D1].flow", "type.mismatch"),
            ("treatment[RO].max_flow", "type.mismatch")
        ]
    );
    assert!(got[0]
        .2
        .starts_with("expected a number, found the string \"five\" (park.toml:"));
    assert!(
        got[1].2.starts_with("expected a number, found a list"),
        "{got:?}"
    );
    // The line is that of the value in the JSON text.
    let line = text.lines().position(|l| l.contains("\"five\"")).unwrap() + 1;
    assert!(
        got[0].2.contains(&format!(":{line}:")),
        "{got:?} line {line}"
    );
}

#[test]
fn every_parse_problem_is_reported_at_once() {
    let text = BASE
        .replacen("kind = \"surface\"\n", "", 1) // intake[FW].kind missing
        .replacen("price = 1.0", "price = \"cheap\"", 1) // wrong type
        .replacen("flow = 50", "flow = 50\nflwo = 3", 1) // unknown field
        .replacen("max_conc = { COD = 20 }", "max_conc = { COD = true }", 1) // wrong type in a map
        .replacen("recovery = 0.7", "recovery = [0.7]", 1) // list for a number
        .replacen("[[discharge]]\nid = \"WW\"", "[[discharge]]\nid = 7", 1); // id a number
    let got = parse_problems(&text, Format::Toml);
    let paths: Vec<(&str, &str)> = got.iter().map(|(p, c, _)| (p.as_str(), *c)).collect();
    assert_eq!(
        paths,
        vec![
            ("discharge[0].id", "type.mismatch"),
            ("intake[FW].kind", "field.missing"),
            ("intake[FW].price", "type.mismatch"),
            ("sink[D1].max_conc.COD", "type.mismatch"),
            ("source[S1].flwo", "file.syntax"),
            ("treatment[RO].recovery", "type.mismatch"),
        ],
        "{got:#?}"
    );
    let missing = &got[1].2;
    assert!(
        missing.starts_with("required field is missing (park.toml:"),
        "{missing}"
    );
    let unknown = &got[4].2;
    assert!(
        unknown.contains("unknown field `flwo`") && unknown.contains("flow"),
        "{unknown}"
    );
}

#[test]
fn a_missing_required_field_is_named() {
    let text = BASE.replacen("kind = \"surface\"\n", "", 1);
    let e = Scenario::from_str_as(&text, Format::Toml, Path::new("park.toml")).unwrap_err();
    assert_eq!(e.code(), "field.missing");
    assert!(
        e.to_string()
            .contains("intake[FW].kind: required field is missing (park.toml:"),
        "{e}"
    );
    // A constraint without its sense, and a top-level key after a table.
    let text = format!("{BASE}[[constraint]]\nlabel = \"x\"\nrhs = 1\nterm = []\n");
    let got = parse_problems(&text, Format::Toml);
    assert_eq!(got[0].0, "constraint[0].sense", "{got:?}");
    let text = "[park]\nname = \"p\"\ncontaminants = [\"COD\"]\n";
    let got = parse_problems(text, Format::Toml);
    assert_eq!(got[0].0, "contaminants");
    assert_eq!(got[0].1, "field.missing");
    assert_eq!(got[1].0, "park.contaminants");
    assert!(got[1].2.contains("before the first [table]"), "{got:?}");
}

/// A source's or a sink's own `location` is where its pipes start or end
/// (its enterprise's only when absent): with a piping cost, a park whose
/// streams carry their own locations validates, and moving a sink away
/// makes its water dearer. (Validation used to ask for the enterprise's
/// location and the LP measured pipes from it, ignoring the stream's own.)
#[test]
fn own_locations_of_sources_and_sinks_count() {
    let located = BASE
        .replacen("name = \"base\"", "name = \"base\"\npipe_cost = 0.1", 1)
        .replacen("price = 1.0", "price = 1.0\nlocation = [0.0, 0.0]", 1)
        .replacen("flow = 50", "flow = 50\nlocation = [1.0, 0.0]", 1)
        .replacen("flow = 80", "flow = 80\nlocation = [2.0, 0.0]", 1)
        .replacen(
            "reject_to = \"WW\"",
            "reject_to = \"WW\"\nlocation = [0.0, 1.0]",
            1,
        )
        .replacen(
            "max_conc = { COD = 500 }",
            "max_conc = { COD = 500 }\nlocation = [0.0, 2.0]",
            1,
        );
    let cost = |text: &str| {
        let model = Scenario::from_toml(text).unwrap().validate().unwrap();
        let report = parkwater_core::solve(&model, &Default::default()).unwrap();
        assert_eq!(report.status, parkwater_core::Status::Optimal);
        report.kpis.cost_per_year
    };
    let near = cost(&located);
    let far = cost(&located.replacen("location = [2.0, 0.0]", "location = [40.0, 0.0]", 1));
    assert!(far > near + 1.0, "near {near}, far {far}");
}
