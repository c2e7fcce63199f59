//! The JSON documents that cross the boundary, as Rust types. The host and
//! the SDK share them, so both ends agree on every field name.
//!
//! Inputs ([`HookInput`]) accept unknown fields, so a plugin keeps working
//! when a later minor ABI version adds one. Outputs deny unknown fields: a
//! misspelt field is an error the plugin author sees at once.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The scenario file's own tables, re-exported: a plugin's forbid rule and
/// constraint term are exactly what a user writes (`parkwater-schema`).
pub use parkwater_schema::{Forbid, Term};

/// The hooks a plugin may implement; each is optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hook {
    /// Scenario in, scenario out (e.g. a cooling tower becomes a sink and a source).
    Transform,
    /// Connection rules to add: forbid, dedicate.
    Rules,
    /// Extra linear constraints over arc selectors, as data.
    Constraints,
    /// Solution in, extra KPIs and compliance checks out.
    Report,
}

impl Hook {
    /// Every hook, in the order the host runs them.
    pub const ALL: [Hook; 4] = [
        Hook::Transform,
        Hook::Rules,
        Hook::Constraints,
        Hook::Report,
    ];

    /// `transform`, `rules`, `constraints`, `report`.
    pub fn name(self) -> &'static str {
        match self {
            Hook::Transform => "transform",
            Hook::Rules => "rules",
            Hook::Constraints => "constraints",
            Hook::Report => "report",
        }
    }

    /// The exported function's name, `parkwater_plugin_<hook>`.
    pub fn symbol(self) -> String {
        format!("{}{}", crate::abi::SYMBOL_HOOK_PREFIX, self.name())
    }
}

/// What a plugin is, readable without running any hook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The name scenarios use (`plugins = ["cooling-tower"]`): lowercase
    /// letters, digits and `-`. The library file is `lib<name with _ for ->.so`.
    pub name: String,
    /// The plugin's own version (semver), independent of the ABI's.
    pub version: String,
    /// Industries it serves (free text, for `parkwater plugins list`).
    #[serde(default)]
    pub industries: Vec<String>,
    /// The hooks it implements; the host calls only these.
    pub hooks: Vec<Hook>,
    /// One or two sentences.
    #[serde(default)]
    pub description: String,
}

/// Who calls: the engine and its ABI version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostInfo {
    /// `parkwater 0.1.0`.
    pub engine: String,
    /// The host's ABI version, `major.minor`.
    pub abi: String,
}

/// The input of every hook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HookInput {
    /// The engine calling.
    pub host: HostInfo,
    /// The scenario in the file schema (`docs/model.md`), as JSON; for the
    /// later hooks, after every plugin's transform.
    pub scenario: Value,
    /// This plugin's table in the scenario (`[plugin.<name>]`), or null.
    #[serde(default)]
    pub config: Value,
    /// The core report (`parkwater solve --format json`), for the report hook only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Value>,
}

/// Output of the transform hook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransformOutput {
    /// The new scenario (file schema), or null for "unchanged".
    pub scenario: Option<Value>,
}

/// Output of the rules hook: arcs that may not exist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Scenario `[[forbid]]` rules: no arc from `from` to `to` (`*` wildcards).
    #[serde(default)]
    pub forbid: Vec<Forbid>,
    /// The supplies matching `from` may go only to the demands listed in `to`:
    /// the host forbids every other demand of the scenario.
    #[serde(default)]
    pub dedicate: Vec<Dedicate>,
}

/// The supplies matching `from` may only go to the demands named in `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dedicate {
    /// Supply id pattern.
    pub from: String,
    /// Demand ids that remain allowed (`*` wildcards, as in `[[forbid]]`); at least one.
    pub to: Vec<String>,
    /// Why, for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Output of the constraints hook.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Rows to add, in the scenario's `[[constraint]]` form.
    pub constraints: Vec<Constraint>,
}

/// A linear constraint over arc selectors, exactly the scenario's
/// `[[constraint]]` table: sum over terms of coef x (flow, or mass of a
/// contaminant in kg/h) on the arcs each term selects, `sense` `rhs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// Names the row in duals and diagnoses.
    pub label: String,
    /// `<=`, `>=` or `=`.
    pub sense: Sense,
    /// Flow unit of the scenario, or kg/h when the terms weigh mass.
    pub rhs: f64,
    /// The terms (`[[constraint.term]]`).
    #[serde(rename = "term")]
    pub terms: Vec<Term>,
}

/// The comparison of a [`Constraint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sense {
    /// Left side at most rhs.
    #[serde(rename = "<=")]
    AtMost,
    /// Left side at least rhs.
    #[serde(rename = ">=")]
    AtLeast,
    /// Left side equal to rhs.
    #[serde(rename = "=")]
    Equal,
}

/// Output of the report hook: extra KPIs and compliance checks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportExtras {
    /// KPIs by name.
    #[serde(default)]
    pub kpis: BTreeMap<String, Kpi>,
    /// Compliance checks, in the plugin's order.
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// One extra KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// The figure (null when it cannot be computed).
    pub value: Option<f64>,
    /// Its unit (`t/h`, `m3/MWh`, `%`, ...), empty for a pure number.
    #[serde(default)]
    pub unit: String,
    /// What it is, for a person.
    #[serde(default)]
    pub description: String,
}

/// One compliance check against a rule, a limit or a quota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Stable id, e.g. `quota.PWR`.
    pub id: String,
    /// Whether the solution complies.
    pub passed: bool,
    /// The entity checked (an enterprise, a unit, a stream).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// The measured figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The limit it is held to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<f64>,
    /// Unit of value and limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What was checked and against which source.
    pub message: String,
}

/// The payload of an error or panic answer: `{"message": "..."}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorPayload {
    /// What went wrong.
    pub message: String,
}
