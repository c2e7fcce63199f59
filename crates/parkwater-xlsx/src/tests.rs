//! Round trips through the workbook and the CSV folder, the coverage of
//! the schema by the documentation table, and one test per kind of bad cell.

use super::*;
use crate::schema::{schema, Shape};
use rust_xlsxwriter::{Formula, Workbook};
use serde_json::{Map, Value};
use std::path::PathBuf;

fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 4, "{paths:?}");
    paths
}

#[test]
fn bundled_scenarios_round_trip_through_xlsx_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    for path in scenarios() {
        let scenario = read_scenario(&path).unwrap();
        let hash = scenario.validate().ok().map(|m| m.canonical_hash());
        for target in [dir.path().join("s.xlsx"), dir.path().join("csv")] {
            write_scenario(&scenario, &target).unwrap();
            let again =
                read_scenario(&target).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(
                scenario,
                again,
                "{} via {}",
                path.display(),
                target.display()
            );
            assert_eq!(hash, again.validate().ok().map(|m| m.canonical_hash()));
            let _ = std::fs::remove_dir_all(dir.path().join("csv"));
        }
    }
}

/// A scenario setting every field the schema has, from the samples of the
/// documentation table; panics naming a field that lacks one.
fn every_field_scenario() -> Scenario {
    let s = schema();
    let sample = |table: &str, field: &str| -> Value {
        let doc = fields::field(table, field).unwrap_or_else(|| {
            panic!("the schema field `{}` is not documented in crates/parkwater-xlsx/src/fields.rs (add its kind, unit, explanation and a sample)",
                if table.is_empty() { field.to_string() } else { format!("{table}.{field}") })
        });
        serde_json::from_str(doc.sample)
            .unwrap_or_else(|e| panic!("sample of {table}.{field}: {e}"))
    };
    let mut root = Map::new();
    for key in &s.root {
        match s.table(key) {
            Some(t) => {
                let mut obj = Map::new();
                for f in &t.fields {
                    let nested = format!("{key}.{f}");
                    let v = match s.table(&nested) {
                        Some(inner) => {
                            let mut o = Map::new();
                            for g in &inner.fields {
                                o.insert(g.clone(), sample(&nested, g));
                            }
                            Value::Array(vec![Value::Object(o.clone()), Value::Object(o)])
                        }
                        None => sample(key, f),
                    };
                    obj.insert(f.clone(), v);
                }
                let value = Value::Object(obj);
                let v = if t.shape == Shape::Rows {
                    // Two records, with distinct ids where they have one.
                    let mut second = value.clone();
                    for id in ["id", "label"] {
                        if let Some(Value::String(x)) = second.get_mut(id) {
                            x.push('2');
                        }
                    }
                    Value::Array(vec![value, second])
                } else {
                    value
                };
                root.insert(key.clone(), v);
            }
            None => {
                root.insert(key.clone(), sample("", key));
            }
        }
    }
    serde_json::from_value(Value::Object(root))
        .unwrap_or_else(|e| panic!("a sample in fields.rs does not fit the schema: {e}"))
}

#[test]
fn every_schema_field_is_documented_and_round_trips() {
    let scenario = every_field_scenario();
    let dir = tempfile::tempdir().unwrap();
    for target in [dir.path().join("all.xlsx"), dir.path().join("all-csv")] {
        write_scenario(&scenario, &target).unwrap();
        let again = read_scenario(&target).unwrap_or_else(|e| panic!("{e}"));
        // Field by field, so a failure names the field that was lost.
        let a = serde_json::to_value(&scenario).unwrap();
        let b = serde_json::to_value(&again).unwrap();
        for (k, v) in a.as_object().unwrap() {
            assert_eq!(
                Some(v),
                b.get(k),
                "`{k}` did not survive {}",
                target.display()
            );
        }
        assert_eq!(scenario, again);
    }
}

