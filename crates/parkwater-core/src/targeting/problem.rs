//! What the cascade sees of a model for one contaminant (see the module docs
//! of `targeting`): the fixed-flowrate problem, the regenerator, the notes on
//! what it ignores, and unit conversion of its tables.

use crate::model::{FlowUnit, Model};
use parkwater_pinch::{CascadeRow, FreshSupply, RegenTargets, Stream, TargetProblem, TOP_CONC};
use std::collections::BTreeMap;

/// The fixed-flowrate problem of contaminant `k`, t/h (see the module docs).
pub(crate) fn problem(model: &Model, k: usize) -> TargetProblem {
    let dirtiest = model
        .sources
        .iter()
        .map(|s| s.conc[k])
        .chain(model.intakes.iter().map(|i| i.conc[k]))
        .chain(
            model
                .treatments
                .iter()
                .filter(|t| !t.has_reject())
                .map(|t| t.outlet_conc[k]),
        )
        .fold(0.0, f64::max);
    TargetProblem {
        sources: model
            .sources
            .iter()
            .map(|s| Stream::new(&s.id, s.flow, s.conc[k]))
            .collect(),
        sinks: model
            .sinks
            .iter()
            .map(|s| {
                let limit = s.max_conc[k];
                let limit = if limit >= TOP_CONC { dirtiest } else { limit };
                Stream::new(&s.id, s.min_flow, limit)
            })
            .collect(),
        fresh: model
            .intakes
            .iter()
            .map(|i| FreshSupply {
                id: i.id.clone(),
                conc: i.conc[k],
                max_flow: i.max_flow,
            })
            .collect(),
    }
}

/// The regenerator used for contaminant `k`: recovery 1, cleanest outlet, first
/// on ties.
pub(super) fn regenerator(model: &Model, k: usize) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, t) in model.treatments.iter().enumerate() {
        if t.has_reject() {
            continue;
        }
        if best.is_none_or(|b| t.outlet_conc[k] < model.treatments[b].outlet_conc[k]) {
            best = Some(i);
        }
    }
    best
}

/// What the targets of contaminant `k` leave out.
pub(super) fn notes(model: &Model, k: usize) -> Vec<String> {
    let mut notes = Vec::new();
    let regen = regenerator(model, k);
    for (i, t) in model.treatments.iter().enumerate() {
        if t.has_reject() {
            notes.push(format!(
                "treatment {} (recovery {}) is left out: only regenerators with recovery 1 are targeted, so the LP may need less freshwater",
                t.id, t.recovery
            ));
        } else if Some(i) != regen {
            notes.push(format!(
                "regenerator {} is left out: {} has a cleaner outlet and serves the freshwater target alone",
                t.id,
                model.treatments[regen.unwrap_or(i)].id
            ));
        } else {
            if t.max_inlet_conc.iter().any(|c| c.is_finite()) {
                notes.push(format!(
                    "regenerator {}: its inlet limits are ignored",
                    t.id
                ));
            }
            for intake in model
                .intakes
                .iter()
                .filter(|x| x.conc[k] > t.outlet_conc[k])
            {
                notes.push(format!(
                    "regenerator {} could also clean intake {} ({} > {} mg/L); the target feeds it effluent only, so the LP may need less freshwater",
                    t.id, intake.id, intake.conc[k], t.outlet_conc[k]
                ));
            }
        }
    }
    for s in &model.sinks {
        if s.max_flow > s.min_flow {
            notes.push(format!(
                "sink {} has a flow range; targeted at its minimum {} {}",
                s.id,
                model.flow_unit.from_internal(s.min_flow),
                model.flow_unit.name()
            ));
        }
    }
    if model
        .sinks
        .iter()
        .any(|s| s.accepts != crate::model::AcceptSet::ALL)
    {
        notes.push("sinks' `accepts` lists are ignored".to_string());
    }
    if !model.forbid.is_empty() {
        notes.push(format!("{} forbid rule(s) ignored", model.forbid.len()));
    }
    if model
        .discharges
        .iter()
        .any(|d| d.max_conc[k].is_finite() || d.max_load[k].is_finite())
    {
        notes.push("discharge limits are ignored".to_string());
    }
    if model.discharges.is_empty() {
        notes.push("the park has no discharge: the LP allows no wastewater".to_string());
    }
    let p = &model.policy;
    if p.min_reuse_rate.is_some() || p.max_intake.is_some() || p.max_discharge.is_some() {
        notes.push("[policy] is ignored".to_string());
    }
    notes
}

/// The problem at the regeneration target: feed off its sources, product added.
pub(super) fn with_regeneration(
    problem: &TargetProblem,
    rt: &RegenTargets,
    id: &str,
) -> TargetProblem {
    let mut p = problem.clone();
    for (source, feed) in &rt.regenerator_feed {
        if let Some(s) = p.sources.iter_mut().find(|s| &s.id == source) {
            s.flow = (s.flow - feed).max(0.0);
        }
    }
    if rt.regenerated_flow > 0.0 {
        p.sources.push(Stream::new(
            format!("{id} (regenerated)"),
            rt.regenerated_flow,
            rt.c_out,
        ));
    }
    p
}

pub(super) fn by_id(list: &[(String, f64)], unit: FlowUnit) -> BTreeMap<String, f64> {
    list.iter()
        .map(|(id, f)| (id.clone(), unit.from_internal(*f)))
        .collect()
}

pub(super) fn rows(rows: Vec<CascadeRow>, unit: FlowUnit) -> Vec<CascadeRow> {
    rows.into_iter()
        .map(|r| CascadeRow {
            net_flow: unit.from_internal(r.net_flow),
            cumulative_flow: unit.from_internal(r.cumulative_flow),
            ..r
        })
        .collect()
}
