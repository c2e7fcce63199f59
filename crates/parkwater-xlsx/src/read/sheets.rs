//! Which sheet holds which table, the contaminants sheet (read first: headers
//! are checked against it) and record sheets (`field` / `value` rows).

use super::{record_path, RawCell, RawRecord, RawTable, Reader, HEADER_SEARCH_ROWS};
use crate::error::Problem;
use crate::grid::{Cell, CellRef};
use crate::layout::{self, Sheet, SheetKind};
use std::collections::HashMap;

/// Sheet names that hold no scenario data.
fn ignored_sheet(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    n == "readme" || n == "lists" || n.starts_with('_') || n.starts_with('#')
}

impl Reader<'_> {
    /// Matches sheets to tables and reads them: contaminants first, then the
    /// record sheets (the park's flow unit), then the table sheets.
    pub(super) fn read_sheets(&mut self) -> Vec<RawTable> {
        let specs = layout::sheets();
        let mut matched: Vec<(usize, Sheet)> = Vec::new();
        for (g, grid) in self.grids.iter().enumerate() {
            if ignored_sheet(&grid.name) {
                continue;
            }
            let name = grid.name.trim().to_lowercase();
            let spec = specs.iter().find(|s| {
                s.name == name
                    || (!s.key.is_empty() && (s.key == name || format!("{}s", s.key) == name))
            });
            match spec {
                Some(spec) => {
                    if let Some((other, _)) = matched.iter().find(|(_, s)| s.key == spec.key) {
                        self.problem(
                            g,
                            None,
                            "",
                            "sheet.duplicate",
                            format!(
                                "holds the same table as sheet '{}'; keep one",
                                self.grids[*other].name
                            ),
                        );
                    } else {
                        matched.push((g, spec.clone()));
                    }
                }
                None => {
                    let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
                    self.problem(g, None, "", "sheet.unknown", format!(
                        "is not a table of the scenario (one of: {}); a sheet whose name starts with '_' or '#' is ignored",
                        names.join(", ")
                    ));
                }
            }
        }
        // Contaminants and the park's flow unit first: headers are checked against them.
        match matched
            .iter()
            .find(|(_, s)| s.kind == SheetKind::Contaminants)
        {
            Some((g, _)) => self.read_contaminants(*g),
            None => self.problems.push(Problem {
                place: "workbook".into(),
                cell: None,
                path: "contaminants".into(),
                code: "sheet.missing",
                message:
                    "there is no 'contaminants' sheet (one contaminant id per row under an 'id' header)"
                        .into(),
            }),
        }
        let mut tables = Vec::new();
        let order = |s: &Sheet| match s.kind {
            SheetKind::Record | SheetKind::Free => 0,
            _ => 1,
        };
        matched.sort_by_key(|(g, s)| (order(s), *g));
        for (g, sheet) in matched {
            match sheet.kind {
                SheetKind::Contaminants => {}
                SheetKind::Record | SheetKind::Free => {
                    if let Some(t) = self.read_record_sheet(g, sheet) {
                        if t.sheet.key == "park" {
                            if let Some(unit) =
                                t.records[0].cells.iter().find(|c| c.field == "flow_unit")
                            {
                                self.flow_unit = unit.cell.text();
                            }
                        }
                        tables.push(t);
                    }
                }
                SheetKind::Rows => {
                    if let Some(t) = self.read_rows_sheet(g, sheet) {
                        tables.push(t);
                    }
                }
            }
        }
        tables
    }

    fn read_contaminants(&mut self, g: usize) {
        let grid = &self.grids[g];
        let header = (0..HEADER_SEARCH_ROWS.min(grid.rows.len())).find_map(|row| {
            (0..grid.rows[row].len())
                .find(|&c| layout::parse_header(&grid.get(row, c).text()).0 == "id")
                .map(|c| (row, c))
        });
        let (start, col) = match header {
            Some((row, c)) => (row + 1, c),
            None => (0, 0),
        };
        let mut seen: HashMap<String, CellRef> = HashMap::new();
        for row in start..grid.rows.len() {
            let cell = grid.get(row, col).clone();
            if cell.is_blank() {
                continue;
            }
            let at = CellRef::new(row, col);
            let id = match cell {
                Cell::Text(_) | Cell::Number(_) => cell.text(),
                other => {
                    self.problem(
                        g,
                        Some(at),
                        "contaminants",
                        "sheet.type",
                        format!("expected a contaminant id, found {}", other.shown()),
                    );
                    continue;
                }
            };
            if let Some(first) = seen.get(&id) {
                self.problem(
                    g,
                    Some(at),
                    &format!("contaminants.{id}"),
                    "sheet.duplicate_id",
                    format!("duplicate contaminant '{id}' (first in cell {first})"),
                );
                continue;
            }
            seen.insert(id.clone(), at);
            self.contaminant_ids.insert(id.clone());
            self.contaminants.push((id, g, at));
        }
    }

    /// A record sheet: `field` / `value` rows (or columns A and B).
    fn read_record_sheet(&mut self, g: usize, sheet: Sheet) -> Option<RawTable> {
        let grid = &self.grids[g];
        let header = (0..HEADER_SEARCH_ROWS.min(grid.rows.len())).find_map(|row| {
            let cols: Vec<String> = (0..grid.rows[row].len())
                .map(|c| grid.get(row, c).text().to_lowercase())
                .collect();
            let key = cols.iter().position(|t| t == "field" || t == "key")?;
            let value = cols.iter().position(|t| t == "value")?;
            Some((row, key, value))
        });
        let (start, key_col, value_col) = match header {
            Some((row, k, v)) => (row + 1, k, v),
            None => (0, 0, 1),
        };
        let mut record = RawRecord {
            at: CellRef::new(start, key_col),
            cells: Vec::new(),
            link: None,
            entity: String::new(),
        };
        let mut field_cells = HashMap::new();
        let mut seen: HashMap<String, CellRef> = HashMap::new();
        for row in start..grid.rows.len() {
            let key_cell = grid.get(row, key_col);
            let value = grid.get(row, value_col).clone();
            if key_cell.is_blank() {
                if !value.is_blank() {
                    self.problem(
                        g,
                        Some(CellRef::new(row, value_col)),
                        "",
                        "sheet.no_field",
                        format!(
                            "holds {} but its row names no field in column {}",
                            value.shown(),
                            crate::grid::column_name(key_col)
                        ),
                    );
                }
                continue;
            }
            let key_text = key_cell.text();
            if key_text.starts_with('#') {
                continue;
            }
            let key_at = CellRef::new(row, key_col);
            let at = CellRef::new(row, value_col);
            let (field, sub) = if sheet.kind == SheetKind::Free {
                (key_text.clone(), None)
            } else {
                let (field, sub, _) = layout::parse_header(&key_text);
                if !sheet.fields.contains(&field) {
                    let path = record_path(&sheet.key, &field);
                    self.problem(
                        g,
                        Some(key_at),
                        &path,
                        "sheet.unknown_field",
                        format!(
                            "'{key_text}' is not a field of {} (one of: {})",
                            sheet.name,
                            sheet.fields.join(", ")
                        ),
                    );
                    continue;
                }
                if !self.check_sub(
                    g,
                    key_at,
                    &sheet,
                    &field,
                    sub.as_deref(),
                    &record_path(&sheet.key, &key_text),
                ) {
                    continue;
                }
                (field, sub)
            };
            let full = match &sub {
                Some(s) => format!("{field}.{s}"),
                None => field.clone(),
            };
            if let Some(first) = seen.get(&full) {
                self.problem(
                    g,
                    Some(key_at),
                    &record_path(&sheet.key, &full),
                    "sheet.duplicate_column",
                    format!("'{full}' is given twice (first in cell {first})"),
                );
                continue;
            }
            seen.insert(full, key_at);
            field_cells.insert(field.clone(), at);
            if !value.is_blank() {
                record.cells.push(RawCell {
                    field,
                    sub,
                    at,
                    cell: value,
                });
            }
        }
        Some(RawTable {
            grid: g,
            sheet,
            records: vec![record],
            field_cells,
            header_row: start.saturating_sub(1),
        })
    }
}
