//! Scenario -> sheets (the template, or a filled workbook), then to an xlsx
//! file (with formats, widths, frozen headers, drop-down lists and a README
//! sheet) or to a folder of CSV files with the same columns.

use crate::fields::{self, Kind};
use crate::grid::format_number;
use crate::layout::{self, Sheet, SheetKind};
use parkwater_core::Scenario;
use serde_json::{Map, Value};
use std::path::Path;

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// Blank.
    Empty,
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
    /// TRUE/FALSE.
    Bool(bool),
}

/// A column of a written sheet.
#[derive(Debug, Clone)]
pub struct OutColumn {
    /// Header text, unit included.
    pub header: String,
    /// Allowed values (a drop-down list in the xlsx).
    pub vocabulary: Option<Vec<String>>,
    /// What it means (README sheet).
    pub about: String,
}

/// A sheet to write.
#[derive(Debug, Clone)]
pub struct OutSheet {
    /// Its name.
    pub name: String,
    /// Its layout.
    pub kind: SheetKind,
    /// The columns (for a record sheet: field, value, unit, explanation).
    pub columns: Vec<OutColumn>,
    /// Data rows.
    pub rows: Vec<Vec<Out>>,
    /// Record sheets: allowed values of each row's value cell.
    pub row_vocabulary: Vec<Option<Vec<String>>>,
}

/// The kind a field's data asks for when the field is not documented.
fn kind_of(sheet_key: &str, field: &str, data: &[&Map<String, Value>]) -> Kind {
    if let Some(f) = fields::field(sheet_key, field) {
        return f.kind;
    }
    let sample = data.iter().find_map(|o| o.get(field));
    match sample {
        Some(Value::Object(_)) => Kind::PerContaminant,
        // JSON text: exact even for a one-item list (an untagged one-or-many
        // field would read a bare name back as a single name).
        Some(Value::Array(_)) => Kind::Json,
        Some(Value::Bool(_)) => Kind::Bool,
        Some(Value::Number(_)) => Kind::Number,
        _ => Kind::Text,
    }
}

