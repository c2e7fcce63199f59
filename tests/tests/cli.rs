//! The command-line contract: formats, files, exit codes.

use parkwater_tests::{parkwater, root};

const POLLEY: &str = "scenarios/polley-polley-2000.toml";

#[test]
fn json_output_follows_the_contract() {
    let r = parkwater(&["solve", POLLEY, "--format", "json"]).json();
    for key in [
        "status",
        "objective",
        "kpis",
        "flows",
        "rejects",
        "verification",
        "duals",
    ] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    for key in [
        "freshwater",
        "discharge",
        "reused",
        "regenerated",
        "reuse_rate",
        "cost_per_year",
    ] {
        assert!(r["kpis"][key].is_number(), "kpis.{key}");
    }
    let flows = r["flows"].as_array().unwrap();
    assert!(flows.iter().all(|f| f["flow"].as_f64().unwrap() > 0.0));
    assert!(flows.iter().any(|f| f["from"] == "FW"));
    for family in [
        "sink_flow",
        "sink_quality",
        "source_balance",
        "intake_cap",
        "treatment_balance",
    ] {
        assert!(r["duals"][family].is_object(), "duals.{family}");
    }
}

#[test]
fn check_accepts_valid_and_rejects_invalid() {
    let ok = parkwater(&["check", POLLEY]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "contaminants = [\"C\"]\n[[source]]\nid = \"S\"\nflow = -5\nconc = { C = 1 }\n",
    )
    .unwrap();
    let run = parkwater(&["check", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1);
    let r = run.json();
    assert_eq!(r["status"], "invalid");
    assert_eq!(r["problems"][0]["code"], "number.negative");
    assert_eq!(r["problems"][0]["path"], "source[S].flow");
    assert!(
        run.stderr.contains("bad.toml"),
        "stderr names the file: {}",
        run.stderr
    );
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.toml");
    std::fs::write(
        &bad,
        "contaminants = [\"C\"]\n[[source]]\nid = \"S\"\nflow = = 5\n",
    )
    .unwrap();
    let run = parkwater(&["solve", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("broken.toml:4:"), "{}", run.stderr);
}

#[test]
fn infeasible_scenario_exits_2_with_diagnosis() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("infeasible.toml");
    std::fs::write(
        &path,
        r#"contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 35 }
[[sink]]
id = "E3.D1"
flow = 10
max_conc = { COD = 20 }
"#,
    )
    .unwrap();
    let run = parkwater(&["solve", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let r = run.json();
    assert_eq!(r["status"], "infeasible");
    let conflicting = r["diagnosis"]["conflicting"].as_array().unwrap();
    assert!(
        conflicting
            .iter()
            .any(|c| c["family"] == "sink_quality" && c["entity"] == "E3.D1"),
        "{conflicting:?}"
    );
    assert!(run.stderr.contains("infeasible"));
}

#[test]
fn out_dir_gets_all_files_and_csv_and_dot_formats_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("result");
    let run = parkwater(&[
        "solve",
        POLLEY,
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("from,to,flow,kind\n"));
    for file in ["flows.csv", "kpis.json", "duals.csv", "report.json"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(!text.is_empty(), "{file}");
    }
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains(".tmp")));
    let dot = parkwater(&["solve", POLLEY, "--format", "dot"]);
    assert!(dot.stdout.starts_with("digraph parkwater {"));
    assert!(dot.stdout.contains("\"FW\""));
}

#[test]
fn objective_override_and_flow_units() {
    let r = parkwater(&[
        "solve",
        POLLEY,
        "--objective",
        "discharge,freshwater",
        "--format",
        "json",
    ])
    .json();
    assert!(r["objective"]["discharge"].as_f64().unwrap() <= 50.0 + 1e-6);
    // The same park in t/d reports 24x the flows.
    let text = std::fs::read_to_string(root().join(POLLEY)).unwrap();
    let daily: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("flow_unit"))
        .map(|l| {
            if l.trim() == "[park]" {
                "[park]\nflow_unit = \"t/d\"\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daily.toml");
    std::fs::write(&path, daily).unwrap();
    let run = parkwater(&["solve", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = run.json();
    assert_eq!(r["units"]["flow"], "t/d");
    assert!(
        (r["kpis"]["freshwater"].as_f64().unwrap() - 70.0).abs() < 1e-6,
        "t/d in, t/d out"
    );
}

#[test]
fn table_output_leads_with_kpis() {
    let run = parkwater(&["solve", POLLEY]);
    assert_eq!(run.code, 0);
    let kpi = run.stdout.find("freshwater intake").unwrap();
    let flows = run.stdout.find("from").unwrap();
    assert!(kpi < flows);
    assert!(run.stdout.contains("verification:"));
}

#[test]
fn bench_saves_the_synthetic_park_it_solves() {
    let dir = std::env::temp_dir().join(format!("parkwater-bench-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["park.json", "park.toml"] {
        let path = dir.join(file);
        let path = path.to_str().unwrap();
        let bench = parkwater(&[
            "bench", "--size", "30x30x2", "--family", "heavy", "--json", "--save", path,
        ]);
        let bench = bench.json();
        let solved = parkwater(&["solve", path, "--format", "json"]).json();
        assert_eq!(solved["status"], "optimal", "{file}");
        // The saved file is the park the bench solved: same objective values.
        let (a, b) = (&bench["solve"]["objective"], &solved["objective"]);
        for (name, value) in a.as_object().unwrap() {
            let (x, y) = (value.as_f64().unwrap(), b[name].as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                "{file} {name}: {x} vs {y}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_command_line_is_invalid_input_not_infeasible() {
    // clap exits 2 on usage errors; here 2 means an infeasible park.
    for args in [
        &["solve"][..],
        &["solve", POLLEY, "--pricing", "sometimes"],
        &["frobnicate"],
    ] {
        let r = parkwater(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.is_empty());
    }
    let help = parkwater(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("solve"));
}

/// A park with a user constraint, a forbidden arc and a treatment unit
/// with a reject, written to a temporary folder with plans to check.
const PLANNED: &str = r#"contaminants = ["COD"]
[park]
flow_unit = "t/d"
[[intake]]
id = "FW"
kind = "tap"
conc = { COD = 0 }
price = 1
[[source]]
id = "S"
flow = 1200
conc = { COD = 50 }
[[sink]]
id = "D"
flow = 1920
max_conc = { COD = 20 }
[[treatment]]
id = "RO"
outlet_conc = { COD = 5 }
recovery = 0.75
opex = 3
reject_to = "WW"
[[discharge]]
id = "WW"
[[forbid]]
from = "S"
to = "RO"
reason = "no membrane feed from S"
[[constraint]]
label = "S to D at most 480 t/d"
sense = "<="
rhs = 480
[[constraint.term]]
from = "S"
to = "D"
coef = 1
"#;

fn verify_json(dir: &std::path::Path, plan: serde_json::Value) -> (i32, serde_json::Value, String) {
    let scenario = dir.join("park.toml");
    std::fs::write(&scenario, PLANNED).unwrap();
    let file = dir.join("plan.json");
    std::fs::write(&file, plan.to_string()).unwrap();
    let run = parkwater(&[
        "verify",
        scenario.to_str().unwrap(),
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json = serde_json::from_str(&run.stdout).unwrap_or(serde_json::Value::Null);
    (run.code, json, run.stderr)
}

#[test]
fn verify_checks_a_hand_drawn_plan() {
    let dir = tempfile::tempdir().unwrap();
    // Flows in t/d, as the scenario states them: within every requirement.
    let good = serde_json::json!({"flows": [
        {"from": "FW", "to": "D", "flow": 1440.0},
        {"from": "S", "to": "D", "flow": 480.0},
        {"from": "S", "to": "WW", "flow": 720.0}]});
    let (code, r, err) = verify_json(dir.path(), good.clone());
    assert_eq!(code, 0, "{r} {err}");
    assert_eq!(r["status"], "verified");
    assert_eq!(r["flow_unit"], "t/d");
    assert!((r["freshwater"].as_f64().unwrap() - 1440.0).abs() < 1e-9);
    assert!(r["checks"].as_u64().unwrap() > 5);

    // 600 t/d from S to D: the constraint is broken (and D's quality:
    // 600 x 50 / 1920 = 15.6 mg/L is still fine), reported by label in t/d.
    let mut over = good.clone();
    over["flows"][0]["flow"] = serde_json::json!(1320.0);
    over["flows"][1]["flow"] = serde_json::json!(600.0);
    over["flows"][2]["flow"] = serde_json::json!(600.0);
    let (code, r, _) = verify_json(dir.path(), over);
    assert_eq!(code, 3, "{r}");
    let v = &r["violations"][0];
    assert_eq!(r["violated"], 1, "{r}");
    assert!(
        v["check"]
            .as_str()
            .unwrap()
            .contains("\"S to D at most 480 t/d\""),
        "{v}"
    );
    assert_eq!(
        (v["value"].as_f64(), v["limit"].as_f64()),
        (Some(600.0), Some(480.0))
    );
    assert_eq!(v["unit"], "t/d");

    // Through the forbidden arc S -> RO: named with the rule's reason; the
    // RO product balance is broken too (nothing leaves it).
    let mut forbidden = good.clone();
    forbidden["flows"][2]["flow"] = serde_json::json!(600.0);
    forbidden["flows"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"from": "S", "to": "RO", "flow": 120.0}));
    let (code, r, _) = verify_json(dir.path(), forbidden);
    assert_eq!(code, 3, "{r}");
    let checks: Vec<&str> = r["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["check"].as_str().unwrap())
        .collect();
    assert!(
        checks
            .iter()
            .any(|c| c.contains("S -> RO") && c.contains("no membrane feed from S")),
        "{checks:?}"
    );
    assert!(
        checks.iter().any(|c| c.contains("treatment RO product")),
        "{checks:?}"
    );

    // A stated reject that the flows do not give is noted, not trusted.
    let mut noted = good.clone();
    noted["rejects"] = serde_json::json!([{"from": "RO", "to": "WW", "flow": 5.0}]);
    let (code, r, _) = verify_json(dir.path(), noted);
    assert_eq!(code, 0, "{r}");
    assert!(r["notes"][0].as_str().unwrap().contains("rejects"), "{r}");
}

#[test]
fn verify_refuses_plans_that_are_not_plans_of_the_park() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            serde_json::json!({"status": "optimal"}),
            "flows",
            "field.missing",
        ),
        (
            serde_json::json!({"flows": {"from": "FW"}}),
            "flows",
            "type.mismatch",
        ),
        (
            serde_json::json!({"flows": [{"from": "FW", "to": "D", "flow": "lots"}]}),
            "flows[0]",
            "type.mismatch",
        ),
        (
            serde_json::json!({"flows": [{"from": "FW", "to": "D2", "flow": 1.0}]}),
            "flows[0].to",
            "plan.unknown_node",
        ),
        (
            serde_json::json!({"flows": [{"from": "D", "to": "WW", "flow": 1.0}]}),
            "flows[0].from",
            "plan.no_such_arc",
        ),
        (
            serde_json::json!({"flows": [{"from": "FW", "to": "WW", "flow": 1.0}]}),
            "flows[0]",
            "plan.no_such_arc",
        ),
        (
            serde_json::json!({"flows": [
                {"from": "FW", "to": "D", "flow": 1.0},
                {"from": "FW", "to": "D", "flow": 2.0}]}),
            "flows[1]",
            "plan.duplicate_arc",
        ),
    ];
    for (plan, path, code) in cases {
        let (exit, r, err) = verify_json(dir.path(), plan.clone());
        assert_eq!(exit, 1, "{plan}: {r} {err}");
        assert_eq!(r["status"], "invalid", "{plan}");
        assert!(
            r["problems"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["path"] == path && p["code"] == code),
            "{plan}: want {code} at {path}, got {r}"
        );
        assert!(err.contains("plan.json"), "{err}");
    }
    // Not JSON at all.
    let file = dir.path().join("plan.json");
    std::fs::write(&file, "flows: none").unwrap();
    let run = parkwater(&[
        "verify",
        dir.path().join("park.toml").to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("file.syntax"), "{}", run.stderr);
}

/// A solve not kept is told: in the JSON's `solver.fallbacks` and as a note
/// under the status in the table. The park is one where the full LP loses
/// the later objective of its list by rounding (`synth::found`), so
/// `--pricing off` ends by arc pricing.
#[test]
fn a_fallback_is_told_in_json_and_table() {
    let dir = tempfile::tempdir().unwrap();
    let park = dir.path().join("park.toml");
    let scenario = parkwater_core::synth::found::found("later-objective-lost-in-the-full-lp");
    std::fs::write(&park, scenario.to_toml()).unwrap();
    let park = park.to_str().unwrap();

    let r = parkwater(&["solve", park, "--pricing", "off", "--format", "json"]).json();
    assert_eq!(r["status"], "optimal");
    assert_eq!(r["solver"]["method"], "pricing");
    assert_eq!(
        r["solver"]["fallbacks"],
        serde_json::json!([{"method": "full", "because": "numerical_trouble", "then": "pricing"}])
    );

    let table = parkwater(&["solve", park, "--pricing", "off"]);
    assert!(
        table.stdout.lines().nth(1).is_some_and(|line| line
            == "  note: The full LP gave no trusted answer: the solver ran into numerical \
                trouble; the park was solved by arc pricing instead."),
        "{}",
        table.stdout
    );

    let kept = parkwater(&["solve", park, "--pricing", "on", "--format", "json"]).json();
    assert_eq!(kept["solver"]["fallbacks"], serde_json::json!([]));
}
