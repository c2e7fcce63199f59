//! [`Highs`]: an owned HiGHS instance and every call made on it.
//!
//! # Safety model
//!
//! `Highs` owns a non-null pointer returned by `Highs_create` and destroys
//! it exactly once in `Drop`. Every method validates its Rust inputs
//! (lengths, ranges, NaN, NUL bytes) *before* calling HiGHS, so HiGHS never
//! reads past a slice. Output buffers are sized from the model's current
//! dimensions (`Highs_getNumCol` / `Highs_getNumRow`); HiGHS writes at most
//! that many entries because its solution and basis vectors never exceed
//! the model's dimensions. To make that hold even across
//! [`Highs::pass_lp`] with a *smaller* model, `pass_lp` first calls
//! `Highs_releaseMemory`, which truncates HiGHS's solution and basis
//! vectors (the plain "invalidate" done by `Highs_passLp` keeps their old
//! lengths). The crate exposes no operation that shrinks a model.
//!
//! `Highs` is `Send` (a HiGHS instance carries no thread affinity; the
//! scheduler it uses is the calling thread's, see [`crate::scheduler`])
//! but not `Sync`: HiGHS mutates internal state even in "const" C calls
//! such as writing a model, so two threads must never use one instance at
//! the same time. Methods that take `&self` rely on this.

use std::ffi::{c_char, c_void, CStr};
use std::fmt;
use std::path::Path;
use std::ptr::{self, NonNull};

use highs_sys::HighsInt;

use crate::basis::{Basis, BasisStatus};
use crate::convert::{
    c_string, check, check_len, check_no_nan, count_from_highs, highs_int_from_i32, raw_status,
    to_highs_int, STATUS_ERROR,
};
use crate::error::HighsError;
use crate::iis::{Iis, IisBound, IisStrategy};
use crate::lp::{HighsMatrix, MatrixNames, SparseLp};
use crate::options::Options;
use crate::scheduler;
use crate::solution::{RunInfo, Solution};
use crate::status::{ModelStatus, SolutionStatus};

/// One HiGHS instance holding one LP, its options, and the result of the
/// last solve (solution, basis, info). Reuse it for warm re-solves.
///
/// ```
/// use parkwater_highs::{Highs, Options, SparseLp, ModelStatus};
/// // min x + y  s.t.  x + 2y >= 2,  x, y >= 0
/// let lp = SparseLp {
///     col_cost: &[1.0, 1.0],
///     col_lower: &[0.0, 0.0],
///     col_upper: &[f64::INFINITY, f64::INFINITY],
///     row_lower: &[2.0],
///     row_upper: &[f64::INFINITY],
///     a_start: &[0, 1, 2],
///     a_index: &[0, 0],
///     a_value: &[1.0, 2.0],
/// };
/// let mut highs = Highs::new(&Options::default())?;
/// highs.pass_lp(&lp)?;
/// assert_eq!(highs.run()?, ModelStatus::Optimal);
/// let sol = highs.solution();
/// assert!((sol.col_value[1] - 1.0).abs() < 1e-9);
/// assert!((sol.row_dual[0] - 0.5).abs() < 1e-9); // tight >= row: dual >= 0
/// # Ok::<(), parkwater_highs::HighsError>(())
/// ```
pub struct Highs {
    /// Owned pointer from `Highs_create`; destroyed in `Drop`.
    ptr: NonNull<c_void>,
}

// SAFETY: a HiGHS instance is a plain heap object with no thread affinity:
// it holds no thread-local handles (the task scheduler is looked up from
// the *calling* thread on every run), so moving ownership to another thread
// is sound. `Highs` is deliberately not `Sync` (the `NonNull` field keeps
// it `!Sync`), so it is never used from two threads at once.
unsafe impl Send for Highs {}

impl Drop for Highs {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `Highs_create`, is non-null, and is
        // destroyed exactly once here; no borrow of `self` outlives drop.
        unsafe { highs_sys::Highs_destroy(self.ptr.as_ptr()) }
    }
}

impl fmt::Debug for Highs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Highs")
            .field("num_cols", &self.num_cols())
            .field("num_rows", &self.num_rows())
            .field("model_status", &self.model_status())
            .finish()
    }
}

/// Which typed setter an option value goes through.
enum OptionValue<'a> {
    Bool(bool),
    Int(HighsInt),
    Double(f64),
    Str(&'a str),
}

impl fmt::Display for OptionValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(v) => write!(f, "{v}"),
            Self::Int(v) => write!(f, "{v}"),
            Self::Double(v) => write!(f, "{v}"),
            Self::Str(v) => write!(f, "{v:?}"),
        }
    }
}

impl Highs {
    /// Create an instance and apply `options`.
    ///
    /// HiGHS output is switched off first (`output_flag = false`) and only
    /// switched back on if `options.verbose`, so a quiet session prints
    /// nothing at all.
    pub fn new(options: &Options) -> Result<Self, HighsError> {
        // SAFETY: `Highs_create` has no preconditions; a null return is
        // handled below.
        let raw = unsafe { highs_sys::Highs_create() };
        let mut highs = Self {
            ptr: NonNull::new(raw).ok_or(HighsError::CreateFailed)?,
        };
        highs.set_option_bool("output_flag", false)?;
        highs.set_options(options)?;
        Ok(highs)
    }

    /// Raw pointer for C calls. `*mut` even from `&self`; see the module
    /// docs for why that is sound (`Highs` is `!Sync`).
    fn raw(&self) -> *mut c_void {
        self.ptr.as_ptr()
    }

    // ----------------------------------------------------------------
    // Options
    // ----------------------------------------------------------------

    /// Apply every field of `options` (fields at `None` reset the HiGHS
    /// option to its default, see [`Options`]).
    pub fn set_options(&mut self, options: &Options) -> Result<(), HighsError> {
        self.set_option_bool("output_flag", options.verbose)?;
        match options.time_limit {
            Some(t) => self.set_option_f64("time_limit", t)?,
            None => self.reset_option("time_limit")?,
        }
        match options.threads {
            Some(n) => {
                let n = i32::try_from(n).map_err(|_| HighsError::TooLarge {
                    what: "threads",
                    value: n,
                    bits: 32,
                })?;
                self.set_option_i32("threads", n)?;
            }
            None => self.reset_option("threads")?,
        }
        let algorithm = options.algorithm;
        self.set_option_str("solver", algorithm.solver())?;
        match algorithm.simplex_strategy() {
            Some(s) => self.set_option_i32("simplex_strategy", s)?,
            None => self.reset_option("simplex_strategy")?,
        }
        if algorithm == crate::Algorithm::InteriorPoint {
            self.set_option_str("run_crossover", "on")?;
        } else {
            self.reset_option("run_crossover")?;
        }
        self.set_option_str("presolve", if options.presolve { "choose" } else { "off" })?;
        match options.primal_feasibility_tolerance {
            Some(t) => self.set_option_f64("primal_feasibility_tolerance", t)?,
            None => self.reset_option("primal_feasibility_tolerance")?,
        }
        match options.dual_feasibility_tolerance {
            Some(t) => self.set_option_f64("dual_feasibility_tolerance", t)?,
            None => self.reset_option("dual_feasibility_tolerance")?,
        }
        Ok(())
    }

    /// Set a string option by HiGHS name, e.g. `("solver", "simplex")`.
    ///
    /// Fails with [`HighsError::OptionRejected`] for an unknown name, an
    /// option of another type, or an illegal value.
    pub fn set_option_str(&mut self, name: &str, value: &str) -> Result<(), HighsError> {
        self.set_option(name, OptionValue::Str(value))
    }

    /// Set a floating-point option by HiGHS name, e.g. `("time_limit", 5.0)`.
    pub fn set_option_f64(&mut self, name: &str, value: f64) -> Result<(), HighsError> {
        self.set_option(name, OptionValue::Double(value))
    }

    /// Set an integer option by HiGHS name, e.g. `("threads", 1)`.
    pub fn set_option_i32(&mut self, name: &str, value: i32) -> Result<(), HighsError> {
        self.set_option(name, OptionValue::Int(highs_int_from_i32(value)))
    }

    /// Set a boolean option by HiGHS name, e.g. `("output_flag", false)`.
    pub fn set_option_bool(&mut self, name: &str, value: bool) -> Result<(), HighsError> {
        self.set_option(name, OptionValue::Bool(value))
    }