/// A scalar or list value as a cell.
fn cell(value: Option<&Value>, kind: Kind) -> Out {
    match value {
        None | Some(Value::Null) => Out::Empty,
        Some(Value::Number(n)) => n.as_f64().map_or(Out::Empty, Out::Number),
        Some(Value::String(s)) => Out::Text(s.clone()),
        Some(Value::Bool(b)) => Out::Bool(*b),
        Some(Value::Array(items)) if matches!(kind, Kind::List | Kind::Names) => {
            let plain = items.iter().all(|v| {
                v.as_str()
                    .is_some_and(|s| !s.contains([',', ';']) && s.trim() == s && !s.is_empty())
            });
            if plain && !items.is_empty() {
                Out::Text(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            } else {
                Out::Text(Value::Array(items.clone()).to_string())
            }
        }
        Some(other) => Out::Text(other.to_string()),
    }
}

/// The sheets of a scenario (empty tables give header-only sheets: the template).
pub fn book(scenario: &Scenario) -> Vec<OutSheet> {
    let value = serde_json::to_value(scenario).unwrap_or(Value::Null);
    let root = value.as_object().cloned().unwrap_or_default();
    let contaminants: Vec<String> = scenario.contaminants.clone();
    let flow_unit = scenario
        .park
        .flow_unit
        .clone()
        .unwrap_or_else(|| "t/h".to_string());
    let specs = layout::sheets();
    let mut out = Vec::new();
    for sheet in &specs {
        let built = match sheet.kind {
            SheetKind::Contaminants => OutSheet {
                name: sheet.name.clone(),
                kind: sheet.kind,
                columns: vec![OutColumn {
                    header: "id".into(),
                    vocabulary: None,
                    about: "Contaminant id; every concentration column of the other sheets names one (conc.<id>), in mg/L.".into(),
                }],
                rows: contaminants.iter().map(|c| vec![Out::Text(c.clone())]).collect(),
                row_vocabulary: Vec::new(),
            },
            SheetKind::Rows => rows_sheet(sheet, &root, &contaminants, &flow_unit),
            SheetKind::Record => record_sheet(sheet, &root, &flow_unit),
            SheetKind::Free => free_sheet(sheet, &root),
        };
        out.push(built);
    }
    out
}

/// The records of a table: top-level lists, or every parent's nested list
/// with the parent's identity.
fn records<'a>(
    sheet: &Sheet,
    root: &'a Map<String, Value>,
) -> Vec<(Option<String>, &'a Map<String, Value>)> {
    let list = |v: Option<&'a Value>| -> Vec<&'a Map<String, Value>> {
        v.and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_object).collect())
            .unwrap_or_default()
    };
    match &sheet.parent {
        None => list(root.get(&sheet.key))
            .into_iter()
            .map(|o| (None, o))
            .collect(),
        Some(parent) => {
            let field = sheet.key.rsplit('.').next().unwrap_or_default();
            let parent_fields = crate::schema::schema()
                .table(parent)
                .map(|t| t.fields.clone())
                .unwrap_or_default();
            let ident = layout::identity_field(&parent_fields);
            list(root.get(parent))
                .into_iter()
                .enumerate()
                .flat_map(|(n, p)| {
                    let id = match ident {
                        Some(f) => p
                            .get(f)
                            .map(|v| match v {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                            .unwrap_or_default(),
                        None => (n + 1).to_string(),
                    };
                    list(p.get(field))
                        .into_iter()
                        .map(move |o| (Some(id.clone()), o))
                })
                .collect()
        }
    }
}

fn rows_sheet(
    sheet: &Sheet,
    root: &Map<String, Value>,
    contaminants: &[String],
    flow_unit: &str,
) -> OutSheet {
    let recs = records(sheet, root);
    let data: Vec<&Map<String, Value>> = recs.iter().map(|(_, o)| *o).collect();
    // (field, sub, kind)
    let mut cols: Vec<(String, Option<String>, Kind)> = Vec::new();
    let mut columns = Vec::new();
    if let Some(parent) = &sheet.parent {
        columns.push(OutColumn {
            header: layout::link_column(parent),
            vocabulary: None,
            about: format!(
                "The record of sheet '{}' this row belongs to (by its {}).",
                layout::sheet_name(parent),
                layout::identity_field(
                    &crate::schema::schema()
                        .table(parent)
                        .map(|t| t.fields.clone())
                        .unwrap_or_default()
                )
                .unwrap_or("1-based position")
            ),
        });
    }
    for field in &sheet.fields {
        let kind = kind_of(&sheet.key, field, &data);
        let doc = fields::field(&sheet.key, field);
        let unit = doc.map(|d| fields::unit(d, flow_unit)).unwrap_or_default();
        let about = doc.map_or_else(
            || "(not documented yet)".to_string(),
            |d| d.about.to_string(),
        );
        let subs: Vec<Option<String>> = match kind {
            Kind::PerContaminant => {
                let mut subs: Vec<String> = contaminants.to_vec();
                for o in &data {
                    if let Some(Value::Object(m)) = o.get(field) {
                        for k in m.keys() {
                            if !subs.contains(k) {
                                subs.push(k.clone());
                            }
                        }
                    }
                }
                subs.into_iter().map(Some).collect()
            }
            Kind::Pair => vec![Some("x".into()), Some("y".into())],
            _ => vec![None],
        };
        for sub in subs {
            columns.push(OutColumn {
                header: layout::header_text(field, sub.as_deref(), &unit),
                vocabulary: fields::vocabulary(&sheet.key, field)
                    .filter(|_| !matches!(kind, Kind::List | Kind::Names)),
                about: about.clone(),
            });
            cols.push((field.clone(), sub, kind));
        }
    }
    let rows = recs
        .iter()
        .map(|(link, o)| {
            let mut row: Vec<Out> = Vec::new();
            if sheet.parent.is_some() {
                row.push(Out::Text(link.clone().unwrap_or_default()));
            }
            for (field, sub, kind) in &cols {
                let v = o.get(field);
                let c = match (kind, sub) {
                    (Kind::Pair, Some(s)) => {
                        cell(v.and_then(|v| v.get(usize::from(s == "y"))), Kind::Number)
                    }
                    (_, Some(s)) => cell(v.and_then(|v| v.get(s)), Kind::Number),
                    (k, None) => cell(v, *k),
                };
                row.push(c);
            }
            row
        })
        .collect();
    OutSheet {
        name: sheet.name.clone(),
        kind: sheet.kind,
        columns,
        rows,
        row_vocabulary: Vec::new(),
    }
}

fn record_columns() -> Vec<OutColumn> {
    ["field", "value", "unit", "explanation"]
        .iter()
        .map(|h| OutColumn {
            header: h.to_string(),
            vocabulary: None,
            about: String::new(),
        })
        .collect()
}

fn record_sheet(sheet: &Sheet, root: &Map<String, Value>, flow_unit: &str) -> OutSheet {
    let obj = if sheet.key.is_empty() {
        Some(root)
    } else {
        root.get(&sheet.key).and_then(Value::as_object)
    };
    let data: Vec<&Map<String, Value>> = obj.into_iter().collect();
    let mut rows = Vec::new();
    let mut vocab = Vec::new();
    for field in &sheet.fields {
        let kind = kind_of(&sheet.key, field, &data);
        let doc = fields::field(&sheet.key, field);
        let unit = doc.map(|d| fields::unit(d, flow_unit)).unwrap_or_default();
        let about = doc.map_or_else(
            || "(not documented yet)".to_string(),
            |d| d.about.to_string(),
        );
        let v = obj.and_then(|o| o.get(field));
        let entries: Vec<(String, Out)> = match kind {
            Kind::Pair => ["x", "y"]
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    (
                        format!("{field}.{s}"),
                        cell(v.and_then(|v| v.get(i)), Kind::Number),
                    )
                })
                .collect(),
            Kind::PerContaminant => v
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, x)| (format!("{field}.{k}"), cell(Some(x), Kind::Number)))
                        .collect()
                })
                .unwrap_or_default(),
            k => vec![(field.clone(), cell(v, k))],
        };
        for (name, value) in entries {
            rows.push(vec![
                Out::Text(name),
                value,
                Out::Text(unit.clone()),
                Out::Text(about.clone()),
            ]);
            vocab.push(
                fields::vocabulary(&sheet.key, field)
                    .filter(|_| !matches!(kind, Kind::List | Kind::Names)),
            );
        }
    }
    OutSheet {
        name: sheet.name.clone(),
        kind: sheet.kind,
        columns: record_columns(),
        rows,
        row_vocabulary: vocab,
    }
}

