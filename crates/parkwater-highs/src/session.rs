//! [`Highs`]: the owned HiGHS instance, model edits, `run`, and reading
//! results. Options live in `settings.rs`, basis access in `basis.rs`, the
//! IIS in `iis.rs`; all are `impl Highs` blocks on the type defined here.

use std::ffi::{c_void, CStr};
use std::fmt;
use std::path::Path;
use std::ptr::NonNull;

use highs_sys::HighsInt;

use crate::convert::{
    c_string, check, check_len, check_no_nan, count_from_highs, raw_status, to_highs_int,
    STATUS_ERROR,
};
use crate::error::HighsError;
use crate::lp::{HighsMatrix, MatrixNames, SparseLp};
use crate::options::Options;
use crate::scheduler;
use crate::solution::{RunInfo, Solution};
use crate::status::{ModelStatus, SolutionStatus};

/// One HiGHS instance holding one LP, its options, and the result of the
/// last solve (solution, basis, info). Reuse it for warm re-solves.
///
/// # Safety model
///
/// `Highs` owns a non-null pointer returned by `Highs_create` and destroys
/// it exactly once in `Drop`. Every method validates its Rust inputs
/// (lengths, ranges, NaN, NUL bytes) *before* calling HiGHS, so HiGHS never
/// reads past a slice. Output buffers are sized from the model's current
/// dimensions (`Highs_getNumCol` / `Highs_getNumRow`); HiGHS writes at most
/// that many entries because its solution and basis vectors never exceed
/// the model's dimensions. To make that hold even across
/// [`Highs::pass_lp`] with a *smaller* model, `pass_lp` first calls
/// `Highs_releaseMemory`, which truncates HiGHS's solution and basis
/// vectors (the plain "invalidate" done by `Highs_passLp` keeps their old
/// lengths). The only other operation that shrinks a model,
/// [`Highs::delete_cols`], leaves HiGHS with no primal solution (status
/// `None`), so `solution()` copies nothing until the next run resizes the
/// vectors, and HiGHS resizes the basis with the model.
///
/// `Highs` is `Send` (a HiGHS instance carries no thread affinity; the
/// scheduler it uses is the calling thread's, see [`crate::scheduler`])
/// but not `Sync`: HiGHS mutates internal state even in C calls taking a
/// `const void*` (e.g. its log-header flag) and in `Highs_writeModel`, so
/// two threads must never use one instance at the same time. Methods that
/// take `&self` rely on this.
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

    /// Raw pointer for C calls. `*mut` even from `&self`; see the type's
    /// "Safety model" docs for why that is sound (`Highs` is `!Sync`).
    pub(crate) fn raw(&self) -> *mut c_void {
        self.ptr.as_ptr()
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
        // that later reads sized from the new model stay in bounds (see the
        // "Safety model" docs of `Highs`). Options are kept.
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
    /// and typically needs only a few simplex iterations to bring in a
    /// profitable new column (1 in the 12×12 transport test, against 20
    /// for a cold solve).
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

    /// Fix the columns `cols` at zero (both bounds 0) in one call: a
    /// nonbasic column at its lower bound of 0 keeps a valid basis.
    pub fn fix_cols_at_zero(&mut self, cols: &[usize]) -> Result<(), HighsError> {
        if cols.is_empty() {
            return Ok(());
        }
        let n = self.num_cols();
        let set = cols
            .iter()
            .map(|&c| {
                check_index("col", c, n)?;
                to_highs_int("col", c)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let zeros = vec![0.0; set.len()];
        let count = to_highs_int("columns", set.len())?;
        // SAFETY: live instance, every index checked in range, three
        // arrays of `count` entries.
        let status = unsafe {
            highs_sys::Highs_changeColsBoundsBySet(
                self.raw(),
                count,
                set.as_ptr(),
                zeros.as_ptr(),
                zeros.as_ptr(),
            )
        };
        check("Highs_changeColsBoundsBySet", status)?;
        Ok(())
    }

    /// Delete the columns whose entry of `delete` is `true`
    /// (`delete.len() == num_cols()`); the remaining columns keep their
    /// order and are renumbered from 0.
    ///
    /// A valid basis stays valid when only nonbasic columns are deleted
    /// (HiGHS drops their statuses), so the next [`Highs::run`] warm-starts;
    /// deleting a basic column invalidates it. The solution of the last run
    /// is invalidated either way ([`Highs::primal_solution_status`] becomes
    /// `None` until the next run).
    pub fn delete_cols(&mut self, delete: &[bool]) -> Result<(), HighsError> {
        let n = self.num_cols();
        check_len("delete", n, delete.len())?;
        if !delete.contains(&true) {
            return Ok(());
        }
        let mut mask: Vec<HighsInt> = delete.iter().map(|&d| HighsInt::from(d)).collect();
        // SAFETY: live instance; `mask` holds exactly num_cols entries,
        // which is what HiGHS reads (and overwrites with new indices).
        // HiGHS marks its solution invalid, so `solution()` never copies
        // its (now longer) stale vectors into buffers sized to the new
        // model; its basis is resized with the model.
        let status = unsafe { highs_sys::Highs_deleteColsByMask(self.raw(), mask.as_mut_ptr()) };
        check("Highs_deleteColsByMask", status)?;
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
    ///
    /// If this instance's `threads` option differs from the size of the
    /// calling thread's HiGHS scheduler, the scheduler is restarted first
    /// (see [`crate::scheduler`]).
    pub fn run(&mut self) -> Result<ModelStatus, HighsError> {
        let threads = self.int_option(c"threads")?;
        scheduler::before_run(threads);
        // SAFETY: live instance; the call blocks until the solve finishes.
        let status = unsafe { highs_sys::Highs_run(self.raw()) };
        scheduler::after_run(threads);
        check("Highs_run", status)?;
        Ok(self.model_status())
    }

    /// Drops the solver's state (basis, factorization, solution) but keeps
    /// the model and options: the next run starts cold.
    pub fn clear_solver(&mut self) -> Result<(), HighsError> {
        // SAFETY: live instance.
        check("Highs_clearSolver", unsafe {
            highs_sys::Highs_clearSolver(self.raw())
        })?;
        Ok(())
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
        // lengths never exceed the model's num_col/num_row (see the "Safety
        // model" docs of `Highs`), into buffers of exactly num_col/num_row
        // entries.
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

    /// A dual ray proving the LP infeasible (one multiplier per row: the
    /// rows it combines, with the column bounds, into `0 >= positive`), or
    /// `None` when HiGHS has none. When the last run recorded no ray HiGHS
    /// may solve the LP once more (simplex, no presolve) to find one.
    pub fn dual_ray(&mut self) -> Result<Option<Vec<f64>>, HighsError> {
        let mut ray = vec![0.0; self.num_rows()];
        let mut has_ray: HighsInt = 0;
        // SAFETY: live instance; HiGHS writes at most num_row multipliers
        // (its loops run to the model's num_row) into a buffer of as many.
        let status =
            unsafe { highs_sys::Highs_getDualRay(self.raw(), &mut has_ray, ray.as_mut_ptr()) };
        check("Highs_getDualRay", status)?;
        Ok((has_ray != 0).then_some(ray))
    }

    /// Objective value `c·x` of the current solution (meaningful when
    /// [`Highs::primal_solution_status`] is not `None`).
    pub fn objective_value(&self) -> f64 {
        // SAFETY: live instance; read-only query.
        unsafe { highs_sys::Highs_getObjectiveValue(self.raw()) }
    }

    /// Iteration counts, run time and solution quality of the last run.
    ///
    /// Counts are 0 and measures NaN when HiGHS has no valid info (no run
    /// since the model last changed). After [`Highs::iis`] the values
    /// describe HiGHS's auxiliary IIS solves (counts can be `-1`), not the
    /// last `run`.
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
    pub(crate) fn int_info(&self, name: &CStr) -> Option<HighsInt> {
        let mut value: HighsInt = 0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status =
            unsafe { highs_sys::Highs_getIntInfoValue(self.raw(), name.as_ptr(), &mut value) };
        (status == highs_sys::kHighsStatusOk).then_some(value)
    }

    /// Double info value, `None` unless HiGHS reports it as valid.
    pub(crate) fn double_info(&self, name: &CStr) -> Option<f64> {
        let mut value = 0.0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status =
            unsafe { highs_sys::Highs_getDoubleInfoValue(self.raw(), name.as_ptr(), &mut value) };
        (status == highs_sys::kHighsStatusOk).then_some(value)
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
    use crate::test_support::*;
    use crate::BasisStatus;

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
    fn an_infeasible_lp_has_a_dual_ray_on_its_conflicting_rows() {
        // r0: x + y >= 4, r1: x <= 1, r2: y <= 1 conflict; r3: x - y <= 5 is
        // not needed. A feasible LP has no ray.
        let owned = OwnedLp::new(
            &[(4.0, INF), (-INF, 1.0), (-INF, 1.0), (-INF, 5.0)],
            &[
                (0.0, 0.0, INF, &[(0, 1.0), (1, 1.0), (3, 1.0)]),
                (0.0, 0.0, INF, &[(0, 1.0), (2, 1.0), (3, -1.0)]),
            ],
        );
        for presolve in [false, true] {
            let mut highs = Highs::new(&quiet().with_presolve(presolve)).unwrap();
            highs.pass_lp(&owned.as_sparse()).unwrap();
            assert_eq!(highs.run().unwrap(), ModelStatus::Infeasible);
            let ray = highs.dual_ray().unwrap().expect("a ray");
            assert_eq!(ray.len(), 4);
            let support: Vec<usize> = (0..4).filter(|&r| ray[r].abs() > 1e-9).collect();
            assert_eq!(support, [0, 1, 2], "{ray:?}");
        }
        let mut feasible = solved(&sign_lp(), &quiet());
        assert_eq!(feasible.dual_ray().unwrap(), None);
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
        assert_close(
            highs.objective_value() - base,
            0.25 * y[0],
            "d obj / d rhs0",
        );
        assert_close(highs.objective_value() - base, 0.5, "d obj / d rhs0 (hand)");
        highs.change_row_bounds(0, 2.0, INF).unwrap();
        // Raise the <= rhs by 0.25: objective falls by 0.25 * |y1| = -0.25.
        highs.change_row_bounds(1, -INF, 1.75).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert_close(
            highs.objective_value() - base,
            0.25 * y[1],
            "d obj / d rhs1",
        );
        assert_close(
            highs.objective_value() - base,
            -0.25,
            "d obj / d rhs1 (hand)",
        );
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
        highs.pass_lp(&owned.as_sparse()).unwrap();
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
    fn unbounded_lp() {
        // min -x  s.t.  x - y <= 1,  x, y >= 0: x = 1 + y grows forever.
        let owned = OwnedLp::new(
            &[(-INF, 1.0)],
            &[(-1.0, 0.0, INF, &[(0, 1.0)]), (0.0, 0.0, INF, &[(0, -1.0)])],
        );
        let mut highs = Highs::new(&quiet().with_presolve(false)).unwrap();
        highs.pass_lp(&owned.as_sparse()).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Unbounded);
        let mut highs = Highs::new(&quiet()).unwrap();
        highs.pass_lp(&owned.as_sparse()).unwrap();
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

        // A new, very cheap route parallel to a route that carries flow
        // (so the improvement is guaranteed: shift that flow onto it).
        let busy = highs
            .solution()
            .col_value
            .iter()
            .position(|&v| v > 1.0)
            .unwrap();
        let route = [(busy / k) as u32, (k + busy % k) as u32];
        highs
            .add_cols(&[1.0], &[0.0], &[INF], &[0, 2], &route, &[1.0, 1.0])
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
        cold.pass_lp(&owned.as_sparse()).unwrap();
        cold.add_cols(&[1.0], &[0.0], &[INF], &[0, 2], &route, &[1.0, 1.0])
            .unwrap();
        assert_eq!(cold.run().unwrap(), ModelStatus::Optimal);
        assert_close(cold.objective_value(), after, "cold vs warm objective");
        assert!(cold.info().simplex_iterations > warm_iterations);
    }

    #[test]
    fn delete_nonbasic_cols_keeps_the_warm_start() {
        let k = 8;
        let owned = transport(k);
        let mut highs = solved(&owned, &quiet());
        let before = highs.objective_value();
        let basis = highs.basis().unwrap();
        // Delete every other nonbasic column.
        let mut nonbasic = 0;
        let delete: Vec<bool> = basis
            .col_status
            .iter()
            .map(|s| {
                let d = *s != BasisStatus::Basic && nonbasic % 2 == 0;
                nonbasic += usize::from(*s != BasisStatus::Basic);
                d
            })
            .collect();
        let removed = delete.iter().filter(|&&d| d).count();
        assert!(removed > 0);
        highs.delete_cols(&delete).unwrap();
        assert_eq!(highs.num_cols(), k * k - removed);
        assert_eq!(highs.primal_solution_status(), SolutionStatus::None);
        assert!(highs.solution().col_value.iter().all(|x| x.is_nan()));
        let kept = highs
            .basis()
            .expect("basis survives deleting nonbasic columns");
        let expected: Vec<BasisStatus> = basis
            .col_status
            .iter()
            .zip(&delete)
            .filter(|(_, &d)| !d)
            .map(|(s, _)| *s)
            .collect();
        assert_eq!(kept.col_status, expected);
        assert_eq!(kept.row_status, basis.row_status);
        // The optimum was nonbasic-free in the deleted columns: same optimum, no pivots.
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
        assert_eq!(highs.info().simplex_iterations, 0);
        assert_close(highs.objective_value(), before, "objective after deletion");
        assert_eq!(highs.solution().col_value.len(), k * k - removed);
        // Wrong length is refused; an all-false mask is a no-op.
        assert!(matches!(
            highs.delete_cols(&[true]),
            Err(HighsError::SizeMismatch { what: "delete", .. })
        ));
        highs.delete_cols(&vec![false; highs.num_cols()]).unwrap();
        assert_eq!(highs.num_cols(), k * k - removed);
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
            .add_rows(
                &[-INF, -100.0],
                &[5.0, INF],
                &[0, 2, 4],
                &[0, 1, 0, 1],
                &[1.0, 1.0, 1.0, -1.0],
            )
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
    fn size_mismatch_is_an_error_and_the_session_survives() {
        let owned = sign_lp();
        let mut bad = owned.as_sparse();
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
        let mut bad = owned.as_sparse();
        bad.a_start = &owned.a_start[..4];
        assert!(matches!(
            highs.pass_lp(&bad),
            Err(HighsError::SizeMismatch {
                what: "a_start",
                ..
            })
        ));
        assert_eq!(highs.num_cols(), 0);
        highs.pass_lp(&owned.as_sparse()).unwrap();
        assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
    }

    #[test]
    fn duplicate_entries_are_rejected_by_highs() {
        let owned = OwnedLp::new(&[(1.0, INF)], &[(1.0, 0.0, INF, &[(0, 1.0), (0, 2.0)])]);
        let mut highs = Highs::new(&quiet()).unwrap();
        assert_eq!(
            highs.pass_lp(&owned.as_sparse()),
            Err(HighsError::Status {
                call: "Highs_passLp",
                status: -1
            })
        );
    }

    #[test]
    fn pass_lp_replaces_a_larger_model() {
        let big = transport(6);
        let mut highs = solved(&big, &quiet());
        let small = sign_lp();
        highs.pass_lp(&small.as_sparse()).unwrap();
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
        highs.pass_lp(&owned.as_sparse()).unwrap();
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

    #[test]
    fn debug_output_is_informative() {
        let owned = sign_lp();
        let highs = solved(&owned, &quiet());
        let text = format!("{highs:?}");
        assert!(
            text.contains("num_cols: 4") && text.contains("Optimal"),
            "{text}"
        );
    }
}
