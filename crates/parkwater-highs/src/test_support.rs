//! Shared fixtures for the unit tests: small LPs with hand-computed
//! solutions and a deterministic transportation problem.

pub(crate) use crate::OwnedLp;
use crate::{Highs, ModelStatus, Options};

/// A column for [`OwnedLp::new`]: `(cost, lower, upper, [(row, value)])`.
pub(crate) type TestCol<'a> = (f64, f64, f64, &'a [(u32, f64)]);

pub(crate) const INF: f64 = f64::INFINITY;
pub(crate) const TOL: f64 = 1e-7;

pub(crate) fn quiet() -> Options {
    Options::default().with_threads(1)
}

pub(crate) fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= TOL,
        "{what}: expected {expected}, got {actual}"
    );
}

pub(crate) fn assert_all_close(actual: &[f64], expected: &[f64], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (k, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_close(*a, *e, &format!("{what}[{k}]"));
    }
}

impl OwnedLp {
    /// Build from columns given as `(cost, lower, upper, [(row, value)])`.
    pub(crate) fn new(rows: &[(f64, f64)], cols: &[TestCol<'_>]) -> Self {
        let mut lp = OwnedLp {
            col_cost: vec![],
            col_lower: vec![],
            col_upper: vec![],
            row_lower: rows.iter().map(|r| r.0).collect(),
            row_upper: rows.iter().map(|r| r.1).collect(),
            a_start: vec![0],
            a_index: vec![],
            a_value: vec![],
        };
        for (cost, lower, upper, entries) in cols {
            lp.col_cost.push(*cost);
            lp.col_lower.push(*lower);
            lp.col_upper.push(*upper);
            for (row, value) in entries.iter() {
                lp.a_index.push(*row);
                lp.a_value.push(*value);
            }
            lp.a_start.push(lp.a_index.len());
        }
        lp
    }

    /// `c - Aᵀ y`, computed independently of HiGHS.
    pub(crate) fn reduced_costs(&self, row_dual: &[f64]) -> Vec<f64> {
        (0..self.col_cost.len())
            .map(|j| {
                let range = self.a_start[j]..self.a_start[j + 1];
                self.col_cost[j]
                    - range
                        .map(|k| self.a_value[k] * row_dual[self.a_index[k] as usize])
                        .sum::<f64>()
            })
            .collect()
    }
}

/// The sign-convention LP, solved by hand:
///
/// ```text
/// min  x + 2y + 5z - w
/// r0:  x +  y +  z >= 2      tight >=  -> dual  2
/// r1:  x               <= 1.5  tight <=  -> dual -1
/// r2:  x -  y          <= 10   slack     -> dual  0
/// x, y, z >= 0;  0 <= w <= 4 (w in no row)
/// ```
///
/// x = 1.5, y = 0.5 basic: `1 = y0 + y1`, `2 = y0` gives y0 = 2,
/// y1 = -1. Reduced costs: z = 5 - 2 = 3 (at lower), w = -1 (at
/// upper). Objective 1.5 + 1 - 4 = -1.5.
pub(crate) fn sign_lp() -> OwnedLp {
    OwnedLp::new(
        &[(2.0, INF), (-INF, 1.5), (-INF, 10.0)],
        &[
            (1.0, 0.0, INF, &[(0, 1.0), (1, 1.0), (2, 1.0)]),
            (2.0, 0.0, INF, &[(0, 1.0), (2, -1.0)]),
            (5.0, 0.0, INF, &[(0, 1.0)]),
            (-1.0, 0.0, 4.0, &[]),
        ],
    )
}

/// A balanced `k x k` transportation problem with pseudo-random costs
/// (deterministic LCG): rows 0..k are supplies (`= 10`), rows k..2k
/// demands (`= 10`), column `i*k + j` ships from i to j.
pub(crate) fn transport(k: usize) -> OwnedLp {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut cost = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        10.0 + ((seed >> 33) % 90) as f64
    };
    let rows: Vec<(f64, f64)> = vec![(10.0, 10.0); 2 * k];
    let entries: Vec<[(u32, f64); 2]> = (0..k * k)
        .map(|c| [((c / k) as u32, 1.0), ((k + c % k) as u32, 1.0)])
        .collect();
    let cols: Vec<TestCol<'_>> = entries.iter().map(|e| (cost(), 0.0, INF, &e[..])).collect();
    OwnedLp::new(&rows, &cols)
}

pub(crate) fn solved(owned: &OwnedLp, options: &Options) -> Highs {
    let mut highs = Highs::new(options).unwrap();
    highs.pass_lp(&owned.as_sparse()).unwrap();
    assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
    highs
}
