//! Column generation over arcs: solve a restricted master, price every
//! candidate arc from its duals, add the best in batches, re-solve warm,
//! stop when no arc prices out. The result is the optimum of the full LP;
//! the smallest reduced cost over all candidate arcs is its certificate.
//!
//! The master always starts feasible: an artificial column on each row whose
//! lower bound is positive (sink demands, source balances) can take up the
//! slack. If the first master needs them, a phase one minimizes their sum
//! (pricing with zero arc costs) before the real objective is priced.

use super::prices::{ArcPrices, ObjectiveWeights};
use super::select::{batch, best_of_demand, BatchLimits, Candidate};
use crate::formulate::{arc_cost, ColumnWriter, RowFamily, RowIndex, RowKey, NO_CONTAMINANT};
use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyRef};
use crate::network::{ArcRules, Network};
use crate::solve::{LpOutcome, SolveError, SolveOptions, SolveStats, Status, FLOW_EPSILON};
use parkwater_highs::{Algorithm as HighsAlgorithm, Highs, ModelStatus, SparseLp};
use rayon::prelude::*;
use serde::Serialize;

/// An arc prices out when its reduced cost is below -TOLERANCE x max(1, |cost|).
pub const TOLERANCE: f64 = 1e-9;

/// What arc pricing did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PricingStats {
    /// Pricing rounds (master solves) over all phases and objectives.
    pub rounds: usize,
    /// Rounds spent in phase one.
    pub phase_one_rounds: usize,
    /// Columns (arcs) in the final master.
    pub columns: usize,
    /// Allowed arcs of the full LP.
    pub candidates: usize,
    /// Smallest reduced cost over all candidate arcs at the end (>= -tolerance
    /// proves optimality of the full LP), in internal units.
    pub certificate: f64,
}

/// Solves the model by arc pricing. Returns the final master's arcs (sorted
/// in full-network order) with the outcome.
pub fn solve_priced(
    model: &Model,
    options: &SolveOptions,
    limits: &BatchLimits,
) -> Result<(Network, LpOutcome, PricingStats), SolveError> {
    let mut m = Master::new(model, options, limits)?;
    let mut status = m.solve_first()?;
    if status == ModelStatus::Infeasible {
        status = m.phase_one()?;
    }
    let mut values = Vec::new();
    for (i, &objective) in model.objectives.iter().enumerate() {
        if status != ModelStatus::Optimal {
            break;
        }
        if i > 0 {
            m.hold_objective(i - 1, values_last(&values))?;
            m.set_costs(&ObjectiveWeights::single(objective))?;
            status = m.resolve()?;
        }
        status = m.price_to_optimality(&ObjectiveWeights::single(objective), status)?;
        if status == ModelStatus::Optimal {
            values.push((objective, m.highs.info().objective_value));
        }
    }
    m.finish(status, values)
}

fn values_last(values: &[(crate::model::Objective, f64)]) -> f64 {
    values.last().map(|&(_, z)| z).unwrap_or(0.0)
}

/// The restricted master LP and its live HiGHS instance.
struct Scan {
    best: f64,
    lagrange: f64,
    found: Vec<Candidate>,
}

struct Master<'m> {
    /// Whether arcs carry their implied upper bounds.
    bounded: bool,
    /// Upper bound on the flow out of each supply / into each demand.
    out_ub: Vec<f64>,
    in_ub: Vec<f64>,
    /// Stability center (duals, Lagrangian bound).
    center: Option<(Vec<f64>, f64)>,
    /// Upper bounds of the bound rows.
    bound_upper: Vec<(usize, f64)>,
    model: &'m Model,
    options: &'m SolveOptions,
    limits: BatchLimits,
    rules: ArcRules,
    rows: RowIndex,
    highs: Highs,
    /// Artificial columns come first: (row) each.
    artificials: Vec<u32>,
    /// Arcs of the master, in column order after the artificials.
    arcs: Vec<(SupplyId, DemandId)>,
    in_master: Vec<bool>,
    purged: Vec<bool>,
    /// Rounds each master arc has been idle.
    idle: Vec<u16>,
    /// Earlier objectives held by bound rows (row index, objective).
    bounds: Vec<(usize, crate::model::Objective)>,
    /// Current objective weights (phase two) or none (phase one).
    weights: ObjectiveWeights,
    stats: PricingStats,
    solve_stats: SolveStats,
}

