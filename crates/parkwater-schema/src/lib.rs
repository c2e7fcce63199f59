//! The tables of a scenario file: `[park]`, `[[enterprise]]`, `[[intake]]`,
//! `[[source]]`, `[[sink]]`, `[[operation]]`, `[[treatment]]`,
//! `[[discharge]]`, `[[forbid]]`, `[[constraint]]`, `[policy]`,
//! `[objective]` and the network-design tables (`[design]`, `[[pipe]]`,
//! `[[corridor]]`, `[[junction]]`). `parkwater-core` holds the file's root
//! (`Scenario`), reads it and re-exports this crate as `scenario::schema`.
//!
//! A plugin's `rules` hook answers `[[forbid]]` rules and its `constraints`
//! hook `[[constraint]]` terms in exactly the form a user writes them in a
//! scenario file. Both the scenario schema (`parkwater-core`) and the plugin
//! ABI (`parkwater-plugin`) use these definitions, so a change to one is a
//! change to the other, visibly, in one place: the file format owns them.

#![deny(missing_docs)]

mod design;
mod tables;

pub use design::{CorridorSpec, DesignSpec, JunctionSpec, PipeSpec};
pub use tables::{
    Constraint, Discharge, Enterprise, Intake, ObjectiveSpec, OneOrMany, Operation, Park,
    PerContaminant, Policy, Sink, Source, Treatment,
};

use serde::{Deserialize, Serialize};

/// `[[forbid]]`: no arc from a node matching `from` to a node matching `to`
/// (`*` matches any run of characters), with an optional `reason`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forbid {
    /// Supply id pattern (`*` wildcard).
    pub from: String,
    /// Demand id pattern.
    pub to: String,
    /// Why, for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One term: which arcs, and with what weight. Every selector left out
/// matches everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Supply id pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Demand id pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `intake`, `source` or `treatment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_kind: Option<String>,
    /// `sink`, `treatment` or `discharge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_kind: Option<String>,
    /// Enterprise id pattern of the supply's owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_enterprise: Option<String>,
    /// Enterprise id pattern of the demand's owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_enterprise: Option<String>,
    /// Weight per unit of flow (or per kg/h of mass).
    pub coef: f64,
    /// Weigh this contaminant's mass (kg/h) instead of the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contaminant: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbid_reads_as_a_user_writes_it_and_refuses_typos() {
        let f: Forbid = toml::from_str("from = \"E1.*\"\nto = \"CT*\"\nreason = \"oily\"").unwrap();
        assert_eq!(f.from, "E1.*");
        assert_eq!(f.reason.as_deref(), Some("oily"));
        assert!(toml::from_str::<Forbid>("from = \"a\"\nto = \"b\"\nwhy = \"x\"").is_err());
    }

    #[test]
    fn term_round_trips_through_json_without_empty_selectors() {
        let t = Term {
            to_kind: Some("discharge".into()),
            coef: 1.0,
            contaminant: Some("COD".into()),
            ..Term::default()
        };
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"{"to_kind":"discharge","coef":1.0,"contaminant":"COD"}"#
        );
        assert_eq!(serde_json::from_str::<Term>(&json).unwrap(), t);
        assert!(serde_json::from_str::<Term>(r#"{"coef":1,"form":"x"}"#).is_err());
    }
}
