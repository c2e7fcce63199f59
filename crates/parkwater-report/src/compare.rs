//! The compare report: one column per scenario, each figure's change
//! against the base (the first), for `parkwater compare ... --report`.

use crate::format::{delta, money, num, pct, raw};
use crate::page::{env, v, CSP, STYLE};
use crate::{RenderError, RenderOptions};
use minijinja::context;
use serde::Serialize;
use serde_json::Value;

/// One row of the comparison.
#[derive(Debug, Clone, Serialize)]
struct Row {
    key: String,
    label: String,
    /// Per scenario: (shown, raw, delta shown, delta direction).
    cells: Vec<[String; 4]>,
}

type Fmt = fn(f64) -> String;

/// A change of a rate in percentage points.
fn points(d: f64) -> String {
    format!("{:.1} pt", 100.0 * d)
}

/// What is compared, in order: (path in the result, label, formatter).
const FIGURES: &[(&str, &str, Fmt)] = &[
    ("kpis.freshwater", "freshwater intake", num),
    ("kpis.discharge", "discharge", num),
    ("kpis.reused", "reused between units", num),
    ("kpis.regenerated", "regenerated and reused", num),
    (
        "kpis.reuse_rate",
        "reuse rate (declared recirculation included)",
        pct,
    ),
    ("kpis.reclaimed_use_rate", "reclaimed water use rate", pct),
    ("kpis.cost_per_year", "annual cost (CNY/yr)", money),
    ("kpis.pipes_built", "pipes built", num),
    ("kpis.capex", "capital (CNY)", money),
    ("kpis.annual_capex", "annualised capital (CNY/yr)", money),
];

fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// The HTML comparison of `results` (name, result JSON); the first is the base.
pub fn render_compare(
    results: &[(String, Value)],
    options: &RenderOptions,
) -> Result<String, RenderError> {
    let Some((_, base)) = results.first() else {
        return Err(RenderError::NotAResult("nothing to compare".into()));
    };
    let mut rows = Vec::new();
    let mut paths: Vec<(String, String, Fmt)> = FIGURES
        .iter()
        .map(|(p, l, f)| (p.to_string(), l.to_string(), *f))
        .collect();
    // Objectives, and KPIs this crate does not list above, from any scenario.
    let mut extra: Vec<String> = Vec::new();
    for (_, r) in results {
        for (k, v) in r["objective"].as_object().into_iter().flatten() {
            if v.is_number() && !extra.contains(&format!("objective.{k}")) {
                extra.push(format!("objective.{k}"));
            }
        }
        for (k, v) in r["kpis"].as_object().into_iter().flatten() {
            let p = format!("kpis.{k}");
            if v.is_number() && !extra.contains(&p) && !FIGURES.iter().any(|f| f.0 == p) {
                extra.push(p);
            }
        }
    }
    extra.sort();
    for p in extra {
        let label = p
            .replace("objective.", "minimum ")
            .replace("kpis.", "")
            .replace('_', " ");
        let f: Fmt = if p.ends_with("rate") { pct } else { num };
        // (rates are shown as percentages and their changes in points)
        paths.push((p, label, f));
    }
    for (path, label, f) in paths {
        let values: Vec<Option<f64>> = results
            .iter()
            .map(|(_, r)| at(r, &path).and_then(Value::as_f64))
            .collect();
        if values.iter().all(Option::is_none) {
            continue;
        }
        let b = at(base, &path).and_then(Value::as_f64);
        let cells = values
            .iter()
            .enumerate()
            .map(|(i, v)| match (v, b) {
                (Some(x), Some(b)) if i > 0 => {
                    let d = x - b;
                    let fd: Fmt = if path.ends_with("rate") { points } else { f };
                    let dir = if d > 0.0 {
                        "up"
                    } else if d < 0.0 {
                        "down"
                    } else {
                        ""
                    };
                    [f(*x), raw(*x), delta(d, fd), dir.to_string()]
                }
                (Some(x), _) => [f(*x), raw(*x), String::new(), String::new()],
                (None, _) => ["—".into(), String::new(), String::new(), String::new()],
            })
            .collect();
        rows.push(Row {
            key: path,
            label,
            cells,
        });
    }
    let scenarios: Vec<[String; 3]> = results
        .iter()
        .map(|(name, r)| {
            let status = r["status"].as_str().unwrap_or("").to_string();
            let summary = r["diagnosis"]["summary"].as_str().unwrap_or("").to_string();
            [name.clone(), status, summary]
        })
        .collect();
    let date = options.date.clone().unwrap_or_else(crate::date::now);
    Ok(env()?.get_template("compare.html")?.render(context! {
        csp => v(CSP), style => v(STYLE), scenarios => v(scenarios), rows => v(rows), date => v(date),
        engine => v(base["solver"]["engine"].as_str().unwrap_or("")),
    })?)
}
