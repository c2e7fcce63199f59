//! Reduced costs of all candidate arcs at once, from row duals, without the
//! matrix.
//!
//! Every coefficient of arc u -> v is affine in the supply's concentrations,
//! so the reduced cost splits into a supply term, a demand term, and a dot
//! product of C[u, :] with per-demand weights:
//!
//! rc(u, v) = s(u) + d(v) + (fresh(u) ? d_fresh(v) : d_reused(v))
//!          + sum_k C[u, k] w(v, k) + pipe x km(u, v)
//!          - sum over user-constraint terms selecting u -> v of y x coefficient
//!
//! That is a dense (supplies x contaminants) x (contaminants x demands)
//! product: milliseconds per round even at millions of arcs. `Pricer` (the
//! column-by-column definition) checks it in tests.

use crate::formulate::{arc_cost, demand_cost, supply_cost, RowIndex, NO_ROW};
use crate::model::{DemandId, DemandRef, Model, Objective, SupplyId, SupplyRef};

/// The decomposed reduced-cost function for one set of duals.
#[derive(Debug, Clone)]
pub struct ArcPrices {
    nc: usize,
    /// Supply term.
    supply: Vec<f64>,
    /// Whether the supply is an intake.
    fresh: Vec<bool>,
    /// Supply concentrations (supply, contaminant).
    conc: Vec<f64>,
    supply_loc: Vec<Option<[f64; 2]>>,
    /// Demand term.
    demand: Vec<f64>,
    demand_fresh: Vec<f64>,
    demand_reused: Vec<f64>,
    /// Weights (demand, contaminant).
    weight: Vec<f64>,
    demand_loc: Vec<Option<[f64; 2]>>,
    /// Effective piping cost per t/h per km.
    pipe: f64,
    /// Terms of user constraints whose row has a non-zero dual.
    custom: Vec<CustomTerm>,
}

/// One term of a user constraint (see `formulate::ColumnWriter`) with its row's dual.
#[derive(Debug, Clone)]
struct CustomTerm {
    supplies: Vec<bool>,
    demands: Vec<bool>,
    coef: f64,
    contaminant: Option<usize>,
    dual: f64,
}

/// Objective weights: the last objective's costs minus the bound rows' duals
/// times the earlier objectives' costs.
#[derive(Debug, Clone)]
pub struct ObjectiveWeights(pub Vec<(Objective, f64)>);

impl ObjectiveWeights {
    /// Minimizing `objective` alone.
    pub fn single(objective: Objective) -> Self {
        ObjectiveWeights(vec![(objective, 1.0)])
    }

    /// Nothing to minimize (phase one of a restricted master: arcs cost 0).
    pub fn none() -> Self {
        ObjectiveWeights(Vec::new())
    }

    /// These weights under bound rows with duals `bounds` (objective units):
    /// bound row i holds objective i of the list and adds -y_i x its costs.
    pub(crate) fn holding(mut self, model: &Model, bounds: &[f64]) -> Self {
        (self.0).extend(model.objectives.iter().zip(bounds).map(|(&o, &b)| (o, -b)));
        self
    }

    /// |cost| of u -> v under these weights (pipes aside): the scale its
    /// reduced cost is compared at.
    pub(crate) fn cost_scale(&self, model: &Model, u: SupplyId, v: DemandId) -> f64 {
        self.0
            .iter()
            .map(|&(o, w)| (w * arc_cost(model, o, u, v, 0.0)).abs())
            .sum()
    }

    fn supply(&self, model: &Model, u: SupplyId) -> f64 {
        self.0
            .iter()
            .map(|&(o, w)| w * supply_cost(model, o, u))
            .sum()
    }

    fn demand(&self, model: &Model, v: DemandId) -> f64 {
        self.0
            .iter()
            .map(|&(o, w)| w * demand_cost(model, o, v))
            .sum()
    }
}

