//! `parkwater diff A B`: what differs between two resolved scenarios, by path.

use crate::args::{DiffArgs, OutputFormat, StudyFormat};
use crate::output::emit;
use anyhow::Result;
use parkwater_core::scenario::variant;

pub(crate) fn run(a: &DiffArgs) -> Result<u8> {
    let format = if a.format == StudyFormat::Json {
        OutputFormat::Json
    } else {
        OutputFormat::Table
    };
    let mut scenarios = Vec::new();
    for path in [&a.a, &a.b] {
        match variant::load(path) {
            Ok(r) => scenarios.push(r.scenario),
            Err(e) => {
                crate::report_read_error(&e.into(), format);
                return Ok(crate::exit::INVALID);
            }
        }
    }
    let changes = parkwater_study::diff::diff(&scenarios[0], &scenarios[1]);
    let text = match a.format {
        StudyFormat::Json => format!("{}\n", serde_json::to_string_pretty(&changes)?),
        _ if changes.is_empty() => "no difference\n".to_string(),
        _ => changes.iter().map(|c| format!("{c}\n")).collect(),
    };
    emit(&text);
    Ok(0)
}
