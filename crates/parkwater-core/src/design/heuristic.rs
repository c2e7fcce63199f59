//! A first design before the MIP search: round an LP point to a design
//! (build what carries flow; keep the largest flows where a count limits;
//! drop the least useful pipes over the budget), and slope scaling (re-price
//! each pipe's capital per t/h of its last flow and solve the LP again), so
//! HiGHS starts from a good incumbent instead of searching for one.

use super::formulate::Milp;

/// Relative flow below which an arc counts as unused when rounding.
const USED: f64 = 1e-7;

/// Rounds an LP point (all columns) to which binaries are on.
pub(crate) fn round(milp: &Milp, x: &[f64]) -> Vec<bool> {
    let n = milp.num_flows;
    let flow_of = |b: usize| {
        let bin = &milp.binaries[b];
        if bin.unit.is_some() {
            x[n + b]
        } else {
            x[bin.arc] / milp.big_m[bin.arc].max(1e-12)
        }
    };
    let mut on: Vec<bool> = (0..milp.binaries.len())
        .map(|b| match milp.binaries[b].fixed {
            Some(v) => v,
            None => flow_of(b) > USED,
        })
        .collect();
    for (k, members) in &milp.groups {
        let mut live: Vec<u32> = members
            .iter()
            .copied()
            .filter(|&b| on[b as usize])
            .collect();
        if live.len() as f64 <= *k {
            continue;
        }
        // Forced pipes first, then the largest flows.
        live.sort_by(|&a, &b| {
            let key = |b: u32| {
                (
                    milp.binaries[b as usize].fixed == Some(true),
                    x[milp.binaries[b as usize].arc],
                )
            };
            let (ka, kb) = (key(a), key(b));
            kb.0.cmp(&ka.0).then(kb.1.total_cmp(&ka.1))
        });
        for &b in &live[*k as usize..] {
            if milp.binaries[b as usize].fixed != Some(true) {
                on[b as usize] = false;
            }
        }
    }
    on
}

/// Drops built pipes (least flow per CNY first) until the capital fits `budget`.
pub(crate) fn fit_budget(milp: &Milp, x: &[f64], on: &mut [bool], budget: f64) {
    let mut spent: f64 = (0..on.len())
        .filter(|&b| on[b])
        .map(|b| milp.binaries[b].capex)
        .sum();
    if spent <= budget {
        return;
    }
    let mut order: Vec<usize> = (0..on.len())
        .filter(|&b| on[b] && milp.binaries[b].fixed.is_none() && milp.binaries[b].unit.is_none())
        .collect();
    order.sort_by(|&a, &b| {
        let worth = |b: usize| x[milp.binaries[b].arc] / milp.binaries[b].capex.max(1e-9);
        worth(a).total_cmp(&worth(b))
    });
    for b in order {
        if spent <= budget {
            break;
        }
        on[b] = false;
        spent -= milp.binaries[b].capex;
    }
}

/// Slope-scaled costs: each flow column with a binary carries its binary's
/// cost spread over its last flow (its bound when it carried none); the
/// binaries cost nothing.
pub(crate) fn slope_costs(milp: &Milp, costs: &[f64], x: &[f64]) -> Vec<f64> {
    let n = milp.num_flows;
    let mut c = costs.to_vec();
    for (b, bin) in milp.binaries.iter().enumerate() {
        if bin.unit.is_some() {
            continue;
        }
        let a = bin.arc;
        let m = milp.big_m[a].max(1e-9);
        let f = if x[a] > USED * m { x[a] } else { m };
        c[a] += costs[n + b] / f;
        c[n + b] = 0.0;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::formulate::Binary;
    use crate::formulate::RowIndex;

    fn milp(big_m: Vec<f64>, groups: Vec<(f64, Vec<u32>)>) -> Milp {
        let n = big_m.len();
        Milp {
            lp_rows: RowIndex::default(),
            design_rows: Vec::new(),
            num_flows: n,
            binaries: (0..n)
                .map(|a| Binary {
                    arc: a,
                    unit: None,
                    capex: 10.0,
                    fixed: None,
                })
                .collect(),
            arc_binary: (0..n as u32).collect(),
            big_m,
            flow_scale: 1.0,
            groups,
            col_lower: Vec::new(),
            col_upper: Vec::new(),
            row_lower: Vec::new(),
            row_upper: Vec::new(),
            a_start: Vec::new(),
            a_index: Vec::new(),
            a_value: Vec::new(),
        }
    }

    #[test]
    fn rounding_keeps_the_largest_flows_of_a_limited_group_and_fits_the_budget() {
        let m = milp(vec![10.0; 4], vec![(2.0, vec![0, 1, 2])]);
        let x = [1.0, 5.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let mut on = round(&m, &x);
        assert_eq!(on, vec![false, true, true, false]);
        fit_budget(&m, &x, &mut on, 15.0);
        assert_eq!(
            on,
            vec![false, true, false, false],
            "the pipe of less flow goes"
        );
    }

    #[test]
    fn slope_scaling_spreads_capital_over_the_last_flow() {
        let m = milp(vec![10.0, 10.0], Vec::new());
        let costs = [1.0, 1.0, 20.0, 20.0];
        let c = slope_costs(&m, &costs, &[4.0, 0.0, 0.4, 0.0]);
        assert_eq!(c, vec![1.0 + 5.0, 1.0 + 2.0, 0.0, 0.0]);
    }
}
