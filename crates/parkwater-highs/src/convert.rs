//! Conversions between Rust types and the C API's types.
//!
//! HiGHS counts and indexes with `HighsInt`, which is `int` (32 bits) in the
//! default build of `highs-sys` and `int64_t` when HiGHS is configured with
//! `HIGHSINT64`. Everything here is written against the bindgen alias
//! [`highs_sys::HighsInt`], so both widths compile; overflow is reported as
//! [`HighsError::TooLarge`] instead of being truncated.

use std::ffi::CString;

use highs_sys::HighsInt;

use crate::error::HighsError;

/// Width of `HighsInt` in bits, for error messages.
pub(crate) const HIGHS_INT_BITS: u32 = HighsInt::BITS;

/// `kHighsStatusError` from the C API.
pub(crate) const STATUS_ERROR: HighsInt = highs_sys::kHighsStatusError;

/// Convert a count or index to `HighsInt`, failing on overflow.
pub(crate) fn to_highs_int(what: &'static str, value: usize) -> Result<HighsInt, HighsError> {
    HighsInt::try_from(value).map_err(|_| HighsError::TooLarge {
        what,
        value,
        bits: HIGHS_INT_BITS,
    })
}

/// Convert a `HighsInt` that HiGHS guarantees to be a non-negative count
/// (number of rows, columns, ...) to `usize`. A negative value would be a
/// HiGHS bug; it is mapped to 0 so that callers never allocate absurd
/// buffers from it.
pub(crate) fn count_from_highs(value: HighsInt) -> usize {
    usize::try_from(value).unwrap_or(0)
}

/// Turn a raw HiGHS status into `Ok(raw)` unless it is `kHighsStatusError`.
///
/// `kHighsStatusWarning` is deliberately *not* an error (see the crate docs).
pub(crate) fn check(call: &'static str, status: HighsInt) -> Result<HighsInt, HighsError> {
    if status == STATUS_ERROR {
        Err(HighsError::Status {
            call,
            status: raw_status(status),
        })
    } else {
        Ok(status)
    }
}

/// Narrow a raw `HighsInt` code (status, model status, ...) to `i32`.
/// All HiGHS codes are small, so this never saturates in practice.
#[allow(clippy::unnecessary_fallible_conversions, clippy::useless_conversion)]
pub(crate) fn raw_status(status: HighsInt) -> i32 {
    i32::try_from(status).unwrap_or(i32::MIN)
}

/// Widen an `i32` code to `HighsInt` (identity for 32-bit `HighsInt`).
#[allow(clippy::useless_conversion)]
pub(crate) fn highs_int_from_i32(value: i32) -> HighsInt {
    HighsInt::from(value)
}

/// Build a C string, refusing interior NUL bytes.
pub(crate) fn c_string(what: &'static str, text: &str) -> Result<CString, HighsError> {
    CString::new(text).map_err(|_| HighsError::InvalidString {
        what,
        text: text.to_owned(),
    })
}

/// Reject NaN anywhere in `values`.
pub(crate) fn check_no_nan(what: &'static str, values: &[f64]) -> Result<(), HighsError> {
    match values.iter().position(|v| v.is_nan()) {
        Some(index) => Err(HighsError::NotANumber { what, index }),
        None => Ok(()),
    }
}

/// Require `actual == expected` for a slice length.
pub(crate) fn check_len(
    what: &'static str,
    expected: usize,
    actual: usize,
) -> Result<(), HighsError> {
    if expected == actual {
        Ok(())
    } else {
        Err(HighsError::SizeMismatch {
            what,
            expected,
            actual,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_reported_not_truncated() {
        let too_big = usize::try_from(HighsInt::MAX).unwrap() + 1;
        assert_eq!(
            to_highs_int("num_col", too_big),
            Err(HighsError::TooLarge {
                what: "num_col",
                value: too_big,
                bits: HIGHS_INT_BITS
            })
        );
        assert_eq!(to_highs_int("num_col", 7), Ok(7));
    }

    #[test]
    fn warning_is_not_an_error() {
        assert!(check("x", highs_sys::kHighsStatusWarning).is_ok());
        assert!(check("x", highs_sys::kHighsStatusOk).is_ok());
        assert!(check("x", highs_sys::kHighsStatusError).is_err());
    }

    #[test]
    fn nan_and_nul_are_refused() {
        assert_eq!(
            check_no_nan("cost", &[1.0, f64::NAN]),
            Err(HighsError::NotANumber {
                what: "cost",
                index: 1
            })
        );
        assert!(check_no_nan("cost", &[f64::INFINITY, f64::NEG_INFINITY]).is_ok());
        assert!(c_string("option name", "a\0b").is_err());
    }
}
