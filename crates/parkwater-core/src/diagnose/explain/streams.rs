//! Sentences for the rows of `model::streams`: a unit that cannot remove a
//! contaminant, and a sink's cap on reused water.

use super::{names, num, pct};
use crate::model::{DemandId, DemandRef, Model, SupplyId};
use crate::network::ArcRules;
use crate::report::Relaxation;

/// "treatment WWTP cannot remove TDS: what it takes must average at most
/// 1500 mg/L (its outlet), and S1 (3000), S2 (35000) that may feed it are above".
pub(super) fn pass_through(
    model: &Model,
    rules: &ArcRules,
    t: usize,
    k: usize,
    relaxed: Option<&Relaxation>,
) -> String {
    let unit = &model.treatments[t];
    let c = &model.contaminants[k];
    let limit = unit.outlet_conc[k];
    let v: DemandId = model.demand_id(DemandRef::Treatment(t));
    let above: Vec<String> = (0..model.num_supplies() as u32)
        .map(SupplyId)
        .filter(|&u| rules.allows(u, v) && model.supply_conc(u)[k] > limit)
        .map(|u| {
            format!(
                "{} at {}",
                model.supply_name(u),
                num(model.supply_conc(u)[k])
            )
        })
        .collect();
    let mut text = format!(
        "treatment {} does not remove {c}: what it takes must average at most {} mg/L {c}, its outlet, so the {c} it receives leaves in its product",
        unit.id,
        num(limit)
    );
    if !above.is_empty() {
        text.push_str(&format!(
            "; supplies above that which may feed it: {}",
            names(&above)
        ));
    }
    if let Some(r) = relaxed {
        text.push_str(&format!(
            " (the park would need {} mg/L there)",
            num(r.relaxed)
        ));
    }
    text
}

/// "sink X takes at most 30 % reused or regenerated water".
pub(super) fn reuse_share(model: &Model, k: usize, relaxed: Option<&Relaxation>) -> String {
    let share = model.streams.reuse_share(k).unwrap_or(1.0);
    let id = &model.sinks[k].id;
    match relaxed {
        Some(r) => format!(
            "sink {id} takes at most {} reused or regenerated water, but would need {}",
            pct(share),
            pct(r.relaxed)
        ),
        None => format!(
            "sink {id} takes at most {} reused or regenerated water",
            pct(share)
        ),
    }
}
