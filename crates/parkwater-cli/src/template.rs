//! `parkwater template FILE`: an empty scenario workbook to fill in (every
//! sheet, every column with its unit, drop-down lists, a README sheet), or
//! with `--from SCENARIO` the workbook of an existing scenario.

use crate::args::TemplateArgs;
use anyhow::Result;
use parkwater_xlsx::{read_scenario, template_scenario, write_scenario, FileFormat};

/// Runs `parkwater template`; returns the exit code.
pub fn run(a: &TemplateArgs) -> Result<u8> {
    if matches!(FileFormat::of(&a.file), FileFormat::Toml | FileFormat::Json) {
        eprintln!(
            "error: {}: a template is a workbook (.xlsx) or a CSV folder",
            a.file.display()
        );
        return Ok(crate::exit::INVALID);
    }
    let scenario = match &a.from {
        Some(path) => match read_scenario(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(crate::exit::INVALID);
            }
        },
        None => template_scenario(&a.contaminants),
    };
    write_scenario(&scenario, &a.file)?;
    eprintln!(
        "wrote {} ({} contaminants: {})",
        a.file.display(),
        scenario.contaminants.len(),
        scenario.contaminants.join(", ")
    );
    Ok(0)
}