    fn set_option(&mut self, name: &str, value: OptionValue<'_>) -> Result<(), HighsError> {
        let c_name = c_string("option name", name)?;
        let name_ptr = c_name.as_ptr();
        let status = match &value {
            // SAFETY: live instance; `name_ptr` is a NUL-terminated string
            // that outlives the call; HiGHS copies what it keeps.
            OptionValue::Bool(v) => unsafe {
                highs_sys::Highs_setBoolOptionValue(self.raw(), name_ptr, HighsInt::from(*v))
            },
            // SAFETY: as for `Bool`.
            OptionValue::Int(v) => unsafe {
                highs_sys::Highs_setIntOptionValue(self.raw(), name_ptr, *v)
            },
            // SAFETY: as for `Bool`.
            OptionValue::Double(v) => unsafe {
                highs_sys::Highs_setDoubleOptionValue(self.raw(), name_ptr, *v)
            },
            OptionValue::Str(v) => {
                let c_value = c_string("option value", v)?;
                // SAFETY: as for `Bool`; `c_value` is also NUL-terminated
                // and outlives the call.
                unsafe {
                    highs_sys::Highs_setStringOptionValue(self.raw(), name_ptr, c_value.as_ptr())
                }
            }
        };
        if status == STATUS_ERROR {
            return Err(HighsError::OptionRejected {
                name: name.to_owned(),
                value: value.to_string(),
                status: raw_status(status),
            });
        }
        Ok(())
    }

    /// Reset one option (by HiGHS name) to HiGHS's default value.
    pub fn reset_option(&mut self, name: &str) -> Result<(), HighsError> {
        let c_name = c_string("option name", name)?;
        let rejected = |status: HighsInt| HighsError::OptionRejected {
            name: name.to_owned(),
            value: "<default>".to_owned(),
            status: raw_status(status),
        };
        let mut kind: HighsInt = -1;
        // SAFETY: live instance, NUL-terminated name, `kind` is a valid
        // out-pointer for one HighsInt.
        let status =
            unsafe { highs_sys::Highs_getOptionType(self.raw(), c_name.as_ptr(), &mut kind) };
        if status == STATUS_ERROR {
            return Err(rejected(status));
        }
        let value = match kind {
            highs_sys::kHighsOptionTypeBool => {
                let mut default: HighsInt = 0;
                // SAFETY: live instance, valid name; null `current_value` is
                // allowed (checked by the C API); `default` is a valid
                // out-pointer.
                let status = unsafe {
                    highs_sys::Highs_getBoolOptionValues(
                        self.raw(),
                        c_name.as_ptr(),
                        ptr::null_mut(),
                        &mut default,
                    )
                };
                check("Highs_getBoolOptionValues", status).map_err(|_| rejected(status))?;
                OptionValue::Bool(default != 0)
            }
            highs_sys::kHighsOptionTypeInt => {
                let (mut cur, mut min, mut max, mut default): (
                    HighsInt,
                    HighsInt,
                    HighsInt,
                    HighsInt,
                ) = (0, 0, 0, 0);
                // SAFETY: live instance, valid name, four valid
                // out-pointers (the C++ side writes through all of them).
                let status = unsafe {
                    highs_sys::Highs_getIntOptionValues(
                        self.raw(),
                        c_name.as_ptr(),
                        &mut cur,
                        &mut min,
                        &mut max,
                        &mut default,
                    )
                };
                check("Highs_getIntOptionValues", status).map_err(|_| rejected(status))?;
                OptionValue::Int(default)
            }
            highs_sys::kHighsOptionTypeDouble => {
                let (mut cur, mut min, mut max, mut default) = (0.0, 0.0, 0.0, 0.0);
                // SAFETY: as above, four valid f64 out-pointers.
                let status = unsafe {
                    highs_sys::Highs_getDoubleOptionValues(
                        self.raw(),
                        c_name.as_ptr(),
                        &mut cur,
                        &mut min,
                        &mut max,
                        &mut default,
                    )
                };
                check("Highs_getDoubleOptionValues", status).map_err(|_| rejected(status))?;
                OptionValue::Double(default)
            }
            highs_sys::kHighsOptionTypeString => {
                let default = self
                    .string_option_default(&c_name)
                    .map_err(|_| rejected(STATUS_ERROR))?;
                return self.set_option_str(name, &default);
            }
            _ => return Err(rejected(STATUS_ERROR)),
        };
        self.set_option(name, value)
    }

    /// Default value of a string option.
    fn string_option_default(&self, c_name: &CStr) -> Result<String, HighsError> {
        // HiGHS `strcpy`s the value, so the buffer must hold the longest
        // possible *default* (compile-time constants such as "choose"; far
        // below kHighsMaximumStringLength). We pass null for the *current*
        // value, whose length is user-controlled.
        let len = usize::try_from(highs_sys::kHighsMaximumStringLength).unwrap_or(512);
        let mut buf = vec![0 as c_char; len + 1];
        // SAFETY: live instance, valid name; null `current_value` is
        // checked by the C API; `buf` holds kHighsMaximumStringLength + 1
        // bytes, more than any default string.
        let status = unsafe {
            highs_sys::Highs_getStringOptionValues(
                self.raw(),
                c_name.as_ptr(),
                ptr::null_mut(),
                buf.as_mut_ptr(),
            )
        };
        check("Highs_getStringOptionValues", status)?;
        // SAFETY: HiGHS wrote a NUL-terminated string into `buf` (which was
        // zero-initialised, so it is terminated in any case).
        let text = unsafe { CStr::from_ptr(buf.as_ptr()) };
        Ok(text.to_string_lossy().into_owned())
    }

    /// Current value of an integer option by HiGHS name.
    pub fn option_i32(&self, name: &str) -> Result<i32, HighsError> {
        let c_name = c_string("option name", name)?;
        self.int_option(&c_name).map(raw_status)
    }

    /// Current value of a floating-point option by HiGHS name.
    pub fn option_f64(&self, name: &str) -> Result<f64, HighsError> {
        let c_name = c_string("option name", name)?;
        let mut value = 0.0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status = unsafe {
            highs_sys::Highs_getDoubleOptionValue(self.raw(), c_name.as_ptr(), &mut value)
        };
        check("Highs_getDoubleOptionValue", status)?;
        Ok(value)
    }

    /// Current value of a boolean option by HiGHS name.
    pub fn option_bool(&self, name: &str) -> Result<bool, HighsError> {
        let c_name = c_string("option name", name)?;
        let mut value: HighsInt = 0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status =
            unsafe { highs_sys::Highs_getBoolOptionValue(self.raw(), c_name.as_ptr(), &mut value) };
        check("Highs_getBoolOptionValue", status)?;
        Ok(value != 0)
    }

    /// Current value of an integer option (used for `threads`).
    fn int_option(&self, name: &CStr) -> Result<HighsInt, HighsError> {
        let mut value: HighsInt = 0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status =
            unsafe { highs_sys::Highs_getIntOptionValue(self.raw(), name.as_ptr(), &mut value) };
        check("Highs_getIntOptionValue", status)?;
        Ok(value)
    }

    // ----------------------------------------------------------------
    // Model
    // ----------------------------------------------------------------

