//! Times arc pricing on a synthetic park:
//! `cargo run --release -q -p parkwater-core --example pricing -- 500x500x4 heavy [full]`
//! (`full` solves the full LP instead). `PARKWATER_LOG=parkwater_core=debug`
//! logs every round: columns, simplex and interior-point iterations,
//! HiGHS's cumulative run time, columns added and purged, the smallest
//! reduced cost and the time of the pricing scan. Figures measured with it
//! are in `src/pricing/mod.rs`.

use parkwater_core::synth::{Family, SyntheticPark};
use parkwater_core::{Pricing, SolveOptions};
use std::time::Instant;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("PARKWATER_LOG"))
        .with_timer(tracing_subscriber::fmt::time::uptime())
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().collect();
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
