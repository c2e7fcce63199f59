//! Which arcs may exist: the physics of the model (no fresh water straight
//! to an outfall, no unit feeding itself), the sinks' accepted supply kinds,
//! and the scenario's `[[forbid]]` rules compiled to per-node masks.

use crate::model::{AcceptSet, DemandId, DemandRef, Model, SupplyId, SupplyKind, SupplyRef};
use wildmatch::WildMatch;

/// The compiled arc rules of a model; [`ArcRules::allows`] is O(number of forbid rules).
#[derive(Debug, Clone)]
pub struct ArcRules {
    supply_kind: Vec<SupplyKind>,
    supply_treatment: Vec<Option<u32>>,
    demand: Vec<DemandClass>,
    /// Per forbid rule: which supplies match `from`, which demands match `to`.
    forbid: Vec<(Vec<bool>, Vec<bool>)>,
    /// Per-supply limits and stream classes (`quality.rs`).
    quality: super::quality::QualityRules,
}

#[derive(Debug, Clone, Copy)]
enum DemandClass {
    Sink(AcceptSet),
    Treatment(u32),
    Discharge,
}

impl ArcRules {
    /// Compiles the rules of a model.
    pub fn new(model: &Model) -> ArcRules {
        let supplies = (0..model.num_supplies() as u32).map(SupplyId);
        let (supply_kind, supply_treatment) = supplies
            .clone()
            .map(|u| match model.supply(u) {
                SupplyRef::Intake(i) => (SupplyKind::Intake(model.intakes[i].kind), None),
                SupplyRef::Source(_) => (SupplyKind::Source, None),
                SupplyRef::Treatment(t) => (SupplyKind::Treatment, Some(t as u32)),
            })
            .unzip();
        let demands = (0..model.num_demands() as u32).map(DemandId);
        let demand = demands
            .clone()
            .map(|v| match model.demand(v) {
                DemandRef::Sink(k) => DemandClass::Sink(model.sinks[k].accepts),
                DemandRef::Treatment(t) => DemandClass::Treatment(t as u32),
                DemandRef::Discharge(_) => DemandClass::Discharge,
            })
            .collect();
        let forbid = model
            .forbid
            .iter()
            .map(|rule| {
                let from = WildMatch::new(&rule.from);
                let to = WildMatch::new(&rule.to);
                (
                    supplies
                        .clone()
                        .map(|u| from.matches(model.supply_name(u)))
                        .collect(),
                    demands
                        .clone()
                        .map(|v| to.matches(model.demand_name(v)))
                        .collect(),
                )
            })
            .collect();
        ArcRules {
            supply_kind,
            supply_treatment,
            demand,
            forbid,
            quality: super::quality::QualityRules::new(model),
        }
    }

    /// The rules without per-supply limits and classes (to count what those remove).
    pub(crate) fn without_quality(model: &Model) -> ArcRules {
        let mut rules = ArcRules::new(model);
        rules.quality = Default::default();
        rules
    }

    /// Whether the arc u -> v may carry water.
    #[inline]
    pub fn allows(&self, u: SupplyId, v: DemandId) -> bool {
        let (ui, vi) = (u.0 as usize, v.0 as usize);
        let kind = self.supply_kind[ui];
        let physical = match self.demand[vi] {
            DemandClass::Sink(accepts) => accepts.contains(kind),
            DemandClass::Treatment(t) => self.supply_treatment[ui] != Some(t),
            DemandClass::Discharge => !matches!(kind, SupplyKind::Intake(_)),
        };
        physical
            && self.quality.allows(u, v)
            && !self.forbid.iter().any(|(from, to)| from[ui] && to[vi])
    }

    /// The forbid rule (index) that removes u -> v, if any.
    pub fn forbidding_rule(&self, u: SupplyId, v: DemandId) -> Option<usize> {
        self.forbid
            .iter()
            .position(|(from, to)| from[u.0 as usize] && to[v.0 as usize])
    }
}
