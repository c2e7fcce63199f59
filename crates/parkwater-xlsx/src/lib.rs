//! # parkwater-xlsx
//!
//! Park data in spreadsheets. A scenario can live in an Excel workbook
//! (one sheet per table, one column per field with its unit, one column per
//! contaminant for concentrations and limits) or in a folder of CSV files
//! with the same columns; this crate reads and writes both, and writes the
//! results workbook of a solve. It sits between the files and
//! `parkwater_core::Scenario`; core never depends on it.
//!
//! The sheets follow the scenario schema itself (`schema` discovers its
//! tables and fields from the serde types), so a field added to the schema
//! gets a column without a change here; `fields` documents units and
//! meanings for the README sheet and the headers.
//!
//! Reading reports every problem at once, each naming the sheet, the cell
//! and the field: `sheet 'sinks' cell D7 (sink[E3.D1].flow): expected a
//! number, found "five"`.
//!
//! ```no_run
//! use parkwater_xlsx::{read_scenario, write_scenario};
//!
//! let scenario = read_scenario("scenarios/polley-polley-2000.toml").unwrap();
//! write_scenario(&scenario, "park.xlsx").unwrap();
//! let again = read_scenario("park.xlsx").unwrap();
//! assert_eq!(scenario, again);
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod cells;
mod error;
pub mod fields;
pub mod grid;
pub mod layout;
mod read;
pub mod results;
pub mod schema;
mod write;
mod xlsx;

pub use error::{Problem, ReadError};
pub use read::read_grids;
pub use write::{book, Out, OutColumn, OutSheet};

use parkwater_core::Scenario;
use std::path::{Path, PathBuf};

/// The file formats a scenario can be read from and written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// TOML (`.toml`, and any other extension, as core reads it).
    Toml,
    /// JSON (`.json`).
    Json,
    /// An Excel workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// A folder of CSV files, one per sheet.
    CsvDir,
}

impl FileFormat {
    /// The format of a path: a directory (or a name ending in `/`) is a CSV
    /// folder, `.xlsx`/`.xlsm` a workbook, `.json` JSON, anything else TOML.
    pub fn of(path: &Path) -> FileFormat {
        if path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/') {
            return FileFormat::CsvDir;
        }
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("xlsx" | "xlsm") => FileFormat::Xlsx,
            Some("json") => FileFormat::Json,
            Some("toml") => FileFormat::Toml,
            // No extension and nothing there yet: a folder to create.
            None if !path.exists() => FileFormat::CsvDir,
            _ => FileFormat::Toml,
        }
    }
}

/// Reads a scenario from any supported file: TOML or JSON (as core reads
/// them), an xlsx workbook or a folder of CSV files.
pub fn read_scenario(path: impl AsRef<Path>) -> Result<Scenario, ReadError> {
    let path = path.as_ref();
    let grids = match FileFormat::of(path) {
        FileFormat::Toml | FileFormat::Json => return Ok(Scenario::from_path(path)?),
        FileFormat::Xlsx => xlsx::read_xlsx(path),
        FileFormat::CsvDir if !has_csv_tables(path) => {
            Err("neither a scenario file nor a folder of CSV tables".to_string())
        }
        FileFormat::CsvDir => xlsx::read_csv_dir(path),
    };
    let grids = grids.map_err(|message| ReadError::Open {
        path: path.to_path_buf(),
        not_found: !path.exists(),
        message,
    })?;
    read_grids(&grids).map_err(|problems| ReadError::Sheets {
        path: path.to_path_buf(),
        problems,
    })
}

/// Whether `path` is a folder holding at least one `.csv` file.
fn has_csv_tables(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
        })
    })
}

/// Every sheet of a workbook (`.xlsx`) or CSV folder as grids of cells
/// (formulas by their cached value, merged regions filled), for tools and
/// tests that look at a workbook as it is.
pub fn read_sheets(path: impl AsRef<Path>) -> Result<Vec<grid::Grid>, String> {
    let path = path.as_ref();
    match FileFormat::of(path) {
        FileFormat::CsvDir => xlsx::read_csv_dir(path),
        _ => xlsx::read_xlsx(path),
    }
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {message}")]
pub struct WriteError {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// Writes a scenario in the format its path implies (see [`FileFormat::of`]).
pub fn write_scenario(scenario: &Scenario, path: impl AsRef<Path>) -> Result<(), WriteError> {
    let path = path.as_ref();
    let fail = |message: String| WriteError {
        path: path.to_path_buf(),
        message,
    };
    match FileFormat::of(path) {
        FileFormat::Toml => {
            std::fs::write(path, scenario.to_toml()).map_err(|e| fail(e.to_string()))
        }
        FileFormat::Json => {
            std::fs::write(path, scenario.to_json() + "\n").map_err(|e| fail(e.to_string()))
        }
        FileFormat::Xlsx => {
            let title = if scenario.park.name.is_empty() {
                "parkwater scenario".to_string()
            } else {
                format!("parkwater scenario: {}", scenario.park.name)
            };
            xlsx::write_xlsx(&book(scenario), path, &title).map_err(|e| fail(e.to_string()))
        }
        FileFormat::CsvDir => write::write_csv_dir(&book(scenario), path).map_err(fail),
    }
}

/// An empty scenario declaring these contaminants: what `parkwater template`
/// writes (every sheet with its headers, no records).
pub fn template_scenario(contaminants: &[String]) -> Scenario {
    Scenario {
        contaminants: contaminants.to_vec(),
        ..Scenario::default()
    }
}

#[cfg(test)]
mod tests;
