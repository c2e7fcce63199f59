//! `parkwater`: solve, check and benchmark park water networks.
//!
//! Thin by design: every decision lives in `parkwater-core`; this crate
//! parses arguments, prints and sets the exit code
//! (0 optimal, 1 invalid input, 2 infeasible, 3 solver failure or time limit,
//! 4 a plugin failed).

mod args;
mod bench;
mod compare;
mod convert;
mod design;
mod diff;
mod exit;
mod explain;
mod output;
mod pareto;
mod plugins;
mod progress;
mod report;
mod sweep;
mod target;
mod template;
mod verify;

use anyhow::Result;
use args::{Cli, Command, OutputFormat, PluginDirs, PluginsCommand};
use clap::Parser;
use parkwater_core::plugins::Applied;
use parkwater_core::{Model, Status, ValidationError};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A bad command line is invalid input (exit 1), not clap's usual 2,
    // which here means an infeasible park.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                crate::exit::INVALID
            } else {
                0
            });
        }
    };
    init_logging(cli.verbose);
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(crate::exit::FAILURE)
        }
    }
}

fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("PARKWATER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Solve(a) => {
            let (model, applied) = match load(&a.scenario, a.format, &a.plugins) {
                Ok((mut m, applied)) => {
                    if let Some(list) = &a.objective {
                        m.objectives = list.clone();
                    }
                    (m, applied)
                }
                Err(code) => return Ok(code),
            };
            let (options, progress) = progress::attach(a.solve_options(), a.format);
            let report = if model.design.is_some() {
                design::solve(&model, &a)?
            } else {
                parkwater_core::solve(&model, &options)?
            };
            drop(progress);
            let extras = match applied.report(&report) {
                Ok(extras) => extras,
                Err(e) => return Ok(plugins::report_error(&e, a.format)),
            };
            if report.design.is_some() && a.format == OutputFormat::Dot {
                output::emit(&design::dot(&report));
            } else {
                output::print_report(&report, &extras, a.format, a.all)?;
            }
            if a.format == OutputFormat::Table {
                output::emit(&design::table(&report));
            }
            if a.format == OutputFormat::Table
                && report.status == Status::Optimal
                && model.design.is_none()
            {
                output::emit(&explain::solve_section(
                    &applied.scenario,
                    &model,
                    &report,
                    &options,
                ));
            }
            if let Some(dir) = &a.out {
                output::write_outputs(dir, &report, &extras)?;
                convert::write_results(&model, &report, &extras, &dir.join("results.xlsx"))?;
            }
            if let Some(file) = &a.xlsx {
                convert::write_results(&model, &report, &extras, file)?;
            }
            if let Some(path) = &a.report {
                let options = parkwater_report::RenderOptions::default();
                report::write(path, &report, &extras, &model, &a.scenario, &options)?;
            }
            if report.status != Status::Optimal {
                let design_conflict = report.design.as_ref().and_then(|d| d.diagnosis.first());
                if let Some(d) = &report.diagnosis {
                    eprintln!("infeasible: {}", d.summary);
                } else if let Some(c) = design_conflict {
                    eprintln!("infeasible: {}", c.message);
                } else {
                    eprintln!("no optimal solution: {:?}", report.status);
                }
            }
            Ok(crate::exit::of_status(report.status))
        }
        Command::Check(a) => match load(&a.scenario, a.format, &a.plugins) {
            Ok((model, _)) => {
                output::print_check(&a.scenario, &model, a.format);
                if let Some(text) = design::check(&model, a.format) {
                    output::emit(&text);
                }
                Ok(0)
            }
            Err(code) => Ok(code),
        },
        Command::Target(a) => target::run(&a),
        Command::Bench(a) => bench::run(&a),
        Command::Plugins(a) => match a.command {
            PluginsCommand::List(l) => Ok(plugins::list(&l)),
        },
        Command::Verify(a) => verify::run(&a),
        Command::Compare(a) => compare::run(&a),
        Command::Sweep(a) => sweep::run(&a),
        Command::Pareto(a) => pareto::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::Diff(a) => diff::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Template(a) => template::run(&a),
        Command::Convert(a) => convert::run(&a),
    }
}

/// Reads a scenario, applies its plugins and validates it; on failure prints
/// every problem and returns the exit code.
pub(crate) fn load(
    path: &Path,
    format: OutputFormat,
    dirs: &PluginDirs,
) -> Result<(Model, Applied), u8> {
    let scenario = parkwater_xlsx::read_scenario(path).map_err(|e| {
        report_read_error(&e, format);
        crate::exit::INVALID
    })?;
    let applied = plugins::apply(&scenario, path, dirs, format)?;
    let model = applied.scenario.validate().map_err(|e| {
        report_validation_error(&e.with_origin(path), format);
        crate::exit::INVALID
    })?;
    Ok((model, applied))
}

/// A workbook, CSV folder, scenario or variant file that could not be read
/// (a variant file's error comes as `ReadError::Parse`).
pub(crate) fn report_read_error(e: &parkwater_xlsx::ReadError, format: OutputFormat) {
    if format == OutputFormat::Json {
        let problems = match e {
            parkwater_xlsx::ReadError::Parse(parse) => serde_json::json!(parse.problems()),
            _ => e
                .problems()
                .into_iter()
                .map(|(path, code, message)| {
                    serde_json::json!({"path": path, "code": code, "message": message})
                })
                .collect(),
        };
        output::emit(&format!(
            "{}\n",
            serde_json::json!({"status": "invalid", "problems": problems})
        ));
    }
    eprintln!("error: {e}");
}

fn report_validation_error(e: &ValidationError, format: OutputFormat) {
    if format == OutputFormat::Json {
        output::emit(&format!(
            "{}\n",
            serde_json::json!({"status": "invalid", "problems": e.problems})
        ));
    }
    eprintln!("error: {e}");
}
