//! Water pinch targeting end to end: published targets through `parkwater
//! target`, the same numbers from the LP, the JSON contract, `--out` files, and
//! properties on random problems comparing the cascade with the engine's LP.

use parkwater_core::model::{Model, Objective};
use parkwater_core::scenario::schema::{self as file, PerContaminant};
use parkwater_core::scenario::Scenario;
use parkwater_core::targeting::{self, pinch};
use parkwater_core::{SolveOptions, Status};
use parkwater_tests::{expected, parkwater, rel, root};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::cell::Cell;
use std::path::PathBuf;

const POLLEY: &str = "scenarios/polley-polley-2000.toml";
const WANG_SMITH_OPS: &str = "scenarios/wang-smith-1994-ex1-operations.toml";

/// The LP's (status, freshwater, discharge) with freshwater then discharge
/// minimized, through the CLI.
fn lp_cli(path: &str) -> (f64, f64) {
    let run = parkwater(&[
        "solve",
        path,
        "--objective",
        "freshwater,discharge",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{path}: {}", run.stderr);
    let r = run.json();
    (
        r["kpis"]["freshwater"].as_f64().unwrap(),
        r["kpis"]["discharge"].as_f64().unwrap(),
    )
}

fn target_cli(path: &str) -> serde_json::Value {
    let run = parkwater(&["target", path, "--format", "json"]);
    assert_eq!(run.code, 0, "{path}: {}", run.stderr);
    run.json()
}

/// Published freshwater, wastewater and pinch of every single-contaminant
/// scenario and shared case file that has them.
fn published() -> Vec<(PathBuf, f64, f64, Option<f64>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let Some(exp) = expected(&path) else { continue };
        let get = |k: &str| exp.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
        out.push((
            path.clone(),
            get("freshwater").unwrap(),
            get("wastewater").unwrap(),
            get("pinch"),
        ));
    }
    let cases = root().join("../shared/cases");
    if let Ok(entries) = std::fs::read_dir(&cases) {
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let case: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let e = &case["expected"];
            out.push((
                path.clone(),
                e["freshwater"].as_f64().unwrap(),
                e["wastewater"].as_f64().unwrap(),
                e["pinch_conc"].as_f64(),
            ));
        }
    } else {
        eprintln!("{} not present; shared cases skipped", cases.display());
    }
    out
}

