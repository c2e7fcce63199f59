//! The MIP layer on tiny MIPs: statuses, incumbents, gaps and the fixed
//! re-solve for duals, all through [`Live`].

use super::*;
use crate::solve::{ColumnLp, SolveOptions};

const INF: f64 = f64::INFINITY;

/// `(cost, lower, upper, [(row, value)])`.
type Col = (f64, f64, f64, Vec<(u32, f64)>);

fn lp(rows: &[(f64, f64)], cols: &[Col]) -> ColumnLp {
    let mut lp = ColumnLp {
        row_lower: rows.iter().map(|r| r.0).collect(),
        row_upper: rows.iter().map(|r| r.1).collect(),
        a_start: vec![0],
        ..Default::default()
    };
    for (c, l, u, entries) in cols {
        lp.col_cost.push(*c);
        lp.col_lower.push(*l);
        lp.col_upper.push(*u);
        for &(r, v) in entries {
            lp.a_index.push(r);
            lp.a_value.push(v);
        }
        lp.a_start.push(lp.a_index.len());
    }
    lp
}

fn live(lp: &ColumnLp, options: &SolveOptions) -> Live {
    let mut live = Live::new(options, lp.col_cost.len()).unwrap();
    live.pass(&lp.as_sparse()).unwrap();
    live
}

#[test]
fn knapsack_optimal_within_gap() {
    // max 10a + 13b + 7c + 8d, 4a + 6b + 3c + 5d <= 10: a + b = 23.
    let items = [(10.0, 4.0), (13.0, 6.0), (7.0, 3.0), (8.0, 5.0)];
    let cols: Vec<_> = items
        .iter()
        .map(|&(v, w)| (-v, 0.0, 1.0, vec![(0, w)]))
        .collect();
    let lp = lp(&[(-INF, 10.0)], &cols);
    let mut live = live(&lp, &SolveOptions::default());
    live.set_integrality(0, &[VarType::Integer; 4]).unwrap();
    live.set_mip_gap(0.0).unwrap();
    let mip = live.solve_mip(None).unwrap();
    assert_eq!(mip.status, Status::Optimal);
    assert_eq!(mip.col_value, [1.0, 1.0, 0.0, 0.0]);
    assert!((mip.objective + 23.0).abs() < 1e-9, "{mip:?}");
    assert!(
        mip.bound <= mip.objective + 1e-9 && mip.gap <= 1e-9,
        "{mip:?}"
    );
    let r = mip.residuals.unwrap();
    assert_eq!(r.integrality.map(|x| x <= 1e-9), Some(true));
    assert_eq!(live.residuals(), Some(r));
    assert_eq!(live.counters().solves, 1);
}

#[test]
fn fixed_charge_duals_with_the_binary_fixed() {
    // Demand 5 by arc 1 (1/t + 10 fixed, x1 <= 8y) or arc 2 (4/t): build it.
    let cols = vec![
        (1.0, 0.0, INF, vec![(0, 1.0), (1, 1.0)]),
        (10.0, 0.0, 1.0, vec![(1, -8.0)]),
        (4.0, 0.0, INF, vec![(0, 1.0)]),
    ];
    let lp = lp(&[(5.0, 5.0), (-INF, 0.0)], &cols);
    let mut live = live(&lp, &SolveOptions::default());
    live.set_integrality(1, &[VarType::Integer]).unwrap();
    let mip = live.solve_mip(None).unwrap();
    assert_eq!(mip.status, Status::Optimal);
    assert!((mip.objective - 15.0).abs() < 1e-9 && mip.col_value[1] == 1.0);
    // A MIP has no duals; the fixed LP does: 1 per t through the built arc.
    assert!(live.solution().row_dual[0].is_nan());
    assert_eq!(
        live.fix_integers_and_resolve(&mip.col_value).unwrap(),
        Status::Optimal
    );
    let s = live.solution();
    assert!((s.row_dual[0] - 1.0).abs() < 1e-9, "{:?}", s.row_dual);
    assert!((live.info().objective_value - 15.0).abs() < 1e-9);
    assert!(
        live.fix_integers_and_resolve(&[1.0]).is_err(),
        "wrong length"
    );
}

#[test]
fn infeasible_mip() {
    // 2x = 1, x integer.
    let lp = lp(&[(1.0, 1.0)], &[(1.0, 0.0, 5.0, vec![(0, 2.0)])]);
    let mut live = live(&lp, &SolveOptions::default());
    assert_eq!(
        live.run_checked().unwrap(),
        Status::Optimal,
        "LP relaxation"
    );
    live.set_integrality(0, &[VarType::Integer]).unwrap();
    let mip = live.solve_mip(None).unwrap();
    assert_eq!(mip.status, Status::Infeasible);
    assert!(mip.col_value.is_empty() && mip.objective == INF && mip.gap == INF);
}

/// 60 items, 6 knapsack rows, correlated weights: far beyond a fraction of
/// a second for HiGHS to prove, an incumbent at once.
fn hard() -> ColumnLp {
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
        let mut entries = Vec::new();
        for (i, row) in weights.iter_mut().enumerate() {
            row[j] = (10.0 + 90.0 * next()).round();
            total += row[j];
            entries.push((i as u32, row[j]));
        }
        let value = (total / dims as f64 + 10.0 * next()).round();
        cols.push((-value, 0.0, 1.0, entries));
    }
    let rows: Vec<(f64, f64)> = weights
        .iter()
        .map(|w| (-INF, (w.iter().sum::<f64>() / 2.0).round()))
        .collect();
    lp(&rows, &cols)
}

#[test]
fn time_limit_keeps_the_incumbent_its_gap_and_bound_and_progress_is_reported() {
    let lp = hard();
    let options = SolveOptions::default().with_time_limit(0.5);
    let mut live = live(&lp, &options);
    live.set_integrality(0, &[VarType::Integer; 60]).unwrap();
    let mut seen = Vec::new();
    let mip = live
        .solve_mip(Some(&mut |p: &MipProgress| {
            seen.push(*p);
            ControlFlow::Continue(())
        }))
        .unwrap();
    eprintln!("{:?} after {} reports", mip.status, seen.len());
    assert_eq!(mip.status, Status::TimeLimit);
    assert_eq!(mip.col_value.len(), 60, "the incumbent is returned");
    assert!(
        mip.bound < mip.objective && mip.gap > 1e-4 && mip.gap.is_finite(),
        "{mip:?}"
    );
    let z: f64 = mip
        .col_value
        .iter()
        .zip(&lp.col_cost)
        .map(|(x, c)| x * c)
        .sum();
    assert!((z - mip.objective).abs() < 1e-6);
    assert!(seen.iter().any(|p| p.improved), "incumbents reported");
    assert!(
        seen.iter().any(|p| !p.improved && p.bound.is_finite()),
        "bounds reported"
    );
}

#[test]
fn the_progress_closure_can_stop_the_solve() {
    let lp = hard();
    let mut live = live(&lp, &SolveOptions::default().with_time_limit(60.0));
    live.set_integrality(0, &[VarType::Integer; 60]).unwrap();
    let clock = std::time::Instant::now();
    let mip = live
        .solve_mip(Some(&mut |p: &MipProgress| {
            if p.incumbent.is_finite() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }))
        .unwrap();
    assert!(clock.elapsed().as_secs_f64() < 30.0);
    assert_eq!(
        mip.status,
        Status::TimeLimit,
        "stopped early, like a time limit"
    );
    assert_eq!(mip.col_value.len(), 60);
}
