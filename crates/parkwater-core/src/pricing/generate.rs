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
//! These choices make the master solves cheap (each measured, see
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
//!   (nonbasic, so the basis stays valid); while a degenerate objective is
//!   priced alone by primal simplex, idle columns of every kind but intake
//!   arcs. An arc is purged at most once, so pricing still terminates.
//! - **Small, spread batches** ([`BatchLimits`]).
//! - **Re-solves stopped early.** A pricing round's warm dual simplex stops
//!   after `resolve_cap` % of the master's rows in iterations; its duals
//!   are dual feasible and price the next round. Whenever nothing prices
//!   out, the master is solved to its optimum before the end is declared.
//! - **Interior point for the costly middle rounds of large masters**, off
//!   by default ([`BatchLimits::ipm_min_rows`]): once a warm dual simplex
//!   re-solve needs more than half an iteration per row, rounds are
//!   re-solved by interior point + crossover while they keep adding many
//!   columns (decided on counts only, so runs are deterministic). It paid
//!   on the unstructured heavy parks and cost twice the time on the
//!   structured ones (figures in `mod.rs`).

use super::first::first_master;
use super::master::Master;
use super::prices::ObjectiveWeights;
use super::select::BatchLimits;
use super::warm::{MasterBasis, WarmStart};
use crate::model::{DemandId, Model, Objective, SupplyId};
use crate::network::Network;
use crate::solve::{BasisStatus, LpOutcome, PricingStats, SolveError, SolveOptions, Status};

/// An arc prices out when its reduced cost is below -TOLERANCE x max(1,
/// |cost|), or below -CERTIFICATE_BOUND whatever its cost ([`prices_out`]).
pub const TOLERANCE: f64 = 1e-9;

/// The certificate every priced answer meets: no candidate arc's reduced
/// cost below -CERTIFICATE_BOUND.
pub const CERTIFICATE_BOUND: f64 = 1e-7;

/// Whether an arc outside the master with reduced cost `rc` enters it;
/// `scale` is |cost| under the weights priced (held objectives'
/// multipliers included). The relative tolerance keeps rounding in large costs from
/// pricing arcs out, but a multiplier of 2.5e5 on a held freshwater row
/// made it 2.5e-4 on intake arcs, and 1500x1500x5 heavy (freshwater,
/// cost) ended with a certificate of -2.2e-7: so it is capped at the
/// bound.
pub fn prices_out(rc: f64, scale: f64) -> bool {
    rc < -(TOLERANCE * scale.max(1.0)).min(CERTIFICATE_BOUND)
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
/// basis of its first objective (of an infeasible park, phase one's final
/// basis, which its diagnosis starts from).
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
    let mut kept = None;
    if status == Status::Infeasible {
        let first = ObjectiveWeights::single(model.objectives[0]);
        status = m.phase_one(&tie_break_weights(&m, 0).unwrap_or(first))?;
        if status == Status::Infeasible {
            // Where the diagnosis starts its elastic LP.
            kept = m.capture_basis();
        }
    }
    let mut values = Vec::new();
    let mut tie_broken = None;
    for (i, &objective) in model.objectives.iter().enumerate() {
        if status != Status::Optimal {
            break;
        }
        let mut carried = None;
        if i > 0 {
            if m.limits.face && crate::solve::faces_on(model) {
                m.fix_face(model.objectives[i - 1])?;
            }
            m.hold_objective(i - 1, values_last(&values))?;
            if let Some(t) = tie_broken.take() {
                if restart_from_tie_break(&mut m, &t)? && tie_break_weights(&m, i).is_some() {
                    // Under the rows held so far the tie-broken weights
                    // are this objective with the later ones breaking its
                    // ties: the restarted point is its tie-broken point.
                    carried = Some(keep_tie_broken(&mut m, t.weights));
                }
            }
            status = switch_objective(&mut m, objective)?;
        }
        (status, tie_broken) = match carried {
            Some(t) => (status, t),
            None => price_tie_broken(&mut m, i, status)?,
        };
        // Not once an earlier objective is held: primal re-solves under a
        // bound row ended in HiGHS errors (`BatchLimits::primal_below`).
        m.degenerate = tie_broken.is_some() && m.bounds.is_empty() && m.limits.primal_degenerate;
        let alone = ObjectiveWeights::single(objective);
        status = m.price_to_optimality(&alone, status)?;
        for _ in 0..MAX_SETTLES {
            let Some(refreshed) = m.settle(status)? else {
                break;
            };
            // Its duals are recomputed too: priced again, so the
            // certificate is theirs (and that answer settled in turn).
            status = m.price_to_optimality(&alone, refreshed)?;
        }
        m.degenerate = false;
        if status == Status::Optimal {
            if i == 0 {
                // The next variant's first master minimizes this objective
                // too, over the model's rows alone (no bound rows yet).
                kept = m.capture_basis();
            }
            values.push((objective, m.live.info().objective_value));
        }
    }
    let (network, outcome, stats) = m.finish(status, values)?;
    let warm = WarmStart {
        arcs: (0..network.len()).map(|a| network.arc(a)).collect(),
        basis: kept,
    };
    Ok((network, outcome, stats, warm))
}

