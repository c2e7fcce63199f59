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

/// A column whose reduced cost at an objective's optimum exceeds this,
/// relative to max(1, its cost), is off that objective's optimal face.
/// HiGHS's dual feasibility tolerance: below it a reduced cost is not
/// known to be positive.
pub(crate) const FACE_TOLERANCE: f64 = 1e-7;

#[cfg(test)]
thread_local! {
    /// Unit tests of the fallbacks solve the parks that needed them as
    /// they were solved when found (`synth::found`): on this thread without
    /// the faces, and pricing without the primal switch after a tie-break
    /// or the purge of every kind while a degenerate objective is priced
    /// alone, at the tie-break share of then (`BatchLimits`).
    pub(crate) static AS_FOUND: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// And without solving an optimum again from its basis when HiGHS's
    /// values drift from its rows (`Live::refresh`), which now answers
    /// the parks the fallbacks were found on.
    pub(crate) static NO_REFRESH: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The largest objective tolerance held by faces too. Below it the
/// tolerance is there to absorb rounding, not to be traded: the face
/// answer is the exact lexicographic optimum (within 1.4e-9 of the row
/// alone at a tolerance of 1e-13 on a 60x60x3 park), where the row alone
/// at 1e-9 let the later objectives buy up to 3.6e-7 (soak parks) and
/// 7.9e-5 (1500x1500x5 heavy, cost) with 1e-9 more of the earlier one.
/// Above it the tolerance is a trade the user asked for (a little more
/// freshwater for a lower cost), which the face would forbid: the bound
/// row alone holds the objective.
pub(crate) const FACE_MAX_TOLERANCE: f64 = 1e-6;

/// Whether the later objectives of `model`'s list are minimized over the
/// earlier ones' optimal faces: when its tolerance is at most
/// [`FACE_MAX_TOLERANCE`] (outside the fallbacks' unit tests).
pub(crate) fn faces_on(model: &crate::model::Model) -> bool {
    #[cfg(test)]
    if AS_FOUND.get() {
        return false;
    }
    model.objective_tolerance <= FACE_MAX_TOLERANCE
}

/// Whether a column of reduced cost `reduced` and cost `cost` at an
/// objective's optimum is off its optimal face: by complementary
/// slackness it carries nothing in any optimum of that objective, so the
/// later objectives of the list, minimized over that face, fix it at zero.
/// Besides the held row: the row alone let them trade up to the
/// tolerance of the earlier objective (see [`FACE_MAX_TOLERANCE`]), and
/// on some parks their masters failed numerically under it (the face
/// removes the columns that could make that trade).
pub(crate) fn off_face(reduced: f64, cost: f64) -> bool {
    reduced > FACE_TOLERANCE * cost.abs().max(1.0)
}

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

/// The multipliers that complete the duals of a list solved over the
/// optimal faces of its held objectives, so that they price every column.
///
/// Each objective k of `levels` (the last one last) has raw duals from its
/// own optimum; `reduced(k, j)` is column j's reduced cost under them and
/// its cost scale (`None`: no such column). The last objective's duals
/// price only the columns on every face; a column off the face of
/// objective k prices positive under k's. Top-down, w[k] is the smallest
/// multiplier that makes the sum of w[l] x raw reduced costs (l > k) non-
/// negative on every column off face k; columns off a lower face are mended
/// at their own level, where the higher levels leave them. The sum over
/// every level then prices every column non-negative, and its duals are
/// sum w[k] x y_k, with -w[k] more on the bound row of objective k: at
/// least what one unit more of objective k would save.
pub(crate) fn face_multipliers(
    levels: usize,
    columns: usize,
    reduced: impl Fn(usize, usize) -> Option<(f64, f64)> + Sync,
) -> Vec<f64> {
    use rayon::prelude::*;
    let last = levels - 1;
    let mut w = vec![0.0; levels];
    w[last] = 1.0;
    for k in (0..last).rev() {
        let higher = &w;
        let multiplier = (0..columns)
            .into_par_iter()
            .map(|j| {
                let Some((d, scale)) = reduced(k, j) else {
                    return 0.0;
                };
                if !off_face(d, scale) {
                    return 0.0;
                }
                let sum: f64 = (k + 1..levels)
                    .map(|l| higher[l] * reduced(l, j).map_or(0.0, |r| r.0))
                    .sum();
                if sum < 0.0 {
                    -sum / d
                } else {
                    0.0
                }
            })
            .reduce(|| 0.0, f64::max);
        w[k] = multiplier;
    }
    w
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

    /// Three levels: column 1 is off the middle objective's face, column 2
    /// off the first's; the last objective prices both negative, and the
    /// middle level's multiplier makes column 2 worse, which the first
    /// level mends.
    #[test]
    fn face_multipliers_price_every_column_off_a_face() {
        let d = [
            [0.0, 0.0, 4.0],   // the first objective: column 2 off its face
            [0.0, 2.0, -3.0],  // the second: column 1 off its face
            [0.0, -2.0, -1.0], // the last
        ];
        let w = face_multipliers(3, 3, |k, j| Some((d[k][j], 1.0)));
        assert_eq!(w, vec![1.0, 1.0, 1.0]);
        let sum = |j: usize| (0..3).map(|k| w[k] * d[k][j]).sum::<f64>();
        assert!((0..3).all(|j| sum(j) >= 0.0));
        // Nothing to mend: the multipliers stay zero.
        let w = face_multipliers(2, 2, |k, j| Some(([[0.0, 5.0], [1.0, 0.0]][k][j], 1.0)));
        assert_eq!(w, vec![0.0, 1.0]);
        // Columns on every face are the last objective's alone to price
        // (within its tolerance), whatever the earlier duals.
        let w = face_multipliers(2, 1, |k, _| Some(([0.0, -1e-9][k], 1.0)));
        assert_eq!(w, vec![0.0, 1.0]);
    }

    #[test]
    fn tolerance_is_relative_with_a_floor_of_one_unit() {
        assert_eq!(held_upper(200.0, 0.01), 202.0);
        assert_eq!(held_upper(-200.0, 0.01), -198.0);
        assert_eq!(held_upper(0.5, 0.01), 0.51);
        assert_eq!(held_upper(0.0, 0.0), 0.0);
    }
}
