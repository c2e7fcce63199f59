//! Which priced-out arcs enter the master each round.
//!
//! Measured on synthetic parks (shared/design/PRICING.md): taking "most
//! negative first" floods the master with copies of the same few dirty
//! effluents, whose early source duals are large although they can enter a
//! sink only at tiny dilution. So candidates are capped per demand, per
//! supply and per round, and source -> sink candidates are ranked by reduced
//! cost divided by their dilution ratio (floored at 1). Ranking by reduced
//! cost alone, or by reduced cost x the most the arc can carry, took 20-60 %
//! more simplex iterations on the heavy-reuse 500 x 500 x 4 park.

use crate::model::{DemandId, SupplyId};
use serde::Serialize;

/// Limits on the columns added to (and kept in) the master.
///
/// The defaults were chosen on the synthetic 500 x 500 x 4 and
/// 1500 x 1500 x 5 parks of both families (figures in `pricing/mod.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BatchLimits {
    /// Best sources per sink in the first master.
    pub first_per_sink: usize,
    /// Columns added per demand and round.
    pub per_demand: usize,
    /// Columns added per supply and round.
    pub per_supply: usize,
    /// Columns added per round.
    pub per_round: usize,
    /// Rounds a source -> sink column may stay idle (nonbasic at zero with a
    /// positive reduced cost) before it is deleted from the master; 0 keeps
    /// every column. An arc is deleted at most once.
    pub purge_after: usize,
    /// Masters with at least this many rows re-solve their costly middle
    /// rounds by interior point + crossover instead of warm dual simplex
    /// (`usize::MAX`, the default: never). Measured in `mod.rs`: it saved
    /// 25 % on the unstructured heavy 1500 park and cost 90 % on the
    /// structured one, whose interior point rounds (60 iterations and a
    /// crossover over 57k columns) took ten times a simplex round.
    pub ipm_min_rows: usize,
    /// Best sinks per source (least dilution, and only those it can enter
    /// at a dilution ratio <= 1) added to the first master; 0: none.
    pub first_per_source: usize,
    /// Treatment products per sink in the first master (those needing the
    /// least dilution); 0: every product -> sink arc.
    pub first_products_per_sink: usize,
    /// Purge idle columns of every kind but intake arcs (source ->
    /// treatment and discharge, treatment -> anywhere), not only
    /// source -> sink ones.
    pub purge_every_kind: bool,
    /// Sources each sink considers in the greedy reuse plan whose arcs
    /// join the first master (`first_master::greedy_arcs`); 0: no plan.
    pub first_greedy: usize,
    /// Candidates each demand keeps while scanning, as a multiple of
    /// `per_demand`: the batch then fills a demand whose best arcs come
    /// from supplies at their cap with its next best ones. 4 (measured in
    /// `mod.rs`: 25-30 % fewer rounds on heavy reuse, the same work at
    /// 500, 6 % less at 1500); 1: each demand's `per_demand` best only.
    pub depth: usize,
    /// Re-solve a master whose last change only added (and purged) columns
    /// by warm primal simplex (its basis stays primal feasible) instead of
    /// warm dual simplex; bound, cost and row changes are re-solved by the
    /// dual simplex either way. Off: measured 2-3x slower on heavy reuse
    /// (`mod.rs`).
    pub primal: bool,
    /// Iterations a pricing round's warm dual simplex may take, in percent
    /// of the master's rows, before the next round is priced from the
    /// duals it stopped at (dual feasible, so the scan is sound; the
    /// master is solved to its optimum whenever nothing prices out, so the
    /// end is exact). 0: solve every master to its optimum. 70 (measured
    /// in `mod.rs`).
    pub resolve_cap: usize,
    /// A re-solve is stopped at `resolve_cap` only after a batch of at
    /// least this percent of the master's rows; after a smaller one it
    /// runs to its optimum. Stopping pays when the next batch overturns
    /// the optimum; after a small batch the master is nearly final, and
    /// stopped re-solves (each restarting HiGHS's perturbed dual simplex)
    /// made no progress for dozens of rounds on objectives that price
    /// most arcs at zero. 10 (measured in `mod.rs`); 0: always.
    pub resolve_cap_min_batch: usize,
    /// Re-solve by warm primal simplex when the master moves to the next
    /// objective of a list (or to the first alone after its tie-break):
    /// the basis stays primal feasible and the new optimum is near, where
    /// the dual simplex starts far from dual feasible. After phase one and
    /// into a tie-break, where the optimum moves far, the dual simplex
    /// stays (primal simplex took 8-14 % more iterations after phase one,
    /// 2-6x more into a tie-break). Off: 1.2-1.9x faster on cost-first
    /// lists at 500x500x4, but on one 1500x1500x5 freshwater,cost park the
    /// primal re-solve into the second objective ended in numerical trouble
    /// after 40k iterations (measured in `mod.rs`).
    pub primal_after_objective_change: bool,
    /// Re-solve by warm primal simplex after a batch below this many per
    /// mille of the rows that only added columns to a master at its
    /// optimum (no objective held yet): the point stays feasible and the
    /// few new columns enter in a few pivots, and HiGHS's primal simplex
    /// skips the dual steepest-edge weights its dual simplex recomputes
    /// for every row after columns are added (a tail round of 30
    /// iterations took 30-50 ms by dual simplex, 5-8 ms by primal). 30
    /// (3 %; measured in `mod.rs`: 0-16 % less on the 500x500x4 matrix,
    /// 1500x1500x5 the same); 0: off.
    pub primal_below: usize,
    /// Price a degenerate first objective alone after its tie-break by warm
    /// primal simplex re-solves, never stopped early: its batches add
    /// columns to an optimal, hence feasible, point, where the dual
    /// simplex put each at its box and spent thousands of degenerate
    /// iterations re-routing. On (measured in `mod.rs`: 1500x1500x5 heavy
    /// freshwater,cost 618 -> 301 CPU s).
    pub primal_degenerate: bool,
    /// While a degenerate first objective is priced alone by primal
    /// simplex (`primal_degenerate`), purge idle columns of every kind but
    /// intake arcs, as `purge_every_kind` does. A primal simplex iteration
    /// scans every column of the master (PRICE and CHUZC: half of a
    /// 1500x1500x5 run's profile), and at the end of the tie-break 45k of
    /// its 56k columns were treatment feeds and products that only
    /// source -> sink purging never removed. On (measured in `mod.rs`:
    /// 1500x1500x5 heavy freshwater,cost: its freshwater stage 150 ->
    /// 103 s, the run about 260 -> 227 CPU s).
    pub purge_degenerate: bool,
    /// Re-solve by primal simplex when a tie-broken first objective returns
    /// to itself alone: the tie-broken optimum is feasible and near its
    /// optimum, where the dual simplex starts far from dual feasible. On
    /// (measured in `mod.rs`: 500x500x4 heavy seed 3, freshwater,cost, the
    /// switch 4.4k -> 700 iterations).
    pub primal_after_tie_break: bool,
    /// Minimize each later objective of a list over the optimal face of
    /// the held ones (`face.rs`): arcs their duals price above zero are
    /// fixed at zero and never priced again.
    pub face: bool,
    /// Share, per mille, of the next objective in the costs while an
    /// objective of a list is priced, when it costs most master arcs
    /// nothing (freshwater, discharge); the one after the next at this
    /// share of the next, and so on. Such an objective has many optima; the
    /// later ones break their ties, so the columns found are those they
    /// need. The objective is then priced again alone, so its optimum is
    /// exact. Each later objective is scaled to it by their mean nonzero
    /// arc costs. 50 (measured in `mod.rs`); 0: off.
    pub tie_break: usize,
    /// When the first master is infeasible: the artificials' cost in phase
    /// one, as a multiple of the master's largest arc cost, beside the
    /// first objective's own arc costs ("big M"). Phase one then also
    /// prices toward the optimum, instead of reaching an arbitrary feasible
    /// point the first objective starts over from. Phase one alone (the
    /// artificials' sum, arcs at zero cost) still decides when the
    /// artificials stay positive. 3 (measured in `mod.rs`: 1 was too small
    /// on some parks, 1000 no better than phase one alone); 0: phase one
    /// alone.
    pub big_m: usize,
}