    /// Replace the model with `lp` (minimized, objective offset 0).
    ///
    /// Validates `lp` first ([`SparseLp::validate`]) and converts indices to
    /// `HighsInt` with overflow checks, so a malformed LP is an `Err` and
    /// never reaches HiGHS. Any previous solution, basis and IIS are
    /// discarded. HiGHS drops matrix entries with `|a| <= 1e-9`
    /// (`small_matrix_value`) with a warning; that is not an error.
    pub fn pass_lp(&mut self, lp: &SparseLp<'_>) -> Result<(), HighsError> {
        lp.validate()?;
        let num_col = to_highs_int("num_col", lp.num_col())?;
        let num_row = to_highs_int("num_row", lp.num_row())?;
        let matrix = HighsMatrix::new(
            MatrixNames::CSC,
            lp.num_col(),
            lp.num_row(),
            lp.a_start,
            lp.a_index,
            lp.a_value,
        )?;
        // SAFETY: live instance. Truncates HiGHS's solution/basis vectors so
        // that later reads sized from the new model stay in bounds (see
        // module docs).
        check("Highs_releaseMemory", unsafe {
            highs_sys::Highs_releaseMemory(self.raw())
        })?;
        // SAFETY: live instance; every pointer is valid for the length HiGHS
        // reads: col_* for num_col, row_* for num_row (validated), start
        // for num_col, index/value for num_nz (validated). HiGHS copies the
        // data; nothing is retained after the call.
        let status = unsafe {
            highs_sys::Highs_passLp(
                self.raw(),
                num_col,
                num_row,
                matrix.num_nz,
                highs_sys::kHighsMatrixFormatColwise,
                highs_sys::kHighsObjSenseMinimize,
                0.0,
                lp.col_cost.as_ptr(),
                lp.col_lower.as_ptr(),
                lp.col_upper.as_ptr(),
                lp.row_lower.as_ptr(),
                lp.row_upper.as_ptr(),
                matrix.start.as_ptr(),
                matrix.index.as_ptr(),
                lp.a_value.as_ptr(),
            )
        };
        check("Highs_passLp", status)?;
        Ok(())
    }

    /// Append columns (variables) given in CSC form over the *existing*
    /// rows: new column `j` has entries `a_index[a_start[j]..a_start[j+1]]`
    /// (row indices `< num_rows()`), `a_start.len() == cost.len() + 1`.
    ///
    /// A valid basis stays valid: HiGHS makes the new columns nonbasic at a
    /// bound, so the next [`Highs::run`] warm-starts from the old optimum
    /// (primal simplex typically needs only a few iterations to bring in a
    /// profitable new column).
    pub fn add_cols(
        &mut self,
        cost: &[f64],
        lower: &[f64],
        upper: &[f64],
        a_start: &[usize],
        a_index: &[u32],
        a_value: &[f64],
    ) -> Result<(), HighsError> {
        let n = cost.len();
        check_len("lower", n, lower.len())?;
        check_len("upper", n, upper.len())?;
        check_no_nan("cost", cost)?;
        check_no_nan("lower", lower)?;
        check_no_nan("upper", upper)?;
        let matrix = HighsMatrix::new(
            MatrixNames::CSC,
            n,
            self.num_rows(),
            a_start,
            a_index,
            a_value,
        )?;
        let num_new = to_highs_int("num_new_col", n)?;
        to_highs_int("num_col", self.num_cols() + n)?;
        // SAFETY: live instance; cost/lower/upper/start hold `n` entries,
        // index/value hold num_nz entries, all row indices < num_rows
        // (validated). HiGHS copies the data.
        let status = unsafe {
            highs_sys::Highs_addCols(
                self.raw(),
                num_new,
                cost.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
                matrix.num_nz,
                matrix.start.as_ptr(),
                matrix.index.as_ptr(),
                a_value.as_ptr(),
            )
        };
        check("Highs_addCols", status)?;
        Ok(())
    }

    /// Append rows (constraints) given in CSR form over the *existing*
    /// columns: new row `i` has entries `r_index[r_start[i]..r_start[i+1]]`
    /// (column indices `< num_cols()`), `r_start.len() == lower.len() + 1`.
    ///
    /// A valid basis stays valid: HiGHS makes the new rows' slacks basic.
    pub fn add_rows(
        &mut self,
        lower: &[f64],
        upper: &[f64],
        r_start: &[usize],
        r_index: &[u32],
        r_value: &[f64],
    ) -> Result<(), HighsError> {
        let m = lower.len();
        check_len("upper", m, upper.len())?;
        check_no_nan("lower", lower)?;
        check_no_nan("upper", upper)?;
        let matrix = HighsMatrix::new(
            MatrixNames::CSR,
            m,
            self.num_cols(),
            r_start,
            r_index,
            r_value,
        )?;
        let num_new = to_highs_int("num_new_row", m)?;
        to_highs_int("num_row", self.num_rows() + m)?;
        // SAFETY: live instance; lower/upper/start hold `m` entries,
        // index/value hold num_nz entries, all column indices < num_cols
        // (validated). HiGHS copies the data.
        let status = unsafe {
            highs_sys::Highs_addRows(
                self.raw(),
                num_new,
                lower.as_ptr(),
                upper.as_ptr(),
                matrix.num_nz,
                matrix.start.as_ptr(),
                matrix.index.as_ptr(),
                r_value.as_ptr(),
            )
        };
        check("Highs_addRows", status)?;
        Ok(())
    }

    /// Replace the cost of every column (`cost.len() == num_cols()`).
    /// The basis stays valid, so the next run warm-starts.
    pub fn change_costs(&mut self, cost: &[f64]) -> Result<(), HighsError> {
        let n = self.num_cols();
        check_len("cost", n, cost.len())?;
        check_no_nan("cost", cost)?;
        if n == 0 {
            return Ok(());
        }
        let last = to_highs_int("col", n - 1)?;
        // SAFETY: live instance; `cost` holds `n` entries, HiGHS reads the
        // range 0..=last, i.e. exactly `n`.
        let status =
            unsafe { highs_sys::Highs_changeColsCostByRange(self.raw(), 0, last, cost.as_ptr()) };
        check("Highs_changeColsCostByRange", status)?;
        Ok(())
    }

    /// Change both bounds of one row (`lower`/`upper` may be infinite).
    pub fn change_row_bounds(
        &mut self,
        row: usize,
        lower: f64,
        upper: f64,
    ) -> Result<(), HighsError> {
        check_index("row", row, self.num_rows())?;
        check_no_nan("row bounds", &[lower, upper])?;
        let row = to_highs_int("row", row)?;
        // SAFETY: live instance, index in range, plain values.
        let status = unsafe { highs_sys::Highs_changeRowBounds(self.raw(), row, lower, upper) };
        check("Highs_changeRowBounds", status)?;
        Ok(())
    }

    /// Change both bounds of one column (`lower`/`upper` may be infinite).
    pub fn change_col_bounds(
        &mut self,
        col: usize,
        lower: f64,
        upper: f64,
    ) -> Result<(), HighsError> {
        check_index("col", col, self.num_cols())?;
        check_no_nan("col bounds", &[lower, upper])?;
        let col = to_highs_int("col", col)?;
        // SAFETY: live instance, index in range, plain values.
        let status = unsafe { highs_sys::Highs_changeColBounds(self.raw(), col, lower, upper) };
        check("Highs_changeColBounds", status)?;
        Ok(())
    }

    /// Number of columns of the current model.
    pub fn num_cols(&self) -> usize {
        // SAFETY: live instance; read-only query.
        count_from_highs(unsafe { highs_sys::Highs_getNumCol(self.raw()) })
    }

    /// Number of rows of the current model.
    pub fn num_rows(&self) -> usize {
        // SAFETY: live instance; read-only query.
        count_from_highs(unsafe { highs_sys::Highs_getNumRow(self.raw()) })
    }

    /// Write the current model to `path` for debugging; the extension picks
    /// the format (`.mps`, `.lp`; append `.gz` only if HiGHS was built with
    /// zlib).
    pub fn write_model(&self, path: &Path) -> Result<(), HighsError> {
        let text = path.to_str().ok_or_else(|| HighsError::InvalidString {
            what: "path",
            text: path.to_string_lossy().into_owned(),
        })?;
        let c_path = c_string("path", text)?;
        // SAFETY: live instance (not shared across threads: `!Sync`);
        // NUL-terminated path that outlives the call.
        let status = unsafe { highs_sys::Highs_writeModel(self.raw(), c_path.as_ptr()) };
        check("Highs_writeModel", status)?;
        Ok(())
    }

    // ----------------------------------------------------------------
    // Solve and results
    // ----------------------------------------------------------------

    /// Solve the current model (warm-starting from a valid basis if there
    /// is one).
    ///
    /// HiGHS's return code is interpreted as follows: `kHighsStatusOk` and
    /// `kHighsStatusWarning` (e.g. time limit, or a solution that is only
    /// nearly optimal) return `Ok(model_status)`; `kHighsStatusError`
    /// returns `Err(HighsError::Status { call: "Highs_run", .. })`.
    /// Infeasible and unbounded models are `Ok` with the matching status.
    pub fn run(&mut self) -> Result<ModelStatus, HighsError> {
        let threads = self.int_option(c"threads")?;
        scheduler::before_run(threads);
        // SAFETY: live instance; the call blocks until the solve finishes.
        let status = unsafe { highs_sys::Highs_run(self.raw()) };
        scheduler::after_run(threads);
        check("Highs_run", status)?;
        Ok(self.model_status())
    }

