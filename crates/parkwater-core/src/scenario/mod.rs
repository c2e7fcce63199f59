//! The scenario file: its schema (`schema`) and how it is read (`load`).

mod case;
mod design_schema;
mod load;
mod schema;

pub use case::Case;
pub use design_schema::{CorridorSpec, DesignSpec, JunctionSpec, PipeSpec};
pub use load::{Format, ParseError, MAX_FILE_BYTES, MAX_TOML_BYTES};
pub use schema::*;
