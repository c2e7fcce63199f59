//! Auxiliary LPs (the elastic LP and the feasibility tests of an
//! infeasibility diagnosis, solved cold): a plain column-form LP in, a
//! status and the column values out, through the solver layer's [`Live`].

use super::live::Live;
use super::{SolveError, SolveOptions, Status};

/// An LP in compressed-column form with explicit bounds: minimize
/// `col_cost . x` subject to `row_lower <= A x <= row_upper`,
/// `col_lower <= x <= col_upper`.
pub(crate) use parkwater_highs::OwnedLp as ColumnLp;

/// What an auxiliary solve found.
#[derive(Debug, Clone)]
pub(crate) struct PlainOutcome {
    /// `Optimal`, `Infeasible` (with a zero objective, HiGHS's "unbounded or
    /// infeasible" is infeasible too), or a failure status.
    pub(crate) status: Status,
    /// Column values (empty unless optimal; the diagnosis reads only the
    /// status, the tests check the values).
    #[allow(dead_code)]
    pub(crate) col_value: Vec<f64>,
    /// Objective value (NaN unless optimal).
    #[allow(dead_code)]
    pub(crate) objective: f64,
}

/// Solves an auxiliary LP with the threads and time limit of `options`
/// (always dual simplex: these LPs are small or warm-free, and simplex
/// decides infeasibility more reliably than interior point).
pub(crate) fn solve_column_lp(
    lp: &ColumnLp,
    options: &SolveOptions,
) -> Result<PlainOutcome, SolveError> {
    solve_column_lp_by(lp, options, super::Algorithm::Simplex)
}

/// [`solve_column_lp`] by `algorithm`: for an auxiliary LP that is an
/// optimization over the whole park rather than a feasibility test (on a
/// 96 000-arc park dual simplex took 20 s where the park's own LP took
/// 3.8 s by interior point).
pub(crate) fn solve_column_lp_by(
    lp: &ColumnLp,
    options: &SolveOptions,
    algorithm: super::Algorithm,
) -> Result<PlainOutcome, SolveError> {
    if lp.col_cost.is_empty() {
        // HiGHS answers no status for an LP without columns: decide it here.
        let zero_fits = lp
            .row_lower
            .iter()
            .zip(&lp.row_upper)
            .all(|(&l, &u)| l <= 0.0 && 0.0 <= u);
        return Ok(PlainOutcome {
            status: if zero_fits {
                Status::Optimal
            } else {
                Status::Infeasible
            },
            col_value: Vec::new(),
            objective: 0.0,
        });
    }
    let mut o = options.clone();
    o.algorithm = algorithm;
    o.verbose = false;
    let mut live = Live::new(&o, lp.col_cost.len())?;
    live.pass(&lp.as_sparse())?;
    let status = live.run_checked()?;
    if status != Status::Optimal {
        return Ok(PlainOutcome {
            status,
            col_value: Vec::new(),
            objective: f64::NAN,
        });
    }
    Ok(PlainOutcome {
        status,
        col_value: live.solution().col_value,
        objective: live.info().objective_value,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Found by the fuzz test (an elastic LP of a park whose concentrations
    /// span 1e-308 t/h flows and 1e9 mg/L): HiGHS's dual simplex stops with
    /// "ratio test failed due to excessive dual values" and Highs_run returns
    /// an error. That is an outcome (numerical trouble), not a broken run.
    pub(crate) fn ratio_test_failure() -> ColumnLp {
        let inf = f64::INFINITY;
        ColumnLp {
            col_cost: vec![
                0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0, 1.0, 1000.0, 1000.0, 1000.0, 1000.0,
            ],
            col_lower: vec![0.0; 12],
            col_upper: vec![inf; 12],
            row_lower: vec![
                407.45823812790894,
                -inf,
                2.2250738585072014e-308,
                86.20378496538173,
                -inf,
            ],
            row_upper: vec![
                407.45823812790894,
                0.0,
                2.2250738585072014e-308,
                86.20378496538173,
                0.0,
            ],
            a_start: vec![0, 2, 4, 7, 9, 12, 14, 15, 16, 17, 18, 19, 20],
            a_index: vec![0, 1, 0, 1, 2, 0, 1, 2, 4, 3, 0, 1, 3, 4, 0, 0, 2, 2, 3, 3],
            a_value: vec![
                1.0,
                1.817297028130807e-7,
                1.0,
                1.1819211831164135e-7,
                1.0,
                1.0,
                -6.474700918250227e-9,
                1.0,
                9.954005880655919e-8,
                1.0,
                1.0,
                0.9313224686007188,
                1.0,
                0.9313225746154785,
                1.0,
                -1.0,
                1.0,
                -1.0,
                1.0,
                -1.0,
            ],
        }
    }

    #[test]
    fn a_failed_run_is_retried_and_its_answer_checked() {
        // Dual simplex fails on this LP; the solver layer's retry (interior
        // point) answers, and the answer holds when checked here by hand.
        let lp = ratio_test_failure();
        let out = solve_column_lp(&lp, &SolveOptions::default()).unwrap();
        assert_eq!(out.status, Status::Optimal);
        let mut activity = vec![0.0; lp.row_lower.len()];
        for j in 0..lp.col_cost.len() {
            assert!(out.col_value[j] >= -1e-9);
            for k in lp.a_start[j]..lp.a_start[j + 1] {
                activity[lp.a_index[k] as usize] += lp.a_value[k] * out.col_value[j];
            }
        }
        for (r, a) in activity.iter().enumerate() {
            let scale = 1e-6 * lp.row_lower[r].abs().max(1.0);
            assert!(
                a >= &(lp.row_lower[r] - scale) && a <= &(lp.row_upper[r] + scale),
                "row {r}: {a}"
            );
        }
    }

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
