//! The rows of the LP: one family per constraint of the model, each row with
//! a key that names it in park terms (for duals and infeasibility diagnoses).
//!
//! Rows are laid out family by family; per-entity lookup tables give the row
//! of (family, entity, contaminant) in O(1) with no hashing.

use crate::model::{ConstraintTerm, DemandId, DemandRef, Model, SupplyId, SupplyRef};
use serde::Serialize;
use wildmatch::WildMatch;

/// Marks an absent row in the lookup tables.
pub(crate) const NO_ROW: u32 = u32::MAX;

/// Marks a row that concerns no single contaminant.
pub(crate) const NO_CONTAMINANT: u16 = u16::MAX;

/// The constraint families, in the words of the model (MODEL.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowFamily {
    /// Inflow of a sink = its demand (or within its range).
    SinkFlow,
    /// sum f (C - Cmax) <= 0 at a sink.
    SinkQuality,
    /// Outflow of a source = its flow.
    SourceBalance,
    /// Outflow of an intake <= its permit.
    IntakeCap,
    /// Product outflow - recovery * inflow = 0.
    TreatmentBalance,
    /// Inflow <= capacity.
    TreatmentCapacity,
    /// Inlet quality of a treatment unit.
    TreatmentInletQuality,
    /// Contaminant mass removed by a unit >= 0.
    RejectMass,
    /// Mass into an outfall <= limit x flow into it.
    DischargeQuality,
    /// Mass into an outfall <= load cap (kg/h).
    DischargeLoad,
    /// (1 - rate) reused - rate fresh >= -(1 - rate) recirculation.
    MinReuseRate,
    /// Total intake <= cap.
    MaxIntake,
    /// Total discharge <= cap.
    MaxDischarge,
    /// A user constraint (`[[constraint]]` or a plugin's).
    Custom,
    /// An earlier objective of a lexicographic list held near its optimum.
    ObjectiveBound,
    /// A unit that does not remove a contaminant: inlet mass <= inflow x
    /// outlet concentration (`sum f (C - Cout) <= 0`).
    TreatmentPassThrough,
    /// Reused and regenerated water at most a share of a sink's inflow:
    /// `(1 - share) reused - share fresh <= 0`.
    SinkReuseShare,
}

impl RowFamily {
    /// The key used in the JSON `duals` object.
    pub fn name(self) -> &'static str {
        match self {
            RowFamily::SinkFlow => "sink_flow",
            RowFamily::SinkQuality => "sink_quality",
            RowFamily::SourceBalance => "source_balance",
            RowFamily::IntakeCap => "intake_cap",
            RowFamily::TreatmentBalance => "treatment_balance",
            RowFamily::TreatmentCapacity => "treatment_capacity",
            RowFamily::TreatmentInletQuality => "treatment_inlet_quality",
            RowFamily::RejectMass => "reject_mass",
            RowFamily::DischargeQuality => "discharge_quality",
            RowFamily::DischargeLoad => "discharge_load",
            RowFamily::MinReuseRate | RowFamily::MaxIntake | RowFamily::MaxDischarge => "policy",
            RowFamily::Custom => "constraint",
            RowFamily::ObjectiveBound => "objective_bound",
            RowFamily::TreatmentPassThrough => "treatment_pass_through",
            RowFamily::SinkReuseShare => "sink_reuse_share",
        }
    }
}

/// Names one row: family, entity index within its kind, contaminant index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RowKey {
    /// The family.
    pub family: RowFamily,
    /// Index of the sink, source, intake, treatment, discharge or objective.
    pub entity: u32,
    /// Contaminant index, or `NO_CONTAMINANT`.
    pub contaminant: u16,
}

impl RowKey {
    fn new(family: RowFamily, entity: usize, contaminant: Option<usize>) -> RowKey {
        RowKey {
            family,
            entity: entity as u32,
            contaminant: contaminant.map_or(NO_CONTAMINANT, |k| k as u16),
        }
    }