#[test]
fn fields_unknown_to_the_documentation_still_round_trip() {
    // As if these fields had just been added to the schema: no kind, no
    // unit. Their columns come from the schema, and their kinds are learnt
    // from serde on reading (an id typed as a number is text, a number
    // typed as text a number, a pair a list, a list a list).
    fields::hidden::hide(&[
        ("source", "id"),
        ("source", "flow"),
        ("sink", "accepts"),
        ("sink", "max_conc"),
        ("enterprise", "location"),
        ("park", "hours_per_year"),
        ("objective", "minimize"),
    ]);
    let mut s = read_scenario(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/lianyungang-demo.toml"),
    )
    .unwrap();
    s.sources[0].id = "101".into();
    s.sinks[0].accepts = Some(vec!["tap".into(), "source".into()]);
    s.park.hours_per_year = Some(7000.0);
    let dir = tempfile::tempdir().unwrap();
    for target in [dir.path().join("s.xlsx"), dir.path().join("csv")] {
        write_scenario(&s, &target).unwrap();
        let again = read_scenario(&target).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s, again, "{}", target.display());
    }
    // A CSV cell "101" under an undocumented text field is still text.
    let csv = std::fs::read_to_string(dir.path().join("csv/sources.csv")).unwrap();
    assert!(csv.contains("\n101,"), "{csv}");
    fields::hidden::hide(&[]);
}

fn grid(name: &str, rows: &[&[&str]]) -> grid::Grid {
    let mut g = grid::Grid {
        name: name.into(),
        label: format!("sheet '{name}'"),
        ..grid::Grid::default()
    };
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                g.set(r, c, grid::Cell::Text(text.to_string()));
            }
        }
    }
    g
}

/// A small park as sheets; `sinks` rows are given by the test.
fn park_with_sinks(sinks: &[&[&str]]) -> Vec<grid::Grid> {
    let mut rows: Vec<&[&str]> = vec![&["id", "enterprise", "flow (t/h)", "max_conc.COD (mg/L)"]];
    rows.extend_from_slice(sinks);
    vec![
        grid("contaminants", &[&["id"], &["COD"]]),
        grid(
            "intakes",
            &[
                &["id", "kind", "conc.COD (mg/L)", "price (CNY/t)"],
                &["FW", "tap", "0", "3.5"],
            ],
        ),
        grid(
            "sources",
            &[&["id", "flow", "conc.COD"], &["S1", "50", "40"]],
        ),
        grid("sinks", &rows),
        grid("discharges", &[&["id"], &["WW"]]),
    ]
}

