//! Infeasible parks: each file in tests/data/infeasible/ says, in comments,
//! which requirements conflict (`# expect-conflict:`), which the smallest
//! relaxation relaxes (`# expect-relax:`) and what the explanation must say
//! (`# expect-explain:`, substrings). The diagnosis must name exactly those
//! requirements — a missing one or an unrelated extra one fails — through
//! the CLI (table and JSON), through arc pricing, and through the fallback
//! that ignores HiGHS's IIS (elastic filter + deletion filter).

use parkwater_core::diagnose::{diagnose_with, Method};
use parkwater_core::{Network, Scenario, SolveOptions, Status};
use parkwater_tests::{data_files, parkwater};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// (family, entity, contaminant or "")
type Key = (String, String, String);

struct Case {
    path: PathBuf,
    conflict: BTreeSet<Key>,
    relax: BTreeSet<Key>,
    explain: Vec<String>,
}

fn parse_keys(line: &str) -> BTreeSet<Key> {
    line.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            let parts: Vec<&str> = item.split_whitespace().collect();
            assert!(
                (2..=3).contains(&parts.len()),
                "bad key '{item}': family entity [contaminant]"
            );
            (
                parts[0].to_string(),
                parts[1].to_string(),
                parts.get(2).unwrap_or(&"").to_string(),
            )
        })
        .collect()
}

fn cases() -> Vec<Case> {
    data_files("infeasible")
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let field = |tag: &str| {
                text.lines()
                    .find_map(|l| l.trim().strip_prefix(tag).map(str::to_string))
                    .unwrap_or_else(|| panic!("{}: no '{tag}' line", path.display()))
            };
            Case {
                conflict: parse_keys(&field("# expect-conflict:")),
                relax: parse_keys(&field("# expect-relax:")),
                explain: field("# expect-explain:")
                    .split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                path,
            }
        })
        .collect()
}

