//! Dense ids for supplies and demands.
//!
//! Supplies are numbered intakes first, then sources, then treatment
//! products; demands are sinks, then treatment inlets, then discharges. The
//! hot loops (formulation, pricing) work on these integers only.

use super::Model;
use serde::Serialize;

/// Index of a supply: an intake, a source or a treatment product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SupplyId(pub u32);

/// Index of a demand: a sink, a treatment inlet or a discharge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DemandId(pub u32);

/// What a [`SupplyId`] refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplyRef {
    /// `model.intakes[i]`
    Intake(usize),
    /// `model.sources[i]`
    Source(usize),
    /// The product of `model.treatments[i]`.
    Treatment(usize),
}

/// What a [`DemandId`] refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandRef {
    /// `model.sinks[i]`
    Sink(usize),
    /// The inlet of `model.treatments[i]`.
    Treatment(usize),
    /// `model.discharges[i]`
    Discharge(usize),
}

impl Model {
    /// Number of supplies.
    pub fn num_supplies(&self) -> usize {
        self.intakes.len() + self.sources.len() + self.treatments.len()
    }

    /// Number of demands.
    pub fn num_demands(&self) -> usize {
        self.sinks.len() + self.treatments.len() + self.discharges.len()
    }

    /// Resolves a supply id.
    pub fn supply(&self, id: SupplyId) -> SupplyRef {
        let i = id.0 as usize;
        let (ni, ns) = (self.intakes.len(), self.sources.len());
        if i < ni {
            SupplyRef::Intake(i)
        } else if i < ni + ns {
            SupplyRef::Source(i - ni)
        } else {
            SupplyRef::Treatment(i - ni - ns)
        }
    }

    /// The id of a supply.
    pub(crate) fn supply_id(&self, supply: SupplyRef) -> SupplyId {
        let (ni, ns) = (self.intakes.len(), self.sources.len());
        SupplyId(match supply {
            SupplyRef::Intake(i) => i,
            SupplyRef::Source(i) => ni + i,
            SupplyRef::Treatment(i) => ni + ns + i,
        } as u32)
    }

    /// Resolves a demand id.
    pub fn demand(&self, id: DemandId) -> DemandRef {
        let i = id.0 as usize;
        let (nk, nt) = (self.sinks.len(), self.treatments.len());
        if i < nk {
            DemandRef::Sink(i)
        } else if i < nk + nt {
            DemandRef::Treatment(i - nk)
        } else {
            DemandRef::Discharge(i - nk - nt)
        }
    }

    /// The id of a demand.
    pub(crate) fn demand_id(&self, demand: DemandRef) -> DemandId {
        let (nk, nt) = (self.sinks.len(), self.treatments.len());
        DemandId(match demand {
            DemandRef::Sink(i) => i,
            DemandRef::Treatment(i) => nk + i,
            DemandRef::Discharge(i) => nk + nt + i,
        } as u32)
    }

    /// The scenario id of a supply.
    pub fn supply_name(&self, id: SupplyId) -> &str {
        match self.supply(id) {
            SupplyRef::Intake(i) => &self.intakes[i].id,
            SupplyRef::Source(i) => &self.sources[i].id,
            SupplyRef::Treatment(i) => &self.treatments[i].id,
        }
    }

    /// The scenario id of a demand.
    pub fn demand_name(&self, id: DemandId) -> &str {
        match self.demand(id) {
            DemandRef::Sink(i) => &self.sinks[i].id,
            DemandRef::Treatment(i) => &self.treatments[i].id,
            DemandRef::Discharge(i) => &self.discharges[i].id,
        }
    }

    /// Fixed concentrations of a supply, mg/L per contaminant.
    pub fn supply_conc(&self, id: SupplyId) -> &[f64] {
        match self.supply(id) {
            SupplyRef::Intake(i) => &self.intakes[i].conc,
            SupplyRef::Source(i) => &self.sources[i].conc,
            SupplyRef::Treatment(i) => &self.treatments[i].outlet_conc,
        }
    }

    /// Location of a supply (its own, or its enterprise's), km.
    pub(crate) fn supply_location(&self, id: SupplyId) -> Option<[f64; 2]> {
        match self.supply(id) {
            SupplyRef::Intake(i) => self.intakes[i].location,
            SupplyRef::Source(i) => {
                let x = &self.sources[i];
                self.own_or_enterprise(x.location, x.enterprise)
            }
            SupplyRef::Treatment(i) => {
                let t = &self.treatments[i];
                self.own_or_enterprise(t.location, t.enterprise)
            }
        }
    }

    /// Location of a demand (its own, or its enterprise's), km.
    pub(crate) fn demand_location(&self, id: DemandId) -> Option<[f64; 2]> {
        match self.demand(id) {
            DemandRef::Sink(i) => {
                let x = &self.sinks[i];
                self.own_or_enterprise(x.location, x.enterprise)
            }
            DemandRef::Treatment(i) => {
                let t = &self.treatments[i];
                self.own_or_enterprise(t.location, t.enterprise)
            }
            DemandRef::Discharge(i) => self.discharges[i].location,
        }
    }

    /// A node's own location, else its enterprise's.
    fn own_or_enterprise(
        &self,
        own: Option<[f64; 2]>,
        enterprise: Option<usize>,
    ) -> Option<[f64; 2]> {
        own.or_else(|| enterprise.and_then(|e| self.enterprises[e].location))
    }
}
