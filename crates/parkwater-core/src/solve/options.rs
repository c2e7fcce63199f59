//! How to solve: time limit, threads, verbosity, LP algorithm.

use serde::Serialize;

/// Which LP algorithm HiGHS runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Interior point (with crossover) on large parks, where it is about 10x
    /// faster than dual simplex; HiGHS's own choice otherwise.
    #[default]
    Auto,
    /// Dual simplex.
    Simplex,
    /// Interior point followed by crossover to a vertex (exact duals).
    InteriorPoint,
}

impl Algorithm {
    /// Parses `auto`, `simplex`, `ipm`.
    pub fn parse(text: &str) -> Option<Algorithm> {
        match text {
            "auto" => Some(Algorithm::Auto),
            "simplex" => Some(Algorithm::Simplex),
            "ipm" | "interior-point" => Some(Algorithm::InteriorPoint),
            _ => None,
        }
    }
}

/// Whether to solve by arc pricing (column generation) or the full LP.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    /// Pricing above `AUTO_PRICING_MIN_ARCS` candidate arcs.
    #[default]
    Auto,
    /// Always price.
    On,
    /// Always the full LP.
    Off,
}

impl Pricing {
    /// Parses `auto`, `on`, `off`.
    pub fn parse(text: &str) -> Option<Pricing> {
        match text {
            "auto" => Some(Pricing::Auto),
            "on" => Some(Pricing::On),
            "off" => Some(Pricing::Off),
            _ => None,
        }
    }
}

/// Candidate arcs above which `Pricing::Auto` prices (measured: below it the
/// full LP solves in milliseconds and pricing saves nothing).
pub(crate) const AUTO_PRICING_MIN_ARCS: usize = 20_000;

/// Arcs above which `Auto` picks interior point (measured on synthetic parks:
/// below it simplex is as fast and needs no crossover).
pub(crate) const AUTO_IPM_MIN_ARCS: usize = 20_000;

/// Options of a solve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolveOptions {
    /// Wall-clock limit per LP solve, seconds.
    pub time_limit: Option<f64>,
    /// Solver threads (1 keeps results reproducible bit for bit).
    pub threads: usize,
    /// Show the solver's log.
    pub verbose: bool,
    /// LP algorithm.
    pub algorithm: Algorithm,
    /// Arc pricing or the full LP.
    pub pricing: Pricing,
    /// Called once per pricing round (long solves show progress with it).
    #[serde(skip)]
    pub progress: crate::pricing::ProgressHook,
    /// HiGHS's primal and dual feasibility tolerance (scaled rows). The
    /// pipeline tightens it to [`TIGHT_FEASIBILITY_TOLERANCE`] for one
    /// re-solve when an optimum fails verification.
    #[serde(skip)]
    pub(crate) feasibility_tolerance: f64,
}

/// Feasibility tolerance of every solve (HiGHS's default is 1e-7).
pub(crate) const FEASIBILITY_TOLERANCE: f64 = 1e-9;

/// The tightest feasibility tolerance HiGHS accepts: an optimum that fails
/// verification is solved once more with it (on parks whose figures span
/// many orders of magnitude, a quality row's violation can hide below the
/// default tolerance of its scaled row).
pub(crate) const TIGHT_FEASIBILITY_TOLERANCE: f64 = 1e-10;

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            threads: 1,
            verbose: false,
            algorithm: Algorithm::Auto,
            pricing: Pricing::Auto,
            progress: Default::default(),
            feasibility_tolerance: FEASIBILITY_TOLERANCE,
        }
    }
}

impl SolveOptions {
    /// Sets a time limit in seconds.
    pub fn with_time_limit(mut self, seconds: f64) -> Self {
        self.time_limit = Some(seconds);
        self
    }

    /// Sets the thread count.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// Shows the solver log.
    pub fn with_verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// Chooses the LP algorithm.
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Chooses arc pricing or the full LP.
    pub fn with_pricing(mut self, pricing: Pricing) -> Self {
        self.pricing = pricing;
        self
    }

    /// Calls `f` after every pricing round (on the solving thread).
    pub fn with_progress(
        mut self,
        f: impl Fn(&crate::pricing::RoundProgress) + Send + Sync + 'static,
    ) -> Self {
        self.progress = crate::pricing::ProgressHook::new(f);
        self
    }

    /// Whether a model with this many candidate arcs is solved by pricing.
    pub(crate) fn prices(&self, candidate_arcs: usize) -> bool {
        match self.pricing {
            Pricing::On => true,
            Pricing::Off => false,
            Pricing::Auto => candidate_arcs >= AUTO_PRICING_MIN_ARCS,
        }
    }

    pub(crate) fn highs(&self, arcs: usize) -> parkwater_highs::Options {
        let algorithm = match self.algorithm {
            Algorithm::Simplex => parkwater_highs::Algorithm::DualSimplex,
            Algorithm::InteriorPoint => parkwater_highs::Algorithm::InteriorPoint,
            Algorithm::Auto if arcs >= AUTO_IPM_MIN_ARCS => {
                parkwater_highs::Algorithm::InteriorPoint
            }
            Algorithm::Auto => parkwater_highs::Algorithm::Choose,
        };
        let mut o = parkwater_highs::Options::default()
            .with_threads(self.threads)
            .with_verbose(self.verbose)
            .with_algorithm(algorithm)
            .with_primal_feasibility_tolerance(self.feasibility_tolerance)
            .with_dual_feasibility_tolerance(self.feasibility_tolerance);
        if let Some(t) = self.time_limit {
            o = o.with_time_limit(t);
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Network;
    use crate::{verify, Scenario, Status};

    /// A 1 t/h demand at <= 20 mg/L that only water at 20.00001 mg/L can
    /// reach: infeasible by 5e-7 relative, which a loose feasibility
    /// tolerance (1e-6 on the scaled row) lets through.
    const NEAR_LIMIT: &str = "contaminants = [\"C\"]\n\
        [[intake]]\nid = \"FW\"\nkind = \"tap\"\nconc = { C = 20.00001 }\nprice = 9.0\n\
        [[source]]\nid = \"S\"\nflow = 1\nconc = { C = 20.00001 }\n\
        [[sink]]\nid = \"D\"\nflow = 1\nmax_conc = { C = 20 }\n\
        [[discharge]]\nid = \"WW\"\n";

    #[test]
    fn an_optimum_that_fails_verification_is_solved_again_tighter() {
        let model = Scenario::from_toml(NEAR_LIMIT).unwrap().validate().unwrap();
        let loose = SolveOptions {
            feasibility_tolerance: 1e-6,
            ..SolveOptions::default()
        };
        // The solver alone, at the loose tolerance: an optimum the verifier refuses.
        let network = Network::build(&model);
        let outcome = crate::solve::solve_lp(&model, &network, &loose).unwrap();
        assert_eq!(outcome.status, Status::Optimal);
        assert!(!verify::verify(&model, &network, &outcome.flows).passed());
        // The pipeline re-solves at the tightest tolerance: infeasible, as
        // the park is, with its diagnosis.
        let report = crate::solve(&model, &loose).unwrap();
        assert_eq!(report.status, Status::Infeasible);
        assert!(report.diagnosis.is_some());
    }
}
