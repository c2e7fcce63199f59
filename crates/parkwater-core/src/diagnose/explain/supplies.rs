//! Describing supplies: the cleanest ones a demand may take, their
//! concentrations, a sink's limits.

use super::{names, num};
use crate::model::{DemandId, Model, Sink, SupplyId};
use crate::network::ArcRules;

/// "COD <= 10 mg/L and TDS <= 100 mg/L".
pub(super) fn limit_list(model: &Model, sink: &Sink, ks: &[usize]) -> String {
    ks.iter()
        .map(|&k| {
            format!(
                "{} <= {} mg/L",
                model.contaminants[k],
                num(sink.max_conc[k])
            )
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// "COD 100 mg/L, TDS 50 mg/L" for some contaminants of a supply.
pub(super) fn concs_of(model: &Model, x: SupplyId, ks: &[usize]) -> String {
    ks.iter()
        .map(|&k| {
            format!(
                "{} {} mg/L",
                model.contaminants[k],
                num(model.supply_conc(x)[k])
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lowest concentration of contaminant k among supplies allowed into v,
/// and a list "FW 35, S1 50" of them (cleanest first).
pub(super) fn cleanest_allowed(
    model: &Model,
    rules: &ArcRules,
    v: DemandId,
    k: usize,
) -> (f64, String) {
    let mut allowed: Vec<(f64, &str)> = (0..model.num_supplies() as u32)
        .map(SupplyId)
        .filter(|&x| rules.allows(x, v))
        .map(|x| (model.supply_conc(x)[k], model.supply_name(x)))
        .collect();
    allowed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    let lo = allowed.first().map_or(f64::INFINITY, |a| a.0);
    let list: Vec<String> = allowed
        .iter()
        .map(|(c, id)| format!("{id} at {}", num(*c)))
        .collect();
    (lo, names(&list))
}

/// The supplies allowed into v with all their concentrations.
pub(super) fn cleanest_allowed_all(
    model: &Model,
    rules: &ArcRules,
    v: DemandId,
) -> (usize, String) {
    let allowed: Vec<String> = (0..model.num_supplies() as u32)
        .map(SupplyId)
        .filter(|&x| rules.allows(x, v))
        .map(|x| {
            format!(
                "{} with {}",
                model.supply_name(x),
                concs(model, model.supply_conc(x))
            )
        })
        .collect();
    (allowed.len(), names(&allowed))
}

/// "COD 50 mg/L, TDS 500 mg/L".
pub(super) fn concs(model: &Model, conc: &[f64]) -> String {
    model
        .contaminants
        .iter()
        .zip(conc)
        .map(|(c, v)| format!("{c} {} mg/L", num(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}
