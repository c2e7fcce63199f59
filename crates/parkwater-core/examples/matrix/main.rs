//! The benchmark matrix of arc pricing: structured families x sizes x seeds.
//!
//! `cargo run --release -q -p parkwater-core --example matrix -- [OPTIONS]`
//!
//! - `--sizes 500x500x4,1500x1500x5` (default `500x500x4`)
//! - `--families sparse,heavy,treatment,forbid` (default all four;
//!   `synth-sparse` and `synth-heavy` are the unstructured
//!   `synth::SyntheticPark` families, for comparison)
//! - `--seeds 1,2,3` (default)
//! - `--full` also solves each park's full LP (HiGHS's interior point, the
//!   best of its algorithms on these LPs) for the speed-up column
//! - `--out FILE` writes the table (markdown) there too
//! - `--limits per_demand=10,per_round=40000,...` overrides fields of
//!   [`BatchLimits`] (to measure a lever without rebuilding); the park is
//!   then priced through `pricing::solve_priced` and verified here
//! - `--objective freshwater,cost` solves every park under these objectives,
//!   in lexicographic order (the default is the generator's: cost)
//! - `--park enterprises=50,treatments=40,cheap_intake_share=0.5,
//!   clean_intake_share=0.4,treatment_share=0.9` overrides knobs of the
//!   structured generator (`synth::StructuredPark`), to check a figure on
//!   parks of another structure than the matrix's defaults;
//!   `min_reuse_rate=0.6`, `max_intake_share=0.25` and
//!   `max_discharge_share=0.3` add the park's `[policy]` rows (caps as
//!   shares of total demand), the quotas of the city plan
//!
//! `matrix soak SEED N [sizes=LO-HI]` compares pricing with the full LP on
//! N random structured parks (`soak.rs`).
//!
//! Each park runs in a child process of this example (`one SIZE FAMILY SEED
//! full|priced [limits=...] [park=...] [objective=...]`), so its peak memory is its own.
//! Columns: the status (an infeasible park's time includes its diagnosis,
//! and its violation is that of the relaxed answer), wall and CPU seconds
//! of the solve (verification included; on a shared machine CPU seconds
//! are the fairer figure, and the speed-up is taken on them), rounds, master columns at the end,
//! simplex and interior-point iterations, the certificate (smallest reduced
//! cost over every candidate arc; >= -1e-7 proves the optimum), the largest
//! verification violation and the peak resident memory.

use parkwater_core::pricing::{solve_priced, BatchLimits};
use parkwater_core::scenario::schema::{ObjectiveSpec, OneOrMany};
use parkwater_core::synth::{found, Family, SyntheticPark};

use parkwater_core::{Pricing, SolveOptions, Status};
use std::process::Command;
use std::time::Instant;

mod soak;

