//! With a piping cost, every arc needs a length, so every node a location.

use super::checker::Checker;
use crate::model::{DemandRef, Model, SupplyRef};

/// `location.required` for every node without a location of its own or of its
/// enterprise.
pub(super) fn check_locations(c: &mut Checker, m: &Model) {
    let mut need = |kind: &str, id: &str, has: bool| {
        if !has {
            c.push(
                format!("{kind}[{id}].location"),
                "location.required",
                "park.pipe_cost is set, so this node needs a location (its own or its enterprise's)",
            );
        }
    };
    for (i, x) in m.intakes.iter().enumerate() {
        need(
            "intake",
            &x.id,
            m.supply_location(m.supply_id(SupplyRef::Intake(i)))
                .is_some(),
        );
    }
    for (i, x) in m.sources.iter().enumerate() {
        need(
            "source",
            &x.id,
            m.supply_location(m.supply_id(SupplyRef::Source(i)))
                .is_some(),
        );
    }
    for (i, x) in m.sinks.iter().enumerate() {
        need(
            "sink",
            &x.id,
            m.demand_location(m.demand_id(DemandRef::Sink(i))).is_some(),
        );
    }
    for (i, x) in m.treatments.iter().enumerate() {
        need(
            "treatment",
            &x.id,
            m.supply_location(m.supply_id(SupplyRef::Treatment(i)))
                .is_some(),
        );
    }
    for x in &m.discharges {
        need("discharge", &x.id, x.location.is_some());
    }
}
