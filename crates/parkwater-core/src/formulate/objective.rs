//! Objective coefficients per arc, in internal units: t/h for `freshwater`
//! and `discharge`, CNY per hour for `cost` (annual figures are reported as
//! hourly x hours_per_year, which keeps the LP's numbers small).

use crate::model::{DemandId, DemandRef, Model, Objective, SupplyId, SupplyRef};

/// Cost of one t/h on arc u -> v of length `km`: a supply part, a demand
/// part and piping (arc pricing relies on this split).
pub fn arc_cost(model: &Model, objective: Objective, u: SupplyId, v: DemandId, km: f64) -> f64 {
    let pipe = if objective == Objective::Cost {
        model.pipe_cost * km
    } else {
        0.0
    };
    supply_cost(model, objective, u) + demand_cost(model, objective, v) + pipe
}

/// The part of an arc's cost that depends on its supply only.
pub(crate) fn supply_cost(model: &Model, objective: Objective, u: SupplyId) -> f64 {
    match (objective, model.supply(u)) {
        (Objective::Freshwater, SupplyRef::Intake(_)) => 1.0,
        (Objective::Cost, SupplyRef::Intake(i)) => model.intakes[i].price,
        _ => 0.0,
    }
}

/// The part of an arc's cost that depends on its demand only.
pub(crate) fn demand_cost(model: &Model, objective: Objective, v: DemandId) -> f64 {
    match (objective, model.demand(v)) {
        (Objective::Freshwater, _) | (_, DemandRef::Sink(_)) => 0.0,
        (Objective::Discharge, DemandRef::Discharge(_)) => 1.0,
        (Objective::Discharge, DemandRef::Treatment(t)) => reject_fraction(model, t),
        (Objective::Cost, DemandRef::Discharge(d)) => model.discharges[d].fee,
        (Objective::Cost, DemandRef::Treatment(t)) => {
            let unit = &model.treatments[t];
            let reject_fee = unit.reject_to.map_or(0.0, |d| model.discharges[d].fee);
            unit.opex + (1.0 - unit.recovery) * reject_fee
        }
    }
}

/// Share of a treatment's inflow that leaves as reject (0 without a reject).
fn reject_fraction(model: &Model, t: usize) -> f64 {
    let unit = &model.treatments[t];
    if unit.reject_to.is_some() {
        1.0 - unit.recovery
    } else {
        0.0
    }
}

/// Converts an internal objective value to the reported one: flows to the
/// scenario's unit, cost to CNY per year.
pub fn report_scale(model: &Model, objective: Objective) -> f64 {
    match objective {
        Objective::Freshwater | Objective::Discharge => model.flow_unit.per_tonne_per_hour(),
        Objective::Cost => model.hours_per_year,
    }
}
