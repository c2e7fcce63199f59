//! `parkwater verify SCENARIO RESULT.json`: checks a plan that did not come
//! from this solve (a consultant's network, another tool's optimum, last
//! year's operating flows) against every requirement of the scenario, with
//! the code that verifies the engine's own answers
//! (`parkwater_core::verify::verify_plan`).
//!
//! Exit 0 when every check holds, 3 when any fails, 1 for invalid input (the
//! scenario, or a plan that names an unknown node or an arc the park cannot
//! have).

use crate::args::{OutputFormat, PluginDirs};
use crate::output::emit;
use anyhow::Result;
use clap::{Args, ValueEnum};
use parkwater_core::verify::{verify_plan, Plan, PlanVerification};
use parkwater_core::ValidationError;
use std::fmt::Write as _;
use std::path::PathBuf;

/// `parkwater verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Scenario file (.toml or .json).
    pub scenario: PathBuf,
    /// The plan: JSON as `parkwater solve --format json` writes it (at least
    /// `flows`: [{"from", "to", "flow"}], flows in the scenario's flow unit).
    pub result: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Table)]
    pub format: VerifyFormat,
    #[command(flatten)]
    pub plugins: PluginDirs,
}

/// How `verify` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// Each violated requirement, then a summary line.
    Table,
    /// One JSON object.
    Json,
}

/// Runs `parkwater verify`; returns the exit code.
pub fn run(a: &VerifyArgs) -> Result<u8> {
    let format = match a.format {
        VerifyFormat::Table => OutputFormat::Table,
        VerifyFormat::Json => OutputFormat::Json,
    };
    let (model, _applied) = match crate::load(&a.scenario, format, &a.plugins) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let invalid = |e: ValidationError| {
        if a.format == VerifyFormat::Json {
            emit(&format!(
                "{}\n",
                serde_json::json!({"status": "invalid", "problems": e.problems})
            ));
        }
        eprintln!("error: {e}");
        crate::exit::INVALID
    };
    let text = match std::fs::read_to_string(&a.result) {
        Ok(text) => text,
        Err(e) => {
            return Ok(invalid(ValidationError {
                origin: Some(a.result.clone()),
                problems: vec![parkwater_core::validate::Problem {
                    path: String::new(),
                    code: "file.unreadable",
                    message: format!("{}: cannot read: {e}", a.result.display()),
                }],
            }))
        }
    };
    let plan = match Plan::from_json(&text, &a.result) {
        Ok(plan) => plan,
        Err(e) => return Ok(invalid(e)),
    };
    let checked = match verify_plan(&model, &plan) {
        Ok(checked) => checked,
        Err(e) => return Ok(invalid(e.with_origin(&a.result))),
    };
    match a.format {
        VerifyFormat::Json => emit(&format!("{}\n", checked.to_json())),
        VerifyFormat::Table => emit(&table(&checked)),
    }
    Ok(if checked.passed() {
        0
    } else {
        crate::exit::VIOLATED
    })
}

/// `1234.5678` as `1234.568`, tiny and huge figures in scientific notation.
fn num(x: f64) -> String {
    if x != 0.0 && (x.abs() < 1e-3 || x.abs() >= 1e9) {
        format!("{x:.4e}")
    } else {
        format!("{x:.3}")
    }
}

fn table(c: &PlanVerification) -> String {
    let v = &c.verification;
    let mut s = String::new();
    for x in &v.violations {
        match (x.value, x.limit, &x.unit) {
            (Some(value), Some(limit), Some(unit)) => {
                let _ = writeln!(
                    s,
                    "VIOLATED  {}: found {} {unit}, limit {} {unit} (relative violation {:.1e})",
                    x.check,
                    num(value),
                    num(limit),
                    x.amount
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "VIOLATED  {} (relative violation {:.1e})",
                    x.check, x.amount
                );
            }
        }
    }
    for n in &c.notes {
        let _ = writeln!(s, "note: {n}");
    }
    let _ = writeln!(
        s,
        "plan: freshwater {} {u}, discharge {} {u}",
        num(c.freshwater),
        num(c.discharge),
        u = c.flow_unit
    );
    let _ = writeln!(
        s,
        "verification: {} checks, {} violated, max relative violation {:.1e}: {}",
        v.checks,
        v.violated,
        v.max_violation,
        if c.passed() {
            "every requirement holds"
        } else {
            "the plan breaks the scenario's requirements"
        }
    );
    s
}
