//! A small, safe session over the [HiGHS](https://highs.dev) C API
//! (through `highs-sys`), shaped for parkwater's LP engine: pass a sparse
//! LP, solve, read primal values, duals and the basis, add columns or rows,
//! and warm re-solve.
//!
//! This crate is the only place in the project with `unsafe` code for the
//! solver. Every `unsafe` block states why it is sound; the overall safety
//! argument is in the docs of [`Highs`] ("Safety model").
//!
//! # Conventions
//!
//! * The model is always **minimized**: `min c·x  s.t.  L <= A x <= U,
//!   l <= x <= u` ([`SparseLp`]).
//! * Infinite bounds are `f64::INFINITY` / `f64::NEG_INFINITY` (HiGHS's
//!   `kHighsInf` is IEEE infinity, so they pass through unchanged).
//! * Duals follow HiGHS: `row_dual = d(objective)/d(rhs)` (a tight `<=` row
//!   has `row_dual <= 0`, a tight `>=` row `row_dual >= 0`) and
//!   `col_dual = c - Aᵀ row_dual`. See [`Solution`].
//! * HiGHS *warnings* are not errors; outcomes such as "infeasible" or
//!   "time limit" are [`ModelStatus`] values of a successful [`Highs::run`].
//! * Threads: HiGHS keeps one task scheduler per calling OS thread; see
//!   [`scheduler`] for what that means for [`Options::threads`].
//!
//! # Example
//!
//! ```
//! use parkwater_highs::{Highs, ModelStatus, Options, SparseLp};
//!
//! // min 2x + 3y  s.t.  x + y >= 4,  x <= 3,  x, y >= 0
//! let lp = SparseLp {
//!     col_cost: &[2.0, 3.0],
//!     col_lower: &[0.0, 0.0],
//!     col_upper: &[3.0, f64::INFINITY],
//!     row_lower: &[4.0],
//!     row_upper: &[f64::INFINITY],
//!     a_start: &[0, 1, 2],
//!     a_index: &[0, 0],
//!     a_value: &[1.0, 1.0],
//! };
//! let mut highs = Highs::new(&Options::default().with_threads(1))?;
//! highs.pass_lp(&lp)?;
//! assert_eq!(highs.run()?, ModelStatus::Optimal);
//! let s = highs.solution();
//! assert!((s.col_value[0] - 3.0).abs() < 1e-9 && (s.col_value[1] - 1.0).abs() < 1e-9);
//! assert!((s.row_dual[0] - 3.0).abs() < 1e-9); // one more unit of demand costs 3
//! assert!((s.col_dual[0] + 1.0).abs() < 1e-9); // x at its upper bound: c - aᵀy = 2 - 3
//! # Ok::<(), parkwater_highs::HighsError>(())
//! ```

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod basis;
mod convert;
mod error;
pub mod iis;
mod lp;
mod mip;
mod options;
pub mod scheduler;
mod session;
mod settings;
mod solution;
mod status;
#[cfg(test)]
mod test_support;

pub use basis::{Basis, BasisStatus};
pub use error::HighsError;
pub use iis::{Iis, IisBound, IisStrategy};
pub use lp::{OwnedLp, SparseLp};
pub use mip::{MipInfo, MipProgress, VarType};
pub use options::{Algorithm, Options};
pub use scheduler::reset_thread_scheduler;
pub use session::{version, Highs};
pub use solution::{RunInfo, Solution};
pub use status::{ModelStatus, SolutionStatus};
