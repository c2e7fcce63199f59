//! Price-and-branch for large parks (issue 15, item 5): arc pricing on the
//! LP relaxation of the design MILP for a certified lower bound over every
//! candidate pipe, then branch and cut on the generated pipes only.
//!
//! # The relaxation, priced
//!
//! A pipe candidate `a` is a bundle of two columns, its flow `f` and its
//! binary `y`, tied by rows of its own: `f <= M y`, `f >= m y` (minimum
//! flow), `0 <= y <= 1`. The other rows (the LP's balances and quality
//! rows, pipe counts, dedicated sources, covers, budget, unit capacities)
//! are shared. The restricted master is the relaxation over a subset `R`
//! of the pipes (every arc that needs no pipe, forced pipes and a few
//! short pipes per node to begin with). With the master's optimal duals `pi`
//! of the shared rows (a pipe's link to a candidate unit, absent from the
//! master, gets multiplier 0, which keeps the bound valid), the reduced
//! costs of a bundle's columns are `r_f = c_f - pi A_f`, `r_y = c_y - pi A_y`,
//! and the least its polytope `{(0,0), (m,1), (M,1)}` can add is
//! `min(0, g_a)` with `g_a = r_y + min(r_f m, r_f M)`, the cheapest way to
//! use the pipe at all. Lagrangian duality gives, at every round,
//!
//! ```text
//! L = z_master + sum over pipes a outside R of min(0, g_a)  <=  LP relaxation  <=  optimum
//! ```
//!
//! Pipes with `g_a < 0` join the master (the most negative ones, a few per
//! node); when none is left, `L` is the relaxation's optimum over every
//! candidate: the certified bound, whole park.
//!
//! # Branching on the generated pipes
//!
//! The MIP then runs on `R` plus the pipes nearest to entering (smallest
//! `g_a`). Any design that uses a pipe `a` outside `R` costs at least
//! `L + max(0, g_a)` (the same Lagrangian, with `y_a = 1`), and any design
//! within `R` at least the restricted MIP's bound `B_R`. So
//!
//! ```text
//! bound = min( max(B_R, z_R), L + max(0, min over a outside R of g_a) )
//! ```
//!
//! bounds every design of the park (the best over the restricted solves is
//! kept: each is valid alone). While that bound does not prove the
//! incumbent within `mip_gap`, the pipes that could still improve on it
//! (`L + g_a` below the incumbent) join `R` and the MIP runs again from the
//! incumbent, until it is proven or the time is up (status `time_limit`, the
//! certified bound and gap reported).
//!
//! The engine's LP arc pricing (`crate::pricing`) prices the flow columns
//! of the LP; the design's bundles carry a binary and rows of their own, so
//! they are priced here from the MILP's own matrix (one pass over the
//! columns of the pipes outside `R`, no hash maps).
//!
//! # Measured
//!
//! `design_bench -- 200 --pricing on --time-limit 300` (300 x 300 streams,
//! 13 593 candidate pipes; 2 cores shared with four other builds, so wall
//! seconds were about 6x the CPU seconds): 3 pricing rounds, 1 499 pipes
//! generated, relaxation bound 2.71785e8 CNY/yr (the full relaxation's); a
//! design 1.3 % above it after 5 s, 0.24 % after 112 s; at the limit 0.18 %
//! certified (49 CPU s, 325 MiB). The plain MILP on the same park: 0.70 %
//! (54 CPU s). See `solve::PRICE_MIN_PIPES` for where the methods cross.

use super::candidates::{ArcClass, Candidates};
use super::formulate::{DesignRow, Milp};
use super::solve::{remaining, solve_core, sparse, DesignOptions, Method, MipOutcome};
use crate::model::Model;
use crate::solve::{Live, SolveError, Status};
use serde::Serialize;
use std::time::Instant;

/// Pipes per supply and per demand in the first master (the cheapest to
/// build).
pub(crate) const SEED_PER_NODE: usize = 3;
/// Most pipes a pricing round adds per demand, per supply, and in all.
pub(crate) const BATCH_PER_DEMAND: usize = 5;
/// See [`BATCH_PER_DEMAND`].
pub(crate) const BATCH_PER_SUPPLY: usize = 10;
/// See [`BATCH_PER_DEMAND`].
pub(crate) const BATCH_MAX: usize = 3_000;
/// A round stops the pricing when no pipe improves the master by more than
/// this share of its objective (the bound `L` counts every pipe exactly).
pub(crate) const PRICE_TOLERANCE: f64 = 1e-7;
/// Pipes whose `g_a` is within this share of the relaxation join the first
/// restricted MIP (at most [`NEAR_MAX`] of them).
pub(crate) const NEAR_SHARE: f64 = 2e-3;
/// See [`NEAR_SHARE`].
pub(crate) const NEAR_MAX: usize = 5_000;
/// The most pipes one closing step adds (those nearest to entering).
pub(crate) const CLOSE_STEP: usize = 2_000;
/// Most pricing rounds.
pub(crate) const MAX_ROUNDS: usize = 200;

