//! Published cases through the CLI: minimum freshwater and wastewater within
//! 1e-6 relative, every solution verified within 1e-7, and re-checked by
//! `parkwater verify` (exit 0), which refuses broken copies of it (exit 3,
//! naming the broken requirement). The case files the tests need are copied
//! in `tests/data/cases` (published facts); a missing one fails the test.

use parkwater_tests::{expected, parkwater, rel, root};

/// The published case files these tests carry.
const CASES: [&str; 2] = ["polley_polley_2000.json", "wang_smith_1994_ex1.json"];

/// `parkwater verify` on the solve's own answer exits 0; on copies broken
/// three ways it exits 3 and names what is broken.
fn verify_answer_and_broken_copies(path: &str, answer: &serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, plan: &serde_json::Value| {
        let file = dir.path().join(name);
        std::fs::write(&file, plan.to_string()).unwrap();
        file.to_str().unwrap().to_string()
    };
    let good = write("answer.json", answer);
    let run = parkwater(&["verify", path, &good, "--format", "json"]);
    assert_eq!(run.code, 0, "{path}: {}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["status"], "verified");
    // Only the flows are needed.
    let flows = serde_json::json!({"flows": answer["flows"]});
    let run = parkwater(&["verify", path, &write("flows.json", &flows)]);
    assert_eq!(run.code, 0, "{path}: {}{}", run.stdout, run.stderr);

    // 1. All fresh water withheld: the demands it fed go short.
    let mut broken = answer.clone();
    let list = broken["flows"].as_array_mut().unwrap();
    let fresh: Vec<String> = list
        .iter()
        .filter(|f| f["from"] == "FW" || f["from"].as_str().unwrap().starts_with("FW"))
        .map(|f| f["to"].as_str().unwrap().to_string())
        .collect();
    assert!(!fresh.is_empty(), "{path}: no fresh-water arc");
    list.retain(|f| !f["from"].as_str().unwrap().starts_with("FW"));
    let run = parkwater(&[
        "verify",
        path,
        &write("short.json", &broken),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 3, "{path}: {}{}", run.stdout, run.stderr);
    let r = run.json();
    assert_eq!(r["status"], "violated");
    let named: Vec<&str> = r["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["check"].as_str().unwrap())
        .collect();
    for sink in &fresh {
        assert!(
            named
                .iter()
                .any(|c| c.contains(&format!("sink {sink} receives"))),
            "{path}: {sink} not named in {named:?}"
        );
    }
    // 2. An effluent sent twice over: its balance is named.
    let mut broken = answer.clone();
    let arc = broken["flows"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| !f["from"].as_str().unwrap().starts_with("FW"))
        .unwrap();
    let source = arc["from"].as_str().unwrap().to_string();
    arc["flow"] = serde_json::json!(arc["flow"].as_f64().unwrap() * 2.0);
    let run = parkwater(&["verify", path, &write("double.json", &broken)]);
    assert_eq!(run.code, 3, "{path}: {}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains(&format!("all effluent of source {source} is routed")),
        "{path}: {}",
        run.stdout
    );
    assert!(run.stdout.contains("VIOLATED"), "{}", run.stdout);
    // 3. A node that is not in the park: invalid input, exit 1.
    let mut broken = answer.clone();
    broken["flows"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"from": "NOPE", "to": fresh[0], "flow": 1.0}));
    let run = parkwater(&["verify", path, &write("unknown.json", &broken)]);
    assert_eq!(run.code, 1, "{path}: {}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("flows[") && run.stderr.contains("NOPE"),
        "{}",
        run.stderr
    );
}

fn check_solution(path: &str, freshwater: f64, wastewater: f64) {
    let run = parkwater(&["solve", path, "--format", "json"]);
    assert_eq!(run.code, 0, "{path}: {}", run.stderr);
    let r = run.json();
    assert_eq!(r["status"], "optimal");
    let fw = r["kpis"]["freshwater"].as_f64().unwrap();
    let ww = r["kpis"]["discharge"].as_f64().unwrap();
    assert!(
        rel(fw, freshwater) <= 1e-6,
        "{path}: freshwater {fw} vs published {freshwater}"
    );
    assert!(
        rel(ww, wastewater) <= 1e-6,
        "{path}: wastewater {ww} vs published {wastewater}"
    );
    assert!(r["verification"]["max_violation"].as_f64().unwrap() <= 1e-7);
    verify_answer_and_broken_copies(path, &r);
}

#[test]
fn bundled_literature_scenarios_match_published_answers() {
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let Some(exp) = expected(&path) else { continue };
        let get = |k: &str| exp.iter().find(|(n, _)| n == k).map(|(_, v)| *v).unwrap();
        check_solution(path.to_str().unwrap(), get("freshwater"), get("wastewater"));
        checked += 1;
    }
    assert!(
        checked >= 2,
        "expected at least the two literature scenarios, found {checked}"
    );
}

#[test]
fn published_case_files_solve_directly() {
    let dir = root().join("tests/data/cases");
    for name in CASES {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (copy it from ../shared/cases)", path.display()));
        let case: serde_json::Value = serde_json::from_str(&text).unwrap();
        let fw = case["expected"]["freshwater"].as_f64().unwrap();
        let ww = case["expected"]["wastewater"].as_f64().unwrap();
        check_solution(path.to_str().unwrap(), fw, ww);
    }
}

#[test]
fn demo_park_solves_and_verifies() {
    let run = parkwater(&[
        "solve",
        "scenarios/lianyungang-demo.toml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = run.json();
    assert_eq!(r["status"], "optimal");
    assert!(r["verification"]["max_violation"].as_f64().unwrap() <= 1e-7);
    let k = &r["kpis"];
    let rate = k["reuse_rate"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&rate));
    // The cost objective equals the reported annual cost.
    let cost = r["objective"]["cost"].as_f64().unwrap();
    assert!(rel(cost, k["cost_per_year"].as_f64().unwrap()) < 1e-7);
}
