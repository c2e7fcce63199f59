//! The solver layer: the only code that builds, runs and reads HiGHS for
//! the engine. Its clients (the full LP below, arc pricing, the
//! infeasibility diagnosis, the bench, network design's MIPs) all go
//! through it, one file per job:
//!
//! - `live.rs`: `Live`, one live HiGHS model: hand-over,
//!   edits (columns, rows, bounds, costs, basis), runs with the
//!   retry-other-algorithm rule, reading values, duals and basis;
//! - `status.rs`: THE translation of a HiGHS outcome into a [`Status`];
//! - `residual.rs`: the one residual check after every solve that claims
//!   optimality ([`Residuals`]);
//! - `lexicographic.rs`: the one "hold this objective" rule;
//! - `mip.rs`: integrality, gap, MIP start, progress, incumbents with gap
//!   and bound, fixed-integer re-solves for duals (`MipOutcome`);
//! - `iis.rs`: HiGHS's irreducible infeasible subsystem, bounded in time;
//! - `full.rs`: the full LP, objectives in lexicographic order;
//! - `plain.rs`: cold auxiliary LPs (`solve_column_lp`);
//! - `stats.rs`: [`SolveStats`] and [`PricingStats`];
//! - `options.rs`: [`SolveOptions`].

mod full;
mod iis;
pub(crate) mod lexicographic;
pub(crate) mod live;
mod mip;
mod options;
mod plain;
mod residual;
mod stats;
mod status;

/// The progress hook of [`SolveOptions::with_progress`] and what it reports.
pub use crate::pricing::{ProgressHook, RoundProgress};
pub(crate) use full::{flow_scale, solve_formulated, FLOW_EPSILON};
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) use full::{solve_lp, LpOutcome};
pub(crate) use iis::HIGHS_IIS_MAX_ARCS;
#[cfg(test)]
pub(crate) use options::AUTO_IPM_MIN_ARCS;
pub(crate) use options::TIGHT_FEASIBILITY_TOLERANCE;
pub use options::{Algorithm, Pricing, SolveOptions};
pub(crate) use plain::{solve_column_lp, solve_column_lp_by, ColumnLp};
pub use residual::Residuals;
pub(crate) use residual::{activity_drift, DRIFT_TOLERANCE};
pub use stats::{PricingStats, SolveStats};
pub use status::Status;

#[cfg(feature = "dev")]
pub(crate) use full::hand_over; // the bench's hand-over phase
pub(crate) use lexicographic::{face_multipliers, faces_on, hold, hold_divided, off_face};
pub(crate) use live::{Live, Warm};
pub(crate) use parkwater_highs::{Basis, BasisStatus, SparseLp};
/// The solver's types the layer's clients may name (a basis kept across
/// variants, the column types and progress reports of a MIP).
pub(crate) use parkwater_highs::{MipProgress, VarType};

use parkwater_highs::HighsError;

/// Why a solve could not run at all (an outcome such as infeasible is not an error).
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// HiGHS refused a call.
    #[error("the solver failed: {0}")]
    Solver(#[from] HighsError),
}

/// The solver and its version, e.g. `HiGHS 1.16.0`, for reports.
pub fn solver_name() -> String {
    format!("HiGHS {}", parkwater_highs::version())
}