    /// The id of the entity the row belongs to (the policy name for policy rows).
    pub(crate) fn entity_name<'m>(&self, model: &'m Model) -> &'m str {
        let e = self.entity as usize;
        match self.family {
            RowFamily::SinkFlow | RowFamily::SinkQuality | RowFamily::SinkReuseShare => {
                &model.sinks[e].id
            }
            RowFamily::SourceBalance => &model.sources[e].id,
            RowFamily::IntakeCap => &model.intakes[e].id,
            RowFamily::TreatmentBalance
            | RowFamily::TreatmentCapacity
            | RowFamily::TreatmentInletQuality
            | RowFamily::RejectMass
            | RowFamily::TreatmentPassThrough => &model.treatments[e].id,
            RowFamily::DischargeQuality | RowFamily::DischargeLoad => &model.discharges[e].id,
            RowFamily::MinReuseRate => "min_reuse_rate",
            RowFamily::MaxIntake => "max_intake",
            RowFamily::MaxDischarge => "max_discharge",
            RowFamily::Custom => &model.constraints[e].label,
            RowFamily::ObjectiveBound => model.objectives[e].name(),
        }
    }

    /// The contaminant id, if the row concerns one.
    pub(crate) fn contaminant_name<'m>(&self, model: &'m Model) -> Option<&'m str> {
        (self.contaminant != NO_CONTAMINANT)
            .then(|| model.contaminants[self.contaminant as usize].as_str())
    }

    /// A sentence naming the row, e.g. "quality of sink E3.D1 for COD".
    pub fn label(&self, model: &Model) -> String {
        let id = self.entity_name(model);
        let c = self.contaminant_name(model).unwrap_or("");
        match self.family {
            RowFamily::SinkFlow => format!("demand of sink {id}"),
            RowFamily::SinkQuality => format!("quality of sink {id} for {c}"),
            RowFamily::SourceBalance => format!("all effluent of source {id} goes somewhere"),
            RowFamily::IntakeCap => format!("permit of intake {id}"),
            RowFamily::TreatmentBalance => format!("water balance of treatment {id}"),
            RowFamily::TreatmentCapacity => format!("capacity of treatment {id}"),
            RowFamily::TreatmentInletQuality => format!("inlet quality of treatment {id} for {c}"),
            RowFamily::RejectMass => format!("treatment {id} cannot add {c} (removed mass >= 0)"),
            RowFamily::DischargeQuality => format!("quality limit of discharge {id} for {c}"),
            RowFamily::DischargeLoad => format!("load cap of discharge {id} for {c}"),
            RowFamily::MinReuseRate => "park minimum reuse rate".to_string(),
            RowFamily::MaxIntake => "park cap on total intake".to_string(),
            RowFamily::MaxDischarge => "park cap on total discharge".to_string(),
            RowFamily::Custom => format!("constraint \"{id}\""),
            RowFamily::ObjectiveBound => format!("{id} held at its optimum"),
            RowFamily::TreatmentPassThrough => format!(
                "treatment {id} cannot remove {c}: its inlet {c} must not exceed its outlet {} mg/L",
                model.treatments[self.entity as usize].outlet_conc[self.contaminant as usize]
            ),
            RowFamily::SinkReuseShare => format!(
                "reused water at most {} of the inflow of sink {id}",
                model.streams.reuse_share(self.entity as usize).unwrap_or(1.0)
            ),
        }
    }
}

/// The rows of a model's LP: keys, bounds, scale factors and lookup tables.
#[derive(Debug, Clone, Default)]
pub struct RowIndex {
    /// Key of each row.
    pub keys: Vec<RowKey>,
    /// Lower bound of each row, unscaled.
    pub lower: Vec<f64>,
    /// Upper bound of each row, unscaled.
    pub upper: Vec<f64>,
    /// Power-of-two factor each row is multiplied by before it reaches the solver.
    pub factor: Vec<f64>,
    pub(crate) sink_flow: u32,
    pub(crate) sink_quality: Vec<u32>,
    pub(crate) source_balance: u32,
    pub(crate) intake_cap: Vec<u32>,
    pub(crate) treatment_balance: u32,
    pub(crate) treatment_capacity: Vec<u32>,
    pub(crate) inlet_quality: Vec<u32>,
    pub(crate) reject_mass: Vec<u32>,
    pub(crate) discharge_quality: Vec<u32>,
    pub(crate) discharge_load: Vec<u32>,
    pub(crate) min_reuse_rate: u32,
    pub(crate) max_intake: u32,
    pub(crate) max_discharge: u32,
    /// (treatment, contaminant) -> pass-through row of a contaminant the unit does not remove.
    pub(crate) pass_through: Vec<u32>,
    /// sink -> reuse-share row.
    pub(crate) reuse_share: Vec<u32>,
    /// Compiled terms of user constraints, grouped by row.
    pub(crate) custom_terms: Vec<CompiledTerm>,
}

