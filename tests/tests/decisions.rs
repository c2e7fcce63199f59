//! Decisions: variant files, diff, compare (signs and payback), sweeps
//! (rows equal independent solves; failing points do not stop them), and
//! shadow prices checked against finite differences.
//!
//! Written against entity ids of the demo park likely to survive its
//! rewrites (intakes SW and TAP, treatment RO, outfall OUT, the policy), and
//! checking signs and arithmetic rather than today's figures.

use parkwater_core::scenario::path::ScenarioPath;
use parkwater_core::scenario::variant;
use parkwater_core::{Scenario, SolveOptions, Status};
use parkwater_study::explain::{explain, Lever};
use parkwater_tests::{parkwater, root};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const DEMO: &str = "scenarios/lianyungang-demo.toml";
const VARIANTS: [&str; 5] = [
    "scenarios/variants/ro-retrofit.toml",
    "scenarios/variants/price-rise.toml",
    "scenarios/variants/tight-discharge.toml",
    "scenarios/variants/reuse-92.toml",
    "scenarios/variants/drought-permit-cut.toml",
];

/// A variant of the demo park in a temporary folder (extends by absolute path).
fn demo_variant(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    let text = format!(
        "extends = {:?}\n{body}",
        root().join(DEMO).display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn rel_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn bundled_variants_resolve_and_differ_from_the_base_by_their_settings() {
    for v in VARIANTS {
        let run = parkwater(&["check", v]);
        assert_eq!(run.code, 0, "{v}: {}", run.stderr);
        // Every [set] path of the variant shows up in `diff`, and nothing else.
        let text = std::fs::read_to_string(root().join(v)).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        let sets: Vec<&String> = table["set"].as_table().unwrap().keys().collect();
        let diff = parkwater(&["diff", DEMO, v, "--format", "json"]).json();
        // (Empty when the base already holds the variant's values.)
        let changes = diff.as_array().unwrap();
        for c in changes {
            let path = c["path"].as_str().unwrap();
            assert!(
                sets.iter()
                    .any(|s| s.starts_with(path) || path.starts_with(s.as_str())),
                "{v}: {path} changed but is not set"
            );
        }
        for s in &sets {
            let resolved = variant::load(&root().join(v)).unwrap().scenario;
            let value = serde_json::to_value(&resolved).unwrap();
            let got = ScenarioPath::parse(s)
                .unwrap()
                .get(&value)
                .unwrap()
                .cloned();
            let want = serde_json::to_value(&table["set"][s.as_str()]).unwrap();
            assert_eq!(got.and_then(|g| g.as_f64()), want.as_f64(), "{v}: {s}");
        }
    }
}

#[test]
fn variant_errors_name_the_file_the_path_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let bad = demo_variant(
        dir.path(),
        "bad.toml",
        "remove = [\"source[NO-SUCH]\"]\n[set]\n\"intake[NOPE].price\" = 2.0\n\"intake[SW].price\" = \"cheap\"\n\"treatment[RO].max_flw\" = 1\n",
    );
    let run = parkwater(&["check", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for needle in [
        "bad.toml",
        "source[NO-SUCH]",
        "intake[NOPE].price",
        "variant.unknown_entity",
        "intake[SW].price",
        "variant.wrong_type",
    ] {
        assert!(
            run.stderr.contains(needle),
            "{needle} not in:\n{}",
            run.stderr
        );
    }
    // The misspelt field is found once the others are fixed, by its path.
    let typo = demo_variant(
        dir.path(),
        "typo.toml",
        "[set]\n\"treatment[RO].max_flw\" = 1\n",
    );
    let run = parkwater(&["check", typo.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1);
    let message = run.json()["problems"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("treatment[RO].max_flw") && message.contains("unknown field"),
        "{message}"
    );
    // A cycle of extends.
    std::fs::write(dir.path().join("a.toml"), "extends = \"b.toml\"\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "extends = \"a.toml\"\n").unwrap();
    let run = parkwater(&["check", dir.path().join("a.toml").to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("variant.cycle"), "{}", run.stderr);
}

#[test]
fn an_optional_field_the_base_leaves_out_can_be_set() {
    // TAP has no permit in the demo: the path creates it.
    let dir = tempfile::tempdir().unwrap();
    let v = demo_variant(
        dir.path(),
        "permit.toml",
        "[set]\n\"intake[TAP].max_flow\" = 123.0\n",
    );
    let s = variant::load(&v).unwrap().scenario;
    let tap = s.intakes.iter().find(|i| i.id == "TAP").unwrap();
    assert_eq!(tap.max_flow, Some(123.0));
}

#[test]
fn compare_gives_verified_solutions_with_the_expected_signs() {
    let mut args = vec!["compare", DEMO, "--format", "json"];
    args.extend(VARIANTS);
    let run = parkwater(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let c = run.json();
    let rows = c["entries"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no row {name}"))
            .clone()
    };
    for r in rows {
        assert_eq!(r["status"], "optimal", "{}: {}", r["name"], r["note"]);
    }
    let base_cost = rows[0]["figures"]["cost"].as_f64().unwrap();
    let d = |r: &Value, k: &str| r["delta"][k].as_f64().unwrap();
    let tiny = 1e-6 * base_cost;
    // Dearer water, a tighter permit, a cut permit: never cheaper.
    for name in ["price rise", "tightened discharge", "drought permit cut"] {
        assert!(
            d(&row(name), "cost") >= -tiny,
            "{name}: {}",
            d(&row(name), "cost")
        );
    }
    // A cheaper RO: never dearer, and its payback is capital / annual saving.
    let ro = row("RO retrofit");
    let saved = -d(&ro, "cost");
    assert!(saved >= -tiny, "{saved}");
    let capex = ro["figures"]["capex"].as_f64().unwrap();
    assert_eq!(capex, 6.0e6);
    if saved > tiny {
        let payback = ro["payback_years"].as_f64().unwrap();
        assert!(
            rel_close(payback, capex / saved, 1e-12),
            "{payback} vs {}",
            capex / saved
        );
    } else {
        assert!(ro["payback_years"].is_null());
    }
    // The 92 % target holds.
    assert!(
        row("92 % reuse target")["figures"]["reuse_rate"]
            .as_f64()
            .unwrap()
            >= 0.92 - 1e-9
    );
    // Each delta is the row's figure minus the base's.
    for r in &rows[1..] {
        for k in ["freshwater", "discharge", "cost"] {
            let want = r["figures"][k].as_f64().unwrap() - rows[0]["figures"][k].as_f64().unwrap();
            assert!(rel_close(d(r, k), want, 1e-12), "{} {k}", r["name"]);
        }
    }
}

#[test]
fn the_reuse_target_and_the_permit_cut_act_as_stated() {
    let options = SolveOptions::default();
    // The 92 % target against the same park with no target at all.
    let with = variant::load(&root().join(VARIANTS[3])).unwrap().scenario;
    let mut without = serde_json::to_value(&with).unwrap();
    ScenarioPath::parse("policy.min_reuse_rate")
        .unwrap()
        .remove(&mut without)
        .unwrap();
    let without: Scenario = serde_json::from_value(without).unwrap();
    let solve = |s: &Scenario| parkwater_core::solve(&s.validate().unwrap(), &options).unwrap();
    let (a, b) = (solve(&with), solve(&without));
    assert_eq!((a.status, b.status), (Status::Optimal, Status::Optimal));
    assert!(a.kpis.cost_per_year >= b.kpis.cost_per_year - 1e-6 * b.kpis.cost_per_year);
    assert!(a.kpis.reuse_rate >= 0.92 - 1e-9);
    // The drought cut: surface water within the cut permit.
    let cut = variant::load(&root().join(VARIANTS[4])).unwrap().scenario;
    let r = solve(&cut);
    assert_eq!(r.status, Status::Optimal);
    assert!(r.kpis.freshwater_by_intake["SW"] <= 5600.0 * (1.0 + 1e-9));
}

#[test]
fn an_infeasible_variant_shows_its_diagnosis_and_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let dry = demo_variant(
        dir.path(),
        "dry.toml",
        "[variant]\nname = \"dry\"\n[set]\n\"policy.max_intake\" = 1.0\n",
    );
    let run = parkwater(&[
        "compare",
        DEMO,
        dry.to_str().unwrap(),
        VARIANTS[1],
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = run.json()["entries"].as_array().unwrap().clone();
    assert_eq!(rows[1]["status"], "infeasible");
    assert!(!rows[1]["note"].as_str().unwrap().is_empty(), "{}", rows[1]);
    assert_eq!(rows[2]["status"], "optimal");
}

/// Parses the CLI's CSV (no quoted fields in these sweeps).
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn sweep_rows_equal_independent_solves() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep.csv");
    let run = parkwater(&[
        "sweep",
        DEMO,
        "--vary",
        "intake[SW].price=0.8:1.6:3",
        "--vary",
        "treatment[RO].opex=1.5,3.5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (header, rows) = csv_rows(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(rows.len(), 6);
    assert_eq!(
        &header[..3],
        ["intake[SW].price", "treatment[RO].opex", "status"]
    );
    assert_eq!(header.last().unwrap(), "error");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[col("status")], "optimal");
        // The same point, solved on its own from a variant file.
        let v = demo_variant(
            dir.path(),
            &format!("p{i}.toml"),
            &format!(
                "[set]\n\"intake[SW].price\" = {}\n\"treatment[RO].opex\" = {}\n",
                row[0], row[1]
            ),
        );
        let alone = parkwater(&["solve", v.to_str().unwrap(), "--format", "json"]).json();
        for (column, value) in [
            ("objective.cost", &alone["objective"]["cost"]),
            ("kpis.freshwater", &alone["kpis"]["freshwater"]),
            ("kpis.discharge", &alone["kpis"]["discharge"]),
            ("kpis.reuse_rate", &alone["kpis"]["reuse_rate"]),
            ("kpis.cost.intake", &alone["kpis"]["cost"]["intake"]),
        ] {
            let swept: f64 = row[col(column)].parse().unwrap();
            assert!(
                rel_close(swept, value.as_f64().unwrap(), 1e-9),
                "point {i} {column}: {swept} vs {value}"
            );
        }
    }
    // Dearer surface water never lowers the cost (same RO opex).
    let cost = |r: &Vec<String>| r[col("objective.cost")].parse::<f64>().unwrap();
    assert!(cost(&rows[0]) <= cost(&rows[2]) && cost(&rows[2]) <= cost(&rows[4]));
}

#[test]
fn a_failing_point_does_not_stop_a_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep.parquet");
    let run = parkwater(&[
        "sweep",
        DEMO,
        "--vary",
        "intake[SW].price=-1,1",
        "--vary",
        "policy.max_intake=1,100000",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    // The same sweep as CSV on stdout: every point has its row.
    let run = parkwater(&[
        "sweep",
        DEMO,
        "--vary",
        "intake[SW].price=-1,1",
        "--vary",
        "policy.max_intake=1,100000",
    ]);
    let (header, rows) = {
        // The error texts hold commas: read only the first columns.
        let mut lines = run.stdout.lines();
        let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
        (header, lines.map(String::from).collect::<Vec<_>>())
    };
    assert_eq!(header[2], "status");
    assert_eq!(rows.len(), 4, "{}", run.stdout);
    let status: Vec<&str> = rows.iter().map(|r| r.split(',').nth(2).unwrap()).collect();
    assert_eq!(status, ["invalid", "invalid", "infeasible", "optimal"]);
    assert!(
        rows[0].contains("intake[SW].price") && rows[0].contains("number.negative"),
        "{}",
        rows[0]
    );
    assert!(run.stderr.contains("3 of 4 points"), "{}", run.stderr);
}

/// Re-solves with `path` moved by `h` and returns the objective change per unit.
fn fd_rate(base: &Scenario, objective: &str, path: &str, value: f64, h: f64, z0: f64) -> f64 {
    let base = serde_json::to_value(base).unwrap();
    let (_, mut model) = parkwater_study::variant_model(
        &base,
        &[(ScenarioPath::parse(path).unwrap(), json!(value + h))],
    )
    .unwrap();
    model.objectives.truncate(1);
    let r = parkwater_core::solve(&model, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, Status::Optimal, "{path} = {}", value + h);
    (r.objective[objective] - z0) / h
}

fn check_rates(scenario: &Scenario, must_have: &[Lever]) {
    let options = SolveOptions::default();
    let e = explain(scenario, None, &options, 100).unwrap();
    for lever in must_have {
        assert!(
            e.sentences.iter().any(|s| s.lever == *lever),
            "no {lever:?} sentence in {:#?}",
            e.sentences.iter().map(|s| &s.text).collect::<Vec<_>>()
        );
    }
    for s in &e.sentences {
        // A step ten thousand times smaller than the sentence's stays clear
        // of breakpoints (on the demo, the reuse target's next breakpoint is
        // 1.7e-5 away): the dual's rate must match it within 1 %.
        let h = s.step * 1e-4;
        let fd = fd_rate(scenario, &e.objective, &s.path, s.current, h, e.value);
        assert!(
            (fd - s.rate).abs() <= 0.01 * s.rate.abs() + 1e-9 * e.value.abs(),
            "{}: dual rate {} vs finite difference {fd}",
            s.path,
            s.rate
        );
        // The sentence's own check either agrees or names the breakpoint.
        let c = s.check.as_ref().unwrap();
        assert!(
            c.agrees || c.breakpoint || c.small_step_actual.is_some(),
            "{}: {}",
            s.text,
            c.text
        );
        if c.agrees {
            assert!(c.rel_error <= 0.01, "{}", c.text);
        }
    }
}

#[test]
fn dual_marginal_values_agree_with_finite_differences() {
    let levers = Scenario::from_path(root().join("tests/data/decisions/levers.toml")).unwrap();
    check_rates(&levers, &[Lever::Capacity, Lever::Permit, Lever::SinkLimit]);

    // The demo park with its permit, outfall load cap and reuse target made
    // binding, at levels derived from its own optimum (not today's figures).
    let demo = Scenario::from_path(root().join(DEMO)).unwrap();
    let r = parkwater_core::solve(&demo.validate().unwrap(), &SolveOptions::default()).unwrap();
    let sw = r.kpis.freshwater_by_intake["SW"];
    let load = r.kpis.discharged_load_kg_h["COD"];
    let value = serde_json::to_value(&demo).unwrap();
    // The load cap is on outfall OUT, while the park's load counts every
    // outfall (ZLD too): the first cap, from 90 % of the park's load down,
    // that binds at OUT is the one checked.
    let mut checked = false;
    for share in [0.9, 0.75, 0.6, 0.45, 0.3] {
        let (tight, _) = parkwater_study::variant_model(
            &value,
            &[
                (
                    ScenarioPath::parse("intake[SW].max_flow").unwrap(),
                    json!(0.98 * sw),
                ),
                (
                    ScenarioPath::parse("discharge[OUT].max_load.COD").unwrap(),
                    json!(share * load),
                ),
            ],
        )
        .unwrap();
        let binds = explain(&tight, None, &SolveOptions::default(), 100)
            .is_ok_and(|e| e.sentences.iter().any(|s| s.lever == Lever::LoadCap));
        if binds {
            check_rates(&tight, &[Lever::Permit, Lever::LoadCap]);
            checked = true;
            break;
        }
    }
    assert!(
        checked,
        "no COD load cap on OUT between 30 % and 90 % of the park's load binds"
    );
    let reuse = r.kpis.reuse_rate;
    let (target, _) = parkwater_study::variant_model(
        &value,
        &[(
            ScenarioPath::parse("policy.min_reuse_rate").unwrap(),
            json!(reuse + 0.1 * (1.0 - reuse) * 0.01),
        )],
    )
    .unwrap();
    check_rates(&target, &[Lever::ReuseTarget]);
}

#[test]
fn explain_and_pareto_on_the_command_line() {
    let run = parkwater(&[
        "explain",
        "tests/data/decisions/levers.toml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e = run.json();
    let sentences = e["sentences"].as_array().unwrap();
    // Largest effect first.
    let effects: Vec<f64> = sentences
        .iter()
        .map(|s| s["effect"].as_f64().unwrap().abs())
        .collect();
    assert!(effects.windows(2).all(|w| w[0] >= w[1]), "{effects:?}");
    assert!(sentences.iter().any(|s| s["text"]
        .as_str()
        .unwrap()
        .starts_with("one more t/h of capacity at treatment RO saves")));

    let dir = tempfile::tempdir().unwrap();
    let run = parkwater(&[
        "pareto",
        "tests/data/decisions/levers.toml",
        "--points",
        "5",
        "--format",
        "json",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let f = run.json();
    let points = f["points"].as_array().unwrap();
    assert_eq!(points.len(), 5);
    let mut last: Option<(f64, f64)> = None;
    for p in points {
        assert_eq!(p["status"], "optimal");
        let (x, y) = (p["x"].as_f64().unwrap(), p["y"].as_f64().unwrap());
        assert!(x <= p["cap"].as_f64().unwrap() * (1.0 + 1e-9));
        if let Some((x0, y0)) = last {
            // Less freshwater never costs less.
            assert!(
                x <= x0 + 1e-9 && y >= y0 - 1e-6 * y0.abs(),
                "{x0},{y0} -> {x},{y}"
            );
        }
        last = Some((x, y));
        assert!(p["marginal"].as_f64().unwrap() >= -1e-9);
    }
    let svg = std::fs::read_to_string(dir.path().join("front.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("freshwater"));
    assert!(dir.path().join("front.csv").exists());
}

#[test]
fn solve_table_has_an_explain_section() {
    let run = parkwater(&["solve", "tests/data/decisions/levers.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("explain (cost):"), "{}", run.stdout);
    assert!(
        run.stdout.contains("of capacity at treatment RO saves"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("checked: re-solved with"),
        "{}",
        run.stdout
    );
}

#[test]
fn ctrl_c_writes_the_rows_finished_so_far() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep.csv");
    let child = std::process::Command::new(parkwater_tests::binary())
        .args([
            "sweep",
            DEMO,
            "--vary",
            "intake[SW].price=0.5:2.5:40",
            "--vary",
            "treatment[RO].opex=1:4:50",
            "--jobs",
            "1",
            "--out",
            out.to_str().unwrap(),
        ])
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // 2 000 points take tens of seconds; interrupt after a few.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    let rows = text.lines().count() - 1;
    assert!(text.starts_with("intake[SW].price,treatment[RO].opex,status"));
    assert!(rows < 2000, "{rows} rows");
    // The rows written are whole points, in order, each solved.
    for line in text.lines().skip(1) {
        assert_eq!(line.split(',').nth(2), Some("optimal"), "{line}");
    }
}

#[test]
fn compare_writes_a_report_with_a_column_per_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("compare.html");
    let run = parkwater(&[
        "compare",
        "scenarios/lianyungang-demo.toml",
        "scenarios/variants/price-rise.toml",
        "scenarios/variants/drought-permit-cut.toml",
        "--report",
        html.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") || page.starts_with("<!doctype html>"));
    for name in ["price rise", "drought permit cut"] {
        assert!(
            page.contains(name),
            "{name} missing from the compare report"
        );
    }
    // Self-contained: nothing is fetched from elsewhere.
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
}
