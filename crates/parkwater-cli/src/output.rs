//! Printing results: the table a park manager reads, JSON, CSV, DOT; and
//! the files written with `--out`, each atomically (temporary name, then rename).

use crate::args::OutputFormat;
use anyhow::{Context, Result};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use parkwater_core::plugins::{PluginReports, ReportWithPlugins};
use parkwater_core::report::{Diagnosis, DualEntry, Flow};
use parkwater_core::{Model, Report};
use std::fmt::Write as _;
use std::path::Path;

/// Flows shown in the table unless `--all`.
const TABLE_FLOWS: usize = 25;

/// Prints a report in the chosen format on stdout; with plugins, their KPIs
/// and checks under `plugins` (JSON) or after the core table.
pub fn print_report(
    report: &Report,
    extras: &PluginReports,
    format: OutputFormat,
    all: bool,
) -> Result<()> {
    let text = match format {
        OutputFormat::Json => format!("{}\n", report_json(report, extras)?),
        OutputFormat::Csv => flows_csv(report),
        OutputFormat::Dot => report.to_dot(),
        OutputFormat::Table => table(report, all) + &crate::plugins::table(extras),
    };
    emit(&text);
    Ok(())
}

/// Writes to stdout; a reader that went away (`parkwater solve ... | head`)
/// is not an error, and never a panic as with `print!`.
pub fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// The human summary: status, objectives, KPIs, the largest flows.
fn table(r: &Report, all: bool) -> String {
    let u = r.units.flow;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}  —  status: {:?}",
        if r.park.is_empty() { "park" } else { &r.park },
        r.status
    );
    for fallback in &r.solver.fallbacks {
        let _ = writeln!(s, "  note: {}", fallback.sentence());
    }
    if let Some(d) = &r.diagnosis {
        diagnosis_table(&mut s, d);
        return s;
    }
    for (name, value) in &r.objective {
        let unit = if name == "cost" { "CNY/yr" } else { u };
        let _ = writeln!(s, "  minimum {name}: {} {unit}", num(*value));
    }
    let k = &r.kpis;
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_header(["KPI", "value", "unit"]);
    let mut rows: Vec<(&str, String, &str)> = vec![
        ("freshwater intake", num(k.freshwater), u),
        ("discharge", num(k.discharge), u),
        ("reused between units", num(k.reused), u),
        ("regenerated and reused", num(k.regenerated), u),
        ("declared recirculation", num(k.recirculation), u),
        ("reuse rate", format!("{:.2} %", 100.0 * k.reuse_rate), ""),
        ("annual cost", num(k.cost_per_year), "CNY/yr"),
    ];
    rows.extend(water_rows(k, u));
    for (name, value, unit) in rows {
        t.add_row([
            Cell::new(name),
            Cell::new(value).set_alignment(CellAlignment::Right),
            Cell::new(unit),
        ]);
    }
    for (c, load) in &k.discharged_load_kg_h {
        t.add_row([
            Cell::new(format!("{c} discharged")),
            Cell::new(num(*load)).set_alignment(CellAlignment::Right),
            Cell::new("kg/h"),
        ]);
    }
    let _ = writeln!(s, "{t}");

    let mut flows: Vec<&Flow> = r.flows.iter().chain(&r.rejects).collect();
    flows.sort_by(|a, b| {
        b.flow
            .total_cmp(&a.flow)
            .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
    });
    let shown = if all {
        flows.len()
    } else {
        flows.len().min(TABLE_FLOWS)
    };
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_header(["from", "to", &format!("flow ({u})")]);
    for f in &flows[..shown] {
        t.add_row([
            Cell::new(&f.from),
            Cell::new(&f.to),
            Cell::new(num(f.flow)).set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(s, "{t}");
    if shown < flows.len() {
        let _ = writeln!(
            s,
            "  ... {} smaller flows (--all shows them)",
            flows.len() - shown
        );
    }
    let v = &r.verification;
    let _ = writeln!(
        s,
        "verification: {} checks, max relative violation {:.1e}{}",
        v.checks,
        v.max_violation,
        if v.passed() { "" } else { "  — FAILED" }
    );
    for violation in &v.violations {
        let _ = writeln!(
            s,
            "  violated: {} by {:.1e}",
            violation.check, violation.amount
        );
    }
    s
}

/// Issue 13's KPIs: both reuse rates, new water by origin, cooling and
/// condensate rates, the water balance, the target and its definition.
fn water_rows<'a>(
    k: &'a parkwater_core::report::Kpis,
    u: &'a str,
) -> Vec<(&'a str, String, &'a str)> {
    let pct = |x: f64| format!("{:.2} %", 100.0 * x);
    let opt = |x: Option<f64>| x.map_or("-".to_string(), pct);
    let b = &k.water_balance;
    let mut rows = vec![
        (
            "reuse rate without recirculation",
            pct(k.reuse_rate_excluding_recirculation),
            "",
        ),
        ("wastewater reuse rate", opt(k.wastewater_reuse_rate), ""),
        ("new water, conventional", num(k.new_water.conventional), u),
        (
            "new water, non-conventional",
            num(k.new_water.non_conventional),
            u,
        ),
        (
            "indirect cooling circulation rate",
            opt(k.indirect_cooling_circulation_rate),
            "",
        ),
        (
            "condensate recovery rate",
            opt(k.condensate_recovery_rate),
            "",
        ),
        ("balance: intake", num(b.intake), u),
        (
            "balance: discharge (ZLD feed included)",
            num(b.discharge),
            u,
        ),
        ("balance: declared consumption", num(b.consumed), u),
        ("balance: unaccounted", num(b.unaccounted), u),
        ("balance: closure", pct(b.closure), ""),
    ];
    if let Some(t) = &k.reuse_target {
        rows.push((
            "reuse target (declared rate)",
            format!(
                "{} {}",
                pct(t.target),
                if t.met { "met" } else { "NOT met" }
            ),
            "",
        ));
    }
    rows
}

/// An infeasible park: the conflicting requirements, the explanation, and
/// the smallest relaxation that restores feasibility (no KPIs: there is no flow).
fn diagnosis_table(s: &mut String, d: &Diagnosis) {
    let _ = writeln!(s, "no flow meets every requirement.");
    let _ = writeln!(
        s,
        "conflicting requirements ({}{}):",
        d.method,
        if d.minimal { ", irreducible" } else { "" }
    );
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header([
        "family",
        "entity",
        "contaminant",
        "requirement",
    ]);
    for c in &d.conflicting {
        t.add_row([
            c.family,
            &c.entity,
            c.contaminant.as_deref().unwrap_or(""),
            &c.label,
        ]);
    }
    let _ = writeln!(s, "{t}");
    // The last sentence restates the relaxation, shown as a table below.
    let shown = d
        .explanations
        .iter()
        .filter(|l| d.relaxation.is_empty() || !l.starts_with("smallest relaxation"));
    for line in shown {
        let _ = writeln!(s, "  - {line}");
    }
    if !d.relaxation.is_empty() {
        let _ = writeln!(s, "smallest relaxation that restores feasibility:");
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_header([
            "requirement",
            "now",
            "relaxed to",
            "change",
            "unit",
        ]);
        for x in &d.relaxation {
            t.add_row([
                Cell::new(&x.label),
                Cell::new(num(x.current)).set_alignment(CellAlignment::Right),
                Cell::new(num(x.relaxed)).set_alignment(CellAlignment::Right),
                Cell::new(num(x.relaxed - x.current)).set_alignment(CellAlignment::Right),
                Cell::new(x.unit),
            ]);
        }
        let _ = writeln!(s, "{t}");
    }
}

fn num(x: f64) -> String {
    let x = if x == 0.0 { 0.0 } else { x };
    if x.abs() >= 1e5 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

fn flows_csv(r: &Report) -> String {
    let mut s = String::from("from,to,flow,kind\n");
    for f in &r.flows {
        let _ = writeln!(s, "{},{},{},arc", csv(&f.from), csv(&f.to), f.flow);
    }
    for f in &r.rejects {
        let _ = writeln!(s, "{},{},{},reject", csv(&f.from), csv(&f.to), f.flow);
    }
    s
}

fn duals_csv(r: &Report) -> String {
    let mut s = String::from("family,entity,contaminant,dual\n");
    for (family, entries) in r.duals.iter().flatten() {
        for (entity, entry) in entries {
            match entry {
                DualEntry::Value(y) => {
                    let _ = writeln!(s, "{family},{},,{y}", csv(entity));
                }
                DualEntry::PerContaminant(map) => {
                    for (c, y) in map {
                        let _ = writeln!(s, "{family},{},{},{y}", csv(entity), csv(c));
                    }
                }
            }
        }
    }
    s
}

/// Quotes a CSV field when it needs it.
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// The JSON report: the core report, plus `plugins` when a plugin ran.
fn report_json(r: &Report, extras: &PluginReports) -> Result<String> {
    Ok(if extras.is_empty() {
        serde_json::to_string_pretty(r)?
    } else {
        serde_json::to_string_pretty(&ReportWithPlugins {
            report: r,
            plugins: extras,
        })?
    })
}

/// Writes flows.csv, kpis.json, duals.csv and report.json into `dir`.
pub fn write_outputs(dir: &Path, r: &Report, extras: &PluginReports) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    write_atomic(&dir.join("flows.csv"), &flows_csv(r))?;
    write_atomic(
        &dir.join("kpis.json"),
        &serde_json::to_string_pretty(&r.kpis)?,
    )?;
    write_atomic(&dir.join("duals.csv"), &duals_csv(r))?;
    write_atomic(&dir.join("report.json"), &report_json(r, extras)?)?;
    Ok(())
}

/// Writes to a temporary name beside the target, then renames: an interrupted
/// run never leaves a truncated file.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension(format!(
        "{}.tmp{}",
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        std::process::id()
    ));
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot rename to {}", path.display()))
}

