//! Water pinch targeting for one contaminant, by water cascade analysis.
//!
//! The classic targets a consultant expects, computed without a solver, for
//! fixed-flowrate sources and sinks (flows in t/h, concentrations in mg/L, loads in
//! kg/h):
//!
//! * [`target`]: least freshwater, wastewater, every pinch and the cascade table
//!   (Manan, Tan & Foo 2004; El-Halwagi, Gabriel & Harell 2003), with impure
//!   freshwater, several supplies with caps ([`FreshPriority`] says how they share
//!   the target), water gain or loss and threshold problems;
//! * [`target_regeneration`]: least freshwater and least regenerated flow with a
//!   regenerator of fixed outlet concentration;
//! * [`composite_curves`] and [`composite_svg`]: the pinch diagram and the
//!   limiting composite curve, as data and as a self-contained SVG.
//!
//! On single-contaminant fixed-flowrate problems these targets equal the optimum of
//! the engine's LP (minimum total intake; sources all go to sinks or the drain,
//! fresh water only to sinks): the tests check that against an independent simplex.
//!
//! ```
//! use parkwater_pinch::{composite_curves, composite_svg, target, target_regeneration,
//!     FreshSupply, RegenMode, Stream, TargetProblem};
//!
//! // Polley & Polley (2000), Example 1 of Manan, Tan & Foo (2004).
//! let problem = TargetProblem::new(
//!     vec![Stream::new("SR1", 50.0, 50.0), Stream::new("SR2", 100.0, 100.0),
//!          Stream::new("SR3", 70.0, 150.0), Stream::new("SR4", 60.0, 250.0)],
//!     vec![Stream::new("SK1", 50.0, 20.0), Stream::new("SK2", 100.0, 50.0),
//!          Stream::new("SK3", 80.0, 100.0), Stream::new("SK4", 70.0, 200.0)],
//!     vec![FreshSupply::new("FW", 0.0)],
//! );
//! let t = target(&problem)?;
//! assert_eq!(t.freshwater, 70.0);
//! assert_eq!(t.wastewater, 50.0);
//! assert_eq!(t.pinches, vec![150.0]);
//! for row in &t.cascade {
//!     assert!(row.cumulative_load >= 0.0); // kg/h
//! }
//!
//! let r = target_regeneration(&problem, 10.0, RegenMode::Recycling)?;
//! assert_eq!(r.freshwater, 20.0); // the water loss only
//!
//! let svg = composite_svg(&composite_curves(&problem)?);
//! assert!(svg.contains("pinch 150 mg/L"));
//! # Ok::<(), parkwater_pinch::PinchError>(())
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod cascade;
mod curves;
mod error;
pub mod examples;
mod levels;
mod problem;
mod regeneration;
mod supply;
mod svg;

pub use cascade::{cascade_feasible, cascade_table, target, target_with, CascadeRow, Targets};
pub use curves::{composite_curves, CompositeCurves, ConcLoad, CurvePoint, PinchPoint};
pub use error::PinchError;
pub use problem::{FreshSupply, Stream, TargetProblem, TOP_CONC};
pub use regeneration::{target_regeneration, target_regeneration_with, RegenMode, RegenTargets};
pub use supply::FreshPriority;
pub use svg::composite_svg;