/// Price-and-branch's figures, reported with the design (internal units).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricedStats {
    /// Pricing rounds of the relaxation.
    pub rounds: usize,
    /// Candidate pipes in all.
    pub candidate_pipes: usize,
    /// Pipes in the last restricted MIP.
    pub generated_pipes: usize,
    /// Restricted MIPs solved (a closing step adds pipes and runs again).
    pub restricted_solves: usize,
    /// The relaxation's bound over every candidate, `L`.
    pub relaxation_bound: f64,
    /// The last restricted MIP's bound (designs within the generated pipes only).
    pub restricted_bound: Option<f64>,
    /// The least any design using a pipe outside the generated ones costs
    /// (`None` when every candidate was generated).
    pub outside_bound: Option<f64>,
}

impl PricedStats {
    pub(super) fn scale(&mut self, s: f64) {
        self.relaxation_bound *= s;
        self.restricted_bound = self.restricted_bound.map(|b| b * s);
        self.outside_bound = self.outside_bound.map(|b| b * s);
    }
}

/// The design rows that belong to one arc (its link, minimum flow, and link
/// to a candidate unit): the arc, else `None` (a shared row).
fn own_arc(row: &DesignRow) -> Option<usize> {
    match *row {
        DesignRow::Link { arc } | DesignRow::MinFlow { arc } | DesignRow::UnitLink { arc } => {
            Some(arc)
        }
        _ => None,
    }
}

/// The MILP over a subset of its arcs.
#[derive(Debug, Clone)]
pub(crate) struct Restricted {
    /// The smaller MILP (every LP row; shared design rows; the own rows of
    /// kept arcs; every unit binary).
    pub(crate) milp: Milp,
    /// Full arc of each kept arc.
    pub(crate) arcs: Vec<usize>,
    /// Full column of each column.
    pub(crate) cols: Vec<usize>,
    /// Full row of each row.
    pub(crate) rows: Vec<usize>,
}

/// The MILP restricted to the arcs with `keep[a]`.
pub(crate) fn restrict(milp: &Milp, keep: &[bool]) -> Restricted {
    let n = milp.num_flows;
    let arcs: Vec<usize> = (0..n).filter(|&a| keep[a]).collect();
    let mut new_arc = vec![u32::MAX; n];
    for (i, &a) in arcs.iter().enumerate() {
        new_arc[a] = i as u32;
    }
    let mut new_bin = vec![u32::MAX; milp.binaries.len()];
    let mut binaries = Vec::new();
    let mut cols = arcs.clone();
    for (b, bin) in milp.binaries.iter().enumerate() {
        if bin.unit.is_some() || keep[bin.arc] {
            new_bin[b] = binaries.len() as u32;
            let mut kept = *bin;
            if bin.unit.is_none() {
                kept.arc = new_arc[bin.arc] as usize;
            }
            binaries.push(kept);
            cols.push(n + b);
        }
    }
    let base = milp.first_design_row();
    let mut rows: Vec<usize> = (0..base).collect();
    let mut design_rows = Vec::new();
    for (i, label) in milp.design_rows.iter().enumerate() {
        let relabelled = match (own_arc(label), *label) {
            (None, l) => l,
            (Some(a), _) if !keep[a] => continue,
            (Some(a), DesignRow::Link { .. }) => DesignRow::Link {
                arc: new_arc[a] as usize,
            },
            (Some(a), DesignRow::MinFlow { .. }) => DesignRow::MinFlow {
                arc: new_arc[a] as usize,
            },
            (Some(a), _) => DesignRow::UnitLink {
                arc: new_arc[a] as usize,
            },
        };
        rows.push(base + i);
        design_rows.push(relabelled);
    }
    let mut new_row = vec![u32::MAX; milp.num_rows()];
    for (i, &r) in rows.iter().enumerate() {
        new_row[r] = i as u32;
    }
    let mut a_start = Vec::with_capacity(cols.len() + 1);
    let mut a_index = Vec::new();
    let mut a_value = Vec::new();
    a_start.push(0);
    for &c in &cols {
        for e in milp.a_start[c]..milp.a_start[c + 1] {
            let r = new_row[milp.a_index[e] as usize];
            if r != u32::MAX {
                a_index.push(r);
                a_value.push(milp.a_value[e]);
            }
        }
        a_start.push(a_index.len());
    }
    let pick = |v: &[f64], at: &[usize]| at.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let sub = Milp {
        lp_rows: milp.lp_rows.clone(),
        design_rows,
        num_flows: arcs.len(),
        binaries,
        arc_binary: arcs
            .iter()
            .map(|&a| match milp.arc_binary[a] {
                u32::MAX => u32::MAX,
                b => new_bin[b as usize],
            })
            .collect(),
        big_m: pick(&milp.big_m, &arcs),
        flow_scale: milp.flow_scale,
        groups: milp
            .groups
            .iter()
            .map(|(k, members)| {
                (
                    *k,
                    members
                        .iter()
                        .map(|&b| new_bin[b as usize])
                        .filter(|&b| b != u32::MAX)
                        .collect(),
                )
            })
            .collect(),
        col_lower: pick(&milp.col_lower, &cols),
        col_upper: pick(&milp.col_upper, &cols),
        row_lower: pick(&milp.row_lower, &rows),
        row_upper: pick(&milp.row_upper, &rows),
        a_start,
        a_index,
        a_value,
    };
    Restricted {
        milp: sub,
        arcs,
        cols,
        rows,
    }
}

