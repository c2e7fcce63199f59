//! Solving the LP with HiGHS — the only module that talks to the solver.
//!
//! A lexicographic list is solved in order on one warm HiGHS instance: after
//! each objective, a row holds it within its relative tolerance and the next
//! objective's costs replace the old ones.

mod options;
mod plain;

pub use options::{Algorithm, Pricing, SolveOptions, AUTO_IPM_MIN_ARCS, AUTO_PRICING_MIN_ARCS};
pub use plain::{solve_column_lp, ColumnLp, PlainOutcome};

use crate::formulate::{costs, formulate, LinearProgram, RowFamily, RowKey, NO_CONTAMINANT};
use crate::model::{Model, Objective};
use crate::network::Network;
use parkwater_highs::{Highs, HighsError, ModelStatus, SparseLp};
use serde::Serialize;

/// How an LP solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal (and, in a report, verified).
    Optimal,
    /// No flow meets every requirement.
    Infeasible,
    /// The objective has no lower bound (cannot happen with non-negative costs).
    Unbounded,
    /// The time limit ran out first.
    TimeLimit,
    /// The solver stopped without an answer.
    SolverFailure,
    /// The solver's answer failed independent verification.
    VerificationFailed,
    /// The solver called its answer optimal but its own residuals (primal
    /// or dual infeasibility) exceed [`RESIDUAL_TOLERANCE`], or it stopped
    /// with status "unknown", or its run failed outright: no answer is
    /// trusted or returned as optimal (exit code 3).
    NumericalTrouble,
}

impl Status {
    /// The CLI exit code: 0 optimal, 2 infeasible, 3 anything else.
    pub fn exit_code(self) -> i32 {
        match self {
            Status::Optimal => 0,
            Status::Infeasible => 2,
            _ => 3,
        }
    }
}

/// Why a solve could not run at all (an outcome such as infeasible is not an error).
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// HiGHS refused a call.
    #[error("the solver failed: {0}")]
    Solver(#[from] HighsError),
}

/// What the LP solve produced, in internal units (t/h).
#[derive(Debug, Clone)]
pub struct LpOutcome {
    /// How it ended.
    pub status: Status,
    /// Flow on each arc, t/h, tiny values cleaned to 0.
    pub flows: Vec<f64>,
    /// Unscaled dual of each row (objective bound rows last), for the last objective.
    pub row_duals: Vec<f64>,
    /// Key of each row, matching `row_duals`.
    pub row_keys: Vec<RowKey>,
    /// Internal value of each objective solved, in order.
    pub objective_values: Vec<(Objective, f64)>,
    /// Solver counters.
    pub stats: SolveStats,
    /// HiGHS's irreducible infeasible subsystem, as row keys, when infeasible
    /// (LPs of at most [`HIGHS_IIS_MAX_ARCS`] arcs; empty beyond).
    pub conflict: Vec<RowKey>,
}

/// Solver counters, deterministic for a given scenario and thread count.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SolveStats {
    /// Columns of the LP (arcs).
    pub columns: usize,
    /// Rows of the LP.
    pub rows: usize,
    /// Non-zeros of the matrix.
    pub nonzeros: usize,
    /// Simplex iterations over all objectives.
    pub simplex_iterations: i64,
    /// Interior-point iterations over all objectives.
    pub ipm_iterations: i64,
    /// LP solves (one per objective, or one per pricing round).
    pub solves: usize,
    /// What arc pricing did, when it was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing: Option<crate::pricing::PricingStats>,
    /// HiGHS's largest residuals over the objectives solved (full LP only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residuals: Option<Residuals>,
}

/// The solver's own measure of how exactly its answer holds, in the scaled
/// LP it was given (rows scaled by powers of two, flows by the park's flow scale).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Residuals {
    /// Largest violation of a row or column bound.
    pub primal: f64,
    /// Largest violation of a reduced cost's sign (optimality).
    pub dual: f64,
}

impl Residuals {
    /// Whether the residuals are small enough to trust the answer: primal
    /// within [`RESIDUAL_TOLERANCE`], dual within it relative to the largest
    /// objective coefficient. NaN (no measure) counts as trouble; a negative
    /// value (HiGHS's "not computed") does not.
    pub fn acceptable(&self, cost_scale: f64) -> bool {
        let ok = |x: f64, scale: f64| !x.is_nan() && x <= RESIDUAL_TOLERANCE * scale.max(1.0);
        ok(self.primal, 1.0) && ok(self.dual, cost_scale)
    }

