//! A base scenario and its variants, solved in parallel, side by side.
//!
//! Each row: status, freshwater, discharge, reuse rate, reclaimed share
//! (regenerated / treated, the plan's reclaimed-water use rate), annual cost,
//! and, when known, the capital the variant needs and its payback against
//! the base; each figure's change against the base. Capital comes from the
//! report's `kpis.capex` (network design) or else from the variant file's
//! `[variant] capex`. Payback (years) = extra capital / annual cost saved;
//! none when the variant saves nothing. An infeasible variant's row carries
//! its diagnosis summary and the others go on.

use crate::table::{Cell, Table};
use parkwater_core::scenario::variant::VariantInfo;
use parkwater_core::{Report, Scenario, SolveOptions, Status};
use rayon::prelude::*;
use serde::Serialize;

/// A scenario to compare, with its name and what its variant file says.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Row name (the variant's `[variant] name`, or its file stem).
    pub name: String,
    /// The resolved scenario.
    pub scenario: Scenario,
    /// `[variant]` table (capital for the payback).
    pub info: VariantInfo,
}

/// The figures of one row (flows in the scenario's flow unit, cost CNY/yr).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Total intake.
    pub freshwater: Option<f64>,
    /// Total discharge.
    pub discharge: Option<f64>,
    /// Reuse rate, fraction.
    pub reuse_rate: Option<f64>,
    /// Regenerated / treated, fraction (none without treatment).
    pub reclaimed_share: Option<f64>,
    /// Annual cost, CNY/yr (with annualized capital when the design adds it).
    pub cost: Option<f64>,
    /// Capital, CNY.
    pub capex: Option<f64>,
}

/// One row of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Row name.
    pub name: String,
    /// `optimal`, `infeasible`, ..., `invalid` or `error`.
    pub status: String,
    /// The figures (optimal rows only; capital whenever known).
    pub figures: Figures,
    /// Figures minus the base's (when both have them).
    pub delta: Figures,
    /// Years for the cost saved to repay the extra capital.
    pub payback_years: Option<f64>,
    /// The diagnosis summary of an infeasible row, or the error.
    pub note: String,
    /// The full report (absent when the scenario could not be solved).
    #[serde(skip)]
    pub report: Option<Report>,
}

/// The rows, the base first.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Flow unit of the figures.
    pub flow_unit: String,
    /// Rows, the base first.
    pub entries: Vec<Entry>,
}

impl Comparison {
    /// `(name, report)` of every row that was solved: what a report
    /// renderer needs.
    pub fn reports(&self) -> Vec<(&str, &Report)> {
        self.entries
            .iter()
            .filter_map(|e| e.report.as_ref().map(|r| (e.name.as_str(), r)))
            .collect()
    }

    /// The comparison as a table (the CSV's columns).
    pub fn table(&self) -> Table {
        let names = [
            "freshwater",
            "discharge",
            "reuse_rate",
            "reclaimed_share",
            "cost",
            "capex",
        ];
        let mut columns = vec!["scenario".to_string(), "status".to_string()];
        for n in names {
            columns.push(n.to_string());
            columns.push(format!("delta.{n}"));
        }
        columns.push("payback_years".into());
        columns.push("note".into());
        let num = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Num);
        let rows = self
            .entries
            .iter()
            .map(|e| {
                let mut row = vec![Cell::Text(e.name.clone()), Cell::Text(e.status.clone())];
                for (value, delta) in e.figures.list().into_iter().zip(e.delta.list()) {
                    row.push(num(value));
                    row.push(num(delta));
                }
                row.push(num(e.payback_years));
                row.push(Cell::Text(e.note.clone()));
                row
            })
            .collect();
        Table { columns, rows }
    }
}

impl Figures {
    fn list(&self) -> [Option<f64>; 6] {
        [
            self.freshwater,
            self.discharge,
            self.reuse_rate,
            self.reclaimed_share,
            self.cost,
            self.capex,
        ]
    }

    fn minus(&self, base: &Figures) -> Figures {
        let d = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
        Figures {
            freshwater: d(self.freshwater, base.freshwater),
            discharge: d(self.discharge, base.discharge),
            reuse_rate: d(self.reuse_rate, base.reuse_rate),
            reclaimed_share: d(self.reclaimed_share, base.reclaimed_share),
            cost: d(self.cost, base.cost),
            capex: d(
                Some(self.capex.unwrap_or(0.0)),
                Some(base.capex.unwrap_or(0.0)),
            )
            .filter(|_| self.capex.is_some() || base.capex.is_some()),
        }
    }
}