/// Prints what `check` found in a valid scenario.
pub fn print_check(path: &Path, m: &Model, format: OutputFormat) {
    // Arcs removed by per-supply limits and stream classes (issue 13).
    let removed = parkwater_core::network::quality::removed_arcs(m);
    let counts = serde_json::json!({
        "enterprises": m.enterprises.len(), "intakes": m.intakes.len(), "sources": m.sources.len(),
        "sinks": m.sinks.len(), "treatments": m.treatments.len(), "discharges": m.discharges.len(),
        "contaminants": m.contaminants.len(),
    });
    if format == OutputFormat::Json {
        emit(&format!(
            "{}\n",
            serde_json::json!({"status": "valid", "file": path.display().to_string(), "counts": counts,
                "removed_arcs": removed})
        ));
    } else {
        emit(&format!(
            "{}: valid — {} enterprises, {} intakes, {} sources, {} sinks, {} treatment units, {} discharges, {} contaminants\n",
            path.display(),
            m.enterprises.len(),
            m.intakes.len(),
            m.sources.len(),
            m.sinks.len(),
            m.treatments.len(),
            m.discharges.len(),
            m.contaminants.len()
        ));
        for r in &removed {
            emit(&format!(
                "  {} removes {} arc{} (e.g. {})\n",
                r.rule,
                r.count,
                if r.count == 1 { "" } else { "s" },
                r.examples.join(", ")
            ));
        }
    }
}
