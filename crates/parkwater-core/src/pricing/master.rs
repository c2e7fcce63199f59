//! The restricted master LP of arc pricing: its state (arcs, bounds,
//! boxes, held objectives), how its columns are written, and how it is
//! re-solved warm on the solver layer's [`Live`] model.

use super::prices::ObjectiveWeights;
use super::select::{BatchLimits, Candidate};
use crate::formulate::{arc_cost, ColumnWriter, RowIndex};
use crate::model::{DemandId, Model, Objective, SupplyId};
use crate::network::ArcRules;
use crate::solve::{
    hold, hold_divided, BasisStatus, Live, PricingStats, SolveError, SolveOptions, Status, Warm,
};

/// A master column is idle in a round when it is nonbasic at zero with a
/// reduced cost above this (internal units).
pub(super) const IDLE_REDUCED_COST: f64 = 1e-6;

/// Warm dual simplex iterations per row above which the next re-solve uses
/// interior point + crossover.
const IPM_SWITCH: f64 = 0.5;
/// Interior point stays while a round adds at least rows / IPM_STAY columns.
const IPM_STAY: usize = 8;

/// How far a box lies beyond the bound the model implies. At a bound
/// exactly, a column the rows fill to it may sit nonbasic at its box
/// (degenerate), and removing the boxes at the end then moves it to zero:
/// one unboxing re-solve took 52k iterations (62 s) at 1500x1500x5. Beyond
/// it, no feasible point touches a box and unboxing changes nothing.
const BOX_SLACK: f64 = 1e-3;

/// A master whose optimum leaves a reduced cost below -POLISH_BELOW (its
/// own columns priced by its unscaled duals) is re-solved once at the
/// tightest dual feasibility tolerance HiGHS takes (1e-10 on the scaled
/// LP; the solves run at 1e-9). Seen: -3.0e-7 on a master column under a
/// held freshwater row whose multiplier was 2.5e5 (500x500x4 forbid seed
/// 3, freshwater,cost), where the issue asks for a certificate >= -1e-7;
/// one iteration made it -2.2e-9.
pub(super) const POLISH_BELOW: f64 = 1e-8;

/// Per candidate arc (demand-major): in the master, purged once, kept
/// (never purged: off its lower bound in a basis the solve returns to).
pub(super) const IN_MASTER: u8 = 1;
pub(super) const PURGED: u8 = 2;
pub(super) const KEPT: u8 = 4;
/// A master column basic in the last solve ([`Master::mark_basic`]): its
/// reduced cost is zero by definition, so the certificate leaves it out.
/// Recomputed from the duals it only measures rounding: -1.4e-7 on a basic
/// column of 1500x1500x5 heavy (freshwater, cost), whose duals reached 8.5e5
/// under the held freshwater row, where HiGHS's own was 0.
pub(super) const BASIC: u8 = 16;

/// One pricing pass: the smallest reduced cost and each demand's best candidates.
pub(super) struct Scan {
    pub(super) best: f64,
    pub(super) found: Vec<Candidate>,
}

/// The master's arc costs under one objective.
pub(super) struct ArcCosts {
    /// Mean nonzero |cost| (1 when no arc costs anything).
    pub(super) mean: f64,
    /// Share of the arcs that cost nothing.
    pub(super) free: f64,
}

