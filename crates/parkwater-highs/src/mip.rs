//! Mixed-integer solves: integrality per column, a MIP start, the MIP's
//! bound and gap, and progress of incumbent and bound during a long solve.
//!
//! A model becomes a MIP as soon as one column is not continuous
//! ([`Highs::change_integrality`]); [`Highs::run`] then runs HiGHS's
//! branch and cut, which honours `time_limit` and `mip_rel_gap`
//! ([`Options::mip_rel_gap`](crate::Options::mip_rel_gap)). After the run:
//!
//! * [`ModelStatus::Optimal`](crate::ModelStatus::Optimal): an incumbent
//!   proven optimal *within the gap*: `(objective - bound) / |objective|
//!   <= mip_rel_gap` ([`MipInfo`]).
//! * [`ModelStatus::TimeLimit`](crate::ModelStatus::TimeLimit) (or
//!   `Other(17)`, interrupted by the progress closure): the best incumbent
//!   found so far, if any ([`MipInfo::has_incumbent`]), with its bound and
//!   gap.
//! * `Infeasible`: no integer point satisfies the rows.
//!
//! The incumbent's values are read with [`Highs::solution`] (no duals: a
//! MIP has none; fix the integers and re-solve the LP for them).
//! HiGHS's own check of the incumbent is in [`Highs::info`]
//! (`max_primal_infeasibility`) and [`MipInfo::max_integrality_violation`].
//!
//! # Progress
//!
//! [`Highs::run_with_progress`] installs HiGHS's C callback for the run
//! only: the closure sees every improving incumbent and, at HiGHS's regular
//! limit checks, the current bound and gap; returning
//! [`ControlFlow::Break`] stops the solve (model status "interrupted by
//! user", the incumbent kept). HiGHS calls it on the thread that called
//! `run` (only outside its parallel sections); the closure is nevertheless
//! kept behind a mutex so that no interleaving could ever call it twice at
//! once.

use std::ffi::{c_char, c_int, c_void};
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::Mutex;

use highs_sys::HighsInt;

use crate::convert::{check, check_len, check_no_nan, to_highs_int};
use crate::error::HighsError;
use crate::session::Highs;

/// The type of a column (`kHighsVarType*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum VarType {
    /// Any value within its bounds (`kHighsVarTypeContinuous`, 0).
    #[default]
    Continuous,
    /// An integer within its bounds (`kHighsVarTypeInteger`, 1); with bounds
    /// [0, 1] a binary.
    Integer,
    /// Zero, or any value within [lower, upper] (`kHighsVarTypeSemiContinuous`,
    /// 2): a minimum flow without a binary. The upper bound must be finite.
    SemiContinuous,
    /// Zero, or an integer within [lower, upper] (`kHighsVarTypeSemiInteger`, 3).
    SemiInteger,
}

impl VarType {
    fn from_raw(raw: HighsInt) -> Self {
        match raw {
            highs_sys::kHighsVarTypeInteger => Self::Integer,
            highs_sys::kHighsVarTypeSemiContinuous => Self::SemiContinuous,
            highs_sys::kHighsVarTypeSemiInteger => Self::SemiInteger,
            _ => Self::Continuous,
        }
    }

    fn to_raw(self) -> HighsInt {
        match self {
            Self::Continuous => highs_sys::kHighsVarTypeContinuous,
            Self::Integer => highs_sys::kHighsVarTypeInteger,
            Self::SemiContinuous => highs_sys::kHighsVarTypeSemiContinuous,
            Self::SemiInteger => highs_sys::kHighsVarTypeSemiInteger,
        }
    }
}

/// What HiGHS's branch and cut knows after a MIP run (read from its info).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MipInfo {
    /// Whether an incumbent (an integer-feasible point) exists.
    pub has_incumbent: bool,
    /// Objective of the incumbent (`objective_function_value`; `inf`
    /// without one).
    pub objective: f64,
    /// Best proven lower bound on the optimum (`mip_dual_bound`).
    pub bound: f64,
    /// Relative gap `|objective - bound| / max(1e-?, |objective|)` as HiGHS
    /// computes it (`mip_gap`); `inf` without an incumbent.
    pub gap: f64,
    /// Branch-and-bound nodes (`mip_node_count`).
    pub nodes: i64,
    /// Largest distance of an integer column of the incumbent from an
    /// integer (`max_integrality_violation`; NaN when not computed).
    pub max_integrality_violation: f64,
}

