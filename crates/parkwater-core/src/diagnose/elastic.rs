//! The elastic LP: the park's LP with a penalized slack on every
//! requirement, and the feasibility tests the conflict filters run.
//!
//! A slack relaxes one side of one row, in the row's own unit: t/h for
//! demands, permits, capacities and park caps; mg/L x t/h (mass) for quality
//! limits; kg/h for load caps. Its weight makes the units comparable, in
//! "t/h of water" (Cref is the largest concentration of the contaminant in
//! the park, as a power of two; the floor keeps a zero limit finite):
//!
//! | slack | weight per unit |
//! | --- | --- |
//! | permit, capacity, park cap, reuse row, sink taking more than its demand | 1 per t/h |
//! | demand shortfall (a unit that cannot run) | 10 per t/h |
//! | quality excess (sink, treatment inlet, discharge) with limit L | 1 / max(L, Cref / 100): the mass carried by 1 t/h of water at the limit weighs 1 |
//! | load cap excess | 1000 / Cref per kg/h: the load of 1 t/h of the park's dirtiest water weighs 1 |
//! | effluent with nowhere to go | 1000 per t/h (last resort) |
//!
//! So a strict limit is dear to relax and a loose one cheap, and a permit
//! is always tried before a demand is cut. Treatment balances and "a unit
//! cannot add contaminant" are physics, not requirements: they are never
//! relaxed. With every requirement elastic the LP is always feasible (no
//! flow at all meets every physical row).

use crate::formulate::{formulate, LinearProgram, RowFamily, RowKey};
use crate::model::{Model, Objective};
use crate::network::Network;
use crate::solve::{flow_scale, solve_column_lp, ColumnLp, SolveError, SolveOptions, Status};

/// Which side of a row a slack relaxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// The row's lower bound comes down (less demand, lower reuse target).
    Lower,
    /// The row's upper bound goes up (higher limit, cap or permit).
    Upper,
}

/// Weight of a slack on a row of `family` per unit of the row's unscaled
/// right-hand side, or `None` when the row is physics and never relaxed.
/// `limit` is the row's concentration limit (quality rows) and `cref` the
/// contaminant's reference concentration (quality and load rows).
pub fn weight(family: RowFamily, side: Side, limit: f64, cref: f64) -> Option<f64> {
    use RowFamily as F;
    match (family, side) {
        (F::SinkFlow, Side::Lower) => Some(10.0),
        (F::SinkFlow, Side::Upper) => Some(1.0),
        (F::SourceBalance, _) => Some(1000.0),
        (F::TreatmentBalance | F::RejectMass | F::ObjectiveBound, _) => None,
        (F::SinkQuality | F::TreatmentInletQuality | F::DischargeQuality, _) => {
            Some(1.0 / limit.max(cref / 100.0))
        }
        (F::DischargeLoad, _) => Some(1000.0 / cref),
        _ => Some(1.0),
    }
}

/// Whether any side of a row of this family is a requirement.
pub fn relaxable(family: RowFamily) -> bool {
    weight(family, Side::Lower, 1.0, 1.0).is_some()
}

/// The concentration limit of a quality row (infinity for other rows).
fn row_limit(model: &Model, key: &RowKey) -> f64 {
    let (e, k) = (key.entity as usize, key.contaminant as usize);
    match key.family {
        RowFamily::SinkQuality => model.sinks[e].max_conc[k],
        RowFamily::TreatmentInletQuality => model.treatments[e].max_inlet_conc[k],
        RowFamily::DischargeQuality => model.discharges[e].max_conc[k],
        _ => f64::INFINITY,
    }
}

/// The park's LP, objective dropped, ready for auxiliary solves.
#[derive(Debug)]
pub struct Probe<'m> {
    pub(super) model: &'m Model,
    pub(super) network: Network,
    pub(super) lp: LinearProgram,
    scale: f64,
    /// Reference concentration per contaminant (largest in the park, a power of two).
    cref: Vec<f64>,
    options: SolveOptions,
    /// LP solves made so far.
    pub(super) solves: usize,
}

/// The outcome of an elastic solve.
#[derive(Debug, Clone)]
pub struct Elastic {
    /// Arc flows, t/h.
    pub flows: Vec<f64>,
    /// (row, side, amount in the row's unscaled unit) of every positive slack.
    pub slacks: Vec<(usize, Side, f64)>,
}

impl<'m> Probe<'m> {
    /// Builds the LP of `network` (every allowed arc of the model).
    pub fn new(model: &'m Model, network: Network, options: &SolveOptions) -> Probe<'m> {
        let lp = formulate(model, &network, Objective::Freshwater);
        let scale = flow_scale(&lp.rows);
        let cref = reference_concentrations(model);
        Probe {
            model,
            network,
            lp,
            scale,
            cref,
            options: options.clone(),
            solves: 0,
        }
    }

    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.lp.rows.keys.len()
    }

