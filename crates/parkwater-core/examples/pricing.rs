//! Times arc pricing on a synthetic park:
//! `cargo run --release -q -p parkwater-core --example pricing -- 500x500x4 heavy [full]`
//! (`full` solves the full LP instead), or a sweep of variants of one park:
//! `cargo run --release -q -p parkwater-core --example pricing -- sweep 120x120x3 heavy price [N]`
//! (`price`, `limit` or `capacity`; N variants, 8 by default), solved alone,
//! as a sweep reusing columns only, and reusing columns and basis, with
//! rounds, simplex iterations and wall time per variant.
//! `PARKWATER_LOG=parkwater_core=debug`
//! logs every round: columns, simplex and interior-point iterations,
//! HiGHS's cumulative run time, columns added and purged, the smallest
//! reduced cost and the time of the pricing scan. Figures measured with it
//! are in `src/pricing/mod.rs`.

use parkwater_core::scenario::Scenario;
use parkwater_core::synth::{Family, Knob, SyntheticPark};
use parkwater_core::{Model, Pricing, Report, SolveOptions, Sweep};
use std::time::Instant;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("PARKWATER_LOG"))
        .with_timer(tracing_subscriber::fmt::time::uptime())
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("sweep") {
        sweep(&args[2..]);
        return;
    }
    let size = args.get(1).map_or("500x500x4", String::as_str);
    let family = args
        .get(2)
        .and_then(|f| Family::parse(f))
        .unwrap_or(Family::SparseReuse);
    let park = SyntheticPark::parse_size(size)
        .expect("size like 500x500x4")
        .with_family(family);
    let model = park.scenario().validate().expect("valid park");
    let pricing = if args.iter().any(|a| a == "full") {
        Pricing::Off
    } else {
        Pricing::On
    };
    let clock = Instant::now();
    let (report, t) =
        parkwater_core::solve_timed(&model, &SolveOptions::default().with_pricing(pricing))
            .unwrap();
    println!(
        "{size} {family}: {:?} objective {:?} in {:.2} s (solve {:.2} s), verification {:.1e}",
        report.status,
        report.objective,
        clock.elapsed().as_secs_f64(),
        t.solve.as_secs_f64(),
        report.verification.max_violation
    );
    println!("{}", serde_json::to_string(&report.solver.stats).unwrap());
    if let Some(kb) = parkwater_core::bench::peak_memory_bytes() {
        println!("peak memory {:.2} GiB", kb as f64 / (1u64 << 30) as f64);
    }
}

fn variant(base: &Scenario, knob: Knob, i: usize) -> Model {
    knob.variant(base, i).validate().expect("valid variant")
}

/// One solved variant: pricing rounds, simplex iterations, seconds, basis reused.
struct Row {
    rounds: usize,
    iterations: i64,
    seconds: f64,
    reused: bool,
    objective: f64,
}

impl Row {
    fn new(report: &Report, seconds: f64) -> Row {
        let stats = &report.solver.stats;
        let pricing = stats.pricing.as_ref().expect("priced");
        Row {
            rounds: pricing.rounds,
            iterations: stats.simplex_iterations,
            seconds,
            reused: pricing.basis_reused,
            objective: report
                .objective
                .values()
                .next()
                .copied()
                .unwrap_or(f64::NAN),
        }
    }
}

fn run(models: &[Model], options: &SolveOptions, sweep: Option<Sweep>) -> Vec<Row> {
    let mut sweep = sweep;
    models
        .iter()
        .map(|model| {
            let clock = Instant::now();
            let report = match sweep.as_mut() {
                Some(sweep) => sweep.solve(model, options),
                None => parkwater_core::solve(model, options),
            }
            .expect("solved");
            Row::new(&report, clock.elapsed().as_secs_f64())
        })
        .collect()
}

fn sweep(args: &[String]) {
    let size = args.first().map_or("120x120x3", String::as_str);
    let family = args
        .get(1)
        .and_then(|f| Family::parse(f))
        .unwrap_or(Family::HeavyReuse);
    let knob = args.get(2).map_or("price", String::as_str);
    let knob = Knob::parse(knob).unwrap_or_else(|| panic!("knob {knob}: price, limit or capacity"));
    let n = args.get(3).map_or(8, |n| n.parse().expect("a count"));
    let base = SyntheticPark::parse_size(size)
        .expect("size like 500x500x4")
        .with_family(family)
        .scenario();
    let models: Vec<Model> = (0..n).map(|i| variant(&base, knob, i)).collect();
    let options = SolveOptions::default().with_pricing(Pricing::On);
    let runs = [
        ("alone", run(&models, &options, None)),
        (
            "columns",
            run(
                &models,
                &options,
                Some(Sweep::default().with_basis_reuse(false)),
            ),
        ),
        (
            "columns+basis",
            run(&models, &options, Some(Sweep::default())),
        ),
    ];
    println!("{size} {family} {knob:?} x {n}: rounds / simplex iterations / seconds per variant");
    for (name, rows) in &runs {
        let cells: Vec<String> = rows
            .iter()
            .map(|r| {
                let mark = if r.reused { "*" } else { "" };
                format!("{}/{}/{:.2}{mark}", r.rounds, r.iterations, r.seconds)
            })
            .collect();
        let total = |f: fn(&Row) -> f64| rows.iter().map(f).sum::<f64>();
        println!(
            "{name:>14}: total {:.0} rounds, {:.0} iterations, {:.2} s | {}",
            total(|r| r.rounds as f64),
            total(|r| r.iterations as f64),
            total(|r| r.seconds),
            cells.join(" ")
        );
    }
    let alone = &runs[0].1;
    for (name, rows) in &runs[1..] {
        for (i, (a, r)) in alone.iter().zip(rows).enumerate() {
            let gap = (a.objective - r.objective).abs() / a.objective.abs().max(1.0);
            assert!(
                gap <= 1e-7,
                "{name} variant {i}: {} vs {}",
                r.objective,
                a.objective
            );
        }
    }
    println!("(* = first master started from the previous variant's basis; optima agree to 1e-7)");
}
