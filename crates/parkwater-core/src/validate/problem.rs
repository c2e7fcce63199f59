//! One validation problem, and the error that carries all of them.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// Where: `sink[E3.D1].max_conc.COD`.
    pub path: String,
    /// Stable machine-readable code, e.g. `number.negative`.
    pub code: &'static str,
    /// What is wrong, for a person.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.path, self.message, self.code)
    }
}

/// Every problem found in a scenario, sorted by path then code.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
pub struct ValidationError {
    /// The file, when the scenario came from one.
    pub origin: Option<PathBuf>,
    /// The problems, at least one.
    pub problems: Vec<Problem>,
}

impl ValidationError {
    /// Names the file the scenario came from.
    pub fn with_origin(mut self, origin: impl Into<PathBuf>) -> Self {
        self.origin = Some(origin.into());
        self
    }

    /// The stable codes, in order.
    #[cfg(feature = "dev")] // for the tests, benches and examples only
    #[visibility::make(pub)]
    pub(crate) fn codes(&self) -> Vec<&'static str> {
        self.problems.iter().map(|p| p.code).collect()
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = self
            .origin
            .as_ref()
            .map_or_else(|| "scenario".to_string(), |p| p.display().to_string());
        let n = self.problems.len();
        write!(f, "{origin}: {n} problem{}", if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}
