//! Tiny MIPs with hand-computed answers: a knapsack, a fixed-charge arc, an
//! infeasible MIP, and a multi-dimensional knapsack too hard for a short
//! time limit (incumbent with a gap), with progress and a MIP start.

use super::*;
use crate::test_support::*;
use crate::{ModelStatus, OwnedLp, SolutionStatus};

fn binaries(highs: &mut Highs) {
    let n = highs.num_cols();
    highs
        .change_integrality(0, &vec![VarType::Integer; n])
        .unwrap();
}

/// max 10a + 13b + 7c + 8d  s.t.  4a + 6b + 3c + 5d <= 10, binaries.
/// Optimum a + b = 23; the LP relaxation reaches 23.5 (a, c and half of b).
fn knapsack() -> OwnedLp {
    OwnedLp::new(
        &[(-INF, 10.0)],
        &[
            (-10.0, 0.0, 1.0, &[(0, 4.0)]),
            (-13.0, 0.0, 1.0, &[(0, 6.0)]),
            (-7.0, 0.0, 1.0, &[(0, 3.0)]),
            (-8.0, 0.0, 1.0, &[(0, 5.0)]),
        ],
    )
}

#[test]
fn knapsack_is_solved_to_its_integer_optimum() {
    let lp = knapsack();
    let relaxed = solved(&lp, &quiet());
    assert_close(relaxed.objective_value(), -23.5, "LP relaxation");

    let mut highs = Highs::new(&quiet()).unwrap();
    highs.pass_lp(&lp.as_sparse()).unwrap();
    binaries(&mut highs);
    assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
    assert_all_close(&highs.solution().col_value, &[1.0, 1.0, 0.0, 0.0], "x");
    let info = highs.mip_info();
    assert!(info.has_incumbent);
    assert_close(info.objective, -23.0, "objective");
    assert!(info.bound <= info.objective + 1e-9, "{info:?}");
    assert!(info.gap <= 1e-4, "{info:?}");
    assert!(info.max_integrality_violation <= 1e-9, "{info:?}");
    assert!(highs.info().max_primal_infeasibility <= 1e-9);
    // A MIP has no duals.
    assert_eq!(highs.dual_solution_status(), SolutionStatus::None);
    assert!(highs.solution().row_dual.iter().all(|y| y.is_nan()));

    // Back to continuous: the LP relaxation again.
    highs.clear_integrality().unwrap();
    assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
    assert_close(highs.objective_value(), -23.5, "relaxed again");
}

/// Demand `d` met by arc 1 (1 per t, fixed charge 10 when built: x1 <= 8 y)
/// or arc 2 (4 per t, no charge). Columns x1, y, x2; rows: demand, link.
fn fixed_charge(d: f64) -> OwnedLp {
    OwnedLp::new(
        &[(d, d), (-INF, 0.0)],
        &[
            (1.0, 0.0, INF, &[(0, 1.0), (1, 1.0)]),
            (10.0, 0.0, 1.0, &[(1, -8.0)]),
            (4.0, 0.0, INF, &[(0, 1.0)]),
        ],
    )
}

#[test]
fn fixed_charge_arc_is_built_only_when_it_pays() {
    for (d, built, cost) in [(5.0, 1.0, 15.0), (2.0, 0.0, 8.0)] {
        let lp = fixed_charge(d);
        let mut highs = Highs::new(&quiet()).unwrap();
        highs.pass_lp(&lp.as_sparse()).unwrap();
        // The LP relaxation builds a fraction of the pipe: 2.25 per t.
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert_close(highs.objective_value(), 2.25 * d, "relaxation");
        highs.change_integrality(1, &[VarType::Integer]).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        let x = highs.solution().col_value;
        assert_close(x[1], built, "y");
        assert_close(highs.objective_value(), cost, "cost");

        // Fix the binary at its value and re-solve the LP: duals exist and
        // price the demand at the marginal arc.
        highs.change_col_bounds(1, x[1], x[1]).unwrap();
        highs.clear_integrality().unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert_close(highs.objective_value(), cost, "fixed LP");
        let dual = highs.solution().row_dual[0];
        assert_close(dual, if built == 1.0 { 1.0 } else { 4.0 }, "demand dual");
    }
}

#[test]
fn integer_infeasible_but_lp_feasible() {
    // 2x = 1 with x integer in [0, 5]: the relaxation has x = 0.5.
    let lp = OwnedLp::new(&[(1.0, 1.0)], &[(1.0, 0.0, 5.0, &[(0, 2.0)])]);
    let mut highs = Highs::new(&quiet()).unwrap();
    highs.pass_lp(&lp.as_sparse()).unwrap();
    assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
    binaries(&mut highs);
    assert_eq!(highs.run().unwrap(), ModelStatus::Infeasible);
    assert!(!highs.mip_info().has_incumbent);
}

