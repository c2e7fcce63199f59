//! Solving the design MILP with HiGHS — the only file of `design` that names
//! the solver. One LP instance (the relaxation: the certified bound, the
//! heuristic's evaluations, and at the end the LP with every binary fixed,
//! whose duals the report gives) and one MIP instance.
//!
//! A lexicographic list is solved in order: after each objective a row holds
//! it at its incumbent (plus the model's tolerance) in both instances.

use super::candidates::Candidates;
use super::formulate::Milp;
use super::heuristic;
use crate::model::{Model, Objective};
use crate::solve::{SolveError, SolveOptions, Status, FLOW_EPSILON};
use parkwater_highs::{Highs, MipProgress, ModelStatus, SparseLp, VarType};
use std::time::Instant;

/// How to solve a design.
#[derive(Debug, Clone, Default)]
pub struct DesignOptions {
    /// Time limit (whole solve), threads, verbosity.
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
pub const MIN_FLOW_MEASURED: &str = "rows";

/// What the MILP produced.
#[derive(Debug, Clone)]
pub struct MipOutcome {
    /// How it ended.
    pub status: Status,
    /// Whether each binary is on (empty without a design).
    pub built: Vec<bool>,
    /// Flow of each candidate arc, t/h, from the LP with the binaries fixed.
    pub flows: Vec<f64>,
    /// Unscaled dual of each LP row (then one per held objective), LP with binaries fixed.
    pub row_duals: Vec<f64>,
    /// Objective values (internal units), in order.
    pub objective_values: Vec<(Objective, f64)>,
    /// HiGHS's proven lower bound of the last objective (internal units).
    pub bound: f64,
    /// The LP relaxation's optimum of the last objective (internal units).
    pub relaxation: f64,
    /// Relative gap of the last objective.
    pub gap: f64,
    /// Branch-and-bound nodes over all objectives.
    pub nodes: i64,
    /// Objective of the heuristic's first design (internal units), if it found one.
    pub heuristic: Option<f64>,
    /// Seconds.
    pub seconds: f64,
}

/// Solves the MILP of `milp` over `arcs`.
pub fn solve_milp(
    model: &Model,
    arcs: &Candidates,
    milp: &Milp,
    options: &DesignOptions,
) -> Result<MipOutcome, SolveError> {
    let clock = Instant::now();
    let design = model.design.as_ref().expect("a design model");
    let ncols = milp.num_cols();
    let n = milp.num_flows;
    let deadline = options.solve.time_limit;
    let remaining = || deadline.map(|t| (t - clock.elapsed().as_secs_f64()).max(0.01));
    let highs_options = options.solve.highs(n).with_threads(options.solve.threads);
    let mut costs = milp.costs(model, arcs, model.objectives[0]);
    let lp = SparseLp {
        col_cost: &costs,
        col_lower: &milp.col_lower,
        col_upper: &milp.col_upper,
        row_lower: &milp.row_lower,
        row_upper: &milp.row_upper,
        a_start: &milp.a_start,
        a_index: &milp.a_index,
        a_value: &milp.a_value,
    };
    let mut relax = Highs::new(&highs_options)?;
    relax.pass_lp(&lp)?;
    let mut mip = Highs::new(&options.solve.highs(0))?;
    mip.pass_lp(&lp)?;
    let mut types = vec![VarType::Continuous; n];
    types.resize(ncols, VarType::Integer);
    if options.semicontinuous && design.min_pipe_flow > 0.0 {
        let base = milp.first_design_row();
        for (i, row) in milp.design_rows.iter().enumerate() {
            if let super::formulate::DesignRow::MinFlow { arc } = *row {
                mip.change_row_bounds(base + i, f64::NEG_INFINITY, f64::INFINITY)?;
                mip.change_col_bounds(
                    arc,
                    design.min_pipe_flow.min(milp.col_upper[arc]),
                    milp.col_upper[arc],
                )?;
                types[arc] = VarType::SemiContinuous;
            }
        }
    }
    mip.change_integrality(0, &types)?;
    mip.set_option_f64("mip_rel_gap", design.mip_gap)?;
    mip.set_option_str("solver", "simplex")?;

    let mut out = MipOutcome {
        status: Status::SolverFailure,
        built: vec![false; milp.binaries.len()],
        flows: vec![0.0; n],
        row_duals: Vec::new(),
        objective_values: Vec::new(),
        bound: f64::NAN,
        relaxation: f64::NAN,
        gap: f64::NAN,
        nodes: 0,
        heuristic: None,
        seconds: 0.0,
    };
    let mut incumbent: Option<Vec<f64>> = None;
    for (i, &objective) in model.objectives.iter().enumerate() {
        if i > 0 {
            let (_, z) = out.objective_values[i - 1];
            let upper = z + model.objective_tolerance * z.abs().max(1.0);
            let (index, value): (Vec<u32>, Vec<f64>) = costs
                .iter()
                .enumerate()
                .filter(|(_, &c)| c != 0.0)
                .map(|(j, &c)| (j as u32, c))
                .unzip();
            for h in [&mut relax, &mut mip] {
                h.add_rows(
                    &[f64::NEG_INFINITY],
                    &[upper],
                    &[0, index.len()],
                    &index,
                    &value,
                )?;
            }
            costs = milp.costs(model, arcs, objective);
            relax.change_costs(&costs)?;
            mip.change_costs(&costs)?;
        }
        // The relaxation: a bound, and the heuristic's starting point.
        if let Some(t) = remaining() {
            relax.set_option_f64("time_limit", relax.info().run_time.max(0.0) + t)?;
        }
        let status = relax.run()?;
        match status {
            ModelStatus::Optimal => {}
            ModelStatus::Infeasible => {
                out.status = Status::Infeasible;
                break;
            }
            ModelStatus::TimeLimit => {
                out.status = Status::TimeLimit;
                break;
            }
            _ => {
                out.status = Status::SolverFailure;
                break;
            }
        }
        out.relaxation = relax.objective_value();
        // Measured on the 200-enterprise design park: switching the
        // heuristic's re-solves to dual simplex (warm) found no design in
        // 300 s, interior point (the size's default) found one 1.7 % above
        // the relaxation; so the algorithm stays the size's default.
        let x = relax.solution().col_value;
        if !options.no_heuristic {
            let best = improve(&mut relax, milp, &costs, &x, design.max_capex, remaining)?;
            if let Some((z, sol)) = best {
                if incumbent.is_none() || i > 0 || out.heuristic.is_none_or(|h| z < h) {
                    out.heuristic = Some(z);
                    incumbent = Some(sol);
                }
            }
            // Back to the relaxation's own costs and bounds.
            relax.change_costs(&costs)?;
            restore_binaries(&mut relax, milp)?;
        }
        if let Some(start) = &incumbent {
            mip.set_solution(start)?;
        }
        if let Some(t) = remaining() {
            mip.set_option_f64("time_limit", t)?;
        }
        let mut last = Instant::now();
        let mut report = |p: &MipProgress| {
            if options.progress && (p.improved || last.elapsed().as_secs_f64() >= 2.0) {
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
            std::ops::ControlFlow::Continue(())
        };
        let status = mip.run_with_progress(&mut report)?;
        let info = mip.mip_info();
        out.nodes += info.nodes;
        out.bound = info.bound;
        out.gap = info.gap;
        let has_solution =
            mip.primal_solution_status() == parkwater_highs::SolutionStatus::Feasible;
        out.status = match status {
            ModelStatus::Optimal => Status::Optimal,
            ModelStatus::Infeasible => Status::Infeasible,
            ModelStatus::TimeLimit | ModelStatus::IterationLimit => Status::TimeLimit,
            ModelStatus::Other(_) if has_solution => Status::TimeLimit,
            _ => Status::SolverFailure,
        };
        if !has_solution {
            if out.status == Status::Optimal {
                out.status = Status::SolverFailure;
            }
            break;
        }
        let sol = mip.solution().col_value;
        // Both HiGHS's dual bound and the LP relaxation's optimum bound the
        // optimum from below; the larger is reported (on a large park the
        // search may stop before HiGHS has a bound of its own).
        let z = info.objective;
        out.bound = if info.bound.is_finite() {
            info.bound.max(out.relaxation)
        } else {
            out.relaxation
        }
        .min(z);
        out.gap = (z - out.bound).max(0.0) / z.abs().max(1e-9);
        out.objective_values.push((objective, z));
        incumbent = Some(sol);
        if out.status != Status::Optimal {
            break;
        }
    }
    if let Some(x) = incumbent.filter(|_| matches!(out.status, Status::Optimal | Status::TimeLimit))
    {
        out.built = (0..milp.binaries.len()).map(|b| x[n + b] > 0.5).collect();
        fixed_lp(&mut relax, milp, &costs, &mut out)?;
    }
    out.seconds = clock.elapsed().as_secs_f64();
    Ok(out)
}

/// Rounding and slope scaling from the relaxation's point `x`: returns the
/// best design found (objective, all columns), evaluated by the LP with its
/// binaries fixed.
fn improve(
    relax: &mut Highs,
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
        if relax.run()? == ModelStatus::Optimal {
            let z = relax.objective_value();
            if best.as_ref().is_none_or(|(b, _)| z < *b) {
                best = Some((z, relax.solution().col_value));
            }
        }
        seen.push(on);
        // Next point: binaries free again, capital spread over last flows.
        restore_binaries(relax, milp)?;
        relax.change_costs(&heuristic::slope_costs(milp, costs, &point))?;
        if relax.run()? != ModelStatus::Optimal {
            break;
        }
        point = relax.solution().col_value;
    }
    Ok(best)
}

fn fix_binaries(h: &mut Highs, milp: &Milp, on: &[bool]) -> Result<(), SolveError> {
    let n = milp.num_flows;
    for (b, &v) in on.iter().enumerate() {
        let v = if v { 1.0 } else { 0.0 };
        h.change_col_bounds(n + b, v, v)?;
    }
    Ok(())
}

fn restore_binaries(h: &mut Highs, milp: &Milp) -> Result<(), SolveError> {
    let n = milp.num_flows;
    for b in 0..milp.binaries.len() {
        h.change_col_bounds(n + b, milp.col_lower[n + b], milp.col_upper[n + b])?;
    }
    Ok(())
}

/// The LP with every binary fixed at the design: clean flows and the duals
/// the report labels as such.
fn fixed_lp(
    relax: &mut Highs,
    milp: &Milp,
    costs: &[f64],
    out: &mut MipOutcome,
) -> Result<(), SolveError> {
    fix_binaries(relax, milp, &out.built)?;
    relax.change_costs(costs)?;
    relax.set_option_f64("time_limit", f64::INFINITY)?;
    if relax.run()? != ModelStatus::Optimal {
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
    // Held objectives follow the design rows.
    duals.extend_from_slice(&sol.row_dual[milp.num_rows()..]);
    out.row_duals = duals;
    Ok(())
}

/// What a probe of a modified MILP found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Probe {
    /// A design exists; the objective of the best found (internal units).
    Feasible(f64),
    /// No design exists.
    Infeasible,
    /// The time ran out first.
    Unknown,
}

/// Solves the MILP with `costs`, some row bounds and column bounds replaced
/// (row, lower, upper), within `seconds`: the diagnosis's "what if" runs.
pub fn probe(
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
    let mut h = Highs::new(&SolveOptions::default().with_time_limit(seconds).highs(0))?;
    h.pass_lp(&SparseLp {
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
    h.change_integrality(0, &types)?;
    h.set_option_f64("mip_rel_gap", gap)?;
    let status = h.run()?;
    let has = h.primal_solution_status() == parkwater_highs::SolutionStatus::Feasible;
    Ok(match status {
        ModelStatus::Optimal => Probe::Feasible(h.objective_value()),
        ModelStatus::Infeasible => Probe::Infeasible,
        _ if has => Probe::Feasible(h.objective_value()),
        _ => Probe::Unknown,
    })
}
