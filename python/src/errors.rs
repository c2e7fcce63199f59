//! Rust errors to the Python exception classes of `parkwater._errors`.
//!
//! The classes live in Python so that `ValidationError` can subclass both
//! `ParkwaterError` and `ValueError`, and so that they pickle by reference
//! (a dask worker's exception reaches the client as the same class).

use parkwater_core::validate::Problem;
use parkwater_core::{ParseError, ValidationError};
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::io::ErrorKind;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "parkwater._errors";

/// A panic caught at the boundary, with its message.
#[derive(Debug, Clone)]
pub struct Caught(pub String);

impl Caught {
    /// `SolverError("internal error: ...")`.
    pub fn into_py(self, py: Python<'_>) -> PyErr {
        solver_error(py, &format!("internal error in parkwater: {}", self.0))
    }
}

/// Runs `f`, turning a panic into [`Caught`] so Python never sees one.
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Caught(message)
    })
}

/// Instantiates `parkwater._errors.<class>(*args)` as a `PyErr`.
pub fn raise<'py, A>(py: Python<'py>, class: &str, args: A) -> PyErr
where
    A: pyo3::call::PyCallArgs<'py>,
{
    let made = py
        .import(ERRORS_MODULE)
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1(args));
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

/// `SolverError(message)`.
pub fn solver_error(py: Python<'_>, message: &str) -> PyErr {
    raise(py, "SolverError", (message,))
}

/// A list of `{"path", "code", "message"}` dicts.
fn problem_list<'py>(
    py: Python<'py>,
    problems: impl IntoIterator<Item = (String, String, String)>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for (path, code, message) in problems {
        let d = PyDict::new(py);
        d.set_item("path", path)?;
        d.set_item("code", code)?;
        d.set_item("message", message)?;
        list.append(d)?;
    }
    Ok(list)
}

/// `ValidationError(message, problems)` from (path, code, message) triples.
pub fn validation_problems(
    py: Python<'_>,
    message: String,
    problems: impl IntoIterator<Item = (String, String, String)>,
) -> PyErr {
    match problem_list(py, problems) {
        Ok(list) => raise(py, "ValidationError", (message, list)),
        Err(e) => e,
    }
}

/// `ValidationError` listing every problem, sorted as the engine sorts them.
pub fn validation_error(py: Python<'_>, e: &ValidationError) -> PyErr {
    let problems = e
        .problems
        .iter()
        .map(|p: &Problem| (p.path.clone(), p.code.to_string(), p.message.clone()));
    validation_problems(py, e.to_string(), problems)
}

/// A file that cannot be read is an `OSError` (`FileNotFoundError`, ...);
/// a malformed or oversized one is a `ValidationError` with one problem whose
/// code is `file.syntax` or `file.too_large`.
pub fn parse_error(py: Python<'_>, e: ParseError) -> PyErr {
    match &e {
        ParseError::Io { source, .. } => {
            let message = e.to_string();
            match source.kind() {
                ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
                ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
                _ => PyOSError::new_err(message),
            }
        }
        ParseError::Fields(inner) => validation_error(py, inner),
        ParseError::TooLarge { .. } | ParseError::Syntax { .. } => {
            let message = e.to_string();
            let problem = (String::new(), e.code().to_string(), message.clone());
            validation_problems(py, message, [problem])
        }
    }
}

/// A workbook or CSV folder that cannot be opened is an `OSError`
/// (`FileNotFoundError` when missing); bad cells are a `ValidationError`
/// listing every problem with its sheet and cell; TOML and JSON errors as
/// [`parse_error`].
pub fn read_error(py: Python<'_>, e: parkwater_xlsx::ReadError) -> PyErr {
    match e {
        parkwater_xlsx::ReadError::Parse(e) => parse_error(py, e),
        parkwater_xlsx::ReadError::Open {
            not_found: true, ..
        } => PyFileNotFoundError::new_err(e.to_string()),
        parkwater_xlsx::ReadError::Open { .. } => PyOSError::new_err(e.to_string()),
        parkwater_xlsx::ReadError::Sheets { .. } => {
            validation_problems(py, e.to_string(), e.problems())
        }
    }
}
