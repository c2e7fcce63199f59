//! `parkwater convert A B`: a scenario between TOML, JSON, an xlsx workbook
//! and a folder of CSV files (the format follows each path); and the
//! results workbook `solve` writes.

use crate::args::{ConvertArgs, OutputFormat};
use anyhow::{Context, Result};
use parkwater_core::plugins::{PluginReports, ReportWithPlugins};
use parkwater_core::{Model, Report};
use parkwater_xlsx::{read_scenario, write_scenario};
use std::path::Path;

/// Runs `parkwater convert`; returns the exit code.
pub fn run(a: &ConvertArgs) -> Result<u8> {
    let scenario = match read_scenario(&a.input) {
        Ok(s) => s,
        Err(e) => {
            crate::report_read_error(&e, OutputFormat::Table);
            return Ok(crate::exit::INVALID);
        }
    };
    write_scenario(&scenario, &a.output)?;
    eprintln!("wrote {}", a.output.display());
    Ok(0)
}

/// Writes the results workbook of a solve (KPIs, flows, enterprises,
/// outfalls, duals, design, verification) to `path`, atomically.
pub fn write_results(
    model: &Model,
    report: &Report,
    extras: &PluginReports,
    path: &Path,
) -> Result<()> {
    let json = if extras.is_empty() {
        serde_json::to_value(report)?
    } else {
        serde_json::to_value(ReportWithPlugins {
            report,
            plugins: extras,
        })?
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let tmp = path.with_extension(format!("tmp{}.xlsx", std::process::id()));
    parkwater_xlsx::results::write_results(model, &json, &tmp)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot rename to {}", path.display()))
}