/// One report of a MIP solve in progress, given to the closure of
/// [`Highs::run_with_progress`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MipProgress {
    /// Whether this report is a new, better incumbent (else a regular check).
    pub improved: bool,
    /// Seconds since the run started.
    pub seconds: f64,
    /// Objective of the best incumbent (`inf` while there is none).
    pub incumbent: f64,
    /// Best proven lower bound.
    pub bound: f64,
    /// Relative gap (`inf` while there is no incumbent).
    pub gap: f64,
    /// Nodes explored.
    pub nodes: i64,
}

impl Highs {
    /// Set the type of columns `from .. from + types.len()`.
    ///
    /// Fails with [`HighsError::IndexOutOfRange`] when the range runs past
    /// the model. An empty `types` is a no-op.
    pub fn change_integrality(&mut self, from: usize, types: &[VarType]) -> Result<(), HighsError> {
        if types.is_empty() {
            return Ok(());
        }
        let end = from + types.len();
        if end > self.num_cols() {
            return Err(HighsError::IndexOutOfRange {
                what: "col",
                index: end - 1,
                bound: self.num_cols(),
            });
        }
        let first = to_highs_int("col", from)?;
        let last = to_highs_int("col", end - 1)?;
        let raw: Vec<HighsInt> = types.iter().map(|t| t.to_raw()).collect();
        // SAFETY: live instance; `raw` holds exactly last - first + 1
        // entries, the range HiGHS reads; HiGHS copies them.
        let status = unsafe {
            highs_sys::Highs_changeColsIntegralityByRange(self.raw(), first, last, raw.as_ptr())
        };
        check("Highs_changeColsIntegralityByRange", status)?;
        Ok(())
    }

    /// Offer a primal point (`col_value.len() == num_cols()`) as a start:
    /// for a MIP, the first incumbent if it is feasible (a heuristic's
    /// design seeding the search); HiGHS ignores an infeasible one.
    pub fn set_solution(&mut self, col_value: &[f64]) -> Result<(), HighsError> {
        check_len("col_value", self.num_cols(), col_value.len())?;
        check_no_nan("col_value", col_value)?;
        // SAFETY: live instance; `col_value` holds num_col entries; the
        // other arrays are null, which the C API documents as "not given".
        let status = unsafe {
            highs_sys::Highs_setSolution(
                self.raw(),
                col_value.as_ptr(),
                ptr::null(),
                ptr::null(),
                ptr::null(),
            )
        };
        check("Highs_setSolution", status)?;
        Ok(())
    }

    /// The MIP's incumbent, bound and gap after a run (see [`MipInfo`]).
    pub fn mip_info(&self) -> MipInfo {
        let objective = self
            .double_info(c"objective_function_value")
            .unwrap_or(f64::INFINITY);
        let mut nodes: i64 = 0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status = unsafe {
            highs_sys::Highs_getInt64InfoValue(self.raw(), c"mip_node_count".as_ptr(), &mut nodes)
        };
        if status != highs_sys::kHighsStatusOk {
            nodes = 0;
        }
        let has_incumbent =
            self.primal_solution_status() != crate::SolutionStatus::None && objective.is_finite();
        MipInfo {
            has_incumbent,
            objective: if has_incumbent {
                objective
            } else {
                f64::INFINITY
            },
            bound: self
                .double_info(c"mip_dual_bound")
                .unwrap_or(f64::NEG_INFINITY),
            gap: self.double_info(c"mip_gap").unwrap_or(f64::INFINITY),
            nodes,
            max_integrality_violation: self
                .double_info(c"max_integrality_violation")
                .unwrap_or(f64::NAN),
        }
    }

