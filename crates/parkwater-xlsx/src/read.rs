//! Sheets -> scenario, with every problem addressed to its cell.
//!
//! Three passes. The sheets are matched to the scenario's tables and their
//! headers to fields (unknown sheets, columns and contaminants are found
//! here). Then the records are turned into the scenario's JSON form, each
//! cell read as its field's kind (numbers stored as text are numbers, ids
//! typed as numbers are text), and checked for duplicate ids and unknown
//! kinds. Last, serde reads the JSON as a `Scenario`; an error it raises is
//! traced back to its cell through the JSON path, and the read goes on
//! without that cell, so that every problem is reported at once. A field
//! this crate does not document yet has its kind learnt from serde's
//! "expected" instead of being dropped.

use crate::cells::{coerce, expected_kind, friendly, placeholder, split_list};
use crate::error::Problem;
use crate::fields::{self, Kind};
use crate::grid::{Cell, CellRef, Grid};
use crate::layout::{self, Sheet, SheetKind};
use parkwater_core::Scenario;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Rows searched for a header.
const HEADER_SEARCH_ROWS: usize = 20;

/// Most problems reported before the reader gives up.
const MAX_PROBLEMS: usize = 500;

/// Sheet names that hold no scenario data.
fn ignored_sheet(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    n == "readme" || n == "lists" || n.starts_with('_') || n.starts_with('#')
}

/// One non-blank cell of a record.
#[derive(Debug, Clone)]
struct RawCell {
    field: String,
    sub: Option<String>,
    at: CellRef,
    cell: Cell,
}

/// One record: a row of a table sheet, or a whole record sheet.
#[derive(Debug, Clone)]
struct RawRecord {
    /// The row (a record sheet: its first field row).
    at: CellRef,
    cells: Vec<RawCell>,
    /// Nested lists: the parent's identity and its cell.
    link: Option<(String, CellRef)>,
    /// `sink[E3.D1]`.
    entity: String,
}

#[derive(Debug, Clone)]
struct RawTable {
    grid: usize,
    sheet: Sheet,
    records: Vec<RawRecord>,
    /// Column of each field (table sheets) or row of each field (record sheets).
    field_cells: HashMap<String, CellRef>,
    header_row: usize,
}

/// Where a JSON path came from.
#[derive(Debug, Clone)]
struct Loc {
    grid: usize,
    at: CellRef,
    entity: String,
    table: String,
    field: Option<String>,
    /// The value was put there by the reader (a required field left blank).
    placeholder: bool,
}

/// What the serde pass has learnt so far.
#[derive(Debug, Default)]
struct State {
    learned: HashMap<(String, String), Kind>,
    suppressed: HashSet<(usize, CellRef)>,
    required: HashSet<(String, String)>,
}

struct Reader<'a> {
    grids: &'a [Grid],
    problems: Vec<Problem>,
    contaminants: Vec<(String, usize, CellRef)>,
    flow_unit: String,
}