fn keys(list: &Value) -> BTreeSet<Key> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|c| {
            (
                c["family"].as_str().unwrap().to_string(),
                c["entity"].as_str().unwrap().to_string(),
                c["contaminant"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn there_are_at_least_eight_cases() {
    assert!(cases().len() >= 8, "{} cases", cases().len());
}

#[test]
fn cli_json_names_exactly_the_conflicting_requirements() {
    for case in cases() {
        let file = case.path.to_str().unwrap();
        let run = parkwater(&["solve", file, "--format", "json"]);
        assert_eq!(
            run.code,
            2,
            "{}: exit code\n{}",
            name(&case.path),
            run.stderr
        );
        let r = run.json();
        assert_eq!(r["status"], "infeasible", "{}", name(&case.path));
        let d = &r["diagnosis"];
        assert_eq!(
            keys(&d["conflicting"]),
            case.conflict,
            "{}: conflicting requirements\n{d:#}",
            name(&case.path)
        );
        assert_eq!(d["minimal"], true, "{}: minimal", name(&case.path));
        assert_eq!(d["method"], "iis", "{}", name(&case.path));
        assert_eq!(
            keys(&d["relaxation"]),
            case.relax,
            "{}: relaxation\n{d:#}",
            name(&case.path)
        );
        for x in d["relaxation"].as_array().unwrap() {
            let amount = x["amount"].as_f64().unwrap();
            assert!(amount > 0.0, "{}: {x}", name(&case.path));
            assert!(x["unit"].as_str().is_some_and(|u| !u.is_empty()));
        }
        let text: Vec<&str> = d["explanations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let text = text.join("\n");
        for needle in &case.explain {
            assert!(
                text.contains(needle.as_str()),
                "{}: explanation lacks '{needle}':\n{text}",
                name(&case.path)
            );
        }
        let summary = d["summary"].as_str().unwrap();
        for c in d["conflicting"].as_array().unwrap() {
            assert!(summary.contains(c["label"].as_str().unwrap()), "{summary}");
        }
        assert!(summary.contains("Smallest fix:"), "{summary}");
    }
}

#[test]
fn cli_table_shows_the_diagnosis() {
    for case in cases() {
        let run = parkwater(&["solve", case.path.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{}", name(&case.path));
        assert!(
            run.stdout
                .contains("conflicting requirements (iis, irreducible)"),
            "{}:\n{}",
            name(&case.path),
            run.stdout
        );
        for (family, entity, _) in &case.conflict {
            assert!(run.stdout.contains(family.as_str()), "{family}");
            assert!(run.stdout.contains(entity.as_str()), "{entity}");
        }
        assert!(run
            .stdout
            .contains("smallest relaxation that restores feasibility"));
        assert!(
            run.stdout.contains(case.explain[0].as_str()),
            "{}",
            run.stdout
        );
        assert!(!run.stdout.contains("freshwater intake"), "no KPI table");
    }
}

#[test]
fn arc_pricing_gives_the_same_diagnosis() {
    for case in cases() {
        let file = case.path.to_str().unwrap();
        let run = parkwater(&["solve", file, "--format", "json", "--pricing", "on"]);
        assert_eq!(run.code, 2, "{}", name(&case.path));
        let r = run.json();
        assert_eq!(r["solver"]["method"], "pricing");
        assert_eq!(
            keys(&r["diagnosis"]["conflicting"]),
            case.conflict,
            "{}",
            name(&case.path)
        );
        assert_eq!(keys(&r["diagnosis"]["relaxation"]), case.relax);
    }
}

/// Without HiGHS's IIS: the dual ray's conflict is proven minimal (IISs
/// are not unique, so it may differ: the unit test
/// `dual_ray_conflicts_are_irreducible` re-checks it), and the elastic
/// filter's is the expected one.
#[test]
fn fallbacks_without_iis_find_minimal_conflicts() {
    for case in cases() {
        let model = Scenario::from_path(&case.path).unwrap().validate().unwrap();
        let network = Network::build(&model);
        let options = SolveOptions::default();
        let ray = diagnose_with(&model, &network, &[], &options, Method::DualRay).unwrap();
        assert_eq!(ray.method, "dual_ray", "{}", name(&case.path));
        assert!(ray.minimal, "{}: dual ray", name(&case.path));
        let d = diagnose_with(&model, &network, &[], &options, Method::ElasticFilter).unwrap();
        assert_eq!(d.method, "elastic_filter");
        assert!(d.minimal, "{}", name(&case.path));
        let got: BTreeSet<Key> = d
            .conflicting
            .iter()
            .map(|c| {
                (
                    c.family.to_string(),
                    c.entity.clone(),
                    c.contaminant.clone().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(got, case.conflict, "{}: fallback", name(&case.path));
    }
}

#[test]
fn relaxing_as_diagnosed_restores_feasibility() {
    // Apply the reported relaxation to the scenario and solve again.
    for case in cases() {
        let mut s = Scenario::from_path(&case.path).unwrap();
        let report =
            parkwater_core::solve(&s.validate().unwrap(), &SolveOptions::default()).unwrap();
        assert_eq!(report.status, Status::Infeasible);
        let d = report.diagnosis.unwrap();
        for x in &d.relaxation {
            // 1e-6 relative slack on top: the relaxed figure is exact only to solver tolerance.
            let up = x.relaxed + 1e-6 * x.relaxed.abs().max(1.0);
            let down = x.relaxed - 1e-6 * x.relaxed.abs().max(1.0);
            let c = x.contaminant.clone().unwrap_or_default();
            match x.family {
                "sink_quality" => {
                    let sink = s.sinks.iter_mut().find(|k| k.id == x.entity).unwrap();
                    sink.max_conc.insert(c, up);
                }
                "treatment_inlet_quality" => {
                    let t = s.treatments.iter_mut().find(|k| k.id == x.entity).unwrap();
                    t.max_inlet_conc.insert(c, up);
                }
                "discharge_quality" => {
                    let d = s.discharges.iter_mut().find(|k| k.id == x.entity).unwrap();
                    d.max_conc.insert(c, up);
                }
                "discharge_load" => {
                    let d = s.discharges.iter_mut().find(|k| k.id == x.entity).unwrap();
                    d.max_load.insert(c, up);
                }
                "intake_cap" => {
                    let i = s.intakes.iter_mut().find(|k| k.id == x.entity).unwrap();
                    i.max_flow = Some(up);
                }
                "treatment_capacity" => {
                    let t = s.treatments.iter_mut().find(|k| k.id == x.entity).unwrap();
                    t.max_flow = Some(up);
                }
                "policy" => {
                    let p = s.policy.as_mut().unwrap();
                    match x.entity.as_str() {
                        "min_reuse_rate" => p.min_reuse_rate = Some(down.max(0.0)),
                        "max_intake" => p.max_intake = Some(up),
                        "max_discharge" => p.max_discharge = Some(up),
                        other => panic!("{other}"),
                    }
                }
                // No outlet: relaxing means adding one; covered by the explanation.
                "source_balance" => continue,
                other => panic!("{}: no rule to apply {other}", name(&case.path)),
            }
        }
        if d.relaxation.iter().any(|x| x.family == "source_balance") {
            continue;
        }
        let after =
            parkwater_core::solve(&s.validate().unwrap(), &SolveOptions::default()).unwrap();
        assert_eq!(
            after.status,
            Status::Optimal,
            "{}: relaxed as diagnosed ({:?}) and still {:?}",
            name(&case.path),
            d.relaxation,
            after.status
        );
    }
}

/// A requirement relaxed alone comes down to its exact figure, not to the
/// elastic point's: the highest reuse rate reachable, the lowest limit
/// that can be met. A hair beyond it the park stays infeasible (the test
/// above checks that the figure itself holds).
#[test]
fn a_lone_relaxation_is_the_exact_figure() {
    let cases = [
        ("reuse-rate-range.toml", 0.35),
        ("river-dilution.toml", 26_000.0 / 300.0),
    ];
    for (file, figure) in cases {
        let path = data_files("infeasible")
            .into_iter()
            .find(|p| p.ends_with(file))
            .unwrap();
        let mut s = Scenario::from_path(&path).unwrap();
        let report =
            parkwater_core::solve(&s.validate().unwrap(), &SolveOptions::default()).unwrap();
        let d = report.diagnosis.unwrap();
        let [x] = &d.relaxation[..] else {
            panic!("{file}: {:?}", d.relaxation)
        };
        assert!((x.relaxed - figure).abs() < 1e-9 * figure, "{file}: {x:?}");
        // A hair short of the figure, on the side the requirement came from.
        let short = x.relaxed - 1e-4 * figure * (x.relaxed - x.current).signum();
        match x.family {
            "policy" => s.policy.as_mut().unwrap().min_reuse_rate = Some(short),
            "discharge_quality" => {
                let d = s.discharges.iter_mut().find(|k| k.id == x.entity).unwrap();
                d.max_conc.insert("COD".into(), short);
            }
            other => panic!("{other}"),
        }
        let after =
            parkwater_core::solve(&s.validate().unwrap(), &SolveOptions::default()).unwrap();
        assert_eq!(after.status, Status::Infeasible, "{file} at {short}");
    }
}

#[test]
fn a_conflict_of_hundreds_of_rows_is_proven_minimal_and_summarized() {
    // A heavy-reuse park whose intake is capped 5 % below its minimum: the
    // conflict spans nearly every demand, quality limit and balance. The
    // filters' checks are warm re-solves, so the proof fits the budget.
    use parkwater_core::synth::{Family, SyntheticPark};
    let mut scenario = SyntheticPark::size(40, 40, 3)
        .with_family(Family::HeavyReuse)
        .scenario();
    let mut m = scenario.validate().unwrap();
    m.objectives = vec![parkwater_core::model::Objective::Freshwater];
    let least = parkwater_core::solve(&m, &SolveOptions::default()).unwrap();
    assert_eq!(least.status, Status::Optimal);
    scenario
        .policy
        .get_or_insert_with(Default::default)
        .max_intake = Some(0.95 * least.kpis.freshwater);
    let report =
        parkwater_core::solve(&scenario.validate().unwrap(), &SolveOptions::default()).unwrap();
    assert_eq!(report.status, Status::Infeasible);
    let d = report.diagnosis.unwrap();
    assert!(d.minimal, "{}", d.summary);
    assert!(d.conflicting.len() > 40, "{}", d.conflicting.len());
    assert!(d.conflicting.iter().any(|c| c.family == "policy"));
    // One readable sentence, not hundreds of labels.
    assert!(d.summary.len() < 1200, "{}", d.summary);
    assert!(
        d.summary.contains("park cap on total intake"),
        "{}",
        d.summary
    );
    assert!(d.summary.contains(&format!(
        "{} requirements cannot all hold",
        d.conflicting.len()
    )));
    // The reported relaxation restores feasibility.
    assert!(!d.relaxation.is_empty());
}