#[path = "../common/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("one") {
        // `PARKWATER_LOG=parkwater_core=debug ... one SIZE FAMILY SEED priced`
        // logs every round (see examples/pricing.rs).
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_env("PARKWATER_LOG"))
            .with_timer(tracing_subscriber::fmt::time::uptime())
            .with_writer(std::io::stderr)
            .init();
        one(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some("soak") {
        soak::soak(&args[1..]);
        return;
    }
    let get = |flag: &str, default: &str| -> Vec<String> {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map_or(default, String::as_str)
            .split(',')
            .map(str::to_string)
            .collect()
    };
    let sizes = get("--sizes", "500x500x4");
    let families = get("--families", "sparse,heavy,treatment,forbid");
    let seeds = get("--seeds", "1,2,3");
    let full = args.iter().any(|a| a == "--full");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1));
    let limits = get("--limits", "").join(",");
    let knobs = get("--park", "").join(",");
    let objective = get("--objective", "").join(",");
    let exe = std::env::current_exe().expect("own path");
    let mut table = vec![
        "| family | size | seed | status | arcs | forbid | seconds | CPU s | rounds | columns | simplex it. | IPM it. | certificate | violation | peak GiB | full LP s | speed-up |".to_string(),
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |".to_string(),
    ];
    println!("{}\n{}", table[0], table[1]);
    for size in &sizes {
        for family in &families {
            for seed in &seeds {
                let run = |mode: &str| -> serde_json::Value {
                    let mut c = Command::new(&exe);
                    c.args(["one", size, family, seed]);
                    c.arg(if mode == "full" { "full" } else { "priced" });
                    if !limits.is_empty() && mode != "full" {
                        c.arg(format!("limits={limits}"));
                    }
                    if !knobs.is_empty() {
                        c.arg(format!("park={knobs}"));
                    }
                    if !objective.is_empty() {
                        c.arg(format!("objective={objective}"));
                    }
                    let output = c.output().expect("run a park");
                    let text = String::from_utf8_lossy(&output.stdout);
                    serde_json::from_str(text.trim()).unwrap_or_else(
                        |_| serde_json::json!({"error": String::from_utf8_lossy(&output.stderr)}),
                    )
                };
                let p = run("priced");
                let f = full.then(|| run("full"));
                let num = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
                let (full_s, speed) = match &f {
                    Some(f) => (
                        format!("{:.2} ({:.2} CPU)", num(f, "seconds"), num(f, "cpu")),
                        format!("{:.1}x", num(f, "cpu") / num(&p, "cpu")),
                    ),
                    None => ("-".into(), "-".into()),
                };
                let row = if p.get("error").is_some() {
                    format!("| {family} | {size} | {seed} | error: {} |", p["error"])
                } else {
                    format!(
                        "| {family} | {size} | {seed} | {} | {} | {} | {:.2} | {:.2} | {} | {} | {} | {} | {:.1e} | {:.1e} | {:.2} | {full_s} | {speed} |",
                        p["status"].as_str().unwrap_or("-"), p["arcs"], p["forbid"], num(&p, "seconds"), num(&p, "cpu"), p["rounds"], p["columns"],
                        p["simplex"], p["ipm"], num(&p, "certificate"), num(&p, "violation"),
                        num(&p, "peak_gib"),
                    )
                };
                println!("{row}");
                table.push(row);
            }
        }
    }
    if let Some(path) = out {
        std::fs::write(path, table.join("\n") + "\n").expect("write the table");
    }
}