    /// Model status of the last run ([`ModelStatus::NotSet`] before any run
    /// or after the model changed).
    pub fn model_status(&self) -> ModelStatus {
        // SAFETY: live instance; read-only query.
        ModelStatus::from_code(raw_status(unsafe {
            highs_sys::Highs_getModelStatus(self.raw())
        }))
    }

    /// Whether primal values are available (`primal_solution_status`).
    pub fn primal_solution_status(&self) -> SolutionStatus {
        self.int_info(c"primal_solution_status")
            .map_or(SolutionStatus::None, SolutionStatus::from_raw)
    }

    /// Whether dual values are available (`dual_solution_status`).
    pub fn dual_solution_status(&self) -> SolutionStatus {
        self.int_info(c"dual_solution_status")
            .map_or(SolutionStatus::None, SolutionStatus::from_raw)
    }

    /// Primal and dual values of the last run, sized to the current model.
    ///
    /// Values HiGHS does not have are `NaN`: everything when
    /// [`Highs::primal_solution_status`] is `None` (no run yet, model
    /// changed since, or infeasibility found in presolve), the duals when
    /// [`Highs::dual_solution_status`] is `None`. For sign conventions see
    /// [`Solution`].
    pub fn solution(&self) -> Solution {
        let n = self.num_cols();
        let m = self.num_rows();
        let mut sol = Solution {
            col_value: vec![f64::NAN; n],
            col_dual: vec![f64::NAN; n],
            row_value: vec![f64::NAN; m],
            row_dual: vec![f64::NAN; m],
        };
        if self.primal_solution_status() == SolutionStatus::None {
            return sol;
        }
        // SAFETY: live instance. HiGHS copies its solution vectors, whose
        // lengths never exceed the model's num_col/num_row (see module
        // docs), into buffers of exactly num_col/num_row entries.
        let status = unsafe {
            highs_sys::Highs_getSolution(
                self.raw(),
                sol.col_value.as_mut_ptr(),
                sol.col_dual.as_mut_ptr(),
                sol.row_value.as_mut_ptr(),
                sol.row_dual.as_mut_ptr(),
            )
        };
        if status == STATUS_ERROR {
            sol.col_value.fill(f64::NAN);
            sol.row_value.fill(f64::NAN);
        }
        if status == STATUS_ERROR || self.dual_solution_status() == SolutionStatus::None {
            // Dual vectors may hold stale values of an earlier solve.
            sol.col_dual.fill(f64::NAN);
            sol.row_dual.fill(f64::NAN);
        }
        sol
    }

    /// Objective value `c·x` of the current solution.
    pub fn objective_value(&self) -> f64 {
        // SAFETY: live instance; read-only query.
        unsafe { highs_sys::Highs_getObjectiveValue(self.raw()) }
    }

    /// Iteration counts, run time and solution quality of the last run.
    /// Counts are 0 and measures NaN when HiGHS has no valid info (no run
    /// since the model last changed).
    pub fn info(&self) -> RunInfo {
        let count = |name: &CStr| self.int_info(name).map_or(0, i64::from);
        RunInfo {
            simplex_iterations: count(c"simplex_iteration_count"),
            ipm_iterations: count(c"ipm_iteration_count"),
            crossover_iterations: count(c"crossover_iteration_count"),
            // SAFETY: live instance; read-only query.
            run_time: unsafe { highs_sys::Highs_getRunTime(self.raw()) },
            max_primal_infeasibility: self
                .double_info(c"max_primal_infeasibility")
                .unwrap_or(f64::NAN),
            max_dual_infeasibility: self
                .double_info(c"max_dual_infeasibility")
                .unwrap_or(f64::NAN),
            objective_value: self
                .double_info(c"objective_function_value")
                .unwrap_or(f64::NAN),
        }
    }

    /// Integer info value, `None` unless HiGHS reports it as valid.
    fn int_info(&self, name: &CStr) -> Option<HighsInt> {
        let mut value: HighsInt = 0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status =
            unsafe { highs_sys::Highs_getIntInfoValue(self.raw(), name.as_ptr(), &mut value) };
        (status == highs_sys::kHighsStatusOk).then_some(value)
    }

    /// Double info value, `None` unless HiGHS reports it as valid.
    fn double_info(&self, name: &CStr) -> Option<f64> {
        let mut value = 0.0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status =
            unsafe { highs_sys::Highs_getDoubleInfoValue(self.raw(), name.as_ptr(), &mut value) };
        (status == highs_sys::kHighsStatusOk).then_some(value)
    }

    // ----------------------------------------------------------------
    // Basis
    // ----------------------------------------------------------------

    /// The current basis, or `None` when HiGHS has no valid basis (no
    /// simplex/crossover solve yet, model replaced, or IPM without
    /// crossover).
    pub fn basis(&self) -> Option<Basis> {
        let n = self.num_cols();
        let m = self.num_rows();
        let mut col: Vec<HighsInt> = vec![-1; n];
        let mut row: Vec<HighsInt> = vec![-1; m];
        // SAFETY: live instance. HiGHS returns an error without writing if
        // its basis is invalid; a valid basis has exactly num_col/num_row
        // entries, matching the buffers.
        let status =
            unsafe { highs_sys::Highs_getBasis(self.raw(), col.as_mut_ptr(), row.as_mut_ptr()) };
        if status == STATUS_ERROR {
            return None;
        }
        let col_status = col
            .into_iter()
            .map(BasisStatus::from_raw)
            .collect::<Option<Vec<_>>>()?;
        let row_status = row
            .into_iter()
            .map(BasisStatus::from_raw)
            .collect::<Option<Vec<_>>>()?;
        Some(Basis {
            col_status,
            row_status,
        })
    }

    /// Install a basis for the next run (warm start). Lengths must match
    /// the current model; HiGHS rejects (→ `Err`) a basis whose number of
    /// basic entries is not `num_rows()` or that is otherwise inconsistent.
    pub fn set_basis(&mut self, basis: &Basis) -> Result<(), HighsError> {
        check_len("col_status", self.num_cols(), basis.col_status.len())?;
        check_len("row_status", self.num_rows(), basis.row_status.len())?;
        let col: Vec<HighsInt> = basis.col_status.iter().map(|s| s.to_raw()).collect();
        let row: Vec<HighsInt> = basis.row_status.iter().map(|s| s.to_raw()).collect();
        // SAFETY: live instance; buffers of exactly num_col/num_row entries
        // (checked above), which is what HiGHS reads. HiGHS copies them.
        let status = unsafe { highs_sys::Highs_setBasis(self.raw(), col.as_ptr(), row.as_ptr()) };
        check("Highs_setBasis", status)?;
        Ok(())
    }

    // ----------------------------------------------------------------
    // IIS
    // ----------------------------------------------------------------

    /// Compute an irreducible infeasible subsystem with
    /// [`IisStrategy::FromLpRowPriority`] (elastic LP + deletion filter).
    /// See [`Highs::iis_with_strategy`].
    pub fn iis(&mut self) -> Result<Iis, HighsError> {
        self.iis_with_strategy(IisStrategy::FromLpRowPriority)
    }

    /// Compute an IIS with the given strategy (see [`crate::iis`]).
    ///
    /// The `iis_strategy` option is set for the call and restored after.
    /// HiGHS may re-solve the model and solves auxiliary LPs on it, so
    /// afterwards the model status is `Infeasible` (if an IIS was found),
    /// and the solution/basis are not those of the last [`Highs::run`];
    /// run again if you need them. The model itself is left unchanged.
    ///
    /// Implementation note: `Highs_getIis` is called first *without* the
    /// per-row/column status arrays, because HiGHS copies those from
    /// vectors that can be empty on some non-error paths. Only when that
    /// call returns `kHighsStatusOk` (which implies HiGHS validated the
    /// status vectors' sizes) is it called again, now cheaply returning the
    /// cached IIS, to read the statuses that give [`Iis::irreducible`].
    pub fn iis_with_strategy(&mut self, strategy: IisStrategy) -> Result<Iis, HighsError> {
        let previous = self.int_option(c"iis_strategy")?;
        self.set_option("iis_strategy", OptionValue::Int(strategy.to_raw()))?;
        let result = self.compute_iis();
        let restore = self.set_option("iis_strategy", OptionValue::Int(previous));
        let iis = result?;
        restore?;
        Ok(iis)
    }

