//! Solving the design MILP on the engine's solver layer (`solve::Live` and
//! `solve/mip.rs`): one live LP (the relaxation: the certified bound, the
//! heuristic's evaluations, and at the end the LP with every binary fixed,
//! whose duals the report gives) and one live MIP.
//!
//! Two methods, chosen by size (`[design] price_min_pipes`, default
//! [`PRICE_MIN_PIPES`] candidate pipes; `--pricing on|off` overrides it):
//! the plain MILP over every candidate, and price-and-branch
//! (`design::price`) for large parks.
//!
//! A lexicographic list is solved in order: after each objective a row holds
//! it at its incumbent (the one hold rule, `solve::lexicographic`) in both
//! instances. Everything here is in solver units (flows divided by
//! `Milp::flow_scale`); [`solve_milp`] scales back before it returns.

use super::candidates::Candidates;
use super::formulate::{DesignRow, Milp};
use super::heuristic;
use super::price;
use crate::model::{Model, Objective};
use crate::solve::lexicographic::hold_costs;
use crate::solve::{
    Algorithm, Live, MipProgress, Pricing, SolveError, SolveOptions, SparseLp, Status, VarType,
    FLOW_EPSILON,
};
use serde::Serialize;
use std::ops::ControlFlow;
use std::time::Instant;

/// Candidate pipes from which a design is solved by price-and-branch when
/// `--pricing auto` (the default) and `[design] price_min_pipes` is not set.
///
/// Measured (`design_bench -- N --pricing off|on --time-limit S`, seed 1,
/// 2 cores shared with four other builds; CPU seconds): 60 enterprises
/// (1 471 pipes) both proven optimal in about a second; 100 enterprises
/// (4 435 pipes, 120 s) the same design, certified gap 1.4e-4 plain
/// (25 CPU s) against 2.2e-3 priced (19 CPU s); 200 enterprises (13 593
/// pipes, 300 s) 0.70 % plain (54 CPU s) against 0.18 % priced (49 CPU s).
pub(crate) const PRICE_MIN_PIPES: usize = 10_000;

/// How to solve a design.
#[derive(Debug, Clone, Default)]
pub struct DesignOptions {
    /// Time limit (whole solve), threads, verbosity; `pricing` chooses
    /// between the plain MILP (`off`), price-and-branch (`on`) or by size
    /// (`auto`).
    pub solve: SolveOptions,
    /// Print incumbent and bound to stderr during long solves.
    pub progress: bool,
    /// Skip the rounding and slope-scaling heuristic (measurements).
    pub no_heuristic: bool,
    /// Minimum pipe flow as semi-continuous flow columns ("0 or within
    /// [min_pipe_flow, M]") instead of y-linked rows (measurements; see
    /// `MIN_FLOW_MEASURED`).
    pub semicontinuous: bool,
}

/// Minimum flow, measured (design_bench, seed 1, 2 shared cores): y-linked
/// rows f >= m y against semi-continuous flow columns with those rows
/// dropped, on the synthetic design parks of 25 and 60 enterprises: 1.0 s
/// both ways at 25; at 60, rows 23.1 s (66 MiB) and semi-continuous 23.6 s
/// (75 MiB), both proven within 1e-4. The binaries stay either way (they
/// carry the capital), so semi-continuous columns only replace rows and win
/// nothing; rows are the default.
#[allow(dead_code)] // a measurement on record, read by nobody
pub(crate) const MIN_FLOW_MEASURED: &str = "rows";

/// How a design was solved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Branch and cut on every candidate pipe.
    #[default]
    Milp,
    /// Arc pricing on the LP relaxation, then branch and cut on the
    /// generated pipes (`design::price`).
    PriceAndBranch,
}