    /// The LP with only the `active` rows (the others free), zero costs,
    /// plus `extra` slack columns (row, coefficient in scaled row units, cost).
    fn column_lp(&self, active: &dyn Fn(usize) -> bool, extra: &[(usize, f64, f64)]) -> ColumnLp {
        let rows = &self.lp.rows;
        let (lower, upper) = rows.scaled_bounds();
        let m = rows.keys.len();
        let (row_lower, row_upper) = (0..m)
            .map(|r| {
                if active(r) {
                    (lower[r] / self.scale, upper[r] / self.scale)
                } else {
                    (f64::NEG_INFINITY, f64::INFINITY)
                }
            })
            .unzip();
        let n = self.lp.num_cols();
        let mut lp = ColumnLp {
            col_cost: vec![0.0; n],
            col_lower: vec![0.0; n],
            col_upper: vec![f64::INFINITY; n],
            row_lower,
            row_upper,
            a_start: self.lp.a_start.clone(),
            a_index: self.lp.a_index.clone(),
            a_value: self.lp.a_value.clone(),
        };
        for &(row, coef, cost) in extra {
            lp.col_cost.push(cost);
            lp.col_lower.push(0.0);
            lp.col_upper.push(f64::INFINITY);
            lp.a_index.push(row as u32);
            lp.a_value.push(coef);
            lp.a_start.push(lp.a_index.len());
        }
        lp
    }

    /// Whether the rows in `active` can all hold; `None` when the solver
    /// could not tell (time limit, failure).
    pub fn feasible(&mut self, active: &dyn Fn(usize) -> bool) -> Result<Option<bool>, SolveError> {
        self.solves += 1;
        let lp = self.column_lp(active, &[]);
        Ok(match solve_column_lp(&lp, &self.options)?.status {
            Status::Optimal => Some(true),
            Status::Infeasible => Some(false),
            _ => None,
        })
    }

    /// Whether the model with one more arc u -> v is feasible (every row active).
    pub fn feasible_with_arc(
        &mut self,
        u: crate::model::SupplyId,
        v: crate::model::DemandId,
    ) -> Result<Option<bool>, SolveError> {
        let mut network = self.network.clone();
        network.from.push(u);
        network.to.push(v);
        let mut probe = Probe::new(self.model, network, &self.options);
        let result = probe.feasible(&|_| true);
        self.solves += probe.solves;
        result
    }

    /// Solves the elastic LP: rows with `soft(row)` get weighted slacks on
    /// their finite, relaxable sides; the other rows hold exactly. `None`
    /// when even that is infeasible (or the solver could not tell).
    pub fn elastic(&mut self, soft: &dyn Fn(usize) -> bool) -> Result<Option<Elastic>, SolveError> {
        self.solves += 1;
        let rows = &self.lp.rows;
        let mut extra = Vec::new();
        let mut meaning = Vec::new();
        for r in 0..rows.keys.len() {
            if !soft(r) {
                continue;
            }
            let key = rows.keys[r];
            let factor = rows.factor[r];
            let limit = row_limit(self.model, &key);
            let cref = self
                .cref
                .get(key.contaminant as usize)
                .copied()
                .unwrap_or(1.0);
            for (side, finite, sign) in [
                (Side::Lower, rows.lower[r].is_finite(), 1.0),
                (Side::Upper, rows.upper[r].is_finite(), -1.0),
            ] {
                if let (true, Some(w)) = (finite, weight(key.family, side, limit, cref)) {
                    // The slack is in scaled row units (coefficient +-1: a row
                    // factor of 2^-30 as coefficient would fall below HiGHS's
                    // smallest matrix entry, 1e-9, and be dropped); one scaled
                    // unit is 1 / factor unscaled units, so it costs w / factor.
                    extra.push((r, sign, w / factor));
                    meaning.push((r, side));
                }
            }
        }
        let lp = self.column_lp(&|r| r < rows.keys.len(), &extra);
        let out = solve_column_lp(&lp, &self.options)?;
        if out.status != Status::Optimal {
            return Ok(None);
        }
        let n = self.lp.num_cols();
        let flows = out.col_value[..n]
            .iter()
            .map(|&f| if f > 1e-9 { f * self.scale } else { 0.0 })
            .collect();
        let slacks = meaning
            .iter()
            .zip(&out.col_value[n..])
            .filter_map(|(&(r, side), &s)| {
                let bound = match side {
                    Side::Lower => rows.lower[r],
                    Side::Upper => rows.upper[r],
                };
                // Compared in the scaled row, as the solver sees it: below its
                // tolerance (relative to the bound) a slack is noise.
                let factor = rows.factor[r];
                let noise = 1e-7 * (bound.abs() * factor / self.scale).max(1.0);
                (s > noise).then_some((r, side, s / factor * self.scale))
            })
            .collect();
        Ok(Some(Elastic { flows, slacks }))
    }
}

/// Per contaminant, the power of two at or above the largest concentration
/// of any supply or sink limit in the park (at least 1 mg/L).
fn reference_concentrations(model: &Model) -> Vec<f64> {
    (0..model.num_contaminants())
        .map(|k| {
            let largest = (0..model.num_supplies() as u32)
                .map(|u| model.supply_conc(crate::model::SupplyId(u))[k])
                .chain(model.sinks.iter().map(|s| s.max_conc[k]))
                .filter(|c| c.is_finite())
                .fold(1.0_f64, f64::max);
            2f64.powi(largest.log2().ceil().min(1000.0) as i32)
        })
        .collect()
}