impl<'m> Master<'m> {
    fn new(
        model: &'m Model,
        options: &'m SolveOptions,
        limits: &'m BatchLimits,
    ) -> Result<Self, SolveError> {
        let rows = RowIndex::new(model);
        let rules = ArcRules::new(model);
        let nd = model.num_demands();
        let mut limits = *limits;
        limits.first_per_sink =
            super::knobs::f("PW_FIRST_PER_SINK", limits.first_per_sink as f64) as usize;
        limits.per_demand = super::knobs::f("PW_PER_DEMAND", limits.per_demand as f64) as usize;
        limits.per_supply = super::knobs::f("PW_PER_SUPPLY", limits.per_supply as f64) as usize;
        limits.per_round = super::knobs::f("PW_PER_ROUND", limits.per_round as f64) as usize;
        let (out_ub, in_ub) = flow_bounds(model);
        let mut m = Master {
            bounded: super::knobs::f("PW_UB", 0.0) > 0.0,
            out_ub,
            in_ub,
            center: None,
            bound_upper: Vec::new(),
            model,
            options,
            limits,
            highs: Highs::new(&options.highs(0))?,
            artificials: (0..rows.len())
                .filter(|&r| rows.lower[r as usize] > 0.0)
                .collect(),
            arcs: Vec::new(),
            in_master: vec![false; model.num_supplies() * nd],
            purged: vec![false; model.num_supplies() * nd],
            idle: Vec::new(),
            bounds: Vec::new(),
            weights: ObjectiveWeights::single(model.objectives[0]),
            stats: PricingStats::default(),
            solve_stats: SolveStats::default(),
            rules,
            rows,
        };
        m.stats.candidates = m.count_candidates();
        let first = m.first_arcs();
        m.pass_master(&first)?;
        Ok(m)
    }

    fn count_candidates(&self) -> usize {
        let (ns, nd) = (
            self.model.num_supplies() as u32,
            self.model.num_demands() as u32,
        );
        let rules = &self.rules;
        (0..nd)
            .into_par_iter()
            .map(|v| {
                (0..ns)
                    .filter(|&u| rules.allows(SupplyId(u), DemandId(v)))
                    .count()
            })
            .sum()
    }

