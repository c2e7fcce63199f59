//! Row duals keyed by family and entity, in reported units: the change of
//! the (last) objective, as reported, per unit increase of the row's
//! right-hand side in the scenario's units.

use crate::formulate::{report_scale, RowFamily, RowKey};
use crate::model::Model;
use serde::Serialize;
use std::collections::BTreeMap;

/// A row's dual, or one per contaminant.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DualEntry {
    /// A row without a contaminant.
    Value(f64),
    /// Rows per contaminant.
    PerContaminant(BTreeMap<String, f64>),
}

/// `family -> entity -> dual`.
pub type Duals = BTreeMap<&'static str, BTreeMap<String, DualEntry>>;

const FAMILIES: [RowFamily; 13] = [
    RowFamily::SinkFlow,
    RowFamily::SinkQuality,
    RowFamily::SourceBalance,
    RowFamily::IntakeCap,
    RowFamily::TreatmentBalance,
    RowFamily::TreatmentCapacity,
    RowFamily::TreatmentInletQuality,
    RowFamily::RejectMass,
    RowFamily::DischargeQuality,
    RowFamily::DischargeLoad,
    RowFamily::MinReuseRate,
    RowFamily::Custom,
    RowFamily::ObjectiveBound,
];

/// Factor turning an internal dual into a reported one for this row.
pub(crate) fn dual_scale(model: &Model, key: &RowKey) -> f64 {
    let last = *model.objectives.last().expect("a model has an objective");
    let flow = model.flow_unit.per_tonne_per_hour();
    let rhs = match key.family {
        RowFamily::DischargeLoad => 1.0,
        RowFamily::Custom
            if model.constraints[key.entity as usize]
                .terms
                .iter()
                .any(|t| t.contaminant.is_some()) =>
        {
            1.0
        }
        RowFamily::ObjectiveBound => report_scale(model, model.objectives[key.entity as usize]),
        _ => flow,
    };
    report_scale(model, last) / rhs
}

/// Groups internal row duals by family and entity, converted to reported units.
pub(crate) fn group_duals(model: &Model, keys: &[RowKey], duals: &[f64]) -> Duals {
    let mut out: Duals = FAMILIES
        .iter()
        .map(|f| (f.name(), BTreeMap::new()))
        .collect();
    for (key, &y) in keys.iter().zip(duals) {
        let value = clean(y * dual_scale(model, key));
        let entity = key.entity_name(model).to_string();
        let family = out.entry(key.family.name()).or_default();
        match key.contaminant_name(model) {
            None => {
                family.insert(entity, DualEntry::Value(value));
            }
            Some(c) => {
                let entry = family
                    .entry(entity)
                    .or_insert_with(|| DualEntry::PerContaminant(BTreeMap::new()));
                if let DualEntry::PerContaminant(map) = entry {
                    map.insert(c.to_string(), value);
                }
            }
        }
    }
    out
}

/// Turns -0.0 into 0.0 so output does not depend on the sign of zero.
fn clean(x: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x
    }
}
