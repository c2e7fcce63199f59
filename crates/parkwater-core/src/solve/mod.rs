//! Solving the LP with HiGHS — the only module that talks to the solver.
//!
//! A lexicographic list is solved in order on one warm HiGHS instance: after
//! each objective, a row holds it within its relative tolerance and the next
//! objective's costs replace the old ones.

mod options;

pub use options::{Algorithm, SolveOptions, AUTO_IPM_MIN_ARCS};

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
    /// HiGHS's irreducible infeasible subsystem, as row keys, when infeasible.
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
    /// LP solves (one per objective).
    pub solves: usize,
}

/// Flows below this (t/h) are solver noise and reported as 0.
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
pub fn solve_formulated(
    model: &Model,
    network: &Network,
    lp: LinearProgram,
    options: &SolveOptions,
) -> Result<LpOutcome, SolveError> {
    let mut highs = Highs::new(&options.highs(network.len()))?;
    let (row_lower, row_upper) = lp.rows.scaled_bounds();
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
    let mut keys = lp.rows.keys.clone();
    let mut factors = lp.rows.factor.clone();
    let mut stats = SolveStats {
        columns: n,
        rows: keys.len(),
        nonzeros: lp.num_nonzeros(),
        ..Default::default()
    };
    let mut values: Vec<(Objective, f64)> = Vec::new();
    let mut cost = lp.col_cost;
    let mut status = ModelStatus::NotSet;
    for (i, &objective) in model.objectives.iter().enumerate() {
        if i > 0 {
            let (prev, z) = values[i - 1];
            hold_objective(&mut highs, &cost, z, model.objective_tolerance)?;
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
        status = highs.run()?;
        let info = highs.info();
        stats.simplex_iterations += info.simplex_iterations;
        stats.ipm_iterations += info.ipm_iterations;
        stats.solves += 1;
        tracing::info!(objective = objective.name(), status = %status, value = info.objective_value, time = info.run_time, "solved");
        if status != ModelStatus::Optimal {
            break;
        }
        values.push((objective, info.objective_value));
    }
    let mapped = match status {
        ModelStatus::Optimal => Status::Optimal,
        ModelStatus::Infeasible => Status::Infeasible,
        ModelStatus::Unbounded | ModelStatus::UnboundedOrInfeasible => Status::Unbounded,
        ModelStatus::TimeLimit | ModelStatus::IterationLimit => Status::TimeLimit,
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
                .map(|&f| if f > FLOW_EPSILON { f } else { 0.0 })
                .collect();
            outcome.row_duals = sol
                .row_dual
                .iter()
                .zip(&factors)
                .map(|(&y, &f)| y * f)
                .collect();
        }
        Status::Infeasible => match highs.iis() {
            Ok(iis) => outcome.conflict = iis.rows.iter().map(|&r| outcome.row_keys[r]).collect(),
            Err(e) => tracing::warn!("no irreducible infeasible subsystem: {e}"),
        },
        _ => {}
    }
    Ok(outcome)
}

/// Adds the row  cost . f <= z + tol * max(1, |z|).
fn hold_objective(
    highs: &mut Highs,
    cost: &[f64],
    z: f64,
    tolerance: f64,
) -> Result<(), HighsError> {
    let (index, value): (Vec<u32>, Vec<f64>) = cost
        .iter()
        .enumerate()
        .filter(|(_, &c)| c != 0.0)
        .map(|(j, &c)| (j as u32, c))
        .unzip();
    let upper = z + tolerance * z.abs().max(1.0);
    highs.add_rows(
        &[f64::NEG_INFINITY],
        &[upper],
        &[0, index.len()],
        &index,
        &value,
    )
}