    fn worst(self, other: Residuals) -> Residuals {
        let max = |a: f64, b: f64| {
            if a.is_nan() || b.is_nan() {
                f64::NAN
            } else {
                a.max(b)
            }
        };
        Residuals {
            primal: max(self.primal, other.primal),
            dual: max(self.dual, other.dual),
        }
    }
}

/// Largest solver residual accepted in an optimal answer (HiGHS is asked for
/// 1e-9; a thousandfold miss means its scaling or the data broke down).
pub const RESIDUAL_TOLERANCE: f64 = 1e-6;

/// Flows below this (t/h, or in units of the flow scale when the park's
/// flows are tiny, see [`flow_scale`]) are solver noise and reported as 0.
pub const FLOW_EPSILON: f64 = 1e-9;

/// Formulates and solves the model's objectives in lexicographic order.
pub fn solve_lp(
    model: &Model,
    network: &Network,
    options: &SolveOptions,
) -> Result<LpOutcome, SolveError> {
    let first = model.objectives[0];
    let lp = formulate(model, network, first);
    solve_formulated(model, network, lp, options)
}

/// Solves an already formulated LP (built for `model.objectives[0]`).
///
/// Flows reach HiGHS divided by the park's flow scale (see [`flow_scale`]),
/// so its absolute tolerances stay meaningful in parks of tiny flows; values
/// and objectives are scaled back before they leave this function.
pub fn solve_formulated(
    model: &Model,
    network: &Network,
    lp: LinearProgram,
    options: &SolveOptions,
) -> Result<LpOutcome, SolveError> {
    if lp.num_cols() == 0 {
        return Ok(without_arcs(model, lp));
    }
    let mut highs = Highs::new(&options.highs(network.len()))?;
    let scale = flow_scale(&lp.rows);
    let (mut row_lower, mut row_upper) = lp.rows.scaled_bounds();
    for b in row_lower.iter_mut().chain(row_upper.iter_mut()) {
        *b /= scale;
    }
    let n = lp.num_cols();
    let col_lower = vec![0.0; n];
    let col_upper = vec![f64::INFINITY; n];
    highs.pass_lp(&SparseLp {
        col_cost: &lp.col_cost,
        col_lower: &col_lower,
        col_upper: &col_upper,
        row_lower: &row_lower,
        row_upper: &row_upper,
        a_start: &lp.a_start,
        a_index: &lp.a_index,
        a_value: &lp.a_value,
    })?;
    drop((row_lower, row_upper, col_lower, col_upper));
    let nonzeros = lp.num_nonzeros();
    // HiGHS holds its own copy of the matrix now; free ours before solving.
    let LinearProgram { rows, col_cost, .. } = lp;
    let mut keys = rows.keys;
    let mut factors = rows.factor;
    let mut stats = SolveStats {
        columns: n,
        rows: keys.len(),
        nonzeros,
        ..Default::default()
    };
    let mut values: Vec<(Objective, f64)> = Vec::new();
    let mut cost = col_cost;
    let mut status = ModelStatus::NotSet;
    let mut troubled = false;
    for (i, &objective) in model.objectives.iter().enumerate() {
        if i > 0 {
            let (prev, z) = values[i - 1];
            hold_objective(&mut highs, &cost, z, scale, model.objective_tolerance)?;
            keys.push(RowKey {
                family: RowFamily::ObjectiveBound,
                entity: (i - 1) as u32,
                contaminant: NO_CONTAMINANT,
            });
            factors.push(1.0);
            tracing::debug!(objective = prev.name(), value = z, "held");
            cost = costs(model, network, objective);
            highs.change_costs(&cost)?;
        }
        status = match run_or_switch(&mut highs, &mut stats)? {
            Some(status) => status,
            None => {
                troubled = true;
                break;
            }
        };
        let info = highs.info();
        stats.simplex_iterations += info.simplex_iterations;
        stats.ipm_iterations += info.ipm_iterations;
        stats.solves += 1;
        tracing::info!(objective = objective.name(), status = %status, value = info.objective_value, time = info.run_time, "solved");
        if status != ModelStatus::Optimal {
            break;
        }
        let residuals = Residuals {
            primal: info.max_primal_infeasibility,
            dual: info.max_dual_infeasibility,
        };
        stats.residuals = Some(stats.residuals.map_or(residuals, |r| r.worst(residuals)));
        let cost_scale = cost.iter().fold(0.0_f64, |m, c| m.max(c.abs()));
        if !residuals.acceptable(cost_scale) {
            tracing::warn!(
                objective = objective.name(),
                primal = residuals.primal,
                dual = residuals.dual,
                "numerical trouble: the solver's residuals exceed their tolerance"
            );
            troubled = true;
            break;
        }
        values.push((objective, info.objective_value * scale));
    }
    let mapped = match status {
        _ if troubled => Status::NumericalTrouble,
        ModelStatus::Optimal => Status::Optimal,
        ModelStatus::Infeasible => Status::Infeasible,
        ModelStatus::Unbounded | ModelStatus::UnboundedOrInfeasible => Status::Unbounded,
        ModelStatus::TimeLimit | ModelStatus::IterationLimit => Status::TimeLimit,
        ModelStatus::Other(code) if code == MODEL_STATUS_UNKNOWN => Status::NumericalTrouble,
        _ => Status::SolverFailure,
    };
    let mut outcome = LpOutcome {
        status: mapped,
        flows: vec![0.0; n],
        row_duals: vec![0.0; keys.len()],
        row_keys: keys,
        objective_values: values,
        stats,
        conflict: Vec::new(),
    };
    match mapped {
        Status::Optimal => {
            let sol = highs.solution();
            outcome.flows = sol
                .col_value
                .iter()
                .map(|&f| if f > FLOW_EPSILON { f * scale } else { 0.0 })
                .collect();
            outcome.row_duals = sol
                .row_dual
                .iter()
                .zip(&factors)
                .map(|(&y, &f)| y * f)
                .collect();
        }
        Status::Infeasible if n <= HIGHS_IIS_MAX_ARCS => {
            let budget = options.time_limit.unwrap_or(IIS_SECONDS).min(IIS_SECONDS);
            if let Some(rows) = iis_within(highs, budget) {
                outcome.conflict = rows.iter().map(|&r| outcome.row_keys[r]).collect();
            }
        }
        _ => {}
    }
    Ok(outcome)
}

