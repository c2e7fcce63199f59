//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use parkwater_core::model::Objective;
use parkwater_core::{Algorithm, Pricing, SolveOptions};
use std::path::PathBuf;

/// Optimize the water network of an industrial park.
#[derive(Debug, Parser)]
#[command(name = "parkwater", version, about)]
pub struct Cli {
    /// More log output on stderr (-v info, -vv debug).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Solve a scenario and print the optimal network.
    Solve(SolveArgs),
    /// Validate a scenario only (exit 0 when valid).
    Check(CheckArgs),
    /// Water pinch targets: least freshwater, wastewater and pinches per contaminant.
    Target(TargetArgs),
    /// Time every phase on a synthetic park (parse, formulate, hand-over, solve, verify).
    Bench(BenchArgs),
    /// Industry-rule plugins: `plugins list` shows what the plugin directories hold.
    Plugins(PluginsArgs),
}

/// Where plugins are looked for: these directories, then `PARKWATER_PLUGIN_PATH`.
#[derive(Debug, Clone, Default, Args)]
pub struct PluginDirs {
    /// A directory to load plugins from (repeatable); searched before the
    /// directories of PARKWATER_PLUGIN_PATH. Scenarios name plugins, never paths.
    #[arg(long = "plugin-dir", value_name = "DIR")]
    pub plugin_dir: Vec<PathBuf>,
    /// Seconds a plugin hook may run before it fails with plugin.timeout.
    #[arg(long = "plugin-timeout", value_name = "SECS", default_value_t = 60.0, value_parser = parse_seconds)]
    pub plugin_timeout: f64,
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 => Ok(s),
        _ => Err(format!("'{text}' is not a positive number of seconds")),
    }
}

/// `parkwater plugins`.
#[derive(Debug, Args)]
pub struct PluginsArgs {
    #[command(subcommand)]
    pub command: PluginsCommand,
}

/// `parkwater plugins <command>`.
#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// Every library in the plugin directories: name, version, ABI, hooks, or why it cannot load.
    List(PluginsListArgs),
}

/// `parkwater plugins list`.
#[derive(Debug, Args)]
pub struct PluginsListArgs {
    #[command(flatten)]
    pub plugins: PluginDirs,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `parkwater bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Park size, sources x sinks x contaminants.
    #[arg(long, default_value = "500x500x4")]
    pub size: String,
    /// sparse (dirty effluents, cheap freshwater) or heavy (clean effluents, dear freshwater).
    #[arg(long, default_value = "sparse")]
    pub family: String,
    /// Generator seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Stop after the hand-over to HiGHS.
    #[arg(long)]
    pub no_solve: bool,
    /// Solve by arc pricing (on), the full LP (off), or by size (auto).
    #[arg(long, default_value = "auto", value_parser = parse_pricing)]
    pub pricing: Pricing,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write the synthetic park as a scenario file (.json for JSON,
    /// else TOML), to solve it with `parkwater solve` or from Python.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// KPIs, then flows by size: what a park manager reads first.
    Table,
    /// One JSON object (the contract in docs/contract.md).
    Json,
    /// Flows as CSV.
    Csv,
    /// The solved network as a Graphviz digraph.
    Dot,
}

/// `parkwater solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// Scenario file (.toml or .json).
    pub scenario: PathBuf,
    /// Objectives in lexicographic order, e.g. `freshwater,cost` (overrides the file).
    #[arg(long, value_delimiter = ',', value_parser = parse_objective)]
    pub objective: Option<Vec<Objective>>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Also write flows.csv, kpis.json, duals.csv and report.json here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Time limit per LP solve, seconds.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Solver threads.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// LP algorithm: auto, simplex or ipm.
    #[arg(long, default_value = "auto", value_parser = parse_algorithm)]
    pub algorithm: Algorithm,
    /// Arc pricing (column generation) on, off, or auto by number of candidate arcs.
    #[arg(long, default_value = "auto", value_parser = parse_pricing)]
    pub pricing: Pricing,
    /// Print every flow in the table, not only the largest.
    #[arg(long)]
    pub all: bool,
    /// Network design: the value of each built pipe (the cost increase when
    /// it is forbidden), re-solved in parallel.
    #[arg(long)]
    pub pipe_values: bool,
    #[command(flatten)]
    pub plugins: PluginDirs,
}

impl SolveArgs {
    /// The solver options these arguments ask for.
    pub fn solve_options(&self) -> SolveOptions {
        let mut o = SolveOptions::default()
            .with_threads(self.threads)
            .with_verbose(false)
            .with_algorithm(self.algorithm)
            .with_pricing(self.pricing);
        if let Some(t) = self.time_limit {
            o = o.with_time_limit(t);
        }
        o
    }
}

/// `parkwater check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario file (.toml or .json).
    pub scenario: PathBuf,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub plugins: PluginDirs,
}

/// How `target` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetFormat {
    /// Targets, then the cascade table.
    Table,
    /// One JSON object.
    Json,
}

/// `parkwater target`.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Scenario file (.toml or .json).
    pub scenario: PathBuf,
    /// Target this contaminant only (default: every contaminant, plus the LP's
    /// multi-contaminant minimum when there are several).
    #[arg(long)]
    pub contaminant: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TargetFormat::Table)]
    pub format: TargetFormat,
    /// Also write composite_<contaminant>.svg and targets.json here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub plugins: PluginDirs,
}

fn parse_objective(text: &str) -> Result<Objective, String> {
    Objective::parse(text)
        .ok_or_else(|| format!("'{text}' is not one of freshwater, cost, discharge"))
}

fn parse_algorithm(text: &str) -> Result<Algorithm, String> {
    Algorithm::parse(text).ok_or_else(|| format!("'{text}' is not one of auto, simplex, ipm"))
}

fn parse_pricing(text: &str) -> Result<Pricing, String> {
    Pricing::parse(text).ok_or_else(|| format!("'{text}' is not one of auto, on, off"))
}