    /// [`Highs::run`] with `progress` called on every improving incumbent
    /// and at HiGHS's regular limit checks (see the module docs); returning
    /// [`ControlFlow::Break`] stops the solve with the incumbent kept (model
    /// status `Other(17)`, "Interrupted by user"). A panic in the closure is
    /// caught, stops the solve, and is resumed after HiGHS has returned.
    ///
    /// On an LP the closure is never called.
    pub fn run_with_progress(
        &mut self,
        progress: &mut (dyn FnMut(&MipProgress) -> ControlFlow<()> + Send),
    ) -> Result<crate::ModelStatus, HighsError> {
        let state = Mutex::new(Progress {
            closure: progress,
            panic: None,
            stop: false,
        });
        let data = ptr::from_ref(&state).cast_mut().cast::<c_void>();
        // SAFETY: live instance; `trampoline` matches HighsCCallbackType;
        // `data` points to `state`, which outlives the run: the callback is
        // removed (set to null) below before `state` is dropped, and HiGHS
        // calls it only during `Highs_run`.
        check("Highs_setCallback", unsafe {
            highs_sys::Highs_setCallback(self.raw(), Some(trampoline), data)
        })?;
        let mut started = Ok(());
        for kind in [
            highs_sys::kHighsCallbackMipImprovingSolution,
            highs_sys::kHighsCallbackMipInterrupt,
        ] {
            // SAFETY: live instance; a valid callback type.
            let status = unsafe { highs_sys::Highs_startCallback(self.raw(), kind) };
            if started.is_ok() {
                started = check("Highs_startCallback", status).map(|_| ());
            }
        }
        let result = started.and_then(|()| self.run());
        for kind in [
            highs_sys::kHighsCallbackMipImprovingSolution,
            highs_sys::kHighsCallbackMipInterrupt,
        ] {
            // SAFETY: live instance; stopping a callback type is always valid.
            unsafe { highs_sys::Highs_stopCallback(self.raw(), kind) };
        }
        // SAFETY: live instance; a null callback removes the user callback,
        // so HiGHS keeps no pointer to `state`.
        unsafe { highs_sys::Highs_setCallback(self.raw(), None, ptr::null_mut()) };
        let state = state.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(panic) = state.panic {
            std::panic::resume_unwind(panic);
        }
        result
    }

    /// The type of every column (all continuous for an LP).
    pub fn integrality(&self) -> Result<Vec<VarType>, HighsError> {
        (0..self.num_cols())
            .map(|j| {
                let col = to_highs_int("col", j)?;
                let mut raw: HighsInt = 0;
                // SAFETY: live instance, index in range, valid out-pointer.
                let status =
                    unsafe { highs_sys::Highs_getColIntegrality(self.raw(), col, &mut raw) };
                check("Highs_getColIntegrality", status)?;
                Ok(VarType::from_raw(raw))
            })
            .collect()
    }

    /// Make every column continuous again (the model becomes an LP).
    pub fn clear_integrality(&mut self) -> Result<(), HighsError> {
        let n = self.num_cols();
        self.change_integrality(0, &vec![VarType::Continuous; n])
    }
}

/// What the C callback reaches through its user-data pointer.
struct Progress<'a> {
    closure: &'a mut (dyn FnMut(&MipProgress) -> ControlFlow<()> + Send),
    /// A panic of the closure, resumed once HiGHS has returned.
    panic: Option<Box<dyn std::any::Any + Send>>,
    /// The closure asked to stop (or panicked): it is not called again.
    stop: bool,
}

/// The C callback: turns HiGHS's data into a [`MipProgress`], calls the
/// closure, and asks HiGHS to stop when it breaks (or panicked).
unsafe extern "C" fn trampoline(
    kind: c_int,
    _message: *const c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    input: *mut highs_sys::HighsCallbackDataIn,
    user: *mut c_void,
) {
    if out.is_null() || user.is_null() {
        return;
    }
    // SAFETY: `user` is the `&Mutex<Progress>` passed by `run_with_progress`,
    // alive for the whole run; only shared access is taken here.
    let state = unsafe { &*user.cast::<Mutex<Progress<'_>>>() };
    // SAFETY: HiGHS passes a valid data-out struct for the call's duration.
    let out = unsafe { &*out };
    let report = MipProgress {
        improved: HighsInt::from(kind) == highs_sys::kHighsCallbackMipImprovingSolution,
        seconds: out.running_time,
        incumbent: out.mip_primal_bound,
        bound: out.mip_dual_bound,
        gap: out.mip_gap,
        nodes: out.mip_node_count,
    };
    let Ok(mut guard) = state.try_lock() else {
        return;
    };
    if !guard.stop {
        guard.stop = match catch_unwind(AssertUnwindSafe(|| (guard.closure)(&report))) {
            Ok(flow) => flow.is_break(),
            Err(panic) => {
                guard.panic = Some(panic);
                true
            }
        };
    }
    // An improving-solution callback must not interrupt (HiGHS asserts
    // that); a stop asked for there is passed on at the next limit check.
    if guard.stop && !report.improved && !input.is_null() {
        // SAFETY: HiGHS passes a valid, writable data-in struct with
        // interrupt callbacks.
        unsafe { (*input).user_interrupt = 1 };
    }
}

#[cfg(test)]
mod tests;