impl RowIndex {
    /// Lays out every row of the model's LP.
    pub fn new(model: &Model) -> RowIndex {
        let nc = model.num_contaminants();
        let conc_factor = contaminant_factors(model);
        let mut r = RowIndex::default();
        let inf = f64::INFINITY;

        r.sink_flow = r.len();
        for (i, s) in model.sinks.iter().enumerate() {
            r.push(
                RowKey::new(RowFamily::SinkFlow, i, None),
                s.min_flow,
                s.max_flow,
                1.0,
            );
        }
        r.sink_quality = vec![NO_ROW; model.sinks.len() * nc];
        for (i, s) in model.sinks.iter().enumerate() {
            for (k, &limit) in s.max_conc.iter().enumerate() {
                if limit.is_finite() {
                    r.sink_quality[i * nc + k] = r.len();
                    r.push(
                        RowKey::new(RowFamily::SinkQuality, i, Some(k)),
                        -inf,
                        0.0,
                        limit_factor(limit, conc_factor[k]),
                    );
                }
            }
        }
        r.source_balance = r.len();
        for (i, s) in model.sources.iter().enumerate() {
            r.push(
                RowKey::new(RowFamily::SourceBalance, i, None),
                s.flow,
                s.flow,
                1.0,
            );
        }
        r.intake_cap = vec![NO_ROW; model.intakes.len()];
        for (i, x) in model.intakes.iter().enumerate() {
            if let Some(cap) = x.max_flow {
                r.intake_cap[i] = r.len();
                r.push(RowKey::new(RowFamily::IntakeCap, i, None), -inf, cap, 1.0);
            }
        }
        let nt = model.treatments.len();
        r.treatment_balance = r.len();
        for i in 0..nt {
            r.push(
                RowKey::new(RowFamily::TreatmentBalance, i, None),
                0.0,
                0.0,
                1.0,
            );
        }
        r.treatment_capacity = vec![NO_ROW; nt];
        r.inlet_quality = vec![NO_ROW; nt * nc];
        r.reject_mass = vec![NO_ROW; nt * nc];
        for (i, t) in model.treatments.iter().enumerate() {
            if let Some(cap) = t.max_flow {
                r.treatment_capacity[i] = r.len();
                r.push(
                    RowKey::new(RowFamily::TreatmentCapacity, i, None),
                    -inf,
                    cap,
                    1.0,
                );
            }
            for (k, &limit) in t.max_inlet_conc.iter().enumerate() {
                if limit.is_finite() {
                    r.inlet_quality[i * nc + k] = r.len();
                    r.push(
                        RowKey::new(RowFamily::TreatmentInletQuality, i, Some(k)),
                        -inf,
                        0.0,
                        limit_factor(limit, conc_factor[k]),
                    );
                }
            }
            for k in 0..nc {
                // A contaminant the unit does not remove passes through: no
                // removed mass, and the inlet may not exceed the outlet.
                if !model.streams.removes(i, k) {
                    continue;
                }
                r.reject_mass[i * nc + k] = r.len();
                r.push(
                    RowKey::new(RowFamily::RejectMass, i, Some(k)),
                    0.0,
                    inf,
                    conc_factor[k],
                );
            }
        }
        r.pass_through = vec![NO_ROW; nt * nc];
        for i in 0..nt {
            for k in (0..nc).filter(|&k| !model.streams.removes(i, k)) {
                r.pass_through[i * nc + k] = r.len();
                r.push(
                    RowKey::new(RowFamily::TreatmentPassThrough, i, Some(k)),
                    -inf,
                    0.0,
                    conc_factor[k],
                );
            }
        }
        r.reuse_share = vec![NO_ROW; model.sinks.len()];
        for i in 0..model.sinks.len() {
            if model.streams.reuse_share(i).is_some() {
                r.reuse_share[i] = r.len();
                r.push(
                    RowKey::new(RowFamily::SinkReuseShare, i, None),
                    -inf,
                    0.0,
                    1.0,
                );
            }
        }
        let nd = model.discharges.len();
        r.discharge_quality = vec![NO_ROW; nd * nc];
        r.discharge_load = vec![NO_ROW; nd * nc];
        for (i, d) in model.discharges.iter().enumerate() {
            for k in 0..nc {
                if d.max_conc[k].is_finite() {
                    r.discharge_quality[i * nc + k] = r.len();
                    r.push(
                        RowKey::new(RowFamily::DischargeQuality, i, Some(k)),
                        -inf,
                        0.0,
                        limit_factor(d.max_conc[k], conc_factor[k]),
                    );
                }
                if d.max_load[k].is_finite() {
                    r.discharge_load[i * nc + k] = r.len();
                    let factor = pow2_near(conc_factor[k] * 1e3);
                    r.push(
                        RowKey::new(RowFamily::DischargeLoad, i, Some(k)),
                        -inf,
                        d.max_load[k],
                        factor,
                    );
                }
            }
        }
        let p = &model.policy;
        r.min_reuse_rate = NO_ROW;
        if let Some(rate) = p.min_reuse_rate {
            r.min_reuse_rate = r.len();
            let rhs = -(1.0 - rate) * model.recirculation();
            r.push(RowKey::new(RowFamily::MinReuseRate, 0, None), rhs, inf, 1.0);
        }
        r.max_intake = NO_ROW;
        if let Some(cap) = p.max_intake {
            r.max_intake = r.len();
            r.push(RowKey::new(RowFamily::MaxIntake, 0, None), -inf, cap, 1.0);
        }
        r.max_discharge = NO_ROW;
        if let Some(cap) = p.max_discharge {
            r.max_discharge = r.len();
            r.push(
                RowKey::new(RowFamily::MaxDischarge, 0, None),
                -inf,
                cap,
                1.0,
            );
        }
        for (n, k) in model.constraints.iter().enumerate() {
            let row = r.len();
            r.push(
                RowKey::new(RowFamily::Custom, n, None),
                k.lower,
                k.upper,
                1.0,
            );
            r.custom_terms
                .extend(k.terms.iter().map(|t| CompiledTerm::new(model, row, t)));
        }
        r
    }

