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
