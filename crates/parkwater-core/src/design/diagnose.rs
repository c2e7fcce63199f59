//! Why no design exists, in design terms: the park itself (no flow meets
//! the requirements even with every arc piped), the arcs the design rules
//! dropped, or one family of design rules — which budget, which count, and
//! how much more it needs.

use super::candidates::Candidates;
use super::formulate::{DesignRow, Milp};
use super::report::DesignConflict;
use super::solve::{probe, DesignOptions, Probe};
use crate::model::Model;
use crate::network::Network;
use crate::report::Diagnosis;
use crate::solve::{solve_lp, SolveError, Status};

/// Seconds each "what if" MILP may take.
const PROBE_SECONDS: f64 = 10.0;

/// Seconds the whole diagnosis may take when the solve has no time limit
/// (with one, the diagnosis gets half of it).
const DIAGNOSIS_SECONDS: f64 = 60.0;

/// The design conflicts, and the park's own diagnosis when the park is
/// infeasible without any design rule.
pub(crate) fn diagnose_design(
    model: &Model,
    arcs: &Candidates,
    milp: &Milp,
    options: &DesignOptions,
) -> Result<(Vec<DesignConflict>, Option<Diagnosis>), SolveError> {
    let design = model.design.as_ref().expect("a design model");
    let clock = std::time::Instant::now();
    let budget_s = options
        .solve
        .time_limit
        .map_or(DIAGNOSIS_SECONDS, |t| 0.5 * t);
    // Each probe gets what is left of the budget, at most PROBE_SECONDS;
    // a probe that runs out answers "unknown" and names nothing.
    let seconds = || (budget_s - clock.elapsed().as_secs_f64()).clamp(0.01, PROBE_SECONDS);
    let full = Network::build(model);
    let lp = solve_lp(model, &full, &options.solve)?;
    if lp.status == Status::Infeasible {
        let d = crate::diagnose::diagnose(model, &full, &lp.conflict, &options.solve)?;
        let conflict = DesignConflict {
            rule: "park".into(),
            limit: None,
            needed: None,
            message: "no flow meets the park's requirements even with a pipe on every allowed arc: see the diagnosis".into(),
        };
        return Ok((vec![conflict], Some(d)));
    }
    let mut found = Vec::new();
    if solve_lp(model, &arcs.network, &options.solve)?.status == Status::Infeasible {
        found.push(DesignConflict {
            rule: "max_pipe_km".into(),
            limit: design.max_pipe_km,
            needed: None,
            message: format!(
                "the park needs arcs the design rules dropped: {} longer than max_pipe_km, {} forbidden by [[pipe]] build = false, {} able to carry less than min_pipe_flow",
                arcs.dropped.too_long, arcs.dropped.forbidden, arcs.dropped.below_min_flow
            ),
        });
        return Ok((found, None));
    }
    let base = milp.first_design_row();
    let rows_of = |pick: &dyn Fn(&DesignRow) -> bool| -> Vec<usize> {
        milp.design_rows
            .iter()
            .enumerate()
            .filter(|(_, r)| pick(r))
            .map(|(i, _)| base + i)
            .collect()
    };
    let zero = vec![0.0; milp.num_cols()];
    let inf = f64::INFINITY;
    let gap = design.mip_gap.max(1e-6);

    // The budget: the least capital of any design.
    let budget = rows_of(&|r| matches!(r, DesignRow::Budget));
    if let (Some(limit), false) = (design.max_capex, budget.is_empty()) {
        let mut capex = zero.clone();
        for (b, bin) in milp.binaries.iter().enumerate() {
            capex[milp.num_flows + b] = bin.capex;
        }
        let relaxed: Vec<_> = budget.iter().map(|&r| (r, -inf, inf)).collect();
        if let Probe::Feasible(least) = probe(milp, &capex, &relaxed, &[], seconds(), 1e-6)? {
            found.push(DesignConflict {
                rule: "max_capex".into(),
                limit: Some(limit),
                needed: Some(least),
                message: format!(
                    "the cheapest design costs {least:.0} CNY, {:.0} CNY more than max_capex = {limit:.0}",
                    least - limit
                ),
            });
        }
    }
    // Pipe counts: the least limit that admits a design.
    for (rule, limit, rows) in [
        (
            "max_pipes_out",
            design.max_pipes_out,
            rows_of(&|r| matches!(r, DesignRow::PipesOut { .. })),
        ),
        (
            "max_pipes_in",
            design.max_pipes_in,
            rows_of(&|r| matches!(r, DesignRow::PipesIn { .. })),
        ),
    ] {
        let (Some(k), false) = (limit, rows.is_empty()) else {
            continue;
        };
        for more in 1..=8 {
            let relaxed: Vec<_> = rows.iter().map(|&r| (r, -inf, (k + more) as f64)).collect();
            if let Probe::Feasible(_) = probe(milp, &zero, &relaxed, &[], seconds(), gap)? {
                found.push(DesignConflict {
                    rule: rule.into(),
                    limit: Some(k as f64),
                    needed: Some((k + more) as f64),
                    message: format!(
                        "{rule} = {k} is too tight: the demands need {rule} = {}",
                        k + more
                    ),
                });
                break;
            }
        }
    }
    // Families that either admit a design without them or do not.
    let families: [(&str, Vec<usize>, &str); 2] = [
        (
            "dedicated",
            rows_of(&|r| matches!(r, DesignRow::Dedicated { .. })),
            "one pipe per source of a dedicated enterprise leaves no design; without it one exists",
        ),
        (
            "min_pipe_flow",
            rows_of(&|r| matches!(r, DesignRow::MinFlow { .. })),
            "no design gives every built pipe min_pipe_flow; a smaller minimum admits one",
        ),
    ];
    for (rule, rows, message) in families {
        if rows.is_empty() {
            continue;
        }
        let relaxed: Vec<_> = rows.iter().map(|&r| (r, -inf, inf)).collect();
        if let Probe::Feasible(_) = probe(milp, &zero, &relaxed, &[], seconds(), gap)? {
            found.push(DesignConflict {
                rule: rule.into(),
                limit: (rule == "min_pipe_flow")
                    .then_some(model.flow_unit.from_internal(design.min_pipe_flow)),
                needed: None,
                message: message.into(),
            });
        }
    }
    // Forced or forbidden pipes and units.
    let forced: Vec<_> = milp
        .binaries
        .iter()
        .enumerate()
        .filter(|(_, b)| b.fixed.is_some())
        .map(|(b, _)| (milp.num_flows + b, 0.0, 1.0))
        .collect();
    if !forced.is_empty() {
        if let Probe::Feasible(_) = probe(milp, &zero, &[], &forced, seconds(), gap)? {
            found.push(DesignConflict {
                rule: "build".into(),
                limit: None,
                needed: None,
                message: "the pipes and units forced (build = true) or forbidden (build = false) leave no design".into(),
            });
        }
    }
    if found.is_empty() {
        found.push(DesignConflict {
            rule: "combination".into(),
            limit: None,
            needed: None,
            message: "no single design rule relaxed alone admits a design: several rules conflict together".into(),
        });
    }
    Ok((found, None))
}