#[test]
fn single_contaminant_targets_equal_published_and_lp() {
    let mut checked = 0;
    for (path, fw, ww, pinch) in published() {
        let p = path.to_str().unwrap();
        let scenario = Scenario::from_path(&path).unwrap();
        if scenario.contaminants.len() != 1 {
            continue;
        }
        let t = target_cli(p);
        let (tf, tw) = (
            t["freshwater"].as_f64().unwrap(),
            t["wastewater"].as_f64().unwrap(),
        );
        assert!(
            rel(tf, fw) <= 1e-6,
            "{p}: target freshwater {tf} vs published {fw}"
        );
        assert!(
            rel(tw, ww) <= 1e-6,
            "{p}: target wastewater {tw} vs published {ww}"
        );
        if let Some(pinch) = pinch {
            let pinches: Vec<f64> = t["pinches"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            assert!(
                pinches.iter().any(|&c| rel(c, pinch) <= 1e-9),
                "{p}: pinches {pinches:?} vs published {pinch}"
            );
        }
        assert_eq!(t["contaminant"], scenario.contaminants[0].as_str());
        assert!(!t["cascade"].as_array().unwrap().is_empty());

        let (lf, lw) = lp_cli(p);
        assert!(
            rel(lf, tf) <= 1e-6,
            "{p}: LP freshwater {lf} vs target {tf}"
        );
        assert!(
            rel(lw, tw) <= 1e-6,
            "{p}: LP wastewater {lw} vs target {tw}"
        );
        checked += 1;
    }
    assert!(
        checked >= 3,
        "only {checked} single-contaminant cases found"
    );
}

#[test]
fn fixed_load_operations_give_wang_smith_targets() {
    let t = target_cli(WANG_SMITH_OPS);
    assert_eq!(t["freshwater"], 90.0);
    assert_eq!(t["wastewater"], 90.0);
    assert_eq!(t["pinches"], serde_json::json!([100.0]));
    let ops = t["operations"].as_array().unwrap();
    let flows: Vec<f64> = ops
        .iter()
        .map(|o| o["limiting_flow"].as_f64().unwrap())
        .collect();
    assert_eq!(flows, vec![20.0, 100.0, 40.0, 10.0]);
    assert_eq!(ops[2]["sink"], "OP3.in");
    assert_eq!(ops[2]["source"], "OP3.out");
    assert_eq!(ops[2]["outlet_conc"]["C"], 800.0);
    let (lf, lw) = lp_cli(WANG_SMITH_OPS);
    assert!(
        rel(lf, 90.0) <= 1e-6 && rel(lw, 90.0) <= 1e-6,
        "LP {lf} / {lw}"
    );

    // the operations form and the limiting-flow form are the same LP
    let limiting = lp_cli("scenarios/wang-smith-1994-ex1.toml");
    assert!(rel(limiting.0, lf) <= 1e-9);
}

#[test]
fn json_contract_and_table() {
    let t = target_cli(POLLEY);
    for key in [
        "contaminant",
        "freshwater",
        "wastewater",
        "pinches",
        "cascade",
    ] {
        assert!(t.get(key).is_some(), "missing {key}");
    }
    assert_eq!(t["contaminant"], "C");
    assert_eq!(t["freshwater"], 70.0);
    assert_eq!(t["wastewater"], 50.0);
    assert_eq!(t["pinches"], serde_json::json!([150.0]));
    assert!(t.get("regenerated").is_none());
    let last = t["cascade"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["cumulative_flow"], 50.0);
    for key in [
        "conc_low",
        "conc_high",
        "net_flow",
        "cumulative_flow",
        "load",
        "cumulative_load",
    ] {
        assert!(last[key].is_number(), "cascade row lacks {key}");
    }

    let with_c = parkwater(&["target", POLLEY, "--contaminant", "C", "--format", "json"]);
    assert_eq!(with_c.json(), t);

    let table = parkwater(&["target", POLLEY]);
    assert_eq!(table.code, 0);
    assert!(table.stdout.contains("minimum freshwater: 70 t/h"));
    assert!(table.stdout.contains("cumulative load (kg/h)"));
}

#[test]
fn flows_are_reported_in_the_scenario_unit() {
    let text = std::fs::read_to_string(root().join(POLLEY))
        .unwrap()
        .replace("flow_unit = \"t/h\"", "flow_unit = \"t/d\"");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daily.toml");
    std::fs::write(&path, text).unwrap();
    let t = target_cli(path.to_str().unwrap());
    // the same numbers in the file are now t/d: targets come back in t/d
    assert!(rel(t["freshwater"].as_f64().unwrap(), 70.0) <= 1e-12);
    assert_eq!(t["flow_unit"], "t/d");
}

#[test]
fn regenerator_adds_regenerated_flow() {
    let text = std::fs::read_to_string(root().join(POLLEY)).unwrap()
        + "\n[[treatment]]\nid = \"RG\"\noutlet_conc = { C = 10 }\nrecovery = 1.0\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regen.toml");
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let t = target_cli(p);
    assert_eq!(t["freshwater"], 20.0);
    assert!(rel(t["regenerated"].as_f64().unwrap(), 7500.0 / 140.0) <= 1e-12);
    assert_eq!(t["regeneration"]["treatment"], "RG");
    assert_eq!(
        t["regeneration"]["without_regeneration"]["freshwater"],
        70.0
    );
    let (lf, _) = lp_cli(p);
    assert!(rel(lf, 20.0) <= 1e-6, "LP {lf}");
}

/// Two contaminants, each met alone by one source, together by neither: the
/// single-contaminant targets are 0, the LP needs 50 t/h.
const TWO: &str = r#"contaminants = ["A", "B"]
[[intake]]
id = "FW"
kind = "tap"
conc = { A = 0, B = 0 }
[[source]]
id = "S1"
flow = 100
conc = { A = 0, B = 20 }
[[source]]
id = "S2"
flow = 100
conc = { A = 20, B = 0 }
[[sink]]
id = "D1"
flow = 100
max_conc = { A = 5, B = 5 }
[[sink]]
id = "D2"
flow = 10
max_conc = { B = 0 }
[[discharge]]
id = "WW"
"#;