/// Pricing state over the full MILP: which arcs are in the master and which
/// pipes may still join it.
struct Pricer<'a> {
    milp: &'a Milp,
    arcs: &'a Candidates,
    cost: &'a [f64],
    /// Whether each MILP row is an arc's own row.
    own: Vec<bool>,
    /// Minimum flow of a built pipe, solver units.
    min_flow: f64,
    /// Pipes that may join (a binary not fixed at 0).
    pipes: Vec<usize>,
}

impl Pricer<'_> {
    /// The reduced cost of column `j` under the full-row duals `pi`.
    fn reduced(&self, j: usize, pi: &[f64]) -> f64 {
        let m = self.milp;
        let mut r = self.cost[j];
        for e in m.a_start[j]..m.a_start[j + 1] {
            r -= m.a_value[e] * pi[m.a_index[e] as usize];
        }
        r
    }

    /// `g_a` of every pipe outside the master (`INFINITY` for pipes in it),
    /// from the master's row duals.
    fn prices(&self, sub: &Restricted, duals: &[f64], keep: &[bool]) -> Vec<f64> {
        let mut pi = vec![0.0; self.milp.num_rows()];
        for (i, &r) in sub.rows.iter().enumerate() {
            if !self.own[r] {
                pi[r] = duals[i];
            }
        }
        let n = self.milp.num_flows;
        let mut g = vec![f64::INFINITY; n];
        for &a in &self.pipes {
            if keep[a] {
                continue;
            }
            let b = self.milp.arc_binary[a] as usize;
            let rf = self.reduced(a, &pi);
            let ry = self.reduced(n + b, &pi);
            let m = if self.arcs.class[a] == ArcClass::Piped {
                self.min_flow
            } else {
                0.0
            };
            g[a] = ry
                + if rf >= 0.0 {
                    rf * m
                } else {
                    rf * self.milp.big_m[a]
                };
        }
        g
    }
}

/// One relaxation of the master, solved.
struct Master {
    sub: Restricted,
    z: f64,
    duals: Vec<f64>,
}

fn solve_master(
    milp: &Milp,
    keep: &[bool],
    cost: &[f64],
    options: &DesignOptions,
    clock: Instant,
) -> Result<Result<Master, Status>, SolveError> {
    let sub = restrict(milp, keep);
    let sub_cost: Vec<f64> = sub.cols.iter().map(|&c| cost[c]).collect();
    let mut live = Live::new(&options.solve, sub.milp.num_flows)?;
    live.pass(&sparse(&sub.milp, &sub_cost))?;
    live.set_time_limit(remaining(options, clock))?;
    let status = live.run_checked()?;
    if status != Status::Optimal {
        return Ok(Err(status));
    }
    Ok(Ok(Master {
        z: live.info().objective_value,
        duals: live.solution().row_dual,
        sub,
    }))
}

