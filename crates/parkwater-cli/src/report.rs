//! `parkwater report SCENARIO --out park.html` (solve, then write the HTML
//! report) and `parkwater solve ... --report park.html`: one self-contained
//! file a park manager opens offline, prints and sends (`parkwater-report`).

use crate::args::{parse_algorithm, parse_objective, parse_pricing, OutputFormat, PluginDirs};
use anyhow::{Context, Result};
use clap::Args;
use parkwater_core::model::Objective;
use parkwater_core::plugins::PluginReports;
use parkwater_core::{Algorithm, Model, Pricing, Report, SolveOptions, Status};
use parkwater_report::{Park, RenderOptions, ReportInput};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `parkwater report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario file (.toml or .json).
    pub scenario: PathBuf,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Render this saved result (`solve --format json` output) instead of solving.
    #[arg(long, value_name = "RESULT.json")]
    pub result: Option<PathBuf>,
    /// Objectives in lexicographic order, e.g. `freshwater,cost` (overrides the file).
    #[arg(long, value_delimiter = ',', value_parser = parse_objective)]
    pub objective: Option<Vec<Objective>>,
    /// Time limit per LP solve, seconds.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Solver threads.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// LP algorithm: auto, simplex or ipm.
    #[arg(long, default_value = "auto", value_parser = parse_algorithm)]
    pub algorithm: Algorithm,
    /// Arc pricing on, off, or auto by number of candidate arcs.
    #[arg(long, default_value = "auto", value_parser = parse_pricing)]
    pub pricing: Pricing,
    /// Flows below this share of the largest flow are left out of the Sankey
    /// diagram (they stay in the tables).
    #[arg(long, default_value_t = 1e-4)]
    pub sankey_threshold: f64,
    #[command(flatten)]
    pub plugins: PluginDirs,
}

/// Runs `parkwater report`; the exit code follows the solve (a report of an
/// infeasible park, with its diagnosis, is written and exits 2).
pub fn run(a: &ReportArgs) -> Result<u8> {
    let (mut model, applied) = match crate::load(&a.scenario, OutputFormat::Table, &a.plugins) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if let Some(list) = &a.objective {
        model.objectives = list.clone();
    }
    let options = RenderOptions::default().with_sankey_threshold(a.sankey_threshold);
    if let Some(saved) = &a.result {
        let text = std::fs::read_to_string(saved)
            .with_context(|| format!("cannot read {}", saved.display()))?;
        let result: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", saved.display()))?;
        let input = ReportInput::from_json(result, Park::from_model(&model))
            .with_context(|| format!("{}", saved.display()))?
            .with_scenario_file(a.scenario.display().to_string());
        let status = input.result["status"].as_str().unwrap_or("").to_string();
        write_input(&a.out, &input, &options)?;
        return Ok(if status == "optimal" {
            0
        } else if status == "infeasible" {
            2
        } else {
            3
        });
    }
    let mut o = SolveOptions::default()
        .with_threads(a.threads)
        .with_verbose(false)
        .with_algorithm(a.algorithm)
        .with_pricing(a.pricing);
    if let Some(t) = a.time_limit {
        o = o.with_time_limit(t);
    }
    let report = parkwater_core::solve(&model, &o)?;
    let extras = match applied.report(&report) {
        Ok(extras) => extras,
        Err(e) => return Ok(crate::plugins::report_error(&e, OutputFormat::Table)),
    };
    write(&a.out, &report, &extras, &model, &a.scenario, &options)?;
    if report.status != Status::Optimal {
        if let Some(d) = &report.diagnosis {
            eprintln!("infeasible: {}", d.summary);
        }
    }
    Ok(crate::exit::of_status(report.status))
}

/// Writes the report of a solve (the `solve --report FILE` hook).
pub fn write(
    path: &Path,
    report: &Report,
    extras: &PluginReports,
    model: &Model,
    scenario: &Path,
    options: &RenderOptions,
) -> Result<()> {
    let input = ReportInput::from_report(report, Some(extras), model)?
        .with_scenario_file(scenario.display().to_string());
    write_input(path, &input, options)
}

fn write_input(path: &Path, input: &ReportInput, options: &RenderOptions) -> Result<()> {
    let clock = Instant::now();
    let html = parkwater_report::render(input, options)?;
    parkwater_report::write(path, &html)
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "report: wrote {} ({:.0} kB) in {:.0} ms",
        path.display(),
        html.len() as f64 / 1024.0,
        clock.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