    /// Number of rows.
    pub fn len(&self) -> u32 {
        self.keys.len() as u32
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Appends a row (used for objective bounds and user constraints too).
    pub fn push(&mut self, key: RowKey, lower: f64, upper: f64, factor: f64) {
        self.keys.push(key);
        self.lower.push(lower);
        self.upper.push(upper);
        self.factor.push(factor);
    }

    /// Row bounds as the solver sees them (scaled).
    pub(crate) fn scaled_bounds(&self) -> (Vec<f64>, Vec<f64>) {
        let scale = |b: &[f64]| b.iter().zip(&self.factor).map(|(&x, &f)| x * f).collect();
        (scale(&self.lower), scale(&self.upper))
    }
}

/// A constraint term with its selectors resolved to per-node masks, so the
/// hot loops test an arc in O(1).
#[derive(Debug, Clone, Default)]
pub(crate) struct CompiledTerm {
    /// The constraint's row.
    pub row: u32,
    /// Supplies the term selects.
    pub supplies: Vec<bool>,
    /// Demands the term selects.
    pub demands: Vec<bool>,
    /// Weight per t/h, or per kg/h of `contaminant`.
    pub coef: f64,
    /// Contaminant whose mass is weighed.
    pub contaminant: Option<usize>,
}

impl CompiledTerm {
    fn new(model: &Model, row: u32, t: &ConstraintTerm) -> CompiledTerm {
        let matches = |pattern: &Option<String>, id: Option<&str>| match pattern {
            None => true,
            Some(p) => id.is_some_and(|id| WildMatch::new(p).matches(id)),
        };
        let enterprise = |e: Option<usize>| e.map(|e| model.enterprises[e].id.as_str());
        let from = WildMatch::new(&t.from);
        let to = WildMatch::new(&t.to);
        let supplies = (0..model.num_supplies() as u32)
            .map(SupplyId)
            .map(|u| {
                let (kind, owner) = match model.supply(u) {
                    SupplyRef::Intake(_) => ("intake", None),
                    SupplyRef::Source(i) => ("source", model.sources[i].enterprise),
                    SupplyRef::Treatment(i) => ("treatment", model.treatments[i].enterprise),
                };
                from.matches(model.supply_name(u))
                    && t.from_kind.as_deref().is_none_or(|k| k == kind)
                    && matches(&t.from_enterprise, enterprise(owner))
            })
            .collect();
        let demands = (0..model.num_demands() as u32)
            .map(DemandId)
            .map(|v| {
                let (kind, owner) = match model.demand(v) {
                    DemandRef::Sink(i) => ("sink", model.sinks[i].enterprise),
                    DemandRef::Treatment(i) => ("treatment", model.treatments[i].enterprise),
                    DemandRef::Discharge(_) => ("discharge", None),
                };
                to.matches(model.demand_name(v))
                    && t.to_kind.as_deref().is_none_or(|k| k == kind)
                    && matches(&t.to_enterprise, enterprise(owner))
            })
            .collect();
        CompiledTerm {
            row,
            supplies,
            demands,
            coef: t.coef,
            contaminant: t.contaminant,
        }
    }