    fn compute_iis(&mut self) -> Result<Iis, HighsError> {
        let n = self.num_cols();
        let m = self.num_rows();
        let mut num_col: HighsInt = 0;
        let mut num_row: HighsInt = 0;
        let mut col_index: Vec<HighsInt> = vec![0; n];
        let mut row_index: Vec<HighsInt> = vec![0; m];
        let mut col_bound: Vec<HighsInt> = vec![0; n];
        let mut row_bound: Vec<HighsInt> = vec![0; m];
        // SAFETY: live instance. The IIS consists of distinct columns and
        // rows of the model, so HiGHS writes at most num_col (num_row)
        // entries into the column (row) buffers, which have exactly that
        // many. The status arrays are null (HiGHS checks for null).
        let status = unsafe {
            highs_sys::Highs_getIis(
                self.raw(),
                &mut num_col,
                &mut num_row,
                col_index.as_mut_ptr(),
                row_index.as_mut_ptr(),
                col_bound.as_mut_ptr(),
                row_bound.as_mut_ptr(),
                ptr::null_mut(),
                ptr::null_mut(),
            )
        };
        check("Highs_getIis", status)?;
        let num_col = count_from_highs(num_col);
        let num_row = count_from_highs(num_row);
        assert!(
            num_col <= n && num_row <= m,
            "HiGHS reported an IIS larger than the model"
        );

        let mut irreducible = false;
        if status == highs_sys::kHighsStatusOk && (num_col + num_row) > 0 {
            let mut again_col: HighsInt = 0;
            let mut again_row: HighsInt = 0;
            let mut col_status: Vec<HighsInt> = vec![0; n];
            let mut row_status: Vec<HighsInt> = vec![0; m];
            // SAFETY: live instance. The previous call returned Ok, so HiGHS
            // holds a valid IIS whose status vectors passed its own size
            // check (num_col/num_row entries); they are copied into buffers
            // of exactly that size. Index/bound arrays are null.
            let status = unsafe {
                highs_sys::Highs_getIis(
                    self.raw(),
                    &mut again_col,
                    &mut again_row,
                    ptr::null_mut(),
                    ptr::null_mut(),
                    ptr::null_mut(),
                    ptr::null_mut(),
                    col_status.as_mut_ptr(),
                    row_status.as_mut_ptr(),
                )
            };
            check("Highs_getIis", status)?;
            let in_conflict = |s: &HighsInt| *s == highs_sys::kHighsIisStatusInConflict;
            irreducible = row_index[..num_row]
                .iter()
                .all(|&r| usize::try_from(r).is_ok_and(|r| r < m && in_conflict(&row_status[r])))
                && col_index[..num_col].iter().all(|&c| {
                    usize::try_from(c).is_ok_and(|c| c < n && in_conflict(&col_status[c]))
                });
        }

        let to_indices = |v: &[HighsInt]| v.iter().map(|&i| count_from_highs(i)).collect();
        let to_bounds = |v: &[HighsInt]| v.iter().map(|&b| IisBound::from_raw(b)).collect();
        Ok(Iis {
            rows: to_indices(&row_index[..num_row]),
            cols: to_indices(&col_index[..num_col]),
            row_bounds: to_bounds(&row_bound[..num_row]),
            col_bounds: to_bounds(&col_bound[..num_col]),
            irreducible,
        })
    }
}

/// Require `index < bound`.
fn check_index(what: &'static str, index: usize, bound: usize) -> Result<(), HighsError> {
    if index < bound {
        Ok(())
    } else {
        Err(HighsError::IndexOutOfRange { what, index, bound })
    }
}

