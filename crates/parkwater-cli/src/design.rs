//! Network design in the CLI: solving with progress and pipe values, the
//! table of built pipes and units, the Graphviz drawing of the pipes, and
//! what `check` says about the candidates.

use crate::args::{OutputFormat, SolveArgs};
use anyhow::Result;
use comfy_table::{presets::UTF8_FULL, Table};
use parkwater_core::design::{self, DesignOptions};
use parkwater_core::report::Report;
use parkwater_core::Model;
use std::io::IsTerminal;

/// Solves a model: the design MILP when it has a `[design]`, else the LP.
pub fn solve(model: &Model, a: &SolveArgs) -> Result<Report> {
    if model.design.is_none() {
        return Ok(parkwater_core::solve(model, &a.solve_options())?);
    }
    let options = DesignOptions {
        solve: a.solve_options(),
        // Progress only for a person watching a terminal, never mixed with JSON.
        progress: std::io::stderr().is_terminal() && a.format != OutputFormat::Json,
        no_heuristic: false,
        semicontinuous: false,
    };
    let mut report = design::solve_design(model, &options)?;
    if a.pipe_values && report.kpis.design.is_some() {
        let values = design::pipe_values(model, &options, &report)?;
        if let Some(d) = report.design.as_mut() {
            d.pipe_values = Some(values);
        }
    }
    Ok(report)
}

/// Built pipes and units, capital, bound and gap, and why no design exists.
pub fn table(r: &Report) -> String {
    let Some(d) = &r.design else {
        return String::new();
    };
    let u = r.units.flow;
    let mut s = String::from("\nnetwork design\n");
    if !d.pipes.is_empty() {
        let mut t = Table::new();
        t.load_preset(UTF8_FULL).set_header(vec![
            "from".to_string(),
            "to".to_string(),
            "km".to_string(),
            format!("flow ({u})"),
            "capital (CNY)".to_string(),
            "value (CNY/yr)".to_string(),
        ]);
        for p in &d.pipes {
            let value = d
                .pipe_values
                .as_ref()
                .and_then(|v| v.iter().find(|x| x.from == p.from && x.to == p.to))
                .map_or(String::new(), |v| {
                    v.value
                        .map_or("no design without it".into(), |x| format!("{x:.0}"))
                });
            t.add_row(vec![
                p.from.clone(),
                p.to.clone(),
                format!("{:.2}", p.length_km),
                format!("{:.3}", p.flow),
                if p.existing {
                    "existing".into()
                } else {
                    format!("{:.0}", p.capex)
                },
                value,
            ]);
        }
        s += &format!("{t}\n");
    }
    for unit in &d.units {
        s += &format!(
            "  {} {}: {}{}\n",
            unit.kind,
            unit.id,
            if unit.built { "build" } else { "do not build" },
            if unit.built {
                format!(" ({:.0} CNY)", unit.capex)
            } else {
                String::new()
            }
        );
    }
    s += &format!(
        "  capital {:.0} CNY ({:.0} CNY/yr annualized, included in the cost)\n",
        d.capex, d.annual_capex
    );
    if let (Some(bound), Some(gap)) = (d.objective_bound, d.gap) {
        s += &format!(
            "  bound {bound:.6e}, gap {:.4} % ({} nodes, {:.1} s)\n",
            100.0 * gap,
            d.nodes,
            d.seconds
        );
    }
    for c in &d.diagnosis {
        s += &format!("  infeasible design [{}]: {}\n", c.rule, c.message);
    }
    s
}

/// The pipes that carry flow as a Graphviz digraph: built ones bold,
/// existing ones dashed, labelled with flow and length.
pub fn dot(r: &Report) -> String {
    let mut s = String::from("digraph design {\n    rankdir=LR;\n");
    if let Some(d) = &r.design {
        for p in &d.pipes {
            s += &format!(
                "    \"{}\" -> \"{}\" [label=\"{:.1} {} / {:.2} km\", style={}];\n",
                p.from.replace('"', "\\\""),
                p.to.replace('"', "\\\""),
                p.flow,
                r.units.flow,
                p.length_km,
                if p.existing { "dashed" } else { "bold" }
            );
        }
    }
    s + "}\n"
}

/// What `check` adds for a design: candidate pipes and why arcs were dropped.
pub fn check(model: &Model, format: OutputFormat) -> Option<String> {
    // JSON `check` output stays one object (see output::print_check).
    if model.design.is_none() || format == OutputFormat::Json {
        return None;
    }
    let c = design::candidate_counts(model);
    Some(format!(
            "design: {} candidate pipes ({} binaries), {} arcs need no pipe, {} existing; dropped: {} longer than max_pipe_km, {} forbidden by [[pipe]] build = false, {} able to carry less than min_pipe_flow\n",
            c.pipes,
            c.binaries,
            c.free,
            c.existing,
            c.dropped_too_long,
            c.dropped_forbidden,
            c.dropped_below_min_flow
    ))
}
