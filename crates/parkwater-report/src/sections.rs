//! Sections that appear only when the result carries them: the diagnosis of
//! an infeasible park (in the CLI's words) and the network design (pipes,
//! units, capital). Keys this crate does not know are shown, not dropped.

use crate::format::{money, num, raw};
use crate::kpis::show;
use serde::Serialize;
use serde_json::Value;

/// The diagnosis of an infeasible park.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosisView {
    /// One sentence.
    pub summary: String,
    /// `iis`, `dual_ray` or `elastic_filter`, and whether minimal.
    pub method: String,
    /// (family, entity, contaminant, requirement).
    pub conflicting: Vec<[String; 4]>,
    /// Sentences with the figures (the relaxation's restatement left out
    /// when the relaxation table is shown, as the CLI does).
    pub explanations: Vec<String>,
    /// (requirement, now, relaxed to, change, unit).
    pub relaxation: Vec<[String; 5]>,
}

/// The result's `diagnosis`, if any.
pub fn diagnosis(result: &Value) -> Option<DiagnosisView> {
    let d = result.get("diagnosis").filter(|d| d.is_object())?;
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let relaxation: Vec<[String; 5]> = d["relaxation"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| {
                    let now = x["current"].as_f64().unwrap_or(f64::NAN);
                    let to = x["relaxed"].as_f64().unwrap_or(f64::NAN);
                    [
                        s(&x["label"]),
                        num(now),
                        num(to),
                        crate::format::delta(to - now, num),
                        s(&x["unit"]),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    Some(DiagnosisView {
        summary: s(&d["summary"]),
        method: format!(
            "{}{}",
            d["method"].as_str().unwrap_or("iis"),
            if d["minimal"].as_bool() == Some(true) {
                ", irreducible"
            } else {
                ""
            }
        ),
        conflicting: d["conflicting"]
            .as_array()
            .map(|c| {
                c.iter()
                    .map(|x| {
                        [
                            s(&x["family"]),
                            s(&x["entity"]),
                            s(&x["contaminant"]),
                            s(&x["label"]),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default(),
        explanations: d["explanations"]
            .as_array()
            .map(|e| {
                e.iter()
                    .filter_map(Value::as_str)
                    .filter(|l| relaxation.is_empty() || !l.starts_with("smallest relaxation"))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        relaxation,
    })
}

/// The network design.
#[derive(Debug, Clone, Serialize)]
pub struct DesignView {
    /// Summary figures: (label, shown, raw).
    pub figures: Vec<[String; 3]>,
    /// Pipe rows.
    pub pipes: Vec<PipeRow>,
    /// Unit rows: (id, built, capex, annual capex).
    pub units: Vec<[String; 4]>,
    /// Built (new) pipes and their total length, shown.
    pub built: String,
}

/// One pipe.
#[derive(Debug, Clone, Serialize)]
pub struct PipeRow {
    /// From.
    pub from: String,
    /// To.
    pub to: String,
    /// km.
    pub km: String,
    /// Flow.
    pub flow: String,
    /// `existing` or `new`.
    pub status: &'static str,
    /// Capital, CNY.
    pub capex: String,
    /// Annualised, CNY/yr.
    pub annual: String,
}

/// The result's `design`, if any.
pub fn design(result: &Value) -> Option<DesignView> {
    let d = result.get("design").filter(|d| d.is_object())?;
    let pipes: Vec<PipeRow> = d["pipes"]
        .as_array()
        .map(|p| {
            p.iter()
                .map(|x| PipeRow {
                    from: x["from"].as_str().unwrap_or("").into(),
                    to: x["to"].as_str().unwrap_or("").into(),
                    km: x["length_km"].as_f64().map(num).unwrap_or_default(),
                    flow: x["flow"].as_f64().map(num).unwrap_or_default(),
                    status: if x["existing"].as_bool() == Some(true) {
                        "existing"
                    } else {
                        "new"
                    },
                    capex: x["capex"].as_f64().map(money).unwrap_or_default(),
                    annual: x["annual_capex"].as_f64().map(money).unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let new: Vec<&Value> = d["pipes"]
        .as_array()
        .map(|p| {
            p.iter()
                .filter(|x| x["existing"].as_bool() != Some(true))
                .collect()
        })
        .unwrap_or_default();
    let km: f64 = new.iter().filter_map(|x| x["length_km"].as_f64()).sum();
    let figures = d
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| k.as_str() != "pipes" && k.as_str() != "units")
                .map(|(k, v)| {
                    let shown = match (k.as_str(), v.as_f64()) {
                        ("capex" | "objective_bound", Some(x)) => money(x),
                        ("annual_capex", Some(x)) => format!("{} /yr", money(x)),
                        ("gap", Some(x)) => format!("{:.2e}", x),
                        _ => show(v),
                    };
                    [
                        k.replace('_', " "),
                        shown,
                        v.as_f64().map(raw).unwrap_or_default(),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    Some(DesignView {
        figures,
        units: d["units"]
            .as_array()
            .map(|u| {
                u.iter()
                    .map(|x| {
                        [
                            x["id"].as_str().unwrap_or("").into(),
                            if x["built"].as_bool() == Some(true) {
                                "built"
                            } else {
                                "not built"
                            }
                            .into(),
                            x["capex"].as_f64().map(money).unwrap_or_default(),
                            x["annual_capex"].as_f64().map(money).unwrap_or_default(),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default(),
        built: format!("{} new pipes, {} km", new.len(), num(km)),
        pipes,
    })
}
