//! The pipeline: one solve of a validated model, top to bottom.
//!
//! network -> (full LP | arc pricing) -> verify -> report, and on
//! infeasibility -> diagnose. A model with a `[design]` takes the network
//! design path instead (`crate::design`: a MILP, same phases). Sweeps
//! ([`Sweep`], [`solve_many`]) run the same pipeline over
//! variants of one park, each starting from what the previous one found.
//!
//! Loading, plugins and validation come before (`crate::scenario`,
//! `crate::plugins`, `crate::validate`): they turn a file into the
//! [`Model`] this module takes.

use crate::diagnose;
use crate::formulate;
use crate::model::Model;
use crate::network::Network;
use crate::pricing::{self, WarmStart};
use crate::report::{Fallback, Report};
use crate::solve::{self, LpOutcome, SolveError, SolveOptions, Status};
use crate::verify::{self, Verification};
use std::time::{Duration, Instant};

/// Time spent in each phase of a solve (the bench harness's figures).
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) struct Timings {
    /// Enumerating allowed arcs.
    pub(crate) network: Duration,
    /// Building the LP.
    pub(crate) formulate: Duration,
    /// HiGHS (hand-over included).
    pub solve: Duration,
    /// Independent verification.
    pub verify: Duration,
    /// KPIs and report.
    pub(crate) report: Duration,
    /// Infeasibility diagnosis (infeasible parks only).
    pub(crate) diagnose: Duration,
}

impl Timings {
    /// Phase by phase, the time of both solves (a re-solve adds to the first).
    fn plus(&self, other: &Timings) -> Timings {
        Timings {
            network: self.network + other.network,
            formulate: self.formulate + other.formulate,
            solve: self.solve + other.solve,
            verify: self.verify + other.verify,
            report: self.report + other.report,
            diagnose: self.diagnose + other.diagnose,
        }
    }
}

/// Solves a model: network, LP, HiGHS, verification, report (and the
/// diagnosis of an infeasible park).
pub fn solve(model: &Model, options: &SolveOptions) -> Result<Report, SolveError> {
    solve_timed(model, options).map(|(report, _)| report)
}

/// [`solve()`], also returning the time of each phase.
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) fn solve_timed(
    model: &Model,
    options: &SolveOptions,
) -> Result<(Report, Timings), SolveError> {
    solve_seeded(model, options, &WarmStart::default()).map(|(report, t, _)| (report, t))
}

