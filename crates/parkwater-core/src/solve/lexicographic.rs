//! The one "hold this objective" rule of lexicographic solves (the full LP,
//! the pricing master, MIPs with several objectives): after objective `i`
//! is solved to `z`, the row
//!
//! ```text
//! cost_i . x  <=  z + tolerance * max(|z|, 1)
//! ```
//!
//! keeps it within its relative tolerance while the next objective is
//! minimized. Everything is in the solver's units (flows divided by the
//! park's flow scale, see [`super::flow_scale`]): `z` is HiGHS's objective
//! value, and the absolute floor of 1 is one solver unit. Both solves used
//! this rule before it lived here (the full LP wrote it in unscaled units
//! with the scale as floor, which is the same row exactly since the scale
//! is a power of two).

use super::live::Live;
use super::SolveError;

/// The right-hand side that holds objective value `z` (solver units)
/// within the relative `tolerance`.
pub(crate) fn held_upper(z: f64, tolerance: f64) -> f64 {
    z + tolerance * z.abs().max(1.0)
}

/// Adds the row `sum value[k] * x[index[k]] <= held_upper(z, tolerance)`;
/// returns its index. The pricing master's row in a list of two
/// objectives: divided through as in [`hold_divided`] it slowed the cost
/// rounds of 1500x1500x5 heavy reuse (freshwater, cost): one re-solve took
/// 39k dual simplex iterations instead of 20k, the next over 150 s instead
/// of 9 s.
pub(crate) fn hold(
    live: &mut Live,
    index: &[u32],
    value: &[f64],
    z: f64,
    tolerance: f64,
) -> Result<usize, SolveError> {
    add_row(live, index, value, held_upper(z, tolerance))
}

/// [`hold`] with the row divided through by max(|z|, 1); returns its index
/// and that multiplier, by which later columns' entries in the row are
/// multiplied and its dual is brought back to the objective's units.
///
/// Why: an objective of 6e7 held within 1e-9 is a slab 0.06 wide across
/// coefficients up to 1e5. With freshwater and cost both held so, HiGHS's
/// optimum minimizing discharge had a treatment balance off by up to 3e-4
/// t/h, in the full LP and in the pricing master alike (the independent
/// check refused it at every tolerance; 6 of 9 random structured parks
/// with freshwater, cost, discharge); divided through, the same rows
/// solved cleanly to the same optima.
pub(crate) fn hold_divided(
    live: &mut Live,
    index: &[u32],
    value: &[f64],
    z: f64,
    tolerance: f64,
) -> Result<(usize, f64), SolveError> {
    let multiplier = 1.0 / z.abs().max(1.0);
    let value: Vec<f64> = value.iter().map(|v| v * multiplier).collect();
    let row = add_row(live, index, &value, held_upper(z, tolerance) * multiplier)?;
    Ok((row, multiplier))
}

/// Adds the row `sum value[k] * x[index[k]] <= upper`; returns its index.
fn add_row(live: &mut Live, index: &[u32], value: &[f64], upper: f64) -> Result<usize, SolveError> {
    live.add_rows(
        &[f64::NEG_INFINITY],
        &[upper],
        &[0, index.len()],
        index,
        value,
    )?;
    Ok(live.num_rows() - 1)
}

/// [`hold_divided`] for a dense cost vector (one entry per column): the
/// full LP's and network design's held rows.
pub(crate) fn hold_costs(
    live: &mut Live,
    cost: &[f64],
    z: f64,
    tolerance: f64,
) -> Result<(usize, f64), SolveError> {
    let (index, value): (Vec<u32>, Vec<f64>) = cost
        .iter()
        .enumerate()
        .filter(|(_, &c)| c != 0.0)
        .map(|(j, &c)| (j as u32, c))
        .unzip();
    hold_divided(live, &index, &value, z, tolerance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::{ColumnLp, SolveOptions, Status};

    #[test]
    fn the_held_row_keeps_the_first_objective_within_tolerance() {
        // min x + y (first), then min -2x - y (second), with x + y >= 10,
        // y <= 4: the first optimum 10 is held to within 1 % (x + y <=
        // 10.1), so the second puts all of it on x.
        let lp = ColumnLp {
            col_cost: vec![1.0, 1.0],
            col_lower: vec![0.0, 0.0],
            col_upper: vec![f64::INFINITY, 4.0],
            row_lower: vec![10.0],
            row_upper: vec![f64::INFINITY],
            a_start: vec![0, 1, 2],
            a_index: vec![0, 0],
            a_value: vec![1.0, 1.0],
        };
        let mut live = Live::new(&SolveOptions::default(), 2).unwrap();
        live.pass(&lp.as_sparse()).unwrap();
        assert_eq!(live.run_checked().unwrap(), Status::Optimal);
        let z = live.info().objective_value;
        let (row, multiplier) = hold_costs(&mut live, &lp.col_cost, z, 0.01).unwrap();
        assert_eq!((row, multiplier), (1, 0.1));
        live.change_costs(&[-2.0, -1.0]).unwrap();
        assert_eq!(live.run_checked().unwrap(), Status::Optimal);
        let x = live.solution().col_value;
        assert!((x[0] + x[1] - 10.1).abs() < 1e-9, "{x:?}");
        assert!((x[0] - 10.1).abs() < 1e-9, "{x:?}");
    }

    #[test]
    fn tolerance_is_relative_with_a_floor_of_one_unit() {
        assert_eq!(held_upper(200.0, 0.01), 202.0);
        assert_eq!(held_upper(-200.0, 0.01), -198.0);
        assert_eq!(held_upper(0.5, 0.01), 0.51);
        assert_eq!(held_upper(0.0, 0.0), 0.0);
    }
}
