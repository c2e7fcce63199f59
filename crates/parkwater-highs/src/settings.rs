//! Reading and writing HiGHS options on a [`Highs`] session: the typed
//! [`Options`] bundle and by-name access for everything else.
//!
//! HiGHS validates every option itself (name, type, range); a refusal is
//! reported as [`HighsError::OptionRejected`]. Warnings from the setters
//! (none are known for valid values) are accepted.

use std::ffi::{c_char, CStr};
use std::fmt;
use std::ptr;

use highs_sys::HighsInt;

use crate::convert::{c_string, check, highs_int_from_i32, raw_status, STATUS_ERROR};
use crate::error::HighsError;
use crate::options::{Algorithm, Options};
use crate::session::Highs;

/// Which typed setter an option value goes through.
pub(crate) enum OptionValue<'a> {
    /// `Highs_setBoolOptionValue`.
    Bool(bool),
    /// `Highs_setIntOptionValue`.
    Int(HighsInt),
    /// `Highs_setDoubleOptionValue`.
    Double(f64),
    /// `Highs_setStringOptionValue`.
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
        if algorithm == Algorithm::InteriorPoint {
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
        match options.mip_rel_gap {
            Some(g) => self.set_option_f64("mip_rel_gap", g)?,
            None => self.reset_option("mip_rel_gap")?,
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

    pub(crate) fn set_option(
        &mut self,
        name: &str,
        value: OptionValue<'_>,
    ) -> Result<(), HighsError> {
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
    pub(crate) fn int_option(&self, name: &CStr) -> Result<HighsInt, HighsError> {
        let mut value: HighsInt = 0;
        // SAFETY: live instance, NUL-terminated name, valid out-pointer.
        let status =
            unsafe { highs_sys::Highs_getIntOptionValue(self.raw(), name.as_ptr(), &mut value) };
        check("Highs_getIntOptionValue", status)?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::ModelStatus;

    #[test]
    fn time_limit_option_is_accepted_and_applied() {
        let owned = sign_lp();
        let mut highs = Highs::new(&quiet().with_time_limit(30.0)).unwrap();
        assert_eq!(highs.option_f64("time_limit").unwrap(), 30.0);
        highs.pass_lp(&owned.as_sparse()).unwrap();
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
        highs.pass_lp(&owned.as_sparse()).unwrap();
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
        assert_eq!(
            highs.option_f64("primal_feasibility_tolerance").unwrap(),
            1e-9
        );
        assert_eq!(
            highs.option_f64("dual_feasibility_tolerance").unwrap(),
            1e-8
        );
        highs.set_options(&Options::default()).unwrap();
        assert_eq!(highs.option_i32("threads").unwrap(), 0);
        assert_eq!(highs.option_i32("simplex_strategy").unwrap(), 1);
        assert_eq!(
            highs.option_f64("primal_feasibility_tolerance").unwrap(),
            1e-7
        );
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
}