/// Solves a design (one objective) by price-and-branch; see the module
/// docs. Values in solver units.
pub(super) fn price_and_branch(
    model: &Model,
    arcs: &Candidates,
    milp: &Milp,
    costs: &[Vec<f64>],
    options: &DesignOptions,
    clock: Instant,
) -> Result<MipOutcome, SolveError> {
    let design = model.design.as_ref().expect("a design model");
    let n = milp.num_flows;
    let cost = &costs[0];
    let mut own = vec![false; milp.num_rows()];
    let base = milp.first_design_row();
    for (i, row) in milp.design_rows.iter().enumerate() {
        own[base + i] = own_arc(row).is_some();
    }
    let usable = |a: usize| {
        let b = milp.arc_binary[a];
        b != u32::MAX && milp.binaries[b as usize].fixed != Some(false)
    };
    let pipes: Vec<usize> = (0..n)
        .filter(|&a| arcs.class[a] == ArcClass::Piped && usable(a))
        .collect();
    let pricer = Pricer {
        milp,
        arcs,
        cost,
        own,
        min_flow: design.min_pipe_flow / milp.flow_scale,
        pipes,
    };
    let keep = &mut first_master(model, arcs, milp);

    // Pricing rounds.
    let mut rounds = 0;
    let mut bound = f64::NEG_INFINITY;
    let (master, g) = loop {
        let master = match solve_master(milp, keep, cost, options, clock)? {
            Ok(m) => m,
            Err(Status::Infeasible) => {
                // Some rule needs pipes the master lacks: every candidate.
                tracing::warn!(
                    "price-and-branch: the first master is infeasible; solving the full MILP"
                );
                let (mut out, _) = solve_core(model, milp, costs, options, clock, None)?;
                out.method = Method::Milp;
                return Ok(out);
            }
            Err(status) => {
                let mut out = MipOutcome::empty(n, milp.binaries.len());
                out.status = status;
                out.method = Method::PriceAndBranch;
                return Ok(out);
            }
        };
        rounds += 1;
        let g = pricer.prices(&master.sub, &master.duals, keep);
        let negative: f64 = g.iter().filter(|&&x| x < 0.0).sum();
        bound = bound.max(master.z + negative);
        let tolerance = PRICE_TOLERANCE * master.z.abs().max(1.0);
        let mut entering: Vec<usize> = pricer
            .pipes
            .iter()
            .copied()
            .filter(|&a| g[a] < -tolerance)
            .collect();
        tracing::debug!(
            round = rounds,
            master = master.z,
            bound,
            entering = entering.len(),
            "design pricing"
        );
        if entering.is_empty()
            || rounds >= MAX_ROUNDS
            || remaining(options, clock).is_some_and(|t| t < 1.0)
        {
            break (master, g);
        }
        entering.sort_by(|&a, &b| g[a].total_cmp(&g[b]));
        let mut per_demand = vec![0usize; model.num_demands()];
        let mut per_supply = vec![0usize; model.num_supplies()];
        let mut added = 0;
        for a in entering {
            let (u, v) = arcs.network.arc(a);
            let (du, dv) = (&mut per_supply[u.0 as usize], &mut per_demand[v.0 as usize]);
            if *du < BATCH_PER_SUPPLY && *dv < BATCH_PER_DEMAND {
                *du += 1;
                *dv += 1;
                keep[a] = true;
                added += 1;
                if added >= BATCH_MAX {
                    break;
                }
            }
        }
    };
    if options.progress {
        eprintln!(
            "design pricing: {rounds} rounds, {} of {} pipes, relaxation bound {:.6e} (x{} flow scale)",
            keep.iter().zip(&arcs.class).filter(|(&k, &c)| k && c == ArcClass::Piped).count(),
            pricer.pipes.len(),
            bound * milp.flow_scale,
            milp.flow_scale
        );
    }
    // The pipes nearest to entering join the first restricted MIP.
    let mut outside: Vec<usize> = pricer.pipes.iter().copied().filter(|&a| !keep[a]).collect();
    outside.sort_by(|&a, &b| g[a].total_cmp(&g[b]));
    let near = NEAR_SHARE * master.z.abs().max(1.0);
    let take = outside
        .iter()
        .take(NEAR_MAX)
        .take_while(|&&a| g[a] <= near)
        .count();
    for &a in &outside[..take] {
        keep[a] = true;
    }
    outside.drain(..take);

    // Branch on the generated pipes; add the pipes that could still improve
    // on the incumbent until the bound proves it or the time is up.
    let mut start_full: Option<Vec<f64>> = None;
    let mut solves = 0;
    // Every restricted solve gives a bound over the whole park: the best is kept.
    let mut best_bound = bound;
    let mut first_heuristic = None;
    loop {
        let sub = restrict(milp, keep);
        let sub_costs = vec![sub.cols.iter().map(|&c| cost[c]).collect::<Vec<f64>>()];
        let start = start_full
            .as_ref()
            .map(|x: &Vec<f64>| sub.cols.iter().map(|&c| x[c]).collect());
        // Re-solves start from the incumbent; the rounding heuristic ran once.
        let quiet;
        let run_options = if solves == 0 {
            options
        } else {
            quiet = DesignOptions {
                no_heuristic: true,
                ..options.clone()
            };
            &quiet
        };
        let (mut out, incumbent) =
            solve_core(model, &sub.milp, &sub_costs, run_options, clock, start)?;
        solves += 1;
        first_heuristic = first_heuristic.or(out.heuristic);
        out.heuristic = first_heuristic;
        let outside_bound = outside.first().map(|&a| bound + g[a].max(0.0));
        let restricted_bound = out.bound;
        let generated = keep
            .iter()
            .zip(&arcs.class)
            .filter(|(&k, &c)| k && c == ArcClass::Piped)
            .count();
        out.method = Method::PriceAndBranch;
        out.relaxation = bound;
        if let Some(&(_, z)) = out.objective_values.last() {
            let within = restricted_bound.max(bound);
            best_bound = best_bound.max(outside_bound.map_or(within, |o| within.min(o)));
            out.bound = best_bound.min(z);
            out.gap = (z - out.bound).max(0.0) / z.abs().max(1e-9);
            if out.status == Status::Optimal && out.gap > design.mip_gap {
                // Proven within the generated pipes only.
                out.status = Status::TimeLimit;
            }
        } else {
            out.bound = bound;
        }
        out.priced = Some(PricedStats {
            rounds,
            candidate_pipes: pricer.pipes.len(),
            generated_pipes: generated,
            restricted_solves: solves,
            relaxation_bound: bound,
            restricted_bound: restricted_bound.is_finite().then_some(restricted_bound),
            outside_bound,
        });
        // Could pipes outside still improve on the incumbent?
        let z = out.objective_values.last().map(|&(_, z)| z);
        let improving = match z {
            Some(z) if out.status == Status::TimeLimit => outside
                .iter()
                .take(CLOSE_STEP)
                .take_while(|&&a| bound + g[a] < z * (1.0 - design.mip_gap))
                .count(),
            _ => 0,
        };
        if options.progress {
            eprintln!(
                "design price-and-branch: restricted MIP {solves} on {generated} pipes: {:?}, incumbent {:.6e}, bound within {:.6e}, outside {:.6e}",
                out.status,
                z.unwrap_or(f64::NAN) * milp.flow_scale,
                restricted_bound * milp.flow_scale,
                outside_bound.unwrap_or(f64::INFINITY) * milp.flow_scale
            );
        }
        let time_left = remaining(options, clock).is_none_or(|t| t > 1.0);
        let restricted_done = out.gap > design.mip_gap
            && restricted_bound >= z.unwrap_or(f64::INFINITY) * (1.0 - design.mip_gap);
        if improving == 0 || !time_left || !restricted_done {
            return Ok(widen(out, &sub, n, milp.binaries.len()));
        }
        for &a in &outside[..improving] {
            keep[a] = true;
        }
        outside.drain(..improving);
        start_full = incumbent.map(|x| {
            let mut full = vec![0.0; milp.num_cols()];
            for (i, &c) in sub.cols.iter().enumerate() {
                full[c] = x[i];
            }
            full
        });
    }
}