#[test]
fn multi_contaminant_targets_name_the_limiting_one_and_the_lp() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.toml");
    std::fs::write(&path, TWO).unwrap();
    let p = path.to_str().unwrap();
    let r = target_cli(p);
    let list = r["contaminants"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["contaminant"], "A");
    assert_eq!(list[0]["freshwater"], 0.0);
    // B: D2 needs 10 t/h at 0 mg/L, S2 gives it
    assert_eq!(list[1]["freshwater"], 0.0);
    assert_eq!(r["limiting"], "A");
    assert_eq!(r["lp_status"], "optimal");
    assert!(rel(r["lp_freshwater"].as_f64().unwrap(), 50.0) <= 1e-6);

    let table = parkwater(&["target", p]);
    assert_eq!(table.code, 0);
    assert!(table
        .stdout
        .contains("LP minimum freshwater, all contaminants together: 50 t/h"));

    let one = parkwater(&["target", p, "--contaminant", "B", "--format", "json"]).json();
    assert_eq!(one["contaminant"], "B");
    assert!(one.get("lp_freshwater").is_none());
}

#[test]
fn errors_have_codes_and_exit_codes() {
    let run = parkwater(&["target", POLLEY, "--contaminant", "COD", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["code"], "contaminant.unknown");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dirty.toml");
    let text = std::fs::read_to_string(root().join(POLLEY))
        .unwrap()
        .replace("conc = { C = 0.0 }", "conc = { C = 30 }");
    std::fs::write(&path, text).unwrap();
    let run = parkwater(&["target", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let r = run.json();
    assert_eq!(r["status"], "infeasible");
    assert_eq!(r["code"], "too_clean_demand");

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "contaminants = [\"C\"]\n[[operation]]\nid = \"OP\"\nload = { C = 1 }\nmax_inlet_conc = { C = 50 }\nmax_outlet_conc = { C = 20 }\n",
    )
    .unwrap();
    let run = parkwater(&["target", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1);
    let r = run.json();
    assert_eq!(r["problems"][0]["path"], "operation[OP].max_outlet_conc.C");
    assert_eq!(r["problems"][0]["code"], "operation.outlet_not_above_inlet");
}

#[test]
fn out_dir_gets_curves_and_targets() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let run = parkwater(&["target", POLLEY, "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(out.join("composite_C.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("pinch 150 mg/L"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("targets.json")).unwrap()).unwrap();
    assert_eq!(json["freshwater"], 70.0);
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains(".tmp")));

    let path = dir.path().join("two.toml");
    std::fs::write(&path, TWO).unwrap();
    let out2 = dir.path().join("t2");
    let run = parkwater(&[
        "target",
        path.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out2.join("composite_A.svg").exists() && out2.join("composite_B.svg").exists());
}

// ---------------------------------------------------------------- properties

/// A random single-contaminant fixed-flowrate park.
#[derive(Debug, Clone)]
struct Park {
    sources: Vec<(f64, f64)>,
    /// (flow, limit); `None` = no limit.
    sinks: Vec<(f64, Option<f64>)>,
    /// (conc, cap); the first is pure and uncapped in [`simple_park`].
    intakes: Vec<(f64, Option<f64>)>,
    /// Outlet concentration of a regenerator (recovery 1, unlimited).
    regenerator: Option<f64>,
}

fn conc() -> impl Strategy<Value = f64> {
    // integers, with extra weight on 0, so that ties, pure sources and pinches
    // at shared levels happen
    prop_oneof![1 => Just(0.0), 6 => (0u32..=400).prop_map(f64::from)]
}

fn flow() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 8 => (1u32..=2000).prop_map(|f| f64::from(f) / 10.0)]
}