/// Annual operating cost, CNY/yr (optimal reports only).
fn operating_cost(report: &Report) -> Option<f64> {
    (report.status == Status::Optimal).then_some(report.kpis.cost_per_year)
}

fn figures(report: &Report, info: &VariantInfo) -> Figures {
    let json = serde_json::to_value(&report.kpis).unwrap_or_default();
    let kpi = |name: &str| json.get(name).and_then(serde_json::Value::as_f64);
    let capex = kpi("capex").or(info.capex);
    if report.status != Status::Optimal {
        return Figures {
            capex,
            ..Figures::default()
        };
    }
    Figures {
        freshwater: Some(report.kpis.freshwater),
        discharge: Some(report.kpis.discharge),
        reuse_rate: Some(report.kpis.reuse_rate),
        reclaimed_share: report.kpis.reclaimed_use_rate,
        cost: Some(report.kpis.cost_per_year + kpi("annual_capex").unwrap_or(0.0)),
        capex,
    }
}

/// Years for the annual operating saving to repay the extra capital:
/// `(capex - base capex) / (base cost - cost)`, where the costs are the
/// annual operating costs (without annualized capital). None when there is
/// no extra capital or no saving.
pub fn payback(
    base_cost: Option<f64>,
    cost: Option<f64>,
    base_capital: f64,
    capital: f64,
) -> Option<f64> {
    let extra = capital - base_capital;
    let saved = base_cost? - cost?;
    (extra > 0.0 && saved > 0.0).then(|| extra / saved)
}

/// Solves the base (first) and every variant in parallel and compares them.
pub fn compare(candidates: Vec<Candidate>, options: &SolveOptions) -> Comparison {
    let solved: Vec<(Candidate, Result<Report, String>)> = candidates
        .into_par_iter()
        .map(|c| {
            let result = c
                .scenario
                .validate()
                .map_err(|e| format!("invalid: {e}"))
                .and_then(|model| {
                    parkwater_core::solve(&model, options).map_err(|e| format!("error: {e}"))
                });
            (c, result)
        })
        .collect();
    let flow_unit = solved
        .iter()
        .find_map(|(_, r)| r.as_ref().ok().map(|r| r.units.flow.to_string()))
        .unwrap_or_else(|| "t/h".into());
    let mut entries: Vec<Entry> = solved
        .into_iter()
        .map(|(c, result)| match result {
            Ok(report) => {
                let figures = figures(&report, &c.info);
                let status = serde_json::to_value(report.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let note = report
                    .diagnosis
                    .as_ref()
                    .map(|d| d.summary.clone())
                    .unwrap_or_default();
                Entry {
                    name: c.name,
                    status,
                    figures,
                    delta: Figures::default(),
                    payback_years: None,
                    note,
                    report: Some(report),
                }
            }
            Err(e) => Entry {
                name: c.name,
                status: e.split(':').next().unwrap_or("error").to_string(),
                figures: Figures {
                    capex: c.info.capex,
                    ..Figures::default()
                },
                delta: Figures::default(),
                payback_years: None,
                note: e,
                report: None,
            },
        })
        .collect();
    if let Some(base) = entries.first().map(|e| e.figures.clone()) {
        let base_operating = entries[0].report.as_ref().map(operating_cost);
        for e in entries.iter_mut().skip(1) {
            e.delta = e.figures.minus(&base);
            let operating = e.report.as_ref().map(operating_cost);
            e.payback_years = payback(
                base_operating.flatten(),
                operating.flatten(),
                base.capex.unwrap_or(0.0),
                e.figures.capex.unwrap_or(0.0),
            );
        }
    }
    Comparison { flow_unit, entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payback_arithmetic() {
        // 6 M CNY of capital repaid by 2 M CNY/yr saved: 3 years.
        assert_eq!(payback(Some(10e6), Some(8e6), 0.0, 6e6), Some(3.0));
        assert_eq!(payback(Some(10e6), Some(8e6), 1e6, 7e6), Some(3.0));
        // No saving, or no extra capital, or no solution: no payback.
        assert_eq!(payback(Some(8e6), Some(10e6), 0.0, 6e6), None);
        assert_eq!(payback(Some(10e6), Some(8e6), 0.0, 0.0), None);
        assert_eq!(payback(None, Some(8e6), 0.0, 6e6), None);
    }
}