    /// Freshwater to every demand, every source to every discharge and
    /// treatment unit, every treatment product anywhere, and for each sink the
    /// few allowed sources that need the least dilution. Only source -> sink
    /// arcs, the bulk of a park's candidates, are left to pricing. Measured on
    /// 500 x 500 x 4 parks: leaving treatment arcs to pricing as well took 10
    /// rounds instead of 5 (sparse reuse) and 17 instead of 8 (heavy reuse),
    /// where treatment is what the optimum is made of.
    fn first_arcs(&self) -> Vec<(SupplyId, DemandId)> {
        let model = self.model;
        let mut arcs = Vec::new();
        for u in (0..model.num_supplies() as u32).map(SupplyId) {
            for v in (0..model.num_demands() as u32).map(DemandId) {
                let take = match (model.supply(u), model.demand(v)) {
                    (SupplyRef::Intake(_), DemandRef::Sink(_) | DemandRef::Treatment(_)) => true,
                    (SupplyRef::Source(_), DemandRef::Discharge(_) | DemandRef::Treatment(_)) => {
                        true
                    }
                    (SupplyRef::Treatment(_), _) => true,
                    _ => false,
                };
                if take && self.rules.allows(u, v) {
                    arcs.push((u, v));
                }
            }
        }
        for (k, _) in model.sinks.iter().enumerate() {
            let v = model.demand_id(DemandRef::Sink(k));
            let mut best: Vec<(f64, SupplyId)> = (0..model.sources.len())
                .map(|s| model.supply_id(SupplyRef::Source(s)))
                .filter(|&u| self.rules.allows(u, v))
                .map(|u| (dilution(model, u, v), u))
                .collect();
            let n = self.limits.first_per_sink.min(best.len());
            if n > 0 && n < best.len() {
                best.select_nth_unstable_by(n - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            }
            arcs.extend(best[..n].iter().map(|&(_, u)| (u, v)));
        }
        arcs
    }

    fn analyze(&self, x: &[f64]) {
        let model = self.model;
        let mut kinds = std::collections::BTreeMap::new();
        let mut ranks_sink = vec![0usize; 12];
        let mut ranks_src = vec![0usize; 12];
        let bucket = |r: usize| {
            if r < 5 {
                r
            } else if r < 10 {
                5
            } else if r < 20 {
                6
            } else if r < 50 {
                7
            } else if r < 100 {
                8
            } else if r < 200 {
                9
            } else if r < 400 {
                10
            } else {
                11
            }
        };
        for (j, &(u, v)) in self.arcs.iter().enumerate() {
            let pos = x[j] > 1e-9;
            let k = format!(
                "{:?}->{:?}",
                std::mem::discriminant(&model.supply(u)),
                std::mem::discriminant(&model.demand(v))
            );
            let e = kinds.entry(k).or_insert((0usize, 0usize));
            e.0 += 1;
            if pos {
                e.1 += 1;
            }
            if pos {
                if let (SupplyRef::Source(_), DemandRef::Sink(_)) =
                    (model.supply(u), model.demand(v))
                {
                    let d = dilution(model, u, v);
                    let rs = (0..model.sources.len())
                        .map(|s| model.supply_id(SupplyRef::Source(s)))
                        .filter(|&w| dilution(model, w, v) < d)
                        .count();
                    let rk = (0..model.sinks.len())
                        .map(|k| model.demand_id(DemandRef::Sink(k)))
                        .filter(|&w| dilution(model, u, w) < d)
                        .count();
                    ranks_sink[bucket(rs)] += 1;
                    ranks_src[bucket(rk)] += 1;
                }
            }
        }
        eprintln!("kinds (cols, positive): {kinds:?}");
        eprintln!("rank of source among sources for the sink [0,1,2,3,4,5-9,10-19,20-49,50-99,100-199,200-399,400+]: {ranks_sink:?}");
        eprintln!("rank of sink among sinks for the source: {ranks_src:?}");
    }

    /// Deletes source -> sink columns that have sat at zero with a positive
    /// reduced cost for several rounds (at most once per arc).
    fn purge(&mut self) -> Result<(), SolveError> {
        let age = super::knobs::f("PW_DEL_AGE", 0.0) as u16;
        if age == 0 {
            return Ok(());
        }
        let threshold = super::knobs::f("PW_DEL_RC", 1e-6);
        let na = self.artificials.len();
        let Some(basis) = self.highs.basis() else {
            return Ok(());
        };
        let sol = self.highs.solution();
        let model = self.model;
        let mut delete = vec![false; na + self.arcs.len()];
        let mut n = 0;
        for (j, &(u, v)) in self.arcs.iter().enumerate() {
            let idle = basis.col_status[na + j] == parkwater_highs::BasisStatus::Lower
                && sol.col_dual[na + j] > threshold;
            self.idle[j] = if idle { self.idle[j] + 1 } else { 0 };
            let s = self.slot(u, v);
            if self.idle[j] >= age
                && !self.purged[s]
                && matches!(
                    (model.supply(u), model.demand(v)),
                    (SupplyRef::Source(_), DemandRef::Sink(_))
                )
            {
                delete[na + j] = true;
                n += 1;
            }
        }
        if n == 0 {
            return Ok(());
        }
        self.highs.delete_cols(&delete)?;
        let mut k = 0;
        for j in 0..self.arcs.len() {
            if delete[na + j] {
                let (u, v) = self.arcs[j];
                let s = self.slot(u, v);
                self.in_master[s] = false;
                self.purged[s] = true;
            } else {
                self.arcs[k] = self.arcs[j];
                self.idle[k] = self.idle[j];
                k += 1;
            }
        }
        self.arcs.truncate(k);
        self.idle.truncate(k);
        tracing::debug!(deleted = n, "purged");
        Ok(())
    }

    fn relax_bounds(&mut self) -> Result<(), SolveError> {
        let na = self.artificials.len();
        let basis = self.highs.basis();
        let at_upper = basis.as_ref().map_or(0, |b| {
            b.col_status[na..]
                .iter()
                .filter(|s| **s == parkwater_highs::BasisStatus::Upper)
                .count()
        });
        tracing::debug!(at_upper, "relaxing arc bounds");
        for j in 0..self.arcs.len() {
            self.highs.change_col_bounds(na + j, 0.0, f64::INFINITY)?;
        }
        self.bounded = false;
        Ok(())
    }

    fn arc_upper(&self, u: SupplyId, v: DemandId) -> f64 {
        if self.bounded {
            self.out_ub[u.0 as usize].min(self.in_ub[v.0 as usize])
        } else {
            f64::INFINITY
        }
    }

    fn slot(&self, u: SupplyId, v: DemandId) -> usize {
        u.0 as usize * self.model.num_demands() + v.0 as usize
    }

    /// Builds the columns (costs, CSC) of `arcs` under the current weights.
    fn columns(&self, arcs: &[(SupplyId, DemandId)]) -> (Vec<f64>, Vec<usize>, Vec<u32>, Vec<f64>) {
        let writer = ColumnWriter::new(self.model, &self.rows);
        let mut cost = Vec::with_capacity(arcs.len());
        let mut start = Vec::with_capacity(arcs.len() + 1);
        let mut index = Vec::new();
        let mut value = Vec::new();
        let mut column = Vec::with_capacity(16);
        start.push(0);
        for &(u, v) in arcs {
            let km = self.km(u, v);
            cost.push(
                self.weights
                    .0
                    .iter()
                    .map(|&(o, w)| w * arc_cost(self.model, o, u, v, km))
                    .sum(),
            );
            column.clear();
            writer.write(u, v, &mut column);
            for &(row, coef) in &column {
                index.push(row);
                value.push(coef * self.rows.factor[row as usize]);
            }
            for &(row, objective) in &self.bounds {
                let c = arc_cost(self.model, objective, u, v, km);
                if c != 0.0 {
                    index.push(row as u32);
                    value.push(c);
                }
            }
            start.push(index.len());
        }
        (cost, start, index, value)
    }

    fn km(&self, u: SupplyId, v: DemandId) -> f64 {
        if self.model.pipe_cost == 0.0 {
            return 0.0;
        }
        match (self.model.supply_location(u), self.model.demand_location(v)) {
            (Some([x1, y1]), Some([x2, y2])) => ((x1 - x2).powi(2) + (y1 - y2).powi(2)).sqrt(),
            _ => 0.0,
        }
    }

    fn pass_master(&mut self, first: &[(SupplyId, DemandId)]) -> Result<(), SolveError> {
        let na = self.artificials.len();
        let (row_lower, row_upper) = self.rows.scaled_bounds();
        let (arc_cost, arc_start, a_index, a_value) = self.columns(first);
        let mut cost = vec![0.0; na];
        cost.extend(arc_cost);
        let mut start: Vec<usize> = (0..=na).collect();
        start.extend(arc_start[1..].iter().map(|s| s + na));
        let mut index: Vec<u32> = self.artificials.clone();
        index.extend(a_index);
        let mut value: Vec<f64> = self
            .artificials
            .iter()
            .map(|&r| self.rows.factor[r as usize])
            .collect();
        value.extend(a_value);
        let mut upper = vec![0.0; na];
        upper.extend(first.iter().map(|&(u, v)| self.arc_upper(u, v)));
        let lower = vec![0.0; cost.len()];
        self.highs.pass_lp(&SparseLp {
            col_cost: &cost,
            col_lower: &lower,
            col_upper: &upper,
            row_lower: &row_lower,
            row_upper: &row_upper,
            a_start: &start,
            a_index: &index,
            a_value: &value,
        })?;
        for &(u, v) in first {
            let s = self.slot(u, v);
            self.in_master[s] = true;
        }
        self.arcs.extend_from_slice(first);
        self.idle = vec![0; self.arcs.len()];
        Ok(())
    }

    fn run(&mut self) -> Result<ModelStatus, SolveError> {
        let status = self.highs.run()?;
        let info = self.highs.info();
        self.solve_stats.simplex_iterations += info.simplex_iterations.max(0);
        self.solve_stats.ipm_iterations += info.ipm_iterations.max(0);
        self.solve_stats.solves += 1;
        self.stats.rounds += 1;
        tracing::debug!(round = self.stats.rounds, columns = self.arcs.len(), %status, objective = info.objective_value, iterations = info.simplex_iterations, time = info.run_time, "master");
        Ok(status)
    }

    fn solve_first(&mut self) -> Result<ModelStatus, SolveError> {
        let o = self
            .options
            .highs(0)
            .with_algorithm(algo(&super::knobs::s("PW_FIRST", "choose")));
        self.highs.set_options(&o)?;
        super::knobs::apply_highs(&mut self.highs, "PW_HIGHS_FIRST");
        if super::knobs::f("PW_VERBOSE", 0.0) > 0.0 {
            self.highs.set_option_bool("output_flag", true)?;
        }
        self.run()
    }

    /// Warm re-solve from the current basis, no presolve. Dual simplex: new
    /// columns keep the basis primal feasible, but on these masters primal
    /// simplex measured 1.6x (sparse reuse) to 2.6x (heavy reuse) slower.
    fn resolve(&mut self) -> Result<ModelStatus, SolveError> {
        if super::knobs::f("PW_COLD", 0.0) > 0.0 {
            let arcs = std::mem::take(&mut self.arcs);
            self.pass_master(&arcs)?;
            let o = self
                .options
                .highs(0)
                .with_algorithm(algo(&super::knobs::s("PW_FIRST", "choose")));
            self.highs.set_options(&o)?;
            super::knobs::apply_highs(&mut self.highs, "PW_HIGHS_FIRST");
            return self.run();
        }
        let warm = self
            .options
            .highs(0)
            .with_algorithm(algo(&super::knobs::s("PW_RESOLVE", "dual")))
            .with_presolve(false);
        self.highs.set_options(&warm)?;
        super::knobs::apply_highs(&mut self.highs, "PW_HIGHS");
        if super::knobs::f("PW_VERBOSE", 0.0) > 0.0 {
            self.highs.set_option_bool("output_flag", true)?;
        }
        self.run()
    }

    fn set_costs(&mut self, weights: &ObjectiveWeights) -> Result<(), SolveError> {
        self.weights = weights.clone();
        let mut cost = vec![0.0; self.artificials.len()];
        for &(u, v) in &self.arcs {
            let km = self.km(u, v);
            cost.push(
                weights
                    .0
                    .iter()
                    .map(|&(o, w)| w * arc_cost(self.model, o, u, v, km))
                    .sum(),
            );
        }
        self.highs.change_costs(&cost)?;
        Ok(())
    }

    /// Minimizes the artificials' sum, pricing arcs at zero cost, until the
    /// master is feasible (or no arc can help: the full LP is infeasible).
    fn phase_one(&mut self) -> Result<ModelStatus, SolveError> {
        let na = self.artificials.len();
        for j in 0..na {
            self.highs.change_col_bounds(j, 0.0, f64::INFINITY)?;
        }
        let real = self.weights.clone();
        self.weights = ObjectiveWeights::none();
        let mut cost = vec![1.0; na];
        cost.extend(std::iter::repeat_n(0.0, self.arcs.len()));
        self.highs.change_costs(&cost)?;
        let start = self.stats.rounds;
        let mut status = self.resolve()?;
        loop {
            if status != ModelStatus::Optimal {
                return Ok(status);
            }
            let infeasibility = self.highs.info().objective_value;
            if infeasibility <= 1e-9 {
                break;
            }
            let added = self.price_and_add(&ObjectiveWeights::none())?;
            if added == 0 {
                self.stats.phase_one_rounds = self.stats.rounds - start;
                return Ok(ModelStatus::Infeasible);
            }
            status = self.resolve()?;
        }
        self.stats.phase_one_rounds = self.stats.rounds - start;
        for j in 0..na {
            self.highs.change_col_bounds(j, 0.0, 0.0)?;
        }
        self.set_costs(&real)?;
        self.resolve()
    }

    fn price_to_optimality(
        &mut self,
        weights: &ObjectiveWeights,
        mut status: ModelStatus,
    ) -> Result<ModelStatus, SolveError> {
        while status == ModelStatus::Optimal {
            if self.price_and_add(weights)? == 0 {
                if self.bounded {
                    self.relax_bounds()?;
                    status = self.resolve()?;
                    continue;
                }
                break;
            }
            status = self.resolve()?;
        }
        Ok(status)
    }

    /// The reduced-cost function at duals `y` (model rows, then bound rows).
    fn prices_at(&self, y: &[f64], weights: &ObjectiveWeights) -> (ObjectiveWeights, ArcPrices) {
        let mut pw = weights.clone();
        // Bound rows of earlier objectives contribute -y_b * c_b(u, v).
        for &(row, objective) in &self.bounds {
            pw.0.push((objective, -y[row]));
        }
        let prices = ArcPrices::new(self.model, &self.rows, &y[..self.rows.len() as usize], &pw);
        (pw, prices)
    }

    /// Prices every candidate arc: the smallest reduced cost, the arcs'
    /// part of the Lagrangian bound, and each demand's best candidates.
    fn scan(&self, prices: &ArcPrices, pw: &ObjectiveWeights) -> Scan {
        let model = self.model;
        let (ns, nd) = (model.num_supplies() as u32, model.num_demands() as u32);
        let per_demand = self.limits.per_demand;
        let (rules, in_master) = (&self.rules, &self.in_master);
        let (out_ub, in_ub) = (&self.out_ub, &self.in_ub);
        let key_kind = super::knobs::f("PW_KEY", 0.0) as i32;
        let parts: Vec<(f64, f64, Vec<Candidate>)> = (0..nd)
            .into_par_iter()
            .map(|v| {
                let v = DemandId(v);
                let mut best = f64::INFINITY;
                let mut lagrange = 0.0;
                let mut found = Vec::new();
                for u in (0..ns).map(SupplyId) {
                    if !rules.allows(u, v) {
                        continue;
                    }
                    let rc = prices.reduced_cost(u, v);
                    best = best.min(rc);
                    if rc < 0.0 {
                        lagrange += rc * out_ub[u.0 as usize].min(in_ub[v.0 as usize]).min(1e6);
                    }
                    if in_master[u.0 as usize * nd as usize + v.0 as usize] {
                        continue;
                    }
                    let scale =
                        pw.0.iter()
                            .map(|&(o, w)| (w * arc_cost(model, o, u, v, 0.0)).abs())
                            .sum::<f64>()
                            .max(1.0);
                    if rc < -TOLERANCE * scale {
                        let key = match (key_kind, model.supply(u), model.demand(v)) {
                            (0, SupplyRef::Source(_), DemandRef::Sink(_)) => {
                                rc / dilution(model, u, v).max(1.0)
                            }
                            (0, _, _) | (1, _, _) => rc,
                            (2, _, DemandRef::Sink(_)) => {
                                rc * out_ub[u.0 as usize]
                                    .min(in_ub[v.0 as usize] / dilution(model, u, v).max(1.0))
                            }
                            (2, _, _) => rc * out_ub[u.0 as usize].min(in_ub[v.0 as usize]),
                            _ => rc / dilution(model, u, v).max(0.05),
                        };
                        found.push(Candidate { u, v, rc, key });
                    }
                }
                best_of_demand(&mut found, per_demand);
                (best, lagrange, found)
            })
            .collect();
        let mut scan = Scan {
            best: f64::INFINITY,
            lagrange: 0.0,
            found: Vec::new(),
        };
        for (best, lagrange, found) in parts {
            scan.best = scan.best.min(best);
            scan.lagrange += lagrange;
            scan.found.extend(found);
        }
        scan
    }

    /// sum over rows of y x (the bound the sign of y makes active), unscaled.
    fn row_term(&self, y: &[f64]) -> f64 {
        let n = self.rows.len() as usize;
        let mut t = 0.0;
        for r in 0..n {
            let (lo, up) = (self.rows.lower[r], self.rows.upper[r]);
            if y[r] > 0.0 && lo.is_finite() {
                t += y[r] * lo;
            } else if y[r] < 0.0 && up.is_finite() {
                t += y[r] * up;
            }
        }
        for &(row, upper) in &self.bound_upper {
            if y[row] < 0.0 {
                t += y[row] * upper;
            }
        }
        t
    }

    /// Prices every candidate arc; adds the chosen batch; returns how many.
    fn price_and_add(&mut self, weights: &ObjectiveWeights) -> Result<usize, SolveError> {
        let y = self.unscaled_duals();
        let (pw, prices) = self.prices_at(&y, weights);
        let at_master = self.scan(&prices, &pw);
        self.stats.certificate = at_master.best;
        let alpha = super::knobs::f("PW_ALPHA", 0.0);
        let mut found = at_master.found;
        if !found.is_empty() && alpha > 0.0 && !weights.0.is_empty() {
            let lag_master = self.row_term(&y) + at_master.lagrange;
            let smooth = super::knobs::f("PW_SMOOTH", 0.0) > 0.0;
            match &self.center {
                Some((_, l)) if *l >= lag_master || smooth => {}
                _ => self.center = Some((y.clone(), lag_master)),
            }
            let (center, lag_center) = self.center.clone().unwrap();
            let ysep: Vec<f64> = center
                .iter()
                .zip(&y)
                .map(|(c, m)| alpha * c + (1.0 - alpha) * m)
                .collect();
            let (pw, prices) = self.prices_at(&ysep, weights);
            let at_sep = self.scan(&prices, &pw);
            let lag_sep = self.row_term(&ysep) + at_sep.lagrange;
            tracing::debug!(
                lag_master,
                lag_center,
                lag_sep,
                sep_found = at_sep.found.len(),
                "stabilized"
            );
            if lag_sep > lag_center || smooth {
                self.center = Some((ysep, lag_sep));
            }
            if !at_sep.found.is_empty() {
                found = at_sep.found;
            }
        }
        let ns = self.model.num_supplies();
        let chosen = batch(found, ns, &self.limits);
        if !chosen.is_empty() {
            self.purge()?;
            let arcs: Vec<(SupplyId, DemandId)> = chosen.iter().map(|c| (c.u, c.v)).collect();
            let (cost, start, index, value) = self.columns(&arcs);
            let lower = vec![0.0; arcs.len()];
            let upper: Vec<f64> = arcs.iter().map(|&(u, v)| self.arc_upper(u, v)).collect();
            self.highs
                .add_cols(&cost, &lower, &upper, &start, &index, &value)?;
            for &(u, v) in &arcs {
                let s = self.slot(u, v);
                self.in_master[s] = true;
            }
            self.idle.extend(std::iter::repeat_n(0u16, arcs.len()));
            self.arcs.extend(arcs);
        }
        tracing::debug!(
            added = chosen.len(),
            certificate = self.stats.certificate,
            "priced"
        );
        Ok(chosen.len())
    }

    fn unscaled_duals(&self) -> Vec<f64> {
        let sol = self.highs.solution();
        let n = self.rows.len() as usize;
        sol.row_dual
            .iter()
            .enumerate()
            .map(|(r, &y)| if r < n { y * self.rows.factor[r] } else { y })
            .collect()
    }

    /// Adds a row holding objective `i` at `z` (relative tolerance) over all master arcs.
    fn hold_objective(&mut self, i: usize, z: f64) -> Result<(), SolveError> {
        let objective = self.model.objectives[i];
        let na = self.artificials.len();
        let (index, value): (Vec<u32>, Vec<f64>) = self
            .arcs
            .iter()
            .enumerate()
            .map(|(j, &(u, v))| {
                (
                    (na + j) as u32,
                    arc_cost(self.model, objective, u, v, self.km(u, v)),
                )
            })
            .filter(|&(_, c)| c != 0.0)
            .unzip();
        let upper = z + self.model.objective_tolerance * z.abs().max(1.0);
        self.highs.add_rows(
            &[f64::NEG_INFINITY],
            &[upper],
            &[0, index.len()],
            &index,
            &value,
        )?;
        let row = self.highs.num_rows() - 1;
        self.bounds.push((row, objective));
        self.bound_upper.push((row, upper));
        self.center = None;
        Ok(())
    }

    fn finish(
        mut self,
        status: ModelStatus,
        values: Vec<(crate::model::Objective, f64)>,
    ) -> Result<(Network, LpOutcome, PricingStats), SolveError> {
        let mapped = match status {
            ModelStatus::Optimal => Status::Optimal,
            ModelStatus::Infeasible => Status::Infeasible,
            ModelStatus::Unbounded | ModelStatus::UnboundedOrInfeasible => Status::Unbounded,
            ModelStatus::TimeLimit | ModelStatus::IterationLimit => Status::TimeLimit,
            _ => Status::SolverFailure,
        };
        self.stats.columns = self.arcs.len();
        let mut keys = self.rows.keys.clone();
        for (i, _) in self.bounds.iter().enumerate() {
            keys.push(RowKey {
                family: RowFamily::ObjectiveBound,
                entity: i as u32,
                contaminant: NO_CONTAMINANT,
            });
        }
        let na = self.artificials.len();
        // Sort the master's arcs into full-network order.
        let mut order: Vec<usize> = (0..self.arcs.len()).collect();
        order.sort_by_key(|&j| self.arcs[j]);
        let network = Network::from_arcs(order.iter().map(|&j| self.arcs[j]));
        let (flows, row_duals) = if mapped == Status::Optimal {
            let sol = self.highs.solution();
            if super::knobs::f("PW_ANALYZE", 0.0) > 0.0 {
                self.analyze(&sol.col_value[na..]);
            }
            let flows = order
                .iter()
                .map(|&j| sol.col_value[na + j])
                .map(|f| if f > FLOW_EPSILON { f } else { 0.0 })
                .collect();
            (flows, self.unscaled_duals())
        } else {
            (vec![0.0; network.len()], vec![0.0; keys.len()])
        };
        self.solve_stats.columns = self.arcs.len();
        self.solve_stats.rows = keys.len();
        let outcome = LpOutcome {
            status: mapped,
            flows,
            row_duals,
            row_keys: keys,
            objective_values: values,
            stats: self.solve_stats.clone(),
            conflict: Vec::new(),
        };
        Ok((network, outcome, self.stats))
    }
}

/// How much a supply must be diluted to enter a demand: max over limited
/// contaminants of C_supply / C_limit (0 when nothing limits it).
pub fn dilution(model: &Model, u: SupplyId, v: DemandId) -> f64 {
    let DemandRef::Sink(k) = model.demand(v) else {
        return 0.0;
    };
    let limits = &model.sinks[k].max_conc;
    model
        .supply_conc(u)
        .iter()
        .zip(limits)
        .filter(|(_, l)| l.is_finite())
        .map(|(&c, &l)| {
            if l > 0.0 {
                c / l
            } else if c > 0.0 {
                f64::INFINITY
            } else {
                0.0
            }
        })
        .fold(0.0, f64::max)
}

fn algo(s: &str) -> HighsAlgorithm {
    match s {
        "dual" => HighsAlgorithm::DualSimplex,
        "primal" => HighsAlgorithm::PrimalSimplex,
        "ipm" => HighsAlgorithm::InteriorPoint,
        "simplex" => HighsAlgorithm::Simplex,
        _ => HighsAlgorithm::Choose,
    }
}

/// Upper bounds on the flow out of each supply and into each demand (a
/// bound on every arc's flow, for the Lagrangian bound).
fn flow_bounds(model: &Model) -> (Vec<f64>, Vec<f64>) {
    let total: f64 = model.sources.iter().map(|s| s.flow).sum::<f64>()
        + model
            .sinks
            .iter()
            .map(|s| {
                if s.max_flow.is_finite() {
                    s.max_flow
                } else {
                    s.min_flow
                }
            })
            .sum::<f64>();
    let out: Vec<f64> = (0..model.num_supplies() as u32)
        .map(|u| match model.supply(SupplyId(u)) {
            SupplyRef::Intake(i) => model.intakes[i].max_flow.unwrap_or(f64::INFINITY),
            SupplyRef::Source(s) => model.sources[s].flow,
            SupplyRef::Treatment(t) => {
                let unit = &model.treatments[t];
                unit.max_flow.map_or(f64::INFINITY, |c| c * unit.recovery)
            }
        })
        .collect();
    let inn: Vec<f64> = (0..model.num_demands() as u32)
        .map(|v| match model.demand(DemandId(v)) {
            DemandRef::Sink(k) => model.sinks[k].max_flow,
            DemandRef::Treatment(t) => model.treatments[t].max_flow.unwrap_or(f64::INFINITY),
            DemandRef::Discharge(_) => f64::INFINITY,
        })
        .collect();
    let _ = total;
    (out, inn)
}
