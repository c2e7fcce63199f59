//! libFuzzer target: arbitrary bytes as a TOML and as a JSON scenario, then
//! validation, and a solve (with its infeasibility diagnosis) of every small
//! park that validates. Any panic, abort, sanitizer report or hang is a finding.
//!
//! `cargo +nightly fuzz run scenario fuzz/corpus/scenario scenarios tests/data/infeasible tests/data/invalid -- -max_total_time=600`

#![no_main]

use libfuzzer_sys::fuzz_target;
use parkwater_core::{Format, Scenario, SolveOptions, Status};
use std::path::Path;

/// Parks with more candidate arcs are validated but not solved (speed).
const SOLVE_MAX_ARCS: usize = 2_000;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for format in [Format::Toml, Format::Json] {
        let Ok(scenario) = Scenario::from_str_as(&text, format, Path::new("fuzz")) else {
            continue;
        };
        let Ok(model) = scenario.validate() else {
            continue;
        };
        if model.num_supplies() * model.num_demands() > SOLVE_MAX_ARCS {
            continue;
        }
        let options = SolveOptions::default().with_time_limit(5.0);
        let report =
            parkwater_core::solve(&model, &options).expect("a valid park never breaks the solver");
        if report.status == Status::Optimal {
            assert!(report.verification.passed(), "{:?}", report.verification);
        }
        if report.status == Status::Infeasible {
            assert!(report.diagnosis.is_some());
        }
    }
});
