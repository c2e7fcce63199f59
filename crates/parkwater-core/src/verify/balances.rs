//! Flows, masses and rejects per node, recomputed from arc flows alone.

use crate::model::{DemandRef, Model, SupplyRef};
use crate::network::Network;

/// Per-node totals of a flow assignment (t/h, and t/h x mg/L for mass).
#[derive(Debug, Clone)]
pub(crate) struct Balances {
    /// Outflow per intake.
    pub(crate) intake_out: Vec<f64>,
    /// Outflow per source.
    pub(crate) source_out: Vec<f64>,
    /// Product outflow per treatment.
    pub(crate) treatment_out: Vec<f64>,
    /// Inflow per sink.
    pub(crate) sink_in: Vec<f64>,
    /// Inflow per treatment.
    pub(crate) treatment_in: Vec<f64>,
    /// Inflow per discharge, rejects included.
    pub(crate) discharge_in: Vec<f64>,
    /// Reject flow per treatment (0 without a reject).
    pub(crate) reject: Vec<f64>,
    /// Mass into each sink, (sink, contaminant) row-major.
    pub(crate) sink_mass: Vec<f64>,
    /// Mass into each treatment.
    pub(crate) treatment_mass: Vec<f64>,
    /// Mass into each discharge, rejects included.
    pub(crate) discharge_mass: Vec<f64>,
    /// Flow into sinks from sources or treatments (reused water).
    pub(crate) reused: f64,
    /// Flow into sinks from treatments (regenerated water put to use).
    pub(crate) regenerated: f64,
}

impl Balances {
    /// Totals of `flows` (one per arc of `network`, t/h).
    pub(crate) fn new(model: &Model, network: &Network, flows: &[f64]) -> Balances {
        let nc = model.num_contaminants();
        let mut b = Balances {
            intake_out: vec![0.0; model.intakes.len()],
            source_out: vec![0.0; model.sources.len()],
            treatment_out: vec![0.0; model.treatments.len()],
            sink_in: vec![0.0; model.sinks.len()],
            treatment_in: vec![0.0; model.treatments.len()],
            discharge_in: vec![0.0; model.discharges.len()],
            reject: vec![0.0; model.treatments.len()],
            sink_mass: vec![0.0; model.sinks.len() * nc],
            treatment_mass: vec![0.0; model.treatments.len() * nc],
            discharge_mass: vec![0.0; model.discharges.len() * nc],
            reused: 0.0,
            regenerated: 0.0,
        };
        for (a, &f) in flows.iter().enumerate() {
            if f == 0.0 {
                continue;
            }
            let (u, v) = network.arc(a);
            let conc = model.supply_conc(u);
            let supply = model.supply(u);
            match supply {
                SupplyRef::Intake(i) => b.intake_out[i] += f,
                SupplyRef::Source(i) => b.source_out[i] += f,
                SupplyRef::Treatment(i) => b.treatment_out[i] += f,
            }
            let (inflow, mass) = match model.demand(v) {
                DemandRef::Sink(i) => {
                    match supply {
                        SupplyRef::Intake(_) => {}
                        SupplyRef::Source(_) => b.reused += f,
                        SupplyRef::Treatment(_) => {
                            b.reused += f;
                            b.regenerated += f;
                        }
                    }
                    (&mut b.sink_in[i], &mut b.sink_mass[i * nc..(i + 1) * nc])
                }
                DemandRef::Treatment(i) => (
                    &mut b.treatment_in[i],
                    &mut b.treatment_mass[i * nc..(i + 1) * nc],
                ),
                DemandRef::Discharge(i) => (
                    &mut b.discharge_in[i],
                    &mut b.discharge_mass[i * nc..(i + 1) * nc],
                ),
            };
            *inflow += f;
            for (m, &c) in mass.iter_mut().zip(conc) {
                *m += f * c;
            }
        }
        for (t, unit) in model.treatments.iter().enumerate() {
            let Some(d) = unit.reject_to else { continue };
            let inflow = b.treatment_in[t];
            b.reject[t] = (1.0 - unit.recovery) * inflow;
            b.discharge_in[d] += b.reject[t];
            for k in 0..nc {
                let mass = b.treatment_mass[t * nc + k];
                // A contaminant the unit does not remove leaves in the reject at the inlet's
                // concentration; a removed one with all mass the product does not carry.
                let removed = if model.streams.removes(t, k) {
                    mass - unit.recovery * inflow * unit.outlet_conc[k]
                } else {
                    (1.0 - unit.recovery) * mass
                };
                b.discharge_mass[d * nc + k] += removed;
            }
        }
        b
    }

    /// Total fresh intake, t/h.
    pub(crate) fn freshwater(&self) -> f64 {
        self.intake_out.iter().sum()
    }

    /// Total discharge, rejects included, t/h.
    pub(crate) fn discharge(&self) -> f64 {
        self.discharge_in.iter().sum()
    }
}