/// Every arc that needs no pipe, forced pipes, enough pipes for every cover
/// row, and the [`SEED_PER_NODE`] cheapest pipes of every supply and demand.
fn first_master(model: &Model, arcs: &Candidates, milp: &Milp) -> Vec<bool> {
    let n = milp.num_flows;
    let mut keep = vec![false; n];
    let mut by_supply: Vec<Vec<(f64, usize)>> = vec![Vec::new(); model.num_supplies()];
    let mut by_demand: Vec<Vec<(f64, usize)>> = vec![Vec::new(); model.num_demands()];
    for a in 0..n {
        let b = milp.arc_binary[a];
        if b == u32::MAX || arcs.class[a] != ArcClass::Piped {
            keep[a] = true;
            continue;
        }
        let bin = &milp.binaries[b as usize];
        match bin.fixed {
            Some(true) => keep[a] = true,
            Some(false) => {}
            None => {
                let (u, v) = arcs.network.arc(a);
                by_supply[u.0 as usize].push((bin.capex, a));
                by_demand[v.0 as usize].push((bin.capex, a));
            }
        }
    }
    for list in by_supply.iter_mut().chain(by_demand.iter_mut()) {
        list.sort_by(|x, y| x.0.total_cmp(&y.0));
        for &(_, a) in list.iter().take(SEED_PER_NODE) {
            keep[a] = true;
        }
    }
    // Covers: the largest pipes that meet each cover's count.
    let base = milp.first_design_row();
    let mut members: Vec<Vec<(f64, usize)>> = vec![Vec::new(); milp.design_rows.len()];
    for (b, bin) in milp.binaries.iter().enumerate() {
        if bin.unit.is_some() {
            continue;
        }
        let c = n + b;
        for e in milp.a_start[c]..milp.a_start[c + 1] {
            let r = milp.a_index[e] as usize;
            if r >= base && matches!(milp.design_rows[r - base], DesignRow::Cover { .. }) {
                members[r - base].push((milp.big_m[bin.arc], bin.arc));
            }
        }
    }
    for (i, list) in members.iter_mut().enumerate() {
        if list.is_empty() {
            continue;
        }
        let k = milp.row_lower[base + i].max(0.0).ceil() as usize;
        list.sort_by(|x, y| y.0.total_cmp(&x.0));
        for &(_, a) in list.iter().take(k) {
            keep[a] = true;
        }
    }
    keep
}

