//! `parkwater target`: water pinch targets before any network is designed.
//!
//! One contaminant (asked for, or the only one): its targets and cascade table.
//! Several: the targets of each, the contaminant that limits the freshwater, and
//! the LP's minimum freshwater with every contaminant at once (the true
//! multi-contaminant target). Exit codes: 0 targeted, 1 invalid input, 2 no
//! feasible target (for some contaminant, or the LP infeasible), 3 the run broke.

use crate::args::{OutputFormat, TargetArgs, TargetFormat};
use crate::output::{emit, write_atomic};
use anyhow::{Context, Result};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use parkwater_core::targeting::{
    self, AllTargets, ContaminantTargets, OperationReport, TargetReport, TargetReportError,
};
use parkwater_core::{Model, Status};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;

/// Runs `parkwater target`; returns the exit code.
pub fn run(a: &TargetArgs) -> Result<u8> {
    let format = match a.format {
        TargetFormat::Table => OutputFormat::Table,
        TargetFormat::Json => OutputFormat::Json,
    };
    let scenario = match parkwater_xlsx::read_scenario(&a.scenario) {
        Ok(s) => s,
        Err(e) => {
            crate::report_read_error(&e, format);
            return Ok(crate::exit::INVALID);
        }
    };
    let scenario = match crate::plugins::apply(&scenario, &a.scenario, &a.plugins, format) {
        Ok(applied) => applied.scenario,
        Err(code) => return Ok(code),
    };
    let model = match scenario.validate() {
        Ok(m) => m,
        Err(e) => {
            crate::report_validation_error(&e.with_origin(&a.scenario), format);
            return Ok(crate::exit::INVALID);
        }
    };
    let operations = targeting::operations(&scenario, &model);
    let report = match TargetReport::new(&model, a.contaminant.as_deref()) {
        Ok(report) => report,
        Err(TargetReportError::Targeting(e)) => {
            let status = if e.is_infeasible() {
                "infeasible"
            } else {
                "invalid"
            };
            if a.format == TargetFormat::Json {
                emit(&format!(
                    "{}\n",
                    json!({"status": status, "contaminant": e.contaminant(), "code": e.code(), "message": e.to_string()})
                ));
            }
            eprintln!("error: {e}");
            return Ok(if e.is_infeasible() {
                crate::exit::INFEASIBLE
            } else {
                crate::exit::INVALID
            });
        }
        Err(TargetReportError::Solve(e)) => return Err(e.into()),
    };
    let doc = report.document(&model, &operations)?;
    let (text, code) = match &report {
        TargetReport::One(t) => (single_table(&model, t, &operations), 0),
        TargetReport::All { targets: all, lp } => {
            let code = if all.failed.is_empty() && lp.is_none_or(|(s, _)| s == Status::Optimal) {
                0
            } else if all.failed.iter().any(|f| !f.infeasible) {
                crate::exit::INVALID
            } else {
                crate::exit::INFEASIBLE
            };
            for f in &all.failed {
                eprintln!("error: {}", f.message);
            }
            (multi_table(&model, all, *lp, &operations), code)
        }
    };

    match a.format {
        TargetFormat::Json => emit(&format!("{}\n", serde_json::to_string_pretty(&doc)?)),
        TargetFormat::Table => emit(&text),
    }
    if let Some(dir) = &a.out {
        write_files(dir, &doc, report.targeted())?;
    }
    Ok(code)
}

fn single_table(m: &Model, t: &ContaminantTargets, ops: &[OperationReport]) -> String {
    let u = t.flow_unit.name();
    let mut s = String::new();
    let name = if m.name.is_empty() { "park" } else { &m.name };
    let _ = writeln!(s, "{name}  —  water pinch targets for {}", t.contaminant);
    let _ = writeln!(s, "  minimum freshwater: {} {u}", num(t.freshwater));
    let _ = writeln!(s, "  wastewater:         {} {u}", num(t.wastewater));
    let _ = writeln!(s, "  pinch (mg/L):       {}", pinches(&t.pinches));
    if t.threshold {
        let _ = writeln!(
            s,
            "  threshold problem (no freshwater or no wastewater at the target)"
        );
    }
    if let Some(r) = &t.regeneration {
        let _ = writeln!(
            s,
            "  regenerated:        {} {u} through {} (outlet {} mg/L)",
            num(r.regenerated),
            r.treatment,
            num(r.outlet_conc)
        );
        match &r.without_regeneration {
            Some(b) => {
                let _ = writeln!(
                    s,
                    "  without regeneration: freshwater {} {u}, wastewater {} {u}, pinch (mg/L) {}",
                    num(b.freshwater),
                    num(b.wastewater),
                    pinches(&b.pinches)
                );
            }
            None => {
                let _ = writeln!(s, "  without regeneration: infeasible");
            }
        }
    }
    if t.fresh_by_intake.len() > 1 {
        for (id, f) in &t.fresh_by_intake {
            let _ = writeln!(s, "    from {id}: {} {u}", num(*f));
        }
    }
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_header([
        "from (mg/L)".to_string(),
        "to (mg/L)".to_string(),
        format!("net flow ({u})"),
        format!("cumulative flow ({u})"),
        "load (kg/h)".to_string(),
        "cumulative load (kg/h)".to_string(),
    ]);
    for r in &t.cascade {
        table.add_row(
            [
                r.conc_low,
                r.conc_high,
                r.net_flow,
                r.cumulative_flow,
                r.load,
                r.cumulative_load,
            ]
            .map(|x| Cell::new(num(x)).set_alignment(CellAlignment::Right)),
        );
    }
    let _ = writeln!(s, "{table}");
    operations_table(&mut s, ops, u);
    notes(&mut s, &t.notes);
    s
}