/// Sources scaled by 1/10, 1 or 10: threshold problems (no wastewater or no
/// freshwater) come up often.
/// Sources as (flow, conc), sinks as (flow, limit).
type Streams = (Vec<(f64, f64)>, Vec<(f64, Option<f64>)>);

fn streams() -> impl Strategy<Value = Streams> {
    (
        prop::collection::vec((flow(), conc()), 0..=7),
        prop::collection::vec((flow(), prop::option::weighted(0.9, conc())), 1..=7),
        prop_oneof![1 => Just(0.1), 2 => Just(1.0), 2 => Just(2.0), 1 => Just(10.0)],
    )
        .prop_map(|(sources, sinks, scale)| {
            (
                sources.into_iter().map(|(f, c)| (f * scale, c)).collect(),
                sinks,
            )
        })
}

fn simple_park() -> impl Strategy<Value = Park> {
    streams().prop_map(|(sources, sinks)| Park {
        sources,
        sinks,
        intakes: vec![(0.0, None)],
        regenerator: None,
    })
}

fn general_park() -> impl Strategy<Value = Park> {
    (
        streams(),
        prop::collection::vec(
            (
                conc().prop_map(|c| c / 4.0),
                prop::option::weighted(0.5, 0.0..300.0f64),
            ),
            1..=3,
        ),
        prop::option::weighted(0.5, conc().prop_map(|c| c / 2.0)),
    )
        .prop_map(|((sources, sinks), intakes, regenerator)| Park {
            sources,
            sinks,
            intakes,
            regenerator,
        })
}

fn per(c: f64) -> PerContaminant {
    [("C".to_string(), c)].into_iter().collect()
}

