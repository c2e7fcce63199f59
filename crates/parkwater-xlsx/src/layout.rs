//! Which sheet holds which part of the scenario, and how a header names a
//! field. Shared by the reader and the writer so both agree on every name.

use crate::fields::{self, Kind};
use crate::schema::{schema, Shape};

/// How a sheet is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// The contaminant ids, one per row under an `id` header.
    Contaminants,
    /// One row per record, one column per field.
    Rows,
    /// One record: a `field` / `value` row per field (with unit and explanation).
    Record,
    /// Free-form data (plugin configuration): `key` / `value` rows, values
    /// as numbers, text or JSON.
    Free,
}

/// One sheet of the workbook.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The scenario key it holds: `sink`, `constraint.term`, `park`; empty
    /// for the top-level fields (`plugins`, ...).
    pub key: String,
    /// The sheet's name in the workbook.
    pub name: String,
    /// Its layout.
    pub kind: SheetKind,
    /// Field names in schema order (Rows and Record sheets).
    pub fields: Vec<String>,
    /// For a nested list (`constraint.term`): the parent table's key.
    pub parent: Option<String>,
}

/// The name of the sheet holding a scenario key.
pub fn sheet_name(key: &str) -> String {
    let known = match key {
        "" => "scenario",
        "contaminants" => "contaminants",
        "park" => "park",
        "enterprise" => "enterprises",
        "intake" => "intakes",
        "source" => "sources",
        "sink" => "sinks",
        "operation" => "operations",
        "treatment" => "treatment",
        "discharge" => "discharges",
        "forbid" => "forbid",
        "constraint" => "constraints",
        "constraint.term" => "constraint terms",
        "policy" => "policy",
        "objective" => "objective",
        "design" => "design",
        "pipe" => "pipes",
        "corridor" => "corridors",
        "junction" => "junctions",
        "plugin" => "plugin config",
        other => {
            // Sheet names: at most 31 characters, none of []:*?/\ .
            let clean: String = other
                .replace('.', " ")
                .chars()
                .filter(|c| !"[]:*?/\\".contains(*c))
                .take(31)
                .collect();
            return clean;
        }
    };
    known.to_string()
}

/// Every sheet, in workbook order: contaminants, the top-level fields,
/// then each table of the schema (nested lists after their parent), then
/// free-form data.
pub fn sheets() -> Vec<Sheet> {
    let s = schema();
    let mut out = vec![Sheet {
        key: "contaminants".into(),
        name: sheet_name("contaminants"),
        kind: SheetKind::Contaminants,
        fields: vec!["id".into()],
        parent: None,
    }];
    let table_keys: Vec<&str> = s.tables.iter().map(|t| t.key.as_str()).collect();
    let free: Vec<&String> = s
        .root
        .iter()
        .filter(|k| fields::field("", k).is_some_and(|f| f.kind == Kind::Json))
        .collect();
    let root_fields: Vec<String> = s
        .root
        .iter()
        .filter(|k| *k != "contaminants" && !table_keys.contains(&k.as_str()) && !free.contains(k))
        .cloned()
        .collect();
    if !root_fields.is_empty() {
        out.push(Sheet {
            key: String::new(),
            name: sheet_name(""),
            kind: SheetKind::Record,
            fields: root_fields,
            parent: None,
        });
    }
    for t in &s.tables {
        let parent = t.key.rsplit_once('.').map(|(p, _)| p.to_string());
        out.push(Sheet {
            key: t.key.clone(),
            name: sheet_name(&t.key),
            kind: if t.shape == Shape::Rows {
                SheetKind::Rows
            } else {
                SheetKind::Record
            },
            // A nested list lives on a sheet of its own, not in a column.
            fields: t
                .fields
                .iter()
                .filter(|f| !table_keys.contains(&format!("{}.{f}", t.key).as_str()))
                .cloned()
                .collect(),
            parent,
        });
    }
    for key in free {
        out.push(Sheet {
            key: key.clone(),
            name: sheet_name(key),
            kind: SheetKind::Free,
            fields: Vec::new(),
            parent: None,
        });
    }
    out
}

/// The column (or key) a parent's records are referred to by in a nested
/// list's sheet: `constraint`.
pub fn link_column(parent: &str) -> String {
    parent.rsplit('.').next().unwrap_or(parent).to_string()
}

/// The field a parent record is identified by in its nested lists: `id`,
/// else `label`, else none (its position, 1-based).
pub fn identity_field(fields: &[String]) -> Option<&'static str> {
    ["id", "label", "name"]
        .into_iter()
        .find(|k| fields.iter().any(|f| f == k))
}

/// A header or key cell's text split into field, sub-key and unit:
/// `conc.COD (mg/L)` -> (`conc`, Some(`COD`), Some(`mg/L`)).
pub fn parse_header(text: &str) -> (String, Option<String>, Option<String>) {
    let text = text.trim();
    let (name, unit) = match text.rfind('(') {
        Some(i) if text.ends_with(')') && i > 0 => (
            text[..i].trim(),
            Some(text[i + 1..text.len() - 1].trim().to_string()),
        ),
        _ => (text, None),
    };
    match name.split_once('.') {
        Some((field, sub)) => (
            field.trim().to_lowercase(),
            Some(sub.trim().to_string()),
            unit,
        ),
        None => (name.to_lowercase(), None, unit),
    }
}

/// A header's text: `flow (t/h)`, `conc.COD (mg/L)`.
pub fn header_text(field: &str, sub: Option<&str>, unit: &str) -> String {
    let name = match sub {
        Some(s) => format!("{field}.{s}"),
        None => field.to_string(),
    };
    if unit.is_empty() {
        name
    } else {
        format!("{name} ({unit})")
    }
}

/// Units compare without case and spaces: `mg/l` is `mg/L`.
pub fn same_unit(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse() {
        assert_eq!(
            parse_header("conc.COD (mg/L)"),
            ("conc".into(), Some("COD".into()), Some("mg/L".into()))
        );
        assert_eq!(parse_header(" Flow "), ("flow".into(), None, None));
        assert_eq!(
            parse_header("location.x (km)"),
            ("location".into(), Some("x".into()), Some("km".into()))
        );
    }

    #[test]
    fn every_table_has_a_sheet() {
        let sheets = sheets();
        for key in [
            "park",
            "sink",
            "intake",
            "constraint.term",
            "policy",
            "objective",
        ] {
            assert!(sheets.iter().any(|s| s.key == key), "{key}");
        }
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        let constraint = sheets.iter().find(|s| s.key == "constraint").unwrap();
        assert!(!constraint.fields.iter().any(|f| f == "term"));
    }
}
