//! `[[constraint]]` rows (the user's and those plugins add) re-checked from
//! the flows: each term's selectors are evaluated here against the model's
//! nodes (ids, kinds, owning enterprises), independently of the masks the
//! LP compiles, and each row is reported by its label.

use super::{Figures, Verification};
use crate::model::{ConstraintTerm, DemandId, DemandRef, Model, SupplyId, SupplyRef};
use crate::network::Network;
use wildmatch::WildMatch;

/// Checks every constraint of `model` against `flows` (t/h per arc of `network`).
pub(super) fn check(model: &Model, network: &Network, flows: &[f64], v: &mut Verification) {
    for c in &model.constraints {
        let selected: Vec<Selection> = c.terms.iter().map(|t| Selection::new(model, t)).collect();
        let mut value = 0.0;
        // Sum of the magnitudes of the row's terms: the scale of its
        // rounding, so a row of 1e4 t/h against 0 is judged relatively.
        let mut magnitude = 0.0;
        for (a, &f) in flows.iter().enumerate() {
            if f == 0.0 {
                continue;
            }
            let (u, d) = network.arc(a);
            for (t, s) in c.terms.iter().zip(&selected) {
                if !s.selects(u, d) {
                    continue;
                }
                let weight = match t.contaminant {
                    Some(k) => t.coef * 1e-3 * model.supply_conc(u)[k],
                    None => t.coef,
                };
                value += weight * f;
                magnitude += (weight * f).abs();
            }
        }
        let mass = c.terms.iter().any(|t| t.contaminant.is_some());
        let bound = |b: f64| if b.is_finite() { b.abs() } else { 0.0 };
        let scale = bound(c.lower).max(bound(c.upper)).max(magnitude).max(1.0);
        let below = c.lower - value;
        let above = value - c.upper;
        let amount = below.max(above) / scale;
        v.check_figures(amount, || {
            let (sense, limit) = if below > above {
                (">=", c.lower)
            } else if c.lower == c.upper {
                ("=", c.upper)
            } else {
                ("<=", c.upper)
            };
            let (shown, limit, unit) = if mass {
                (value, limit, "kg/h".to_string())
            } else {
                let u = model.flow_unit;
                (
                    u.from_internal(value),
                    u.from_internal(limit),
                    u.name().to_string(),
                )
            };
            (
                format!("constraint \"{}\" {sense} {limit} {unit}", c.label),
                Some(Figures {
                    value: shown,
                    limit,
                    unit,
                }),
            )
        });
    }
}

/// The nodes one term selects, decided from its selectors and the model.
struct Selection {
    supplies: Vec<bool>,
    demands: Vec<bool>,
}

impl Selection {
    fn new(model: &Model, t: &ConstraintTerm) -> Selection {
        let pattern = |p: &str, id: &str| WildMatch::new(p).matches(id);
        // An enterprise selector selects only nodes that have an owner
        // matching it; a node without an owner is never selected by one.
        let owner = |p: &Option<String>, e: Option<usize>| match p {
            None => true,
            Some(p) => e.is_some_and(|e| pattern(p, &model.enterprises[e].id)),
        };
        let kind = |want: &Option<String>, is: &str| want.as_deref().is_none_or(|k| k == is);
        let supplies = (0..model.num_supplies() as u32)
            .map(|u| {
                let u = SupplyId(u);
                let (is, e) = match model.supply(u) {
                    SupplyRef::Intake(_) => ("intake", None),
                    SupplyRef::Source(i) => ("source", model.sources[i].enterprise),
                    SupplyRef::Treatment(i) => ("treatment", model.treatments[i].enterprise),
                };
                pattern(&t.from, model.supply_name(u))
                    && kind(&t.from_kind, is)
                    && owner(&t.from_enterprise, e)
            })
            .collect();
        let demands = (0..model.num_demands() as u32)
            .map(|d| {
                let d = DemandId(d);
                let (is, e) = match model.demand(d) {
                    DemandRef::Sink(i) => ("sink", model.sinks[i].enterprise),
                    DemandRef::Treatment(i) => ("treatment", model.treatments[i].enterprise),
                    DemandRef::Discharge(_) => ("discharge", None),
                };
                pattern(&t.to, model.demand_name(d))
                    && kind(&t.to_kind, is)
                    && owner(&t.to_enterprise, e)
            })
            .collect();
        Selection { supplies, demands }
    }

    fn selects(&self, u: SupplyId, d: DemandId) -> bool {
        self.supplies[u.0 as usize] && self.demands[d.0 as usize]
    }
}
