//! `parkwater bench`: every phase of a synthetic park timed on its own.
//!
//! Loading (generate, parse, validate, network, formulate, hand-over) is
//! timed by `parkwater_core::bench`; the solve runs through the same path as
//! `parkwater solve` (full LP or arc pricing), so its figure is what a user
//! waits for.

use crate::args::BenchArgs;
use crate::output::{emit, write_atomic};
use anyhow::{anyhow, Result};
use parkwater_core::bench::{peak_memory_bytes, run_phases};
use parkwater_core::synth::{Family, SyntheticPark};
use parkwater_core::{SolveOptions, Status};
use std::time::Instant;

/// Runs the benchmark; exit code 0 when the park solved optimal (or was not solved).
pub fn run(a: &BenchArgs) -> Result<u8> {
    let family = Family::parse(&a.family)
        .ok_or_else(|| anyhow!("unknown family '{}': sparse or heavy", a.family))?;
    let park = SyntheticPark::parse_size(&a.size)
        .map_err(|e| anyhow!("{e:?}"))?
        .with_family(family)
        .with_seed(a.seed);
    if let Some(path) = &a.save {
        let scenario = park.scenario();
        let text = if path.extension().is_some_and(|e| e == "json") {
            scenario.to_json()
        } else {
            scenario.to_toml()
        };
        write_atomic(path, &text)?;
    }
    let options = SolveOptions::default().with_pricing(a.pricing);
    let load = run_phases(&park, false, &options);
    if let Some(e) = &load.error {
        return Err(anyhow!("{e}"));
    }
    let mut solve = serde_json::Value::Null;
    let mut code = 0;
    if !a.no_solve {
        let model = park.scenario().validate().map_err(|e| anyhow!("{e}"))?;
        let clock = Instant::now();
        let (report, timings) = parkwater_core::solve_timed(&model, &options)?;
        let total = clock.elapsed().as_secs_f64();
        if report.status != Status::Optimal {
            code = 3;
        }
        solve = serde_json::json!({
            "method": report.solver.method,
            "status": report.status,
            "objective": report.objective,
            "seconds": total,
            "solver_seconds": timings.solve.as_secs_f64(),
            "verify_seconds": timings.verify.as_secs_f64(),
            "max_violation": report.verification.max_violation,
            "stats": report.solver.stats,
            "peak_memory_gib": peak_memory_bytes().map(|b| b as f64 / (1u64 << 30) as f64),
        });
    }
    if a.json {
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({"load": load, "solve": solve}))?
        ));
    } else {
        emit(&load.to_string());
        if !solve.is_null() {
            emit(&format!(
                "solve ({}): {} in {:.3} s (HiGHS and pricing {:.3} s, verify {:.4} s), max violation {:.1e}, peak memory {:.2} GiB\n",
                solve["method"].as_str().unwrap_or(""),
                solve["status"].as_str().unwrap_or(""),
                solve["seconds"].as_f64().unwrap_or(0.0),
                solve["solver_seconds"].as_f64().unwrap_or(0.0),
                solve["verify_seconds"].as_f64().unwrap_or(0.0),
                solve["max_violation"].as_f64().unwrap_or(0.0),
                solve["peak_memory_gib"].as_f64().unwrap_or(0.0),
            ));
            if let Some(p) = solve["stats"].get("pricing") {
                emit(&format!("pricing: {p}\n"));
            }
        }
    }
    Ok(code)
}