/// Solves one park and prints one JSON line.
fn one(args: &[String]) {
    let size = &args[0];
    let seed: u64 = args[2].parse().expect("seed");
    let full = args.get(3).is_some_and(|a| a == "full");
    let tagged = |tag: &str| args[4..].iter().find_map(|a| a.strip_prefix(tag));
    let limits = tagged("limits=").map(parse_limits);
    // `synth-sparse`, `synth-heavy`: the unstructured `SyntheticPark` families.
    let mut scenario = match args[1].strip_prefix("synth-") {
        Some(name) => SyntheticPark::parse_size(size)
            .expect("size like 500x500x4")
            .with_family(Family::parse(name).expect("synth-sparse or synth-heavy"))
            .with_seed(seed)
            .scenario(),
        // `SIZE FAMILY SEED [objective=...] [park=...]`, as soaks print it.
        None => {
            let tags = args[4..].iter().filter(|a| !a.starts_with("limits="));
            let command: Vec<&str> = args[..3].iter().chain(tags).map(String::as_str).collect();
            found::park(&command.join(" ")).unwrap_or_else(|e| panic!("{e}"))
        }
    };
    if let Some(list) = tagged("objective=") {
        let names = list.split(',').map(str::to_string).collect();
        scenario.objective = Some(ObjectiveSpec {
            minimize: OneOrMany::Many(names),
            tolerance: None,
        });
    }
    let forbid = scenario.forbid.len();
    // `MATRIX_WRITE_SCENARIO=park.toml`: the park as a scenario file, for
    // the `parkwater` command.
    if let Some(path) = std::env::var_os("MATRIX_WRITE_SCENARIO") {
        std::fs::write(path, scenario.to_toml()).expect("scenario written");
    }
    let model = scenario.validate().expect("a valid park");
    let pricing = if full { Pricing::Off } else { Pricing::On };
    let options = SolveOptions::default().with_pricing(pricing);
    if let Some(limits) = limits {
        let (clock, cpu0) = (Instant::now(), cpu_seconds());
        let (network, outcome, stats) = solve_priced(&model, &options, &limits).expect("solved");
        let seconds = clock.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
        let check = parkwater_core::verify::verify(&model, &network, &outcome.flows);
        let line = serde_json::json!({
            "status": outcome.status,
            "objective": outcome.objective_values.first().map(|o| o.1),
            "seconds": seconds,
            "cpu": cpu,
            "arcs": stats.candidates,
            "forbid": forbid,
            "rounds": stats.rounds,
            "columns": stats.columns,
            "simplex": outcome.stats.simplex_iterations,
            "ipm": outcome.stats.ipm_iterations,
            "certificate": stats.certificate,
            "violation": check.max_violation,
            // The worst few, to see what a refused answer breaks.
            "violations": check.violations.iter().take(4).map(|v| format!("{v:?}")).collect::<Vec<_>>(),
            "peak_gib": parkwater_core::bench::peak_memory_bytes()
                .map(|b| b as f64 / (1u64 << 30) as f64),
        });
        println!("{line}");
        return;
    }
    let (clock, cpu0) = (Instant::now(), cpu_seconds());
    let report = parkwater_core::solve(&model, &options).expect("solved");
    let seconds = clock.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let stats = &report.solver.stats;
    let pricing = stats.pricing.as_ref();
    let line = serde_json::json!({
        "status": report.status,
        "method": report.solver.method,
        "optimal": report.status == Status::Optimal,
        "objective": report.objective.values().next(),
        "objectives": report.objective,
        "seconds": seconds,
        "cpu": cpu,
        "arcs": pricing.map_or(stats.columns, |p| p.candidates),
        "forbid": forbid,
        "rounds": pricing.map_or(0, |p| p.rounds),
        "columns": stats.columns,
        "simplex": stats.simplex_iterations,
        "ipm": stats.ipm_iterations,
        "certificate": pricing.map_or(f64::NAN, |p| p.certificate),
        "violation": report.verification.max_violation,
        "peak_gib": parkwater_core::bench::peak_memory_bytes()
            .map(|b| b as f64 / (1u64 << 30) as f64),
        // An infeasible park's smallest relaxation, in a sentence.
        "diagnosis": report.diagnosis.as_ref().map(|d| &d.summary),
    });
    println!("{line}");
}

/// The `name=value` pairs of `a=1,b=2`.
fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split(',')
        .filter(|p| !p.is_empty())
        .map(|pair| pair.split_once('=').expect("name=value"))
}

/// `name=value,...` over the defaults.
fn parse_limits(text: &str) -> BatchLimits {
    let mut l = BatchLimits::default();
    for (name, value) in pairs(text) {
        let n: usize = value.parse().expect("a count");
        match name {
            "first_per_sink" => l.first_per_sink = n,
            "per_demand" => l.per_demand = n,
            "per_supply" => l.per_supply = n,
            "per_round" => l.per_round = n,
            "purge_after" => l.purge_after = n,
            "ipm_min_rows" => l.ipm_min_rows = n,
            "first_per_source" => l.first_per_source = n,
            "first_products_per_sink" => l.first_products_per_sink = n,
            "purge_every_kind" => l.purge_every_kind = n != 0,
            "first_greedy" => l.first_greedy = n,
            "depth" => l.depth = n,
            "primal" => l.primal = n != 0,
            "resolve_cap" => l.resolve_cap = n,
            "resolve_cap_min_batch" => l.resolve_cap_min_batch = n,
            "primal_after_objective_change" => l.primal_after_objective_change = n != 0,
            "tie_break" => l.tie_break = n,
            "primal_below" => l.primal_below = n,
            "primal_degenerate" => l.primal_degenerate = n != 0,
            "primal_after_tie_break" => l.primal_after_tie_break = n != 0,
            "purge_degenerate" => l.purge_degenerate = n != 0,
            "face" => l.face = n != 0,
            "big_m" => l.big_m = n,
            _ => panic!("unknown limit {name}"),
        }
    }
    l
}
