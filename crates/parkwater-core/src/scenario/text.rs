//! Scenario text given in memory (no file): TOML or JSON.

use super::{Format, ParseError, Scenario};
use std::path::Path;

impl Scenario {
    /// Parses TOML scenario text.
    pub fn from_toml(text: &str) -> Result<Scenario, ParseError> {
        Scenario::from_str_as(text, Format::Toml, Path::new("<input>"))
    }

    /// Parses JSON scenario text.
    pub fn from_json(text: &str) -> Result<Scenario, ParseError> {
        Scenario::from_str_as(text, Format::Json, Path::new("<input>"))
    }
}
