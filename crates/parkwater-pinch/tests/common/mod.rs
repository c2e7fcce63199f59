//! Shared test helpers: the published cases and the reference LP.
#![allow(dead_code)]

pub mod simplex;

use parkwater_pinch::TargetProblem;
use simplex::{Lp, Outcome, Sense};

#[allow(unused_imports)] // not every test binary uses both
pub use parkwater_pinch::examples::{
    polley_polley_2000 as polley, wang_smith_1994_ex1 as wang_smith,
};

/// The fixed-flowrate LP of the engine for one contaminant, built independently of
/// the crate: arcs fresh -> sink, source -> sink | drain | regenerator,
/// regenerator -> sink | drain. Sinks met exactly with mixed concentration at most
/// their limit, sources fully placed, fresh within caps, regenerator flow balanced
/// with inlet concentration at least `c_out`.
pub struct NetworkLp {
    pub lp: Lp,
    /// fresh arc columns per supply
    pub fresh_cols: Vec<Vec<usize>>,
    /// source -> regenerator columns
    pub regen_cols: Vec<usize>,
}

pub fn network_lp(p: &TargetProblem, c_out: Option<f64>) -> NetworkLp {
    let ns = p.sinks.len();
    let mut next = 0;
    let mut col = || {
        next += 1;
        next - 1
    };
    let fresh_cols: Vec<Vec<usize>> = p
        .fresh
        .iter()
        .map(|_| (0..ns).map(|_| col()).collect())
        .collect();
    let src_cols: Vec<Vec<usize>> = p
        .sources
        .iter()
        .map(|_| (0..ns).map(|_| col()).collect())
        .collect();
    let drain_cols: Vec<usize> = p.sources.iter().map(|_| col()).collect();
    let (regen_cols, product_cols, product_drain) = if c_out.is_some() {
        (
            p.sources.iter().map(|_| col()).collect::<Vec<_>>(),
            (0..ns).map(|_| col()).collect::<Vec<_>>(),
            Some(col()),
        )
    } else {
        (vec![], vec![], None)
    };
    let mut lp = Lp::new(next);
    for (k, sink) in p.sinks.iter().enumerate() {
        let mut flow = Vec::new();
        let mut quality = Vec::new();
        for (j, f) in p.fresh.iter().enumerate() {
            flow.push((fresh_cols[j][k], 1.0));
            quality.push((fresh_cols[j][k], f.conc - sink.conc));
        }
        for (s, src) in p.sources.iter().enumerate() {
            flow.push((src_cols[s][k], 1.0));
            quality.push((src_cols[s][k], src.conc - sink.conc));
        }
        if let Some(c) = c_out {
            flow.push((product_cols[k], 1.0));
            quality.push((product_cols[k], c - sink.conc));
        }
        lp.row(flow, Sense::Eq, sink.flow);
        lp.row(quality, Sense::Le, 0.0);
    }
    for (s, src) in p.sources.iter().enumerate() {
        let mut out: Vec<(usize, f64)> = src_cols[s].iter().map(|&c| (c, 1.0)).collect();
        out.push((drain_cols[s], 1.0));
        if c_out.is_some() {
            out.push((regen_cols[s], 1.0));
        }
        lp.row(out, Sense::Eq, src.flow);
    }
    for (j, f) in p.fresh.iter().enumerate() {
        if let Some(cap) = f.max_flow {
            lp.row(
                fresh_cols[j].iter().map(|&c| (c, 1.0)).collect(),
                Sense::Le,
                cap,
            );
        }
    }
    if let Some(c) = c_out {
        let mut balance: Vec<(usize, f64)> = product_cols.iter().map(|&c| (c, 1.0)).collect();
        balance.push((product_drain.unwrap(), 1.0));
        balance.extend(regen_cols.iter().map(|&c| (c, -1.0)));
        lp.row(balance, Sense::Eq, 0.0);
        let mass = p
            .sources
            .iter()
            .zip(&regen_cols)
            .map(|(s, &col)| (col, s.conc - c))
            .collect();
        lp.row(mass, Sense::Ge, 0.0);
    }
    NetworkLp {
        lp,
        fresh_cols,
        regen_cols,
    }
}

/// Minimise `weights . columns`; `None` when infeasible.
pub fn minimise(lp: &Lp, cols: &[(usize, f64)]) -> Option<f64> {
    let mut lp = lp.clone();
    lp.obj = vec![0.0; lp.ncols];
    for &(c, w) in cols {
        lp.obj[c] += w;
    }
    match lp.solve() {
        Outcome::Optimal { value, .. } => Some(value),
        Outcome::Infeasible => None,
        Outcome::Unbounded => panic!("a network LP cannot be unbounded"),
    }
}

/// LP least total fresh water, then least regenerated flow at it.
pub fn lp_targets(p: &TargetProblem, c_out: Option<f64>) -> Option<(f64, f64)> {
    let net = network_lp(p, c_out);
    let all_fresh: Vec<(usize, f64)> = net.fresh_cols.iter().flatten().map(|&c| (c, 1.0)).collect();
    let fresh = minimise(&net.lp, &all_fresh)?;
    let mut lp = net.lp.clone();
    lp.row(all_fresh, Sense::Le, fresh + 1e-9 * (1.0 + fresh));
    let regen_cols: Vec<(usize, f64)> = net.regen_cols.iter().map(|&c| (c, 1.0)).collect();
    let regen = minimise(&lp, &regen_cols).expect("feasible at the optimum");
    Some((fresh, regen))
}

/// LP lexicographic targets: least flow of the purest supply, then of the next one
/// with the first held, and so on (supplies in the order given, assumed sorted).
pub fn lp_spare_the_purest(p: &TargetProblem) -> Option<Vec<f64>> {
    let net = network_lp(p, None);
    let mut lp = net.lp.clone();
    let mut out = Vec::new();
    for cols in &net.fresh_cols {
        let w: Vec<(usize, f64)> = cols.iter().map(|&c| (c, 1.0)).collect();
        let v = minimise(&lp, &w)?;
        lp.row(w, Sense::Le, v + 1e-9 * (1.0 + v));
        out.push(v);
    }
    Some(out)
}