impl ArcPrices {
    /// Prepares the reduced-cost function for unscaled row duals `y` of `rows`.
    pub fn new(model: &Model, rows: &RowIndex, y: &[f64], weights: &ObjectiveWeights) -> ArcPrices {
        let nc = model.num_contaminants();
        let dual = |row: u32| if row == NO_ROW { 0.0 } else { y[row as usize] };
        let ns = model.num_supplies();
        let nd = model.num_demands();
        let mut p = ArcPrices {
            nc,
            supply: Vec::with_capacity(ns),
            fresh: Vec::with_capacity(ns),
            conc: Vec::with_capacity(ns * nc),
            supply_loc: Vec::with_capacity(ns),
            demand: vec![0.0; nd],
            demand_fresh: vec![0.0; nd],
            demand_reused: vec![0.0; nd],
            weight: vec![0.0; nd * nc],
            demand_loc: Vec::with_capacity(nd),
            pipe: weights
                .0
                .iter()
                .filter(|(o, _)| *o == Objective::Cost)
                .map(|&(_, w)| w * model.pipe_cost)
                .sum(),
            custom: rows
                .custom_terms
                .iter()
                .filter(|t| y[t.row as usize] != 0.0)
                .map(|t| CustomTerm {
                    supplies: t.supplies.clone(),
                    demands: t.demands.clone(),
                    coef: t.coef,
                    contaminant: t.contaminant,
                    dual: y[t.row as usize],
                })
                .collect(),
        };
        // Supply side: its balance row and, for intakes, the caps.
        for u in (0..ns as u32).map(SupplyId) {
            let (term, fresh) = match model.supply(u) {
                SupplyRef::Intake(i) => (-dual(rows.intake_cap[i]) - dual(rows.max_intake), true),
                SupplyRef::Source(s) => (-dual(rows.source_balance + s as u32), false),
                SupplyRef::Treatment(t) => (-dual(rows.treatment_balance + t as u32), false),
            };
            p.supply.push(term + weights.supply(model, u));
            p.fresh.push(fresh);
            p.conc.extend_from_slice(model.supply_conc(u));
            p.supply_loc.push(model.supply_location(u));
        }
        let rate = model.policy.min_reuse_rate.unwrap_or(0.0);
        let y_reuse = dual(rows.min_reuse_rate);
        let y_max_discharge = dual(rows.max_discharge);
        for v in (0..nd as u32).map(DemandId) {
            let vi = v.0 as usize;
            let w = &mut p.weight[vi * nc..(vi + 1) * nc];
            let mut d = weights.demand(model, v);
            match model.demand(v) {
                DemandRef::Sink(k) => {
                    let sink = &model.sinks[k];
                    d -= dual(rows.sink_flow + k as u32);
                    for c in 0..nc {
                        let row = rows.sink_quality[k * nc + c];
                        if row != NO_ROW {
                            d += sink.max_conc[c] * y[row as usize];
                            w[c] -= y[row as usize];
                        }
                    }
                    p.demand_fresh[vi] = rate * y_reuse;
                    p.demand_reused[vi] = -(1.0 - rate) * y_reuse;
                    if let Some(share) = model.streams.reuse_share(k) {
                        let y_share = dual(rows.reuse_share[k]);
                        p.demand_fresh[vi] += share * y_share;
                        p.demand_reused[vi] -= (1.0 - share) * y_share;
                    }
                }
                DemandRef::Treatment(t) => {
                    let unit = &model.treatments[t];
                    let rec = unit.recovery;
                    d += rec * dual(rows.treatment_balance + t as u32)
                        - dual(rows.treatment_capacity[t]);
                    p.demand_fresh[vi] = rate * y_reuse;
                    for c in 0..nc {
                        let row = rows.inlet_quality[t * nc + c];
                        if row != NO_ROW {
                            d += unit.max_inlet_conc[c] * y[row as usize];
                            w[c] -= y[row as usize];
                        }
                        let removed = dual(rows.reject_mass[t * nc + c]);
                        d += rec * unit.outlet_conc[c] * removed;
                        w[c] -= removed;
                        // Pass-through row: sum f (C - Cout) <= 0.
                        let y_pass = dual(rows.pass_through[t * nc + c]);
                        d += unit.outlet_conc[c] * y_pass;
                        w[c] -= y_pass;
                    }
                    if let Some(dis) = unit.reject_to {
                        let limits = &model.discharges[dis].max_conc;
                        for c in 0..nc {
                            // Mass per t/h in the reject: C - rec Cout for a removed
                            // contaminant, (1 - rec) C for one passing through.
                            let (fixed, per_conc) = if model.streams.removes(t, c) {
                                (rec * unit.outlet_conc[c], 1.0)
                            } else {
                                (0.0, 1.0 - rec)
                            };
                            let yq = dual(rows.discharge_quality[dis * nc + c]);
                            if limits[c].is_finite() {
                                d += (fixed + (1.0 - rec) * limits[c]) * yq;
                                w[c] -= per_conc * yq;
                            }
                            let yl = dual(rows.discharge_load[dis * nc + c]);
                            d += 1e-3 * fixed * yl;
                            w[c] -= 1e-3 * per_conc * yl;
                        }
                        d -= (1.0 - rec) * y_max_discharge;
                    }
                }
                DemandRef::Discharge(dis) => {
                    let limits = &model.discharges[dis].max_conc;
                    for c in 0..nc {
                        let yq = dual(rows.discharge_quality[dis * nc + c]);
                        if limits[c].is_finite() {
                            d += limits[c] * yq;
                            w[c] -= yq;
                        }
                        w[c] -= 1e-3 * dual(rows.discharge_load[dis * nc + c]);
                    }
                    d -= y_max_discharge;
                }
            }
            p.demand[vi] = d;
            p.demand_loc.push(model.demand_location(v));
        }
        p
    }

    /// Reduced cost of u -> v (internal units). The arc must be allowed.
    #[inline]
    pub fn reduced_cost(&self, u: SupplyId, v: DemandId) -> f64 {
        let (ui, vi) = (u.0 as usize, v.0 as usize);
        let nc = self.nc;
        let c = &self.conc[ui * nc..ui * nc + nc];
        let w = &self.weight[vi * nc..vi * nc + nc];
        let mut rc = self.supply[ui]
            + self.demand[vi]
            + if self.fresh[ui] {
                self.demand_fresh[vi]
            } else {
                self.demand_reused[vi]
            };
        for k in 0..nc {
            rc += c[k] * w[k];
        }
        if self.pipe != 0.0 {
            if let (Some([x1, y1]), Some([x2, y2])) = (self.supply_loc[ui], self.demand_loc[vi]) {
                rc += self.pipe * ((x1 - x2).powi(2) + (y1 - y2).powi(2)).sqrt();
            }
        }
        for t in &self.custom {
            if t.supplies[ui] && t.demands[vi] {
                let a = match t.contaminant {
                    Some(k) => t.coef * 1e-3 * c[k],
                    None => t.coef,
                };
                rc -= t.dual * a;
            }
        }
        rc
    }
}
