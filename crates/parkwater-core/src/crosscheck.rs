//! A second LP solver for the same park LP: microlp (pure Rust dual
//! simplex) through good_lp, fed the very rows and columns HiGHS gets
//! (`formulate::LinearProgram`, scaled rows included). Tests compare the two
//! objectives on random parks; a disagreement points at HiGHS's numerics or
//! at the hand-over, not at the formulation (both see the same matrix).
//!
//! Only the first objective is cross-checked: a lexicographic list adds
//! rows that depend on HiGHS's own optimum. Behind the `crosscheck` feature:
//! good_lp builds each row as a map of terms, fine for the small parks of a
//! test, far too slow for a real one.

use crate::formulate::{formulate, LinearProgram};
use crate::model::Model;
use crate::network::Network;
use good_lp::{
    microlp, variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel,
};

/// How the second solver's solve ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CrossCheck {
    /// Optimal, with the objective in internal units (t/h, or CNY/h for cost).
    Optimal(f64),
    /// No flow meets every row.
    Infeasible,
    /// The objective has no lower bound.
    Unbounded,
    /// microlp gave up.
    Failed(&'static str),
}

/// Minimizes the model's first objective over its full network with microlp.
pub fn first_objective(model: &Model) -> CrossCheck {
    let network = Network::build(model);
    let lp = formulate(model, &network, model.objectives[0]);
    solve(&lp)
}

/// Solves a formulated LP with microlp (columns >= 0, rows as scaled for HiGHS).
pub fn solve(lp: &LinearProgram) -> CrossCheck {
    let mut vars = ProblemVariables::new();
    let x: Vec<_> = (0..lp.num_cols())
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let mut rows: Vec<Expression> = vec![Expression::from(0.0); lp.rows.keys.len()];
    for (j, &xj) in x.iter().enumerate() {
        for e in lp.a_start[j]..lp.a_start[j + 1] {
            rows[lp.a_index[e] as usize] += lp.a_value[e] * xj;
        }
    }
    let objective: Expression = x
        .iter()
        .zip(&lp.col_cost)
        .filter(|(_, &c)| c != 0.0)
        .map(|(&xj, &c)| c * xj)
        .sum();
    let (lower, upper) = lp.rows.scaled_bounds();
    let mut problem = vars.minimise(objective).using(microlp);
    for (i, row) in rows.into_iter().enumerate() {
        let (lo, hi) = (lower[i], upper[i]);
        if lo == hi {
            problem = problem.with(row.eq(lo));
            continue;
        }
        if lo.is_finite() {
            problem = problem.with(row.clone().geq(lo));
        }
        if hi.is_finite() {
            problem = problem.with(row.leq(hi));
        }
    }
    match problem.solve() {
        Ok(solution) => {
            let z = x
                .iter()
                .zip(&lp.col_cost)
                .map(|(&xj, &c)| c * solution.value(xj))
                .sum();
            CrossCheck::Optimal(z)
        }
        Err(ResolutionError::Infeasible) => CrossCheck::Infeasible,
        Err(ResolutionError::Unbounded) => CrossCheck::Unbounded,
        Err(ResolutionError::Other(why)) => CrossCheck::Failed(why),
        Err(_) => CrossCheck::Failed("microlp error"),
    }
}