fn free_sheet(sheet: &Sheet, root: &Map<String, Value>) -> OutSheet {
    let about = fields::field("", &sheet.key)
        .map(|f| f.about.to_string())
        .unwrap_or_default();
    let rows = root
        .get(&sheet.key)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let value = match v {
                        Value::Object(_) | Value::Array(_) => Out::Text(v.to_string()),
                        other => cell(Some(other), Kind::Json),
                    };
                    vec![
                        Out::Text(k.clone()),
                        value,
                        Out::Empty,
                        Out::Text(about.clone()),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    let mut columns = record_columns();
    columns[0].header = "key".into();
    OutSheet {
        name: sheet.name.clone(),
        kind: sheet.kind,
        columns,
        rows,
        row_vocabulary: Vec::new(),
    }
}

/// Writes the sheets as one CSV file per sheet (`sinks.csv`) into `dir`.
/// Sheets with no data and no meaning for the scenario are still written,
/// header only, so the folder is also a template.
pub fn write_csv_dir(sheets: &[OutSheet], dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for s in sheets {
        let path = dir.join(format!("{}.csv", s.name));
        let mut w =
            csv::Writer::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let fail = |e: csv::Error| format!("{}: {e}", path.display());
        w.write_record(s.columns.iter().map(|c| c.header.as_str()))
            .map_err(fail)?;
        for row in &s.rows {
            let texts: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Out::Empty => String::new(),
                    Out::Number(x) => format_number(*x),
                    Out::Text(t) => t.clone(),
                    Out::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
                })
                .collect();
            w.write_record(&texts).map_err(fail)?;
        }
        w.flush().map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
