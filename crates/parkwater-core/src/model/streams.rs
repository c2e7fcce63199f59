//! What makes an answer one an engineer would sign: stream classes, limits a
//! supply must meet on its own, contaminants a unit cannot remove, blend
//! limits, and what each use consumes.
//!
//! Kept beside the core node types (not inside them) so a park that uses
//! none of it has an empty [`StreamRules`], which is left out of the model's
//! canonical JSON: such a park keeps its `scenario_hash`.

use super::{AcceptSet, Model, SupplyId, SupplyRef};
use serde::Serialize;

/// The stream classes every scenario knows; `classes = [...]` adds more.
pub(crate) const BUILTIN_CLASSES: [&str; 11] = [
    "oily",
    "high_salt",
    "brine",
    "blowdown",
    "condensate",
    "sanitary",
    "process",
    "stormwater",
    "secondary_effluent",
    "reclaimed",
    "permeate",
];

/// Index of a stream class in [`StreamRules::classes`].
pub(crate) type ClassId = u16;

/// The rules of one demand (a sink or a treatment inlet) beyond its kinds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct DemandRules {
    /// Supply kinds accepted (sinks keep theirs in `Sink::accepts`: ALL here).
    pub(crate) accept_kinds: AcceptSet,
    /// When `accepts` names classes: the classed supplies it takes. A source
    /// (product) passes when `source` (`treatment`) is itself listed or its
    /// class is one of these.
    pub(crate) accept_classes: Option<ClassFilter>,
    /// Supply kinds refused.
    pub(crate) refuse_kinds: AcceptSet,
    /// Classes refused.
    pub(crate) refuse_classes: Vec<ClassId>,
    /// mg/L per contaminant a single supply may carry (`INFINITY` where
    /// unlimited); empty when none is given.
    pub(crate) max_supply_conc: Vec<f64>,
    /// Largest share of reused and regenerated water in the inflow.
    pub(crate) max_reuse_share: Option<f64>,
}

impl Default for DemandRules {
    fn default() -> Self {
        DemandRules {
            accept_kinds: AcceptSet::ALL,
            accept_classes: None,
            refuse_kinds: AcceptSet::NONE,
            refuse_classes: Vec::new(),
            max_supply_conc: Vec::new(),
            max_reuse_share: None,
        }
    }
}

/// The classed supplies an `accepts` list lets in.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct ClassFilter {
    /// `source` is listed: every source passes.
    pub(crate) all_sources: bool,
    /// `treatment` is listed: every product passes.
    pub(crate) all_products: bool,
    /// Classes listed.
    pub(crate) classes: Vec<ClassId>,
}

/// What a sink's use consumes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) enum Consumption {
    /// Not declared.
    #[default]
    None,
    /// t/h.
    Flow(f64),
    /// Fraction of the inflow.
    Fraction(f64),
}

impl Consumption {
    /// t/h consumed at an inflow of `inflow` t/h.
    pub(crate) fn at(self, inflow: f64) -> f64 {
        match self {
            Consumption::None => 0.0,
            Consumption::Flow(f) => f.min(inflow),
            Consumption::Fraction(x) => x * inflow,
        }
    }
}

/// Every rule of this module, dense per node.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StreamRules {
    /// Class names: the built-in ones, then the scenario's.
    pub(crate) classes: Vec<String>,
    /// Class of each source.
    pub source_class: Vec<Option<ClassId>>,
    /// Class of each treatment product.
    pub(crate) product_class: Vec<Option<ClassId>>,
    /// Rules per demand, sinks, treatment inlets, then discharges (`DemandId`
    /// order); empty when no demand has any.
    pub(crate) demands: Vec<DemandRules>,
    /// Per treatment, per contaminant: whether the unit removes it; empty
    /// for a unit that removes every contaminant (the default).
    pub(crate) removes: Vec<Vec<bool>>,
    /// Consumption of each sink.
    pub(crate) consumed: Vec<Consumption>,
    /// Circulating flow of the cooling loop each sink makes up, t/h.
    pub(crate) circulation: Vec<f64>,
    /// Whether any rule is given at all.
    pub(crate) used: bool,
}

impl StreamRules {
    /// Whether the park uses none of these rules (left out of the hash).
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn is_empty(&self) -> bool {
        !self.used
    }

    /// Whether treatment `t` removes contaminant `k`.
    #[inline]
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn removes(&self, t: usize, k: usize) -> bool {
        self.removes.get(t).is_none_or(|r| r.is_empty() || r[k])
    }

    /// The largest reuse share of sink `k`, if capped.
    pub(crate) fn reuse_share(&self, k: usize) -> Option<f64> {
        self.demands.get(k).and_then(|d| d.max_reuse_share)
    }

    /// Declared consumption of sink `k` at an inflow.
    pub(crate) fn consumed_at(&self, k: usize, inflow: f64) -> f64 {
        self.consumed.get(k).map_or(0.0, |c| c.at(inflow))
    }

    /// Total declared cooling circulation, t/h.
    pub(crate) fn circulation_total(&self) -> f64 {
        self.circulation.iter().sum()
    }
}

impl Model {
    /// The class of a supply (intakes have none).
    pub(crate) fn supply_class(&self, u: SupplyId) -> Option<ClassId> {
        let r = &self.streams;
        match self.supply(u) {
            SupplyRef::Intake(_) => None,
            SupplyRef::Source(i) => r.source_class.get(i).copied().flatten(),
            SupplyRef::Treatment(t) => r.product_class.get(t).copied().flatten(),
        }
    }

    /// The name of a class.
    #[cfg(feature = "dev")] // for the tests, benches and examples only
    #[visibility::make(pub)]
    pub(crate) fn class_name(&self, c: ClassId) -> &str {
        &self.streams.classes[c as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumption_at_inflow() {
        assert_eq!(Consumption::None.at(10.0), 0.0);
        assert_eq!(Consumption::Flow(4.0).at(10.0), 4.0);
        assert_eq!(Consumption::Flow(14.0).at(10.0), 10.0);
        assert_eq!(Consumption::Fraction(0.25).at(10.0), 2.5);
    }

    #[test]
    fn removes_defaults_to_all() {
        let r = StreamRules {
            removes: vec![Vec::new(), vec![true, false]],
            ..Default::default()
        };
        assert!(r.removes(0, 1));
        assert!(r.removes(1, 0));
        assert!(!r.removes(1, 1));
        assert!(r.removes(7, 0));
    }
}
