//! The report hook: each plugin reads the solved scenario (the core
//! [`Report`] as JSON) and answers with extra KPIs and compliance checks,
//! kept beside the core report rather than inside it.

use super::apply::Applied;
use super::error::{PluginError, PluginErrorKind};
use crate::report::Report;
use crate::solve::Status;
use parkwater_plugin::{Check, Hook, Kpi, ReportExtras};
use serde::Serialize;
use std::collections::BTreeMap;

/// What one plugin adds to a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PluginReport {
    /// The plugin's version.
    pub version: String,
    /// Extra KPIs by name.
    pub kpis: BTreeMap<String, Kpi>,
    /// Compliance checks.
    pub checks: Vec<Check>,
}

/// Every plugin's additions, by plugin name.
pub type PluginReports = BTreeMap<String, PluginReport>;

/// The core report with the plugins' additions under `plugins`: what
/// `parkwater solve --format json` prints when a scenario names plugins.
#[derive(Debug, Clone, Serialize)]
pub struct ReportWithPlugins<'a> {
    /// The core report, its fields at the top level.
    #[serde(flatten)]
    pub report: &'a Report,
    /// The plugins' KPIs and checks.
    pub plugins: &'a PluginReports,
}

impl Applied {
    /// Runs every plugin's report hook on a solved scenario. Only an optimal
    /// report has flows to judge: for any other status every plugin is listed
    /// with no KPIs and no checks.
    pub fn report(&self, report: &Report) -> Result<PluginReports, PluginError> {
        let mut out = PluginReports::new();
        for p in &self.plugins {
            let manifest = p.plugin.manifest();
            let extras = if p.plugin.has(Hook::Report) && report.status == Status::Optimal {
                let json = serde_json::to_value(report).map_err(|e| {
                    p.error(
                        Hook::Report,
                        PluginErrorKind::MalformedJson(format!("cannot encode the report: {e}")),
                    )
                })?;
                p.call::<ReportExtras>(Hook::Report, &self.scenario, Some(json))?
            } else {
                ReportExtras::default()
            };
            out.insert(
                manifest.name.clone(),
                PluginReport {
                    version: manifest.version.clone(),
                    kpis: extras.kpis,
                    checks: extras.checks,
                },
            );
        }
        Ok(out)
    }
}