fn multi_table(
    m: &Model,
    all: &AllTargets,
    lp: Option<(Status, Option<f64>)>,
    ops: &[OperationReport],
) -> String {
    let u = m.flow_unit.name();
    let mut s = String::new();
    let name = if m.name.is_empty() { "park" } else { &m.name };
    let _ = writeln!(s, "{name}  —  water pinch targets per contaminant");
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_header([
        "contaminant".to_string(),
        format!("freshwater ({u})"),
        format!("wastewater ({u})"),
        "pinch (mg/L)".to_string(),
        format!("regenerated ({u})"),
    ]);
    for t in &all.contaminants {
        table.add_row([
            Cell::new(&t.contaminant),
            Cell::new(num(t.freshwater)).set_alignment(CellAlignment::Right),
            Cell::new(num(t.wastewater)).set_alignment(CellAlignment::Right),
            Cell::new(pinches(&t.pinches)),
            Cell::new(t.regenerated.map_or("-".to_string(), num))
                .set_alignment(CellAlignment::Right),
        ]);
    }
    for f in &all.failed {
        table.add_row([
            Cell::new(&f.contaminant),
            Cell::new(if f.infeasible { "infeasible" } else { "error" }),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
        ]);
    }
    let _ = writeln!(s, "{table}");
    if let Some(c) = &all.limiting {
        let f = all
            .contaminants
            .iter()
            .find(|t| &t.contaminant == c)
            .map_or(0.0, |t| t.freshwater);
        let _ = writeln!(
            s,
            "  limiting contaminant: {c} (freshwater target {} {u})",
            num(f)
        );
    }
    match lp {
        Some((_, Some(f))) => {
            let _ = writeln!(
                s,
                "  LP minimum freshwater, all contaminants together: {} {u}",
                num(f)
            );
        }
        Some((status, None)) => {
            let _ = writeln!(s, "  LP with all contaminants together: {status:?}");
        }
        None => {}
    }
    for f in &all.failed {
        let _ = writeln!(s, "  {}", f.message);
    }
    operations_table(&mut s, ops, u);
    let mut seen = Vec::new();
    for t in &all.contaminants {
        for n in &t.notes {
            if !seen.contains(n) {
                seen.push(n.clone());
            }
        }
    }
    notes(&mut s, &seen);
    s
}

fn operations_table(s: &mut String, ops: &[OperationReport], u: &str) {
    if ops.is_empty() {
        return;
    }
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_header([
        "operation".to_string(),
        format!("limiting flow ({u})"),
        "limited by".to_string(),
        "load (kg/h)".to_string(),
        "inlet max (mg/L)".to_string(),
        "outlet (mg/L)".to_string(),
    ]);
    let list = |m: &std::collections::BTreeMap<String, f64>| {
        m.iter()
            .map(|(c, v)| format!("{c} {}", num(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for o in ops {
        table.add_row([
            Cell::new(&o.id),
            Cell::new(num(o.limiting_flow)).set_alignment(CellAlignment::Right),
            Cell::new(match (&o.limited_by, o.flow_given) {
                (_, true) => "given".to_string(),
                (Some(c), false) => c.clone(),
                (None, false) => "-".to_string(),
            }),
            Cell::new(list(&o.load)),
            Cell::new(list(&o.max_inlet_conc)),
            Cell::new(list(&o.outlet_conc)),
        ]);
    }
    let _ = writeln!(s, "{table}");
}

fn notes(s: &mut String, notes: &[String]) {
    for n in notes {
        let _ = writeln!(s, "  note: {n}");
    }
}

/// Pinch concentrations, mg/L, or `none`.
fn pinches(list: &[f64]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        list.iter().map(|c| num(*c)).collect::<Vec<_>>().join(", ")
    }
}

/// Up to 3 decimals, trailing zeros trimmed; large values whole.
fn num(x: f64) -> String {
    let x = if x == 0.0 { 0.0 } else { x };
    let s = if x.abs() >= 1e5 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    };
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Writes targets.json and one `composite_<contaminant>.svg` per targeted
/// contaminant into `dir`, each atomically.
fn write_files(dir: &Path, doc: &Value, targeted: &[ContaminantTargets]) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    write_atomic(
        &dir.join("targets.json"),
        &serde_json::to_string_pretty(doc)?,
    )?;
    for t in targeted {
        match t.composite_svg() {
            Ok(svg) => write_atomic(
                &dir.join(format!("composite_{}.svg", file_part(&t.contaminant))),
                &svg,
            )?,
            Err(e) => eprintln!("warning: no composite curves for {}: {e}", t.contaminant),
        }
    }
    Ok(())
}

/// A contaminant name made safe for a file name.
fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_numbers() {
        assert_eq!(file_part("NH3-N/total"), "NH3-N_total");
        assert_eq!(num(70.0), "70");
        assert_eq!(num(53.571428), "53.571");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1e6), "1000000");
    }
}
