//! What can go wrong reading a workbook or a CSV folder: each problem names
//! the sheet, the cell (A1 notation), the entity and the field.

use crate::grid::CellRef;
use std::fmt;
use std::path::PathBuf;

/// One thing wrong in a workbook.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// `sheet 'sinks'` or `file 'sinks.csv'`.
    pub place: String,
    /// The cell, when one is to blame.
    pub cell: Option<CellRef>,
    /// The entity and field, in validation's notation: `sink[E3.D1].flow`.
    pub path: String,
    /// Stable code: `sheet.type`, `sheet.unknown_column`, ...
    pub code: &'static str,
    /// What is wrong, for a person.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.place)?;
        if let Some(cell) = self.cell {
            write!(f, " cell {cell}")?;
        }
        if !self.path.is_empty() {
            write!(f, " ({})", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a scenario could not be read from a file or folder.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A TOML or JSON scenario that core could not parse.
    #[error(transparent)]
    Parse(#[from] parkwater_core::ParseError),
    /// The workbook or folder could not be opened at all.
    #[error("{path}: cannot read: {message}")]
    Open {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
        /// Whether the file does not exist.
        not_found: bool,
    },
    /// The workbook was read, and these cells are wrong (every one found).
    #[error("{}", sheets_message(.path, .problems))]
    Sheets {
        /// The file or folder.
        path: PathBuf,
        /// Every problem, in sheet and cell order.
        problems: Vec<Problem>,
    },
}

fn sheets_message(path: &std::path::Path, problems: &[Problem]) -> String {
    let n = problems.len();
    let mut s = format!(
        "{}: {n} problem{}",
        path.display(),
        if n == 1 { "" } else { "s" }
    );
    for p in problems {
        s.push_str(&format!("\n  {p}"));
    }
    s
}

impl ReadError {
    /// Stable code of the error (the first problem's for a workbook).
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Parse(e) => e.code(),
            ReadError::Open { .. } => "file.unreadable",
            ReadError::Sheets { problems, .. } => {
                problems.first().map_or("sheet.invalid", |p| p.code)
            }
        }
    }

    /// Every problem as (path, code, message) triples, the shape of
    /// validation problems in JSON output and Python exceptions.
    pub fn problems(&self) -> Vec<(String, String, String)> {
        match self {
            ReadError::Sheets { problems, .. } => problems
                .iter()
                .map(|p| (p.path.clone(), p.code.to_string(), p.to_string()))
                .collect(),
            other => vec![(String::new(), other.code().to_string(), other.to_string())],
        }
    }
}