/// The HiGHS version as `"major.minor.patch"`, e.g. `"1.16.0"`.
pub fn version() -> String {
    // SAFETY: these functions take no arguments and return plain integers.
    let (major, minor, patch) = unsafe {
        (
            highs_sys::Highs_versionMajor(),
            highs_sys::Highs_versionMinor(),
            highs_sys::Highs_versionPatch(),
        )
    };
    format!("{major}.{minor}.{patch}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Algorithm, BasisStatus};

    const INF: f64 = f64::INFINITY;
    const TOL: f64 = 1e-7;

    fn quiet() -> Options {
        Options::default().with_threads(1)
    }

    fn assert_close(actual: f64, expected: f64, what: &str) {
        assert!(
            (actual - expected).abs() <= TOL,
            "{what}: expected {expected}, got {actual}"
        );
    }

    fn assert_all_close(actual: &[f64], expected: &[f64], what: &str) {
        assert_eq!(actual.len(), expected.len(), "{what}: length");
        for (k, (a, e)) in actual.iter().zip(expected).enumerate() {
            assert_close(*a, *e, &format!("{what}[{k}]"));
        }
    }

    /// Owned data behind a [`SparseLp`], for building test models.
    struct OwnedLp {
        col_cost: Vec<f64>,
        col_lower: Vec<f64>,
        col_upper: Vec<f64>,
        row_lower: Vec<f64>,
        row_upper: Vec<f64>,
        a_start: Vec<usize>,
        a_index: Vec<u32>,
        a_value: Vec<f64>,
    }

    impl OwnedLp {
        /// Build from columns given as `(cost, lower, upper, [(row, value)])`.
        fn new(rows: &[(f64, f64)], cols: &[(f64, f64, f64, &[(u32, f64)])]) -> Self {
            let mut lp = OwnedLp {
                col_cost: vec![],
                col_lower: vec![],
                col_upper: vec![],
                row_lower: rows.iter().map(|r| r.0).collect(),
                row_upper: rows.iter().map(|r| r.1).collect(),
                a_start: vec![0],
                a_index: vec![],
                a_value: vec![],
            };
            for (cost, lower, upper, entries) in cols {
                lp.col_cost.push(*cost);
                lp.col_lower.push(*lower);
                lp.col_upper.push(*upper);
                for (row, value) in entries.iter() {
                    lp.a_index.push(*row);
                    lp.a_value.push(*value);
                }
                lp.a_start.push(lp.a_index.len());
            }
            lp
        }

        fn lp(&self) -> SparseLp<'_> {
            SparseLp {
                col_cost: &self.col_cost,
                col_lower: &self.col_lower,
                col_upper: &self.col_upper,
                row_lower: &self.row_lower,
                row_upper: &self.row_upper,
                a_start: &self.a_start,
                a_index: &self.a_index,
                a_value: &self.a_value,
            }
        }

        /// `c - Aᵀ y`, computed independently of HiGHS.
        fn reduced_costs(&self, row_dual: &[f64]) -> Vec<f64> {
            (0..self.col_cost.len())
                .map(|j| {
                    let range = self.a_start[j]..self.a_start[j + 1];
                    self.col_cost[j]
                        - range
                            .map(|k| self.a_value[k] * row_dual[self.a_index[k] as usize])
                            .sum::<f64>()
                })
                .collect()
        }
    }

    /// The sign-convention LP, solved by hand:
    ///
    /// ```text
    /// min  x + 2y + 5z - w
    /// r0:  x +  y +  z >= 2      tight >=  -> dual  2
    /// r1:  x               <= 1.5  tight <=  -> dual -1
    /// r2:  x -  y          <= 10   slack     -> dual  0
    /// x, y, z >= 0;  0 <= w <= 4 (w in no row)
    /// ```
    ///
    /// x = 1.5, y = 0.5 basic: `1 = y0 + y1`, `2 = y0` gives y0 = 2,
    /// y1 = -1. Reduced costs: z = 5 - 2 = 3 (at lower), w = -1 (at
    /// upper). Objective 1.5 + 1 - 4 = -1.5.
    fn sign_lp() -> OwnedLp {
        OwnedLp::new(
            &[(2.0, INF), (-INF, 1.5), (-INF, 10.0)],
            &[
                (1.0, 0.0, INF, &[(0, 1.0), (1, 1.0), (2, 1.0)]),
                (2.0, 0.0, INF, &[(0, 1.0), (2, -1.0)]),
                (5.0, 0.0, INF, &[(0, 1.0)]),
                (-1.0, 0.0, 4.0, &[]),
            ],
        )
    }

    /// A balanced `k x k` transportation problem with pseudo-random costs
    /// (deterministic LCG): rows 0..k are supplies (`= 10`), rows k..2k
    /// demands (`= 10`), column `i*k + j` ships from i to j.
    fn transport(k: usize) -> OwnedLp {
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut cost = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            10.0 + ((seed >> 33) % 90) as f64
        };
        let rows: Vec<(f64, f64)> = vec![(10.0, 10.0); 2 * k];
        let entries: Vec<[(u32, f64); 2]> = (0..k * k)
            .map(|c| [((c / k) as u32, 1.0), ((k + c % k) as u32, 1.0)])
            .collect();
        let cols: Vec<(f64, f64, f64, &[(u32, f64)])> = entries
            .iter()
            .map(|e| (cost(), 0.0, INF, &e[..]))
            .collect();
        OwnedLp::new(&rows, &cols)
    }

    fn solved(owned: &OwnedLp, options: &Options) -> Highs {
        let mut highs = Highs::new(options).unwrap();
        highs.pass_lp(&owned.lp()).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        highs
    }

    #[test]
    fn version_is_1_16() {
        assert!(version().starts_with("1.16."), "{}", version());
    }

    #[test]
    fn highs_infinity_is_ieee_infinity() {
        let highs = Highs::new(&quiet()).unwrap();
        // SAFETY: live instance; read-only query.
        let inf = unsafe { highs_sys::Highs_getInfinity(highs.raw()) };
        assert_eq!(inf, f64::INFINITY);
        // SAFETY: takes a pointer only to read `sizeof(HighsInt)`.
        let size = unsafe { highs_sys::Highs_getSizeofHighsInt(highs.raw()) };
        assert_eq!(
            usize::try_from(size).unwrap(),
            std::mem::size_of::<HighsInt>()
        );
    }

    #[test]
    fn tiny_lp_primal_dual_and_sign_convention() {
        for presolve in [true, false] {
            let owned = sign_lp();
            let highs = solved(&owned, &quiet().with_presolve(presolve));
            let s = highs.solution();
            assert_all_close(&s.col_value, &[1.5, 0.5, 0.0, 4.0], "col_value");
            assert_all_close(&s.row_value, &[2.0, 1.5, 1.0], "row_value");
            // Tight >= row: dual >= 0; tight <= row: dual <= 0; slack: 0.
            assert_all_close(&s.row_dual, &[2.0, -1.0, 0.0], "row_dual");
            assert_all_close(&s.col_dual, &[0.0, 0.0, 3.0, -1.0], "col_dual");
            // col_dual = c - Aᵀ row_dual, computed independently.
            assert_all_close(&s.col_dual, &owned.reduced_costs(&s.row_dual), "c - Aᵀy");
            assert_close(highs.objective_value(), -1.5, "objective");
            assert_close(highs.info().objective_value, -1.5, "info objective");
            assert_eq!(highs.primal_solution_status(), SolutionStatus::Feasible);
            assert_eq!(highs.dual_solution_status(), SolutionStatus::Feasible);
            let info = highs.info();
            assert!(info.max_primal_infeasibility <= TOL, "{info:?}");
            assert!(info.max_dual_infeasibility <= TOL, "{info:?}");

            let basis = highs.basis().expect("optimal simplex solve has a basis");
            assert_eq!(
                basis.col_status,
                [
                    BasisStatus::Basic,
                    BasisStatus::Basic,
                    BasisStatus::Lower,
                    BasisStatus::Upper
                ]
            );
            assert_eq!(
                basis.row_status,
                [BasisStatus::Lower, BasisStatus::Upper, BasisStatus::Basic]
            );
        }
    }

    #[test]
    fn row_dual_is_derivative_of_objective_wrt_rhs() {
        let owned = sign_lp();
        let mut highs = solved(&owned, &quiet());
        let base = highs.objective_value();
        let y = highs.solution().row_dual;
        // Raise the >= rhs by 0.25: objective rises by 0.25 * y0 = +0.5.
        highs.change_row_bounds(0, 2.25, INF).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert_close(highs.objective_value() - base, 0.25 * y[0], "d obj / d rhs0");
        assert_close(highs.objective_value() - base, 0.5, "d obj / d rhs0 (hand)");
        highs.change_row_bounds(0, 2.0, INF).unwrap();
        // Raise the <= rhs by 0.25: objective falls by 0.25 * |y1| = -0.25.
        highs.change_row_bounds(1, -INF, 1.75).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert_close(highs.objective_value() - base, 0.25 * y[1], "d obj / d rhs1");
        assert_close(highs.objective_value() - base, -0.25, "d obj / d rhs1 (hand)");
        assert_eq!(
            highs.change_row_bounds(3, 0.0, 1.0),
            Err(HighsError::IndexOutOfRange {
                what: "row",
                index: 3,
                bound: 3
            })
        );
    }

    #[test]
    fn nothing_is_available_before_a_run() {
        let owned = sign_lp();
        let mut highs = Highs::new(&quiet()).unwrap();
        highs.pass_lp(&owned.lp()).unwrap();
        assert_eq!(highs.model_status(), ModelStatus::NotSet);
        assert_eq!(highs.primal_solution_status(), SolutionStatus::None);
        let s = highs.solution();
        assert_eq!(s.col_value.len(), 4);
        assert_eq!(s.row_dual.len(), 3);
        assert!(s.col_value.iter().chain(&s.row_dual).all(|v| v.is_nan()));
        assert_eq!(highs.basis(), None);
        assert_eq!(highs.info().simplex_iterations, 0);
    }

    #[test]
    fn infeasible_lp_and_iis_names_the_two_conflicting_rows() {
        // r0: x + y <= 1 and r1: x + y >= 3 conflict; r2, r3 are harmless.
        let owned = OwnedLp::new(
            &[(-INF, 1.0), (3.0, INF), (0.5, INF), (-INF, 10.0)],
            &[
                (1.0, 0.0, INF, &[(0, 1.0), (1, 1.0), (2, 1.0)]),
                (1.0, 0.0, INF, &[(0, 1.0), (1, 1.0)]),
                (1.0, 0.0, INF, &[(2, 1.0), (3, 1.0)]),
            ],
        );
        for presolve in [true, false] {
            let mut highs = Highs::new(&quiet().with_presolve(presolve)).unwrap();
            highs.pass_lp(&owned.lp()).unwrap();
            assert_eq!(highs.run().unwrap(), ModelStatus::Infeasible);
            let before = highs.option_i32("iis_strategy").unwrap();
            let iis = highs.iis().unwrap();
            eprintln!("presolve={presolve}: {iis:?}");
            let mut rows = iis.rows.clone();
            rows.sort_unstable();
            assert_eq!(rows, [0, 1]);
            for (row, bound) in iis.rows.iter().zip(&iis.row_bounds) {
                let expected = if *row == 0 { IisBound::Upper } else { IisBound::Lower };
                assert_eq!(*bound, expected, "row {row}");
            }
            assert!(iis.irreducible);
            // The option is restored and the model is untouched.
            assert_eq!(highs.option_i32("iis_strategy").unwrap(), before);
            assert_eq!((highs.num_cols(), highs.num_rows()), (3, 4));
            assert_eq!(highs.model_status(), ModelStatus::Infeasible);
            assert_eq!(highs.run().unwrap(), ModelStatus::Infeasible);
            let light = highs.iis_with_strategy(IisStrategy::Light);
            eprintln!("presolve={presolve}: light {light:?}");
        }
    }

    #[test]
    fn iis_of_a_feasible_lp_is_empty() {
        let owned = sign_lp();
        let mut highs = solved(&owned, &quiet());
        let iis = highs.iis().unwrap();
        assert!(iis.is_empty(), "{iis:?}");
    }

    #[test]
    fn unbounded_lp() {
        // min -x  s.t.  x - y <= 1,  x, y >= 0: x = 1 + y grows forever.
        let owned = OwnedLp::new(
            &[(-INF, 1.0)],
            &[
                (-1.0, 0.0, INF, &[(0, 1.0)]),
                (0.0, 0.0, INF, &[(0, -1.0)]),
            ],
        );
        let mut highs = Highs::new(&quiet().with_presolve(false)).unwrap();
        highs.pass_lp(&owned.lp()).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Unbounded);
        let mut highs = Highs::new(&quiet()).unwrap();
        highs.pass_lp(&owned.lp()).unwrap();
        let status = highs.run().unwrap();
        eprintln!("unbounded with presolve: {status}");
        assert!(
            matches!(
                status,
                ModelStatus::Unbounded | ModelStatus::UnboundedOrInfeasible
            ),
            "{status}"
        );
    }

    #[test]
    fn warm_start_after_add_cols() {
        let k = 12;
        let owned = transport(k);
        let mut highs = solved(&owned, &quiet());
        let cold_iterations = highs.info().simplex_iterations;
        let before = highs.objective_value();
        let old_basis = highs.basis().unwrap();

        // A new, very cheap route from supply 0 to demand 1.
        highs
            .add_cols(&[1.0], &[0.0], &[INF], &[0, 2], &[0, (k + 1) as u32], &[1.0, 1.0])
            .unwrap();
        assert_eq!(highs.num_cols(), k * k + 1);
        // The basis stays valid, extended by a nonbasic column.
        let basis = highs.basis().expect("basis survives add_cols");
        assert_eq!(basis.col_status[..k * k], old_basis.col_status[..]);
        assert_ne!(basis.col_status[k * k], BasisStatus::Basic);
        assert_eq!(basis.row_status, old_basis.row_status);

        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        let after = highs.objective_value();
        let warm_iterations = highs.info().simplex_iterations;
        eprintln!("cold {cold_iterations} iterations, warm {warm_iterations}, {before} -> {after}");
        assert!(after < before - 1.0, "{before} -> {after}");
        assert!(highs.solution().col_value[k * k] > 0.0);
        assert!(warm_iterations <= 5, "warm re-solve took {warm_iterations}");
        assert!(cold_iterations > 2 * warm_iterations.max(1));

        // Same extended model solved cold needs many more iterations.
        let mut cold = Highs::new(&quiet()).unwrap();
        cold.pass_lp(&owned.lp()).unwrap();
        cold.add_cols(&[1.0], &[0.0], &[INF], &[0, 2], &[0, (k + 1) as u32], &[1.0, 1.0])
            .unwrap();
        assert_eq!(cold.run().unwrap(), ModelStatus::Optimal);
        assert_close(cold.objective_value(), after, "cold vs warm objective");
        assert!(cold.info().simplex_iterations > warm_iterations);
    }

    #[test]
    fn add_cols_validates_against_existing_rows() {
        let owned = sign_lp();
        let mut highs = solved(&owned, &quiet());
        assert_eq!(
            highs.add_cols(&[1.0], &[0.0], &[INF], &[0, 1], &[3], &[1.0]),
            Err(HighsError::IndexOutOfRange {
                what: "a_index",
                index: 3,
                bound: 3
            })
        );
        assert_eq!(
            highs.add_cols(&[1.0], &[0.0, 0.0], &[INF], &[0, 0], &[], &[]),
            Err(HighsError::SizeMismatch {
                what: "lower",
                expected: 1,
                actual: 2
            })
        );
        assert_eq!(highs.num_cols(), 4);
    }

    #[test]
    fn set_basis_and_basis_round_trip() {
        let owned = transport(6);
        let first = solved(&owned, &quiet());
        let basis = first.basis().unwrap();
        assert_eq!(basis.num_basic(), first.num_rows());
        assert!(first.info().simplex_iterations > 0);

        let mut second = Highs::new(&quiet()).unwrap();
        second.pass_lp(&owned.lp()).unwrap();
        second.set_basis(&basis).unwrap();
        assert_eq!(second.basis().as_ref(), Some(&basis));
        assert_eq!(second.run().unwrap(), ModelStatus::Optimal);
        assert_eq!(second.info().simplex_iterations, 0);
        assert_eq!(second.basis().as_ref(), Some(&basis));
        assert_close(second.objective_value(), first.objective_value(), "objective");

        // Wrong length is caught here; an inconsistent basis by HiGHS.
        let mut short = basis.clone();
        short.row_status.pop();
        assert!(matches!(
            second.set_basis(&short),
            Err(HighsError::SizeMismatch {
                what: "row_status",
                ..
            })
        ));
        let mut all_nonbasic = basis.clone();
        all_nonbasic.col_status.fill(BasisStatus::Lower);
        all_nonbasic.row_status.fill(BasisStatus::Lower);
        assert_eq!(
            second.set_basis(&all_nonbasic),
            Err(HighsError::Status {
                call: "Highs_setBasis",
                status: -1
            })
        );
    }

    #[test]
    fn change_costs_switches_the_optimum() {
        // min x + 2y  s.t.  x + y >= 1
        let owned = OwnedLp::new(
            &[(1.0, INF)],
            &[(1.0, 0.0, INF, &[(0, 1.0)]), (2.0, 0.0, INF, &[(0, 1.0)])],
        );
        let mut highs = solved(&owned, &quiet());
        assert_all_close(&highs.solution().col_value, &[1.0, 0.0], "before");
        highs.change_costs(&[3.0, 2.0]).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert_all_close(&highs.solution().col_value, &[0.0, 1.0], "after");
        assert_close(highs.objective_value(), 2.0, "objective");
        assert_close(highs.solution().row_dual[0], 2.0, "row dual");
        assert_eq!(
            highs.change_costs(&[1.0]),
            Err(HighsError::SizeMismatch {
                what: "cost",
                expected: 2,
                actual: 1
            })
        );
    }

    #[test]
    fn add_rows_cuts_off_the_old_optimum() {
        // max x + y (min -x - y) with 0 <= x, y <= 10; no rows.
        let owned = OwnedLp::new(&[], &[(-1.0, 0.0, 10.0, &[]), (-1.0, 0.0, 10.0, &[])]);
        let mut highs = solved(&owned, &quiet());
        assert_close(highs.objective_value(), -20.0, "before");
        // Row-wise: r0 = x + y <= 5, r1 = x - y >= -100 (slack).
        highs
            .add_rows(&[-INF, -100.0], &[5.0, INF], &[0, 2, 4], &[0, 1, 0, 1], &[1.0, 1.0, 1.0, -1.0])
            .unwrap();
        assert_eq!(highs.num_rows(), 2);
        let basis = highs.basis().expect("basis survives add_rows");
        assert_eq!(basis.row_status, [BasisStatus::Basic, BasisStatus::Basic]);
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert_close(highs.objective_value(), -5.0, "after");
        let s = highs.solution();
        assert_close(s.row_value[0], 5.0, "row activity");
        // Tight <= row of a minimization: dual <= 0 (here exactly -1).
        assert_all_close(&s.row_dual, &[-1.0, 0.0], "row_dual");
        assert_eq!(
            highs.add_rows(&[0.0], &[1.0], &[0, 1], &[2], &[1.0]),
            Err(HighsError::IndexOutOfRange {
                what: "r_index",
                index: 2,
                bound: 2
            })
        );
    }

    #[test]
    fn time_limit_option_is_accepted_and_applied() {
        let owned = sign_lp();
        let mut highs = Highs::new(&quiet().with_time_limit(30.0)).unwrap();
        assert_eq!(highs.option_f64("time_limit").unwrap(), 30.0);
        highs.pass_lp(&owned.lp()).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        // Re-applying options without a limit restores HiGHS's default.
        highs.set_options(&quiet()).unwrap();
        assert_eq!(highs.option_f64("time_limit").unwrap(), INF);
        // A negative limit is outside HiGHS's range.
        assert!(matches!(
            highs.set_options(&quiet().with_time_limit(-1.0)),
            Err(HighsError::OptionRejected { ref name, .. }) if name == "time_limit"
        ));
        // A zero limit stops a non-trivial solve: a *warning*, so Ok.
        let owned = transport(12);
        let mut highs = Highs::new(&quiet().with_time_limit(0.0).with_presolve(false)).unwrap();
        highs.pass_lp(&owned.lp()).unwrap();
        let status = highs.run();
        eprintln!("time_limit 0: {status:?}");
        assert_eq!(status, Ok(ModelStatus::TimeLimit));
    }

    #[test]
    fn options_map_to_highs_names() {
        let options = quiet()
            .with_algorithm(Algorithm::PrimalSimplex)
            .with_presolve(false)
            .with_primal_feasibility_tolerance(1e-9)
            .with_dual_feasibility_tolerance(1e-8);
        let mut highs = Highs::new(&options).unwrap();
        assert!(!highs.option_bool("output_flag").unwrap());
        assert_eq!(highs.option_i32("threads").unwrap(), 1);
        assert_eq!(highs.option_i32("simplex_strategy").unwrap(), 4);
        assert_eq!(highs.option_f64("primal_feasibility_tolerance").unwrap(), 1e-9);
        assert_eq!(highs.option_f64("dual_feasibility_tolerance").unwrap(), 1e-8);
        highs.set_options(&Options::default()).unwrap();
        assert_eq!(highs.option_i32("threads").unwrap(), 0);
        assert_eq!(highs.option_i32("simplex_strategy").unwrap(), 1);
        assert_eq!(highs.option_f64("primal_feasibility_tolerance").unwrap(), 1e-7);
        for algorithm in [
            Algorithm::Choose,
            Algorithm::Simplex,
            Algorithm::DualSimplex,
            Algorithm::PrimalSimplex,
            Algorithm::InteriorPoint,
        ] {
            let owned = transport(5);
            let highs = solved(&owned, &quiet().with_algorithm(algorithm));
            assert!(highs.basis().is_some(), "{algorithm:?}");
        }
    }

    #[test]
    fn interior_point_runs_ipm_then_crossover() {
        let owned = transport(8);
        let reference = solved(&owned, &quiet()).objective_value();
        let options = quiet()
            .with_algorithm(Algorithm::InteriorPoint)
            .with_presolve(false);
        let highs = solved(&owned, &options);
        let info = highs.info();
        assert!(info.ipm_iterations > 0, "{info:?}");
        assert!(highs.basis().is_some());
        assert_close(highs.objective_value(), reference, "objective");
    }

    #[test]
    fn size_mismatch_is_an_error_and_the_session_survives() {
        let owned = sign_lp();
        let mut bad = owned.lp();
        bad.col_lower = &owned.col_lower[..3];
        let mut highs = Highs::new(&quiet()).unwrap();
        assert_eq!(
            highs.pass_lp(&bad),
            Err(HighsError::SizeMismatch {
                what: "col_lower",
                expected: 4,
                actual: 3
            })
        );
        let mut bad = owned.lp();
        bad.a_start = &owned.a_start[..4];
        assert!(matches!(
            highs.pass_lp(&bad),
            Err(HighsError::SizeMismatch { what: "a_start", .. })
        ));
        assert_eq!(highs.num_cols(), 0);
        highs.pass_lp(&owned.lp()).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
    }

    #[test]
    fn duplicate_entries_are_rejected_by_highs() {
        let owned = OwnedLp::new(&[(1.0, INF)], &[(1.0, 0.0, INF, &[(0, 1.0), (0, 2.0)])]);
        let mut highs = Highs::new(&quiet()).unwrap();
        assert_eq!(
            highs.pass_lp(&owned.lp()),
            Err(HighsError::Status {
                call: "Highs_passLp",
                status: -1
            })
        );
    }

    #[test]
    fn rejected_option_names_and_values_are_errors() {
        let mut highs = Highs::new(&quiet()).unwrap();
        assert_eq!(
            highs.set_option_f64("no_such_option", 1.0),
            Err(HighsError::OptionRejected {
                name: "no_such_option".into(),
                value: "1".into(),
                status: -1
            })
        );
        assert!(highs.set_option_str("solver", "bogus").is_err());
        assert!(highs.set_option_bool("no_such_flag", true).is_err());
        assert!(highs.set_option_i32("threads", -1).is_err());
        assert!(highs.set_option_str("presolve", "off").is_ok());
        assert!(matches!(
            highs.set_option_str("bad\0name", "x"),
            Err(HighsError::InvalidString { .. })
        ));
        assert!(highs.reset_option("no_such_option").is_err());
    }

    #[test]
    fn pass_lp_replaces_a_larger_model() {
        let big = transport(6);
        let mut highs = solved(&big, &quiet());
        let small = sign_lp();
        highs.pass_lp(&small.lp()).unwrap();
        assert_eq!((highs.num_cols(), highs.num_rows()), (4, 3));
        assert_eq!(highs.basis(), None);
        assert!(highs.solution().col_value.iter().all(|v| v.is_nan()));
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert_close(highs.objective_value(), -1.5, "objective");
    }

    #[test]
    fn write_model_writes_mps_and_lp() {
        let owned = sign_lp();
        let mut highs = Highs::new(&quiet()).unwrap();
        highs.pass_lp(&owned.lp()).unwrap();
        let dir = std::env::temp_dir();
        for ext in ["mps", "lp"] {
            let path = dir.join(format!("parkwater-highs-{}.{ext}", std::process::id()));
            highs.write_model(&path).unwrap();
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::remove_file(&path).unwrap();
            assert!(!text.is_empty());
            if ext == "mps" {
                assert!(text.contains("ROWS"), "{text}");
            }
        }
    }

    /// Documents HiGHS's own behaviour that `scheduler` works around.
    #[test]
    fn raw_highs_rejects_a_second_thread_count_on_the_same_thread() {
        std::thread::spawn(|| {
            let owned = sign_lp();
            let mut one = Highs::new(&quiet()).unwrap();
            let mut two = Highs::new(&quiet().with_threads(2)).unwrap();
            one.pass_lp(&owned.lp()).unwrap();
            two.pass_lp(&owned.lp()).unwrap();
            // SAFETY: live instances; plain blocking calls on this thread.
            unsafe {
                assert_eq!(highs_sys::Highs_run(one.raw()), highs_sys::kHighsStatusOk);
                assert_eq!(highs_sys::Highs_run(two.raw()), highs_sys::kHighsStatusError);
                assert_eq!(two.model_status(), ModelStatus::NotSet);
                highs_sys::Highs_resetThreadScheduler(0);
                assert_eq!(highs_sys::Highs_run(two.raw()), highs_sys::kHighsStatusOk);
                // threads = 0 adopts the existing scheduler of any size.
                assert_eq!(
                    highs_sys::Highs_setIntOptionValue(one.raw(), c"threads".as_ptr(), 0),
                    highs_sys::kHighsStatusOk
                );
                assert_eq!(highs_sys::Highs_run(one.raw()), highs_sys::kHighsStatusOk);
                highs_sys::Highs_resetThreadScheduler(0);
            }
        })
        .join()
        .unwrap();
    }

    #[test]
    fn wrapper_runs_different_thread_counts_on_one_thread() {
        std::thread::spawn(|| {
            let owned = sign_lp();
            let mut sessions: Vec<Highs> = [1, 2, 0, 3, 1]
                .into_iter()
                .map(|t| {
                    let options = if t == 0 { Options::default() } else { quiet().with_threads(t) };
                    let mut h = Highs::new(&options).unwrap();
                    h.pass_lp(&owned.lp()).unwrap();
                    h
                })
                .collect();
            for _ in 0..2 {
                for h in &mut sessions {
                    assert_eq!(h.run().unwrap(), ModelStatus::Optimal);
                    assert_close(h.objective_value(), -1.5, "objective");
                }
            }
            reset_thread_scheduler_for_test();
        })
        .join()
        .unwrap();
    }

    fn reset_thread_scheduler_for_test() {
        crate::reset_thread_scheduler();
    }

    #[test]
    fn a_session_can_move_between_threads() {
        let owned = sign_lp();
        let mut highs = solved(&owned, &quiet());
        let highs = std::thread::spawn(move || {
            highs.change_row_bounds(1, -INF, 1.75).unwrap();
            assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
            highs
        })
        .join()
        .unwrap();
        assert_close(highs.objective_value(), -1.75, "objective");
        fn assert_send<T: Send>() {}
        assert_send::<Highs>();
    }

    #[test]
    fn debug_output_is_informative() {
        let owned = sign_lp();
        let highs = solved(&owned, &quiet());
        let text = format!("{highs:?}");
        assert!(text.contains("num_cols: 4") && text.contains("Optimal"), "{text}");
    }
}
