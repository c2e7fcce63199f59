//! Infeasibility diagnosis: which requirements cannot all hold, the smallest
//! relaxation that restores feasibility, and why, in park terms.
//!
//! 1. `conflict`: a minimal conflicting set of rows, from HiGHS's
//!    irreducible infeasible subsystem (confirmed by a deletion filter), or
//!    the rows of a dual ray (a Farkas certificate) reduced by the deletion
//!    filter when HiGHS gives none, or by the elastic and deletion filters.
//! 2. `elastic`: the elastic LP, every requirement (demands, quality limits,
//!    permits, capacities, load caps, park policies) with a weighted slack;
//!    its optimum is the smallest relaxation, reported per requirement in
//!    the scenario's units.
//! 3. `explain`: sentences with the figures: the supplies a sink may take
//!    and at what concentration, which disallowed supply would fix it
//!    (checked by re-solving), what a permit or cap falls short by.
//! 4. `summary`: each conflicting row as a report entry, and the one
//!    sentence that sums up the conflict and its smallest fix.
//!
//! [`diagnose`] assembles them into the report's [`Diagnosis`]: the only
//! place a diagnosis is built.

mod conflict;
mod elastic;
mod explain;
mod summary;

pub use conflict::Method;
pub(crate) use conflict::{MAX_FILTER_ARCS, MAX_FILTER_SECONDS, MAX_FILTER_SOLVES};
pub(crate) use elastic::relaxable;
pub use elastic::weight;
pub use explain::num;

use crate::formulate::RowKey;
use crate::model::Model;
use crate::network::Network;
use crate::pricing::MasterBasis;
use crate::report::Diagnosis;
use crate::solve::{SolveError, SolveOptions};
use elastic::Probe;
use summary::{conflict_entry, summary};

/// Most LP solves the explanations may spend (each tests one disallowed
/// supply or one fix by re-solving).
const EXPLAIN_SOLVES: usize = 300;

/// Most seconds the explanations may spend. Each of their solves stops at
/// this deadline (a stopped one "could not tell"): on an infeasible
/// 175x175x4 park found by a soak, one re-solve took 3-7 s (dual simplex
/// stopped without an outcome, then interior point), and 300 of them ran
/// past 15 minutes.
const EXPLAIN_SECONDS: f64 = 30.0;

/// Diagnoses an infeasible model over its full network, starting from
/// HiGHS's IIS (row keys; may be empty).
pub fn diagnose(
    model: &Model,
    network: &Network,
    iis: &[RowKey],
    options: &SolveOptions,
) -> Result<Diagnosis, SolveError> {
    diagnose_with(model, network, iis, options, Method::Iis)
}

/// [`diagnose`], trying the ways to a conflict from `first` on (in the
/// order of [`Method`]): `Method::DualRay` ignores HiGHS's IIS,
/// `Method::ElasticFilter` its dual ray too. Exposed so tests can check
/// that every way finds the same conflict.
pub fn diagnose_with(
    model: &Model,
    network: &Network,
    iis: &[RowKey],
    options: &SolveOptions,
    first: Method,
) -> Result<Diagnosis, SolveError> {
    run(model, network, None, iis, options, first)
}

/// [`diagnose`] of a park solved by arc pricing, whose last master held
/// the arcs of `start` (with `basis`, its phase one's final basis): on
/// parks too large to formulate whole, the smallest relaxation is found by
/// pricing the elastic LP from those arcs, first solved from that basis.
pub(crate) fn diagnose_priced(
    model: &Model,
    full: &Network,
    start: &Network,
    basis: Option<&MasterBasis>,
    iis: &[RowKey],
    options: &SolveOptions,
) -> Result<Diagnosis, SolveError> {
    run(model, full, Some((start, basis)), iis, options, Method::Iis)
}

fn run(
    model: &Model,
    network: &Network,
    start: Option<(&Network, Option<&MasterBasis>)>,
    iis: &[RowKey],
    options: &SolveOptions,
    first: Method,
) -> Result<Diagnosis, SolveError> {
    let (mut probe, found, elastic) = if network.len() > MAX_FILTER_ARCS {
        // Too large for the conflict filters (each test solves the whole
        // LP) and to formulate whole: the elastic LP by arc pricing.
        let all = crate::formulate::RowIndex::new(model).keys;
        let soft = |r: usize| relaxable(all[r].family);
        let (start, basis) = start.unwrap_or((network, None));
        let (probe, elastic) = elastic::priced(model, network, start, basis, options, &soft)?;
        let found = conflict::unfiltered(&probe, if first == Method::Iis { iis } else { &[] });
        (probe, found, elastic)
    } else {
        let mut probe = Probe::new(model, network.clone(), options);
        let found = conflict::find(&mut probe, iis, first)?;
        let all = probe.lp.rows.keys.clone();
        let elastic = probe.elastic(&|r| relaxable(all[r].family))?;
        (probe, found, elastic)
    };
    let keys: Vec<RowKey> = found.rows.iter().map(|&r| probe.lp.rows.keys[r]).collect();
    let relaxation = match elastic {
        Some(e) => {
            // Over every arc only: a priced probe holds some of them.
            let exact = (network.len() <= MAX_FILTER_ARCS)
                .then(|| probe.exact_figure(&e))
                .flatten();
            explain::relaxations(model, &probe, &e, exact)
        }
        None => Vec::new(),
    };
    let fixes = explain::fixes(&relaxation);
    tracing::debug!(solves = probe.solves, "relaxation found");
    let budget = if network.len() <= MAX_FILTER_ARCS {
        probe.solves + EXPLAIN_SOLVES
    } else {
        0
    };
    probe.deadline = std::time::Instant::now()
        + std::time::Duration::from_secs_f64(
            options
                .time_limit
                .unwrap_or(EXPLAIN_SECONDS)
                .min(EXPLAIN_SECONDS),
        );
    let mut explanations =
        probe.bounded(|probe| explain::explanations(model, probe, &keys, &relaxation, budget))?;
    if !fixes.is_empty() {
        let together = if fixes.len() > 1 { " (together)" } else { "" };
        explanations.push(format!(
            "smallest relaxation that restores feasibility{together}: {}",
            fixes.join("; ")
        ));
    }
    let conflicting: Vec<_> = keys.iter().map(|k| conflict_entry(model, k)).collect();
    tracing::info!(
        solves = probe.solves,
        method = found.method.name(),
        rows = keys.len(),
        "diagnosed"
    );
    Ok(Diagnosis {
        summary: summary(&conflicting, &fixes),
        conflicting,
        method: found.method.name(),
        minimal: found.minimal,
        relaxation,
        explanations,
    })
}

#[cfg(test)]
mod same_status;
