//! Mixed-integer solves on a [`Live`] model (network design builds on
//! these): integrality per column, relative gap and time limit, a MIP
//! start, progress of incumbent and bound, the status of a MIP (optimal
//! within the gap; time limit with the best incumbent, its gap and bound;
//! infeasible), the residual check on the incumbent, and "fix the integers
//! at their values and re-solve the LP" for duals.
//!
//! ```ignore
//! let mut live = Live::new(&options, arcs)?;
//! live.pass(&lp.as_sparse())?;                    // binaries in [0, 1]
//! live.set_integrality(first_binary, &vec![VarType::Integer; n])?;
//! live.set_mip_gap(1e-4)?;                        // time limit: SolveOptions
//! live.set_start(&heuristic_design)?;             // optional
//! let mip = live.solve_mip(Some(&mut |p: &MipProgress| {
//!     eprintln!("{:.1} s: {} (bound {}, gap {:.2} %)", p.seconds, p.incumbent, p.bound, 100.0 * p.gap);
//!     ControlFlow::Continue(())
//! }))?;
//! // mip.status, mip.col_value (the incumbent), mip.bound, mip.gap
//! let lp = live.fix_integers_and_resolve(&mip.col_value)?; // duals, labelled "binaries fixed"
//! ```

use std::ops::ControlFlow;

use super::live::Live;
use super::residual::Residuals;
use super::{SolveError, Status};
use parkwater_highs::{MipProgress, VarType};

/// What a MIP solve found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MipOutcome {
    /// `Optimal` (within the relative gap), `TimeLimit` (stopped by the
    /// time limit or the progress closure; with the best incumbent when
    /// `col_value` is not empty), `Infeasible`, `NumericalTrouble` (an
    /// incumbent whose residuals exceed the tolerance: not returned), ...
    pub(crate) status: Status,
    /// The incumbent's column values (empty without one).
    pub(crate) col_value: Vec<f64>,
    /// The incumbent's objective, solver units (`inf` without one).
    pub(crate) objective: f64,
    /// The best proven lower bound on the optimum, solver units.
    pub(crate) bound: f64,
    /// Relative gap between incumbent and bound (`inf` without incumbent).
    pub(crate) gap: f64,
    /// Branch-and-bound nodes.
    pub(crate) nodes: i64,
    /// HiGHS's residuals of the incumbent (primal and integrality).
    pub(crate) residuals: Option<Residuals>,
}

/// The progress closure's type: called on every improving incumbent and at
/// HiGHS's regular checks; `Break` stops the solve with the incumbent.
pub(crate) type Progress<'a> = &'a mut (dyn FnMut(&MipProgress) -> ControlFlow<()> + Send);

// Network design (issue 15) is the first client; until it lands only the
// tests below call these.
#[allow(dead_code)]
impl Live {
    /// Sets the type of columns `from .. from + types.len()` (binaries:
    /// `VarType::Integer` on columns bounded by [0, 1]).
    pub(crate) fn set_integrality(
        &mut self,
        from: usize,
        types: &[VarType],
    ) -> Result<(), SolveError> {
        self.highs().change_integrality(from, types)?;
        self.mip |= types.iter().any(|t| *t != VarType::Continuous);
        Ok(())
    }

    /// The relative gap at which a MIP counts as solved.
    pub(crate) fn set_mip_gap(&mut self, gap: f64) -> Result<(), SolveError> {
        let mut options = self.options;
        options.mip_rel_gap = Some(gap);
        self.set_options(options)
    }

    /// Offers a point (one value per column) as the first incumbent.
    pub(crate) fn set_start(&mut self, col_value: &[f64]) -> Result<(), SolveError> {
        Ok(self.highs().set_solution(col_value)?)
    }

    /// Runs branch and cut (with `progress`, when given) and reads the
    /// outcome: the status from the one translation, the incumbent checked
    /// by the one residual check.
    pub(crate) fn solve_mip(
        &mut self,
        progress: Option<Progress<'_>>,
    ) -> Result<MipOutcome, SolveError> {
        let outcome = match progress {
            Some(f) => {
                let outcome = match self.highs().run_with_progress(f) {
                    Ok(status) => Some(status),
                    Err(parkwater_highs::HighsError::Status {
                        call: "Highs_run", ..
                    }) => None,
                    Err(e) => return Err(e.into()),
                };
                self.count();
                outcome
            }
            None => self.run_once()?,
        };
        let mut status = super::status::translate(outcome, false);
        let info = self.highs().mip_info();
        let mut mip = MipOutcome {
            status,
            col_value: Vec::new(),
            objective: info.objective,
            bound: info.bound,
            gap: info.gap,
            nodes: info.nodes,
            residuals: None,
        };
        if info.has_incumbent && matches!(status, Status::Optimal | Status::TimeLimit) {
            let residuals = Residuals::of_mip(&self.info(), info.max_integrality_violation);
            mip.residuals = Some(residuals);
            if self.accept(residuals) == Status::Optimal {
                mip.col_value = self.solution().col_value;
            } else {
                status = Status::NumericalTrouble;
            }
        }
        mip.status = status;
        if mip.col_value.is_empty() {
            mip.objective = f64::INFINITY;
            mip.gap = f64::INFINITY;
        }
        Ok(mip)
    }

    /// Fixes every integer column at its (rounded) value in `incumbent`,
    /// makes the model an LP again and solves it (checked): the duals of
    /// the design's LP, "with the integers fixed". The model stays fixed.
    pub(crate) fn fix_integers_and_resolve(
        &mut self,
        incumbent: &[f64],
    ) -> Result<Status, SolveError> {
        let types = self.highs().integrality()?;
        if incumbent.len() != types.len() {
            return Err(SolveError::Solver(
                parkwater_highs::HighsError::SizeMismatch {
                    what: "incumbent",
                    expected: types.len(),
                    actual: incumbent.len(),
                },
            ));
        }
        for (j, (t, &x)) in types.iter().zip(incumbent).enumerate() {
            if matches!(t, VarType::Integer | VarType::SemiInteger) {
                let v = x.round();
                self.change_col_bounds(j, v, v)?;
            }
        }
        self.highs().clear_integrality()?;
        self.mip = false;
        self.run_checked()
    }
}

#[cfg(test)]
mod tests;
