//! Column generation over arcs: solve a restricted master, price every
//! candidate arc from its duals, add the best in batches, re-solve warm,
//! stop when no arc prices out. The result is the optimum of the full LP;
//! the smallest reduced cost over all candidate arcs is its certificate.
//!
//! The master always starts feasible: an artificial column on each row whose
//! lower bound is positive (sink demands, source balances) can take up the
//! slack. If the first master needs them, a phase one minimizes their sum
//! (pricing with zero arc costs) before the real objective is priced.
//!
//! Four choices make the master solves cheap (each measured, see
//! `mod.rs`):
//!
//! - **Boxed arcs while pricing.** Every arc column carries an upper bound
//!   implied by the model (a source's flow, a sink's demand, a unit's
//!   capacity). New columns that price out can then be flipped to that bound,
//!   so the warm dual simplex starts dual feasible instead of running its
//!   phase one from scratch every round. When no arc prices out any more the
//!   bounds are removed and the master re-solved (a few hundred iterations),
//!   so the final master, its duals and the certificate are those of the
//!   model's own LP.
//! - **Purging.** A source -> sink column that has sat at zero with a
//!   positive reduced cost for `purge_after` consecutive rounds is deleted
//!   (nonbasic, so the basis stays valid). An arc is purged at most once, so
//!   pricing still terminates.
//! - **Small, spread batches** ([`BatchLimits`]).
//! - **Interior point for the costly middle rounds of large masters**: once
//!   a warm dual simplex re-solve needs more than half an iteration per row,
//!   rounds are re-solved by interior point + crossover while they keep
//!   adding many columns (decided on counts only, so runs are
//!   deterministic).

use super::prices::{ArcPrices, ObjectiveWeights};
use super::select::{batch, best_of_demand, BatchLimits, Candidate};
use super::warm::{MasterBasis, MasterColumns, WarmStart};
use crate::formulate::{arc_cost, ColumnWriter, RowFamily, RowIndex, RowKey, NO_CONTAMINANT};
use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyRef};
use crate::network::{ArcRules, Network};
use crate::solve::{LpOutcome, SolveError, SolveOptions, SolveStats, Status, FLOW_EPSILON};
use parkwater_highs::{
    Algorithm as HighsAlgorithm, Basis, BasisStatus, Highs, ModelStatus, SparseLp,
};
use rayon::prelude::*;
use serde::Serialize;

/// An arc prices out when its reduced cost is below -TOLERANCE x max(1, |cost|).
pub const TOLERANCE: f64 = 1e-9;

/// A master column is idle in a round when it is nonbasic at zero with a
/// reduced cost above this (internal units).
const IDLE_REDUCED_COST: f64 = 1e-6;

/// Warm dual simplex iterations per row above which the next re-solve uses
/// interior point + crossover.
const IPM_SWITCH: f64 = 0.5;
/// Interior point stays while a round adds at least rows / IPM_STAY columns.
const IPM_STAY: usize = 8;

/// What arc pricing did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PricingStats {
    /// Pricing rounds (master solves) over all phases and objectives.
    pub rounds: usize,
    /// Rounds spent in phase one.
    pub phase_one_rounds: usize,
    /// Columns (arcs) in the final master.
    pub columns: usize,
    /// Columns deleted from the master along the way.
    pub purged: usize,
    /// Allowed arcs of the full LP.
    pub candidates: usize,
    /// Smallest reduced cost over all candidate arcs at the end (>= -tolerance
    /// proves optimality of the full LP), in internal units.
    pub certificate: f64,
    /// Whether the first master started from the previous variant's basis
    /// (a sweep over variants of one park with the same rows); false when
    /// solved cold.
    pub basis_reused: bool,
}

/// Solves the model by arc pricing. Returns the final master's arcs (sorted
/// in full-network order) with the outcome.
pub fn solve_priced(
    model: &Model,
    options: &SolveOptions,
    limits: &BatchLimits,
) -> Result<(Network, LpOutcome, PricingStats), SolveError> {
    solve_priced_from(model, options, limits, &[])
}

