//! Typed solver options and how they map onto HiGHS option names.
//!
//! [`Options`] covers what the project needs; anything else can be set by
//! name with [`Highs::set_option_str`](crate::Highs::set_option_str) and
//! friends. Applying an `Options` value is *idempotent and complete*: a
//! field left at `None` resets the corresponding HiGHS option to HiGHS's own
//! default, so re-applying different `Options` to a live session never
//! leaves stale values behind.

/// Which LP algorithm HiGHS should use.
///
/// | variant          | HiGHS `solver` | other options set                  |
/// |------------------|----------------|------------------------------------|
/// | `Choose`         | `"choose"`     | `simplex_strategy` = default (1)   |
/// | `Simplex`        | `"simplex"`    | `simplex_strategy` = 0 (choose)    |
/// | `DualSimplex`    | `"simplex"`    | `simplex_strategy` = 1 (dual)      |
/// | `PrimalSimplex`  | `"simplex"`    | `simplex_strategy` = 4 (primal)    |
/// | `InteriorPoint`  | `"ipx"`        | `run_crossover` = `"on"`           |
///
/// `InteriorPoint` names IPX explicitly rather than `"ipm"`, because in
/// HiGHS 1.16 `"ipm"` may dispatch to the optional HiPO solver when its
/// extras library is present; IPX is always built in. Crossover is on so
/// that IPM solutions come with a basis (needed for warm starts and for
/// vertex duals). Only `InteriorPoint` changes `run_crossover`; every other
/// variant resets it to HiGHS's default (`"on"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// Let HiGHS choose (for LPs this is currently the dual simplex).
    #[default]
    Choose,
    /// Simplex, HiGHS picks the variant.
    Simplex,
    /// Dual simplex (serial).
    DualSimplex,
    /// Primal simplex.
    PrimalSimplex,
    /// Interior point (IPX) followed by crossover to a basic solution.
    InteriorPoint,
}

impl Algorithm {
    /// Value of the HiGHS `solver` option.
    pub(crate) fn solver(self) -> &'static str {
        match self {
            Self::Choose => "choose",
            Self::Simplex | Self::DualSimplex | Self::PrimalSimplex => "simplex",
            Self::InteriorPoint => "ipx",
        }
    }

    /// Value of the HiGHS `simplex_strategy` option, or `None` for "reset to
    /// HiGHS's default".
    pub(crate) fn simplex_strategy(self) -> Option<i32> {
        match self {
            Self::Simplex => Some(0),
            Self::DualSimplex => Some(1),
            Self::PrimalSimplex => Some(4),
            Self::Choose | Self::InteriorPoint => None,
        }
    }
}

/// Solver options applied by [`Highs::new`](crate::Highs::new) and
/// [`Highs::set_options`](crate::Highs::set_options).
///
/// `None` always means "HiGHS's default". `Options::default()` is HiGHS's
/// defaults with logging off (`verbose = false`) and presolve on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Wall-clock limit per run in seconds (`time_limit`). `None` = no
    /// limit. When hit, [`Highs::run`](crate::Highs::run) returns
    /// `Ok(ModelStatus::TimeLimit)`.
    pub time_limit: Option<f64>,
    /// Number of threads for HiGHS's task scheduler (`threads`). `None`
    /// (or `Some(0)`) = automatic (number of physical cores).
    ///
    /// HiGHS 1.16 keeps **one scheduler per calling OS thread**, sized by
    /// the first run on that thread. See [`crate::scheduler`] for how this
    /// crate keeps differing thread counts from failing.
    pub threads: Option<usize>,
    /// Let HiGHS log to stdout (`output_flag`). Off by default.
    pub verbose: bool,
    /// LP algorithm (`solver`, `simplex_strategy`, `run_crossover`).
    pub algorithm: Algorithm,
    /// Presolve (`presolve`). `true` maps to HiGHS's `"choose"` (its
    /// default: presolve, except when a valid basis makes a warm start
    /// possible); `false` maps to `"off"`. We never force `"on"`, because
    /// that would throw away warm starts.
    pub presolve: bool,
    /// Primal feasibility tolerance (`primal_feasibility_tolerance`,
    /// HiGHS default 1e-7).
    pub primal_feasibility_tolerance: Option<f64>,
    /// Dual feasibility tolerance (`dual_feasibility_tolerance`, HiGHS
    /// default 1e-7).
    pub dual_feasibility_tolerance: Option<f64>,
    /// Relative gap at which a MIP counts as solved (`mip_rel_gap`, HiGHS
    /// default 1e-4): `(incumbent - bound) / |incumbent|`. LPs ignore it.
    pub mip_rel_gap: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            time_limit: None,
            threads: None,
            verbose: false,
            algorithm: Algorithm::Choose,
            presolve: true,
            primal_feasibility_tolerance: None,
            dual_feasibility_tolerance: None,
            mip_rel_gap: None,
        }
    }
}

impl Options {
    /// Set [`Options::time_limit`] (seconds).
    pub fn with_time_limit(mut self, seconds: f64) -> Self {
        self.time_limit = Some(seconds);
        self
    }

    /// Set [`Options::threads`].
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// Set [`Options::verbose`].
    pub fn with_verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// Set [`Options::algorithm`].
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Set [`Options::presolve`].
    pub fn with_presolve(mut self, presolve: bool) -> Self {
        self.presolve = presolve;
        self
    }

    /// Set [`Options::primal_feasibility_tolerance`].
    pub fn with_primal_feasibility_tolerance(mut self, tolerance: f64) -> Self {
        self.primal_feasibility_tolerance = Some(tolerance);
        self
    }

    /// Set [`Options::mip_rel_gap`].
    pub fn with_mip_rel_gap(mut self, gap: f64) -> Self {
        self.mip_rel_gap = Some(gap);
        self
    }

    /// Set [`Options::dual_feasibility_tolerance`].
    pub fn with_dual_feasibility_tolerance(mut self, tolerance: f64) -> Self {
        self.dual_feasibility_tolerance = Some(tolerance);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_quiet_with_presolve() {
        let o = Options::default();
        assert!(!o.verbose);
        assert!(o.presolve);
        assert_eq!(o.algorithm, Algorithm::Choose);
        assert_eq!(o.threads, None);
        assert_eq!(o.time_limit, None);
    }

    #[test]
    fn builders_set_fields() {
        let o = Options::default()
            .with_time_limit(2.5)
            .with_threads(1)
            .with_verbose(true)
            .with_algorithm(Algorithm::PrimalSimplex)
            .with_presolve(false)
            .with_primal_feasibility_tolerance(1e-9)
            .with_dual_feasibility_tolerance(1e-8);
        assert_eq!(o.time_limit, Some(2.5));
        assert_eq!(o.threads, Some(1));
        assert!(o.verbose);
        assert_eq!(o.algorithm, Algorithm::PrimalSimplex);
        assert!(!o.presolve);
        assert_eq!(o.primal_feasibility_tolerance, Some(1e-9));
        assert_eq!(o.dual_feasibility_tolerance, Some(1e-8));
    }

    #[test]
    fn algorithm_mapping() {
        assert_eq!(Algorithm::Choose.solver(), "choose");
        assert_eq!(Algorithm::DualSimplex.simplex_strategy(), Some(1));
        assert_eq!(Algorithm::PrimalSimplex.simplex_strategy(), Some(4));
        assert_eq!(Algorithm::InteriorPoint.solver(), "ipx");
    }
}