/// The restricted master LP and its live HiGHS instance.
pub(super) struct Master<'m> {
    pub(super) model: &'m Model,
    pub(super) options: &'m SolveOptions,
    pub(super) limits: BatchLimits,
    pub(super) rules: ArcRules,
    pub(super) rows: RowIndex,
    pub(super) live: Live,
    /// Artificial columns come first: (row) each.
    pub(super) artificials: Vec<u32>,
    /// Arcs of the master, in column order after the artificials.
    pub(super) arcs: Vec<(SupplyId, DemandId)>,
    /// Consecutive rounds each master arc has been idle.
    pub(super) idle: Vec<u16>,
    /// Whether each master arc may carry flow in the last feasible master
    /// point (the last re-solve not stopped at its cap): only the others may
    /// be purged after a stopped re-solve.
    pub(super) held: Vec<bool>,
    /// IN_MASTER | PURGED per candidate arc, at `slot(u, v)`.
    pub(super) state: Vec<u8>,
    /// Bounds on the flow out of each supply and into each demand, and on
    /// any arc (used only where neither end bounds it).
    pub(super) out_cap: Vec<f64>,
    pub(super) in_cap: Vec<f64>,
    pub(super) any_cap: f64,
    /// Whether the arc columns currently carry those bounds.
    pub(super) boxed: bool,
    /// Simplex iterations of the last warm re-solve (0 after the first solve).
    pub(super) last_iterations: i64,
    /// Whether the last re-solve was interior point.
    pub(super) last_ipm: bool,
    /// Columns added by the last pricing round.
    pub(super) last_added: usize,
    /// Whether the master changed only by added (and purged) columns since
    /// its last solve: its basis is then still primal feasible.
    pub(super) columns_only: bool,
    /// Whether the last re-solve was stopped by its iteration cap
    /// (`BatchLimits::resolve_cap`): its duals are dual feasible, not optimal.
    pub(super) capped: bool,
    /// Whether `price_to_optimality` runs (phase one re-solves are never capped).
    pub(super) pricing: bool,
    /// Whether the objective being priced is a degenerate first one, alone
    /// after its tie-break (`BatchLimits::primal_degenerate`).
    pub(super) degenerate: bool,
    /// Re-solves stopped by their cap, and run by primal simplex.
    pub(super) capped_solves: usize,
    /// Whether the objective changed since the last solve
    /// ([`Master::set_objective`]): its basis is still primal feasible.
    pub(super) objective_changed: bool,
    pub(super) primal_solves: usize,
    /// Whether the next re-solve runs at the tightest dual tolerance
    /// (`POLISH_BELOW`).
    pub(super) polish_next: bool,
    /// Whether the next re-solve runs the primal simplex (set for the
    /// switch from a tie-broken optimum to its first objective alone).
    pub(super) primal_next: bool,
    /// Earlier objectives held by bound rows (row index, objective, the
    /// multiplier the row is divided through by: 1 in a list of two,
    /// `lexicographic::hold_divided` in longer ones).
    pub(super) bounds: Vec<(usize, Objective, f64)>,
    /// The optimal faces of the objectives held so far
    /// (`BatchLimits::face`): arcs off them are fixed at zero, never priced.
    pub(super) faces: super::face::Faces,
    /// Current objective weights, none in phase one alone.
    pub(super) weights: ObjectiveWeights,
    /// Whether the artificials may be positive (phase one).
    pub(super) artificials_open: bool,
    pub(super) stats: PricingStats,
}

