//! The scenario file as written by a user (TOML or JSON, same field names):
//! its root, [`Scenario`]. The tables it holds are the file format's own
//! crate, `parkwater-schema` (re-exported as `scenario::schema`).
//!
//! Like its tables, it mirrors the file one to one and holds no meaning of
//! its own: ids are plain strings, units are unconverted, nothing is checked.
//! It denies unknown fields, so a typo is an error rather than a silent
//! default. `validate` turns a [`Scenario`] into a checked `Model`.

use parkwater_schema::{
    Constraint, CorridorSpec, DesignSpec, Discharge, Enterprise, Forbid, Intake, JunctionSpec,
    ObjectiveSpec, Operation, Park, PipeSpec, Policy, Sink, Source, Treatment,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole scenario file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Contaminant ids, concentrations in mg/L.
    pub contaminants: Vec<String>,
    /// Plugins to apply, by name (`plugins = ["cooling-tower"]`; a top-level
    /// key, so before the first table in TOML). Found only in the directories
    /// the user names; see `crate::plugins`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plugins: Vec<String>,
    /// Each plugin's configuration, `[plugin.<name>]`, handed to it as JSON.
    #[serde(default, rename = "plugin", skip_serializing_if = "BTreeMap::is_empty")]
    pub plugin: BTreeMap<String, serde_json::Value>,
    /// Park-wide settings.
    #[serde(default)]
    pub park: Park,
    /// Enterprises that own sources and sinks.
    #[serde(default, rename = "enterprise", skip_serializing_if = "Vec::is_empty")]
    pub enterprises: Vec<Enterprise>,
    /// Freshwater supplies.
    #[serde(default, rename = "intake", skip_serializing_if = "Vec::is_empty")]
    pub intakes: Vec<Intake>,
    /// Effluents of enterprises' units.
    #[serde(default, rename = "source", skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Water demands of enterprises' units.
    #[serde(default, rename = "sink", skip_serializing_if = "Vec::is_empty")]
    pub sinks: Vec<Sink>,
    /// Fixed-load operations; validation turns each into a sink and a source.
    #[serde(default, rename = "operation", skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<Operation>,
    /// Regeneration units (WWTP, RO, MBR, ...).
    #[serde(default, rename = "treatment", skip_serializing_if = "Vec::is_empty")]
    pub treatments: Vec<Treatment>,
    /// Outfalls.
    #[serde(default, rename = "discharge", skip_serializing_if = "Vec::is_empty")]
    pub discharges: Vec<Discharge>,
    /// Arcs that may not exist.
    #[serde(default, rename = "forbid", skip_serializing_if = "Vec::is_empty")]
    pub forbid: Vec<Forbid>,
    /// User linear constraints over arc selectors (the form plugins use too).
    #[serde(default, rename = "constraint", skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// Park-level requirements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
    /// What to minimize.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<ObjectiveSpec>,
    /// Stream classes beyond the built-in ones (`oily`, `high_salt`, `brine`,
    /// ...; see `validate::classes`), for sources' and products' `class` and
    /// demands' `accepts`/`refuses`. A top-level key (before the first table).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// Network design: decide which pipes and units to build (a MILP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design: Option<DesignSpec>,
    /// Existing, forced or forbidden pipes (network design).
    #[serde(default, rename = "pipe", skip_serializing_if = "Vec::is_empty")]
    pub pipes: Vec<PipeSpec>,
    /// Pipe corridors between junctions (network design).
    #[serde(default, rename = "corridor", skip_serializing_if = "Vec::is_empty")]
    pub corridors: Vec<CorridorSpec>,
    /// Named points of the corridor network (network design).
    #[serde(default, rename = "junction", skip_serializing_if = "Vec::is_empty")]
    pub junctions: Vec<JunctionSpec>,
}

/// A plugin's constraint in the scenario's form. The sense stays text here
/// so that a hand-written one is checked by validation (`constraint.sense`)
/// with every other problem, rather than failing the parse.
pub(crate) fn constraint_of(c: parkwater_plugin::types::Constraint) -> Constraint {
    use parkwater_plugin::types::Sense;
    Constraint {
        label: c.label,
        sense: match c.sense {
            Sense::AtMost => "<=",
            Sense::AtLeast => ">=",
            Sense::Equal => "=",
        }
        .to_string(),
        rhs: c.rhs,
        terms: c.terms,
    }
}