impl Park {
    fn model(&self) -> Model {
        let s = Scenario {
            contaminants: vec!["C".into()],
            intakes: self
                .intakes
                .iter()
                .enumerate()
                .map(|(i, &(c, cap))| file::Intake {
                    id: format!("FW{i}"),
                    kind: "surface".into(),
                    conc: per(c),
                    max_flow: cap,
                    ..Default::default()
                })
                .collect(),
            sources: self
                .sources
                .iter()
                .enumerate()
                .map(|(i, &(f, c))| file::Source {
                    id: format!("S{i}"),
                    flow: f,
                    conc: per(c),
                    ..Default::default()
                })
                .collect(),
            sinks: self
                .sinks
                .iter()
                .enumerate()
                .map(|(i, &(f, c))| file::Sink {
                    id: format!("K{i}"),
                    flow: Some(f),
                    max_conc: c.map(per).unwrap_or_default(),
                    ..Default::default()
                })
                .collect(),
            treatments: self
                .regenerator
                .map(|c| file::Treatment {
                    id: "RG".into(),
                    outlet_conc: per(c),
                    ..Default::default()
                })
                .into_iter()
                .collect(),
            discharges: vec![file::Discharge {
                id: "WW".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut m = s.validate().expect("generated parks are valid");
        m.objectives = vec![Objective::Freshwater, Objective::Discharge];
        m
    }
}

/// Compares the cascade with the LP on one park; returns whether the targets
/// were a threshold problem (`None` when the cascade finds no feasible target).
///
/// When an intake is dirtier than the regenerator's outlet, the LP may pass it
/// through the regenerator, which the cascade does not (a documented note): the
/// LP may then need less freshwater, never more.
fn compare(park: &Park) -> Result<Option<bool>, TestCaseError> {
    let model = park.model();
    let target = targeting::target(&model, "C");
    let report = parkwater_core::solve(&model, &SolveOptions::default()).unwrap();
    let cleans_intake = park
        .regenerator
        .is_some_and(|c| park.intakes.iter().any(|&(ci, _)| ci > c));
    match target {
        Err(e) => {
            prop_assert!(e.is_infeasible(), "{e}");
            if !cleans_intake {
                prop_assert_eq!(report.status, Status::Infeasible, "cascade: {}", e);
            }
            Ok(None)
        }
        Ok(t) if cleans_intake => {
            prop_assert!(t
                .notes
                .iter()
                .any(|n| n.contains("could also clean intake")));
            prop_assert_eq!(report.status, Status::Optimal);
            prop_assert!(report.kpis.freshwater <= t.freshwater * (1.0 + 1e-6) + 1e-6);
            Ok(Some(t.threshold))
        }
        Ok(t) => {
            prop_assert_eq!(
                report.status,
                Status::Optimal,
                "cascade found {:?}",
                t.freshwater
            );
            let (lf, lw) = (report.kpis.freshwater, report.kpis.discharge);
            prop_assert!(
                rel(lf, t.freshwater) <= 1e-6,
                "freshwater: cascade {} vs LP {}",
                t.freshwater,
                lf
            );
            prop_assert!(
                rel(lw, t.wastewater) <= 1e-6,
                "wastewater: cascade {} vs LP {}",
                t.wastewater,
                lw
            );
            prop_assert!(report.verification.passed());
            Ok(Some(t.threshold))
        }
    }
}

/// Cascade freshwater == LP minimum freshwater and cascade wastewater == LP
/// wastewater at that optimum, on hundreds of random single-contaminant
/// fixed-flowrate parks with one pure intake, threshold ones included.
#[test]
fn cascade_equals_lp_on_random_parks() {
    let mut runner = TestRunner::new(Config {
        cases: 500,
        failure_persistence: None,
        ..Config::default()
    });
    let (cases, thresholds, no_fresh, no_waste, pinched) = (
        Cell::new(0),
        Cell::new(0),
        Cell::new(0),
        Cell::new(0),
        Cell::new(0),
    );
    runner
        .run(&simple_park(), |park| {
            let model = park.model();
            let threshold = compare(&park)?.expect("a pure uncapped intake is always feasible");
            let t = targeting::target(&model, "C").unwrap();
            cases.set(cases.get() + 1);
            thresholds.set(thresholds.get() + usize::from(threshold));
            no_fresh.set(no_fresh.get() + usize::from(t.freshwater == 0.0));
            no_waste.set(no_waste.get() + usize::from(t.wastewater <= 1e-9));
            pinched.set(pinched.get() + usize::from(!threshold && !t.pinches.is_empty()));
            Ok(())
        })
        .unwrap();
    eprintln!(
        "{} parks: {} threshold ({} without freshwater, {} without wastewater), {} pinched",
        cases.get(),
        thresholds.get(),
        no_fresh.get(),
        no_waste.get(),
        pinched.get()
    );
    assert!(cases.get() >= 500);
    assert!(no_fresh.get() >= 20 && no_waste.get() >= 20 && pinched.get() >= 50);
}

/// The same with impure and capped intakes and a regenerator: feasibility
/// agrees, and so do freshwater (least total intake, with regeneration) and
/// wastewater.
#[test]
fn cascade_equals_lp_with_impure_capped_intakes_and_regeneration() {
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    let (feasible, infeasible) = (Cell::new(0), Cell::new(0));
    runner
        .run(&general_park(), |park| {
            match compare(&park)? {
                Some(_) => feasible.set(feasible.get() + 1),
                None => infeasible.set(infeasible.get() + 1),
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "{} feasible, {} infeasible",
        feasible.get(),
        infeasible.get()
    );
    assert!(feasible.get() >= 100);
}

/// With several contaminants each single-contaminant target is a lower bound
/// of the LP's minimum freshwater (dropping the other contaminants' limits only
/// relaxes the LP), and the limiting contaminant's target is the largest.
#[test]
fn single_contaminant_targets_bound_the_multi_contaminant_lp() {
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    });
    let two = |v: &[(f64, f64)]| -> Vec<PerContaminant> {
        v.iter()
            .map(|&(a, b)| {
                [("A".to_string(), a), ("B".to_string(), b)]
                    .into_iter()
                    .collect()
            })
            .collect()
    };
    let strategy = (
        prop::collection::vec((flow(), conc(), conc()), 0..=6),
        prop::collection::vec((flow(), conc(), conc()), 1..=6),
    );
    let gaps = Cell::new(0);
    runner
        .run(&strategy, |(sources, sinks)| {
            let sc: Vec<(f64, f64)> = sources.iter().map(|s| (s.1, s.2)).collect();
            let kc: Vec<(f64, f64)> = sinks.iter().map(|s| (s.1, s.2)).collect();
            let s = Scenario {
                contaminants: vec!["A".into(), "B".into()],
                intakes: vec![file::Intake {
                    id: "FW".into(),
                    kind: "tap".into(),
                    conc: two(&[(0.0, 0.0)]).remove(0),
                    ..Default::default()
                }],
                sources: two(&sc)
                    .into_iter()
                    .zip(&sources)
                    .enumerate()
                    .map(|(i, (conc, x))| file::Source {
                        id: format!("S{i}"),
                        flow: x.0,
                        conc,
                        ..Default::default()
                    })
                    .collect(),
                sinks: two(&kc)
                    .into_iter()
                    .zip(&sinks)
                    .enumerate()
                    .map(|(i, (max_conc, x))| file::Sink {
                        id: format!("K{i}"),
                        flow: Some(x.0),
                        max_conc,
                        ..Default::default()
                    })
                    .collect(),
                discharges: vec![file::Discharge {
                    id: "WW".into(),
                    ..Default::default()
                }],
                ..Default::default()
            };
            let mut model = s.validate().unwrap();
            model.objectives = vec![Objective::Freshwater];
            let all = targeting::target_all(&model);
            prop_assert!(all.failed.is_empty());
            let report = parkwater_core::solve(&model, &SolveOptions::default()).unwrap();
            prop_assert_eq!(report.status, Status::Optimal);
            let lp = report.kpis.freshwater;
            let best = all
                .contaminants
                .iter()
                .map(|t| t.freshwater)
                .fold(0.0, f64::max);
            prop_assert!(
                best <= lp * (1.0 + 1e-6) + 1e-6,
                "target {} > LP {}",
                best,
                lp
            );
            let limiting = all.limiting.clone().unwrap();
            let lt = all
                .contaminants
                .iter()
                .find(|t| t.contaminant == limiting)
                .unwrap();
            prop_assert_eq!(lt.freshwater, best);
            gaps.set(gaps.get() + usize::from(lp > best * (1.0 + 1e-6) + 1e-6));
            Ok(())
        })
        .unwrap();
    eprintln!(
        "200 two-contaminant parks: LP above the largest target in {}",
        gaps.get()
    );
}

/// Targeting time on a 2000-stream problem (a measurement, printed; the bound
/// is loose so that a loaded machine does not fail it). Run with
/// `cargo test --release -p parkwater-tests --test targeting -- --nocapture timing`.
#[test]
fn engine_targeting_of_2000_streams_equals_the_cascade() {
    // Timing lives in crates/parkwater-pinch/benches/target.rs, not here.
    let problem = random_problem(1000, 1000, 7);
    let fresh = pinch::target(&problem).unwrap().freshwater;
    pinch::target_regeneration(&problem, 5.0, pinch::RegenMode::Recycling).unwrap();
    // the engine's path: model -> problem -> cascade, flows converted
    let park = Park {
        sources: problem.sources.iter().map(|s| (s.flow, s.conc)).collect(),
        sinks: problem
            .sinks
            .iter()
            .map(|s| (s.flow, Some(s.conc)))
            .collect(),
        intakes: vec![(0.0, None)],
        regenerator: None,
    };
    let model = park.model();
    let t = targeting::target(&model, "C").unwrap();
    assert!(rel(t.freshwater, fresh) <= 1e-12);
}

/// A deterministic pseudo-random problem (xorshift), one pure supply.
fn random_problem(sources: usize, sinks: usize, seed: u64) -> pinch::TargetProblem {
    let mut x = seed.max(1);
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut stream = |prefix: &str, i: usize| {
        pinch::Stream::new(
            format!("{prefix}{i}"),
            1.0 + 99.0 * next(),
            (1000.0 * next()).round(),
        )
    };
    pinch::TargetProblem::new(
        (0..sources).map(|i| stream("S", i)).collect(),
        (0..sinks).map(|i| stream("K", i)).collect(),
        vec![pinch::FreshSupply::new("FW", 0.0)],
    )
}
