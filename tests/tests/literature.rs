//! Published cases through the CLI: minimum freshwater and wastewater within
//! 1e-6 relative, every solution verified within 1e-7.

use parkwater_tests::{expected, parkwater, rel, root};

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
fn shared_case_files_solve_directly() {
    let dir = root().join("../shared/cases");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{} not present; skipped", dir.display());
        return;
    };
    let mut checked = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let fw = case["expected"]["freshwater"].as_f64().unwrap();
        let ww = case["expected"]["wastewater"].as_f64().unwrap();
        check_solution(path.to_str().unwrap(), fw, ww);
        checked += 1;
    }
    assert!(checked >= 2);
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
