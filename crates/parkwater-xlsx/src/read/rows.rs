//! Table sheets: the header row, its columns (field, sub-key, unit), one
//! record per non-blank row.

use super::{RawCell, RawRecord, RawTable, Reader, HEADER_SEARCH_ROWS};
use crate::fields::{self, Kind};
use crate::grid::CellRef;
use crate::layout::{self, Sheet};
use std::collections::HashMap;

impl Reader<'_> {
    /// A table sheet: a header row naming fields, one record per non-blank row.
    pub(super) fn read_rows_sheet(&mut self, g: usize, sheet: Sheet) -> Option<RawTable> {
        let grid = &self.grids[g];
        let link = sheet.parent.as_deref().map(layout::link_column);
        let is_field = |text: &str| {
            let (field, _, _) = layout::parse_header(text);
            sheet.fields.contains(&field) || link.as_deref() == Some(field.as_str())
        };
        let Some(header_row) = (0..HEADER_SEARCH_ROWS.min(grid.rows.len()))
            .find(|&row| (0..grid.rows[row].len()).any(|c| is_field(&grid.get(row, c).text())))
        else {
            if !(0..grid.rows.len()).all(|r| grid.row_is_blank(r)) {
                self.problem(
                    g,
                    None,
                    "",
                    "sheet.no_header",
                    format!(
                        "no header row: the first rows name no field of {} ({})",
                        sheet.name,
                        sheet.fields.join(", ")
                    ),
                );
            }
            return None;
        };
        let width = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
        // Column -> (field, sub); None for ignored columns.
        let mut columns: Vec<Option<(String, Option<String>)>> = vec![None; width];
        let mut field_cells = HashMap::new();
        let mut seen: HashMap<String, CellRef> = HashMap::new();
        let mut link_col = None;
        for c in 0..width {
            let at = CellRef::new(header_row, c);
            let cell = grid.get(header_row, c);
            if cell.is_blank() {
                // A value under no header would be silently lost.
                if let Some(row) =
                    (header_row + 1..grid.rows.len()).find(|&r| !grid.get(r, c).is_blank())
                {
                    self.problem(
                        g,
                        Some(CellRef::new(row, c)),
                        "",
                        "sheet.no_header",
                        format!(
                            "holds {} but column {} has no header",
                            grid.get(row, c).shown(),
                            crate::grid::column_name(c)
                        ),
                    );
                }
                continue;
            }
            let text = cell.text();
            if text.starts_with('#') || text.starts_with('_') {
                continue;
            }
            let (field, sub, unit) = layout::parse_header(&text);
            let path = format!("{}.{}", sheet.key, field);
            if link.as_deref() == Some(field.as_str()) && sub.is_none() {
                link_col = Some(c);
                continue;
            }
            if !sheet.fields.contains(&field) {
                self.problem(
                    g,
                    Some(at),
                    &path,
                    "sheet.unknown_column",
                    format!(
                        "'{text}' is not a field of {} (one of: {})",
                        sheet.name,
                        sheet.fields.join(", ")
                    ),
                );
                continue;
            }
            if !self.check_sub(g, at, &sheet, &field, sub.as_deref(), &path) {
                continue;
            }
            if let (Some(unit), Some(doc)) = (unit, fields::field(&sheet.key, &field)) {
                let expected = fields::unit(doc, &self.flow_unit);
                if !expected.is_empty() && !layout::same_unit(&unit, &expected) {
                    self.problem(
                        g,
                        Some(at),
                        &path,
                        "sheet.unit",
                        format!(
                            "the header says {unit} but {field} is in {expected}{}",
                            if doc.unit == "FLOW" {
                                " (the park's flow_unit)"
                            } else {
                                ""
                            }
                        ),
                    );
                    continue;
                }
            }
            let full = match &sub {
                Some(s) => format!("{field}.{s}"),
                None => field.clone(),
            };
            if let Some(first) = seen.get(&full) {
                self.problem(
                    g,
                    Some(at),
                    &path,
                    "sheet.duplicate_column",
                    format!("column '{full}' appears twice (first in cell {first})"),
                );
                continue;
            }
            seen.insert(full, at);
            field_cells.entry(field.clone()).or_insert(at);
            columns[c] = Some((field, sub));
        }
        if sheet.parent.is_some() && link_col.is_none() {
            self.problem(
                g,
                Some(CellRef::new(header_row, 0)),
                "",
                "sheet.missing_column",
                format!(
                    "needs a '{}' column naming the record each row belongs to",
                    link.clone().unwrap_or_default()
                ),
            );
        }
        let mut records = Vec::new();
        for row in header_row + 1..grid.rows.len() {
            if grid.row_is_blank(row) {
                continue;
            }
            let cells: Vec<RawCell> = columns
                .iter()
                .enumerate()
                .filter_map(|(c, col)| {
                    let (field, sub) = col.as_ref()?;
                    let cell = grid.get(row, c);
                    (!cell.is_blank()).then(|| RawCell {
                        field: field.clone(),
                        sub: sub.clone(),
                        at: CellRef::new(row, c),
                        cell: cell.clone(),
                    })
                })
                .collect();
            let link = link_col.map(|c| (grid.get(row, c).text(), CellRef::new(row, c)));
            if cells.is_empty() && link.as_ref().is_none_or(|(t, _)| t.is_empty()) {
                continue; // only notes or ignored columns
            }
            records.push(RawRecord {
                at: CellRef::new(row, 0),
                cells,
                link,
                entity: String::new(),
            });
        }
        Some(RawTable {
            grid: g,
            sheet,
            records,
            field_cells,
            header_row,
        })
    }

    /// Whether a sub-key (`conc.COD`, `location.x`) fits its field; reports it when not.
    pub(super) fn check_sub(
        &mut self,
        g: usize,
        at: CellRef,
        sheet: &Sheet,
        field: &str,
        sub: Option<&str>,
        path: &str,
    ) -> bool {
        let kind = fields::field(&sheet.key, field).map(|f| f.kind);
        match (kind, sub) {
            (Some(Kind::PerContaminant), Some(c)) => {
                if self.contaminant_ids.contains(c) {
                    true
                } else {
                    let declared: Vec<&str> = self
                        .contaminants
                        .iter()
                        .map(|(id, ..)| id.as_str())
                        .collect();
                    self.problem(g, Some(at), path, "sheet.unknown_contaminant", format!(
                        "'{c}' is not a contaminant of the contaminants sheet ({}); add it there or fix the column",
                        if declared.is_empty() { "none declared".to_string() } else { declared.join(", ") }
                    ));
                    false
                }
            }
            (Some(Kind::PerContaminant), None) => {
                self.problem(g, Some(at), path, "sheet.unknown_column", format!(
                    "'{field}' holds one value per contaminant: name the columns {field}.<contaminant>, e.g. {field}.COD"
                ));
                false
            }
            (Some(Kind::Pair), Some("x" | "y")) => true,
            (Some(Kind::Pair), _) => {
                self.problem(
                    g,
                    Some(at),
                    path,
                    "sheet.unknown_column",
                    format!("'{field}' is a position: two columns {field}.x and {field}.y"),
                );
                false
            }
            (Some(_), Some(s)) => {
                self.problem(
                    g,
                    Some(at),
                    path,
                    "sheet.unknown_column",
                    format!("'{field}' takes one value; '{field}.{s}' is not a column"),
                );
                false
            }
            _ => true,
        }
    }
}
