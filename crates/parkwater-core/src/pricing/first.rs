//! The first master of arc pricing: which arcs it starts with (freshwater,
//! treatment, discharges, each sink's least-dilution sources, a previous
//! variant's arcs), its hand-over to the solver layer, and its first solve,
//! warm from a previous variant's basis when that fits.

use super::caps::{dilution, flow_caps};
use super::master::{Master, IN_MASTER};
use super::prices::ObjectiveWeights;
use super::select::BatchLimits;
use super::warm::{MasterBasis, MasterColumns};
use crate::formulate::RowIndex;
use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyRef};
use crate::network::ArcRules;
use crate::solve::{
    Basis, BasisStatus, Live, PricingStats, SolveError, SolveOptions, SparseLp, Status, Warm,
};
use rayon::prelude::*;

/// Builds the first master and solves it: from `basis` when it fits the
/// model and HiGHS takes it, else cold (as without a basis). A warm solve
/// that ends in anything but an answer is redone cold on a fresh master.
pub(super) fn first_master<'m>(
    model: &'m Model,
    options: &'m SolveOptions,
    limits: &BatchLimits,
    seed: &[(SupplyId, DemandId)],
    basis: Option<&MasterBasis>,
) -> Result<(Master<'m>, Status), SolveError> {
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

impl<'m> Master<'m> {
    pub(super) fn new(
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
            live: Live::new(options, 0)?,
            artificials: (0..rows.len())
                .filter(|&r| rows.lower[r as usize] > 0.0)
                .collect(),
            arcs: Vec::new(),
            idle: Vec::new(),
            held: Vec::new(),
            state: vec![0; model.num_supplies() * model.num_demands()],
            out_cap,
            in_cap,
            any_cap,
            boxed: true,
            last_iterations: 0,
            last_ipm: false,
            last_added: 0,
            columns_only: false,
            capped: false,
            pricing: false,
            degenerate: false,
            capped_solves: 0,
            objective_changed: false,
            primal_solves: 0,
            polish_next: false,
            primal_next: false,
            bounds: Vec::new(),
            faces: Default::default(),
            weights: ObjectiveWeights::single(model.objectives[0]),
            artificials_open: false,
            stats: PricingStats::default(),
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

    pub(super) fn count_candidates(&self) -> usize {
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
    pub(super) fn first_arcs(&self) -> Vec<(SupplyId, DemandId)> {
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
        let mut extra = super::first_master::per_source_arcs(model, rules, per_source, 1.0);
        extra.extend(super::first_master::greedy_arcs(
            model,
            rules,
            self.limits.first_greedy,
            4.0,
        ));
        let mut known: std::collections::HashSet<(SupplyId, DemandId)> = if extra.is_empty() {
            Default::default()
        } else {
            arcs.iter().copied().collect()
        };
        arcs.extend(extra.into_iter().filter(|&a| known.insert(a)));
        super::first_master::trim_products(model, arcs, self.limits.first_products_per_sink)
    }

    /// The master's columns over `arcs` (costs and CSC), as HiGHS holds
    /// them: the artificials first (no cost, one entry each, its row's
    /// factor), then the arcs'.
    pub(super) fn master_columns(
        &self,
        arcs: &[(SupplyId, DemandId)],
    ) -> (Vec<f64>, Vec<usize>, Vec<u32>, Vec<f64>) {
        let na = self.artificials.len();
        let (arc_cost, arc_start, a_index, a_value) = self.columns(arcs);
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
        (cost, start, index, value)
    }

    pub(super) fn pass_master(&mut self, first: &[(SupplyId, DemandId)]) -> Result<(), SolveError> {
        let na = self.artificials.len();
        let (row_lower, row_upper) = self.rows.scaled_bounds();
        let (cost, start, index, value) = self.master_columns(first);
        let mut upper = vec![0.0; na];
        upper.extend(first.iter().map(|&(u, v)| self.arc_upper(u, v)));
        let lower = vec![0.0; cost.len()];
        self.live.pass(&SparseLp {
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
        self.held.resize(self.arcs.len(), false);
        Ok(())
    }

    /// The stored basis laid onto this (first) master, if the model has
    /// the shape it was taken from.
    pub(super) fn lay_basis(&self, basis: &MasterBasis) -> Option<Basis> {
        self.lay_basis_held(basis, &[])
    }

    /// [`Master::lay_basis`] with `bound_rows` as the statuses of the bound
    /// rows the master holds (those added since are left to the caller).
    pub(super) fn lay_basis_held(
        &self,
        basis: &MasterBasis,
        bound_rows: &[BasisStatus],
    ) -> Option<Basis> {
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
            bound_rows,
        )
    }

    /// Installs `start` and solves the first master from it by dual simplex
    /// without presolve (presolve would drop the basis). `None` when HiGHS
    /// did not take a complete basis or the solve gave no answer; the master
    /// must then be rebuilt, since HiGHS may hold part of the basis.
    pub(super) fn run_from(&mut self, start: &Basis) -> Result<Option<Status>, SolveError> {
        self.live.set_basis(start)?;
        let rows = self.live.num_rows();
        if self.live.basis().map(|b| b.num_basic()) != Some(rows) {
            return Ok(None);
        }
        self.live.set_warm(self.options, Warm::DualSimplex)?;
        let status = self.run()?;
        let answered = matches!(
            status,
            Status::Optimal | Status::Infeasible | Status::TimeLimit
        );
        self.stats.basis_reused = answered;
        Ok(answered.then_some(status))
    }

    /// The current (optimal, unboxed) basis by meaning, for the next
    /// variant; `None` without a simplex basis or with bound rows.
    pub(super) fn capture_basis(&self) -> Option<MasterBasis> {
        self.capture_basis_with_bounds()
            .filter(|(_, bound_rows)| bound_rows.is_empty())
            .map(|(basis, _)| basis)
    }

    /// [`Master::capture_basis`] of a master that may hold earlier
    /// objectives by bound rows: their statuses are returned beside it.
    pub(super) fn capture_basis_with_bounds(&self) -> Option<(MasterBasis, Vec<BasisStatus>)> {
        let mut basis = self.live.basis()?;
        let bound_rows = basis.row_status.split_off(self.rows.len() as usize);
        let master = MasterBasis::capture(
            self.model,
            &self.rows,
            &self.artificials,
            &self.arcs,
            &basis,
        )?;
        Some((master, bound_rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{Family, SyntheticPark};

    #[test]
    fn the_first_master_leaves_most_source_to_sink_arcs_to_pricing() {
        let model = SyntheticPark::size(20, 20, 2)
            .with_family(Family::SparseReuse)
            .scenario()
            .validate()
            .unwrap();
        let options = SolveOptions::default();
        let limits = BatchLimits {
            first_per_sink: 3,
            ..BatchLimits::default()
        };
        let seed = [(
            model.supply_id(SupplyRef::Source(0)),
            model.demand_id(DemandRef::Sink(0)),
        )];
        let m = Master::new(&model, &options, &limits, &seed).unwrap();
        let mut per_sink = vec![0; model.sinks.len()];
        for &(u, v) in &m.arcs {
            assert!(m.rules.allows(u, v));
            if let (SupplyRef::Source(_), DemandRef::Sink(k)) = (model.supply(u), model.demand(v)) {
                per_sink[k] += 1;
            }
            // Every fresh-water arc to a sink is in.
        }
        // At most the best 3 per sink, plus the seed arc on sink 0.
        assert!(per_sink.iter().all(|&n| n <= 3 + 1), "{per_sink:?}");
        assert!(m.arcs.contains(&seed[0]), "the seed arc is in");
        for k in 0..model.sinks.len() {
            let v = model.demand_id(DemandRef::Sink(k));
            for i in 0..model.intakes.len() {
                let u = model.supply_id(SupplyRef::Intake(i));
                assert_eq!(m.arcs.contains(&(u, v)), m.rules.allows(u, v));
            }
        }
        assert!(m.arcs.len() < m.stats.candidates);
        assert_eq!(m.live.num_cols(), m.artificials.len() + m.arcs.len());
    }
}