/// Prices objective `i` of a list with the later ones as its tie-break
/// ([`BatchLimits::tie_break`]) when it costs at least half the master's
/// arcs nothing and some arc prices out under it alone, then restores it
/// alone, boxed and re-solved, for the caller to price to its exact
/// optimum. Returns the tie-broken optimum too, which the next objective
/// starts from ([`restart_from_tie_break`]).
fn price_tie_broken(
    m: &mut Master,
    i: usize,
    status: Status,
) -> Result<(Status, Option<TieBroken>), SolveError> {
    let first = m.model.objectives[i];
    let Some(weights) = tie_break_weights(m, i).filter(|_| status == Status::Optimal) else {
        return Ok((status, None));
    };
    // Nothing to break when no arc prices out under the first objective.
    if m.scan_under(&ObjectiveWeights::single(first))
        .found
        .is_empty()
    {
        return Ok((status, None));
    }
    tracing::debug!(?weights, "pricing with a tie-break");
    let start = m.stats.rounds;
    // Costs change on every arc: dual simplex (primal simplex took 5.4k
    // iterations instead of 2.9k at 500x500x4, 33.7k and 20 s at 1500).
    m.set_costs(&weights)?;
    let status = m.resolve()?;
    // However this ends, the first objective alone is priced from here.
    let status = m.price_to_optimality(&weights, status)?;
    m.stats.tie_break_rounds += m.stats.rounds - start;
    let kept = if status == Status::Optimal {
        keep_tie_broken(m, weights)
    } else {
        None
    };
    // A feasible point near the first objective's optimum.
    m.primal_next = status == Status::Optimal && m.limits.primal_after_tie_break;
    Ok((switch_objective(m, first)?, kept))
}

/// The master's current basis as a tie-broken optimum under `weights`. Its
/// columns off their lower bound are never purged, so the basis is whole
/// again when the master returns to it.
fn keep_tie_broken(m: &mut Master, weights: ObjectiveWeights) -> Option<TieBroken> {
    let (basis, bound_rows) = m.capture_basis_with_bounds()?;
    for (u, v) in basis.arcs_off_lower() {
        let s = m.slot(u, v);
        m.state[s] |= super::master::KEPT;
    }
    Some(TieBroken {
        weights,
        basis,
        bound_rows,
    })
}

/// Objective `i` with the later ones of the list as its tie-break, when
/// there are any and objective `i` costs at least half the master's arcs
/// nothing.
fn tie_break_weights(m: &Master, i: usize) -> Option<ObjectiveWeights> {
    let objectives = &m.model.objectives;
    let first = objectives[i];
    if i + 1 >= objectives.len() || m.limits.tie_break == 0 {
        return None;
    }
    let costs = m.arc_costs(first);
    (costs.free >= 0.5).then(|| {
        m.with_tie_break(
            first,
            &costs,
            &objectives[i + 1..],
            m.limits.tie_break as f64 / 1000.0,
        )
    })
}

/// The tie-broken optimum: its weights, its master basis and the statuses
/// of the bound rows of the objectives held then.
struct TieBroken {
    weights: ObjectiveWeights,
    basis: MasterBasis,
    bound_rows: Vec<BasisStatus>,
}

