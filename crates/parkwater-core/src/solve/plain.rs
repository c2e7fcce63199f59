//! Auxiliary LPs (the elastic LP and the feasibility tests of an
//! infeasibility diagnosis): a plain column-form LP in, a status and the
//! column values out. Kept here so `solve` stays the only module that names
//! the solver.

use super::{SolveError, SolveOptions, Status};
use parkwater_highs::{Highs, ModelStatus, SparseLp};

/// An LP in compressed-column form with explicit bounds: minimize
/// `col_cost . x` subject to `row_lower <= A x <= row_upper`,
/// `col_lower <= x <= col_upper`.
#[derive(Debug, Clone, Default)]
pub struct ColumnLp {
    /// Objective coefficient of each column.
    pub col_cost: Vec<f64>,
    /// Lower bound of each column.
    pub col_lower: Vec<f64>,
    /// Upper bound of each column.
    pub col_upper: Vec<f64>,
    /// Lower bound of each row.
    pub row_lower: Vec<f64>,
    /// Upper bound of each row.
    pub row_upper: Vec<f64>,
    /// Column start offsets (len = columns + 1).
    pub a_start: Vec<usize>,
    /// Row of each entry.
    pub a_index: Vec<u32>,
    /// Value of each entry.
    pub a_value: Vec<f64>,
}

/// What an auxiliary solve found.
#[derive(Debug, Clone)]
pub struct PlainOutcome {
    /// `Optimal`, `Infeasible` (with a zero objective, HiGHS's "unbounded or
    /// infeasible" is infeasible too), or a failure status.
    pub status: Status,
    /// Column values (empty unless optimal).
    pub col_value: Vec<f64>,
    /// Objective value (NaN unless optimal).
    pub objective: f64,
}

/// Solves an auxiliary LP with the threads and time limit of `options`
/// (always dual simplex: these LPs are small or warm-free, and simplex
/// decides infeasibility more reliably than interior point).
pub fn solve_column_lp(lp: &ColumnLp, options: &SolveOptions) -> Result<PlainOutcome, SolveError> {
    let mut o = options.clone();
    o.algorithm = super::Algorithm::Simplex;
    o.verbose = false;
    let mut highs = Highs::new(&o.highs(lp.col_cost.len()))?;
    highs.pass_lp(&SparseLp {
        col_cost: &lp.col_cost,
        col_lower: &lp.col_lower,
        col_upper: &lp.col_upper,
        row_lower: &lp.row_lower,
        row_upper: &lp.row_upper,
        a_start: &lp.a_start,
        a_index: &lp.a_index,
        a_value: &lp.a_value,
    })?;
    let status = highs.run()?;
    let zero_cost = lp.col_cost.iter().all(|&c| c == 0.0);
    let status = match status {
        ModelStatus::Optimal => Status::Optimal,
        ModelStatus::Infeasible => Status::Infeasible,
        ModelStatus::UnboundedOrInfeasible if zero_cost => Status::Infeasible,
        ModelStatus::Unbounded | ModelStatus::UnboundedOrInfeasible => Status::Unbounded,
        ModelStatus::TimeLimit | ModelStatus::IterationLimit => Status::TimeLimit,
        _ => Status::SolverFailure,
    };
    if status != Status::Optimal {
        return Ok(PlainOutcome {
            status,
            col_value: Vec::new(),
            objective: f64::NAN,
        });
    }
    let info = highs.info();
    Ok(PlainOutcome {
        status,
        col_value: highs.solution().col_value,
        objective: info.objective_value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feasible_and_infeasible() {
        // x + y >= 3 with x, y in [0, 1]: infeasible; with y <= 5: optimal.
        let mut lp = ColumnLp {
            col_cost: vec![1.0, 2.0],
            col_lower: vec![0.0, 0.0],
            col_upper: vec![1.0, 1.0],
            row_lower: vec![3.0],
            row_upper: vec![f64::INFINITY],
            a_start: vec![0, 1, 2],
            a_index: vec![0, 0],
            a_value: vec![1.0, 1.0],
        };
        let o = SolveOptions::default();
        assert_eq!(solve_column_lp(&lp, &o).unwrap().status, Status::Infeasible);
        lp.col_upper[1] = 5.0;
        let r = solve_column_lp(&lp, &o).unwrap();
        assert_eq!(r.status, Status::Optimal);
        assert!((r.objective - 5.0).abs() < 1e-9, "{}", r.objective);
    }
}
