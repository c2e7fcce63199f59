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
//!
//! - `sheets`: which sheet holds which table, the contaminants sheet and
//!   record sheets (`field` / `value`);
//! - `rows`: table sheets, their header row and its columns;
//! - `checks`: entity names, duplicate ids, vocabularies;
//! - `assemble`: the records as the scenario's JSON, each cell decoded as its
//!   field's kind (`cells`), with where each JSON path came from;
//! - `errors`: the serde pass, its errors traced back to their cells.

mod assemble;
mod checks;
mod errors;
mod rows;
mod sheets;

use crate::error::Problem;
use crate::fields::Kind;
use crate::grid::{Cell, CellRef, Grid};
use crate::layout::Sheet;
use parkwater_core::Scenario;
use std::collections::{HashMap, HashSet};

/// Rows searched for a header.
const HEADER_SEARCH_ROWS: usize = 20;

/// Most problems reported before the reader gives up.
const MAX_PROBLEMS: usize = 500;

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
    /// The contaminant ids above, for lookups by name.
    contaminant_ids: HashSet<String>,
    flow_unit: String,
}

/// Reads sheets as a scenario; `Err` holds every problem, sorted by sheet and cell.
pub fn read_grids(grids: &[Grid]) -> Result<Scenario, Vec<Problem>> {
    let mut r = Reader {
        grids,
        problems: Vec::new(),
        contaminants: Vec::new(),
        contaminant_ids: HashSet::new(),
        flow_unit: "t/h".to_string(),
    };
    let mut tables = r.read_sheets();
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

    fn finish(mut self) -> Vec<Problem> {
        self.problems.sort();
        self.problems.dedup();
        self.problems
    }
}

/// `sink[E3.D1].max_conc.COD`.
pub(super) fn field_path(entity: &str, field: &str, sub: Option<&str>) -> String {
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

pub(super) fn record_path(key: &str, field: &str) -> String {
    if key.is_empty() {
        field.to_string()
    } else {
        format!("{key}.{field}")
    }
}