/// [`solve_priced`], starting with `seed` arcs in the first master besides
/// the usual ones: the final arcs of a previous variant of the same park
/// (another price, limit or capacity), so a sweep does not rediscover the
/// same columns round after round. Seed arcs the model does not allow, or
/// that name nodes it does not have, are ignored.
pub fn solve_priced_from(
    model: &Model,
    options: &SolveOptions,
    limits: &BatchLimits,
    seed: &[(SupplyId, DemandId)],
) -> Result<(Network, LpOutcome, PricingStats), SolveError> {
    priced(model, options, limits, seed, None).map(|(n, o, s, _)| (n, o, s))
}

/// [`solve_priced_from`] with `warm.arcs` as the seed, and the first master
/// started from `warm.basis` when the model has the shape it was taken
/// from (else cold, silently). Also returns what the next variant of the
/// park can start from: this solve's final arcs and the optimal master
/// basis of its first objective.
pub fn solve_priced_warm(
    model: &Model,
    options: &SolveOptions,
    limits: &BatchLimits,
    warm: &WarmStart,
) -> Result<(Network, LpOutcome, PricingStats, WarmStart), SolveError> {
    priced(model, options, limits, &warm.arcs, warm.basis.as_ref())
}

fn priced(
    model: &Model,
    options: &SolveOptions,
    limits: &BatchLimits,
    seed: &[(SupplyId, DemandId)],
    basis: Option<&MasterBasis>,
) -> Result<(Network, LpOutcome, PricingStats, WarmStart), SolveError> {
    let (mut m, mut status) = first_master(model, options, limits, seed, basis)?;
    if status == ModelStatus::Infeasible {
        status = m.phase_one()?;
    }
    let mut values = Vec::new();
    let mut kept = None;
    for (i, &objective) in model.objectives.iter().enumerate() {
        if status != ModelStatus::Optimal {
            break;
        }
        if i > 0 {
            m.hold_objective(i - 1, values_last(&values))?;
            m.set_costs(&ObjectiveWeights::single(objective))?;
            m.set_boxed(true)?;
            status = m.resolve()?;
            if status == ModelStatus::Infeasible {
                // The boxes cut off the held optimum (see phase_one).
                m.set_boxed(false)?;
                status = m.resolve()?;
            }
        }
        status = m.price_to_optimality(&ObjectiveWeights::single(objective), status)?;
        if status == ModelStatus::Optimal {
            if i == 0 {
                // The next variant's first master minimizes this objective
                // too, over the model's rows alone (no bound rows yet).
                kept = m.capture_basis();
            }
            values.push((objective, m.highs.info().objective_value));
        }
    }
    let (network, outcome, stats) = m.finish(status, values)?;
    let warm = WarmStart {
        arcs: (0..network.len()).map(|a| network.arc(a)).collect(),
        basis: kept,
    };
    Ok((network, outcome, stats, warm))
}

/// Builds the first master and solves it: from `basis` when it fits the
/// model and HiGHS takes it, else cold (as without a basis). A warm solve
/// that ends in anything but an answer is redone cold on a fresh master.
fn first_master<'m>(
    model: &'m Model,
    options: &'m SolveOptions,
    limits: &BatchLimits,
    seed: &[(SupplyId, DemandId)],
    basis: Option<&MasterBasis>,
) -> Result<(Master<'m>, ModelStatus), SolveError> {
    let mut m = Master::new(model, options, limits, seed)?;
    let Some(start) = basis.and_then(|b| m.lay_basis(b)) else {
        let status = m.run()?;
        return Ok((m, status));
    };
    match m.run_from(&start) {
        Ok(Some(status)) => return Ok((m, status)),
        Ok(None) => tracing::debug!("stored basis not usable: first master solved cold"),
        Err(error) => tracing::debug!(%error, "warm first master failed: solved cold"),
    }
    let mut m = Master::new(model, options, limits, seed)?;
    let status = m.run()?;
    Ok((m, status))
}