fn messages(grids: &[grid::Grid]) -> Vec<String> {
    match read_grids(grids) {
        Ok(s) => panic!("read without a problem: {s:?}"),
        Err(problems) => problems.iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn good_sheets_read() {
    let s = read_grids(&park_with_sinks(&[&["E3.D1", "", "80", "20"]])).unwrap();
    assert_eq!(s.sinks[0].flow, Some(80.0));
    assert_eq!(s.sinks[0].max_conc["COD"], 20.0);
    assert_eq!(s.intakes[0].price, Some(3.5));
    let m = s.validate().unwrap();
    let r = parkwater_core::solve(&m, &parkwater_core::SolveOptions::default()).unwrap();
    // 80 t/h at <= 20 mg/L from 50 t/h at 40 mg/L: 40 t/h reused, 40 fresh.
    assert!(
        (r.kpis.freshwater - 40.0).abs() < 1e-9,
        "{}",
        r.kpis.freshwater
    );
}

#[test]
fn wrong_type_names_sheet_cell_entity_and_field() {
    // The header is row 1; the fourth sink is on row 5... put it on row 7.
    let m = messages(&park_with_sinks(&[
        &["A", "", "1", "20"],
        &["B", "", "1", "20"],
        &[],
        &["C", "", "1", "20"],
        &["D", "", "1", "20"],
        &["E3.D1", "", "five", "20"],
    ]));
    assert_eq!(
        m,
        vec!["sheet 'sinks' cell C7 (sink[E3.D1].flow): expected a number, found \"five\""]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let m = messages(&park_with_sinks(&[
        &["A", "", "x", "20"],
        &["B", "", "1", "y"],
        &["A", "", "1", "20"],
    ]));
    assert_eq!(m.len(), 3, "{m:#?}");
    // Sorted by sheet, then row.
    assert!(m[0].contains("cell C2 (sink[A].flow)"), "{m:#?}");
    assert!(m[1].contains("cell D3 (sink[B].max_conc.COD)"), "{m:#?}");
    assert!(
        m[2].contains("cell A4") && m[2].contains("duplicate id 'A' (first in cell A2)"),
        "{m:#?}"
    );
}

#[test]
fn unknown_kind_names_its_cell() {
    let mut g = park_with_sinks(&[&["D1", "", "80", "20"]]);
    g[1] = grid(
        "intakes",
        &[&["id", "kind", "conc.COD"], &["FW", "tapwater", "0"]],
    );
    let m = messages(&g);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(m[0].starts_with("sheet 'intakes' cell B2 (intake[FW].kind): 'tapwater' is not one of surface, ground, tap"), "{m:#?}");
}

#[test]
fn missing_id_names_its_cell() {
    let m = messages(&park_with_sinks(&[
        &["D1", "", "80", "20"],
        &["", "", "10", "20"],
    ]));
    assert_eq!(
        m,
        vec!["sheet 'sinks' cell A3 (sink[row 3].id): id is required and blank"]
    );
}

#[test]
fn unknown_contaminant_column_names_its_header() {
    let mut g = park_with_sinks(&[&["D1", "", "80", "20"]]);
    g[2] = grid(
        "sources",
        &[
            &["id", "flow", "conc.COD", "conc.TSS"],
            &["S1", "50", "40", "3"],
        ],
    );
    let m = messages(&g);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with("sheet 'sources' cell D1 (source.conc): 'TSS' is not a contaminant"),
        "{m:#?}"
    );
}

#[test]
fn duplicate_id_names_both_cells() {
    let m = messages(&park_with_sinks(&[
        &["D1", "", "80", "20"],
        &["D1", "", "10", "20"],
    ]));
    assert_eq!(
        m,
        vec!["sheet 'sinks' cell A3 (sink[D1].id): duplicate id 'D1' (first in cell A2)"]
    );
}

#[test]
fn unknown_column_and_sheet_are_errors_not_silence() {
    let mut g = park_with_sinks(&[&["D1", "", "80", "20"]]);
    g[2] = grid(
        "sources",
        &[&["id", "flwo", "conc.COD"], &["S1", "50", "40"]],
    );
    g.push(grid("sinkz", &[&["id"]]));
    g.push(grid("_notes", &[&["anything"]]));
    let m = messages(&g);
    assert!(
        m.iter()
            .any(|p| p.starts_with("sheet 'sources' cell B1 (source.flwo): 'flwo' is not a field")),
        "{m:#?}"
    );
    assert!(
        m.iter()
            .any(|p| p.starts_with("sheet 'sinkz': is not a table")),
        "{m:#?}"
    );
    // The source lost its flow column: serde's missing field comes back to the sheet.
    assert!(
        m.iter().any(|p| p.contains(
            "(source[S1].flow): flow is required and blank (the sheet has no 'flow' column)"
        )),
        "{m:#?}"
    );
}

fn write_book(
    path: &Path,
    sheets: &[(&str, Vec<Vec<Value>>)],
    formula: Option<(&str, u32, u16, &str)>,
    merge: Option<(&str, u32, u16, u32, u16)>,
) {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        ws.set_formula_result_default("");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v {
                    Value::Number(n) => {
                        ws.write_number(r as u32, c as u16, n.as_f64().unwrap())
                            .unwrap();
                    }
                    Value::String(s) if !s.is_empty() => {
                        ws.write_string(r as u32, c as u16, s).unwrap();
                    }
                    _ => {}
                }
            }
        }
        if let Some((sheet, r, c, f)) = formula {
            if sheet == *name {
                ws.write_formula(r, c, Formula::new(f)).unwrap();
            }
        }
        if let Some((sheet, r0, c0, r1, c1)) = merge {
            if sheet == *name {
                let value = rows[r0 as usize][c0 as usize]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                ws.merge_range(r0, c0, r1, c1, &value, &rust_xlsxwriter::Format::new())
                    .unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn small_book() -> Vec<(&'static str, Vec<Vec<Value>>)> {
    use serde_json::json;
    let rows = |v: Value| -> Vec<Vec<Value>> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap().clone())
            .collect()
    };
    vec![
        ("contaminants", rows(json!([["id"], ["COD"]]))),
        (
            "intakes",
            rows(json!([["id", "kind", "conc.COD (mg/L)"], ["FW", "tap", 0]])),
        ),
        (
            "enterprises",
            rows(json!([["id", "industry"], ["E1", "chemical"]])),
        ),
        (
            "sources",
            rows(json!([
                ["Sources of the park (title row)"],
                [],
                ["id", "enterprise", "flow (t/h)", "conc.COD (mg/L)"],
                ["S1", "E1", 50, 40]
            ])),
        ),
        (
            "sinks",
            rows(json!([
                ["id", "enterprise", "flow (t/h)", "max_conc.COD (mg/L)"],
                ["D1", "E1", 40, 20],
                [],
                ["D2", "", "40", 20]
            ])),
        ),
        ("discharges", rows(json!([["id", "kind"], ["WW", "sewer"]]))),
    ]
}

#[test]
fn xlsx_with_title_rows_blank_rows_text_numbers_and_merged_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("park.xlsx");
    // The enterprise cell E1 merged over both sink rows (B2:B4).
    write_book(&path, &small_book(), None, Some(("sinks", 1, 1, 3, 1)));
    let s = read_scenario(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.sources[0].flow, 50.0);
    assert_eq!(s.sinks.len(), 2);
    assert_eq!(s.sinks[1].flow, Some(40.0));
    assert_eq!(
        s.sinks[1].enterprise.as_deref(),
        Some("E1"),
        "merged cell value"
    );
    let m = s.validate().unwrap();
    let r = parkwater_core::solve(&m, &parkwater_core::SolveOptions::default()).unwrap();
    assert!(
        (r.kpis.freshwater - 40.0).abs() < 1e-9,
        "{}",
        r.kpis.freshwater
    );
}