    /// The term's coefficient on arc u -> v (0 when it does not select it).
    #[inline]
    pub(crate) fn coefficient(&self, u: SupplyId, v: DemandId, conc: &[f64]) -> f64 {
        if !(self.supplies[u.0 as usize] && self.demands[v.0 as usize]) {
            return 0.0;
        }
        match self.contaminant {
            Some(k) => self.coef * 1e-3 * conc[k],
            None => self.coef,
        }
    }
}

/// Per contaminant, a power of two near 1 / (largest supply concentration),
/// so quality rows have coefficients of order one whatever the unit (mg/L of
/// TDS run to 1e5). Powers of two scale without rounding error.
fn contaminant_factors(model: &Model) -> Vec<f64> {
    (0..model.num_contaminants())
        .map(|k| {
            let largest = model
                .intakes
                .iter()
                .map(|x| x.conc[k])
                .chain(model.sources.iter().map(|x| x.conc[k]))
                .chain(model.treatments.iter().map(|x| x.outlet_conc[k]))
                .chain(
                    model
                        .sinks
                        .iter()
                        .map(|x| x.max_conc[k])
                        .filter(|c| c.is_finite()),
                )
                .fold(1.0_f64, f64::max);
            pow2_near(1.0 / largest)
        })
        .collect()
}

/// The factor of a quality row `sum f (c - limit) <= 0`: a power of two
/// near 1 / limit, so a feed a little above the limit weighs what the
/// verifier measures (the excess relative to the limit), never less than
/// the contaminant's own factor. Scaled by the contaminant's largest
/// concentration alone, a 1 mg/L excess over a 129 mg/L limit beside a 1e9
/// mg/L intake weighed 9e-10: below HiGHS's smallest matrix entry (1e-9),
/// dropped, and the demand was called met (found by the fuzz run). A zero
/// limit keeps the contaminant's factor.
fn limit_factor(limit: f64, contaminant: f64) -> f64 {
    if limit > 0.0 {
        pow2_near(1.0 / limit).max(contaminant)
    } else {
        contaminant
    }
}

fn pow2_near(x: f64) -> f64 {
    2f64.powi(x.log2().round().clamp(-60.0, 60.0) as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pow2_is_exact_power() {
        assert_eq!(pow2_near(1.0 / 1000.0), 1.0 / 1024.0);
        assert_eq!(pow2_near(1.0), 1.0);
    }
}