/// One solve; under pricing it starts from `warm` (arcs and basis of a
/// previous variant). Also returns what the next variant can start from
/// (empty for the full LP and for design).
fn solve_seeded(
    model: &Model,
    options: &SolveOptions,
    warm: &WarmStart,
) -> Result<(Report, Timings, WarmStart), SolveError> {
    if model.design.is_some() {
        // A [design] turns the LP into a MILP (see `design`).
        let options = crate::design::DesignOptions {
            solve: options.clone(),
            ..Default::default()
        };
        let (report, t) = crate::design::solve_design_timed(model, &options)?;
        return Ok((report, t, WarmStart::default()));
    }
    let mut t = Timings::default();

    // 1. Network and LP: every allowed arc at once, or only the arcs that
    //    pay (arc pricing) for parks with very many candidate arcs.
    let candidates = model.num_supplies() * model.num_demands();
    let mut solved = if options.prices(candidates) {
        priced(model, options, warm, &mut t)?
    } else {
        full(model, options, &mut t)?
    };

    // 2. Verification, independent of the LP.
    let clock = Instant::now();
    let mut verification = verify::verify(model, &solved.network, &solved.outcome.flows);
    t.verify = clock.elapsed();
    let untrusted = match solved.outcome.status {
        Status::NumericalTrouble => true,
        Status::Optimal => !verification.passed(),
        _ => false,
    };
    let mut fallbacks = Vec::new();
    if solved.method == "pricing" && untrusted && candidates <= FULL_LP_FALLBACK_MAX_ARCS {
        // A master holds earlier objectives by rows over part of the arcs;
        // where its re-solves break down (every retry included) or its
        // optimum fails the independent check, the full LP, affordable at
        // this size, is solved instead.
        tracing::warn!(
            status = ?solved.outcome.status,
            max_violation = verification.max_violation,
            "arc pricing gave no trusted answer; solving the full LP instead"
        );
        fallbacks.push(refused(&solved, &verification, "full"));
        solved = full(model, options, &mut t)?;
        let clock = Instant::now();
        verification = verify::verify(model, &solved.network, &solved.outcome.flows);
        t.verify += clock.elapsed();
    }
    if solved.method == "full"
        && solved.outcome.status == Status::NumericalTrouble
        && options.pricing != solve::Pricing::On
        && !fallbacks.iter().any(|f: &Fallback| f.method == "pricing")
    {
        // The full LP broke down (every HiGHS retry included, or a later
        // objective of a list left no point under the earlier ones' rows
        // and faces): arc pricing reaches the same optimum by other
        // masters; what it ends with is the answer.
        tracing::warn!("the full LP gave no trusted answer; solving by arc pricing instead");
        let mut priced = options.clone();
        priced.pricing = solve::Pricing::On;
        fallbacks.push(refused(&solved, &verification, "pricing"));
        return solve_again(model, &priced, warm, t, fallbacks);
    }
    if solved.outcome.status == Status::Optimal
        && !verification.passed()
        && options.feasibility_tolerance > solve::TIGHT_FEASIBILITY_TOLERANCE
    {
        // An optimum the independent check refuses: once more at HiGHS's
        // tightest tolerance; what that ends with is the answer.
        tracing::warn!(
            max_violation = verification.max_violation,
            "optimum failed verification; re-solving at the tightest feasibility tolerance"
        );
        let mut tight = options.clone();
        tight.feasibility_tolerance = solve::TIGHT_FEASIBILITY_TOLERANCE;
        // The same method: a full LP reached through a fallback of pricing
        // stays the full LP.
        tight.pricing = same_method(solved.method, options.pricing);
        fallbacks.push(refused(&solved, &verification, "tightest_tolerance"));
        return solve_again(model, &tight, warm, t, fallbacks);
    }
    if solved.outcome.status == Status::Optimal
        && !verification.passed()
        && solved.method == "full"
        && solved.outcome.stats.ipm_iterations == 0
    {
        // Refused at the tightest tolerance too: a simplex vertex whose
        // flows are inaccurate (HiGHS's own residuals were zero). Interior
        // point with crossover reaches the optimum another way; what that
        // ends with is the answer. Seen on a 114 x 114 x 4 sparse park
        // minimizing discharge, cost, freshwater: dual simplex 4.1e-6 off
        // twice, interior point verified. (HiGHS's values had drifted from
        // its rows; each optimum is now refactored before it is read,
        // `Live::refresh`, and that park verifies at the first try.)
        tracing::warn!(
            max_violation = verification.max_violation,
            "optimum failed verification; re-solving by interior point"
        );
        let mut ipm = options.clone();
        ipm.algorithm = solve::Algorithm::InteriorPoint;
        ipm.pricing = solve::Pricing::Off;
        fallbacks.push(refused(&solved, &verification, "interior_point"));
        return solve_again(model, &ipm, warm, t, fallbacks);
    }

    // 3. The report.
    let clock = Instant::now();
    let mut report = Report::new(
        model,
        &solved.network,
        &solved.outcome,
        verification,
        solved.method,
    );
    report.solver.fallbacks = fallbacks;
    t.report = clock.elapsed();

    // 4. Why an infeasible park is infeasible, over its full network.
    if solved.outcome.status == Status::Infeasible {
        let clock = Instant::now();
        let iis = &solved.outcome.conflict;
        report.diagnosis = Some(match &solved.full_network {
            Some(full) => diagnose::diagnose_priced(
                model,
                full,
                &solved.network,
                solved.next.basis.as_ref(),
                iis,
                options,
            )?,
            None => diagnose::diagnose(model, &solved.network, iis, options)?,
        });
        t.diagnose = clock.elapsed();
    }
    Ok((report, t, solved.next))
}

/// A fallback of [`solve_seeded`]: the whole solve again under `options`,
/// its time added to the time spent so far and the solves not kept
/// (`earlier`) put before its own in `solver.fallbacks`.
fn solve_again(
    model: &Model,
    options: &SolveOptions,
    warm: &WarmStart,
    t: Timings,
    mut earlier: Vec<Fallback>,
) -> Result<(Report, Timings, WarmStart), SolveError> {
    let (mut report, again, next) = solve_seeded(model, options, warm)?;
    earlier.append(&mut report.solver.fallbacks);
    report.solver.fallbacks = earlier;
    Ok((report, t.plus(&again), next))
}

/// The pricing setting that solves again by `method` (`full` or
/// `pricing`), whatever `asked` chose by size.
fn same_method(method: &str, asked: solve::Pricing) -> solve::Pricing {
    match method {
        "full" => solve::Pricing::Off,
        _ => asked,
    }
}

