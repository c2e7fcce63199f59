//! What a plugin author implements: [`Plugin`], whose hooks all default to
//! doing nothing, and the [`Context`] each hook receives.

use crate::scenario::Scenario;
use crate::types::{Constraint, HostInfo, Manifest, ReportExtras, Rules};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why a hook refused. The host shows the message with the plugin's name and
/// the hook, so say what is wrong in the user's terms (the table and field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub message: String,
}

impl Error {
    /// An error with a message.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error { message }
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Error {
        Error::new(message)
    }
}

/// What every hook receives.
#[derive(Debug, Clone)]
pub struct Context {
    /// The engine calling.
    pub host: HostInfo,
    /// The scenario (for rules, constraints and report: after every transform).
    pub scenario: Scenario,
    /// This plugin's configuration table, `[plugin.<name>]` (null when absent).
    pub config: Value,
    /// The plugin's name, for messages.
    pub plugin: String,
}

impl Context {
    /// The configuration as a typed struct (use `#[serde(deny_unknown_fields)]`
    /// on it so a typo is an error). An absent table reads as `{}`.
    pub fn config_as<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let value = if self.config.is_null() {
            Value::Object(Default::default())
        } else {
            self.config.clone()
        };
        serde_json::from_value(value)
            .map_err(|e| Error::new(format!("[plugin.{}]: {e}", self.plugin)))
    }
}

/// An industry rule. Implement [`Plugin::manifest`] and the hooks the
/// manifest lists; export the type with [`export_plugin!`](crate::export_plugin).
///
/// A plugin holds no state between calls: the host may call hooks in any
/// process, in any order of scenarios, and from several threads.
pub trait Plugin: Default {
    /// Name, version, industries, hooks, description. Must not fail.
    fn manifest(&self) -> Manifest;

    /// Scenario in, scenario out; `Ok(None)` leaves it unchanged.
    fn transform(&self, ctx: &Context) -> Result<Option<Scenario>, Error> {
        let _ = ctx;
        Ok(None)
    }

    /// Connection rules to add.
    fn rules(&self, ctx: &Context) -> Result<Rules, Error> {
        let _ = ctx;
        Ok(Rules::default())
    }

    /// Linear constraints to add, as data.
    fn constraints(&self, ctx: &Context) -> Result<Vec<Constraint>, Error> {
        let _ = ctx;
        Ok(Vec::new())
    }

    /// Extra KPIs and compliance checks of a solved scenario. `report` is the
    /// core report (`parkwater solve --format json`): `flows`, `kpis`, ...
    fn report(&self, ctx: &Context, report: &Value) -> Result<ReportExtras, Error> {
        let _ = (ctx, report);
        Ok(ReportExtras::default())
    }
}
