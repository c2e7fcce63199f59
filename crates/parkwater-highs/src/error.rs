//! The one error type of this crate.
//!
//! Errors fall into two groups:
//!
//! * errors found by this wrapper *before* anything is handed to HiGHS
//!   (wrong slice lengths, indices out of range, counts that do not fit in
//!   HiGHS's integer type, NaN data, strings with interior NUL bytes), and
//! * errors reported by HiGHS itself (a `kHighsStatusError` return code, or
//!   an option HiGHS refused).
//!
//! HiGHS *warnings* (`kHighsStatusWarning`) are never turned into errors:
//! HiGHS uses them for things such as "time limit reached", which callers
//! must read from the model status instead.

/// Everything that can go wrong in a [`Highs`](crate::Highs) session.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum HighsError {
    /// `Highs_create` returned a null pointer (out of memory).
    #[error("Highs_create returned a null pointer")]
    CreateFailed,

    /// A HiGHS C API call returned `kHighsStatusError` (-1).
    #[error("HiGHS call {call} failed with status {status}")]
    Status {
        /// Name of the C function that failed, e.g. `"Highs_passLp"`.
        call: &'static str,
        /// The raw `kHighsStatus` value HiGHS returned.
        status: i32,
    },

    /// HiGHS refused to set an option: unknown name, wrong type for the
    /// option, or a value outside the option's legal range.
    #[error("HiGHS rejected option {name:?} = {value} (status {status})")]
    OptionRejected {
        /// The option name as passed in.
        name: String,
        /// The value we tried to set, rendered as text.
        value: String,
        /// The raw `kHighsStatus` value HiGHS returned.
        status: i32,
    },

    /// Two slices that must agree in length do not.
    #[error("size mismatch for {what}: expected {expected}, got {actual}")]
    SizeMismatch {
        /// Which argument had the wrong length.
        what: &'static str,
        /// The length implied by the other arguments or by the model.
        expected: usize,
        /// The length actually passed.
        actual: usize,
    },

    /// A compressed-sparse start array is malformed: it must start at 0,
    /// never decrease, and end at the number of nonzeros.
    #[error("malformed start array {what} at position {position}")]
    BadStarts {
        /// Which start array (`"a_start"`, `"r_start"`).
        what: &'static str,
        /// First position at which the array is wrong.
        position: usize,
    },

    /// A row or column index is out of range for the model.
    #[error("{what} index {index} out of range (must be < {bound})")]
    IndexOutOfRange {
        /// Which index (`"a_index"`, `"row"`, ...).
        what: &'static str,
        /// The offending index.
        index: usize,
        /// The exclusive upper bound it had to respect.
        bound: usize,
    },

    /// A count or index does not fit in HiGHS's integer type (`HighsInt`,
    /// 32 bits in the default `highs-sys` build).
    #[error("{what} = {value} does not fit in HighsInt ({bits}-bit)")]
    TooLarge {
        /// What was being converted.
        what: &'static str,
        /// The value that overflowed.
        value: usize,
        /// Width of `HighsInt` in bits.
        bits: u32,
    },

    /// A NaN was found in numeric model data. HiGHS has no meaning for NaN
    /// costs, bounds or coefficients, so they are refused up front.
    #[error("NaN in {what} at position {index}")]
    NotANumber {
        /// Which array contained the NaN.
        what: &'static str,
        /// Position of the first NaN.
        index: usize,
    },

    /// A string passed to HiGHS (option name or value, file path) contains
    /// an interior NUL byte or is not valid UTF-8, so it cannot become a C
    /// string.
    #[error("invalid string for {what}: {text:?}")]
    InvalidString {
        /// What the string was for (`"option name"`, `"path"`, ...).
        what: &'static str,
        /// Lossy rendering of the string.
        text: String,
    },
}
