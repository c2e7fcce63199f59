//! The park report from Python: `Result.report("park.html")` and the KPI
//! block a notebook shows (`parkwater-report`, the crate the CLI calls).

use crate::errors;
use parkwater_core::{Model, Scenario};
use parkwater_report::{Park, RenderOptions, ReportInput};
use pyo3::prelude::*;

/// The park of a scenario's JSON text. Plugin names and settings are left
/// out: the report needs the park's nodes and limits, not its plugins'
/// rules (their KPIs and checks come with the result).
fn park(py: Python<'_>, scenario: &str) -> PyResult<Model> {
    let mut value: serde_json::Value = serde_json::from_str(scenario)
        .map_err(|e| errors::raise(py, "ParkwaterError", (format!("scenario JSON: {e}"),)))?;
    if let Some(obj) = value.as_object_mut() {
        obj.remove("plugins");
        obj.remove("plugin");
    }
    let scenario =
        Scenario::from_json(&value.to_string()).map_err(|e| errors::parse_error(py, e))?;
    scenario
        .validate()
        .map_err(|e| errors::validation_error(py, &e))
}

fn input(py: Python<'_>, result: &str, scenario: &str) -> PyResult<ReportInput> {
    let model = park(py, scenario)?;
    let result: serde_json::Value = serde_json::from_str(result)
        .map_err(|e| errors::raise(py, "ParkwaterError", (format!("result JSON: {e}"),)))?;
    ReportInput::from_json(result, Park::from_model(&model))
        .map_err(|e| errors::raise(py, "ParkwaterError", (e.to_string(),)))
}

/// The HTML report of a result (JSON text) of a scenario (JSON text).
#[pyfunction]
#[pyo3(signature = (result, scenario, scenario_file="", sankey_threshold=1e-4))]
pub fn report_html(
    py: Python<'_>,
    result: &str,
    scenario: &str,
    scenario_file: &str,
    sankey_threshold: f64,
) -> PyResult<String> {
    let input = input(py, result, scenario)?.with_scenario_file(scenario_file);
    let options = RenderOptions::default().with_sankey_threshold(sankey_threshold);
    py.detach(|| parkwater_report::render(&input, &options))
        .map_err(|e| errors::raise(py, "ParkwaterError", (e.to_string(),)))
}

/// The report's KPI block alone (cards and water balance): a notebook's view.
#[pyfunction]
pub fn report_kpis(py: Python<'_>, result: &str, scenario: &str) -> PyResult<String> {
    let input = input(py, result, scenario)?;
    parkwater_report::render_kpi_block(&input)
        .map_err(|e| errors::raise(py, "ParkwaterError", (e.to_string(),)))
}
