//! `parkwater compare BASE VARIANT...`, and what every study command shares:
//! reading a scenario with its variant chain and plugins, and the worker pool.

use crate::args::{CompareArgs, OutputFormat, StudyFormat, StudyOptions};
use crate::output::emit;
use anyhow::{Context, Result};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use parkwater_core::scenario::variant::{self, VariantInfo};
use parkwater_core::Scenario;
use parkwater_study::compare::{compare, Candidate, Comparison, Figures};
use std::path::Path;

/// A scenario read for a study: variant chain resolved, plugins applied,
/// `--objective` applied.
pub(crate) struct Loaded {
    pub name: String,
    pub scenario: Scenario,
    pub info: VariantInfo,
}

/// Reads a scenario or variant file; on failure prints why and returns the exit code.
pub(crate) fn load(path: &Path, study: &StudyOptions, json: bool) -> Result<Loaded, u8> {
    let format = if json {
        OutputFormat::Json
    } else {
        OutputFormat::Table
    };
    let resolved = variant::load(path).map_err(|e| {
        crate::report_read_error(&e.into(), format);
        crate::exit::INVALID
    })?;
    let applied = crate::plugins::apply(&resolved.scenario, path, &study.plugins, format)?;
    let mut scenario = applied.scenario;
    if let Some(list) = &study.objective {
        let names: Vec<String> = list.iter().map(|o| o.name().to_string()).collect();
        scenario.objective = Some(parkwater_core::scenario::schema::ObjectiveSpec {
            minimize: parkwater_core::scenario::schema::OneOrMany::Many(names),
            tolerance: scenario.objective.as_ref().and_then(|o| o.tolerance),
        });
    }
    let name = resolved.info.name.clone().unwrap_or_else(|| {
        path.file_stem().map_or_else(
            || path.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    Ok(Loaded {
        name,
        scenario,
        info: resolved.info,
    })
}

/// Runs `f` on a rayon pool of `jobs` workers (default: the global pool).
pub(crate) fn with_pool<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> T + Send) -> Result<T> {
    match jobs {
        None => Ok(f()),
        Some(n) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .context("cannot start the worker pool")?
            .install(f)),
    }
}

pub(crate) fn run(a: &CompareArgs) -> Result<u8> {
    let json = a.format == StudyFormat::Json;
    let mut candidates = Vec::new();
    for path in std::iter::once(&a.base).chain(&a.variants) {
        match load(path, &a.study, json) {
            Ok(l) => candidates.push(Candidate {
                name: l.name,
                scenario: l.scenario,
                info: l.info,
            }),
            Err(code) => return Ok(code),
        }
    }
    let options = a.study.solve_options();
    let comparison = with_pool(a.study.jobs, || compare(candidates, &options))?;
    let text = match a.format {
        StudyFormat::Json => format!("{}\n", serde_json::to_string_pretty(&comparison)?),
        StudyFormat::Csv => {
            let mut out = Vec::new();
            comparison.table().write_csv_to(&mut out)?;
            String::from_utf8(out)?
        }
        StudyFormat::Table => table(&comparison),
    };
    emit(&text);
    if let Some(out) = &a.out {
        if out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            crate::output::write_atomic(out, &serde_json::to_string_pretty(&comparison)?)?;
        } else {
            comparison.table().write(out)?;
        }
    }
    if let Some(path) = &a.report {
        let results = comparison
            .reports()
            .into_iter()
            .map(|(name, report)| Ok((name.to_string(), serde_json::to_value(report)?)))
            .collect::<Result<Vec<_>>>()?;
        let html = parkwater_report::render_compare(
            &results,
            &parkwater_report::RenderOptions::default(),
        )?;
        parkwater_report::write(path, &html)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    // The base must solve; infeasible variants are results, not failures.
    let base_ok = comparison
        .entries
        .first()
        .is_some_and(|e| e.status == "optimal");
    Ok(if base_ok { 0 } else { 2 })
}

fn cell(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(String::new, |x| format!("{x:.digits$}"))
}

fn change(x: Option<f64>, digits: usize) -> String {
    match x {
        Some(x) if x.abs() >= 0.5 * 10f64.powi(-(digits as i32)) => format!("{x:+.digits$}"),
        Some(_) => "0".into(),
        None => String::new(),
    }
}

fn pct(x: Option<f64>) -> Option<f64> {
    x.map(|x| 100.0 * x)
}

fn table(c: &Comparison) -> String {
    let u = &c.flow_unit;
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header([
        "scenario".to_string(),
        "status".into(),
        format!("freshwater ({u})"),
        "Δ".into(),
        format!("discharge ({u})"),
        "Δ".into(),
        "reuse (%)".into(),
        "Δ (pt)".into(),
        "reclaimed (%)".into(),
        "Δ (pt)".into(),
        "cost (CNY/yr)".into(),
        "Δ".into(),
        "capex (CNY)".into(),
        "payback (yr)".into(),
    ]);
    for e in &c.entries {
        let f: &Figures = &e.figures;
        let d = &e.delta;
        let payback = match (e.payback_years, d.capex, d.cost) {
            (Some(p), _, _) => format!("{p:.1}"),
            (None, Some(k), Some(dc)) if k > 0.0 && dc >= 0.0 => "never".into(),
            _ => String::new(),
        };
        let row = [
            e.name.clone(),
            e.status.clone(),
            cell(f.freshwater, 1),
            change(d.freshwater, 1),
            cell(f.discharge, 1),
            change(d.discharge, 1),
            cell(pct(f.reuse_rate), 2),
            change(pct(d.reuse_rate), 2),
            cell(pct(f.reclaimed_share), 1),
            change(pct(d.reclaimed_share), 1),
            cell(f.cost, 0),
            change(d.cost, 0),
            cell(f.capex, 0),
            payback,
        ];
        t.add_row(row.into_iter().enumerate().map(|(i, s)| {
            let c = Cell::new(s);
            if i >= 2 {
                c.set_alignment(CellAlignment::Right)
            } else {
                c
            }
        }));
    }
    let mut s = format!("{t}\n");
    for e in &c.entries {
        if !e.note.is_empty() {
            s.push_str(&format!("{}: {}\n", e.name, e.note));
        }
    }
    s
}
