//! One design solve, phase by phase: geometry -> candidates -> MILP ->
//! solve -> verify -> report (and, when no design exists, the diagnosis).

use super::candidates::{candidates, Candidates};
use super::diagnose::diagnose_design;
use super::formulate::{formulate, Milp, UnitRef};
use super::geometry::Geometry;
use super::report::{describe, CandidateCounts, PipeValue};
use super::solve::{solve_milp, DesignOptions, MipOutcome};
use super::verify::{verify_design, Built};
use crate::formulate::{report_scale, RowFamily, RowKey, NO_CONTAMINANT};
use crate::model::Model;
use crate::pipeline::Timings;
use crate::report::Report;
use crate::solve::{LpOutcome, SolveError, SolveStats, Status};
use std::time::Instant;

/// A design problem ready to solve: its arcs and MILP.
#[derive(Debug, Clone)]
pub(crate) struct DesignProblem {
    /// Candidate arcs.
    pub(crate) arcs: Candidates,
    /// The MILP.
    pub(crate) milp: Milp,
}

impl DesignProblem {
    /// Geometry, candidates and MILP of a model with a design.
    ///
    /// # Panics
    /// When the model has no design.
    pub(crate) fn new(model: &Model) -> DesignProblem {
        let design = model.design.as_ref().expect("a model with a [design]");
        let geometry = Geometry::new(model, design);
        let arcs = candidates(model, design, &geometry);
        let milp = formulate(model, design, &arcs);
        DesignProblem { arcs, milp }
    }
}

/// The candidate pipes of a model with a design, the arcs that need none,
/// the arcs dropped and the MILP's binaries (`parkwater check`).
///
/// # Panics
/// When the model has no design.
pub fn candidate_counts(model: &Model) -> CandidateCounts {
    let problem = DesignProblem::new(model);
    CandidateCounts::new(&problem.arcs, problem.milp.binaries.len())
}

/// Solves a model with a `[design]`: which pipes and units to build.
pub fn solve_design(model: &Model, options: &DesignOptions) -> Result<Report, SolveError> {
    Ok(solve_design_timed(model, options)?.0)
}

/// [`solve_design`], with the time of each phase (the pipeline's timings).
pub(crate) fn solve_design_timed(
    model: &Model,
    options: &DesignOptions,
) -> Result<(Report, Timings), SolveError> {
    let mut t = Timings::default();
    let clock = Instant::now();
    let problem = DesignProblem::new(model);
    t.formulate = clock.elapsed();
    let clock = Instant::now();
    let out = solve_milp(model, &problem.arcs, &problem.milp, options)?;
    t.solve = clock.elapsed();
    let mut report = assemble(model, &problem, &out, &mut t);
    if out.status == Status::Infeasible {
        let clock = Instant::now();
        let (conflicts, park) = diagnose_design(model, &problem.arcs, &problem.milp, options)?;
        if let Some(design) = report.design.as_mut() {
            design.diagnosis = conflicts;
        }
        if park.is_some() {
            report.diagnosis = park;
        }
        t.diagnose = clock.elapsed();
    }
    Ok((report, t))
}

/// What the outcome builds, per arc and per unit.
pub(crate) fn built(model: &Model, problem: &DesignProblem, out: &MipOutcome) -> Built {
    let mut b = Built {
        pipes: vec![false; problem.arcs.network.len()],
        intakes: vec![true; model.intakes.len()],
        treatments: vec![true; model.treatments.len()],
    };
    let design = model.design.as_ref().expect("a design model");
    for (i, u) in design.intake_units.iter().enumerate() {
        b.intakes[i] = u.is_none();
    }
    for (i, u) in design.treatment_units.iter().enumerate() {
        b.treatments[i] = u.is_none();
    }
    for (k, bin) in problem.milp.binaries.iter().enumerate() {
        let on = out.built.get(k).copied().unwrap_or(false);
        match bin.unit {
            Some(UnitRef::Intake(i)) => b.intakes[i] = on,
            Some(UnitRef::Treatment(i)) => b.treatments[i] = on,
            None if problem.arcs.class[bin.arc] == super::ArcClass::Piped => b.pipes[bin.arc] = on,
            None => {}
        }
    }
    b
}

