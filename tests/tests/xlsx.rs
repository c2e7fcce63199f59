//! Workbooks end to end: every bundled scenario converted to xlsx and to a
//! CSV folder solves to the same resolved model (scenario hash) and the same
//! optimum; templates; cell-addressed errors through the CLI; the results
//! workbook against the JSON report.

use parkwater_tests::{binary, parkwater, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn bundled() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
}

fn solve_json(path: &Path) -> Value {
    // The plugin scenario's plugins are built beside the binary.
    let plugins = binary().parent().unwrap().to_str().unwrap().to_string();
    let run = parkwater(&[
        "solve",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--plugin-dir",
        &plugins,
    ]);
    assert!(
        run.code == 0 || run.code == 2,
        "{}: {}",
        path.display(),
        run.stderr
    );
    run.json()
}

#[test]
fn bundled_scenarios_solve_the_same_from_xlsx_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    for path in bundled() {
        let reference = solve_json(&path);
        let stem = path.file_stem().unwrap().to_str().unwrap();
        for target in [
            dir.path().join(format!("{stem}.xlsx")),
            dir.path().join(stem),
        ] {
            let run = parkwater(&["convert", path.to_str().unwrap(), target.to_str().unwrap()]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let r = solve_json(&target);
            assert_eq!(
                r["scenario_hash"],
                reference["scenario_hash"],
                "{}",
                target.display()
            );
            assert_eq!(r["status"], reference["status"]);
            for (name, z) in reference["objective"].as_object().unwrap() {
                let a = z.as_f64().unwrap();
                let b = r["objective"][name].as_f64().unwrap();
                assert!(
                    (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                    "{}: {name} {a} vs {b}",
                    target.display()
                );
            }
            // And back: xlsx -> toml is the same scenario too.
            let back = dir.path().join(format!("{stem}-back.toml"));
            let run = parkwater(&["convert", target.to_str().unwrap(), back.to_str().unwrap()]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            assert_eq!(
                solve_json(&back)["scenario_hash"],
                reference["scenario_hash"]
            );
        }
    }
}

#[test]
fn template_writes_every_sheet_and_a_filled_workbook_checks() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("template.xlsx");
    let run = parkwater(&[
        "template",
        empty.to_str().unwrap(),
        "--contaminants",
        "COD,NH3-N",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sheets = parkwater_xlsx::read_sheets(&empty).unwrap();
    let names: Vec<&str> = sheets.iter().map(|g| g.name.as_str()).collect();
    for name in [
        "README",
        "contaminants",
        "park",
        "enterprises",
        "intakes",
        "sources",
        "sinks",
        "treatment",
        "discharges",
        "forbid",
        "policy",
        "constraints",
        "objective",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let sinks = sheets.iter().find(|g| g.name == "sinks").unwrap();
    let headers: Vec<String> = sinks.rows[0].iter().map(|c| c.text()).collect();
    assert!(
        headers.contains(&"max_conc.NH3-N (mg/L)".to_string()),
        "{headers:?}"
    );

    let filled = dir.path().join("polley.xlsx");
    let run = parkwater(&[
        "template",
        filled.to_str().unwrap(),
        "--from",
        "scenarios/polley-polley-2000.toml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = parkwater(&["check", filled.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("valid"), "{}", run.stdout);
}

#[test]
fn bad_cells_are_reported_by_sheet_and_cell_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("park");
    let run = parkwater(&[
        "convert",
        "scenarios/polley-polley-2000.toml",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Break two cells of the sinks and one of the sources.
    let sinks = folder.join("sinks.csv");
    let text = std::fs::read_to_string(&sinks).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let flow_col = header.iter().position(|h| h.starts_with("flow")).unwrap();
    let mut cells: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    cells[flow_col] = "five".into();
    let id = cells[0].clone();
    lines[2] = cells.join(",");
    std::fs::write(&sinks, lines.join("\n") + "\n").unwrap();
    let sources = folder.join("sources.csv");
    let text = std::fs::read_to_string(&sources).unwrap();
    std::fs::write(&sources, text.replacen("conc.", "conc.XYZ_", 1)).unwrap();

    let run = parkwater(&["check", folder.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let r = run.json();
    assert_eq!(r["status"], "invalid");
    let messages: Vec<&str> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    let col = (b'A' + flow_col as u8) as char;
    let expected = format!(
        "file 'sinks.csv' cell {col}3 (sink[{id}].flow): expected a number, found \"five\""
    );
    assert!(messages.contains(&expected.as_str()), "{messages:#?}");
    assert!(messages.iter().any(|m| m.starts_with("file 'sources.csv' cell") && m.contains("is not a contaminant")), "{messages:#?}");
    // The table format says the same on stderr.
    let run = parkwater(&["solve", folder.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
}

#[test]
fn results_workbook_matches_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let extra = dir.path().join("extra/r.xlsx");
    let run = parkwater(&[
        "solve",
        "scenarios/lianyungang-demo.toml",
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
        "--xlsx",
        extra.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    for path in [out.join("results.xlsx"), extra] {
        let sheets = parkwater_xlsx::read_sheets(&path).unwrap();
        let names: Vec<&str> = sheets.iter().map(|g| g.name.as_str()).collect();
        for name in [
            "KPIs",
            "flows",
            "enterprises",
            "outfalls",
            "duals",
            "verification",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
        let kpis = &sheets[0];
        let mut checked = 0;
        for row in &kpis.rows[1..] {
            let key = row[0].text();
            let pointer = format!("/{}", key.replace('.', "/"));
            match (&row[2], report.pointer(&pointer)) {
                (parkwater_xlsx::grid::Cell::Number(x), Some(v)) => {
                    assert_eq!(Some(*x), v.as_f64(), "{key}");
                    checked += 1;
                }
                (cell, v) => assert!(
                    v.is_some_and(|v| !v.is_number())
                        || matches!(cell, parkwater_xlsx::grid::Cell::Empty),
                    "{key}: {cell:?} vs {v:?}"
                ),
            }
        }
        assert!(checked >= 10, "{checked}");
        // The flows sheet: one row per flow and reject, flows as numbers.
        let flows = sheets.iter().find(|g| g.name == "flows").unwrap();
        let n =
            report["flows"].as_array().unwrap().len() + report["rejects"].as_array().unwrap().len();
        assert_eq!(flows.rows.len() - 1, n);
        // Outfall compliance agrees with the verification: all compliant.
        let outfalls = sheets.iter().find(|g| g.name == "outfalls").unwrap();
        let last = outfalls.rows[0].len() - 1;
        for row in &outfalls.rows[1..] {
            assert_eq!(row[last], parkwater_xlsx::grid::Cell::Bool(true), "{row:?}");
        }
    }
}
