//! The scenario file: its tables ([`schema`], the file format's own crate
//! `parkwater-schema`), its root ([`Scenario`]) and how it is read (`load`).

#[cfg(test)]
mod abi_agreement;
mod case;
mod document;
mod field_names;
mod fields;
mod load;
pub mod path;
mod text;
pub mod variant;

pub(crate) use document::constraint_of;
pub use document::Scenario;
pub use field_names::table_fields;
pub(crate) use fields::{serde_code, serde_message};
pub use load::{Format, ParseError};
/// The tables of a scenario file (`[park]`, `[[sink]]`, `[[forbid]]`,
/// `[design]`...): the file format's own crate, shared with the plugin ABI.
pub use parkwater_schema as schema;
// Core names the tables as `scenario::Sink` etc. internally.
pub(crate) use parkwater_schema::{
    Discharge, Enterprise, Forbid, Intake, ObjectiveSpec, OneOrMany, Operation, Park,
    PerContaminant, Policy, Sink, Source, Term as ConstraintTerm, Treatment,
};
