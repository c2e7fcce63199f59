//! Arcs removed for what a supply *is*, not for the blend it makes: a
//! supply above a demand's `max_supply_conc` (the literature's forbidden
//! match), and stream classes a demand does not accept or refuses. The model
//! stays an LP: these rules remove columns, they add no rows.

use crate::model::{
    ClassId, DemandId, DemandRef, DemandRules, Model, SupplyId, SupplyKind, SupplyRef,
};
use serde::Serialize;

/// The compiled per-supply rules of a model; [`QualityRules::allows`] is
/// O(contaminants + refused classes).
#[derive(Debug, Clone, Default)]
pub struct QualityRules {
    active: bool,
    nc: usize,
    /// Supply concentrations (supply, contaminant).
    conc: Vec<f64>,
    kind: Vec<SupplyKind>,
    class: Vec<Option<ClassId>>,
    demands: Vec<DemandRules>,
}

/// Why a rule removes an arc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Removal {
    /// The supply exceeds the demand's `max_supply_conc` for this contaminant.
    SupplyConc(usize),
    /// The demand's `accepts` names classes and not this supply's.
    NotAccepted,
    /// The demand's `refuses` names this supply's kind or class.
    Refused,
}

impl QualityRules {
    /// Compiles the rules of a model (inactive, and free, when it has none).
    pub fn new(model: &Model) -> QualityRules {
        if model.streams.is_empty() {
            return QualityRules::default();
        }
        let ns = model.num_supplies() as u32;
        let nc = model.num_contaminants();
        let mut q = QualityRules {
            active: true,
            nc,
            conc: Vec::with_capacity(ns as usize * nc),
            kind: Vec::with_capacity(ns as usize),
            class: Vec::with_capacity(ns as usize),
            demands: model.streams.demands.clone(),
        };
        for u in (0..ns).map(SupplyId) {
            q.conc.extend_from_slice(model.supply_conc(u));
            q.kind.push(match model.supply(u) {
                SupplyRef::Intake(i) => SupplyKind::Intake(model.intakes[i].kind),
                SupplyRef::Source(_) => SupplyKind::Source,
                SupplyRef::Treatment(_) => SupplyKind::Treatment,
            });
            q.class.push(model.supply_class(u));
        }
        q
    }

    /// Whether the arc u -> v survives these rules.
    #[inline]
    pub fn allows(&self, u: SupplyId, v: DemandId) -> bool {
        !self.active || self.removal(u, v).is_none()
    }

    /// The first rule that removes u -> v, if any.
    pub fn removal(&self, u: SupplyId, v: DemandId) -> Option<Removal> {
        let d = self.demands.get(v.0 as usize)?;
        let ui = u.0 as usize;
        let kind = self.kind[ui];
        let class = self.class[ui];
        if !d.accept_kinds.contains(kind) {
            return Some(Removal::NotAccepted);
        }
        if let Some(filter) = &d.accept_classes {
            let passes = match kind {
                SupplyKind::Intake(_) => true,
                SupplyKind::Source => filter.all_sources,
                SupplyKind::Treatment => filter.all_products,
            } || class.is_some_and(|c| filter.classes.contains(&c));
            if !passes {
                return Some(Removal::NotAccepted);
            }
        }
        if d.refuse_kinds.contains(kind) || class.is_some_and(|c| d.refuse_classes.contains(&c)) {
            return Some(Removal::Refused);
        }
        if !d.max_supply_conc.is_empty() {
            let c = &self.conc[ui * self.nc..(ui + 1) * self.nc];
            if let Some(k) = (0..self.nc).find(|&k| c[k] > d.max_supply_conc[k]) {
                return Some(Removal::SupplyConc(k));
            }
        }
        None
    }
}

/// Arcs one rule removes, for `parkwater check`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemovedArcs {
    /// The rule, as a path: `sink[E3.D1].max_supply_conc.COD`, `sink[X].refuses`, ...
    pub rule: String,
    /// How many candidate arcs it removes (arcs other rules already removed are not counted).
    pub count: usize,
    /// Up to three of them, `from -> to`.
    pub examples: Vec<String>,
}

/// Every arc these rules remove, grouped by rule, in demand order. An arc
/// the physics, `accepts` kinds of a sink, or `[[forbid]]` already remove is
/// not counted.
pub fn removed_arcs(model: &Model) -> Vec<RemovedArcs> {
    let q = QualityRules::new(model);
    if !q.active {
        return Vec::new();
    }
    let base = super::ArcRules::without_quality(model);
    let mut out: Vec<RemovedArcs> = Vec::new();
    for v in (0..q.demands.len() as u32).map(DemandId) {
        let (kind, id) = match model.demand(v) {
            DemandRef::Sink(k) => ("sink", &model.sinks[k].id),
            DemandRef::Treatment(t) => ("treatment", &model.treatments[t].id),
            DemandRef::Discharge(x) => ("discharge", &model.discharges[x].id),
        };
        let first = out.len();
        for u in (0..model.num_supplies() as u32).map(SupplyId) {
            if !base.allows(u, v) {
                continue;
            }
            let Some(why) = q.removal(u, v) else { continue };
            let rule = match why {
                Removal::SupplyConc(k) => {
                    format!("{kind}[{id}].max_supply_conc.{}", model.contaminants[k])
                }
                Removal::NotAccepted => format!("{kind}[{id}].accepts"),
                Removal::Refused => format!("{kind}[{id}].refuses"),
            };
            let arc = format!("{} -> {}", model.supply_name(u), id);
            match out[first..].iter_mut().find(|r| r.rule == rule) {
                Some(r) => {
                    r.count += 1;
                    if r.examples.len() < 3 {
                        r.examples.push(arc);
                    }
                }
                None => out.push(RemovedArcs {
                    rule,
                    count: 1,
                    examples: vec![arc],
                }),
            }
        }
        out[first..].sort_by(|a, b| a.rule.cmp(&b.rule));
    }
    out
}
