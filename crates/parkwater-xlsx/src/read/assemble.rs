//! Table assembly: the records as the scenario's JSON form (nested lists
//! attached to their parents, x/y pairs joined, required blanks marked), and
//! where each JSON path came from.

use super::{field_path, Loc, RawRecord, RawTable, Reader, State};
use crate::cells::{coerce, placeholder};
use crate::error::Problem;
use crate::fields::{self, Kind};
use crate::grid::CellRef;
use crate::layout::{self, SheetKind};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

impl Reader<'_> {
    /// The scenario's JSON form, the problems met on the way, and where each
    /// JSON path came from.
    pub(super) fn build(
        &self,
        tables: &[RawTable],
        st: &State,
    ) -> (Value, Vec<Problem>, HashMap<String, Loc>) {
        let mut problems = Vec::new();
        let mut index: HashMap<String, Loc> = HashMap::new();
        let mut root = Map::new();
        root.insert(
            "contaminants".into(),
            Value::Array(
                self.contaminants
                    .iter()
                    .map(|(id, ..)| Value::String(id.clone()))
                    .collect(),
            ),
        );
        for (i, (_, g, at)) in self.contaminants.iter().enumerate() {
            index.insert(
                format!("contaminants[{i}]"),
                Loc {
                    grid: *g,
                    at: *at,
                    entity: "contaminants".into(),
                    table: String::new(),
                    field: Some("contaminants".into()),
                    placeholder: false,
                },
            );
        }
        // Top-level tables first, then nested lists attached to their parents.
        let mut built: BTreeMap<String, Vec<Map<String, Value>>> = BTreeMap::new();
        for t in tables.iter().filter(|t| t.sheet.parent.is_none()) {
            let mut objects = Vec::new();
            for (n, rec) in t.records.iter().enumerate() {
                let base = match t.sheet.kind {
                    SheetKind::Rows => format!("{}[{n}]", t.sheet.key),
                    _ => t.sheet.key.clone(),
                };
                objects.push(self.build_record(t, rec, &base, st, &mut problems, &mut index));
            }
            built.insert(t.sheet.key.clone(), objects);
        }
        for t in tables.iter().filter(|t| t.sheet.parent.is_some()) {
            let parent_key = t.sheet.parent.clone().unwrap_or_default();
            let field = t
                .sheet
                .key
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_string();
            let Some(parent_table) = tables.iter().find(|p| p.sheet.key == parent_key) else {
                problems.push(Problem {
                    place: self.place(t.grid),
                    cell: None,
                    path: String::new(),
                    code: "sheet.missing",
                    message: format!(
                        "its rows belong to sheet '{}', which the workbook lacks",
                        layout::sheet_name(&parent_key)
                    ),
                });
                continue;
            };
            let ident = layout::identity_field(&parent_table.sheet.fields);
            let ids: HashMap<String, usize> = parent_table
                .records
                .iter()
                .enumerate()
                .map(|(n, rec)| {
                    let id = match ident {
                        Some(f) => rec
                            .cells
                            .iter()
                            .find(|c| c.field == f && c.sub.is_none())
                            .map(|c| c.cell.text())
                            .unwrap_or_default(),
                        None => (n + 1).to_string(),
                    };
                    (id, n)
                })
                .collect();
            let mut counts = vec![0usize; parent_table.records.len()];
            for rec in &t.records {
                let Some((link, at)) = &rec.link else {
                    continue;
                };
                let Some(&p) = ids.get(link) else {
                    problems.push(Problem {
                        place: self.place(t.grid),
                        cell: Some(*at),
                        path: rec.entity.clone(),
                        code: "sheet.unknown_ref",
                        message: format!(
                            "no record '{link}' on sheet '{}' ({})",
                            parent_table.sheet.name,
                            ident.map_or("by its 1-based position".to_string(), |f| format!(
                                "by {f}"
                            ))
                        ),
                    });
                    continue;
                };
                let base = format!("{parent_key}[{p}].{field}[{}]", counts[p]);
                counts[p] += 1;
                let child = self.build_record(t, rec, &base, st, &mut problems, &mut index);
                let Some(parent) = built.get_mut(&parent_key).and_then(|v| v.get_mut(p)) else {
                    continue;
                };
                let list = parent
                    .entry(field.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = list {
                    items.push(Value::Object(child));
                }
            }
        }
        for t in tables.iter().filter(|t| t.sheet.parent.is_none()) {
            let Some(objects) = built.remove(&t.sheet.key) else {
                continue;
            };
            match t.sheet.kind {
                SheetKind::Rows => {
                    if !objects.is_empty() {
                        root.insert(
                            t.sheet.key.clone(),
                            Value::Array(objects.into_iter().map(Value::Object).collect()),
                        );
                    }
                }
                _ => {
                    let obj = objects.into_iter().next().unwrap_or_default();
                    if t.sheet.key.is_empty() {
                        root.extend(obj);
                    } else if !obj.is_empty() {
                        root.insert(t.sheet.key.clone(), Value::Object(obj));
                    }
                }
            }
        }
        // A required top-level table left out entirely.
        for (table, field) in &st.required {
            if table.is_empty() && !root.contains_key(field) {
                problems.push(Problem {
                    place: "workbook".into(),
                    cell: None,
                    path: field.clone(),
                    code: "sheet.missing",
                    message: format!(
                        "'{field}' is required: give it on sheet '{}'",
                        layout::sheet_name("")
                    ),
                });
            }
        }
        (Value::Object(root), problems, index)
    }

    fn build_record(
        &self,
        t: &RawTable,
        rec: &RawRecord,
        base: &str,
        st: &State,
        problems: &mut Vec<Problem>,
        index: &mut HashMap<String, Loc>,
    ) -> Map<String, Value> {
        let key = &t.sheet.key;
        let join = |field: &str| {
            if base.is_empty() {
                field.to_string()
            } else {
                format!("{base}.{field}")
            }
        };
        let mut obj = Map::new();
        let mut pairs: BTreeMap<String, [Option<(f64, CellRef)>; 2]> = BTreeMap::new();
        let loc = |at: CellRef, field: &str, placeholder: bool| Loc {
            grid: t.grid,
            at,
            entity: rec.entity.clone(),
            table: key.clone(),
            field: Some(field.to_string()),
            placeholder,
        };
        index.insert(
            base.to_string(),
            Loc {
                grid: t.grid,
                at: rec.at,
                entity: rec.entity.clone(),
                table: key.clone(),
                field: None,
                placeholder: false,
            },
        );
        for c in &rec.cells {
            if st.suppressed.contains(&(t.grid, c.at)) {
                continue;
            }
            let doc = fields::field(key, &c.field);
            let kind = doc
                .map(|f| f.kind)
                .or_else(|| st.learned.get(&(key.clone(), c.field.clone())).copied());
            let kind = if t.sheet.kind == SheetKind::Free {
                Some(Kind::Json)
            } else {
                kind
            };
            let kind = match (kind, &c.sub) {
                (Some(Kind::PerContaminant), Some(_)) => Some(Kind::Number),
                (Some(Kind::Pair), Some(_)) => Some(Kind::Number),
                (k, _) => k,
            };
            let path = match &c.sub {
                Some(s) => format!("{}.{s}", join(&c.field)),
                None => join(&c.field),
            };
            let value = match coerce(&c.cell, kind) {
                Ok(v) => v,
                Err((code, message)) => {
                    problems.push(Problem {
                        place: self.place(t.grid),
                        cell: Some(c.at),
                        path: field_path(&rec.entity, &c.field, c.sub.as_deref()),
                        code,
                        message,
                    });
                    continue;
                }
            };
            index.insert(path.clone(), loc(c.at, &c.field, false));
            let is_pair = doc.is_some_and(|f| f.kind == Kind::Pair);
            match &c.sub {
                Some(s) if is_pair => {
                    let slot = usize::from(s == "y");
                    pairs.entry(c.field.clone()).or_default()[slot] =
                        value.as_f64().map(|x| (x, c.at));
                    index.insert(
                        format!("{}[{slot}]", join(&c.field)),
                        loc(c.at, &c.field, false),
                    );
                }
                Some(s) => {
                    let entry = obj
                        .entry(c.field.clone())
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(m) = entry {
                        m.insert(s.clone(), value);
                    }
                }
                None => {
                    obj.insert(c.field.clone(), value);
                }
            }
        }
        for (field, [x, y]) in pairs {
            match (x, y) {
                (Some((x, _)), Some((y, _))) => {
                    obj.insert(field, serde_json::json!([x, y]));
                }
                (Some((_, at)), None) | (None, Some((_, at))) => problems.push(Problem {
                    place: self.place(t.grid),
                    cell: Some(at),
                    path: field_path(&rec.entity, &field, None),
                    code: "sheet.missing",
                    message: format!("{field} needs both {field}.x and {field}.y"),
                }),
                (None, None) => {}
            }
        }
        for (table, field) in &st.required {
            if table != key || obj.contains_key(field) {
                continue;
            }
            let at = match t.field_cells.get(field) {
                Some(cell) if t.sheet.kind == SheetKind::Rows => CellRef::new(rec.at.row, cell.col),
                Some(cell) => *cell,
                None if t.sheet.kind == SheetKind::Rows => CellRef::new(t.header_row, 0),
                None => rec.at,
            };
            let column_note = if t.field_cells.contains_key(field) {
                String::new()
            } else {
                format!(" (the sheet has no '{field}' column)")
            };
            problems.push(Problem {
                place: self.place(t.grid),
                cell: Some(at),
                path: field_path(&rec.entity, field, None),
                code: "sheet.missing",
                message: format!("{field} is required and blank{column_note}"),
            });
            let kind = fields::field(key, field)
                .map(|f| f.kind)
                .or_else(|| st.learned.get(&(key.clone(), field.clone())).copied());
            obj.insert(field.clone(), placeholder(kind));
            index.insert(join(field), loc(at, field, true));
        }
        obj
    }
}