/// What the MILP produced (internal units: t/h, the objective's internal
/// unit).
#[derive(Debug, Clone)]
pub(crate) struct MipOutcome {
    /// How it ended.
    pub(crate) status: Status,
    /// Whether each binary is on (empty without a design).
    pub(crate) built: Vec<bool>,
    /// Flow of each candidate arc, t/h, from the LP with the binaries fixed.
    pub(crate) flows: Vec<f64>,
    /// Unscaled dual of each LP row (then one per held objective), LP with binaries fixed.
    pub(crate) row_duals: Vec<f64>,
    /// Objective values (internal units), in order.
    pub(crate) objective_values: Vec<(Objective, f64)>,
    /// A proven lower bound of the last objective over every design of the
    /// park (internal units).
    pub(crate) bound: f64,
    /// The LP relaxation's optimum of the last objective over every
    /// candidate (internal units): with price-and-branch, the Lagrangian
    /// bound of the priced relaxation.
    pub(crate) relaxation: f64,
    /// Relative gap of the last objective against `bound`.
    pub(crate) gap: f64,
    /// Branch-and-bound nodes over all objectives.
    pub(crate) nodes: i64,
    /// Objective of the heuristic's first design (internal units), if it found one.
    pub(crate) heuristic: Option<f64>,
    /// Seconds.
    pub(crate) seconds: f64,
    /// Plain MILP or price-and-branch.
    pub(crate) method: Method,
    /// Price-and-branch's figures (internal units).
    pub(crate) priced: Option<price::PricedStats>,
}

impl MipOutcome {
    pub(super) fn empty(n: usize, binaries: usize) -> MipOutcome {
        MipOutcome {
            status: Status::SolverFailure,
            built: vec![false; binaries],
            flows: vec![0.0; n],
            row_duals: Vec::new(),
            objective_values: Vec::new(),
            bound: f64::NAN,
            relaxation: f64::NAN,
            gap: f64::NAN,
            nodes: 0,
            heuristic: None,
            seconds: 0.0,
            method: Method::Milp,
            priced: None,
        }
    }
}

/// Whether a design of `arcs` is solved by price-and-branch: `--pricing on`
/// or, by default, at least `price_min_pipes` candidate pipes; a
/// lexicographic list of objectives is always solved by the plain MILP
/// (pricing prices one objective).
pub(crate) fn uses_pricing(model: &Model, arcs: &Candidates, options: &SolveOptions) -> bool {
    let design = model.design.as_ref().expect("a design model");
    model.objectives.len() == 1
        && match options.pricing {
            Pricing::On => true,
            Pricing::Off => false,
            Pricing::Auto => arcs.num_piped() >= design.price_min_pipes,
        }
}

/// Solves the MILP of `milp` over `arcs` by the method its size calls for
/// ([`uses_pricing`]).
pub(crate) fn solve_milp(
    model: &Model,
    arcs: &Candidates,
    milp: &Milp,
    options: &DesignOptions,
) -> Result<MipOutcome, SolveError> {
    let clock = Instant::now();
    let costs: Vec<Vec<f64>> = model
        .objectives
        .iter()
        .map(|&o| milp.costs(model, arcs, o))
        .collect();
    let mut out = if uses_pricing(model, arcs, &options.solve) {
        price::price_and_branch(model, arcs, milp, &costs, options, clock)?
    } else {
        solve_core(model, milp, &costs, options, clock, None)?.0
    };
    // Back from solver units.
    let s = milp.flow_scale;
    for f in &mut out.flows {
        *f = if *f > FLOW_EPSILON { *f * s } else { 0.0 };
    }
    for (_, z) in &mut out.objective_values {
        *z *= s;
    }
    out.bound *= s;
    out.relaxation *= s;
    out.heuristic = out.heuristic.map(|z| z * s);
    if let Some(p) = out.priced.as_mut() {
        p.scale(s);
    }
    out.seconds = clock.elapsed().as_secs_f64();
    Ok(out)
}

/// Seconds left of the solve's time limit (`None`: no limit).
pub(super) fn remaining(options: &DesignOptions, clock: Instant) -> Option<f64> {
    options
        .solve
        .time_limit
        .map(|t| (t - clock.elapsed().as_secs_f64()).max(0.01))
}

/// The MILP handed to HiGHS with `cost`, `milp`'s bounds and matrix.
pub(super) fn sparse<'a>(milp: &'a Milp, cost: &'a [f64]) -> SparseLp<'a> {
    SparseLp {
        col_cost: cost,
        col_lower: &milp.col_lower,
        col_upper: &milp.col_upper,
        row_lower: &milp.row_lower,
        row_upper: &milp.row_upper,
        a_start: &milp.a_start,
        a_index: &milp.a_index,
        a_value: &milp.a_value,
    }
}