impl Default for BatchLimits {
    fn default() -> Self {
        BatchLimits {
            first_per_sink: 5,
            per_demand: 5,
            per_supply: 10,
            per_round: 20_000,
            purge_after: 2,
            ipm_min_rows: usize::MAX,
            first_per_source: 0,
            first_products_per_sink: 0,
            purge_every_kind: false,
            first_greedy: 0,
            depth: 4,
            primal: false,
            resolve_cap: 70,
            resolve_cap_min_batch: 10,
            primal_after_objective_change: false,
            primal_below: 30,
            primal_degenerate: true,
            purge_degenerate: true,
            primal_after_tie_break: true,
            face: true,
            tie_break: 50,
            big_m: 3,
        }
    }
}

/// An arc that prices out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Supply end.
    pub u: SupplyId,
    /// Demand end.
    pub v: DemandId,
    /// Reduced cost (negative).
    pub rc: f64,
    /// Ranking key (smaller first): rc, or rc / dilution ratio for source -> sink.
    pub key: f64,
}

impl Candidate {
    fn order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
        a.key
            .total_cmp(&b.key)
            .then(a.rc.total_cmp(&b.rc))
            .then_with(|| spread(a.u, a.v).cmp(&spread(b.u, b.v)))
    }
}

/// A deterministic tie-break that does not favour low indices.
fn spread(u: SupplyId, v: DemandId) -> u64 {
    let x = ((u.0 as u64) << 32 | v.0 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// Keeps the `limit` best candidates of one demand (in place, sorted).
pub fn best_of_demand(candidates: &mut Vec<Candidate>, limit: usize) {
    if candidates.len() > limit {
        candidates.select_nth_unstable_by(limit, Candidate::order);
        candidates.truncate(limit);
    }
    candidates.sort_by(Candidate::order);
}

/// Applies the per-supply and per-round caps to all demands' candidates.
pub fn batch(
    mut all: Vec<Candidate>,
    num_supplies: usize,
    num_demands: usize,
    limits: &BatchLimits,
) -> Vec<Candidate> {
    all.sort_by(Candidate::order);
    let mut per_supply = vec![0usize; num_supplies];
    let mut per_demand = vec![0usize; num_demands];
    let mut chosen = Vec::with_capacity(all.len().min(limits.per_round));
    for c in all {
        if chosen.len() >= limits.per_round {
            break;
        }
        let (n, m) = (c.u.0 as usize, c.v.0 as usize);
        if per_supply[n] < limits.per_supply && per_demand[m] < limits.per_demand {
            per_supply[n] += 1;
            per_demand[m] += 1;
            chosen.push(c);
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(u: u32, v: u32, rc: f64) -> Candidate {
        Candidate {
            u: SupplyId(u),
            v: DemandId(v),
            rc,
            key: rc,
        }
    }

    #[test]
    fn caps_per_supply_and_round() {
        let all: Vec<_> = (0..10)
            .map(|v| cand(0, v, -(v as f64) - 1.0))
            .chain([cand(1, 0, -0.5)])
            .collect();
        let limits = BatchLimits {
            per_supply: 3,
            per_round: 4,
            ..Default::default()
        };
        let chosen = batch(all, 2, 10, &limits);
        assert_eq!(chosen.len(), 4);
        assert_eq!(chosen.iter().filter(|c| c.u.0 == 0).count(), 3);
        assert_eq!(chosen[0].rc, -10.0);
        assert!(chosen.iter().any(|c| c.u.0 == 1));
    }

    #[test]
    fn a_demand_whose_best_supplies_are_capped_takes_its_next_ones() {
        // Demand 0 prefers supply 0 (capped at 1 by demand 1's better arc),
        // then supplies 1 and 2; at most 2 per demand.
        let all = vec![
            cand(0, 1, -10.0),
            cand(0, 0, -9.0),
            cand(1, 0, -2.0),
            cand(2, 0, -1.0),
            cand(3, 0, -0.5),
        ];
        let limits = BatchLimits {
            per_supply: 1,
            per_demand: 2,
            ..Default::default()
        };
        let chosen = batch(all, 4, 2, &limits);
        let arcs: Vec<(u32, u32)> = chosen.iter().map(|c| (c.u.0, c.v.0)).collect();
        assert_eq!(arcs, vec![(0, 1), (1, 0), (2, 0)]);
    }

    #[test]
    fn best_of_demand_keeps_most_negative() {
        let mut c: Vec<_> = (0..20).map(|u| cand(u, 0, u as f64 - 20.0)).collect();
        best_of_demand(&mut c, 5);
        assert_eq!(
            c.iter().map(|c| c.u.0).collect::<Vec<_>>(),
            vec![0, 1, 2, 3, 4]
        );
    }
}