fn values_last(values: &[(crate::model::Objective, f64)]) -> f64 {
    values.last().map(|&(_, z)| z).unwrap_or(0.0)
}

/// Per candidate arc (demand-major): in the master, purged once.
const IN_MASTER: u8 = 1;
const PURGED: u8 = 2;

/// One pricing pass: the smallest reduced cost and each demand's best candidates.
struct Scan {
    best: f64,
    found: Vec<Candidate>,
}

/// The restricted master LP and its live HiGHS instance.
struct Master<'m> {
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
    /// Consecutive rounds each master arc has been idle.
    idle: Vec<u16>,
    /// IN_MASTER | PURGED per candidate arc, at `slot(u, v)`.
    state: Vec<u8>,
    /// Bounds on the flow out of each supply and into each demand, and on
    /// any arc (used only where neither end bounds it).
    out_cap: Vec<f64>,
    in_cap: Vec<f64>,
    any_cap: f64,
    /// Whether the arc columns currently carry those bounds.
    boxed: bool,
    /// Simplex iterations of the last warm re-solve (0 after the first solve).
    last_iterations: i64,
    /// Whether the last re-solve was interior point.
    last_ipm: bool,
    /// Columns added by the last pricing round.
    last_added: usize,
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
        limits: &BatchLimits,
        seed: &[(SupplyId, DemandId)],
    ) -> Result<Self, SolveError> {
        let rows = RowIndex::new(model);
        let rules = ArcRules::new(model);
        let (out_cap, in_cap, any_cap) = flow_caps(model);
        let mut m = Master {
            model,
            options,
            limits: *limits,
            highs: Highs::new(&options.highs(0))?,
            artificials: (0..rows.len())
                .filter(|&r| rows.lower[r as usize] > 0.0)
                .collect(),
            arcs: Vec::new(),
            idle: Vec::new(),
            state: vec![0; model.num_supplies() * model.num_demands()],
            out_cap,
            in_cap,
            any_cap,
            boxed: true,
            last_iterations: 0,
            last_ipm: false,
            last_added: 0,
            bounds: Vec::new(),
            weights: ObjectiveWeights::single(model.objectives[0]),
            stats: PricingStats::default(),
            solve_stats: SolveStats::default(),
            rules,
            rows,
        };
        m.stats.candidates = m.count_candidates();
        let mut first = m.first_arcs();
        let (ns, nd) = (model.num_supplies() as u32, model.num_demands() as u32);
        let mut taken: std::collections::HashSet<(SupplyId, DemandId)> =
            first.iter().copied().collect();
        for &(u, v) in seed {
            if u.0 < ns && v.0 < nd && m.rules.allows(u, v) && taken.insert((u, v)) {
                first.push((u, v));
            }
        }
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
        let rules = &self.rules;
        let mut arcs = Vec::new();
        for u in (0..model.num_supplies() as u32).map(SupplyId) {
            let supply = model.supply(u);
            if matches!(supply, SupplyRef::Source(_)) {
                // Sources reach discharges and treatments only (the tail of the demand list).
                for t in 0..model.treatments.len() {
                    let v = model.demand_id(DemandRef::Treatment(t));
                    if rules.allows(u, v) {
                        arcs.push((u, v));
                    }
                }
                for d in 0..model.discharges.len() {
                    let v = model.demand_id(DemandRef::Discharge(d));
                    if rules.allows(u, v) {
                        arcs.push((u, v));
                    }
                }
                continue;
            }
            for v in (0..model.num_demands() as u32).map(DemandId) {
                let take = matches!(
                    (supply, model.demand(v)),
                    (
                        SupplyRef::Intake(_),
                        DemandRef::Sink(_) | DemandRef::Treatment(_)
                    ) | (SupplyRef::Treatment(_), _)
                );
                if take && rules.allows(u, v) {
                    arcs.push((u, v));
                }
            }
        }
        let per_sink = self.limits.first_per_sink;
        let best: Vec<Vec<(SupplyId, DemandId)>> = (0..model.sinks.len())
            .into_par_iter()
            .map(|k| {
                let v = model.demand_id(DemandRef::Sink(k));
                let mut best: Vec<(f64, SupplyId)> = (0..model.sources.len())
                    .map(|s| model.supply_id(SupplyRef::Source(s)))
                    .filter(|&u| rules.allows(u, v))
                    .map(|u| (dilution(model, u, v), u))
                    .collect();
                let n = per_sink.min(best.len());
                if n > 0 && n < best.len() {
                    best.select_nth_unstable_by(n - 1, |a, b| {
                        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
                    });
                }
                best[..n].iter().map(|&(_, u)| (u, v)).collect()
            })
            .collect();
        arcs.extend(best.into_iter().flatten());
        let per_source = self.limits.first_per_source;
        let extra = super::first_master::per_source_arcs(model, rules, per_source, 1.0);
        let known: std::collections::HashSet<(SupplyId, DemandId)> = if extra.is_empty() {
            Default::default()
        } else {
            arcs.iter().copied().collect()
        };
        arcs.extend(extra.into_iter().filter(|a| !known.contains(a)));
        super::first_master::trim_products(model, arcs, self.limits.first_products_per_sink)
    }

    /// Index of arc u -> v in `state` (demand-major: the scan walks one
    /// demand's supplies in order).
    fn slot(&self, u: SupplyId, v: DemandId) -> usize {
        v.0 as usize * self.model.num_supplies() + u.0 as usize
    }

    /// The column bound of arc u -> v: implied by the model while boxed.
    fn arc_upper(&self, u: SupplyId, v: DemandId) -> f64 {
        if self.boxed {
            self.out_cap[u.0 as usize]
                .min(self.in_cap[v.0 as usize])
                .min(self.any_cap)
        } else {
            f64::INFINITY
        }
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
            self.state[s] |= IN_MASTER;
        }
        self.arcs.extend_from_slice(first);
        self.idle.resize(self.arcs.len(), 0);
        Ok(())
    }

    fn run(&mut self) -> Result<ModelStatus, SolveError> {
        let status = self.highs.run()?;
        let info = self.highs.info();
        self.solve_stats.simplex_iterations += info.simplex_iterations.max(0);
        // The first (cold, presolved) solve says nothing about warm re-solves.
        self.last_iterations = if self.stats.rounds == 0 {
            0
        } else {
            info.simplex_iterations.max(0)
        };
        self.solve_stats.ipm_iterations += info.ipm_iterations.max(0);
        self.solve_stats.solves += 1;
        self.stats.rounds += 1;
        tracing::debug!(round = self.stats.rounds, columns = self.arcs.len(), %status, objective = info.objective_value, iterations = info.simplex_iterations, ipm_iterations = info.ipm_iterations, time = info.run_time, "master");
        Ok(status)
    }

    /// The stored basis laid onto this (first) master, if the model has
    /// the shape it was taken from.
    fn lay_basis(&self, basis: &MasterBasis) -> Option<Basis> {
        if !basis.fits(self.model, &self.rows) {
            tracing::debug!("row layout differs: first master solved cold");
            return None;
        }
        let upper: Vec<f64> = self
            .arcs
            .iter()
            .map(|&(u, v)| self.arc_upper(u, v))
            .collect();
        basis.lay_onto(
            &self.rows,
            &MasterColumns {
                artificials: &self.artificials,
                arcs: &self.arcs,
                arc_upper: &upper,
            },
        )
    }

    /// Installs `start` and solves the first master from it by dual simplex
    /// without presolve (presolve would drop the basis). `None` when HiGHS
    /// did not take a complete basis or the solve gave no answer; the master
    /// must then be rebuilt, since HiGHS may hold part of the basis.
    fn run_from(&mut self, start: &Basis) -> Result<Option<ModelStatus>, SolveError> {
        self.highs.set_basis(start)?;
        let rows = self.highs.num_rows();
        if self.highs.basis().map(|b| b.num_basic()) != Some(rows) {
            return Ok(None);
        }
        let warm = self
            .options
            .highs(0)
            .with_algorithm(HighsAlgorithm::DualSimplex)
            .with_presolve(false);
        self.highs.set_options(&warm)?;
        let status = self.run()?;
        let answered = matches!(
            status,
            ModelStatus::Optimal
                | ModelStatus::Infeasible
                | ModelStatus::TimeLimit
                | ModelStatus::IterationLimit
        );
        self.stats.basis_reused = answered;
        Ok(answered.then_some(status))
    }

    /// The current (optimal, unboxed) basis by meaning, for the next
    /// variant; `None` without a simplex basis or with bound rows.
    fn capture_basis(&self) -> Option<MasterBasis> {
        let basis = self.highs.basis()?;
        MasterBasis::capture(
            self.model,
            &self.rows,
            &self.artificials,
            &self.arcs,
            &basis,
        )
    }

    /// Re-solve after a change, no presolve. Warm dual simplex: with boxed
    /// arcs the new columns are flipped to their bound and the solve starts
    /// dual feasible (without boxes HiGHS ran a dual phase one every round);
    /// primal simplex measured 1.6x (sparse reuse) to 2.6x (heavy reuse)
    /// slower. Interior point + crossover in the costly middle rounds of
    /// large masters ([`Master::interior_point_next`]).
    fn resolve(&mut self) -> Result<ModelStatus, SolveError> {
        let ipm = self.interior_point_next();
        self.last_ipm = ipm;
        let warm = self
            .options
            .highs(0)
            .with_algorithm(if ipm {
                HighsAlgorithm::InteriorPoint
            } else {
                HighsAlgorithm::DualSimplex
            })
            .with_presolve(false);
        self.highs.set_options(&warm)?;
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

    /// Whether the next re-solve should be interior point + crossover rather
    /// than warm dual simplex: on large masters (`ipm_min_rows` rows or more),
    /// once a warm re-solve took more than IPM_SWITCH iterations per row, and
    /// for as long as the rounds keep adding at least rows / IPM_STAY columns.
    /// Decided on counts only, so runs stay deterministic.
    fn interior_point_next(&self) -> bool {
        let rows = self.highs.num_rows();
        if rows < self.limits.ipm_min_rows || !self.boxed {
            return false;
        }
        if self.last_ipm {
            self.last_added * IPM_STAY >= rows
        } else {
            self.last_iterations as f64 > IPM_SWITCH * rows as f64
        }
    }

    /// Puts the implied bounds on every arc column (or removes them).
    fn set_boxed(&mut self, boxed: bool) -> Result<(), SolveError> {
        if self.boxed == boxed {
            return Ok(());
        }
        self.boxed = boxed;
        let na = self.artificials.len();
        for j in 0..self.arcs.len() {
            let (u, v) = self.arcs[j];
            let upper = self.arc_upper(u, v);
            self.highs.change_col_bounds(na + j, 0.0, upper)?;
        }
        Ok(())
    }

    /// Minimizes the artificials' sum, pricing arcs at zero cost, until the
    /// master is feasible (or no arc can help: the full LP is infeasible).
    fn phase_one(&mut self) -> Result<ModelStatus, SolveError> {
        let na = self.artificials.len();
        for j in 0..na {
            // An artificial never needs to exceed its row's requirement.
            let row = self.artificials[j] as usize;
            self.highs.change_col_bounds(j, 0.0, self.rows.lower[row])?;
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
                // The boxes are not implied by every model (a unit fed by
                // intake can need more than all effluent plus all demand):
                // infeasibility is only proven with the columns unboxed.
                if self.boxed {
                    self.set_boxed(false)?;
                    status = self.resolve()?;
                    continue;
                }
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

    /// Prices and re-solves until no arc prices out with the columns
    /// unboxed: the master's optimum is then the full LP's.
    fn price_to_optimality(
        &mut self,
        weights: &ObjectiveWeights,
        mut status: ModelStatus,
    ) -> Result<ModelStatus, SolveError> {
        while status == ModelStatus::Optimal {
            if self.price_and_add(weights)? == 0 {
                if !self.boxed {
                    break;
                }
                // Duals of the boxed master need not price the model's own
                // LP (a column may sit at its bound): unbox and re-solve.
                let at_bound = self.highs.basis().map_or(0, |b| {
                    b.col_status[self.artificials.len()..]
                        .iter()
                        .filter(|&&s| s == BasisStatus::Upper)
                        .count()
                });
                tracing::debug!(at_bound, "unboxing the arcs");
                self.set_boxed(false)?;
            }
            status = self.resolve()?;
        }
        Ok(status)
    }

    /// Prices every candidate arc: the smallest reduced cost (over master
    /// arcs too) and each demand's best arcs outside the master.
    fn scan(&self, prices: &ArcPrices, weights: &ObjectiveWeights) -> Scan {
        let model = self.model;
        let (ns, nd) = (model.num_supplies(), model.num_demands() as u32);
        let per_demand = self.limits.per_demand;
        let spill = 4 * per_demand.max(16);
        let (rules, state) = (&self.rules, &self.state);
        let parts: Vec<(f64, Vec<Candidate>)> = (0..nd)
            .into_par_iter()
            .map(|v| {
                let v = DemandId(v);
                let state = &state[v.0 as usize * ns..][..ns];
                let mut best = f64::INFINITY;
                let mut found = Vec::new();
                for (ui, &st) in state.iter().enumerate() {
                    let u = SupplyId(ui as u32);
                    if !rules.allows(u, v) {
                        continue;
                    }
                    let rc = prices.reduced_cost(u, v);
                    best = best.min(rc);
                    if st & IN_MASTER != 0 || rc >= -TOLERANCE {
                        continue;
                    }
                    let scale = weights
                        .0
                        .iter()
                        .map(|&(o, w)| (w * arc_cost(model, o, u, v, 0.0)).abs())
                        .sum::<f64>()
                        .max(1.0);
                    if rc < -TOLERANCE * scale {
                        let key = match (model.supply(u), model.demand(v)) {
                            (SupplyRef::Source(_), DemandRef::Sink(_)) => {
                                rc / dilution(model, u, v).max(1.0)
                            }
                            _ => rc,
                        };
                        found.push(Candidate { u, v, rc, key });
                        if found.len() == spill {
                            // Keep memory per demand bounded: the best
                            // per_demand of the union are among the best
                            // per_demand of each part.
                            best_of_demand(&mut found, per_demand);
                        }
                    }
                }
                best_of_demand(&mut found, per_demand);
                (best, found)
            })
            .collect();
        let mut scan = Scan {
            best: f64::INFINITY,
            found: Vec::new(),
        };
        for (best, found) in parts {
            scan.best = scan.best.min(best);
            scan.found.extend(found);
        }
        scan
    }

    /// Prices every candidate arc; adds the chosen batch; returns how many.
    fn price_and_add(&mut self, weights: &ObjectiveWeights) -> Result<usize, SolveError> {
        let y = self.unscaled_duals();
        let mut prices_weights = weights.clone();
        // Bound rows of earlier objectives contribute -y_b * c_b(u, v).
        for &(row, objective) in &self.bounds {
            prices_weights.0.push((objective, -y[row]));
        }
        let prices = ArcPrices::new(
            self.model,
            &self.rows,
            &y[..self.rows.len() as usize],
            &prices_weights,
        );
        let clock = std::time::Instant::now();
        let scan = self.scan(&prices, &prices_weights);
        let scan_seconds = clock.elapsed().as_secs_f64();
        self.stats.certificate = scan.best;
        let chosen = batch(scan.found, self.model.num_supplies(), &self.limits);
        self.options.progress.report(&super::RoundProgress {
            round: self.stats.rounds,
            phase_one: self.weights.0.is_empty(),
            objective: self.highs.info().objective_value,
            reduced_cost: scan.best,
            columns: self.arcs.len(),
            added: chosen.len(),
        });
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
                self.state[s] |= IN_MASTER;
            }
            self.arcs.extend(arcs);
            self.idle.resize(self.arcs.len(), 0);
        }
        self.last_added = chosen.len();
        tracing::debug!(
            added = chosen.len(),
            certificate = self.stats.certificate,
            scan_seconds,
            "priced"
        );
        Ok(chosen.len())
    }

    /// Deletes the source -> sink columns that have been idle (nonbasic at
    /// zero, reduced cost > IDLE_REDUCED_COST) for `purge_after` rounds in a
    /// row and were never purged before. Call only before columns are added
    /// and the master re-solved: deleting invalidates the solution.
    fn purge(&mut self) -> Result<(), SolveError> {
        let after = self.limits.purge_after;
        if after == 0 {
            return Ok(());
        }
        let Some(basis) = self.highs.basis() else {
            return Ok(());
        };
        let reduced = self.highs.solution().col_dual;
        let (model, na) = (self.model, self.artificials.len());
        let mut delete = vec![false; na + self.arcs.len()];
        let mut n = 0;
        for (j, &(u, v)) in self.arcs.iter().enumerate() {
            let idle = basis.col_status[na + j] == BasisStatus::Lower
                && reduced[na + j] > IDLE_REDUCED_COST;
            self.idle[j] = if idle {
                self.idle[j].saturating_add(1)
            } else {
                0
            };
            if usize::from(self.idle[j]) >= after
                && self.state[self.slot(u, v)] & PURGED == 0
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
        let mut kept = 0;
        for j in 0..self.arcs.len() {
            let (u, v) = self.arcs[j];
            if delete[na + j] {
                let s = self.slot(u, v);
                self.state[s] = PURGED;
            } else {
                self.arcs[kept] = (u, v);
                self.idle[kept] = self.idle[j];
                kept += 1;
            }
        }
        self.arcs.truncate(kept);
        self.idle.truncate(kept);
        self.stats.purged += n;
        tracing::debug!(purged = n, "purged idle columns");
        Ok(())
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

/// Bounds on the flow out of each supply and into each demand that every
/// feasible solution satisfies (a source's flow, an intake's permit, a
/// unit's capacity and product, a sink's demand), and a cap for arcs that
/// neither end bounds: all effluent plus all demand. That cap is not implied
/// by the model (treatment loops could carry more), which is harmless: the
/// boxes only steer the warm starts and are removed before the end.
fn flow_caps(model: &Model) -> (Vec<f64>, Vec<f64>, f64) {
    let demand = |s: &crate::model::Sink| {
        if s.max_flow.is_finite() {
            s.max_flow
        } else {
            s.min_flow
        }
    };
    let any = model.sources.iter().map(|s| s.flow).sum::<f64>()
        + model.sinks.iter().map(demand).sum::<f64>();
    let out = (0..model.num_supplies() as u32)
        .map(|u| match model.supply(SupplyId(u)) {
            SupplyRef::Intake(i) => model.intakes[i].max_flow.unwrap_or(f64::INFINITY),
            SupplyRef::Source(s) => model.sources[s].flow,
            SupplyRef::Treatment(t) => {
                let unit = &model.treatments[t];
                unit.max_flow.map_or(f64::INFINITY, |c| c * unit.recovery)
            }
        })
        .collect();
    let into = (0..model.num_demands() as u32)
        .map(|v| match model.demand(DemandId(v)) {
            DemandRef::Sink(k) => model.sinks[k].max_flow,
            DemandRef::Treatment(t) => model.treatments[t].max_flow.unwrap_or(f64::INFINITY),
            DemandRef::Discharge(_) => f64::INFINITY,
        })
        .collect();
    (out, into, any.max(1.0))
}