/// Sets the time limit of `live`'s next runs to what is left (HiGHS's
/// clock runs on across the runs of one instance).
fn limit(live: &mut Live, options: &DesignOptions, clock: Instant) -> Result<(), SolveError> {
    let left = remaining(options, clock).map(|t| live.info().run_time.max(0.0) + t);
    live.set_time_limit(left)
}

/// The plain MILP over every column of `milp` (solver units), objectives in
/// order, from `start` (a design in `milp`'s columns) when given. Returns
/// the outcome and the incumbent's column values.
pub(super) fn solve_core(
    model: &Model,
    milp: &Milp,
    costs: &[Vec<f64>],
    options: &DesignOptions,
    clock: Instant,
    start: Option<Vec<f64>>,
) -> Result<(MipOutcome, Option<Vec<f64>>), SolveError> {
    let design = model.design.as_ref().expect("a design model");
    let ncols = milp.num_cols();
    let n = milp.num_flows;
    let mut relax = Live::new(&options.solve, n)?;
    relax.pass(&sparse(milp, &costs[0]))?;
    let mip_options = options
        .solve
        .clone()
        .with_algorithm(Algorithm::Simplex)
        .highs(0);
    let mut mip = Live::with_options(mip_options)?;
    mip.pass(&sparse(milp, &costs[0]))?;
    let mut types = vec![VarType::Continuous; n];
    types.resize(ncols, VarType::Integer);
    if options.semicontinuous && design.min_pipe_flow > 0.0 {
        let base = milp.first_design_row();
        let m = design.min_pipe_flow / milp.flow_scale;
        for (i, row) in milp.design_rows.iter().enumerate() {
            if let DesignRow::MinFlow { arc } = *row {
                mip.change_row_bounds(base + i, f64::NEG_INFINITY, f64::INFINITY)?;
                mip.change_col_bounds(arc, m.min(milp.col_upper[arc]), milp.col_upper[arc])?;
                types[arc] = VarType::SemiContinuous;
            }
        }
    }
    mip.set_integrality(0, &types)?;
    mip.set_mip_gap(design.mip_gap)?;

    let mut out = MipOutcome::empty(n, milp.binaries.len());
    // The start's objective: a heuristic design replaces it only if better.
    let mut start_z = start
        .as_ref()
        .map(|x| x.iter().zip(&costs[0]).map(|(v, c)| v * c).sum::<f64>());
    let mut incumbent: Option<Vec<f64>> = start;
    // Each held row's multiplier (`hold_costs`), the same in both.
    let mut held = Vec::new();
    for (i, &objective) in model.objectives.iter().enumerate() {
        let cost = &costs[i];
        if i > 0 {
            let (_, z) = out.objective_values[i - 1];
            let mut multiplier = 1.0;
            for live in [&mut relax, &mut mip] {
                (_, multiplier) = hold_costs(live, &costs[i - 1], z, model.objective_tolerance)?;
                live.change_costs(cost)?;
            }
            held.push(multiplier);
        }
        // The relaxation: a bound, and the heuristic's starting point.
        limit(&mut relax, options, clock)?;
        let status = relax.run_checked()?;
        if status != Status::Optimal {
            out.status = status;
            break;
        }
        out.relaxation = relax.info().objective_value;
        if milp.binaries.is_empty() && !options.semicontinuous {
            // Nothing to decide (every arc needs no pipe or has one): the LP.
            let z = out.relaxation;
            out.objective_values.push((objective, z));
            out.bound = z;
            out.gap = 0.0;
            out.status = Status::Optimal;
            incumbent = Some(relax.solution().col_value);
            continue;
        }
        // Measured on the 200-enterprise design park: switching the
        // heuristic's re-solves to dual simplex (warm) found no design in
        // 300 s, interior point (the size's default) found one 1.7 % above
        // the relaxation; so the algorithm stays the size's default.
        let x = relax.solution().col_value;
        if !options.no_heuristic {
            let best = improve(&mut relax, milp, cost, &x, design.max_capex, || {
                remaining(options, clock)
            })?;
            if let Some((z, sol)) = best {
                out.heuristic = Some(z);
                if i > 0 || start_z.is_none_or(|s| z < s) {
                    start_z = Some(z);
                    incumbent = Some(sol);
                }
            }
            // Back to the relaxation's own costs and bounds.
            relax.change_costs(cost)?;
            restore_binaries(&mut relax, milp)?;
        }
        if let Some(start) = &incumbent {
            mip.set_start(start)?;
        }
        limit(&mut mip, options, clock)?;
        let mut last = Instant::now();
        let show = options.progress;
        let mut report = |p: &MipProgress| {
            if show && (p.improved || last.elapsed().as_secs_f64() >= 2.0) {
                last = Instant::now();
                let gap = if p.incumbent.is_finite() {
                    format!(
                        "{:.3} %",
                        100.0 * (p.incumbent - p.bound) / p.incumbent.abs().max(1e-9)
                    )
                } else {
                    "-".into()
                };
                eprintln!(
                    "design {:>7.1} s  incumbent {:>14.6e}  bound {:>14.6e}  gap {gap}{}",
                    p.seconds,
                    p.incumbent,
                    p.bound,
                    if p.improved { "  *" } else { "" }
                );
            }
            ControlFlow::Continue(())
        };
        let result = mip.solve_mip(Some(&mut report))?;
        out.nodes += result.nodes;
        out.status = result.status;
        if result.col_value.is_empty() {
            if out.status == Status::Optimal {
                out.status = Status::SolverFailure;
            }
            break;
        }
        // Both HiGHS's dual bound and the LP relaxation's optimum bound the
        // optimum from below; the larger is reported (on a large park the
        // search may stop before HiGHS has a bound of its own).
        let z = result.objective;
        out.bound = if result.bound.is_finite() {
            result.bound.max(out.relaxation)
        } else {
            out.relaxation
        }
        .min(z);
        out.gap = (z - out.bound).max(0.0) / z.abs().max(1e-9);
        out.objective_values.push((objective, z));
        incumbent = Some(result.col_value);
        if out.status != Status::Optimal {
            break;
        }
    }
    let solved = matches!(out.status, Status::Optimal | Status::TimeLimit)
        && !out.objective_values.is_empty();
    let incumbent = incumbent.filter(|_| solved);
    if let Some(x) = &incumbent {
        out.built = (0..milp.binaries.len()).map(|b| x[n + b] > 0.5).collect();
        let cost = &costs[out.objective_values.len() - 1];
        fixed_lp(&mut relax, milp, cost, &held, &mut out)?;
    }
    Ok((out, incumbent))
}

