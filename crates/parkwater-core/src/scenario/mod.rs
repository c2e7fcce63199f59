//! The scenario file: its schema (`schema`) and how it is read (`load`).

#[cfg(test)]
mod abi_agreement;
mod case;
mod design_schema;
mod field_names;
mod fields;
mod load;
pub mod path;
mod schema;
mod text;
pub mod variant;

pub use design_schema::{CorridorSpec, DesignSpec, JunctionSpec, PipeSpec};
pub use field_names::table_fields;
pub(crate) use fields::{serde_code, serde_message};
pub use load::{Format, ParseError};
pub use schema::*;
