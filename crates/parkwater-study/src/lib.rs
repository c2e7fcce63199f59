//! # parkwater-study
//!
//! Decisions on top of the engine: the questions a park manager, an
//! enterprise or a consultant asks of several solves rather than one.
//!
//! - [`compare`](mod@compare): a base scenario and its variants solved in parallel, one
//!   row each (status, freshwater, discharge, reuse, reclaimed share, cost,
//!   capital, payback), with each figure's change against the base.
//! - [`sweep`]: a grid or a Latin hypercube over scenario paths
//!   (`intake[SW].price`), every point solved in parallel reusing the
//!   engine's columns and basis, one row per point, to CSV or Parquet; a
//!   failing point is a row, never the end of the sweep.
//! - [`pareto`](mod@pareto): the freshwater (or discharge) vs cost trade-off by the
//!   epsilon-constraint method, every point a verified solution, with the
//!   marginal cost of each further t/h saved from the duals.
//! - [`explain`](mod@explain): the binding duals as sentences in the scenario's units,
//!   largest effect first, each checked by re-solving with the change.
//! - [`diff`]: what differs between two scenarios, by path.
//!
//! Scenarios are changed through `parkwater_core::scenario::path` (the
//! notation validation errors print), so every field of the scenario, and
//! any added later, can be varied.
//!
//! ```
//! use parkwater_core::Scenario;
//! use parkwater_study::sweep::{Axis, Design};
//!
//! let base = Scenario::from_toml(r#"
//! contaminants = ["COD"]
//! [[intake]]
//! id = "FW"
//! kind = "tap"
//! conc = { COD = 0 }
//! price = 3.5
//! [[source]]
//! id = "S1"
//! flow = 50
//! conc = { COD = 50 }
//! [[sink]]
//! id = "D1"
//! flow = 80
//! max_conc = { COD = 20 }
//! [[discharge]]
//! id = "WW"
//! "#).unwrap();
//! let design = Design::grid(vec![Axis::parse("sink[D1].max_conc.COD=20:50:4").unwrap()]);
//! let sweep = parkwater_study::sweep::run(&base, &design, &Default::default(), &Default::default());
//! let table = sweep.table();
//! let fresh = table.column("kpis.freshwater").unwrap();
//! // Looser limits take more effluent: 48, 32, 30 then 30 t/h of fresh water
//! // (the effluent runs out at 50 t/h).
//! assert!((table.rows[0][fresh].as_f64().unwrap() - 48.0).abs() < 1e-6);
//! assert!((table.rows[3][fresh].as_f64().unwrap() - 30.0).abs() < 1e-6);
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod compare;
pub mod diff;
pub mod explain;
pub mod pareto;
mod plot;
pub mod sweep;
pub mod table;
mod units;

pub use compare::{compare, Candidate, Comparison};
pub use explain::{explain, explain_report, Explanation, Sentence};
pub use pareto::{pareto, Front, Measure};
pub use sweep::{Axis, Control, Design, SweepResult};
pub use table::{Cell, Table};

use parkwater_core::{Model, Scenario, ValidationError};

/// A scenario with `path = value` settings applied, validated: the one way
/// every study makes a variant.
pub fn variant_model(
    base: &serde_json::Value,
    sets: &[(
        parkwater_core::scenario::path::ScenarioPath,
        serde_json::Value,
    )],
) -> Result<(Scenario, Model), String> {
    let scenario: Scenario = parkwater_core::scenario::path::apply_sets_value(base.clone(), sets)
        .map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let model = scenario.validate().map_err(|e: ValidationError| {
        e.problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    Ok((scenario, model))
}
