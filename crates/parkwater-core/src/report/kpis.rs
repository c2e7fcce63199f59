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
    /// reused / (reused + freshwater): the reuse rate without declared
    /// recirculation (water exchanged between units and enterprises only).
    pub reuse_rate_excluding_recirculation: f64,
    /// Effluent put back to use (directly or after treatment) / effluent
    /// generated (all sources); none without sources.
    pub wastewater_reuse_rate: Option<f64>,
    /// New water (intake) split into conventional and non-conventional sources.
    pub new_water: NewWater,
    /// New water per intake kind.
    pub new_water_by_kind: BTreeMap<String, f64>,
    /// Declared cooling circulation / (circulation + make-up of those towers)
    /// (GB/T 7119 indirect cooling water circulation rate); none when no sink
    /// declares `circulation`.
    pub indirect_cooling_circulation_rate: Option<f64>,
    /// Condensate put back to use (to sinks or treatment) / condensate
    /// generated (sources of class `condensate`); none without such sources.
    pub condensate_recovery_rate: Option<f64>,
    /// intake = discharge + consumption + unaccounted.
    pub water_balance: WaterBalance,
    /// The park's reuse-rate target and which definition it is checked with
    /// (none without `[policy] min_reuse_rate`).
    pub reuse_target: Option<ReuseTarget>,
    /// Network design: pipes built, capital and annualized capital.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub design: Option<crate::design::DesignKpis>,
}

/// New water by origin, in the flow unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NewWater {
    /// Surface, ground and tap water.
    pub conventional: f64,
    /// Reclaimed, sea and rain water (the plan's non-conventional water).
    pub non_conventional: f64,
}

/// The park's water balance, in the flow unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WaterBalance {
    /// Total intake.
    pub intake: f64,
    /// Total discharge, rejects and ZLD feed included.
    pub discharge: f64,
    /// Declared consumption of the sinks (evaporation, drift, product water).
    pub consumed: f64,
    /// intake - discharge - consumed: water nobody declared (losses,
    /// generation when negative).
    pub unaccounted: f64,
    /// 1 - |unaccounted| / intake (1 when the balance closes exactly).
    pub closure: f64,
    /// Whether any sink declares its consumption.
    pub declared: bool,
}

/// The reuse-rate target check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReuseTarget {
    /// The target, a fraction.
    pub target: f64,
    /// The rate it is checked against: the declared rate, `reuse_rate`
    /// (`KPI_DEFINITIONS` says so in words).
    pub rate: f64,
    /// Whether it is met.
    pub met: bool,
}

/// How the reuse target is checked (the LP row and the verification).
pub(crate) const REUSE_TARGET_DEFINITION: &str = "declared: (reused + declared recirculation) / (reused + declared recirculation + intake), the plan's repeated-use statistic (GB/T 7119)";

/// What each rate means, by KPI name (the report's `kpi_definitions`).
pub(crate) const KPI_DEFINITIONS: [(&str, &str); 8] = [
    ("reuse_rate", "declared: (reused + declared recirculation) / (reused + declared recirculation + intake); GB/T 7119 repeated-use rate R = Vr / (Vr + Vf), Vr counting cooling recirculation as declared"),
    ("reuse_rate_excluding_recirculation", "reused / (reused + intake): only water exchanged between units and enterprises"),
    ("wastewater_reuse_rate", "(effluent to sinks + treatment product to sinks) / effluent generated (all sources)"),
    ("new_water", "intake split by kind: conventional = surface, ground, tap; non-conventional = reclaimed, seawater, rainwater"),
    ("indirect_cooling_circulation_rate", "GB/T 7119 r_c = V_cr / (V_cr + V_cf): declared circulation of make-up sinks / (circulation + their make-up)"),
    ("condensate_recovery_rate", "condensate (sources of class condensate) sent to sinks or treatment / condensate generated"),
    ("water_balance", "intake = discharge (ZLD feed included) + declared consumption + unaccounted; closure = 1 - |unaccounted| / intake"),
    ("reuse_target", REUSE_TARGET_DEFINITION),
];

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
    pub(crate) fn new(model: &Model, network: &Network, flows: &[f64], b: &Balances) -> Kpis {
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
            ..Default::default()
        }
        .with_water_kpis(model, network, flows, b)
    }

    /// The KPIs of issue 13: rates with and without recirculation, new
    /// water by origin, cooling circulation, condensate recovery, balance.
    fn with_water_kpis(
        mut self,
        model: &Model,
        network: &Network,
        flows: &[f64],
        b: &Balances,
    ) -> Kpis {
        use crate::model::IntakeKind as K;
        let out = |x: f64| model.flow_unit.from_internal(x);
        let fresh = b.freshwater();
        let ratio = |num: f64, den: f64| (den > 0.0).then(|| num / den);
        self.reuse_rate_excluding_recirculation = ratio(b.reused, b.reused + fresh).unwrap_or(0.0);
        let generated: f64 = model.sources.iter().map(|s| s.flow).sum();
        self.wastewater_reuse_rate = ratio(b.reused, generated);

        for (x, &f) in model.intakes.iter().zip(&b.intake_out) {
            *self
                .new_water_by_kind
                .entry(x.kind.name().to_string())
                .or_default() += out(f);
            match x.kind {
                K::Surface | K::Ground | K::Tap => self.new_water.conventional += out(f),
                K::Reclaimed | K::Seawater | K::Rainwater => {
                    self.new_water.non_conventional += out(f)
                }
            }
        }

        let r = &model.streams;
        let (mut circ, mut makeup) = (0.0, 0.0);
        for (k, &c) in r.circulation.iter().enumerate() {
            if c > 0.0 {
                circ += c;
                makeup += b.sink_in[k];
            }
        }
        self.indirect_cooling_circulation_rate = ratio(circ, circ + makeup);

        let condensate = r.classes.iter().position(|c| c == "condensate");
        let is_condensate = |i: usize| {
            condensate.is_some_and(|c| r.source_class.get(i).copied().flatten() == Some(c as u16))
        };
        let made: f64 = (0..model.sources.len())
            .filter(|&i| is_condensate(i))
            .map(|i| model.sources[i].flow)
            .sum();
        let mut recovered = 0.0;
        for (a, &f) in flows.iter().enumerate() {
            let (u, v) = network.arc(a);
            if let (SupplyRef::Source(i), false) = (
                model.supply(u),
                matches!(model.demand(v), DemandRef::Discharge(_)),
            ) {
                if f > 0.0 && is_condensate(i) {
                    recovered += f;
                }
            }
        }
        self.condensate_recovery_rate = ratio(recovered, made);

        let consumed: f64 = (0..model.sinks.len())
            .map(|k| r.consumed_at(k, b.sink_in[k]))
            .sum();
        let unaccounted = fresh - b.discharge() - consumed;
        self.water_balance = WaterBalance {
            intake: out(fresh),
            discharge: out(b.discharge()),
            consumed: out(consumed),
            unaccounted: out(unaccounted),
            closure: if fresh > 0.0 {
                1.0 - unaccounted.abs() / fresh
            } else {
                1.0
            },
            declared: r
                .consumed
                .iter()
                .any(|c| *c != crate::model::Consumption::None),
        };
        self.reuse_target = model.policy.min_reuse_rate.map(|target| ReuseTarget {
            target,
            rate: self.reuse_rate,
            met: self.reuse_rate >= target - 1e-9,
        });
        self
    }
}
