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
    /// Check a plan (the JSON `solve --format json` writes, at least its flows)
    /// against every requirement of a scenario: exit 0 all hold, 3 any fails.
    Verify(crate::verify::VerifyArgs),
    /// Solve a base and its variants in parallel; one row each, with changes against the base.
    Compare(CompareArgs),
    /// Solve a grid or Latin hypercube of values of scenario paths; one row per point.
    Sweep(SweepArgs),
    /// Trade-off curve (epsilon-constraint): freshwater or discharge against cost.
    Pareto(ParetoArgs),
    /// The binding shadow prices as sentences, each checked by re-solving.
    Explain(ExplainArgs),
    /// What differs between two scenarios, by path.
    Diff(DiffArgs),
    /// Solve, then write the park report: one self-contained HTML file (KPIs, Sankey, map, tables).
    Report(crate::report::ReportArgs),
    /// Write a scenario workbook to fill in (.xlsx, or a folder of CSV files).
    Template(TemplateArgs),
    /// Convert a scenario between TOML, JSON, xlsx and a folder of CSV files.
    Convert(ConvertArgs),
}

/// `parkwater template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The workbook to write (.xlsx), or a folder for CSV files.
    pub file: PathBuf,
    /// Fill it from this scenario (TOML, JSON, xlsx or CSV folder).
    #[arg(long, value_name = "SCENARIO")]
    pub from: Option<PathBuf>,
    /// Contaminant ids of an empty template (a concentration column each).
    #[arg(long, value_delimiter = ',', default_value = "COD")]
    pub contaminants: Vec<String>,
}

/// `parkwater convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The scenario to read: .toml, .json, .xlsx, or a folder of CSV files.
    pub input: PathBuf,
    /// Where to write it; the format follows the name (a name without an
    /// extension, or ending in /, is a CSV folder).
    pub output: PathBuf,
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
    /// Scenario file (.toml, .json, .xlsx, or a folder of CSV files).
    pub scenario: PathBuf,
    /// Objectives in lexicographic order, e.g. `freshwater,cost` (overrides the file).
    #[arg(long, value_delimiter = ',', value_parser = parse_objective)]
    pub objective: Option<Vec<Objective>>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Also write flows.csv, kpis.json, duals.csv, report.json and results.xlsx here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write the results workbook (KPIs, flows, enterprises, outfalls, duals) to this file.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
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
    /// Also write the park report (one self-contained HTML file) here.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
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
    /// Scenario file (.toml, .json, .xlsx, or a folder of CSV files).
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
    /// Scenario file (.toml, .json, .xlsx, or a folder of CSV files).
    pub scenario: PathBuf,
    /// Target this contaminant only (default: every contaminant, plus the LP's
    /// multi-contaminant minimum when there are several).
    #[arg(long)]
    pub contaminant: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TargetFormat::Table)]
    pub format: TargetFormat,
    /// Also write composite_CONTAMINANT.svg and targets.json here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub plugins: PluginDirs,
}

pub(crate) fn parse_objective(text: &str) -> Result<Objective, String> {
    Objective::parse(text)
        .ok_or_else(|| format!("'{text}' is not one of freshwater, cost, discharge"))
}

pub(crate) fn parse_algorithm(text: &str) -> Result<Algorithm, String> {
    Algorithm::parse(text).ok_or_else(|| format!("'{text}' is not one of auto, simplex, ipm"))
}

pub(crate) fn parse_pricing(text: &str) -> Result<Pricing, String> {
    Pricing::parse(text).ok_or_else(|| format!("'{text}' is not one of auto, on, off"))
}

/// Options every study command (compare, sweep, pareto, explain) shares.
#[derive(Debug, Clone, Args)]
pub struct StudyOptions {
    /// Objectives in lexicographic order (overrides the files).
    #[arg(long, value_delimiter = ',', value_parser = parse_objective)]
    pub objective: Option<Vec<Objective>>,
    /// Time limit per LP solve, seconds.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Arc pricing (column generation) on, off, or auto by number of candidate arcs.
    #[arg(long, default_value = "auto", value_parser = parse_pricing)]
    pub pricing: Pricing,
    /// Scenarios solved at once (rayon workers; default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub plugins: PluginDirs,
}

impl StudyOptions {
    /// Solver options: one HiGHS thread per solve (the parallelism is across solves).
    pub fn solve_options(&self) -> SolveOptions {
        let mut o = SolveOptions::default()
            .with_threads(1)
            .with_verbose(false)
            .with_pricing(self.pricing);
        if let Some(t) = self.time_limit {
            o = o.with_time_limit(t);
        }
        o
    }
}

/// How study commands print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StudyFormat {
    /// A table for people.
    Table,
    /// One JSON object.
    Json,
    /// CSV (the same columns as the files written with --out).
    Csv,
}

/// `parkwater compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The base scenario (the row every change is measured against).
    pub base: PathBuf,
    /// Variant files (or any scenarios) to compare with it.
    #[arg(required = true)]
    pub variants: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StudyFormat::Table)]
    pub format: StudyFormat,
    /// Also write the comparison: .csv, .parquet or .json.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the comparison as one self-contained HTML report (a column
    /// per scenario, changes against the base).
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub study: StudyOptions,
}

/// `parkwater sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (a variant file works too).
    pub scenario: PathBuf,
    /// PATH=a,b,c or PATH=lo:hi:n (n points, ends included), e.g.
    /// `intake[SW].price=1:5:9`; several make a grid.
    #[arg(long, required = true, value_name = "PATH=VALUES")]
    pub vary: Vec<String>,
    /// grid (every combination) or lhs (a Latin hypercube of --points points).
    #[arg(long, default_value = "grid", value_parser = ["grid", "lhs"])]
    pub sample: String,
    /// Points of a Latin hypercube.
    #[arg(long, default_value_t = 100)]
    pub points: usize,
    /// Seed of a Latin hypercube.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the rows here: .csv or .parquet (default: CSV on stdout).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// No progress bar (it is shown only when stderr is a terminal anyway).
    #[arg(long)]
    pub quiet: bool,
    #[command(flatten)]
    pub study: StudyOptions,
}

/// `parkwater pareto`.
#[derive(Debug, Args)]
pub struct ParetoArgs {
    /// Scenario file.
    pub scenario: PathBuf,
    /// What to save: freshwater or discharge (capped point by point).
    #[arg(long, default_value = "freshwater")]
    pub x: String,
    /// What it costs: cost, freshwater or discharge.
    #[arg(long, default_value = "cost", value_parser = parse_objective)]
    pub y: Objective,
    /// Points on the front (ends included).
    #[arg(long, default_value_t = 11)]
    pub points: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StudyFormat::Table)]
    pub format: StudyFormat,
    /// Write front.csv, front.json and front.svg here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub study: StudyOptions,
}

/// `parkwater explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Scenario file.
    pub scenario: PathBuf,
    /// Sentences shown (largest effect first), each checked by a re-solve.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value_t = StudyFormat::Table)]
    pub format: StudyFormat,
    #[command(flatten)]
    pub study: StudyOptions,
}

/// `parkwater diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// First scenario (variants are resolved).
    pub a: PathBuf,
    /// Second scenario.
    pub b: PathBuf,
    /// Output format (table or json).
    #[arg(long, value_enum, default_value_t = StudyFormat::Table)]
    pub format: StudyFormat,
}