/// Reads sheets as a scenario; `Err` holds every problem, sorted by sheet and cell.
pub fn read_grids(grids: &[Grid]) -> Result<Scenario, Vec<Problem>> {
    let mut r = Reader {
        grids,
        problems: Vec::new(),
        contaminants: Vec::new(),
        flow_unit: "t/h".to_string(),
    };
    let specs = layout::sheets();
    let mut matched: Vec<(usize, Sheet)> = Vec::new();
    for (g, grid) in grids.iter().enumerate() {
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
                    r.problem(
                        g,
                        None,
                        "",
                        "sheet.duplicate",
                        format!(
                            "holds the same table as sheet '{}'; keep one",
                            grids[*other].name
                        ),
                    );
                } else {
                    matched.push((g, spec.clone()));
                }
            }
            None => {
                let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
                r.problem(g, None, "", "sheet.unknown", format!(
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
        Some((g, _)) => r.read_contaminants(*g),
        None => r.problems.push(Problem {
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
                if let Some(t) = r.read_record_sheet(g, sheet) {
                    if t.sheet.key == "park" {
                        if let Some(unit) =
                            t.records[0].cells.iter().find(|c| c.field == "flow_unit")
                        {
                            r.flow_unit = unit.cell.text();
                        }
                    }
                    tables.push(t);
                }
            }
            SheetKind::Rows => {
                if let Some(t) = r.read_rows_sheet(g, sheet) {
                    tables.push(t);
                }
            }
        }
    }
    r.name_entities(&mut tables);
    r.check_ids(&tables);
    r.check_vocabularies(&tables);
    r.deserialize(&tables)
}

impl Reader<'_> {
    fn place(&self, g: usize) -> String {
        self.grids[g].label.clone()
    }

    fn problem(
        &mut self,
        g: usize,
        at: Option<CellRef>,
        path: &str,
        code: &'static str,
        message: String,
    ) {
        self.problems.push(Problem {
            place: self.place(g),
            cell: at,
            path: path.to_string(),
            code,
            message,
        });
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

    /// Whether a sub-key (`conc.COD`, `location.x`) fits its field; reports it when not.
    fn check_sub(
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
                if self.contaminants.iter().any(|(id, ..)| id == c) {
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

    /// A table sheet: a header row naming fields, one record per non-blank row.
    fn read_rows_sheet(&mut self, g: usize, sheet: Sheet) -> Option<RawTable> {
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

    /// Names each record as validation does: `sink[E3.D1]`, or by its row.
    fn name_entities(&self, tables: &mut [RawTable]) {
        for t in tables.iter_mut() {
            let ident = layout::identity_field(&t.sheet.fields);
            let key = t.sheet.key.clone();
            for rec in &mut t.records {
                rec.entity = match t.sheet.kind {
                    SheetKind::Rows => {
                        let id = ident.and_then(|f| {
                            rec.cells.iter().find(|c| c.field == f && c.sub.is_none())
                        });
                        match id {
                            Some(c) => format!(
                                "{}[{}]",
                                key.rsplit('.').next().unwrap_or(&key),
                                c.cell.text()
                            ),
                            None => format!(
                                "{}[row {}]",
                                key.rsplit('.').next().unwrap_or(&key),
                                rec.at.row + 1
                            ),
                        }
                    }
                    _ => key.clone(),
                };
            }
        }
    }

    fn check_ids(&mut self, tables: &[RawTable]) {
        for t in tables.iter().filter(|t| t.sheet.kind == SheetKind::Rows) {
            let Some(ident) = layout::identity_field(&t.sheet.fields) else {
                continue;
            };
            if t.sheet.parent.is_some() {
                continue;
            }
            let mut seen: HashMap<String, CellRef> = HashMap::new();
            for rec in &t.records {
                let Some(c) = rec
                    .cells
                    .iter()
                    .find(|c| c.field == ident && c.sub.is_none())
                else {
                    continue;
                };
                let id = c.cell.text();
                if let Some(first) = seen.get(&id) {
                    self.problem(
                        t.grid,
                        Some(c.at),
                        &format!("{}.{ident}", rec.entity),
                        "sheet.duplicate_id",
                        format!("duplicate {ident} '{id}' (first in cell {first})"),
                    );
                } else {
                    seen.insert(id, c.at);
                }
            }
        }
    }

    fn check_vocabularies(&mut self, tables: &[RawTable]) {
        for t in tables {
            for rec in &t.records {
                for c in &rec.cells {
                    let Some(words) = fields::vocabulary(&t.sheet.key, &c.field) else {
                        continue;
                    };
                    let kind = fields::field(&t.sheet.key, &c.field).map(|f| f.kind);
                    let text = c.cell.text();
                    let items: Vec<String> = if matches!(kind, Some(Kind::List | Kind::Names))
                        || text.starts_with('[')
                    {
                        split_list(&text)
                    } else {
                        vec![text]
                    };
                    for item in items {
                        if !item.is_empty() && !words.contains(&item) {
                            let shown = if words.len() > 12 {
                                format!("{} ... ({} names; see the lists sheet of `parkwater template`)", words[..6].join(", "), words.len())
                            } else {
                                words.join(", ")
                            };
                            self.problem(
                                t.grid,
                                Some(c.at),
                                &field_path(&rec.entity, &c.field, None),
                                "sheet.unknown_kind",
                                format!("'{item}' is not one of {shown}"),
                            );
                        }
                    }
                }
            }
        }
    }

    fn deserialize(mut self, tables: &[RawTable]) -> Result<Scenario, Vec<Problem>> {
        let mut state = State::default();
        let mut serde_problems: Vec<Problem> = Vec::new();
        for _ in 0..10_000 {
            let (value, build_problems, index) = self.build(tables, &state);
            let outcome = serde_path_to_error::deserialize::<_, Scenario>(&value);
            let err = match outcome {
                Ok(scenario) => {
                    self.problems.extend(build_problems);
                    self.problems.extend(serde_problems);
                    return if self.problems.is_empty() {
                        Ok(scenario)
                    } else {
                        Err(self.finish())
                    };
                }
                Err(e) => e,
            };
            let segments = path_segments(err.path());
            let message = err.inner().to_string();
            let loc = lookup(&index, &segments);
            let Some((loc, exact)) = loc else {
                serde_problems.push(Problem {
                    place: "workbook".into(),
                    cell: None,
                    path: segments.join(""),
                    code: "sheet.structure",
                    message,
                });
                self.problems.extend(build_problems);
                break;
            };
            if let Some(field) = message
                .strip_prefix("missing field `")
                .and_then(|m| m.split('`').next())
            {
                let key = (loc.table.clone(), field.to_string());
                if state.required.insert(key) {
                    continue;
                }
            } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
                if let Some(field) = &loc.field {
                    let documented = fields::field(&loc.table, field).is_some();
                    let key = (loc.table.clone(), field.clone());
                    if !documented && !state.learned.contains_key(&key) {
                        if let Some(kind) = expected_kind(&message) {
                            state.learned.insert(key, kind);
                            continue;
                        }
                    }
                    if loc.placeholder {
                        if let Some(kind) = expected_kind(&message) {
                            if state.learned.insert(key, kind) != Some(kind) {
                                continue;
                            }
                        }
                    }
                }
            }
            let path = if exact {
                display_path(loc, &segments)
            } else {
                loc.entity.clone()
            };
            serde_problems.push(Problem {
                place: self.place(loc.grid),
                cell: Some(loc.at),
                path,
                code: if message.starts_with("invalid type") {
                    "sheet.type"
                } else {
                    "sheet.invalid"
                },
                message: friendly(&message),
            });
            if loc.placeholder
                || !state.suppressed.insert((loc.grid, loc.at))
                || serde_problems.len() > MAX_PROBLEMS
            {
                self.problems.extend(build_problems);
                break;
            }
        }
        self.problems.extend(serde_problems);
        Err(self.finish())
    }

    fn finish(mut self) -> Vec<Problem> {
        self.problems.sort();
        self.problems.dedup();
        self.problems
    }

    /// The scenario's JSON form, the problems met on the way, and where each
    /// JSON path came from.
    fn build(
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

/// `sink[E3.D1].max_conc.COD`.
fn field_path(entity: &str, field: &str, sub: Option<&str>) -> String {
    let mut p = if entity.is_empty() {
        field.to_string()
    } else {
        format!("{entity}.{field}")
    };
    if let Some(s) = sub {
        p.push('.');
        p.push_str(s);
    }
    p
}

fn record_path(key: &str, field: &str) -> String {
    if key.is_empty() {
        field.to_string()
    } else {
        format!("{key}.{field}")
    }
}

/// The path shown for a serde error: the entity, then what follows the record.
fn display_path(loc: &Loc, segments: &[String]) -> String {
    match &loc.field {
        Some(field) => {
            // Everything after the field's own segment (a list item, a sub-key).
            let joined = segments.join("");
            let tail = joined
                .rfind(&format!(".{field}"))
                .map(|i| joined[i + field.len() + 1..].to_string())
                .unwrap_or_default();
            format!("{}{tail}", field_path(&loc.entity, field, None))
        }
        None => loc.entity.clone(),
    }
}

/// serde_path_to_error's path as segments: `sink`, `[3]`, `.flow`.
fn path_segments(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    let mut out = Vec::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push(format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => out.push(if out.is_empty() {
                key.clone()
            } else {
                format!(".{key}")
            }),
            Segment::Unknown => break,
        }
    }
    out
}

/// The longest prefix of the path that came from a cell; whether it was the whole path.
fn lookup<'a>(index: &'a HashMap<String, Loc>, segments: &[String]) -> Option<(&'a Loc, bool)> {
    (0..=segments.len()).rev().find_map(|n| {
        let key = segments[..n].join("");
        index.get(&key).map(|loc| (loc, n == segments.len()))
    })
}
