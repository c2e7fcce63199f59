//! Checks of `model::streams`, from the model's data and the flows alone
//! (not from `network::quality`): no supply feeds a demand its class, kind
//! or own concentration bars it from; a unit takes no more of a contaminant
//! it does not remove than its outlet carries; reuse shares hold.

use super::{Balances, Verification};
use crate::model::{DemandRef, Model, SupplyKind, SupplyRef};
use crate::network::Network;

/// Adds the checks of stream rules to `v`.
pub(super) fn check(
    model: &Model,
    network: &Network,
    flows: &[f64],
    b: &Balances,
    v: &mut Verification,
) {
    let r = &model.streams;
    if r.is_empty() {
        return;
    }
    let nc = model.num_contaminants();
    let mut reused_in = vec![0.0; model.sinks.len()];
    for (a, &f) in flows.iter().enumerate() {
        if f <= 0.0 {
            continue;
        }
        let (u, d) = network.arc(a);
        let supply = model.supply(u);
        let (kind, class) = match supply {
            SupplyRef::Intake(i) => (SupplyKind::Intake(model.intakes[i].kind), None),
            SupplyRef::Source(i) => (SupplyKind::Source, r.source_class[i]),
            SupplyRef::Treatment(t) => (SupplyKind::Treatment, r.product_class[t]),
        };
        let (rules, what) = match model.demand(d) {
            DemandRef::Sink(k) => {
                if !matches!(supply, SupplyRef::Intake(_)) {
                    reused_in[k] += f;
                }
                (r.demands.get(k), "sink")
            }
            DemandRef::Treatment(t) => (r.demands.get(model.sinks.len() + t), "treatment"),
            DemandRef::Discharge(x) => (
                r.demands
                    .get(model.sinks.len() + model.treatments.len() + x),
                "discharge",
            ),
        };
        let Some(rules) = rules else { continue };
        let name = || {
            format!(
                "{} -> {what} {}",
                model.supply_name(u),
                model.demand_name(d)
            )
        };
        let class_listed = |list: &[u16]| class.is_some_and(|c| list.contains(&c));
        let accepted = rules.accept_kinds.contains(kind)
            && rules.accept_classes.as_ref().is_none_or(|f| {
                matches!(kind, SupplyKind::Intake(_))
                    || (kind == SupplyKind::Source && f.all_sources)
                    || (kind == SupplyKind::Treatment && f.all_products)
                    || class_listed(&f.classes)
            });
        v.check(if accepted { 0.0 } else { f64::INFINITY }, || {
            format!(
                "{} carries no class or kind the demand does not accept",
                name()
            )
        });
        let refused = rules.refuse_kinds.contains(kind) || class_listed(&rules.refuse_classes);
        v.check(if refused { f64::INFINITY } else { 0.0 }, || {
            format!("{} carries no refused class or kind", name())
        });
        if !rules.max_supply_conc.is_empty() {
            let conc = model.supply_conc(u);
            for k in 0..nc {
                let limit = rules.max_supply_conc[k];
                if limit.is_finite() {
                    v.check((conc[k] - limit) / limit.max(1.0), || {
                        format!(
                            "{}: supply {} {} <= {} mg/L on its own",
                            name(),
                            model.contaminants[k],
                            conc[k],
                            limit
                        )
                    });
                }
            }
        }
    }
    for (t, unit) in model.treatments.iter().enumerate() {
        let inflow = b.treatment_in[t];
        for k in (0..nc).filter(|&k| !r.removes(t, k)) {
            let limit = unit.outlet_conc[k];
            let mass = b.treatment_mass[t * nc + k];
            v.check(
                (mass - limit * inflow) / (limit.max(1.0) * inflow.max(1.0)),
                || {
                    format!(
                        "treatment {} does not remove {}: inlet <= outlet {} mg/L",
                        unit.id, model.contaminants[k], limit
                    )
                },
            );
        }
    }
    for (k, sink) in model.sinks.iter().enumerate() {
        if let Some(share) = r.reuse_share(k) {
            let inflow = b.sink_in[k];
            v.check((reused_in[k] - share * inflow) / inflow.max(1.0), || {
                format!("sink {} reused share <= {share}", sink.id)
            });
        }
    }
}