/// The record of `solved`, not kept, and of what runs `then`.
fn refused(solved: &Solved, verification: &Verification, then: &'static str) -> Fallback {
    let trouble = solved.outcome.status == Status::NumericalTrouble;
    Fallback {
        method: solved.method,
        because: if trouble {
            "numerical_trouble"
        } else {
            "verification_failed"
        },
        max_violation: (!trouble).then_some(verification.max_violation),
        then,
    }
}

/// Candidate arcs up to which a priced solve that ends in numerical trouble,
/// or whose optimum fails verification, is solved again as the full LP.
/// Seen with the pricing forced on, minimizing discharge, cost, freshwater:
/// on a 105 x 105 x 6 heavy park (13 257 arcs) the switch into freshwater
/// failed in dual simplex, interior point and a cold re-solve, the full LP
/// optimal in 28 s; on a 61 x 61 x 3 sparse park an effluent was routed
/// short by 2.5e-5 t/h (4.6e-6 relative) even at the tightest tolerance,
/// the full LP verified (HiGHS's values drifted from its rows there: the
/// master now measures that and solves again from its basis,
/// `pricing::Master::settle`). Beyond it the full LP may not fit in memory or
/// time, and the priced answer is reported as it is.
const FULL_LP_FALLBACK_MAX_ARCS: usize = 200_000;

/// What the solve phase hands to verification, report and diagnosis.
struct Solved {
    /// The arcs the outcome's flows are indexed by.
    network: Network,
    outcome: LpOutcome,
    /// `full` or `pricing` (the report's `solver.method`).
    method: &'static str,
    /// The full network, when `network` is only part of it and the park is
    /// infeasible (the diagnosis needs every arc).
    full_network: Option<Network>,
    /// What the next variant of a sweep starts from.
    next: WarmStart,
}

/// The full LP: every allowed arc, formulated and solved at once.
fn full(model: &Model, options: &SolveOptions, t: &mut Timings) -> Result<Solved, SolveError> {
    let clock = Instant::now();
    let network = Network::build(model);
    t.network = clock.elapsed();

    let clock = Instant::now();
    let lp = formulate::formulate(model, &network, model.objectives[0]);
    t.formulate = clock.elapsed();
    tracing::info!(
        arcs = network.len(),
        rows = lp.rows.len(),
        nonzeros = lp.num_nonzeros(),
        "formulated"
    );

    let clock = Instant::now();
    let outcome = solve::solve_formulated(model, &network, lp, options)?;
    t.solve = clock.elapsed();
    Ok(Solved {
        network,
        outcome,
        method: "full",
        full_network: None,
        next: WarmStart::default(),
    })
}

/// The pricing limits of every solve (as the parks of the fallback tests
/// were found, in those tests).
fn pricing_limits() -> pricing::BatchLimits {
    let limits = pricing::BatchLimits::default();
    #[cfg(test)]
    if crate::solve::lexicographic::AS_FOUND.get() {
        return pricing::BatchLimits {
            primal_after_tie_break: false,
            purge_degenerate: false,
            tie_break: 100,
            ..limits
        };
    }
    limits
}

/// Arc pricing: masters over the arcs that pay, from `warm`.
fn priced(
    model: &Model,
    options: &SolveOptions,
    warm: &WarmStart,
    t: &mut Timings,
) -> Result<Solved, SolveError> {
    let clock = Instant::now();
    let (network, mut outcome, stats, next) =
        pricing::solve_priced_warm(model, options, &pricing_limits(), warm)?;
    t.solve = clock.elapsed();
    tracing::info!(
        rounds = stats.rounds,
        columns = stats.columns,
        certificate = stats.certificate,
        basis_reused = stats.basis_reused,
        "priced"
    );
    let mut full_network = None;
    if outcome.status == Status::Infeasible {
        // The diagnosis works on the full LP; HiGHS's IIS of it is asked
        // for only where that is quick (see `solve::HIGHS_IIS_MAX_ARCS`).
        let full = Network::build(model);
        if full.len() <= solve::HIGHS_IIS_MAX_ARCS {
            outcome.conflict = solve::solve_lp(model, &full, options)?.conflict;
        }
        full_network = Some(full);
    }
    outcome.stats.pricing = Some(stats);
    Ok(Solved {
        network,
        outcome,
        method: "pricing",
        full_network,
        next,
    })
}