/// `out` of a restricted MIP, in the full MILP's arcs and binaries.
fn widen(out: MipOutcome, sub: &Restricted, n: usize, binaries: usize) -> MipOutcome {
    let mut flows = vec![0.0; n];
    for (i, &a) in sub.arcs.iter().enumerate() {
        flows[a] = out.flows.get(i).copied().unwrap_or(0.0);
    }
    let mut built = vec![false; binaries];
    let nsub = sub.arcs.len();
    for (i, &c) in sub.cols[nsub..].iter().enumerate() {
        built[c - n] = out.built.get(i).copied().unwrap_or(false);
    }
    MipOutcome {
        flows,
        built,
        ..out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::pipeline::DesignProblem;

    #[test]
    fn a_restriction_to_every_arc_is_the_milp_itself() {
        let model = crate::design::synth::design_park(6, 3).validate().unwrap();
        let p = DesignProblem::new(&model);
        let all = restrict(&p.milp, &vec![true; p.milp.num_flows]);
        assert_eq!(all.milp.a_index, p.milp.a_index);
        assert_eq!(all.milp.a_value, p.milp.a_value);
        assert_eq!(all.milp.row_lower, p.milp.row_lower);
        assert_eq!(all.milp.design_rows, p.milp.design_rows);
        assert_eq!(all.milp.arc_binary, p.milp.arc_binary);
    }

    #[test]
    fn a_restriction_drops_the_rows_of_the_arcs_it_drops() {
        let model = crate::design::synth::design_park(40, 1).validate().unwrap();
        let p = DesignProblem::new(&model);
        let keep = first_master(&model, &p.arcs, &p.milp);
        let sub = restrict(&p.milp, &keep);
        assert!(sub.milp.num_flows < p.milp.num_flows, "pipes left out");
        // Every own row left names a kept arc, every column's entries map back.
        for row in &sub.milp.design_rows {
            if let Some(a) = own_arc(row) {
                assert!(a < sub.milp.num_flows);
            }
        }
        for (j, &c) in sub.cols.iter().enumerate() {
            for e in sub.milp.a_start[j]..sub.milp.a_start[j + 1] {
                let r = sub.rows[sub.milp.a_index[e] as usize];
                let full = (p.milp.a_start[c]..p.milp.a_start[c + 1])
                    .find(|&f| p.milp.a_index[f] as usize == r)
                    .expect("the entry exists in the full MILP");
                assert_eq!(p.milp.a_value[full], sub.milp.a_value[e]);
            }
        }
    }
}