impl Master<'_> {
    /// Index of arc u -> v in `state` (demand-major: the scan walks one
    /// demand's supplies in order).
    pub(super) fn slot(&self, u: SupplyId, v: DemandId) -> usize {
        v.0 as usize * self.model.num_supplies() + u.0 as usize
    }

    /// The column bound of arc u -> v while boxed: the bound the model
    /// implies, widened by BOX_SLACK so that no feasible point reaches it.
    pub(super) fn arc_upper(&self, u: SupplyId, v: DemandId) -> f64 {
        if self.state[self.slot(u, v)] & super::face::OFF_FACE != 0 {
            0.0
        } else if self.boxed {
            let implied = self.out_cap[u.0 as usize]
                .min(self.in_cap[v.0 as usize])
                .min(self.any_cap);
            implied * (1.0 + BOX_SLACK)
        } else {
            f64::INFINITY
        }
    }

    /// Builds the columns (costs, CSC) of `arcs` under the current weights.
    pub(super) fn columns(
        &self,
        arcs: &[(SupplyId, DemandId)],
    ) -> (Vec<f64>, Vec<usize>, Vec<u32>, Vec<f64>) {
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
            for &(row, objective, multiplier) in &self.bounds {
                let c = arc_cost(self.model, objective, u, v, km);
                if c != 0.0 {
                    index.push(row as u32);
                    value.push(c * multiplier);
                }
            }
            start.push(index.len());
        }
        (cost, start, index, value)
    }

    pub(super) fn km(&self, u: SupplyId, v: DemandId) -> f64 {
        if self.model.pipe_cost == 0.0 {
            return 0.0;
        }
        match (self.model.supply_location(u), self.model.demand_location(v)) {
            (Some([x1, y1]), Some([x2, y2])) => ((x1 - x2).powi(2) + (y1 - y2).powi(2)).sqrt(),
            _ => 0.0,
        }
    }

    /// One master solve through the solver layer (with its retry rule);
    /// counts the round and keeps the iterations of a warm re-solve.
    pub(super) fn run(&mut self) -> Result<Status, SolveError> {
        let status = self.live.run()?;
        Ok(self.counted(status))
    }

    /// An optimal master whose values agree with its rows. HiGHS's answer
    /// can disagree with itself: on a 136 x 136 x 4 sparse park (discharge,
    /// cost, freshwater; `synth::found` "priced-values-drift-from-rows"),
    /// the re-solve after the arcs off cost's face were fixed returned
    /// column values whose activities differed from HiGHS's own by 3e-5
    /// t/h, its residuals 0: the flows routed an effluent 2.9e-5 t/h over
    /// its flow, and verification refused them. So the activities are
    /// recomputed from the master's columns, and an answer that drifted
    /// is solved again from its own basis, which HiGHS refactors (no
    /// iteration there, the same optimum, consistent values). Returns the
    /// status of that solve, `None` when none was needed.
    pub(super) fn settle(&mut self, status: Status) -> Result<Option<Status>, SolveError> {
        if status != Status::Optimal || !crate::solve::live::refresh_optima() {
            return Ok(None);
        }
        let drift = self.drift();
        if drift <= crate::solve::DRIFT_TOLERANCE {
            return Ok(None);
        }
        tracing::warn!(
            round = self.stats.rounds,
            drift,
            "the master's values drifted from its rows; solving again from its basis"
        );
        let status = self.live.refresh()?;
        let status = self.counted(status);
        self.stats.refreshed += 1;
        Ok(Some(status))
    }

    /// [`activity_drift`](crate::solve::activity_drift) of the master's
    /// answer, its columns rebuilt from the model.
    pub(super) fn drift(&self) -> f64 {
        let sol = self.live.solution();
        let (_, start, index, value) = self.master_columns(&self.arcs);
        crate::solve::activity_drift(&start, &index, &value, &sol.col_value, &sol.row_value)
    }

    /// Counts the run that just ended as a round, keeps its iterations and
    /// logs it.
    fn counted(&mut self, status: Status) -> Status {
        let info = self.live.info();
        // The first (cold, presolved) solve says nothing about warm re-solves.
        self.last_iterations = if self.stats.rounds == 0 {
            0
        } else {
            info.simplex_iterations.max(0)
        };
        self.stats.rounds += 1;
        tracing::debug!(
            round = self.stats.rounds,
            columns = self.arcs.len(),
            ?status,
            objective = info.objective_value,
            iterations = info.simplex_iterations,
            ipm_iterations = info.ipm_iterations,
            time = info.run_time,
            "master"
        );
        status
    }

    /// Re-solve after a change, no presolve. Warm dual simplex: with boxed
    /// arcs the new columns are flipped to their bound and the solve starts
    /// dual feasible (without boxes HiGHS ran a dual phase one every round);
    /// after a pricing round it stops at `BatchLimits::resolve_cap`
    /// (`capped` then says so). Primal simplex after rounds that only
    /// added columns to an optimal point: small batches
    /// (`BatchLimits::primal_below`), every batch of a degenerate first
    /// objective alone (`BatchLimits::primal_degenerate`), or every batch
    /// with `BatchLimits::primal` (measured 1.4x sparse to 2.9x heavy
    /// slower). Interior point + crossover in the costly middle rounds of
    /// large masters ([`Master::interior_point_next`]). A re-solve that
    /// ends in numerical trouble is run again from scratch.
    pub(super) fn resolve(&mut self) -> Result<Status, SolveError> {
        let ipm = self.interior_point_next();
        self.last_ipm = ipm;
        let objective_changed = std::mem::take(&mut self.objective_changed);
        let primal_next = std::mem::take(&mut self.primal_next);
        let warm = if ipm {
            Warm::InteriorPoint
        } else if primal_next
            || (self.limits.primal && self.columns_only)
            || (self.columns_added_to_optimum() && (self.degenerate || self.small_batch()))
            || (objective_changed && self.limits.primal_after_objective_change)
        {
            Warm::PrimalSimplex
        } else if self.stops_early() {
            let rows = self.live.num_rows();
            Warm::DualSimplexCapped((rows * self.limits.resolve_cap / 100).max(1) as u32)
        } else {
            Warm::DualSimplex
        };
        self.columns_only = false;
        self.live.set_warm(self.options, warm)?;
        if std::mem::take(&mut self.polish_next) {
            self.live
                .tighten_dual_tolerance(crate::solve::TIGHT_FEASIBILITY_TOLERANCE)?;
        }
        let mut status = self.run()?;
        let cold = status == Status::NumericalTrouble;
        if cold {
            // Seen in cost rounds of 1500x1500x5 heavy (freshwater, cost),
            // after the interior-point retry had failed too.
            tracing::warn!(
                round = self.stats.rounds,
                "re-solving the master from scratch"
            );
            let cold_status = self.live.run_cold(self.options)?;
            status = self.counted(cold_status);
        }
        // Stopped by the cap, not by a time limit of the solve.
        self.capped = !cold
            && match warm {
                Warm::DualSimplexCapped(cap) => {
                    status == Status::TimeLimit && self.last_iterations >= i64::from(cap)
                }
                _ => false,
            };
        if self.capped {
            self.capped_solves += 1;
            tracing::debug!(round = self.stats.rounds, "re-solve stopped at its cap");
        }
        if warm == Warm::PrimalSimplex {
            self.primal_solves += 1;
        }
        Ok(status)
    }

    pub(super) fn set_costs(&mut self, weights: &ObjectiveWeights) -> Result<(), SolveError> {
        self.set_costs_big_m(weights, 0.0)
    }

    /// [`Master::set_costs`], each artificial costing `big_m` times the
    /// largest arc cost in the master (at least 1): phase one merged with
    /// the first objective (`BatchLimits::big_m`).
    pub(super) fn set_costs_big_m(
        &mut self,
        weights: &ObjectiveWeights,
        big_m: f64,
    ) -> Result<(), SolveError> {
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
        if big_m > 0.0 {
            let na = self.artificials.len();
            let largest = cost[na..].iter().fold(1.0_f64, |m, c| m.max(c.abs()));
            cost[..na].fill(big_m * largest);
        }
        self.live.change_costs(&cost)?;
        Ok(())
    }

    /// [`Master::set_costs`] for another objective of a list (or the first
    /// alone after its tie-break): the next re-solve may run the primal
    /// simplex (`BatchLimits::primal_after_objective_change`).
    pub(super) fn set_objective(&mut self, weights: &ObjectiveWeights) -> Result<(), SolveError> {
        self.set_costs(weights)?;
        self.objective_changed = true;
        Ok(())
    }

    /// Whether the next re-solve stops at `BatchLimits::resolve_cap`: a
    /// pricing round's re-solve after a batch of at least
    /// `resolve_cap_min_batch` % of the rows (only columns changed).
    fn stops_early(&self) -> bool {
        let l = &self.limits;
        l.resolve_cap > 0
            && !self.degenerate
            && self.columns_only
            && self.pricing
            && self.last_added * 100 >= self.live.num_rows() * l.resolve_cap_min_batch
    }

    /// Whether the last batch was below `BatchLimits::primal_below` per
    /// mille of the rows, outside phase one, with no objective held yet.
    fn small_batch(&self) -> bool {
        !self.artificials_open
            && self.bounds.is_empty()
            && self.last_added * 1000 < self.live.num_rows() * self.limits.primal_below
    }

    /// Whether a pricing round only added columns to a master its last
    /// re-solve took to its optimum: the point is then still feasible.
    fn columns_added_to_optimum(&self) -> bool {
        self.columns_only && self.pricing && !self.capped
    }

    /// Whether the next re-solve should be interior point + crossover rather
    /// than warm dual simplex: on large masters (`ipm_min_rows` rows or more),
    /// once a warm re-solve took more than IPM_SWITCH iterations per row, and
    /// for as long as the rounds keep adding at least rows / IPM_STAY columns.
    /// Decided on counts only, so runs stay deterministic.
    pub(super) fn interior_point_next(&self) -> bool {
        let rows = self.live.num_rows();
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
    pub(super) fn set_boxed(&mut self, boxed: bool) -> Result<(), SolveError> {
        if self.boxed == boxed {
            return Ok(());
        }
        self.boxed = boxed;
        let na = self.artificials.len();
        for j in 0..self.arcs.len() {
            let (u, v) = self.arcs[j];
            let upper = self.arc_upper(u, v);
            self.live.change_col_bounds(na + j, 0.0, upper)?;
        }
        Ok(())
    }

    /// Arc columns nonbasic at their upper bound (their box while boxed).
    pub(super) fn arcs_at_box(&self) -> usize {
        self.live.basis().map_or(0, |b| {
            b.col_status[self.artificials.len()..]
                .iter()
                .filter(|&&s| s == BasisStatus::Upper)
                .count()
        })
    }

    pub(super) fn unscaled_duals(&self) -> Vec<f64> {
        let sol = self.live.solution();
        let n = self.rows.len() as usize;
        sol.row_dual
            .iter()
            .enumerate()
            .map(|(r, &y)| {
                if r < n {
                    y * self.rows.factor[r]
                } else {
                    y * self.bounds[r - n].2
                }
            })
            .collect()
    }

    /// `first` (whose [`Master::arc_costs`] are `first_costs`) plus
    /// `share` x the first of `later`, `share`^2 x the second, and so on,
    /// each scaled to `first` by their mean nonzero arc costs over the
    /// master's arcs (`BatchLimits::tie_break`): the later objectives break
    /// ties in their own order.
    pub(super) fn with_tie_break(
        &self,
        first: Objective,
        first_costs: &ArcCosts,
        later: &[Objective],
        share: f64,
    ) -> ObjectiveWeights {
        let mut weights = vec![(first, 1.0)];
        let mut weight = 1.0;
        for &next in later {
            weight *= share;
            let scale = first_costs.mean / self.arc_costs(next).mean;
            weights.push((next, weight * scale));
        }
        ObjectiveWeights(weights)
    }

    /// How the master's arcs cost under `objective`.
    pub(super) fn arc_costs(&self, objective: Objective) -> ArcCosts {
        let (mut sum, mut priced) = (0.0, 0usize);
        for &(u, v) in &self.arcs {
            let c = arc_cost(self.model, objective, u, v, self.km(u, v)).abs();
            if c > 0.0 {
                sum += c;
                priced += 1;
            }
        }
        ArcCosts {
            mean: if priced == 0 {
                1.0
            } else {
                sum / priced as f64
            },
            free: 1.0 - priced as f64 / self.arcs.len().max(1) as f64,
        }
    }

    /// Adds a row holding objective `i` at `z` (relative tolerance) over all master arcs.
    pub(super) fn hold_objective(&mut self, i: usize, z: f64) -> Result<(), SolveError> {
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
        // Of two objectives, the held row as it is; of more, every held
        // row divided through (`lexicographic::hold_divided`, where the
        // measures are).
        let tolerance = self.model.objective_tolerance;
        let (row, multiplier) = if self.model.objectives.len() <= 2 {
            (hold(&mut self.live, &index, &value, z, tolerance)?, 1.0)
        } else {
            hold_divided(&mut self.live, &index, &value, z, tolerance)?
        };
        self.bounds.push((row, objective, multiplier));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{Family, SyntheticPark};

    fn model() -> Model {
        SyntheticPark::size(6, 6, 2)
            .with_family(Family::HeavyReuse)
            .scenario()
            .validate()
            .unwrap()
    }

    #[test]
    fn boxes_and_the_interior_point_switch() {
        let model = model();
        let options = SolveOptions::default();
        let limits = BatchLimits {
            ipm_min_rows: 1,
            ..BatchLimits::default()
        };
        let mut m = Master::new(&model, &options, &limits, &[]).unwrap();
        let (u, v) = m.arcs[0];
        let boxed = m.arc_upper(u, v);
        assert!(
            boxed.is_finite() && boxed <= m.any_cap * (1.0 + BOX_SLACK),
            "{boxed}"
        );
        m.set_boxed(false).unwrap();
        assert_eq!(m.arc_upper(u, v), f64::INFINITY);
        // Unboxed masters never switch to interior point.
        m.last_iterations = i64::MAX;
        assert!(!m.interior_point_next());
        m.set_boxed(true).unwrap();
        // Boxed: switch once a warm re-solve took over half an iteration
        // per row; stay while rounds add at least rows / 8 columns.
        let rows = m.live.num_rows() as i64;
        m.last_iterations = rows;
        assert!(m.interior_point_next());
        m.last_iterations = rows / 4;
        assert!(!m.interior_point_next());
        m.last_ipm = true;
        m.last_added = rows as usize;
        assert!(m.interior_point_next());
        m.last_added = 0;
        assert!(!m.interior_point_next());
    }

    #[test]
    fn columns_carry_the_held_objectives() {
        let model = model();
        let options = SolveOptions::default();
        let mut m = Master::new(&model, &options, &BatchLimits::default(), &[]).unwrap();
        assert_eq!(m.run().unwrap(), Status::Optimal);
        let rows = m.live.num_rows();
        m.hold_objective(0, m.live.info().objective_value).unwrap();
        let multiplier = 1.0;
        assert_eq!(m.bounds, [(rows, model.objectives[0], multiplier)]);
        // A new column has an entry in the bound row: its cost under the
        // held objective (a list of two: the row is not divided).
        let arc = m.arcs[0];
        let (_, _, index, value) = m.columns(&[arc]);
        let k = index.iter().position(|&r| r as usize == rows);
        let expected = arc_cost(
            &model,
            model.objectives[0],
            arc.0,
            arc.1,
            m.km(arc.0, arc.1),
        );
        match k {
            Some(k) => assert_eq!(value[k], expected * multiplier),
            None => assert_eq!(expected, 0.0),
        }
    }
}
