//! # parkwater-core
//!
//! The engine that optimizes the water network of an industrial park. A
//! scenario flows through typed phases, one module each:
//!
//! `scenario` (the file) -> `validate` (every problem at once) -> `model`
//! (ids resolved, t/h) -> `network` (allowed arcs) -> `formulate` (the LP,
//! column by column) -> `solve` (HiGHS) -> `verify` (re-checked against the
//! model, not the LP) -> `report` (KPIs, flows, duals); an infeasible park
//! goes on to `diagnose` (the conflicting requirements and the smallest
//! relaxation, in park terms).
//!
//! ```
//! use parkwater_core::{Scenario, SolveOptions, Status};
//!
//! let text = r#"
//! contaminants = ["COD"]
//! [[intake]]
//! id = "FW"
//! kind = "tap"
//! conc = { COD = 0 }
//! price = 3.59
//! [[source]]
//! id = "S1"
//! flow = 50
//! conc = { COD = 50 }
//! [[sink]]
//! id = "D1"
//! flow = 80
//! max_conc = { COD = 20 }
//! [[discharge]]
//! id = "WW"
//! "#;
//! let scenario = Scenario::from_toml(text).unwrap();
//! let model = scenario.validate().unwrap();
//! let report = parkwater_core::solve(&model, &SolveOptions::default()).unwrap();
//! assert_eq!(report.status, Status::Optimal);
//! // 80 t/h at <= 20 mg/L: 32 t/h of effluent at 50 mg/L, 48 t/h of fresh water.
//! assert!((report.kpis.freshwater - 48.0).abs() < 1e-9);
//! ```

#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod bench;
#[cfg(feature = "crosscheck")]
pub mod crosscheck;
pub mod design;
pub mod diagnose;
pub mod format;
pub mod formulate;
pub mod model;
pub mod network;
pub mod plugins;
pub mod pricing;
pub mod report;
pub mod scenario;
pub mod solve;
pub mod synth;
pub mod targeting;
pub mod validate;
pub mod verify;

pub use model::Model;
pub use network::Network;
pub use report::Report;
pub use scenario::{Format, ParseError, Scenario};
pub use solve::{Algorithm, Pricing, SolveError, SolveOptions, Status};
pub use validate::ValidationError;

use std::time::{Duration, Instant};

/// Time spent in each phase of a solve.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Enumerating allowed arcs.
    pub network: Duration,
    /// Building the LP.
    pub formulate: Duration,
    /// HiGHS (hand-over included).
    pub solve: Duration,
    /// Independent verification.
    pub verify: Duration,
    /// KPIs and report.
    pub report: Duration,
    /// Infeasibility diagnosis (infeasible parks only).
    pub diagnose: Duration,
}

/// Solves a model: network, LP, HiGHS, verification, report.
pub fn solve(model: &Model, options: &SolveOptions) -> Result<Report, SolveError> {
    solve_timed(model, options).map(|(report, _)| report)
}

/// [`solve`], also returning the time of each phase.
pub fn solve_timed(model: &Model, options: &SolveOptions) -> Result<(Report, Timings), SolveError> {
    solve_seeded(model, options, &pricing::WarmStart::default()).map(|(report, t, _)| (report, t))
}

/// Solves variants of one park (other prices, limits, capacities) in order;
/// under arc pricing each variant starts from the previous one's final arcs
/// and, when its rows are laid out the same way, from its optimal master
/// basis, so the sweep does not rediscover the same columns and vertices
/// every time. Results are those of solving each variant alone.
pub fn solve_sweep(models: &[Model], options: &SolveOptions) -> Vec<Result<Report, SolveError>> {
    let mut sweep = Sweep::default();
    models
        .iter()
        .map(|model| sweep.solve(model, options))
        .collect()
}

/// A sweep in progress: remembers the last priced variant's final arcs and
/// master basis and starts the next solve from them.
#[derive(Debug)]
pub struct Sweep {
    warm: pricing::WarmStart,
    reuse_basis: bool,
}

impl Default for Sweep {
    /// Reuses columns and basis (measured in `pricing/mod.rs`).
    fn default() -> Self {
        Sweep {
            warm: pricing::WarmStart::default(),
            reuse_basis: true,
        }
    }
}

impl Sweep {
    /// Whether each variant's first master starts from the previous
    /// variant's basis (on by default) or only from its columns.
    pub fn with_basis_reuse(mut self, reuse: bool) -> Self {
        self.reuse_basis = reuse;
        self
    }

    /// Solves the next variant of the park.
    pub fn solve(&mut self, model: &Model, options: &SolveOptions) -> Result<Report, SolveError> {
        self.solve_timed(model, options).map(|(report, _)| report)
    }

    /// [`Sweep::solve`], also returning the time of each phase.
    pub fn solve_timed(
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

/// Solves many models in parallel (rayon): contiguous runs of the list go
/// to the workers and each run is solved as a [`solve_sweep`], so neighbouring
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

/// One solve; under pricing it starts from `warm` (arcs and basis of a
/// previous variant). Also returns what the next variant can start from
/// (empty for the full LP).
fn solve_seeded(
    model: &Model,
    options: &SolveOptions,
    warm: &pricing::WarmStart,
) -> Result<(Report, Timings, pricing::WarmStart), SolveError> {
    if model.design.is_some() {
        // A [design] turns the LP into a MILP (see `design`).
        let options = design::DesignOptions {
            solve: options.clone(),
            ..Default::default()
        };
        let (report, t) = design::solve_design(model, &options)?;
        return Ok((report, t, pricing::WarmStart::default()));
    }
    let mut t = Timings::default();
    let candidates = model.num_supplies() * model.num_demands();
    let mut next = pricing::WarmStart::default();
    let (network, outcome, method, full_network) = if options.prices(candidates) {
        let clock = Instant::now();
        let (network, mut outcome, stats, warm) =
            pricing::solve_priced_warm(model, options, &pricing::BatchLimits::default(), warm)?;
        next = warm;
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
        (network, outcome, "pricing", full_network)
    } else {
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
        (network, outcome, "full", None)
    };

    let clock = Instant::now();
    let verification = verify::verify(model, &network, &outcome.flows);
    t.verify = clock.elapsed();

    let clock = Instant::now();
    let mut report = Report::new(model, &network, &outcome, verification, method);
    t.report = clock.elapsed();

    if outcome.status == Status::Infeasible {
        let clock = Instant::now();
        let full = full_network.as_ref().unwrap_or(&network);
        report.diagnosis = Some(diagnose::diagnose(model, full, &outcome.conflict, options)?);
        t.diagnose = clock.elapsed();
    }
    Ok((report, t, next))
}

impl Scenario {
    /// Parses TOML scenario text.
    pub fn from_toml(text: &str) -> Result<Scenario, ParseError> {
        Scenario::from_str_as(text, Format::Toml, std::path::Path::new("<input>"))
    }

    /// Parses JSON scenario text.
    pub fn from_json(text: &str) -> Result<Scenario, ParseError> {
        Scenario::from_str_as(text, Format::Json, std::path::Path::new("<input>"))
    }
}