/// Solves variants of one park (other prices, limits, capacities) in order;
/// under arc pricing each variant starts from the previous one's final arcs
/// and, when its rows are laid out the same way, from its optimal master
/// basis, so the sweep does not rediscover the same columns and vertices
/// every time. Results are those of solving each variant alone. (Tests;
/// users hold a [`Sweep`] or call [`solve_many`].)
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) fn solve_sweep(
    models: &[Model],
    options: &SolveOptions,
) -> Vec<Result<Report, SolveError>> {
    let mut sweep = Sweep::default();
    models
        .iter()
        .map(|model| sweep.solve(model, options))
        .collect()
}

/// Solves many models in parallel (rayon): contiguous runs of the list go
/// to the workers and each run is solved as a [`Sweep`], so neighbouring
/// variants share work. Results come back in input order.
pub fn solve_many(models: &[Model], options: &SolveOptions) -> Vec<Result<Report, SolveError>> {
    use rayon::prelude::*;
    let chunk = models
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(1);
    models
        .par_chunks(chunk)
        .flat_map_iter(|run| solve_sweep(run, options))
        .collect()
}

/// A sweep in progress: remembers the last priced variant's final arcs and
/// master basis and starts the next solve from them.
#[derive(Debug)]
pub struct Sweep {
    warm: WarmStart,
    reuse_basis: bool,
}

impl Default for Sweep {
    /// Reuses columns and basis (measured in `pricing/mod.rs`).
    fn default() -> Self {
        Sweep {
            warm: WarmStart::default(),
            reuse_basis: true,
        }
    }
}

impl Sweep {
    /// Whether each variant's first master starts from the previous
    /// variant's basis (on by default) or only from its columns.
    #[cfg(feature = "dev")] // for the tests, benches and examples only
    #[visibility::make(pub)]
    pub(crate) fn with_basis_reuse(mut self, reuse: bool) -> Self {
        self.reuse_basis = reuse;
        self
    }

    /// Solves the next variant of the park.
    pub fn solve(&mut self, model: &Model, options: &SolveOptions) -> Result<Report, SolveError> {
        self.solve_timed(model, options).map(|(report, _)| report)
    }

    /// [`Sweep::solve`], also returning the time of each phase.
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn solve_timed(
        &mut self,
        model: &Model,
        options: &SolveOptions,
    ) -> Result<(Report, Timings), SolveError> {
        let (report, t, next) = solve_seeded(model, options, &self.warm)?;
        if !next.arcs.is_empty() {
            self.warm.arcs = next.arcs;
        }
        // A variant that ended without an optimum leaves the last basis:
        // it is keyed by meaning, so it still fits the next variant.
        if let Some(basis) = next.basis.filter(|_| self.reuse_basis) {
            self.warm.basis = Some(basis);
        }
        Ok((report, t))
    }
}

