//! The scenario's fixed-load operations as validation converted them.

use crate::model::Model;
use crate::scenario::Scenario;
use crate::validate::operations::{inlet_id, outlet_id};
use serde::Serialize;
use std::collections::BTreeMap;

/// An operation as the scenario gives it and as validation converted it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationReport {
    /// Operation id.
    pub id: String,
    /// Owning enterprise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) enterprise: Option<String>,
    /// The sink it became.
    pub(crate) sink: String,
    /// The source it became.
    pub(crate) source: String,
    /// Its flow in the LP and the targets, in the flow unit.
    pub limiting_flow: f64,
    /// Whether the file gave the flow (else it was computed from the loads).
    pub flow_given: bool,
    /// The contaminant needing the largest flow, `load / (max outlet - max
    /// inlet)`; none when no contaminant with a load has an outlet limit.
    pub limited_by: Option<String>,
    /// Mass load, kg/h.
    pub load: BTreeMap<String, f64>,
    /// Inlet concentration limit (the sink's `max_conc`), mg/L.
    pub max_inlet_conc: BTreeMap<String, f64>,
    /// Outlet concentration at the limiting flow with the inlet at its limit
    /// (the source's `conc`), mg/L.
    pub outlet_conc: BTreeMap<String, f64>,
}

/// The scenario's `[[operation]]`s with the flows and concentrations validation
/// gave them in `model` (which must come from `scenario`).
pub fn operations(scenario: &Scenario, model: &Model) -> Vec<OperationReport> {
    let names = &model.contaminants;
    let dense = |v: &[f64]| -> BTreeMap<String, f64> {
        names.iter().cloned().zip(v.iter().copied()).collect()
    };
    scenario
        .operations
        .iter()
        .filter_map(|op| {
            let (sink_id, source_id) = (inlet_id(&op.id), outlet_id(&op.id));
            let sink = model.sinks.iter().find(|s| s.id == sink_id)?;
            let source = model.sources.iter().find(|s| s.id == source_id)?;
            let mut limited_by: Option<(f64, &String)> = None;
            for c in names {
                let load = op.load.get(c).copied().unwrap_or(0.0);
                let (Some(&cin), Some(&cout)) =
                    (op.max_inlet_conc.get(c), op.max_outlet_conc.get(c))
                else {
                    continue;
                };
                if load > 0.0 && cout > cin {
                    let f = load / (cout - cin);
                    if limited_by.is_none_or(|(g, _)| f > g) {
                        limited_by = Some((f, c));
                    }
                }
            }
            Some(OperationReport {
                id: op.id.clone(),
                enterprise: op.enterprise.clone(),
                sink: sink_id,
                source: source_id,
                limiting_flow: model.flow_unit.from_internal(sink.min_flow),
                flow_given: op.limiting_flow.is_some(),
                limited_by: limited_by.map(|(_, c)| c.clone()),
                load: names
                    .iter()
                    .map(|c| (c.clone(), op.load.get(c).copied().unwrap_or(0.0)))
                    .collect(),
                max_inlet_conc: dense(&sink.max_conc),
                outlet_conc: dense(&source.conc),
            })
        })
        .collect()
}
