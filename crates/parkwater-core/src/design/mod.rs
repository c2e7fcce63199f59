//! Network design: which pipes and units to build (MODEL.md, "Network
//! design (MILP)"). A phase beside `formulate`: the model's `[design]` turns
//! the LP into a MILP.
//!
//! `geometry` (pipe lengths) -> `candidates` (which arcs need a pipe) ->
//! `bounds` (the tightest big-M) -> `formulate` (the MILP) -> `heuristic`
//! (a first design from the LP) -> `solve` (on the solver layer; large
//! parks by price-and-branch, `price`) -> `verify` (every design rule re-checked) -> `report` (the JSON `design`
//! section); `diagnose` explains a design that cannot exist; `pipeline`
//! runs them in order.

mod bounds;
mod candidates;
mod diagnose;
mod formulate;
pub(crate) mod geometry;
mod heuristic;
mod pipeline;
mod price;
pub mod report;
pub(crate) mod solve;
#[cfg(any(test, feature = "dev"))]
pub mod synth;
pub(crate) mod verify;

pub(crate) use candidates::{candidates, ArcClass, Candidates};
pub(crate) use geometry::Geometry;
pub(crate) use pipeline::solve_design_timed;
pub use pipeline::{candidate_counts, pipe_values, solve_design};
pub use price::PricedStats;
pub(crate) use report::{DesignKpis, DesignReport};
pub use solve::{DesignOptions, Method};
