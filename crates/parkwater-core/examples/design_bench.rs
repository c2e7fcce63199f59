//! Measures network-design solves on synthetic design parks
//! (`design::synth`): time, status, gap, certified bound, peak memory.
//!
//! `cargo run --release -p parkwater-core --example design_bench -- 25 60 200 [--time-limit S] [--seed N] [--pricing on|off|auto]`

use parkwater_core::design::{self, synth::design_park, DesignOptions};
use parkwater_core::solve::Pricing;
use parkwater_core::SolveOptions;
use std::time::Instant;

fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<f64>().ok())
    };
    let limit = flag("--time-limit").unwrap_or(300.0);
    let seed = flag("--seed").unwrap_or(1.0) as u64;
    // --pricing on|off|auto: price-and-branch forced, off, or by size.
    let pricing = args
        .iter()
        .position(|a| a == "--pricing")
        .and_then(|i| args.get(i + 1))
        .map(|v| Pricing::parse(v).expect("--pricing on|off|auto"))
        .unwrap_or(Pricing::Auto);
    let sizes: Vec<usize> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || !args[i - 1].starts_with("--")))
        .filter_map(|(_, a)| a.parse().ok())
        .collect();
    println!("enterprises streams candidate_pipes pipes_below_min_flow binaries method status seconds objective bound gap relaxation heuristic generated_pipes rounds peak_MiB");
    for n in if sizes.is_empty() { vec![25] } else { sizes } {
        let model = design_park(n, seed)
            .validate()
            .expect("a valid design park");
        let options = DesignOptions {
            solve: SolveOptions::default()
                .with_time_limit(limit)
                .with_pricing(pricing),
            progress: std::env::var_os("PROGRESS").is_some(),
            no_heuristic: std::env::var_os("NO_HEURISTIC").is_some(),
            semicontinuous: std::env::var_os("SEMICONTINUOUS").is_some(),
        };
        let clock = Instant::now();
        let report = design::solve_design(&model, &options).expect("the solve runs");
        let d = report.design.as_ref().unwrap();
        let below = d.candidates.dropped_below_min_flow;
        println!(
            "{n} {} {} {below} {} {:?} {:?} {:.1} {:.6e} {:.6e} {:.3e} {:.6e} {:.6e} {} {} {:.0}",
            model.sources.len(),
            d.candidates.pipes,
            d.candidates.binaries,
            d.method,
            report.status,
            clock.elapsed().as_secs_f64(),
            report.objective.get("cost").copied().unwrap_or(f64::NAN),
            d.objective_bound.unwrap_or(f64::NAN),
            d.gap.unwrap_or(f64::NAN),
            d.relaxation_bound.unwrap_or(f64::NAN),
            d.heuristic_objective.unwrap_or(f64::NAN),
            d.pricing.as_ref().map_or(0, |p| p.generated_pipes),
            d.pricing.as_ref().map_or(0, |p| p.rounds),
            peak_mib()
        );
    }
}