fn assemble(model: &Model, problem: &DesignProblem, out: &MipOutcome, t: &mut Timings) -> Report {
    let arcs = &problem.arcs;
    let milp = &problem.milp;
    let mut keys = milp.lp_rows.keys.clone();
    for i in 0..model.objectives.len().saturating_sub(1) {
        keys.push(RowKey {
            family: RowFamily::ObjectiveBound,
            entity: i as u32,
            contaminant: NO_CONTAMINANT,
        });
    }
    let has_design = !out.objective_values.is_empty();
    let mut row_duals = out.row_duals.clone();
    row_duals.resize(keys.len(), 0.0);
    let outcome = LpOutcome {
        status: out.status,
        flows: out.flows.clone(),
        row_duals,
        row_keys: keys,
        objective_values: out.objective_values.clone(),
        stats: SolveStats {
            columns: milp.num_cols(),
            rows: milp.num_rows(),
            nonzeros: milp.a_index.len(),
            solves: model.objectives.len(),
            ..Default::default()
        },
        conflict: Vec::new(),
    };
    let clock = Instant::now();
    let b = built(model, problem, out);
    let mut verification = crate::verify::verify(model, &arcs.network, &out.flows);
    if has_design {
        verify_design(model, arcs, &b, &out.flows, &mut verification);
        verification.finish(crate::verify::REPORTED_VIOLATIONS);
    }
    t.verify = clock.elapsed();
    let clock = Instant::now();
    let mut report = Report::new(model, &arcs.network, &outcome, verification, "design");
    let (mut design, kpis) = describe(model, arcs, &b, &out.flows, milp.binaries.len());
    let last = *model.objectives.last().expect("an objective");
    let scale = report_scale(model, last);
    let finite = |x: f64| (x.is_finite() && has_design).then_some(x);
    design.objective_bound = finite(out.bound * scale);
    design.gap = finite(out.gap);
    design.relaxation_bound = out.relaxation.is_finite().then_some(out.relaxation * scale);
    design.heuristic_objective = out.heuristic.map(|z| z * scale);
    design.bound_of = format!(
        "the {} objective over every design of the park: all {} candidate pipes and {} candidate units (arcs dropped by max_pipe_km or build = false are excluded by the rules){}{}",
        last.name(),
        design.candidates.pipes,
        design.units.len(),
        if model.objectives.len() > 1 { ", earlier objectives held at their optimum" } else { "" },
        match &out.priced {
            Some(p) => format!(
                "; price-and-branch: the least of the branch-and-cut bound over the {} generated pipes and the bound on any design using one of the others (the relaxation priced over all candidates, {:.6e}, plus that pipe's least reduced cost)",
                p.generated_pipes,
                p.relaxation_bound * scale
            ),
            None => String::new(),
        }
    );
    design.bound_scope = "whole_park";
    design.method = out.method;
    design.pricing = out.priced.clone().map(|mut p| {
        p.scale(scale);
        p
    });
    design.nodes = out.nodes;
    design.seconds = out.seconds;
    if has_design {
        report.kpis.design = Some(kpis);
    }
    report.design = Some(design);
    t.report = clock.elapsed();
    report
}

/// The value of every built pipe: the increase of the last objective
/// (reported units) when that pipe is forbidden, each re-solved in
/// parallel (rayon) from the same MILP.
pub fn pipe_values(
    model: &Model,
    options: &DesignOptions,
    report: &Report,
) -> Result<Vec<PipeValue>, SolveError> {
    use rayon::prelude::*;
    let problem = DesignProblem::new(model);
    let Some(base) = report
        .objective
        .get(model.objectives.last().expect("an objective").name())
        .copied()
    else {
        return Ok(Vec::new());
    };
    let design = report.design.as_ref();
    let built: Vec<(String, String)> = design
        .map(|d| {
            d.pipes
                .iter()
                .filter(|p| !p.existing)
                .map(|p| (p.from.clone(), p.to.clone()))
                .collect()
        })
        .unwrap_or_default();
    let quiet = DesignOptions {
        progress: false,
        ..options.clone()
    };
    // Each built pipe's binary column, found in one pass over the binaries.
    let position: std::collections::HashMap<(&str, &str), usize> = built
        .iter()
        .enumerate()
        .map(|(i, (from, to))| ((from.as_str(), to.as_str()), i))
        .collect();
    let mut binary_of: Vec<Vec<usize>> = vec![Vec::new(); built.len()];
    for (b, bin) in problem.milp.binaries.iter().enumerate() {
        if bin.unit.is_none() {
            let (u, v) = problem.arcs.network.arc(bin.arc);
            if let Some(&i) = position.get(&(model.supply_name(u), model.demand_name(v))) {
                binary_of[i].push(b);
            }
        }
    }
    built
        .par_iter()
        .zip(binary_of.par_iter())
        .map(|((from, to), binaries)| {
            let mut milp = problem.milp.clone();
            let n = milp.num_flows;
            for &b in binaries {
                milp.col_upper[n + b] = 0.0;
                milp.col_lower[n + b] = 0.0;
            }
            let out = solve_milp(model, &problem.arcs, &milp, &quiet)?;
            let last = *model.objectives.last().expect("an objective");
            let value = out
                .objective_values
                .last()
                .filter(|_| matches!(out.status, Status::Optimal | Status::TimeLimit))
                .map(|&(_, z)| z * report_scale(model, last) - base);
            Ok(PipeValue {
                from: from.clone(),
                to: to.clone(),
                value,
                status: out.status,
            })
        })
        .collect()
}
