//! The column-generation loop: price every candidate arc from the master's
//! duals, add the best in batches, purge idle columns, re-solve warm; phase
//! one (the artificials' sum) first when the first master is infeasible.

use super::caps::dilution;
use super::face::OFF_FACE;
use super::master::{
    Master, Scan, BASIC, IDLE_REDUCED_COST, IN_MASTER, KEPT, POLISH_BELOW, PURGED,
};
use super::prices::{ArcPrices, ObjectiveWeights};
use super::select::{batch, best_of_demand, Candidate};
use super::{prices_out, TOLERANCE};
use crate::model::{DemandId, DemandRef, SupplyId, SupplyRef};
use crate::solve::{BasisStatus, SolveError, Status};
use rayon::prelude::*;

impl Master<'_> {
    /// Makes an infeasible first master feasible, then re-solves it under
    /// `weights` (which the caller prices next). With `BatchLimits::big_m`,
    /// first prices `weights` with each artificial at a high cost, until
    /// the artificials are all zero: the point is then feasible and
    /// already shaped by the objective. Phase one alone (the artificials'
    /// sum, arcs at zero cost) decides when their sum stops falling (a
    /// master optimum less than 5 % below the last: the park is likely
    /// infeasible) or nothing prices out while it is positive.
    pub(super) fn phase_one(&mut self, weights: &ObjectiveWeights) -> Result<Status, SolveError> {
        self.open_artificials()?;
        let start = self.stats.rounds;
        let merged = match self.limits.big_m {
            0 => None,
            m => self.phase_one_merged(weights, m as f64)?,
        };
        self.stats.phase_one_rounds += self.stats.rounds - start;
        match merged {
            Some(status) => Ok(status),
            None => self.phase_one_alone(weights),
        }
    }

    /// Prices `weights` with the artificials at `big_m` times the largest
    /// arc cost; `Some` (the closed master's status) once they are zero,
    /// `None` when phase one alone must decide.
    fn phase_one_merged(
        &mut self,
        weights: &ObjectiveWeights,
        big_m: f64,
    ) -> Result<Option<Status>, SolveError> {
        self.set_costs_big_m(weights, big_m)?;
        self.pricing = true;
        let mut status = self.resolve()?;
        let mut best = f64::INFINITY;
        let feasible = loop {
            match status {
                Status::Optimal => {
                    let unmet = self.unmet();
                    tracing::debug!(unmet, "phase one merged with the objective");
                    if unmet <= 1e-9 {
                        break true;
                    }
                    if unmet > 0.95 * best {
                        break false;
                    }
                    best = unmet;
                }
                // A stopped re-solve's point is not feasible: no verdict.
                Status::TimeLimit if self.capped => {}
                _ => break false,
            }
            if self.price_and_add(weights)? == 0 {
                if !self.capped {
                    break false;
                }
                status = self.resolve()?;
                continue;
            }
            status = self.resolve()?;
        };
        self.pricing = false;
        if feasible {
            return self.close_artificials(weights).map(Some);
        }
        Ok(None)
    }

    /// The artificials' sum (in the rows' own units).
    fn unmet(&self) -> f64 {
        self.live.solution().col_value[..self.artificials.len()]
            .iter()
            .sum()
    }

    /// Lets each artificial take up to its row's requirement (it never
    /// needs more).
    fn open_artificials(&mut self) -> Result<(), SolveError> {
        self.artificials_open = true;
        for j in 0..self.artificials.len() {
            let row = self.artificials[j] as usize;
            self.live.change_col_bounds(j, 0.0, self.rows.lower[row])?;
        }
        Ok(())
    }

    /// Fixes the artificials at zero again and re-solves under `weights`.
    fn close_artificials(&mut self, weights: &ObjectiveWeights) -> Result<Status, SolveError> {
        self.artificials_open = false;
        for j in 0..self.artificials.len() {
            self.live.change_col_bounds(j, 0.0, 0.0)?;
        }
        self.set_costs(weights)?;
        self.resolve()
    }

    /// Minimizes the artificials' sum, pricing arcs at zero cost, until the
    /// master is feasible (or no arc can help: the full LP is infeasible).
    fn phase_one_alone(&mut self, weights: &ObjectiveWeights) -> Result<Status, SolveError> {
        let na = self.artificials.len();
        self.weights = ObjectiveWeights::none();
        let mut cost = vec![1.0; na];
        cost.extend(std::iter::repeat_n(0.0, self.arcs.len()));
        self.live.change_costs(&cost)?;
        let start = self.stats.rounds;
        let mut status = self.resolve()?;
        loop {
            if status != Status::Optimal {
                return Ok(status);
            }
            let infeasibility = self.live.info().objective_value;
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
                self.stats.phase_one_rounds += self.stats.rounds - start;
                return Ok(Status::Infeasible);
            }
            status = self.resolve()?;
        }
        self.stats.phase_one_rounds += self.stats.rounds - start;
        self.close_artificials(weights)
    }

    /// Prices and re-solves until no arc prices out with the columns
    /// unboxed: the master's optimum is then the full LP's.
    pub(super) fn price_to_optimality(
        &mut self,
        weights: &ObjectiveWeights,
        mut status: Status,
    ) -> Result<Status, SolveError> {
        self.pricing = true;
        let mut polished = false;
        while status == Status::Optimal || (status == Status::TimeLimit && self.capped) {
            if self.price_and_add(weights)? == 0 {
                if self.capped {
                    // Nothing prices out against a stopped master's duals:
                    // solve it to its optimum and price again.
                    status = self.resolve()?;
                    continue;
                }
                if !self.boxed {
                    if polished || self.stats.certificate >= -POLISH_BELOW {
                        break;
                    }
                    // A master column whose reduced cost HiGHS accepts
                    // within its tolerance on the scaled LP may still be
                    // below -1e-7 unscaled (under a held objective with a
                    // large multiplier): re-solve once at a tighter one.
                    tracing::debug!(
                        certificate = self.stats.certificate,
                        "polishing the master's duals"
                    );
                    polished = true;
                    self.polish_next = true;
                    status = self.resolve()?;
                    continue;
                }
                // Duals of the boxed master need not price the model's own
                // LP (a column may sit at its bound): unbox and re-solve.
                tracing::debug!(at_bound = self.arcs_at_box(), "unboxing the arcs");
                self.set_boxed(false)?;
            }
            status = self.resolve()?;
        }
        self.pricing = false;
        Ok(status)
    }

    /// Prices every candidate arc: the smallest reduced cost (over master
    /// arcs too) and each demand's best arcs outside the master.
    pub(super) fn scan(&self, prices: &ArcPrices, weights: &ObjectiveWeights) -> Scan {
        let model = self.model;
        let (ns, nd) = (model.num_supplies(), model.num_demands() as u32);
        // Each demand keeps `depth` x per_demand candidates, so one whose
        // best arcs come from supplies already at their cap still gets
        // its per_demand (`select::batch`).
        let per_demand = self.limits.per_demand * self.limits.depth.max(1);
        let spill = 4 * per_demand.max(16);
        let (rules, state, faces) = (&self.rules, &self.state, &self.faces);
        let parts: Vec<(f64, Vec<Candidate>)> = (0..nd)
            .into_par_iter()
            .map(|v| {
                let v = DemandId(v);
                let state = &state[v.0 as usize * ns..][..ns];
                let mut best = f64::INFINITY;
                let mut found = Vec::new();
                for (ui, &st) in state.iter().enumerate() {
                    let u = SupplyId(ui as u32);
                    if st & BASIC != 0 || !rules.allows(u, v) {
                        continue;
                    }
                    let rc = prices.reduced_cost(u, v);
                    let in_master = st & IN_MASTER != 0;
                    if rc >= best && (in_master || rc >= -TOLERANCE) {
                        continue;
                    }
                    // Arcs off a held objective's optimal face are out of
                    // the LP: neither certificate nor candidates.
                    if faces.excludes(model, u, v) {
                        continue;
                    }
                    best = best.min(rc);
                    if in_master || rc >= -TOLERANCE {
                        continue;
                    }
                    if prices_out(rc, weights.cost_scale(model, u, v)) {
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

    /// Marks the master columns basic in the last solve (`BASIC`), and only
    /// those.
    pub(super) fn mark_basic(&mut self) {
        let na = self.artificials.len();
        let basis = self.live.basis();
        for (j, &(u, v)) in self.arcs.iter().enumerate() {
            let basic = basis
                .as_ref()
                .is_some_and(|b| b.col_status.get(na + j) == Some(&BasisStatus::Basic));
            let s = self.slot(u, v);
            if basic {
                self.state[s] |= BASIC;
            } else {
                self.state[s] &= !BASIC;
            }
        }
    }

    /// [`Master::scan`] against the master's duals, minimizing `weights`.
    pub(super) fn scan_under(&self, weights: &ObjectiveWeights) -> Scan {
        let (_, weights, prices) = self.prices_under(weights);
        self.scan(&prices, &weights)
    }

    /// The master's unscaled duals, `weights` under its bound rows (those
    /// of earlier objectives contribute -y_b * c_b(u, v)), and the reduced
    /// cost function they make.
    pub(super) fn prices_under(
        &self,
        weights: &ObjectiveWeights,
    ) -> (Vec<f64>, ObjectiveWeights, ArcPrices) {
        let y = self.unscaled_duals();
        let n = self.rows.len() as usize;
        let weights = weights.clone().holding(self.model, &y[n..]);
        let prices = ArcPrices::new(self.model, &self.rows, &y[..n], &weights);
        (y, weights, prices)
    }

    /// Prices every candidate arc; adds the chosen batch; returns how many.
    pub(super) fn price_and_add(
        &mut self,
        weights: &ObjectiveWeights,
    ) -> Result<usize, SolveError> {
        self.mark_basic();
        let clock = std::time::Instant::now();
        let scan = self.scan_under(weights);
        let scan_seconds = clock.elapsed().as_secs_f64();
        self.stats.certificate = scan.best;
        let found = scan.found.len();
        let chosen = batch(
            scan.found,
            self.model.num_supplies(),
            self.model.num_demands(),
            &self.limits,
        );
        // The list's objectives before `place` are held by bound rows.
        let place = self.bounds.len();
        let minimizing = self.model.objectives.get(place).copied();
        let (ties_broken_by, ties_then_broken_by) = match self.weights.0.as_slice() {
            [(first, _), (next, _), rest @ ..] if Some(*first) == minimizing => {
                (Some(next.name()), rest.first().map(|(o, _)| o.name()))
            }
            _ => (None, None),
        };
        self.options.progress.report(&super::RoundProgress {
            round: self.stats.rounds,
            phase_one: self.artificials_open,
            minimizing: minimizing.map_or("", |o| o.name()),
            place: place + 1,
            of: self.model.objectives.len(),
            ties_broken_by,
            ties_then_broken_by,
            objective: self.live.info().objective_value,
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
            self.live
                .add_cols(&cost, &lower, &upper, &start, &index, &value)?;
            for &(u, v) in &arcs {
                let s = self.slot(u, v);
                self.state[s] |= IN_MASTER;
            }
            self.arcs.extend(arcs);
            self.idle.resize(self.arcs.len(), 0);
            self.held.resize(self.arcs.len(), false);
            self.columns_only = true;
        }
        self.last_added = chosen.len();
        tracing::debug!(
            found,
            added = chosen.len(),
            certificate = self.stats.certificate,
            scan_seconds,
            "priced"
        );
        Ok(chosen.len())
    }

    /// Deletes the source -> sink columns that have been idle (nonbasic at
    /// zero, reduced cost > IDLE_REDUCED_COST) for `purge_after` rounds in a
    /// row and were never purged before; after a re-solve stopped at its cap,
    /// only those at zero in the last feasible point too. Call only before
    /// columns are added and the master re-solved: deleting invalidates the
    /// solution.
    pub(super) fn purge(&mut self) -> Result<(), SolveError> {
        let after = self.limits.purge_after;
        if after == 0 {
            return Ok(());
        }
        let Some(basis) = self.live.basis() else {
            return Ok(());
        };
        let reduced = self.live.solution().col_dual;
        let (model, na) = (self.model, self.artificials.len());
        let every_kind =
            self.limits.purge_every_kind || (self.degenerate && self.limits.purge_degenerate);
        let mut delete = vec![false; na + self.arcs.len()];
        let mut n = 0;
        // A stopped re-solve's point is not primal feasible: a column at
        // zero there may be one the master cannot be feasible without. The
        // last feasible point stays feasible when only columns at zero in
        // it are deleted.
        let capped = self.capped;
        for (j, &(u, v)) in self.arcs.iter().enumerate() {
            let at_zero = basis.col_status[na + j] == BasisStatus::Lower;
            if !capped {
                self.held[j] = !at_zero;
            }
            let idle = at_zero && reduced[na + j] > IDLE_REDUCED_COST;
            self.idle[j] = if idle {
                self.idle[j].saturating_add(1)
            } else {
                0
            };
            let st = self.state[self.slot(u, v)];
            // Off a held objective's face: fixed at zero for good.
            let off_face = st & (OFF_FACE | KEPT) == OFF_FACE;
            if off_face && at_zero
                || usize::from(self.idle[j]) >= after
                    && !self.held[j]
                    && st & (PURGED | KEPT) == 0
                    && match (model.supply(u), model.demand(v)) {
                        (SupplyRef::Source(_), DemandRef::Sink(_)) => true,
                        (SupplyRef::Intake(_), _) => false,
                        _ => every_kind,
                    }
            {
                delete[na + j] = true;
                n += 1;
            }
        }
        if n == 0 {
            return Ok(());
        }
        self.live.delete_cols(&delete)?;
        let mut kept = 0;
        for j in 0..self.arcs.len() {
            let (u, v) = self.arcs[j];
            if delete[na + j] {
                let s = self.slot(u, v);
                self.state[s] = PURGED;
            } else {
                self.arcs[kept] = (u, v);
                self.idle[kept] = self.idle[j];
                self.held[kept] = self.held[j];
                kept += 1;
            }
        }
        self.arcs.truncate(kept);
        self.idle.truncate(kept);
        self.held.truncate(kept);
        self.stats.purged += n;
        tracing::debug!(purged = n, "purged idle columns");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Model, Objective};
    use crate::pricing::select::BatchLimits;
    use crate::solve::SolveOptions;
    use crate::synth::{Family, SyntheticPark};

    /// A small heavy-reuse park: its masters need several rounds.
    fn heavy_park() -> Model {
        SyntheticPark::size(30, 30, 2)
            .with_family(Family::HeavyReuse)
            .scenario()
            .validate()
            .unwrap()
    }

    /// The first master, solved (through phase one when infeasible).
    fn first_master<'m>(
        model: &'m Model,
        options: &'m SolveOptions,
        limits: &'m BatchLimits,
    ) -> (Master<'m>, Status) {
        let mut m = Master::new(model, options, limits, &[]).unwrap();
        let mut status = m.run().unwrap();
        if status == Status::Infeasible {
            status = m
                .phase_one(&ObjectiveWeights::single(model.objectives[0]))
                .unwrap();
        }
        (m, status)
    }

    /// A structured heavy-reuse park whose freshwater is capped at
    /// `share` of its demand: its first master is infeasible.
    fn capped_park(share: f64) -> Model {
        let mut scenario =
            crate::synth::StructuredPark::new(60, 60, 3, crate::synth::Shape::HeavyReuse)
                .scenario();
        let demand: f64 = scenario.sinks.iter().filter_map(|s| s.flow).sum();
        scenario.policy = Some(crate::scenario::Policy {
            max_intake: Some(share * demand),
            ..Default::default()
        });
        scenario.validate().unwrap()
    }

    /// Phase one priced with the objective ("big M") ends at a feasible
    /// point already shaped by the objective: cheaper than phase one
    /// alone's, and at the same optimum once priced, whatever M (a small M
    /// leaves phase one alone to finish).
    #[test]
    fn phase_one_priced_with_the_objective_starts_nearer_the_optimum() {
        let model = capped_park(0.25);
        let options = SolveOptions::default();
        let weights = ObjectiveWeights::single(model.objectives[0]);
        let solve = |big_m| {
            let limits = BatchLimits {
                big_m,
                ..BatchLimits::default()
            };
            let mut m = Master::new(&model, &options, &limits, &[]).unwrap();
            assert_eq!(m.run().unwrap(), Status::Infeasible, "the cap bites");
            let status = m.phase_one(&weights).unwrap();
            assert_eq!(status, Status::Optimal, "big_m {big_m}");
            assert!(!m.artificials_open);
            let start = m.live.info().objective_value;
            let status = m.price_to_optimality(&weights, status).unwrap();
            assert_eq!(status, Status::Optimal, "big_m {big_m}");
            assert!(m.stats.certificate >= -1e-7, "big_m {big_m}");
            (start, m.live.info().objective_value)
        };
        let (alone, optimum) = solve(0);
        for big_m in [1, 3, 1000] {
            let (start, end) = solve(big_m);
            assert!(
                (end - optimum).abs() <= 1e-7 * optimum,
                "big_m {big_m}: {end} vs {optimum}"
            );
            if big_m >= 3 {
                assert!(
                    start < alone,
                    "big_m {big_m}: {start} vs phase one alone's {alone}"
                );
            }
        }
    }

    /// An infeasible park: phase one priced with the objective stops once
    /// the artificials stop falling, and phase one alone proves it.
    #[test]
    fn an_infeasible_park_is_still_proven_so_with_big_m() {
        let model = capped_park(0.01);
        let options = SolveOptions::default();
        let weights = ObjectiveWeights::single(model.objectives[0]);
        for big_m in [0, 3] {
            let limits = BatchLimits {
                big_m,
                ..BatchLimits::default()
            };
            let mut m = Master::new(&model, &options, &limits, &[]).unwrap();
            assert_eq!(m.run().unwrap(), Status::Infeasible);
            assert_eq!(
                m.phase_one(&weights).unwrap(),
                Status::Infeasible,
                "big_m {big_m}"
            );
            assert!(m.unmet() > 1.0);
        }
    }

    #[test]
    fn exactly_the_basic_master_columns_are_left_out_of_the_certificate() {
        let model = heavy_park();
        let options = SolveOptions::default();
        let limits = BatchLimits::default();
        let (mut m, status) = first_master(&model, &options, &limits);
        let weights = ObjectiveWeights::single(model.objectives[0]);
        assert_eq!(
            m.price_to_optimality(&weights, status).unwrap(),
            Status::Optimal
        );
        let basis = m.live.basis().unwrap();
        let na = m.artificials.len();
        let is_basic = |j: usize| basis.col_status[na + j] == BasisStatus::Basic;
        assert!((0..m.arcs.len()).any(is_basic));
        for (j, &(u, v)) in m.arcs.iter().enumerate() {
            assert_eq!(
                m.state[m.slot(u, v)] & BASIC != 0,
                is_basic(j),
                "column {j}"
            );
        }
    }

    #[test]
    fn rounds_add_priced_columns_and_purge_idle_ones_once() {
        let model = heavy_park();
        let options = SolveOptions::default();
        let limits = BatchLimits {
            purge_after: 1,
            ..BatchLimits::default()
        };
        let (mut m, status) = first_master(&model, &options, &limits);
        assert_eq!(status, Status::Optimal);
        let weights = ObjectiveWeights::single(model.objectives[0]);
        let before = m.arcs.len();
        let added = m.price_and_add(&weights).unwrap();
        assert!(added > 0, "the first master is not optimal for the park");
        assert_eq!(m.arcs.len() + m.stats.purged, before + added);
        assert!(m.stats.certificate < -TOLERANCE);
        let resolved = m.resolve().unwrap();
        let status = m.price_to_optimality(&weights, resolved).unwrap();
        assert_eq!(status, Status::Optimal);
        // The end: unboxed, nothing prices out, and purged arcs are marked.
        assert!(!m.boxed);
        assert!(
            m.stats.certificate >= -TOLERANCE * 1e3,
            "{}",
            m.stats.certificate
        );
        let purged = m.state.iter().filter(|&&s| s & PURGED != 0).count();
        assert_eq!(purged, m.stats.purged);
    }

    /// Boxes lie beyond every feasible flow, so at the boxed optimum no
    /// arc column sits at its box and removing the boxes leaves the point
    /// and its basis as they are: the unboxed re-solve takes no iteration.
    #[test]
    fn no_column_ends_at_its_box() {
        for (family, objective) in [
            (Family::HeavyReuse, Objective::Freshwater),
            (Family::HeavyReuse, Objective::Cost),
            (Family::SparseReuse, Objective::Freshwater),
        ] {
            let mut model = SyntheticPark::size(30, 30, 2)
                .with_family(family)
                .scenario()
                .validate()
                .unwrap();
            model.objectives = vec![objective];
            let options = SolveOptions::default();
            let limits = BatchLimits {
                resolve_cap: 0,
                ..BatchLimits::default()
            };
            let (mut m, mut status) = first_master(&model, &options, &limits);
            let weights = ObjectiveWeights::single(objective);
            m.pricing = true;
            while status == Status::Optimal && m.price_and_add(&weights).unwrap() > 0 {
                status = m.resolve().unwrap();
            }
            assert_eq!(status, Status::Optimal);
            assert!(m.boxed && m.live.basis().is_some());
            assert_eq!(m.arcs_at_box(), 0, "{family:?} {objective:?}");
            let z = m.live.info().objective_value;
            m.set_boxed(false).unwrap();
            assert_eq!(m.resolve().unwrap(), Status::Optimal);
            assert_eq!(
                m.live.info().simplex_iterations,
                0,
                "{family:?} {objective:?}"
            );
            assert!((m.live.info().objective_value - z).abs() <= 1e-9 * z.abs().max(1.0));
        }
    }

    /// Re-solves stopped at a cap of 1 % of the rows (with purging), or run
    /// by primal simplex (always, or after small batches), end at the
    /// optimum of masters solved to optimality by dual simplex, unboxed and
    /// certified.
    #[test]
    fn capped_and_primal_resolves_reach_the_same_optimum() {
        let model = heavy_park();
        let options = SolveOptions::default();
        let weights = ObjectiveWeights::single(model.objectives[0]);
        let solve = |limits: BatchLimits| {
            let (mut m, status) = first_master(&model, &options, &limits);
            let status = m.price_to_optimality(&weights, status).unwrap();
            assert_eq!(status, Status::Optimal, "{limits:?}");
            assert!(!m.boxed && !m.capped);
            assert!(
                m.stats.certificate >= -TOLERANCE * 1e3,
                "{limits:?}: {}",
                m.stats.certificate
            );
            (
                m.live.info().objective_value,
                m.capped_solves,
                m.primal_solves,
                m.stats.purged,
            )
        };
        let exact = BatchLimits {
            resolve_cap: 0,
            primal_below: 0,
            ..BatchLimits::default()
        };
        let (z, capped, primal, _) = solve(exact);
        assert_eq!((capped, primal), (0, 0));
        // Columns idle at a stopped re-solve are purged too (those at zero
        // in the last feasible point).
        let (zc, capped, _, purged) = solve(BatchLimits {
            resolve_cap: 1,
            resolve_cap_min_batch: 0,
            purge_after: 1,
            ..exact
        });
        assert!(capped > 0, "no re-solve was capped");
        assert!(purged > 0, "nothing was purged");
        // Only after a batch of at least `resolve_cap_min_batch` % of the
        // rows: never after batches smaller than ten times the rows.
        let (_, capped, _, _) = solve(BatchLimits {
            resolve_cap: 1,
            resolve_cap_min_batch: 1000,
            ..exact
        });
        assert_eq!(capped, 0, "a re-solve after a small batch was capped");
        let (zp, _, primal, _) = solve(BatchLimits {
            primal: true,
            ..exact
        });
        assert!(primal > 0, "no re-solve ran the primal simplex");
        // Only after small batches, to a master at its optimum.
        let (zs, _, primal, _) = solve(BatchLimits {
            primal_below: 100,
            ..exact
        });
        assert!(primal > 0, "no small batch was re-solved by primal simplex");
        for other in [zc, zp, zs] {
            assert!(
                (other - z).abs() <= 1e-7 * z.abs().max(1.0),
                "{other} vs {z}"
            );
        }
    }

    /// With `primal_after_objective_change`, the master is re-solved by
    /// primal simplex from its primal feasible basis after the objective
    /// changes (the next of a list, the first held by a bound row), and
    /// pricing ends at the optimum the dual simplex reaches.
    #[test]
    fn the_next_objective_is_re_solved_by_primal_simplex() {
        let mut model = heavy_park();
        model.objectives = vec![Objective::Freshwater, Objective::Cost];
        let options = SolveOptions::default();
        let mut ends = Vec::new();
        for primal in [false, true] {
            let limits = BatchLimits {
                primal_after_objective_change: primal,
                ..BatchLimits::default()
            };
            let (mut m, status) = first_master(&model, &options, &limits);
            let first = ObjectiveWeights::single(Objective::Freshwater);
            let status = m.price_to_optimality(&first, status).unwrap();
            assert_eq!(status, Status::Optimal);
            let z = m.live.info().objective_value;
            m.hold_objective(0, z).unwrap();
            let next = ObjectiveWeights::single(Objective::Cost);
            m.set_objective(&next).unwrap();
            m.set_boxed(true).unwrap();
            let before = m.primal_solves;
            let status = m.resolve().unwrap();
            assert_eq!(m.primal_solves - before, usize::from(primal));
            let status = m.price_to_optimality(&next, status).unwrap();
            assert_eq!(status, Status::Optimal);
            assert!(m.stats.certificate >= -TOLERANCE * 1e3);
            ends.push(m.live.info().objective_value);
        }
        let (a, b) = (ends[0], ends[1]);
        assert!((a - b).abs() <= 1e-7 * a.abs().max(1.0), "{a} vs {b}");
    }

    /// Every kind of column but intake arcs may be purged when asked, and
    /// the answer is still the full LP's.
    #[test]
    fn purging_every_kind_reaches_treatment_columns() {
        let model = heavy_park();
        let options = SolveOptions::default();
        let weights = ObjectiveWeights::single(model.objectives[0]);
        let mut objective = Vec::new();
        for every in [false, true] {
            let limits = BatchLimits {
                purge_after: 1,
                purge_every_kind: every,
                ..BatchLimits::default()
            };
            let (mut m, status) = first_master(&model, &options, &limits);
            let status = m.price_to_optimality(&weights, status).unwrap();
            assert_eq!(status, Status::Optimal);
            let ns = model.num_supplies();
            let purged_kinds: Vec<(SupplyRef, DemandRef)> = m
                .state
                .iter()
                .enumerate()
                .filter(|(_, &s)| s & PURGED != 0)
                .map(|(i, _)| {
                    let (u, v) = (SupplyId((i % ns) as u32), DemandId((i / ns) as u32));
                    (model.supply(u), model.demand(v))
                })
                .collect();
            let other = purged_kinds
                .iter()
                .filter(|k| !matches!(k, (SupplyRef::Source(_), DemandRef::Sink(_))))
                .count();
            assert!(purged_kinds
                .iter()
                .all(|k| !matches!(k.0, SupplyRef::Intake(_))));
            assert_eq!(other > 0, every, "{other} other columns purged");
            objective.push(m.live.info().objective_value);
        }
        let (a, b) = (objective[0], objective[1]);
        assert!((a - b).abs() <= 1e-7 * a.abs().max(1.0), "{a} vs {b}");
    }
}
