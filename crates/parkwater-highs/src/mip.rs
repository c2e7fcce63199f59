//! Mixed-integer programs: column types, a MIP start, the bound and gap
//! after a run, and progress reports (incumbent and bound) during a run.
//!
//! An extra `impl Highs` block; the model itself is passed as an LP
//! ([`Highs::pass_lp`]) and then told which columns are integer.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use highs_sys::HighsInt;

use crate::convert::{check, check_len, check_no_nan, to_highs_int};
use crate::error::HighsError;
use crate::session::Highs;
use crate::status::ModelStatus;

/// The type of one column of a MIP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarType {
    /// Any value within its bounds.
    Continuous,
    /// An integer within its bounds (a binary with bounds 0 and 1).
    Integer,
    /// 0, or a value within its bounds ("0 or within [lower, upper]").
    SemiContinuous,
}

impl VarType {
    fn code(self) -> HighsInt {
        match self {
            VarType::Continuous => highs_sys::kHighsVarTypeContinuous,
            VarType::Integer => highs_sys::kHighsVarTypeInteger,
            VarType::SemiContinuous => highs_sys::kHighsVarTypeSemiContinuous,
        }
    }
}

/// What a MIP run concluded about its bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MipInfo {
    /// Objective of the best solution found (`+inf` without one).
    pub primal_bound: f64,
    /// Proven lower bound on the optimum (`mip_dual_bound`).
    pub dual_bound: f64,
    /// HiGHS's relative gap `|primal - dual| / |primal|` (`mip_gap`).
    pub gap: f64,
    /// Branch-and-bound nodes explored.
    pub nodes: i64,
}

/// One report during a MIP run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MipProgress {
    /// Seconds since the run started.
    pub time: f64,
    /// Best objective found so far (`+inf` without one).
    pub primal_bound: f64,
    /// Proven lower bound so far.
    pub dual_bound: f64,
    /// Whether this report is a new incumbent (else a periodic bound report).
    pub improving: bool,
}

type Progress<'a> = &'a mut dyn FnMut(MipProgress);

