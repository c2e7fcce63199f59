//! The full LP: every allowed arc a column, the model's objectives solved
//! in lexicographic order on one live model. The client of the solver
//! layer used when a park is small enough not to price.

use super::iis::{iis_within, HIGHS_IIS_MAX_ARCS, IIS_SECONDS};
use super::lexicographic::{face_multipliers, faces_on, hold_costs, off_face};
use super::live::Live;
use super::{SolveError, SolveOptions, SolveStats, Status};
use crate::formulate::{
    costs, formulate, LinearProgram, RowFamily, RowIndex, RowKey, NO_CONTAMINANT,
};
use crate::model::{Model, Objective};
use crate::network::Network;
use parkwater_highs::SparseLp;

/// What the LP solve produced, in internal units (t/h).
#[derive(Debug, Clone)]
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) struct LpOutcome {
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
    pub(crate) conflict: Vec<RowKey>,
}

/// Flows below this (t/h, or in units of the flow scale when the park's
/// flows are tiny, see [`flow_scale`]) are solver noise and reported as 0.
pub(crate) const FLOW_EPSILON: f64 = 1e-9;

/// Formulates and solves the model's objectives in lexicographic order.
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) fn solve_lp(
    model: &Model,
    network: &Network,
    options: &SolveOptions,
) -> Result<LpOutcome, SolveError> {
    let first = model.objectives[0];
    let lp = formulate(model, network, first);
    solve_formulated(model, network, lp, options)
}

/// The hand-over of a formulated LP to HiGHS: a live model holding `lp`
/// with flows divided by the park's flow scale (returned with it), arcs
/// in `[0, inf)`. The full LP and the bench's hand-over phase both use it.
pub(crate) fn hand_over(
    lp: &LinearProgram,
    options: &SolveOptions,
    arcs: usize,
) -> Result<(Live, f64), SolveError> {
    let mut live = Live::new(options, arcs)?;
    let scale = flow_scale(&lp.rows);
    let (mut row_lower, mut row_upper) = lp.rows.scaled_bounds();
    for b in row_lower.iter_mut().chain(row_upper.iter_mut()) {
        *b /= scale;
    }
    let n = lp.num_cols();
    let col_lower = vec![0.0; n];
    let col_upper = vec![f64::INFINITY; n];
    live.pass(&SparseLp {
        col_cost: &lp.col_cost,
        col_lower: &col_lower,
        col_upper: &col_upper,
        row_lower: &row_lower,
        row_upper: &row_upper,
        a_start: &lp.a_start,
        a_index: &lp.a_index,
        a_value: &lp.a_value,
    })?;
    Ok((live, scale))
}