/// Largest LP (arcs) whose infeasibility is explained with HiGHS's own IIS.
/// Beyond it HiGHS's IIS is slow (measured on synthetic parks under a
/// policy cap: 2 s at 2 000 arcs, 11 s at 4 200, over 15 min at 24 000)
/// and sometimes empty, while `diagnose`'s elastic + deletion filter takes
/// 0.3 s, 1.4 s and 27 s; so larger parks leave `conflict` empty and the
/// diagnosis finds it.
pub const HIGHS_IIS_MAX_ARCS: usize = 1_000;

/// Most seconds HiGHS's IIS may take before the diagnosis goes on without it.
pub const IIS_SECONDS: f64 = 10.0;

/// HiGHS's IIS rows, or `None` when it fails or takes longer than `seconds`.
///
/// The fuzz test found a 3-contaminant park of a few dozen arcs with
/// concentrations spanning 1e-12..1e9 mg/L on which `Highs_getIis` looped in
/// its factorization for over 15 minutes. So the IIS runs with HiGHS's own
/// time limit and on a helper thread the caller stops waiting for after the
/// budget (plus a second); a runaway thread is left to finish on its own
/// (it owns its HiGHS instance), and the diagnosis falls back to the
/// elastic filter, which is bounded by its LP count.
fn iis_within(mut highs: Highs, seconds: f64) -> Option<Vec<usize>> {
    let started = highs.info().run_time;
    let started = if started.is_finite() { started } else { 0.0 };
    if let Err(e) = highs.set_option_f64("time_limit", started + seconds) {
        tracing::warn!("cannot limit HiGHS's IIS: {e}");
    }
    let (send, receive) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("highs-iis".into())
        .spawn(move || {
            let _ = send.send(highs.iis().map(|iis| iis.rows));
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start HiGHS's IIS: {e}");
        return None;
    }
    match receive.recv_timeout(std::time::Duration::from_secs_f64(seconds + 1.0)) {
        Ok(Ok(rows)) => Some(rows),
        Ok(Err(e)) => {
            tracing::warn!("no irreducible infeasible subsystem: {e}");
            None
        }
        Err(_) => {
            tracing::warn!("HiGHS's IIS took over {seconds} s; the diagnosis goes on without it");
            None
        }
    }
}

/// Runs HiGHS; `None` when the run itself failed (`kHighsStatusError`),
/// which on a validated park LP means its numerics broke down (e.g. "dual
/// simplex ratio test failed due to excessive dual values" when a park's
/// concentrations span nine orders of magnitude).
pub(crate) fn run(highs: &mut Highs) -> Result<Option<ModelStatus>, SolveError> {
    match highs.run() {
        Ok(status) => Ok(Some(status)),
        Err(HighsError::Status {
            call: "Highs_run",
            status,
        }) => {
            tracing::warn!(status, "numerical trouble: HiGHS's run failed");
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// [`run`], and when HiGHS stops without a proven outcome (model status
/// "unknown", or a failed run) once more with the other algorithm: dual
/// simplex and interior point break down on different LPs. Measured on a
/// 120 x 120 x 3 heavy-reuse park capped 5 % below its least intake: dual
/// simplex ended "unknown" after 81 s, interior point proved it infeasible
/// in 30 iterations.
/// The abandoned run's iterations are added to `stats`.
fn run_or_switch(
    highs: &mut Highs,
    stats: &mut SolveStats,
) -> Result<Option<ModelStatus>, SolveError> {
    let first = run(highs)?;
    if !matches!(first, None | Some(ModelStatus::Other(MODEL_STATUS_UNKNOWN))) {
        return Ok(first);
    }
    let info = highs.info();
    stats.simplex_iterations += info.simplex_iterations;
    stats.ipm_iterations += info.ipm_iterations;
    stats.solves += 1;
    let other = if info.ipm_iterations > 0 {
        "simplex"
    } else {
        "ipm"
    };
    tracing::warn!(
        other,
        "HiGHS stopped without an outcome; trying the other algorithm"
    );
    highs.set_option_str("solver", other)?;
    run(highs)
}

/// A park with no allowed arc (HiGHS calls an LP without columns "empty" and
/// answers no status): zero flow everywhere, optimal when every row admits
/// it, else infeasible with the first row that does not as the conflict (a
/// row with no columns and 0 outside its bounds is infeasible on its own).
fn without_arcs(model: &Model, lp: LinearProgram) -> LpOutcome {
    let rows = lp.rows;
    let refuses = (0..rows.keys.len()).find(|&r| !(rows.lower[r] <= 0.0 && 0.0 <= rows.upper[r]));
    let status = if refuses.is_some() {
        Status::Infeasible
    } else {
        Status::Optimal
    };
    LpOutcome {
        status,
        flows: Vec::new(),
        row_duals: vec![0.0; rows.keys.len()],
        objective_values: match status {
            Status::Optimal => model.objectives.iter().map(|&o| (o, 0.0)).collect(),
            _ => Vec::new(),
        },
        conflict: refuses.map(|r| rows.keys[r]).into_iter().collect(),
        row_keys: rows.keys,
        stats: SolveStats::default(),
    }
}

/// HiGHS's `kHighsModelStatusUnknown`: it stopped without a proven outcome,
/// which on an LP means its numerics broke down.
const MODEL_STATUS_UNKNOWN: i32 = 15;

/// The power of two flows are divided by before they reach HiGHS: near the
/// largest flow bound of the park when that is below 1 t/h, else 1. HiGHS's
/// feasibility tolerances are absolute (1e-9); in a park whose flows are
/// all 1e-12 t/h, zero flow would meet every row "within tolerance", so such
/// a park is scaled up until its largest flow is of order one. Every row is
/// linear in the flows (right-hand sides are flows or flow x concentration),
/// so dividing all right-hand sides by the scale divides every flow and
/// objective by it and leaves the duals unchanged; a power of two scales
/// without rounding error. Larger parks are left alone: scaling them down
/// would loosen the absolute tolerance on their small streams.
pub fn flow_scale(rows: &crate::formulate::RowIndex) -> f64 {
    let largest = rows
        .keys
        .iter()
        .zip(rows.lower.iter().zip(&rows.upper))
        .filter(|(k, _)| {
            matches!(
                k.family,
                RowFamily::SinkFlow
                    | RowFamily::SourceBalance
                    | RowFamily::IntakeCap
                    | RowFamily::TreatmentCapacity
                    | RowFamily::MaxIntake
                    | RowFamily::MaxDischarge
            )
        })
        .flat_map(|(_, (&lo, &hi))| [lo, hi])
        .filter(|b| b.is_finite())
        .fold(0.0_f64, |m, b| m.max(b.abs()));
    if largest > 0.0 && largest < 1.0 {
        2f64.powi(largest.log2().round().max(-60.0) as i32)
    } else {
        1.0
    }
}

/// Adds the row  cost . f <= z + tol * max(scale, |z|), in flows divided by `scale`
/// (`scale` is 1 except in parks of tiny flows, see [`flow_scale`]).
fn hold_objective(
    highs: &mut Highs,
    cost: &[f64],
    z: f64,
    scale: f64,
    tolerance: f64,
) -> Result<(), HighsError> {
    let (index, value): (Vec<u32>, Vec<f64>) = cost
        .iter()
        .enumerate()
        .filter(|(_, &c)| c != 0.0)
        .map(|(j, &c)| (j as u32, c))
        .unzip();
    let upper = (z + tolerance * z.abs().max(scale)) / scale;
    highs.add_rows(
        &[f64::NEG_INFINITY],
        &[upper],
        &[0, index.len()],
        &index,
        &value,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residuals_within_tolerance_are_trusted() {
        let ok = Residuals {
            primal: 1e-10,
            dual: 1e-9,
        };
        assert!(ok.acceptable(1.0));
        assert!(!Residuals {
            primal: 1e-5,
            dual: 0.0
        }
        .acceptable(1.0));
        // The dual tolerance is relative to the largest cost coefficient.
        assert!(!Residuals {
            primal: 0.0,
            dual: 1e-5
        }
        .acceptable(1.0));
        assert!(Residuals {
            primal: 0.0,
            dual: 1e-5
        }
        .acceptable(100.0));
        // No measure at all is not trusted; HiGHS's -1 (not computed) is.
        assert!(!Residuals {
            primal: f64::NAN,
            dual: 0.0
        }
        .acceptable(1.0));
        assert!(Residuals {
            primal: -1.0,
            dual: -1.0
        }
        .acceptable(1.0));
        assert!(
            ok.worst(Residuals {
                primal: 1e-3,
                dual: 0.0
            })
            .primal
                == 1e-3
        );
    }

    #[test]
    fn tiny_parks_are_scaled_up_by_a_power_of_two() {
        use crate::Scenario;
        let text =
            "contaminants = [\"C\"]\n[[intake]]\nid = \"FW\"\nkind = \"tap\"\nconc = { C = 0 }\n\
            [[sink]]\nid = \"D\"\nflow = 3e-12\n";
        let model = Scenario::from_toml(text).unwrap().validate().unwrap();
        let rows = crate::formulate::RowIndex::new(&model);
        let scale = flow_scale(&rows);
        assert_eq!(scale, 2f64.powi(-38), "{scale:e}");
        let big = text.replace("3e-12", "300");
        let model = Scenario::from_toml(&big).unwrap().validate().unwrap();
        assert_eq!(flow_scale(&crate::formulate::RowIndex::new(&model)), 1.0);
    }

    #[test]
    fn a_run_without_an_outcome_is_retried_with_the_other_algorithm() {
        // Dual simplex fails on this LP (a fuzz finding); the retry runs
        // interior point, counted in the stats as a second solve.
        let lp = super::plain::tests::ratio_test_failure();
        let options = SolveOptions::default().with_algorithm(Algorithm::Simplex);
        let mut highs = Highs::new(&options.highs(lp.col_cost.len())).unwrap();
        highs.pass_lp(&lp.as_sparse()).unwrap();
        let mut stats = SolveStats::default();
        let status = run_or_switch(&mut highs, &mut stats).unwrap();
        assert_eq!(stats.solves, 1, "the abandoned run is counted");
        assert!(
            highs.info().ipm_iterations > 0,
            "the retry ran interior point"
        );
        assert_ne!(
            status,
            Some(ModelStatus::Other(MODEL_STATUS_UNKNOWN)),
            "{status:?}"
        );
    }
}