/// The C callback HiGHS calls; `user` points at a `Progress` living on the
/// stack of [`Highs::run_with_progress`] for the whole run.
extern "C" fn progress_callback(
    kind: c_int,
    _message: *const c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    _input: *mut highs_sys::HighsCallbackDataIn,
    user: *mut c_void,
) {
    if out.is_null() || user.is_null() {
        return;
    }
    // SAFETY: HiGHS passes a valid data record for the duration of the call.
    let data = unsafe { &*out };
    let report = MipProgress {
        time: data.running_time,
        primal_bound: data.mip_primal_bound,
        dual_bound: data.mip_dual_bound,
        improving: crate::convert::highs_int_from_i32(kind)
            == highs_sys::kHighsCallbackMipImprovingSolution,
    };
    // SAFETY: `user` is the `&mut Progress` set by `run_with_progress`, which
    // outlives the run (the callback is removed before it returns); HiGHS's
    // MIP solver calls user callbacks from its one search thread, never from
    // two threads at once, so this is the only live reference.
    let progress = unsafe { &mut *(user as *mut Progress<'_>) };
    // A panic must not unwind into C.
    let _ = catch_unwind(AssertUnwindSafe(|| progress(report)));
}

impl Highs {
    /// Sets the type of every column (length = number of columns).
    pub fn set_var_types(&mut self, types: &[VarType]) -> Result<(), HighsError> {
        let n = self.num_cols();
        check_len("var types", n, types.len())?;
        if n == 0 {
            return Ok(());
        }
        let codes: Vec<HighsInt> = types.iter().map(|t| t.code()).collect();
        let last = to_highs_int("column", n - 1)?;
        // SAFETY: live instance; `codes` has exactly last + 1 entries.
        let status = unsafe {
            highs_sys::Highs_changeColsIntegralityByRange(self.raw(), 0, last, codes.as_ptr())
        };
        check("Highs_changeColsIntegralityByRange", status)?;
        Ok(())
    }

    /// Gives HiGHS a complete primal solution to start the MIP search from
    /// (every column's value). HiGHS checks it and ignores it if infeasible.
    pub fn set_mip_start(&mut self, col_value: &[f64]) -> Result<(), HighsError> {
        check_len("mip start", self.num_cols(), col_value.len())?;
        check_no_nan("mip start", col_value)?;
        // SAFETY: live instance; `col_value` has num_cols entries and HiGHS
        // accepts NULL for the vectors not given.
        let status = unsafe {
            highs_sys::Highs_setSolution(
                self.raw(),
                col_value.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        check("Highs_setSolution", status)?;
        Ok(())
    }

    /// Bounds, gap and node count of the last MIP run.
    pub fn mip_info(&self) -> MipInfo {
        let double = |name: &CStr| {
            let mut value = f64::NAN;
            // SAFETY: live instance, NUL-terminated name, valid out-pointer.
            let status = unsafe {
                highs_sys::Highs_getDoubleInfoValue(self.raw(), name.as_ptr(), &mut value)
            };
            if status == highs_sys::kHighsStatusOk {
                value
            } else {
                f64::NAN
            }
        };
        let mut nodes: i64 = 0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status = unsafe {
            highs_sys::Highs_getInt64InfoValue(self.raw(), c"mip_node_count".as_ptr(), &mut nodes)
        };
        if status != highs_sys::kHighsStatusOk {
            nodes = 0;
        }
        MipInfo {
            primal_bound: double(c"objective_function_value"),
            dual_bound: double(c"mip_dual_bound"),
            gap: double(c"mip_gap"),
            nodes,
        }
    }

    /// [`Highs::run`], calling `progress` with every new incumbent and,
    /// every time HiGHS checks for an interrupt, with the current bounds
    /// (the caller throttles). The callback is removed before returning.
    pub fn run_with_progress(
        &mut self,
        progress: &mut dyn FnMut(MipProgress),
    ) -> Result<ModelStatus, HighsError> {
        let mut progress: Progress<'_> = progress;
        let user = &mut progress as *mut Progress<'_> as *mut c_void;
        // SAFETY: live instance; the callback has the C signature HiGHS
        // expects and `user` stays valid until the callback is removed below.
        let status =
            unsafe { highs_sys::Highs_setCallback(self.raw(), Some(progress_callback), user) };
        check("Highs_setCallback", status)?;
        for kind in [
            highs_sys::kHighsCallbackMipImprovingSolution,
            highs_sys::kHighsCallbackMipInterrupt,
        ] {
            // SAFETY: live instance; a valid callback type.
            let status = unsafe { highs_sys::Highs_startCallback(self.raw(), kind) };
            check("Highs_startCallback", status)?;
        }
        let result = self.run();
        for kind in [
            highs_sys::kHighsCallbackMipImprovingSolution,
            highs_sys::kHighsCallbackMipInterrupt,
        ] {
            // SAFETY: live instance; a valid callback type.
            unsafe { highs_sys::Highs_stopCallback(self.raw(), kind) };
        }
        // SAFETY: live instance; removing the callback (NULL) is allowed.
        unsafe { highs_sys::Highs_setCallback(self.raw(), None, std::ptr::null_mut()) };
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, SparseLp};

    /// max 5a + 4b + 3c (as min of the negative), 2a + 3b + c <= 5,
    /// 4a + b + 2c <= 11, 3a + 4b + 2c <= 8, binaries: optimum a = b = 1, -9
    /// (a = c = 1 gives only -8; the LP relaxation reaches -10.67).
    fn knapsack() -> Highs {
        let lp = SparseLp {
            col_cost: &[-5.0, -4.0, -3.0],
            col_lower: &[0.0; 3],
            col_upper: &[1.0; 3],
            row_lower: &[f64::NEG_INFINITY; 3],
            row_upper: &[5.0, 11.0, 8.0],
            a_start: &[0, 3, 6, 9],
            a_index: &[0, 1, 2, 0, 1, 2, 0, 1, 2],
            a_value: &[2.0, 4.0, 3.0, 3.0, 1.0, 4.0, 1.0, 2.0, 2.0],
        };
        let mut highs = Highs::new(&Options::default().with_threads(1)).unwrap();
        highs.pass_lp(&lp).unwrap();
        highs
    }

    #[test]
    fn integer_columns_change_the_optimum() {
        let mut relaxed = knapsack();
        assert_eq!(relaxed.run().unwrap(), ModelStatus::Optimal);
        let mut mip = knapsack();
        mip.set_var_types(&[VarType::Integer; 3]).unwrap();
        mip.set_mip_start(&[1.0, 0.0, 0.0]).unwrap();
        let mut reports = Vec::new();
        let status = mip.run_with_progress(&mut |p| reports.push(p)).unwrap();
        assert_eq!(status, ModelStatus::Optimal);
        let x = mip.solution().col_value;
        assert!((x[0] - 1.0).abs() < 1e-9 && (x[1] - 1.0).abs() < 1e-9 && x[2].abs() < 1e-9);
        let info = mip.mip_info();
        assert!((info.primal_bound + 9.0).abs() < 1e-9, "{info:?}");
        assert!(
            info.dual_bound <= -8.0 + 1e-6 && info.gap <= 1e-6,
            "{info:?}"
        );
        // The LP relaxation is strictly better than the integer optimum.
        assert!(relaxed.objective_value() < -9.0 - 1e-6);
        assert!(reports.iter().any(|p| p.improving), "{reports:?}");
    }

    #[test]
    fn semi_continuous_columns_are_zero_or_within_bounds() {
        // min x s.t. x >= 0.5, x semi-continuous in [2, 10]: x = 2.
        let lp = SparseLp {
            col_cost: &[1.0],
            col_lower: &[2.0],
            col_upper: &[10.0],
            row_lower: &[0.5],
            row_upper: &[f64::INFINITY],
            a_start: &[0, 1],
            a_index: &[0],
            a_value: &[1.0],
        };
        let mut highs = Highs::new(&Options::default().with_threads(1)).unwrap();
        highs.pass_lp(&lp).unwrap();
        highs.set_var_types(&[VarType::SemiContinuous]).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert!((highs.solution().col_value[0] - 2.0).abs() < 1e-9);
        assert!(highs.set_var_types(&[]).is_err());
    }
}