#[test]
fn integrality_range_is_checked() {
    let lp = knapsack();
    let mut highs = Highs::new(&quiet()).unwrap();
    highs.pass_lp(&lp.as_sparse()).unwrap();
    assert_eq!(
        highs.change_integrality(3, &[VarType::Integer, VarType::Integer]),
        Err(HighsError::IndexOutOfRange {
            what: "col",
            index: 4,
            bound: 4
        })
    );
    highs.change_integrality(4, &[]).unwrap();
    assert!(matches!(
        highs.set_solution(&[0.0]),
        Err(HighsError::SizeMismatch { .. })
    ));
}

/// A 60-item, 6-constraint knapsack with correlated weights and values
/// (pseudo-random, fixed seed): minutes for HiGHS to prove, an incumbent
/// at once. Maximized as min of the negated values.
fn hard_knapsack() -> OwnedLp {
    let (items, dims) = (60, 6);
    let mut seed: u64 = 12345;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let mut weights = vec![vec![0.0; items]; dims];
    let mut cols = Vec::new();
    for j in 0..items {
        let mut total = 0.0;
        for row in weights.iter_mut() {
            row[j] = (10.0 + 90.0 * next()).round();
            total += row[j];
        }
        let value = (total / dims as f64 + 10.0 * next()).round();
        cols.push(-value);
    }
    let entries: Vec<Vec<(u32, f64)>> = (0..items)
        .map(|j| (0..dims).map(|i| (i as u32, weights[i][j])).collect())
        .collect();
    let rows: Vec<(f64, f64)> = weights
        .iter()
        .map(|w| (-INF, (w.iter().sum::<f64>() / 2.0).round()))
        .collect();
    let columns: Vec<TestCol<'_>> = (0..items)
        .map(|j| (cols[j], 0.0, 1.0, entries[j].as_slice()))
        .collect();
    OwnedLp::new(&rows, &columns)
}

#[test]
fn time_limit_returns_the_incumbent_with_its_gap_and_bound() {
    let lp = hard_knapsack();
    let mut highs = Highs::new(&quiet().with_time_limit(0.3)).unwrap();
    highs.pass_lp(&lp.as_sparse()).unwrap();
    binaries(&mut highs);
    let status = highs.run().unwrap();
    let info = highs.mip_info();
    eprintln!("{status}: {info:?}");
    assert_eq!(status, ModelStatus::TimeLimit);
    assert!(info.has_incumbent, "{info:?}");
    assert!(info.bound < info.objective, "{info:?}");
    assert!(info.gap > 1e-4 && info.gap.is_finite(), "{info:?}");
    // The incumbent is integral and feasible.
    let x = highs.solution().col_value;
    assert!(x.iter().all(|v| (v - v.round()).abs() <= 1e-6));
    let s = highs.solution();
    for (r, &activity) in s.row_value.iter().enumerate() {
        assert!(activity <= lp.row_upper[r] + 1e-6);
    }
    let objective: f64 = x.iter().zip(&lp.col_cost).map(|(a, c)| a * c).sum();
    assert_close(objective, info.objective, "incumbent objective");
}

