//! Reproducibility: the same scenario gives byte-identical JSON across runs
//! and thread counts, and the output names the engine, the solver and a
//! hash of the normalized scenario.

use parkwater_core::synth::{Family, SyntheticPark};
use parkwater_core::Scenario;
use parkwater_tests::{parkwater, root};

/// Runs `solve FILE --format json --threads T` five times per thread count
/// (1 and 2) and checks every output is the same bytes.
fn identical_across_runs_and_threads(file: &str, extra: &[&str], want_code: i32) -> String {
    let mut first: Option<String> = None;
    for threads in ["1", "2"] {
        for run in 0..5 {
            let mut args = vec!["solve", file, "--format", "json", "--threads", threads];
            args.extend_from_slice(extra);
            let r = parkwater(&args);
            assert_eq!(r.code, want_code, "{file} threads {threads}: {}", r.stderr);
            match &first {
                None => first = Some(r.stdout),
                Some(f) => assert!(
                    *f == r.stdout,
                    "{file}: run {run} with {threads} threads differs:\n{}",
                    first_difference(f, &r.stdout)
                ),
            }
        }
    }
    first.unwrap()
}

fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: {x}\n    vs: {y}", i + 1);
        }
    }
    format!("lengths {} vs {}", a.len(), b.len())
}

#[test]
fn demo_park_is_byte_identical() {
    let out = identical_across_runs_and_threads("scenarios/lianyungang-demo.toml", &[], 0);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        r["solver"]["engine"],
        format!("parkwater {}", env!("CARGO_PKG_VERSION"))
    );
    assert!(r["solver"]["solver"]
        .as_str()
        .unwrap()
        .starts_with("HiGHS 1."));
    let hash = r["scenario_hash"].as_str().unwrap();
    assert!(
        hash.starts_with("sha256:") && hash.len() == 7 + 64,
        "{hash}"
    );
}

#[test]
fn synthetic_park_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("heavy-60x60x3.toml");
    let park = SyntheticPark::size(60, 60, 3).with_family(Family::HeavyReuse);
    std::fs::write(&path, park.scenario().to_toml()).unwrap();
    identical_across_runs_and_threads(path.to_str().unwrap(), &[], 0);
    // The same park by arc pricing (several warm re-solves).
    identical_across_runs_and_threads(path.to_str().unwrap(), &["--pricing", "on"], 0);
}

#[test]
fn infeasible_diagnosis_is_byte_identical() {
    identical_across_runs_and_threads("tests/data/infeasible/intake-cap.toml", &[], 2);
}

#[test]
fn scenario_hash_ignores_layout_and_follows_figures() {
    let hash = |path: &std::path::Path| {
        let r = parkwater(&["solve", path.to_str().unwrap(), "--format", "json"]).json();
        r["scenario_hash"].as_str().unwrap().to_string()
    };
    let polley = root().join("scenarios/polley-polley-2000.toml");
    let base = hash(&polley);
    let dir = tempfile::tempdir().unwrap();
    // The same scenario as JSON, and as TOML without comments in another layout.
    let scenario = Scenario::from_path(&polley).unwrap();
    let json = dir.path().join("polley.json");
    std::fs::write(&json, scenario.to_json()).unwrap();
    assert_eq!(hash(&json), base, "TOML and JSON of one scenario");
    let toml = dir.path().join("polley.toml");
    std::fs::write(&toml, scenario.to_toml()).unwrap();
    assert_eq!(hash(&toml), base, "comments and layout");
    // One figure changed: another hash.
    let mut changed = scenario.clone();
    changed.sinks[0].flow = changed.sinks[0].flow.map(|f| f + 1.0);
    let other = dir.path().join("changed.toml");
    std::fs::write(&other, changed.to_toml()).unwrap();
    assert_ne!(hash(&other), base);
    // The objective list is part of the question.
    let r = parkwater(&[
        "solve",
        polley.to_str().unwrap(),
        "--format",
        "json",
        "--objective",
        "cost",
    ])
    .json();
    assert_ne!(r["scenario_hash"].as_str().unwrap(), base);
}

#[test]
fn json_figures_read_back_exactly() {
    // Found by the fuzz test: serde_json's default float parser is not
    // correctly rounded (386.6321584482434 came back as 386.63215844824333),
    // so a scenario written as JSON gave another model and another hash.
    let text = r#"{"contaminants": ["C"], "sink": [{"id": "D", "flow": 1, "max_conc": {"C": 386.6321584482434}}]}"#;
    let s = Scenario::from_json(text).unwrap();
    assert_eq!(s.sinks[0].max_conc["C"], 386.6321584482434);
    let toml = Scenario::from_toml(&s.to_toml()).unwrap();
    assert_eq!(
        toml.validate().unwrap().canonical_hash(),
        s.validate().unwrap().canonical_hash()
    );
}