/// Returns the master to the tie-broken optimum, under the tie-broken
/// weights, once the first objective is held by its bound row, and
/// re-solves it there: the next objective then starts at (or next to) its
/// own optimum.
///
/// Why: minimizing first + s x next subject to first <= its optimum (the
/// bound row) has a multiplier lambda >= 0 on the row; for next alone the
/// same basis has the multiplier 1/s + lambda, still >= 0, so it stays
/// optimal and the switch to next costs no iteration. The re-solve here
/// only brings the tie-broken point (a little above the first objective's
/// optimum: 0.33 % at a 10 % share on 500x500x4 heavy seed 1) under the
/// row: 1.1-2k dual simplex iterations at 500x500x4 where the switch from
/// the first objective's optimum took 10k, and 254k at 1500x1500x5 heavy.
/// Columns off their lower bound in the tie-broken basis are never purged
/// (`KEPT`), so the basis is whole; with 231-1781 of them purged, HiGHS
/// completed it with slacks and the re-solve took 19k iterations at 500 and
/// failed numerically at 1500 (interior point took over).
fn restart_from_tie_break(m: &mut Master, t: &TieBroken) -> Result<bool, SolveError> {
    // Bound rows come after the model's rows: those held at the tie-break
    // keep their status, the one added since is a basic slack.
    let Some(mut basis) = m.lay_basis_held(&t.basis, &t.bound_rows) else {
        return Ok(false);
    };
    basis
        .row_status
        .resize(m.live.num_rows(), BasisStatus::Basic);
    m.set_objective(&t.weights)?;
    m.live.set_basis(&basis)?;
    let status = m.resolve()?;
    tracing::debug!(?status, "re-solved from the tie-broken basis");
    Ok(status == Status::Optimal)
}

/// Moves the master to minimizing `objective` alone, boxed for pricing,
/// and re-solves it; unboxed again when the boxes cut off its point (they
/// are not implied by every model, see `phase_one`).
fn switch_objective(m: &mut Master, objective: Objective) -> Result<Status, SolveError> {
    m.set_objective(&ObjectiveWeights::single(objective))?;
    m.set_boxed(true)?;
    let status = m.resolve()?;
    if status != Status::Infeasible {
        return Ok(status);
    }
    m.set_boxed(false)?;
    m.resolve()
}

/// Refreshes of one objective's optimum before its answer is taken as it
/// is (verification and the pipeline's fallbacks then judge it). One was
/// always enough where drift was seen.
const MAX_SETTLES: usize = 3;

