//! Key figures of a solution, in the scenario's flow unit, as the city plan
//! counts them (reuse rate = repeated use / (repeated use + fresh intake)).

use crate::model::{DemandRef, Model, SupplyRef};
use crate::network::Network;
use crate::verify::Balances;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the park stands after the optimization.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kpis {
    /// Total intake.
    pub freshwater: f64,
    /// Total flow into all discharges, rejects included.
    pub discharge: f64,
    /// Water reaching a sink from a source or a treatment unit.
    pub reused: f64,
    /// Water reaching a sink from a treatment unit.
    pub regenerated: f64,
    /// (reused + recirculation) / (reused + recirculation + freshwater).
    pub reuse_rate: f64,
    /// Annual cost, CNY.
    pub cost_per_year: f64,
    /// Declared internal recirculation.
    pub recirculation: f64,
    /// Total inflow to treatment units.
    pub treated: f64,
    /// regenerated / treated, the plan's reclaimed-water use rate (none without treatment).
    pub reclaimed_use_rate: Option<f64>,
    /// Intake per intake id.
    pub freshwater_by_intake: BTreeMap<String, f64>,
    /// Intake per enterprise receiving it (`(park)` for units without one).
    pub freshwater_by_enterprise: BTreeMap<String, f64>,
    /// Inflow per outfall, rejects included.
    pub discharge_by_outfall: BTreeMap<String, f64>,
    /// Pollutant load discharged per contaminant, kg/h.
    pub discharged_load_kg_h: BTreeMap<String, f64>,
    /// Pollutant load discharged per contaminant, t/yr.
    pub discharged_load_t_yr: BTreeMap<String, f64>,
    /// Annual cost by item, CNY.
    pub cost: CostBreakdown,
    /// Network design: pipes built, capital and annualized capital.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub design: Option<crate::design::DesignKpis>,
}

/// Annual cost by item, CNY/yr.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CostBreakdown {
    /// Intake prices.
    pub intake: f64,
    /// Treatment opex.
    pub treatment: f64,
    /// Discharge fees (rejects included).
    pub discharge: f64,
    /// Piping.
    pub piping: f64,
    /// Sum of the above.
    pub total: f64,
}

const PARK: &str = "(park)";

impl Kpis {
    /// Computes the KPIs of `flows` (t/h per arc).
    pub fn new(model: &Model, network: &Network, flows: &[f64], b: &Balances) -> Kpis {
        let unit = model.flow_unit;
        let out = |x: f64| unit.from_internal(x);
        let hours = model.hours_per_year;
        let nc = model.num_contaminants();

        let mut by_enterprise: BTreeMap<String, f64> = BTreeMap::new();
        let mut piping = 0.0;
        for (a, &f) in flows.iter().enumerate() {
            if f == 0.0 {
                continue;
            }
            let (u, v) = network.arc(a);
            if model.pipe_cost > 0.0 {
                piping += f * model.pipe_cost * network.length(model, a);
            }
            if let SupplyRef::Intake(_) = model.supply(u) {
                let owner = match model.demand(v) {
                    DemandRef::Sink(k) => model.sinks[k].enterprise,
                    DemandRef::Treatment(t) => model.treatments[t].enterprise,
                    DemandRef::Discharge(_) => None,
                };
                let name = owner.map_or(PARK, |e| model.enterprises[e].id.as_str());
                *by_enterprise.entry(name.to_string()).or_default() += out(f);
            }
        }
        let intake_cost: f64 = model
            .intakes
            .iter()
            .zip(&b.intake_out)
            .map(|(x, f)| x.price * f)
            .sum();
        let treatment_cost: f64 = model
            .treatments
            .iter()
            .zip(&b.treatment_in)
            .map(|(t, f)| t.opex * f)
            .sum();
        let discharge_cost: f64 = model
            .discharges
            .iter()
            .zip(&b.discharge_in)
            .map(|(d, f)| d.fee * f)
            .sum();
        let cost = CostBreakdown {
            intake: intake_cost * hours,
            treatment: treatment_cost * hours,
            discharge: discharge_cost * hours,
            piping: piping * hours,
            total: (intake_cost + treatment_cost + discharge_cost + piping) * hours,
        };

        let freshwater = b.freshwater();
        let repeated = b.reused + model.recirculation();
        let treated: f64 = b.treatment_in.iter().sum();
        let mut load_kg_h = BTreeMap::new();
        let mut load_t_yr = BTreeMap::new();
        for (k, name) in model.contaminants.iter().enumerate() {
            let kg_h = 1e-3
                * (0..model.discharges.len())
                    .map(|d| b.discharge_mass[d * nc + k])
                    .sum::<f64>();
            load_kg_h.insert(name.clone(), kg_h);
            load_t_yr.insert(name.clone(), kg_h * hours * 1e-3);
        }
        Kpis {
            freshwater: out(freshwater),
            discharge: out(b.discharge()),
            reused: out(b.reused),
            regenerated: out(b.regenerated),
            reuse_rate: if repeated + freshwater > 0.0 {
                repeated / (repeated + freshwater)
            } else {
                0.0
            },
            cost_per_year: cost.total,
            recirculation: out(model.recirculation()),
            treated: out(treated),
            reclaimed_use_rate: (treated > 0.0).then(|| b.regenerated / treated),
            freshwater_by_intake: model
                .intakes
                .iter()
                .zip(&b.intake_out)
                .map(|(x, &f)| (x.id.clone(), out(f)))
                .collect(),
            freshwater_by_enterprise: by_enterprise,
            discharge_by_outfall: model
                .discharges
                .iter()
                .zip(&b.discharge_in)
                .map(|(d, &f)| (d.id.clone(), out(f)))
                .collect(),
            discharged_load_kg_h: load_kg_h,
            discharged_load_t_yr: load_t_yr,
            cost,
            design: None,
        }
    }
}