/// Rounding and slope scaling from the relaxation's point `x`: returns the
/// best design found (objective, all columns), evaluated by the LP with its
/// binaries fixed.
fn improve(
    relax: &mut Live,
    milp: &Milp,
    costs: &[f64],
    x: &[f64],
    budget: Option<f64>,
    remaining: impl Fn() -> Option<f64>,
) -> Result<Option<(f64, Vec<f64>)>, SolveError> {
    let mut best: Option<(f64, Vec<f64>)> = None;
    let mut point = x.to_vec();
    let mut seen: Vec<Vec<bool>> = Vec::new();
    for _ in 0..8 {
        if remaining().is_some_and(|t| t < 0.5) {
            break;
        }
        let mut on = heuristic::round(milp, &point);
        if let Some(b) = budget {
            heuristic::fit_budget(milp, &point, &mut on, b);
        }
        if seen.contains(&on) {
            break;
        }
        // Evaluate the design: fix its binaries, true costs.
        fix_binaries(relax, milp, &on)?;
        relax.change_costs(costs)?;
        if relax.run_checked()? == Status::Optimal {
            let z = relax.info().objective_value;
            if best.as_ref().is_none_or(|(b, _)| z < *b) {
                best = Some((z, relax.solution().col_value));
            }
        }
        seen.push(on);
        // Next point: binaries free again, capital spread over last flows.
        restore_binaries(relax, milp)?;
        relax.change_costs(&heuristic::slope_costs(milp, costs, &point))?;
        if relax.run()? != Status::Optimal {
            break;
        }
        point = relax.solution().col_value;
    }
    Ok(best)
}