#[test]
fn formula_without_cached_value_names_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("park.xlsx");
    write_book(&path, &small_book(), Some(("sinks", 1, 2, "=10*4")), None);
    let err = read_scenario(&path).unwrap_err().to_string();
    assert!(
        err.contains(
            "sheet 'sinks' cell C2 (sink[D1].flow): the formula =10*4 has no cached value"
        ),
        "{err}"
    );
}

#[test]
fn formula_with_cached_value_is_read_by_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("park.xlsx");
    let mut wb = Workbook::new();
    for (name, rows) in small_book() {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if name == "sinks" && r == 1 && c == 2 {
                    ws.write_formula(r as u32, c as u16, Formula::new("=10*4").set_result("40"))
                        .unwrap();
                } else if let Some(x) = v.as_f64() {
                    ws.write_number(r as u32, c as u16, x).unwrap();
                } else if let Some(t) = v.as_str().filter(|t| !t.is_empty()) {
                    ws.write_string(r as u32, c as u16, t).unwrap();
                }
            }
        }
    }
    wb.save(&path).unwrap();
    let s = read_scenario(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.sinks[0].flow, Some(40.0));
}

#[test]
fn template_reads_back_as_an_empty_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("template.xlsx");
    let t = template_scenario(&["COD".to_string(), "NH3-N".to_string()]);
    write_scenario(&t, &path).unwrap();
    let s = read_scenario(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s, t);
    // Every table has its sheet and every per-contaminant field its columns.
    let grids = xlsx::read_xlsx(&path).unwrap();
    let sinks = grids.iter().find(|g| g.name == "sinks").unwrap();
    let headers: Vec<String> = sinks.rows[0].iter().map(|c| c.text()).collect();
    for h in [
        "id",
        "flow (t/h)",
        "max_conc.COD (mg/L)",
        "max_conc.NH3-N (mg/L)",
        "grade",
    ] {
        assert!(headers.iter().any(|x| x == h), "{h} in {headers:?}");
    }
    assert!(grids.iter().any(|g| g.name == "README"));
}
