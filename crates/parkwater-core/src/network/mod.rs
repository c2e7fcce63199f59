//! The network: every arc that may carry water, as two flat id arrays.
//!
//! Arcs are enumerated supply by supply, demand by demand, so arc order is
//! the model's order and every run numbers arcs the same way.

pub mod quality;
mod rules;

pub use rules::ArcRules;
pub(crate) use rules::{NameIndex, Pattern};

use crate::model::{DemandId, Model, SupplyId};

/// The allowed arcs of a model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Network {
    /// Supply end of each arc.
    pub from: Vec<SupplyId>,
    /// Demand end of each arc.
    pub to: Vec<DemandId>,
}

impl Network {
    /// Every allowed arc of the model. Time linear in candidate arcs +
    /// forbid rules (see [`ArcRules`]).
    pub fn build(model: &Model) -> Network {
        let rules = ArcRules::new(model);
        let (ns, nd) = (model.num_supplies() as u32, model.num_demands() as u32);
        let mut net = Network::default();
        for u in (0..ns).map(SupplyId) {
            for v in (0..nd).map(DemandId) {
                if rules.allows(u, v) {
                    net.from.push(u);
                    net.to.push(v);
                }
            }
        }
        net
    }

    /// Builds a network from explicit arcs (a subset, for arc pricing).
    pub fn from_arcs(arcs: impl IntoIterator<Item = (SupplyId, DemandId)>) -> Network {
        let (from, to) = arcs.into_iter().unzip();
        Network { from, to }
    }

    /// Number of arcs.
    pub fn len(&self) -> usize {
        self.from.len()
    }

    /// Whether there are no arcs.
    pub fn is_empty(&self) -> bool {
        self.from.is_empty()
    }

    /// The ends of arc `a`.
    pub fn arc(&self, a: usize) -> (SupplyId, DemandId) {
        (self.from[a], self.to[a])
    }

    /// Straight-line length of arc `a`, km (0 when a location is missing).
    pub fn length(&self, model: &Model, a: usize) -> f64 {
        match (
            model.supply_location(self.from[a]),
            model.demand_location(self.to[a]),
        ) {
            (Some([x1, y1]), Some([x2, y2])) => ((x1 - x2).powi(2) + (y1 - y2).powi(2)).sqrt(),
            _ => 0.0,
        }
    }
}
