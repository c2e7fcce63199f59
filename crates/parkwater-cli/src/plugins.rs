//! Plugins on the command line: applying a scenario's plugins, their errors
//! (exit 1 for a plugin that is not there, 4 for one that fails), the
//! plugins' KPIs and checks in the table, and `parkwater plugins list`.

use crate::args::{OutputFormat, PluginDirs, PluginsListArgs};
use crate::output::emit;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use parkwater_core::plugins::{
    self, Applied, ApplyError, PluginError, PluginErrorKind, PluginHost, PluginReports,
};
use parkwater_core::Scenario;
use std::fmt::Write as _;
use std::path::Path;

/// Applies the scenario's plugins, searching `dirs` then `PARKWATER_PLUGIN_PATH`.
/// On failure prints the problem and returns the exit code.
pub fn apply(
    scenario: &Scenario,
    path: &Path,
    dirs: &PluginDirs,
    format: OutputFormat,
) -> Result<Applied, u8> {
    let host = PluginHost::with_env(dirs.plugin_dir.clone())
        .with_timeout(std::time::Duration::from_secs_f64(dirs.plugin_timeout));
    // No directory at all: the scenario's plugins are `plugin.not_loaded`.
    let host = (!host.dirs().is_empty()).then_some(host);
    match plugins::apply(host.as_ref(), scenario) {
        Ok(applied) => Ok(applied),
        Err(ApplyError::Invalid(e)) => {
            crate::report_validation_error(&e.with_origin(path), format);
            Err(crate::exit::INVALID)
        }
        Err(ApplyError::Plugin(e)) => Err(report_error(&e, format)),
    }
}

/// Prints a plugin error; returns its exit code: 1 when the scenario names a
/// plugin the directories do not hold, 4 when a plugin is there but fails.
pub fn report_error(e: &PluginError, format: OutputFormat) -> u8 {
    let not_found = matches!(e.kind, PluginErrorKind::NotFound { .. });
    if format == OutputFormat::Json {
        let json = if not_found {
            serde_json::json!({"status": "invalid", "problems": [
                {"path": "plugins", "code": e.code(), "message": e.to_string()}]})
        } else {
            serde_json::json!({"status": "plugin_error", "plugin": e.plugin, "hook": e.hook,
                "code": e.code(), "message": e.to_string()})
        };
        emit(&format!("{json}\n"));
    }
    eprintln!("error: {e}");
    if not_found {
        crate::exit::INVALID
    } else {
        crate::exit::PLUGIN
    }
}

/// The plugins' KPIs and checks, after the core table.
pub fn table(extras: &PluginReports) -> String {
    let mut s = String::new();
    for (name, r) in extras {
        let _ = writeln!(s, "plugin {name} {}:", r.version);
        if !r.kpis.is_empty() {
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED)
                .set_header(["KPI", "value", "unit"]);
            for (k, kpi) in &r.kpis {
                let value = kpi
                    .value
                    .map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
                t.add_row([
                    Cell::new(k),
                    Cell::new(value).set_alignment(CellAlignment::Right),
                    Cell::new(&kpi.unit),
                ]);
            }
            let _ = writeln!(s, "{t}");
        }
        for c in &r.checks {
            let figures = match (c.value, c.limit) {
                (Some(v), Some(l)) => {
                    let unit = c
                        .unit
                        .as_deref()
                        .map(|u| format!(" {u}"))
                        .unwrap_or_default();
                    format!(" ({v:.3} vs {l:.3}{unit})")
                }
                _ => String::new(),
            };
            let mark = if c.passed { "ok    " } else { "FAILED" };
            let _ = writeln!(s, "  {mark} {}{figures}: {}", c.id, c.message);
        }
    }
    s
}

/// `parkwater plugins list`: exit 0 when the directories hold at least one usable plugin.
pub fn list(a: &PluginsListArgs) -> u8 {
    let host = PluginHost::with_env(a.plugins.plugin_dir.clone());
    let listing = host.list();
    if a.json {
        let entries: Vec<serde_json::Value> = listing
            .iter()
            .map(|l| match &l.plugin {
                Ok(p) => serde_json::json!({
                    "path": l.path, "status": "ok", "abi": p.abi.to_string(),
                    "name": p.manifest.name, "version": p.manifest.version,
                    "industries": p.manifest.industries, "hooks": p.manifest.hooks,
                    "description": p.manifest.description}),
                Err(e) => serde_json::json!({
                    "path": l.path, "status": "error", "name": e.plugin, "code": e.code(),
                    "message": e.to_string()}),
            })
            .collect();
        let json = serde_json::json!({"abi": host.abi().to_string(), "dirs": host.dirs(), "plugins": entries});
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        ));
    } else {
        let mut s = String::new();
        let dirs: Vec<String> = host
            .dirs()
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        let _ = writeln!(
            s,
            "plugin ABI {}; directories: {}",
            host.abi(),
            if dirs.is_empty() {
                "none (give --plugin-dir DIR or set PARKWATER_PLUGIN_PATH)".to_string()
            } else {
                dirs.join(", ")
            }
        );
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_header([
            "name",
            "version",
            "ABI",
            "hooks",
            "industries / problem",
            "file",
        ]);
        for l in &listing {
            let file = l
                .path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            match &l.plugin {
                Ok(p) => {
                    let hooks: Vec<&str> = p.manifest.hooks.iter().map(|h| h.name()).collect();
                    t.add_row([
                        p.manifest.name.clone(),
                        p.manifest.version.clone(),
                        p.abi.to_string(),
                        hooks.join(", "),
                        p.manifest.industries.join(", "),
                        file,
                    ]);
                }
                Err(e) => {
                    t.add_row([
                        e.plugin.clone(),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        format!("unusable: {}", e.kind),
                        file,
                    ]);
                }
            }
        }
        let _ = writeln!(s, "{t}");
        emit(&s);
    }
    if listing.iter().any(|l| l.plugin.is_ok()) {
        0
    } else {
        crate::exit::INVALID
    }
}