/// The fallbacks, on parks that needed them before later objectives were
/// minimized over the earlier ones' optimal faces and before the primal
/// switch after a tie-break (`synth::found`). Now they solve directly
/// (`tests/tests/pricing.rs`, `numerics.rs`); these tests solve them as
/// found (`AS_FOUND`) to reach the fallbacks.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::lexicographic::{AS_FOUND, NO_REFRESH};
    use crate::synth::found::found;
    use crate::Pricing;

    /// The found park `name`, solved as it was found, or with optima
    /// solved again from their basis when HiGHS's values drift (`refresh`).
    fn solve_found(name: &str, pricing: Pricing, refresh: bool) -> Report {
        let model = found(name).validate().expect("a valid park");
        AS_FOUND.set(true);
        NO_REFRESH.set(!refresh);
        let report = solve(&model, &SolveOptions::default().with_pricing(pricing));
        AS_FOUND.set(false);
        NO_REFRESH.set(false);
        report.unwrap()
    }

    /// The found park `name`, solved as it was found.
    fn solve_as_found(name: &str, pricing: Pricing) -> Report {
        solve_found(name, pricing, false)
    }

    /// A verified optimum of the full LP, where pricing gave none
    /// `because`, and the report says so.
    fn assert_answered_by_the_full_lp(report: &Report, because: &str) {
        assert_eq!(report.status, Status::Optimal);
        assert_eq!(report.solver.method, "full");
        assert!(report.verification.passed());
        let [fallback] = report.solver.fallbacks.as_slice() else {
            panic!("one fallback: {:?}", report.solver.fallbacks);
        };
        assert_eq!(
            (fallback.method, fallback.because, fallback.then),
            ("pricing", because, "full")
        );
        let refused = fallback.max_violation.is_some_and(|v| v > 1e-6);
        assert_eq!(refused, because == "verification_failed", "{fallback:?}");
    }

    #[test]
    fn numerical_trouble_in_pricing_falls_back_to_the_full_lp() {
        let report = solve_as_found("numerical-trouble-in-pricing", Pricing::On);
        assert_answered_by_the_full_lp(&report, "numerical_trouble");
    }

    #[test]
    fn a_priced_optimum_failing_verification_falls_back_to_the_full_lp() {
        let report = solve_as_found("priced-optimum-refused", Pricing::On);
        assert_answered_by_the_full_lp(&report, "verification_failed");
    }

    /// A later objective of a list that the full LP finds infeasible (by
    /// rounding: the earlier optimum meets every row it holds) is solved
    /// by arc pricing instead: a verified optimum, where the park was
    /// reported infeasible with an empty conflict. Found with the defaults
    /// of today, so solved as it is.
    #[test]
    fn a_full_lp_losing_a_later_objective_falls_back_to_pricing() {
        let model = found("later-objective-lost-in-the-full-lp")
            .validate()
            .expect("a valid park");
        let options = SolveOptions::default().with_pricing(Pricing::Off);
        let report = solve(&model, &options).unwrap();
        assert_eq!(report.status, Status::Optimal);
        assert_eq!(report.solver.method, "pricing");
        assert!(report.verification.passed());
        assert_eq!(report.objective.len(), 3, "{:?}", report.objective);
        let expected = Fallback {
            method: "full",
            because: "numerical_trouble",
            max_violation: None,
            then: "pricing",
        };
        assert_eq!(report.solver.fallbacks, [expected]);
    }

    /// An optimum refused at the tightest tolerance too is solved once more
    /// by interior point.
    #[test]
    fn an_optimum_refused_twice_is_solved_by_interior_point() {
        let report = solve_as_found("full-optimum-refused", Pricing::Off);
        assert_eq!(report.status, Status::Optimal);
        assert!(report.verification.passed());
        assert!(
            report.solver.stats.ipm_iterations > 0,
            "solved by interior point"
        );
        let steps: Vec<_> = report
            .solver
            .fallbacks
            .iter()
            .map(|f| (f.method, f.because, f.then))
            .collect();
        assert_eq!(
            steps,
            [
                ("full", "verification_failed", "tightest_tolerance"),
                ("full", "verification_failed", "interior_point"),
            ]
        );
    }

    /// The two parks whose optimum verification refused, by pricing and
    /// by the full LP, had HiGHS's values drifted from its rows: solved
    /// again from their basis, both verify at the first try (the same
    /// objectives as through the fallbacks).
    #[test]
    fn optima_solved_again_from_their_basis_need_no_fallback() {
        for (name, pricing) in [
            ("priced-optimum-refused", Pricing::On),
            ("full-optimum-refused", Pricing::Off),
        ] {
            let refreshed = solve_found(name, pricing, true);
            assert_eq!(refreshed.status, Status::Optimal, "{name}");
            assert!(refreshed.verification.passed(), "{name}");
            assert!(
                refreshed.solver.fallbacks.is_empty(),
                "{name}: {:?}",
                refreshed.solver.fallbacks
            );
            let through_fallbacks = solve_as_found(name, pricing);
            assert!(!through_fallbacks.solver.fallbacks.is_empty(), "{name}");
            for (objective, a) in &refreshed.objective {
                let b = through_fallbacks.objective[objective];
                assert!(
                    (a - b).abs() <= 1e-7 * b.abs().max(1.0),
                    "{name} {objective}: {a} vs {b}"
                );
            }
        }
    }

    /// A fallback that retries the same method keeps it: a full LP reached
    /// from arc pricing is not sent back to pricing by `auto`.
    #[test]
    fn a_retry_of_the_full_lp_stays_the_full_lp() {
        for asked in [Pricing::Auto, Pricing::On, Pricing::Off] {
            assert_eq!(same_method("full", asked), Pricing::Off);
            assert_eq!(same_method("pricing", asked), asked);
        }
    }

    /// A park solved at the first try says so: no fallbacks.
    #[test]
    fn a_first_solve_kept_reports_no_fallback() {
        let model = found("later-objective-lost-in-the-full-lp")
            .validate()
            .expect("a valid park");
        let report = solve(&model, &SolveOptions::default().with_pricing(Pricing::On)).unwrap();
        assert_eq!(report.status, Status::Optimal);
        assert!(report.solver.fallbacks.is_empty());
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["solver"]["fallbacks"], serde_json::json!([]));
    }
}