#[test]
fn progress_reports_incumbents_and_bounds_and_can_stop_the_solve() {
    let lp = hard_knapsack();
    let mut highs = Highs::new(&quiet().with_time_limit(30.0)).unwrap();
    highs.pass_lp(&lp.as_sparse()).unwrap();
    binaries(&mut highs);
    let mut reports: Vec<MipProgress> = Vec::new();
    let status = highs
        .run_with_progress(&mut |p: &MipProgress| {
            reports.push(*p);
            // Stop at the first regular check after the first incumbent
            // with a finite gap.
            if !p.improved && p.gap.is_finite() && reports.iter().any(|r| r.improved) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
    eprintln!(
        "{status}: {} reports, last {:?}",
        reports.len(),
        reports.last()
    );
    assert_eq!(status, ModelStatus::Other(17), "interrupted by the closure");
    assert!(reports.iter().any(|r| r.improved));
    // Incumbents only improve (minimization); bounds never pass them.
    let incumbents: Vec<f64> = reports
        .iter()
        .filter(|r| r.improved)
        .map(|r| r.incumbent)
        .collect();
    assert!(
        incumbents.windows(2).all(|w| w[1] <= w[0]),
        "{incumbents:?}"
    );
    for r in reports.iter().filter(|r| r.incumbent.is_finite()) {
        assert!(r.bound <= r.incumbent + 1e-6, "{r:?}");
    }
    let info = highs.mip_info();
    assert!(info.has_incumbent && info.gap > 0.0, "{info:?}");
    assert!(info.objective <= *incumbents.last().unwrap() + 1e-9);

    // The callback is gone after the run: a plain run still works.
    highs.set_option_f64("time_limit", 0.2).unwrap();
    assert!(matches!(
        highs.run().unwrap(),
        ModelStatus::TimeLimit | ModelStatus::Optimal
    ));
}

#[test]
fn a_panicking_progress_closure_stops_the_solve_and_is_resumed() {
    let lp = hard_knapsack();
    let mut highs = Highs::new(&quiet().with_time_limit(30.0)).unwrap();
    highs.pass_lp(&lp.as_sparse()).unwrap();
    binaries(&mut highs);
    let clock = std::time::Instant::now();
    let caught = std::panic::catch_unwind(AssertUnwindSafe(|| {
        highs.run_with_progress(&mut |_: &MipProgress| panic!("closure failed"))
    }));
    assert!(caught.is_err());
    assert!(
        clock.elapsed().as_secs_f64() < 20.0,
        "the solve was stopped"
    );
    // The instance is still usable.
    highs.set_option_f64("time_limit", 0.1).unwrap();
    assert!(highs.run().is_ok());
}

#[test]
fn a_mip_start_is_the_first_incumbent() {
    let lp = hard_knapsack();
    // Greedy start: items by value per total weight while every row fits.
    let n = lp.col_cost.len();
    let weight = |j: usize| -> f64 { lp.a_value[lp.a_start[j]..lp.a_start[j + 1]].iter().sum() };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| (lp.col_cost[a] / weight(a)).total_cmp(&(lp.col_cost[b] / weight(b))));
    let mut used = vec![0.0; lp.row_upper.len()];
    let mut start = vec![0.0; n];
    for j in order {
        let range = lp.a_start[j]..lp.a_start[j + 1];
        if range.clone().all(|k| {
            used[lp.a_index[k] as usize] + lp.a_value[k] <= lp.row_upper[lp.a_index[k] as usize]
        }) {
            for k in range {
                used[lp.a_index[k] as usize] += lp.a_value[k];
            }
            start[j] = 1.0;
        }
    }
    let greedy: f64 = start.iter().zip(&lp.col_cost).map(|(x, c)| x * c).sum();
    let mut highs = Highs::new(&quiet().with_time_limit(30.0)).unwrap();
    highs.pass_lp(&lp.as_sparse()).unwrap();
    binaries(&mut highs);
    highs.set_solution(&start).unwrap();
    let mut first = None;
    highs
        .run_with_progress(&mut |p: &MipProgress| {
            if p.improved && first.is_none() {
                first = Some(p.incumbent);
            }
            if p.incumbent.is_finite() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
    let info = highs.mip_info();
    eprintln!("greedy {greedy}, first {first:?}, {info:?}");
    assert!(info.has_incumbent);
    // HiGHS starts from the offered point: its incumbent is never worse.
    assert!(
        info.objective <= greedy + 1e-9,
        "{info:?} vs greedy {greedy}"
    );
}

#[test]
fn mip_rel_gap_option_round_trips() {
    let mut highs = Highs::new(&quiet().with_mip_rel_gap(0.05)).unwrap();
    assert_eq!(highs.option_f64("mip_rel_gap").unwrap(), 0.05);
    highs.set_options(&quiet()).unwrap();
    assert_eq!(highs.option_f64("mip_rel_gap").unwrap(), 1e-4);
}

#[test]
fn semi_continuous_column_is_zero_or_at_least_its_lower_bound() {
    // A pipe with a minimum flow: x = 0 or 2 <= x <= 10, meeting a demand
    // of 1 that fresh water y (cost 5) could also meet. Flow 1 through the
    // pipe is not allowed: it carries 2 (cost 2) and 1 spills (row <= 3).
    let lp = OwnedLp::new(
        &[(1.0, 3.0)],
        &[(1.0, 2.0, 10.0, &[(0, 1.0)]), (5.0, 0.0, INF, &[(0, 1.0)])],
    );
    let mut highs = Highs::new(&quiet()).unwrap();
    highs.pass_lp(&lp.as_sparse()).unwrap();
    highs
        .change_integrality(0, &[VarType::SemiContinuous])
        .unwrap();
    assert_eq!(
        highs.integrality().unwrap(),
        [VarType::SemiContinuous, VarType::Continuous]
    );
    assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
    assert_all_close(&highs.solution().col_value, &[2.0, 0.0], "x, y");
    // With the pipe dear, it stays at zero rather than below its minimum.
    highs.change_costs(&[10.0, 5.0]).unwrap();
    assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
    assert_all_close(&highs.solution().col_value, &[0.0, 1.0], "x, y");
}