/// Solves an already formulated LP (built for `model.objectives[0]`).
///
/// Flows reach HiGHS divided by the park's flow scale (see [`flow_scale`]),
/// so its absolute tolerances stay meaningful in parks of tiny flows; values
/// and objectives are scaled back before they leave this function.
pub(crate) fn solve_formulated(
    model: &Model,
    network: &Network,
    lp: LinearProgram,
    options: &SolveOptions,
) -> Result<LpOutcome, SolveError> {
    if lp.num_cols() == 0 {
        return Ok(without_arcs(model, lp));
    }
    let n = lp.num_cols();
    let (mut live, scale) = hand_over(&lp, options, network.len())?;
    let nonzeros = lp.num_nonzeros();
    // HiGHS holds its own copy of the matrix now; free ours before solving.
    let LinearProgram { rows, col_cost, .. } = lp;
    let mut keys = rows.keys;
    let mut factors = rows.factor;
    let mut values: Vec<(Objective, f64)> = Vec::new();
    let mut cost = col_cost;
    let mut status = Status::SolverFailure;
    // Each held objective's optimum: row duals, reduced costs and costs
    // (solver units), and its bound row (row, multiplier).
    let mut held: Vec<HeldOptimum> = Vec::new();
    let faces = faces_on(model);
    for (i, &objective) in model.objectives.iter().enumerate() {
        if i > 0 {
            let sol = live.solution();
            if faces {
                // The later objectives over the earlier one's optimal face.
                // (Only columns at zero: one held at a positive lower bound
                // keeps it.)
                let off: Vec<usize> = (0..n)
                    .filter(|&j| sol.col_value[j] <= 0.0 && off_face(sol.col_dual[j], cost[j]))
                    .collect();
                tracing::debug!(fixed = off.len(), "fixed the columns off the optimal face");
                live.fix_cols_at_zero(&off)?;
            }
            let (prev, z) = values[i - 1];
            let (row, multiplier) =
                hold_costs(&mut live, &cost, z / scale, model.objective_tolerance)?;
            keys.push(RowKey {
                family: RowFamily::ObjectiveBound,
                entity: (i - 1) as u32,
                contaminant: NO_CONTAMINANT,
            });
            factors.push(multiplier);
            tracing::debug!(objective = prev.name(), value = z, "held");
            held.push(HeldOptimum {
                rows: sol.row_dual,
                cols: sol.col_dual,
                cost: std::mem::replace(&mut cost, costs(model, network, objective)),
                bound_row: (row, multiplier),
            });
            live.change_costs(&cost)?;
        }
        status = live.run_checked()?;
        if status == Status::Optimal && super::live::refresh_optima() {
            // HiGHS's values can drift from its own rows with its residuals
            // at 0 ([`Live::refresh`]): solved again from the optimal
            // basis, refactored, before anything is read from it.
            status = live.refresh()?;
            status = live.check(status);
        }
        if i > 0 && status == Status::Infeasible {
            // The earlier optimum meets the held rows and the faces, so a
            // later objective cannot be infeasible but by rounding: seen on
            // a 176x176x2 treatment park (cost, freshwater, discharge)
            // whose cost optimum came out 1e-9 below the true one, so the
            // held row and the face left freshwater no point. Not the
            // park's verdict (`pipeline` solves it another way).
            status = Status::NumericalTrouble;
        }
        let info = live.info();
        tracing::info!(objective = objective.name(), status = ?status, value = info.objective_value, time = info.run_time, "solved");
        if status != Status::Optimal {
            break;
        }
        values.push((objective, info.objective_value * scale));
    }
    let counters = live.counters();
    let stats = SolveStats {
        columns: n,
        rows: keys.len(),
        nonzeros,
        simplex_iterations: counters.simplex_iterations,
        ipm_iterations: counters.ipm_iterations,
        solves: counters.solves,
        pricing: None,
        residuals: live.residuals(),
    };
    let mut outcome = LpOutcome {
        status,
        flows: vec![0.0; n],
        row_duals: vec![0.0; keys.len()],
        row_keys: keys,
        objective_values: values,
        stats,
        conflict: Vec::new(),
    };
    match status {
        Status::Optimal => {
            let sol = live.solution();
            // Each objective at the final point: an earlier one held by a
            // loose tolerance may have spent it.
            for (k, (_, z)) in outcome.objective_values.iter_mut().enumerate() {
                let c = held.get(k).map_or(&cost, |h| &h.cost);
                *z = c
                    .iter()
                    .zip(&sol.col_value)
                    .map(|(c, x)| c * x)
                    .sum::<f64>()
                    * scale;
            }
            outcome.flows = sol
                .col_value
                .iter()
                .map(|&f| if f > FLOW_EPSILON { f * scale } else { 0.0 })
                .collect();
            // Duals that price every column, also those off a held face
            // (held by its row alone, the raw duals already do).
            let row_dual = if faces {
                complete_duals(&held, sol.row_dual, &sol.col_dual, &cost)
            } else {
                sol.row_dual
            };
            outcome.row_duals = row_dual
                .iter()
                .zip(&factors)
                .map(|(&y, &f)| y * f)
                .collect();
        }
        Status::Infeasible if n <= HIGHS_IIS_MAX_ARCS => {
            let budget = options.time_limit.unwrap_or(IIS_SECONDS).min(IIS_SECONDS);
            if let Some(rows) = iis_within(live, budget) {
                outcome.conflict = rows.iter().map(|&r| outcome.row_keys[r]).collect();
            }
        }
        _ => {}
    }
    Ok(outcome)
}

/// One held objective at its optimum (solver units).
struct HeldOptimum {
    rows: Vec<f64>,
    cols: Vec<f64>,
    cost: Vec<f64>,
    /// Its bound row, and the multiplier that row is divided through by.
    bound_row: (usize, f64),
}

/// The last objective's row duals `rows` (reduced costs `cols`, costs
/// `cost`) completed with the held objectives' so that they price every
/// column ([`face_multipliers`]).
fn complete_duals(held: &[HeldOptimum], rows: Vec<f64>, cols: &[f64], cost: &[f64]) -> Vec<f64> {
    if held.is_empty() {
        return rows;
    }
    let level =
        |k: usize| -> (&[f64], &[f64]) { held.get(k).map_or((cols, cost), |h| (&h.cols, &h.cost)) };
    let w = face_multipliers(held.len() + 1, cols.len(), |k, j| {
        let (d, c) = level(k);
        Some((d[j], c[j]))
    });
    let mut complete = rows;
    for (h, &wk) in held.iter().zip(&w) {
        for (r, &y) in complete.iter_mut().zip(&h.rows) {
            *r += wk * y;
        }
        let (row, multiplier) = h.bound_row;
        complete[row] -= wk / multiplier;
    }
    complete
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
pub(crate) fn flow_scale(rows: &RowIndex) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_parks_are_scaled_up_by_a_power_of_two() {
        use crate::Scenario;
        let text =
            "contaminants = [\"C\"]\n[[intake]]\nid = \"FW\"\nkind = \"tap\"\nconc = { C = 0 }\n\
            [[sink]]\nid = \"D\"\nflow = 3e-12\n";
        let model = Scenario::from_toml(text).unwrap().validate().unwrap();
        let rows = RowIndex::new(&model);
        let scale = flow_scale(&rows);
        assert_eq!(scale, 2f64.powi(-38), "{scale:e}");
        let big = text.replace("3e-12", "300");
        let model = Scenario::from_toml(&big).unwrap().validate().unwrap();
        assert_eq!(flow_scale(&RowIndex::new(&model)), 1.0);
    }
}
