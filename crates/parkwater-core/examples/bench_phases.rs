//! Times each phase of the pipeline on a synthetic park.
//!
//! ```text
//! cargo run --release -p parkwater-core --example bench_phases -- 500x500x4 heavy solve
//! cargo run --release -p parkwater-core --example bench_phases -- 1500x1500x5 sparse load --json
//! ```
//!
//! Arguments: SIZE (SOURCESxSINKSxCONTAMINANTS), FAMILY (`sparse` or
//! `heavy`, default sparse), `solve` or `load` (default solve: `load` stops
//! after the hand-over to HiGHS), `--seed N`, `--json` (also print the
//! report as JSON), `--verbose` (HiGHS's log). Peak memory is the process's VmHWM, so run one park per
//! process.

use parkwater_core::bench::run_phases;
use parkwater_core::synth::{Family, SyntheticPark};
use parkwater_core::SolveOptions;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(size) = args.first() else {
        eprintln!(
            "usage: bench_phases SIZE [sparse|heavy] [solve|load] [--seed N] [--json] [--verbose]"
        );
        return ExitCode::from(1);
    };
    let mut park = match SyntheticPark::parse_size(size) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let mut solve = true;
    let mut json = false;
    let mut verbose = false;
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "solve" => solve = true,
            "load" => solve = false,
            "--json" => json = true,
            "--verbose" => verbose = true,
            "--seed" => match rest.next().and_then(|s| s.parse().ok()) {
                Some(seed) => park = park.with_seed(seed),
                None => {
                    eprintln!("--seed needs a number");
                    return ExitCode::from(1);
                }
            },
            other => match Family::parse(other) {
                Some(family) => park = park.with_family(family),
                None => {
                    eprintln!("unknown argument '{other}'");
                    return ExitCode::from(1);
                }
            },
        }
    }
    let report = run_phases(&park, solve, &SolveOptions::default().with_verbose(verbose));
    print!("{report}");
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report serializes")
        );
    }
    if report.error.is_some() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}