fn values_last(values: &[(Objective, f64)]) -> f64 {
    values.last().map(|&(_, z)| z).unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{Shape, StructuredPark};

    #[test]
    fn an_arc_below_the_certificate_bound_prices_out_whatever_its_cost() {
        // Small costs: the relative tolerance, floored at 1e-9.
        assert!(prices_out(-2e-9, 0.0));
        assert!(!prices_out(-5e-10, 0.5));
        assert!(!prices_out(-5e-8, 100.0));
        // An intake arc under a held freshwater row (multiplier 2.5e5):
        // 1e-9 x 2.5e5 would let -2.2e-7 pass.
        assert!(prices_out(-2.2e-7, 2.5e5));
        assert!(!prices_out(-0.9 * CERTIFICATE_BOUND, 2.5e5));
    }

    /// A 60x60x3 structured heavy-reuse park minimizing freshwater, then cost.
    fn heavy_freshwater_then_cost() -> Model {
        let mut model = StructuredPark::new(60, 60, 3, Shape::HeavyReuse)
            .scenario()
            .validate()
            .unwrap();
        model.objectives = vec![Objective::Freshwater, Objective::Cost];
        model
    }

    /// Freshwater first, priced with cost as its tie-break, ends at the same
    /// lexicographic optimum as without, certified; cost first (every arc
    /// of a park with pipes costs something) is not tie-broken.
    #[test]
    fn a_tie_broken_first_objective_ends_at_the_same_optimum() {
        let mut model = heavy_freshwater_then_cost();
        let options = SolveOptions::default();
        let solve = |model: &Model, tie_break| {
            let limits = BatchLimits {
                tie_break,
                ..BatchLimits::default()
            };
            let (_, outcome, stats) = solve_priced(model, &options, &limits).unwrap();
            assert_eq!(outcome.status, Status::Optimal);
            assert!(stats.certificate >= -1e-7, "{stats:?}");
            (outcome.objective_values, stats.tie_break_rounds)
        };
        let (plain, rounds) = solve(&model, 0);
        assert_eq!(rounds, 0);
        let (tie_broken, rounds) = solve(&model, 100);
        assert!(rounds > 0, "the tie-break was not priced");
        for ((o, a), (p, b)) in plain.iter().zip(&tie_broken) {
            assert_eq!(o, p);
            assert!(
                (a - b).abs() <= 1e-7 * a.abs().max(1.0),
                "{o:?}: {a} vs {b}"
            );
        }
        model.objectives = vec![Objective::Cost, Objective::Freshwater];
        assert_eq!(solve(&model, 100).1, 0);
    }

    /// What a round's progress says of its stage: the objective minimized,
    /// its place in the list, the list's length and the tie-breaks.
    type Stage = (
        &'static str,
        usize,
        usize,
        Option<&'static str>,
        Option<&'static str>,
    );

    /// The stages a priced solve reports, in order (repeated rounds of one
    /// stage merged), and how many of its rounds were tie-broken.
    fn stages_reported(model: &Model) -> (Vec<Stage>, usize, PricingStats) {
        use std::sync::{Arc, Mutex};
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let options = SolveOptions::default().with_progress(move |p| {
            log.lock().unwrap().push((
                p.round,
                (
                    p.minimizing,
                    p.place,
                    p.of,
                    p.ties_broken_by,
                    p.ties_then_broken_by,
                ),
            ));
        });
        let (_, outcome, stats) = solve_priced(model, &options, &BatchLimits::default()).unwrap();
        assert_eq!(outcome.status, Status::Optimal);
        let seen = seen.lock().unwrap();
        assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "rounds in order");
        let mut stages: Vec<_> = seen.iter().map(|&(_, stage)| stage).collect();
        let tie_broken = stages.iter().filter(|s| s.3.is_some()).count();
        stages.dedup();
        (stages, tie_broken, stats)
    }

    /// Each round's progress names the objective of the list it minimizes:
    /// freshwater with cost breaking its ties, then freshwater alone, then
    /// cost under the held freshwater row, in that order. In a list of
    /// three both later objectives break freshwater's ties, and the second
    /// starts at the tie-broken point carried over (`keep_tie_broken`), so
    /// it has no tie-broken rounds of its own.
    #[test]
    fn progress_says_which_objective_each_round_minimizes() {
        let mut model = heavy_freshwater_then_cost();
        let (stages, tie_broken, stats) = stages_reported(&model);
        assert_eq!(tie_broken, stats.tie_break_rounds, "{stages:?}");
        assert_eq!(
            stages,
            [
                ("freshwater", 1, 2, Some("cost"), None),
                ("freshwater", 1, 2, None, None),
                ("cost", 2, 2, None, None),
            ]
        );
        model.objectives = vec![Objective::Freshwater, Objective::Discharge, Objective::Cost];
        let (stages, tie_broken, stats) = stages_reported(&model);
        assert_eq!(tie_broken, stats.tie_break_rounds, "{stages:?}");
        assert_eq!(
            stages,
            [
                ("freshwater", 1, 3, Some("discharge"), Some("cost")),
                ("freshwater", 1, 3, None, None),
                ("discharge", 2, 3, None, None),
                ("cost", 3, 3, None, None),
            ]
        );
    }

    /// A master at the end of freshwater's tie-break, about to price
    /// freshwater alone (`degenerate` as `limits` say).
    fn at_the_degenerate_stage<'m>(
        model: &'m Model,
        options: &'m SolveOptions,
        limits: &BatchLimits,
    ) -> (Master<'m>, Status) {
        let (mut m, status) = first_master(model, options, limits, &[], None).unwrap();
        let (status, tie_broken) = price_tie_broken(&mut m, 0, status).unwrap();
        assert!(tie_broken.is_some(), "the tie-break was not priced");
        m.degenerate = m.limits.primal_degenerate;
        (m, status)
    }

    /// A degenerate first objective, priced alone after its tie-break, is
    /// re-solved by primal simplex and never stopped early
    /// (`BatchLimits::primal_degenerate`), and reaches the optimum the
    /// capped dual simplex reaches.
    #[test]
    fn a_degenerate_first_objective_is_priced_by_primal_simplex() {
        let model = heavy_freshwater_then_cost();
        let options = SolveOptions::default();
        let stage = |primal_degenerate: bool| {
            let limits = BatchLimits {
                primal_degenerate,
                primal_below: 0,
                resolve_cap_min_batch: 0,
                ..BatchLimits::default()
            };
            let (mut m, status) = at_the_degenerate_stage(&model, &options, &limits);
            let (primal, capped, rounds) = (m.primal_solves, m.capped_solves, m.stats.rounds);
            let freshwater = ObjectiveWeights::single(Objective::Freshwater);
            let status = m.price_to_optimality(&freshwater, status).unwrap();
            assert_eq!(status, Status::Optimal);
            assert!(m.stats.certificate >= -1e-7, "{}", m.stats.certificate);
            assert!(m.stats.rounds > rounds + 1, "no column priced out");
            (
                m.primal_solves - primal,
                m.capped_solves - capped,
                m.live.info().objective_value,
            )
        };
        let (primal, _, dual_end) = stage(false);
        assert_eq!(primal, 0);
        let (primal, capped, primal_end) = stage(true);
        assert!(primal > 0, "no re-solve ran the primal simplex");
        assert_eq!(capped, 0, "a re-solve was stopped early");
        assert!(
            (dual_end - primal_end).abs() <= 1e-7 * dual_end.abs(),
            "{dual_end} vs {primal_end}"
        );
    }

    /// While the degenerate first objective is priced alone, idle columns
    /// of every kind are purged (`BatchLimits::purge_degenerate`), not only
    /// source -> sink ones: treatment feeds and products leave the master
    /// too, and the stage ends at the same optimum.
    #[test]
    fn a_degenerate_objective_alone_purges_every_kind_of_idle_column() {
        use super::super::master::PURGED;
        use crate::model::{DemandRef, SupplyRef};
        let model = heavy_freshwater_then_cost();
        let options = SolveOptions::default();
        let stage = |purge_degenerate: bool| {
            let limits = BatchLimits {
                purge_degenerate,
                ..BatchLimits::default()
            };
            let (mut m, status) = at_the_degenerate_stage(&model, &options, &limits);
            let purged_before = m.stats.purged;
            let freshwater = ObjectiveWeights::single(Objective::Freshwater);
            let status = m.price_to_optimality(&freshwater, status).unwrap();
            assert_eq!(status, Status::Optimal);
            assert!(m.stats.certificate >= -1e-7, "{}", m.stats.certificate);
            // Purged in this stage and not source -> sink.
            let ns = model.num_supplies();
            let other_kinds = (0..m.state.len())
                .filter(|&s| m.state[s] & PURGED != 0)
                .filter(|&s| {
                    let (u, v) = (SupplyId((s % ns) as u32), DemandId((s / ns) as u32));
                    !matches!(
                        (model.supply(u), model.demand(v)),
                        (SupplyRef::Source(_), DemandRef::Sink(_))
                    )
                })
                .count();
            (
                other_kinds,
                m.stats.purged - purged_before,
                m.live.info().objective_value,
            )
        };
        let (other_kinds, _, plain) = stage(false);
        assert_eq!(other_kinds, 0);
        let (other_kinds, purged, every_kind) = stage(true);
        assert!(other_kinds > 0, "no treatment or outfall column was purged");
        assert!(purged >= other_kinds, "{purged} < {other_kinds}");
        assert!(
            (plain - every_kind).abs() <= 1e-7 * plain.abs(),
            "{plain} vs {every_kind}"
        );
    }

    /// After the tie-break, the next objective starts at the tie-broken
    /// optimum: once it is brought under the first objective's bound row,
    /// the switch to the next objective takes no iteration (from the first
    /// objective's own optimum it took 994), and the list ends at the
    /// same optimum either way.
    #[test]
    fn the_next_objective_starts_at_the_tie_broken_optimum() {
        let model = heavy_freshwater_then_cost();
        let options = SolveOptions::default();
        let limits = BatchLimits::default();
        let switch_iterations = |restart: bool| {
            let (mut m, status) = first_master(&model, &options, &limits, &[], None).unwrap();
            let (status, tie_broken) = price_tie_broken(&mut m, 0, status).unwrap();
            let freshwater = ObjectiveWeights::single(Objective::Freshwater);
            let status = m.price_to_optimality(&freshwater, status).unwrap();
            assert_eq!(status, Status::Optimal);
            let z = m.live.info().objective_value;
            m.hold_objective(0, z).unwrap();
            let tie_broken = tie_broken.expect("the tie-break was priced");
            if restart {
                restart_from_tie_break(&mut m, &tie_broken).unwrap();
            }
            assert_eq!(
                switch_objective(&mut m, Objective::Cost).unwrap(),
                Status::Optimal
            );
            let iterations = m.live.info().simplex_iterations;
            let cost = ObjectiveWeights::single(Objective::Cost);
            assert_eq!(
                m.price_to_optimality(&cost, Status::Optimal).unwrap(),
                Status::Optimal
            );
            (iterations, m.live.info().objective_value)
        };
        let (from_first, plain) = switch_iterations(false);
        let (from_tie_break, restarted) = switch_iterations(true);
        assert!(from_first > 0, "{from_first}");
        assert_eq!(from_tie_break, 0);
        assert!(
            (plain - restarted).abs() <= 1e-7 * plain.abs(),
            "{plain} vs {restarted}"
        );
    }

    /// Freshwater, discharge, cost: both degenerate objectives are broken
    /// by the later ones. The point restarted under freshwater's bound row
    /// is discharge's tie-broken point too, so after discharge is held the
    /// master returns to it (its statuses for the freshwater row kept) and
    /// the switch to cost takes no iteration (from discharge's own optimum
    /// it took thousands); the list ends at the full LP's optimum.
    #[test]
    fn every_degenerate_objective_of_a_list_is_tie_broken() {
        let mut model = heavy_freshwater_then_cost();
        model.objectives = vec![Objective::Freshwater, Objective::Discharge, Objective::Cost];
        let options = SolveOptions::default();
        let limits = BatchLimits::default();
        let (mut m, status) = first_master(&model, &options, &limits, &[], None).unwrap();
        let (status, tie_broken) = price_tie_broken(&mut m, 0, status).unwrap();
        let tie_broken = tie_broken.expect("freshwater was tie-broken");
        assert_eq!(tie_broken.weights.0.len(), 3, "{:?}", tie_broken.weights);
        let freshwater = ObjectiveWeights::single(Objective::Freshwater);
        let status = m.price_to_optimality(&freshwater, status).unwrap();
        assert_eq!(status, Status::Optimal);
        m.hold_objective(0, m.live.info().objective_value).unwrap();
        assert!(restart_from_tie_break(&mut m, &tie_broken).unwrap());
        assert!(
            tie_break_weights(&m, 1).is_some(),
            "discharge is degenerate"
        );
        let carried = keep_tie_broken(&mut m, tie_broken.weights).expect("a basis");
        assert_eq!(carried.bound_rows.len(), 1);
        let status = switch_objective(&mut m, Objective::Discharge).unwrap();
        let discharge = ObjectiveWeights::single(Objective::Discharge);
        let status = m.price_to_optimality(&discharge, status).unwrap();
        assert_eq!(status, Status::Optimal);
        m.hold_objective(1, m.live.info().objective_value).unwrap();
        assert!(restart_from_tie_break(&mut m, &carried).unwrap());
        assert_eq!(
            switch_objective(&mut m, Objective::Cost).unwrap(),
            Status::Optimal
        );
        assert_eq!(m.live.info().simplex_iterations, 0);

        let (_, outcome, stats) = solve_priced(&model, &options, &limits).unwrap();
        assert_eq!(outcome.status, Status::Optimal);
        assert!(stats.certificate >= -1e-7, "{stats:?}");
        let full = crate::solve::solve_lp(&model, &Network::build(&model), &options).unwrap();
        for ((o, a), (p, b)) in full.objective_values.iter().zip(&outcome.objective_values) {
            assert_eq!(o, p);
            assert!(
                (a - b).abs() <= 1e-7 * a.abs().max(1.0),
                "{o:?}: {a} vs {b}"
            );
        }
    }

    /// The arc boxes are not implied by every model: a sink that only a unit
    /// keeping 5 % of its feed can serve needs more intake on one arc than
    /// all effluent plus all demand (the cap of an arc neither end bounds).
    /// Moved to an objective and boxed (the next objective of a list, or the
    /// first again after its tie-break: both through `switch_objective`),
    /// such a master is infeasible; it is unboxed and re-solved, not
    /// reported infeasible, and the list ends at the full LP's optimum.
    #[test]
    fn a_master_whose_boxes_cut_off_its_point_is_unboxed_on_an_objective_switch() {
        use crate::scenario::schema::{Discharge, Sink, Treatment};
        let mut scenario = StructuredPark::new(40, 40, 3, Shape::HeavyReuse).scenario();
        let zero = |s: &crate::Scenario| s.contaminants.iter().map(|c| (c.clone(), 0.0)).collect();
        let effluent: f64 = scenario.sources.iter().map(|x| x.flow).sum();
        let demand: f64 = scenario.sinks.iter().filter_map(|x| x.flow).sum();
        // Its feed, 20 x its demand, exceeds all effluent plus all demand.
        let pure = (2.0 * effluent + demand) / 10.0;
        scenario.sinks.push(Sink {
            id: "PURE".into(),
            flow: Some(pure),
            max_conc: zero(&scenario),
            location: Some([0.0, 0.0]),
            ..Default::default()
        });
        scenario.discharges.push(Discharge {
            id: "BRINE".into(),
            location: Some([0.0, 0.0]),
            ..Default::default()
        });
        scenario.treatments.push(Treatment {
            id: "LOWREC".into(),
            outlet_conc: zero(&scenario),
            recovery: Some(0.05),
            reject_to: Some("BRINE".into()),
            location: Some([0.0, 0.0]),
            ..Default::default()
        });
        let mut model = scenario.validate().unwrap();
        model.objectives = vec![Objective::Freshwater, Objective::Cost];
        let (_, _, any) = crate::pricing::caps::flow_caps(&model);
        assert!(20.0 * pure > any, "the boxes do not cut off the point");
        let options = SolveOptions::default();
        let limits = BatchLimits::default();

        // The switch itself, on a master priced to the freshwater optimum.
        let (mut m, status) = first_master(&model, &options, &limits, &[], None).unwrap();
        let status = match status {
            Status::Infeasible => m
                .phase_one(&ObjectiveWeights::single(Objective::Freshwater))
                .unwrap(),
            other => other,
        };
        let freshwater = ObjectiveWeights::single(Objective::Freshwater);
        let status = m.price_to_optimality(&freshwater, status).unwrap();
        assert_eq!(status, Status::Optimal);
        let optimum = m.live.info().objective_value;
        assert_eq!(
            switch_objective(&mut m, Objective::Freshwater).unwrap(),
            Status::Optimal
        );
        let again = m.live.info().objective_value;
        assert!((again - optimum).abs() <= 1e-9 * optimum.abs().max(1.0));

        // The whole list.
        let (_, priced, stats) = solve_priced(&model, &options, &limits).unwrap();
        assert_eq!(priced.status, Status::Optimal);
        assert!(stats.certificate >= -1e-7, "{stats:?}");
        let network = Network::build(&model);
        let full = crate::solve::solve_lp(&model, &network, &options).unwrap();
        for ((o, a), (p, b)) in full.objective_values.iter().zip(&priced.objective_values) {
            assert_eq!(o, p);
            assert!(
                (a - b).abs() <= 1e-6 * a.abs().max(1.0),
                "{o:?}: {a} vs {b}"
            );
        }
    }
}
