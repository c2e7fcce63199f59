//! # parkwater-core
//!
//! The engine that optimizes the water network of an industrial park. A
//! scenario flows through typed phases, one module each:
//!
//! `scenario` (the file) -> `plugins` -> `validate` (every problem at once)
//! -> `model` (ids resolved, t/h) -> `network` (allowed arcs) -> `formulate`
//! (the LP, column by column) -> `solve` (HiGHS) or `pricing` (arcs that
//! pay) -> `verify` (re-checked against the model, not the LP) -> `report`
//! (KPIs, flows, duals); an infeasible park goes on to `diagnose` (the
//! conflicting requirements and the smallest relaxation, in park terms).
//! [`pipeline`] runs these phases in that order, in one file.
//!
//! ```
//! use parkwater_core::{Scenario, SolveOptions, Status};
//!
//! let text = r#"
//! contaminants = ["COD"]
//! [[intake]]
//! id = "FW"
//! kind = "tap"
//! conc = { COD = 0 }
//! price = 3.59
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
//! "#;
//! let scenario = Scenario::from_toml(text).unwrap();
//! let model = scenario.validate().unwrap();
//! let report = parkwater_core::solve(&model, &SolveOptions::default()).unwrap();
//! assert_eq!(report.status, Status::Optimal);
//! // 80 t/h at <= 20 mg/L: 32 t/h of effluent at 50 mg/L, 48 t/h of fresh water.
//! assert!((report.kpis.freshwater - 48.0).abs() < 1e-9);
//! ```

#![deny(missing_docs)]
// A type in a public field or signature is one a user can write down (the
// `dev` surface for tests and benches is exempt).
#![cfg_attr(not(feature = "dev"), deny(unnameable_types))]
#![deny(unsafe_code)]

// The phases, in the order a scenario meets them.
// The scenario file: schema, TOML/JSON/case files, variants, paths.
pub mod scenario;
// The plugin host: load, ABI check, hooks, answers written back.
pub mod plugins;
// Every problem of a scenario at once, with a code and a path.
pub mod validate;
// The scenario as the engine computes with it (dense ids, t/h).
pub mod model;
// Which arcs may exist.
#[cfg(feature = "dev")]
pub mod network;
#[cfg(not(feature = "dev"))]
#[allow(dead_code, unused_imports)] // what only tests, benches and examples call
mod network;
// The LP, column by column.
#[cfg(feature = "dev")]
pub mod formulate;
#[cfg(not(feature = "dev"))]
#[allow(dead_code, unused_imports)] // what only tests, benches and examples call
mod formulate;
// Network design (MILP): pipes, candidate units, their rows.
pub mod design;
// The solver layer: the only code that runs HiGHS.
pub mod solve;
// Arc pricing (column generation) for very large parks.
#[cfg(feature = "dev")]
pub mod pricing;
#[cfg(not(feature = "dev"))]
#[allow(dead_code, unused_imports)] // what only tests, benches and examples call
mod pricing;
// The independent re-check of an answer against the model.
pub mod verify;
// KPIs, flows, duals, loads: the JSON contract.
pub mod report;
// Why an infeasible park is infeasible, in park terms.
#[cfg(feature = "dev")]
pub mod diagnose;
#[cfg(not(feature = "dev"))]
#[allow(dead_code, unused_imports)] // what only tests, benches and examples call
mod diagnose;
// Water pinch targets before any network exists.
pub mod targeting;
// One number formatter for sentences, reports and studies.
pub mod format;
// One solve top to bottom, and sweeps over variants.
pub mod pipeline;

// Dev tools and checks.
// The bench harness (phase timings, memory).
#[cfg(feature = "dev")]
pub mod bench;
// A second LP solver cross-checking HiGHS's objective.
#[cfg(feature = "crosscheck")]
pub mod crosscheck;
// Synthetic parks of any size.
#[cfg(any(test, feature = "dev"))]
pub mod synth;

pub use model::Model;
#[cfg(feature = "dev")] // for the tests, benches and examples only
#[visibility::make(pub)]
pub(crate) use network::Network;
pub use pipeline::{solve, solve_many, Sweep};
#[cfg(feature = "dev")] // for the bench command, benches and examples only
pub use pipeline::{solve_sweep, solve_timed, Timings};
pub use report::Report;
pub use scenario::{Format, ParseError, Scenario};
pub use solve::{Algorithm, Pricing, SolveError, SolveOptions, Status};
pub use validate::ValidationError;
