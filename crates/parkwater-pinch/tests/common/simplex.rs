//! A small dense two-phase simplex (Bland's rule), independent of the crate, to check
//! the cascade targets against the LP they must equal. For tests only: tiny LPs.

/// Row sense.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sense {
    Le,
    Ge,
    Eq,
}

/// A sparse row: (column, coefficient) pairs, sense, right-hand side.
pub type Row = (Vec<(usize, f64)>, Sense, f64);

/// minimise `obj . x` subject to `rows`, `x >= 0`.
#[derive(Debug, Clone, Default)]
pub struct Lp {
    pub ncols: usize,
    pub obj: Vec<f64>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Optimal { value: f64, x: Vec<f64> },
    Infeasible,
    Unbounded,
}

const TOL: f64 = 1e-9;

impl Lp {
    pub fn new(ncols: usize) -> Lp {
        Lp {
            ncols,
            obj: vec![0.0; ncols],
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, coefs: Vec<(usize, f64)>, sense: Sense, rhs: f64) {
        self.rows.push((coefs, sense, rhs));
    }

    pub fn solve(&self) -> Outcome {
        let m = self.rows.len();
        let n = self.ncols;
        // columns: original | slack/surplus (one per non-Eq row) | artificial (one per row)
        let n_slack = self.rows.iter().filter(|r| r.1 != Sense::Eq).count();
        let art0 = n + n_slack;
        let total = art0 + m;
        let mut t = vec![vec![0.0; total + 1]; m];
        let mut basis = vec![0usize; m];
        let mut slack = n;
        for (i, (coefs, sense, rhs)) in self.rows.iter().enumerate() {
            let sign = if *rhs < 0.0 { -1.0 } else { 1.0 };
            for &(j, a) in coefs {
                t[i][j] += sign * a;
            }
            t[i][total] = sign * rhs;
            let sense = match (sense, sign < 0.0) {
                (Sense::Le, true) => Sense::Ge,
                (Sense::Ge, true) => Sense::Le,
                (s, _) => *s,
            };
            match sense {
                Sense::Le => {
                    t[i][slack] = 1.0;
                    basis[i] = slack;
                    slack += 1;
                }
                Sense::Ge => {
                    t[i][slack] = -1.0;
                    slack += 1;
                    t[i][art0 + i] = 1.0;
                    basis[i] = art0 + i;
                }
                Sense::Eq => {
                    t[i][art0 + i] = 1.0;
                    basis[i] = art0 + i;
                }
            }
        }
        // phase 1
        let mut c1 = vec![0.0; total];
        for c in c1.iter_mut().skip(art0) {
            *c = 1.0;
        }
        if run(&mut t, &mut basis, &c1, total) == Some(false) {
            return Outcome::Unbounded; // cannot happen in phase 1
        }
        let infeas: f64 = (0..m)
            .filter(|&i| basis[i] >= art0)
            .map(|i| t[i][total])
            .sum();
        if infeas > 1e-7 {
            return Outcome::Infeasible;
        }
        // drive artificials out of the basis where possible
        for i in 0..m {
            if basis[i] >= art0 {
                if let Some(j) = (0..art0).find(|&j| t[i][j].abs() > 1e-9) {
                    pivot(&mut t, &mut basis, i, j);
                }
            }
        }
        // phase 2, artificials barred
        let mut c2 = vec![0.0; total];
        c2[..n].copy_from_slice(&self.obj);
        match run(&mut t, &mut basis, &c2, art0) {
            Some(true) => {}
            _ => return Outcome::Unbounded,
        }
        let mut x = vec![0.0; n];
        for i in 0..m {
            if basis[i] < n {
                x[basis[i]] = t[i][total];
            }
        }
        let value = (0..n).map(|j| self.obj[j] * x[j]).sum();
        Outcome::Optimal { value, x }
    }
}

fn pivot(t: &mut [Vec<f64>], basis: &mut [usize], r: usize, c: usize) {
    let p = t[r][c];
    for v in t[r].iter_mut() {
        *v /= p;
    }
    let pr = t[r].clone();
    for (i, row) in t.iter_mut().enumerate() {
        if i != r {
            let f = row[c];
            if f != 0.0 {
                for (v, &q) in row.iter_mut().zip(&pr) {
                    *v -= f * q;
                }
            }
        }
    }
    basis[r] = c;
}

/// Simplex iterations with Bland's rule over columns `< enter_limit`; `Some(true)`
/// at optimality, `Some(false)` when unbounded.
fn run(t: &mut [Vec<f64>], basis: &mut [usize], c: &[f64], enter_limit: usize) -> Option<bool> {
    let m = t.len();
    let rhs = c.len();
    for _ in 0..100_000 {
        let enter = (0..enter_limit).find(|&j| {
            if basis.contains(&j) {
                return false;
            }
            let z: f64 = (0..m).map(|i| c[basis[i]] * t[i][j]).sum();
            c[j] - z < -TOL
        });
        let Some(j) = enter else {
            return Some(true);
        };
        let mut best: Option<(usize, f64)> = None;
        for i in 0..m {
            if t[i][j] > TOL {
                let ratio = t[i][rhs] / t[i][j];
                match best {
                    None => best = Some((i, ratio)),
                    Some((bi, br)) => {
                        if ratio < br - 1e-12 || (ratio <= br + 1e-12 && basis[i] < basis[bi]) {
                            best = Some((i, ratio));
                        }
                    }
                }
            }
        }
        let Some((r, _)) = best else {
            return Some(false);
        };
        pivot(t, basis, r, j);
    }
    None
}

#[test]
fn simplex_solves_a_textbook_lp() {
    // max 3x + 5y st x <= 4, 2y <= 12, 3x + 2y <= 18  -> 36 at (2, 6)
    let mut lp = Lp::new(2);
    lp.obj = vec![-3.0, -5.0];
    lp.row(vec![(0, 1.0)], Sense::Le, 4.0);
    lp.row(vec![(1, 2.0)], Sense::Le, 12.0);
    lp.row(vec![(0, 3.0), (1, 2.0)], Sense::Le, 18.0);
    match lp.solve() {
        Outcome::Optimal { value, x } => {
            assert!((value + 36.0).abs() < 1e-9);
            assert!((x[0] - 2.0).abs() < 1e-9 && (x[1] - 6.0).abs() < 1e-9);
        }
        o => panic!("{o:?}"),
    }
    // x + y = 1, x + y >= 2: infeasible
    let mut lp = Lp::new(2);
    lp.row(vec![(0, 1.0), (1, 1.0)], Sense::Eq, 1.0);
    lp.row(vec![(0, 1.0), (1, 1.0)], Sense::Ge, 2.0);
    assert_eq!(lp.solve(), Outcome::Infeasible);
}
