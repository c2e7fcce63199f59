//! # parkwater-report
//!
//! The park report: one self-contained HTML file a park manager can open
//! offline, print on A4 and send. It reads a result as the JSON the engine
//! prints (`parkwater solve --format json`, [`parkwater_core::Report`] and
//! its plugin and design additions) plus the park's fixed data ([`Park`]),
//! so sections a newer engine adds (a `design`, new KPIs, plugin checks)
//! appear when the result carries them.
//!
//! Contents, in order: header (park, scenario and hash, objective, status,
//! versions, verification, date); KPI cards against the plan's targets; a
//! Sankey diagram (d3-sankey, inlined); a map to scale when locations are
//! given; tables (freshwater per enterprise, enterprises, discharge
//! compliance, treatment, binding constraints, plugin checks, flows). An
//! infeasible park's report shows its diagnosis instead of flows.
//!
//! Tables and KPIs are plain HTML (readable without JavaScript); a Content
//! Security Policy in the page forbids every request leaving the file.
//!
//! ```
//! use parkwater_core::{Scenario, SolveOptions};
//! use parkwater_report::{render, ReportInput, RenderOptions};
//!
//! let text = "contaminants = [\"COD\"]\n[[intake]]\nid = \"FW\"\nkind = \"tap\"\nconc = { COD = 0 }\n\
//!             [[source]]\nid = \"S1\"\nflow = 50\nconc = { COD = 50 }\n\
//!             [[sink]]\nid = \"D1\"\nflow = 80\nmax_conc = { COD = 20 }\n[[discharge]]\nid = \"WW\"\n";
//! let model = Scenario::from_toml(text).unwrap().validate().unwrap();
//! let report = parkwater_core::solve(&model, &SolveOptions::default()).unwrap();
//! let input = ReportInput::from_report(&report, None, &model).unwrap();
//! let html = render(&input, &RenderOptions::default()).unwrap();
//! assert!(html.contains(r#"data-kpi="freshwater""#));
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod accounts;
mod compare;
mod date;
pub mod format;
mod kpis;
mod map;
mod page;
pub mod park;
mod sankey;
mod sections;
mod tables;

pub use compare::render_compare;
pub use kpis::{PLAN_RECLAIMED_RATE, PLAN_REUSE_RATE};
pub use park::Park;
pub use sankey::build as sankey_data;

use parkwater_core::plugins::{PluginReports, ReportWithPlugins};
use parkwater_core::{Model, Report};
use serde_json::Value;

/// A report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The result is not the JSON the engine writes.
    #[error("not a parkwater result: {0}")]
    NotAResult(String),
    /// The template failed (a bug: the templates are compiled in).
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
    /// Serializing the result failed.
    #[error("serializing: {0}")]
    Json(#[from] serde_json::Error),
}

/// What a report is made of.
#[derive(Debug, Clone)]
pub struct ReportInput {
    /// The result, as `parkwater solve --format json` prints it.
    pub result: Value,
    /// The park's fixed data.
    pub park: Park,
    /// The scenario file as the user named it (shown in the header).
    pub scenario_file: String,
}

impl ReportInput {
    /// From a solved report, its plugins' additions and its model.
    pub fn from_report(
        report: &Report,
        plugins: Option<&PluginReports>,
        model: &Model,
    ) -> Result<ReportInput, RenderError> {
        let result = match plugins.filter(|p| !p.is_empty()) {
            Some(p) => serde_json::to_value(ReportWithPlugins { report, plugins: p })?,
            None => serde_json::to_value(report)?,
        };
        Ok(ReportInput {
            result,
            park: Park::from_model(model),
            scenario_file: String::new(),
        })
    }

    /// From a result JSON and a park (a park solved elsewhere, a hand-made test).
    pub fn from_json(result: Value, park: Park) -> Result<ReportInput, RenderError> {
        if !result.get("status").is_some_and(Value::is_string) {
            return Err(RenderError::NotAResult("no `status` string".into()));
        }
        Ok(ReportInput {
            result,
            park,
            scenario_file: String::new(),
        })
    }

    /// Names the scenario file in the header.
    pub fn with_scenario_file(mut self, name: impl Into<String>) -> Self {
        self.scenario_file = name.into();
        self
    }
}

/// Choices a caller may make.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Flows below this share of the largest flow are not drawn in the
    /// Sankey (they stay in the tables). Default 0.0001.
    pub sankey_threshold: f64,
    /// The date shown in the header (`YYYY-MM-DD HH:MM UTC`); default: now.
    pub date: Option<String>,
    /// Binding constraints listed (largest shadow price first). Default 25.
    pub max_binding: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            sankey_threshold: 1e-4,
            date: None,
            max_binding: 25,
        }
    }
}

impl RenderOptions {
    /// Sets the Sankey drawing threshold (share of the largest flow).
    pub fn with_sankey_threshold(mut self, share: f64) -> Self {
        self.sankey_threshold = share;
        self
    }
    /// Fixes the date shown (reproducible files).
    pub fn with_date(mut self, date: impl Into<String>) -> Self {
        self.date = Some(date.into());
        self
    }
}

/// The HTML report of one result.
pub fn render(input: &ReportInput, options: &RenderOptions) -> Result<String, RenderError> {
    page::render(input, options)
}

/// The KPI block alone (cards and the water balance, plain HTML with its
/// style): what a notebook shows for a result.
pub fn render_kpi_block(input: &ReportInput) -> Result<String, RenderError> {
    page::kpi_block(input)
}

/// Writes `html` to `path` atomically (a temporary name beside it, then a
/// rename): an interrupted run never leaves half a report.
pub fn write(path: &std::path::Path, html: &str) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("html.tmp{}", std::process::id()));
    std::fs::write(&tmp, html)?;
    std::fs::rename(&tmp, path)
}