fn fix_binaries(live: &mut Live, milp: &Milp, on: &[bool]) -> Result<(), SolveError> {
    let n = milp.num_flows;
    for (b, &v) in on.iter().enumerate() {
        let v = if v { 1.0 } else { 0.0 };
        live.change_col_bounds(n + b, v, v)?;
    }
    Ok(())
}

fn restore_binaries(live: &mut Live, milp: &Milp) -> Result<(), SolveError> {
    let n = milp.num_flows;
    for b in 0..milp.binaries.len() {
        live.change_col_bounds(n + b, milp.col_lower[n + b], milp.col_upper[n + b])?;
    }
    Ok(())
}

/// The LP with every binary fixed at the design: clean flows and the duals
/// the report labels as such (flows in solver units).
fn fixed_lp(
    relax: &mut Live,
    milp: &Milp,
    costs: &[f64],
    held: &[f64],
    out: &mut MipOutcome,
) -> Result<(), SolveError> {
    fix_binaries(relax, milp, &out.built)?;
    relax.change_costs(costs)?;
    relax.set_time_limit(None)?;
    if relax.run_checked()? != Status::Optimal {
        tracing::warn!("the LP with the design's binaries fixed did not solve to optimality");
        return Ok(());
    }
    let sol = relax.solution();
    out.flows = sol.col_value[..milp.num_flows]
        .iter()
        .map(|&f| if f > FLOW_EPSILON { f } else { 0.0 })
        .collect();
    let factors = &milp.lp_rows.factor;
    let nlp = milp.first_design_row();
    let mut duals: Vec<f64> = sol.row_dual[..nlp]
        .iter()
        .zip(factors)
        .map(|(&y, &f)| y * f)
        .collect();
    // Held objectives follow the design rows, divided through (`hold_costs`).
    duals.extend(
        sol.row_dual[milp.num_rows()..]
            .iter()
            .zip(held)
            .map(|(&y, &multiplier)| y * multiplier),
    );
    out.row_duals = duals;
    Ok(())
}

/// What a probe of a modified MILP found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Probe {
    /// A design exists; the objective of the best found (in the units of
    /// the probe's costs).
    Feasible(f64),
    /// No design exists.
    Infeasible,
    /// The time ran out first.
    Unknown,
}

/// Solves the MILP with `costs` (solver units), some row bounds and column
/// bounds replaced (row, lower, upper), within `seconds`: the diagnosis's
/// "what if" runs.
pub(crate) fn probe(
    milp: &Milp,
    costs: &[f64],
    rows: &[(usize, f64, f64)],
    cols: &[(usize, f64, f64)],
    seconds: f64,
    gap: f64,
) -> Result<Probe, SolveError> {
    let mut row_lower = milp.row_lower.clone();
    let mut row_upper = milp.row_upper.clone();
    for &(r, lo, hi) in rows {
        row_lower[r] = lo;
        row_upper[r] = hi;
    }
    let mut col_lower = milp.col_lower.clone();
    let mut col_upper = milp.col_upper.clone();
    for &(c, lo, hi) in cols {
        col_lower[c] = lo;
        col_upper[c] = hi;
    }
    let mut live = Live::with_options(SolveOptions::default().with_time_limit(seconds).highs(0))?;
    live.pass(&SparseLp {
        col_cost: costs,
        col_lower: &col_lower,
        col_upper: &col_upper,
        row_lower: &row_lower,
        row_upper: &row_upper,
        a_start: &milp.a_start,
        a_index: &milp.a_index,
        a_value: &milp.a_value,
    })?;
    let mut types = vec![VarType::Continuous; milp.num_flows];
    types.resize(milp.num_cols(), VarType::Integer);
    live.set_integrality(0, &types)?;
    live.set_mip_gap(gap)?;
    let result = live.solve_mip(None)?;
    Ok(match result.status {
        Status::Infeasible => Probe::Infeasible,
        _ if !result.col_value.is_empty() => Probe::Feasible(result.objective),
        _ => Probe::Unknown,
    })
}
