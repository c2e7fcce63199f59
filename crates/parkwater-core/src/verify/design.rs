//! A plan's network design checked against the scenario's `[design]`: the
//! same rules the engine's own designs pass ([`crate::design::verify`]:
//! flow only on arcs with a pipe, `min_pipe_flow`, pipe counts, dedicated
//! sources, candidate units only when built, `max_capex`), plus the plan's
//! stated capital against the capital recomputed from the lengths.
//!
//! What was built is read from the plan's `design` section (the JSON of
//! `solve --format json`: `pipes` that carry flow, `units` with `built`,
//! `capex`). A plan without one, on a scenario with a design, is taken to
//! build a pipe wherever a piped arc carries flow and every candidate unit
//! it uses; the notes say so.

use super::Verification;
use crate::design::verify::{verify_design, Built};
use crate::design::{candidates, ArcClass, Geometry};
use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyRef};
use crate::network::Network;
use crate::validate::Problem;
use serde::Deserialize;
use std::collections::HashMap;

/// The parts of the JSON `design` section a check needs.
#[derive(Debug, Deserialize)]
struct Section {
    #[serde(default)]
    pipes: Vec<PipeEntry>,
    #[serde(default)]
    units: Vec<UnitEntry>,
    #[serde(default)]
    capex: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct PipeEntry {
    from: String,
    to: String,
    #[serde(default)]
    existing: bool,
}

#[derive(Debug, Deserialize)]
struct UnitEntry {
    id: String,
    #[serde(default)]
    kind: Option<String>,
    built: bool,
}

/// Relative difference above which a stated capital is reported.
const CAPEX_TOLERANCE: f64 = 1e-6;

/// Checks a plan's design (its `design` section, or the flows alone when
/// it has none) against the model's `[design]`; `flows` are t/h per arc of
/// `network`. Adds its checks to `v` and remarks to `notes`; a section that
/// does not parse is a problem of the input.
pub(crate) fn check(
    model: &Model,
    network: &Network,
    flows: &[f64],
    section: Option<&serde_json::Value>,
    v: &mut Verification,
    notes: &mut Vec<String>,
) -> Result<(), Vec<Problem>> {
    let Some(design) = model.design.as_ref() else {
        if section.is_some_and(|s| !s.is_null()) {
            notes.push(
                "design: the scenario has no [design]; the plan's design section is ignored"
                    .to_string(),
            );
        }
        return Ok(());
    };
    let section = match section.filter(|s| !s.is_null()) {
        Some(value) => Some(Section::deserialize(value).map_err(|e| {
            vec![Problem {
                path: "design".to_string(),
                code: "plan.design",
                message: format!("the design section cannot be read: {e}"),
            }]
        })?),
        None => {
            notes.push(
                "design: the plan has no design section; a pipe is taken to be built on every \
                 piped arc that carries flow, and every candidate unit it uses"
                    .to_string(),
            );
            None
        }
    };
    let arcs = candidates(model, design, &Geometry::new(model, design));
    let index: HashMap<(SupplyId, DemandId), usize> = (0..arcs.network.len())
        .map(|a| (arcs.network.arc(a), a))
        .collect();
    let name = |(u, d): (SupplyId, DemandId)| {
        format!("{} -> {}", model.supply_name(u), model.demand_name(d))
    };

    // The plan's flows on the design's arcs; a flow no candidate can carry
    // is a violation of its own.
    let mut design_flows = vec![0.0; arcs.network.len()];
    for a in 0..network.len() {
        let arc = network.arc(a);
        match index.get(&arc) {
            Some(&c) => design_flows[c] = flows[a],
            None => v.check(flows[a].abs(), || {
                format!(
                    "flow on {}, which no pipe of the design can carry (longer than \
                     max_pipe_km, or build = false)",
                    name(arc)
                )
            }),
        }
    }

    let mut built = Built {
        pipes: vec![false; arcs.network.len()],
        intakes: design.intake_units.iter().map(Option::is_none).collect(),
        treatments: design.treatment_units.iter().map(Option::is_none).collect(),
    };
    match &section {
        Some(section) => read_built(model, &arcs, &index, section, &mut built, v, notes),
        None => {
            for a in 0..arcs.network.len() {
                built.pipes[a] = arcs.class[a] == ArcClass::Piped && design_flows[a] > 0.0;
            }
            used_units(model, &arcs.network, &design_flows, &mut built);
        }
    }
    verify_design(model, &arcs, &built, &design_flows, v);
    if let Some(stated) = section.as_ref().and_then(|s| s.capex) {
        let recomputed = built.capex(model, &arcs);
        v.check(
            ((stated - recomputed).abs() / recomputed.abs().max(1.0) - CAPEX_TOLERANCE).max(0.0),
            || format!("capital stated {stated:.0} CNY, recomputed from the design {recomputed:.0} CNY"),
        );
    }
    Ok(())
}

/// Pipes and units as the section states them.
fn read_built(
    model: &Model,
    arcs: &crate::design::Candidates,
    index: &HashMap<(SupplyId, DemandId), usize>,
    section: &Section,
    built: &mut Built,
    v: &mut Verification,
    notes: &mut Vec<String>,
) {
    let design = model.design.as_ref().expect("a model with a [design]");
    // Node ids by name, once (not a scan of every node per listed pipe).
    let supplies: HashMap<&str, SupplyId> = (0..model.num_supplies() as u32)
        .map(|u| (model.supply_name(SupplyId(u)), SupplyId(u)))
        .collect();
    let demands: HashMap<&str, DemandId> = (0..model.num_demands() as u32)
        .map(|d| (model.demand_name(DemandId(d)), DemandId(d)))
        .collect();
    for pipe in &section.pipes {
        let arc = supplies
            .get(pipe.from.as_str())
            .copied()
            .zip(demands.get(pipe.to.as_str()).copied());
        match arc.and_then(|arc| index.get(&arc).copied()) {
            Some(a) => match arcs.class[a] {
                ArcClass::Piped if !pipe.existing => built.pipes[a] = true,
                ArcClass::Piped => v.check(1.0, || {
                    format!(
                        "pipe {} -> {} is stated as existing, but the scenario has no such pipe",
                        pipe.from, pipe.to
                    )
                }),
                ArcClass::Free | ArcClass::Existing => {}
            },
            None => v.check(1.0, || {
                format!(
                    "pipe {} -> {} is not a candidate of the design (unknown node, arc not \
                     allowed, longer than max_pipe_km, or build = false)",
                    pipe.from, pipe.to
                )
            }),
        }
    }
    for unit in &section.units {
        let intake = (0..model.intakes.len())
            .find(|&i| design.intake_units[i].is_some() && model.intakes[i].id == unit.id);
        let treatment = (0..model.treatments.len())
            .find(|&t| design.treatment_units[t].is_some() && model.treatments[t].id == unit.id);
        match (unit.kind.as_deref(), intake, treatment) {
            (Some("intake") | None, Some(i), _) => built.intakes[i] = unit.built,
            (Some("treatment") | None, _, Some(t)) => built.treatments[t] = unit.built,
            _ => notes.push(format!(
                "design: unit '{}' is not a candidate unit of the scenario; ignored",
                unit.id
            )),
        }
    }
}

/// Candidate units the flows use count as built.
fn used_units(model: &Model, network: &Network, flows: &[f64], built: &mut Built) {
    for (a, &f) in flows.iter().enumerate() {
        if f <= 0.0 {
            continue;
        }
        let (u, d) = network.arc(a);
        if let SupplyRef::Intake(i) = model.supply(u) {
            built.intakes[i] = true;
        }
        if let DemandRef::Treatment(t) = model.demand(d) {
            built.treatments[t] = true;
        }
    }
}
