//! Independent re-check of every design rule against the model, from the
//! flows and the list of what was built — never from the MILP's rows: flow
//! only on arcs with a pipe (free, existing or built), minimum flow, pipe
//! capacities, pipe counts, dedicated sources, candidate units, capital
//! recomputed from the lengths, and `max_capex`.

use super::candidates::{ArcClass, Candidates};
use crate::model::{DemandRef, Model, SupplyRef};
use crate::verify::Verification;

/// What a design builds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Built {
    /// Per candidate arc: a pipe is built on it (arcs of class `Piped` only).
    pub(crate) pipes: Vec<bool>,
    /// Per intake: built (or not a candidate).
    pub(crate) intakes: Vec<bool>,
    /// Per treatment: built (or not a candidate).
    pub(crate) treatments: Vec<bool>,
}

impl Built {
    /// Capital of everything built, CNY, recomputed from the model: each
    /// built pipe's fixed cost plus its length x cost per km, each built
    /// candidate unit's capex.
    pub(crate) fn capex(&self, model: &Model, arcs: &Candidates) -> f64 {
        let design = model.design.as_ref().expect("a design model");
        let pipes: f64 = (0..arcs.network.len())
            .filter(|&a| self.pipes[a])
            .map(|a| design.pipe_capex_fixed + design.pipe_capex_per_km * arcs.length_km[a])
            .sum();
        let units: f64 = design
            .intake_units
            .iter()
            .zip(&self.intakes)
            .chain(design.treatment_units.iter().zip(&self.treatments))
            .filter_map(|(u, &b)| u.filter(|_| b).map(|u| u.capex))
            .sum();
        pipes + units
    }
}

/// Adds the design checks of `flows` (t/h per candidate arc) to `v`.
pub(crate) fn verify_design(
    model: &Model,
    arcs: &Candidates,
    built: &Built,
    flows: &[f64],
    v: &mut Verification,
) {
    let design = model.design.as_ref().expect("a design model");
    let net = &arcs.network;
    let rel = |x: f64, scale: f64| x / scale.abs().max(1.0);
    let name = |a: usize| {
        let (u, w) = net.arc(a);
        format!("{} -> {}", model.supply_name(u), model.demand_name(w))
    };
    let mut out_pipes = vec![0u32; model.num_supplies()];
    let mut in_pipes = vec![0u32; model.num_demands()];
    let mut out_used = vec![0u32; model.num_supplies()];
    let mut unit_in = vec![0.0; model.treatments.len()];
    let mut unit_out = vec![0.0; model.num_supplies()];
    for a in 0..net.len() {
        let f = flows[a];
        let (u, w) = net.arc(a);
        let piped = arcs.class[a] == ArcClass::Piped;
        if piped && !built.pipes[a] {
            v.check(rel(f, 1.0), || {
                format!("no pipe from {}, yet it carries flow", name(a))
            });
        }
        if piped && built.pipes[a] {
            out_pipes[u.0 as usize] += 1;
            in_pipes[w.0 as usize] += 1;
            v.check(rel(design.min_pipe_flow - f, design.min_pipe_flow), || {
                format!("built pipe {} carries at least min_pipe_flow", name(a))
            });
        }
        if arcs.max_flow[a].is_finite() {
            v.check(rel(f - arcs.max_flow[a], arcs.max_flow[a]), || {
                format!("capacity of pipe {}", name(a))
            });
        }
        if f > 0.0 {
            out_used[u.0 as usize] += 1;
        }
        if let DemandRef::Treatment(t) = model.demand(w) {
            unit_in[t] += f;
        }
        unit_out[u.0 as usize] += f;
    }
    for u in 0..model.num_supplies() {
        let id = model.supply_name(crate::model::SupplyId(u as u32));
        if let SupplyRef::Source(i) = model.supply(crate::model::SupplyId(u as u32)) {
            if let Some(k) = design.max_pipes_out {
                v.check(out_pipes[u] as f64 - k as f64, || {
                    format!("at most {k} pipes leave source {id}")
                });
            }
            if model.sources[i]
                .enterprise
                .is_some_and(|e| design.dedicated[e])
            {
                v.check(out_used[u] as f64 - 1.0, || {
                    format!("dedicated source {id} sends its flow to one place")
                });
            }
        }
    }
    if let Some(k) = design.max_pipes_in {
        for w in 0..model.num_demands() {
            let d = crate::model::DemandId(w as u32);
            if !matches!(model.demand(d), DemandRef::Discharge(_)) {
                v.check(in_pipes[w] as f64 - k as f64, || {
                    format!("at most {k} pipes enter {}", model.demand_name(d))
                });
            }
        }
    }
    for (i, unit) in design.intake_units.iter().enumerate() {
        if unit.is_some() {
            let u = model.supply_id(SupplyRef::Intake(i)).0 as usize;
            let cap = if built.intakes[i] {
                model.intakes[i].max_flow.unwrap_or(0.0)
            } else {
                0.0
            };
            v.check(rel(unit_out[u] - cap, cap), || {
                format!(
                    "candidate intake {} supplies only if built, within max_flow",
                    model.intakes[i].id
                )
            });
        }
    }
    for (t, unit) in design.treatment_units.iter().enumerate() {
        if unit.is_some() {
            let cap = if built.treatments[t] {
                model.treatments[t].max_flow.unwrap_or(0.0)
            } else {
                0.0
            };
            v.check(rel(unit_in[t] - cap, cap), || {
                format!(
                    "candidate treatment {} treats only if built, within max_flow",
                    model.treatments[t].id
                )
            });
        }
    }
    if let Some(budget) = design.max_capex {
        let capex = built.capex(model, arcs);
        v.check(rel(capex - budget, budget), || {
            format!("capital {capex:.0} CNY within max_capex {budget:.0}")
        });
    }
}
