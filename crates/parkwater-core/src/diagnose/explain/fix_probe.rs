//! The re-solve check: which supplies the rules keep away from a sink would
//! fix its conflict, each checked by re-solving with that one arc allowed
//! (within the diagnosis' solve budget).

use super::num;
use super::MAX_FIX_PROBES;
use crate::diagnose::elastic::Probe;
use crate::model::{DemandRef, Model, SupplyId, SupplyKind, SupplyRef};
use crate::network::ArcRules;
use crate::solve::SolveError;

/// The candidates that fix the conflict alone, and those that only help
/// (or were not checked: the budget ran out), each "or"-joined.
pub(super) struct Fixes {
    pub fixing: Option<String>,
    pub helping: Option<String>,
}

/// Probes up to [`MAX_FIX_PROBES`] supplies kept away from sink `e` that meet
/// every limit in `limits`.
pub(super) fn probe_fixes(
    model: &Model,
    probe: &mut Probe,
    rules: &ArcRules,
    e: usize,
    limits: &[usize],
    budget: usize,
) -> Result<Fixes, SolveError> {
    let sink = &model.sinks[e];
    let v = model.demand_id(DemandRef::Sink(e));
    // Supplies the rules keep away from this sink that meet every limit in the conflict.
    let candidates: Vec<SupplyId> = (0..model.num_supplies() as u32)
        .map(SupplyId)
        .filter(|&x| {
            !rules.allows(x, v)
                && limits
                    .iter()
                    .all(|&k| model.supply_conc(x)[k] <= sink.max_conc[k])
        })
        .collect();
    let mut fixing = Vec::new();
    let mut helping = Vec::new();
    for &x in candidates.iter().take(MAX_FIX_PROBES) {
        let quality: Vec<String> = limits
            .iter()
            .map(|&k| {
                format!(
                    "{} {} mg/L",
                    model.contaminants[k],
                    num(model.supply_conc(x)[k])
                )
            })
            .collect();
        let what = format!(
            "{} {} ({}{}{})",
            supply_kind(model, x),
            model.supply_name(x),
            quality.join(", "),
            if quality.is_empty() { "" } else { ", " },
            why_not(model, rules, x, e)
        );
        let verdict = if probe.solves < budget && !probe.past_deadline() {
            probe.feasible_with_arc(x, v)?
        } else {
            None
        };
        match verdict {
            Some(true) => fixing.push(what),
            _ => helping.push(what),
        }
    }
    let join = |list: Vec<String>| (!list.is_empty()).then(|| list.join(" or "));
    Ok(Fixes {
        fixing: join(fixing),
        helping: join(helping),
    })
}

/// Why supply x may not feed sink e: its `accepts` list or a forbid rule.
fn why_not(model: &Model, rules: &ArcRules, x: SupplyId, e: usize) -> String {
    let v = model.demand_id(DemandRef::Sink(e));
    if let Some(i) = rules.forbidding_rule(x, v) {
        let f = &model.forbid[i];
        return format!("forbidden by the rule {} -> {}", f.from, f.to);
    }
    let kind = match model.supply(x) {
        SupplyRef::Intake(i) => SupplyKind::Intake(model.intakes[i].kind),
        SupplyRef::Source(_) => SupplyKind::Source,
        SupplyRef::Treatment(_) => SupplyKind::Treatment,
    };
    if !model.sinks[e].accepts.contains(kind) {
        let name = match kind {
            SupplyKind::Intake(k) => k.name(),
            SupplyKind::Source => "source",
            SupplyKind::Treatment => "treatment",
        };
        return format!("'{name}' is not in the sink's accepts");
    }
    "not allowed".to_string()
}

fn supply_kind(model: &Model, x: SupplyId) -> &'static str {
    match model.supply(x) {
        SupplyRef::Intake(_) => "intake",
        SupplyRef::Source(_) => "source",
        SupplyRef::Treatment(_) => "treatment",
    }
}
